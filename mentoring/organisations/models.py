"""Organisations, people and their roles, and the mentoring records every other app builds on."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Администратор")
    COORDINATOR = "coordinator", _("Координатор МЦН")
    # Held in the regional centre of mentoring: reads every municipality of its region.
    REGIONAL_COORDINATOR = "regional_coordinator", _("Координатор регионального центра")
    DIRECTOR = "director", _("Директор / заведующий")
    CURATOR = "curator", _("Куратор")
    PSYCHOLOGIST = "psychologist", _("Педагог-психолог")
    TEACHER = "teacher", _("Педагог")


class TimeZone(models.TextChoices):
    """The zones of Russia, west to east: a school's «today» is the date on its own wall clock."""

    KALININGRAD = "Europe/Kaliningrad", _("Калининград (МСК−1)")
    MOSCOW = "Europe/Moscow", _("Москва (МСК)")
    SAMARA = "Europe/Samara", _("Самара (МСК+1)")
    YEKATERINBURG = "Asia/Yekaterinburg", _("Екатеринбург (МСК+2)")
    OMSK = "Asia/Omsk", _("Омск (МСК+3)")
    KRASNOYARSK = "Asia/Krasnoyarsk", _("Красноярск, Новосибирск (МСК+4)")
    IRKUTSK = "Asia/Irkutsk", _("Иркутск (МСК+5)")
    YAKUTSK = "Asia/Yakutsk", _("Якутск (МСК+6)")
    VLADIVOSTOK = "Asia/Vladivostok", _("Владивосток (МСК+7)")
    MAGADAN = "Asia/Magadan", _("Магадан (МСК+8)")
    KAMCHATKA = "Asia/Kamchatka", _("Петропавловск-Камчатский (МСК+9)")


class Region(models.Model):
    """A region («субъект РФ») whose regional centre of mentoring oversees its municipalities."""

    name = models.CharField(_("название"), max_length=255)
    slug = models.SlugField(_("код в адресе"), unique=True)

    class Meta:
        verbose_name = _("регион")
        verbose_name_plural = _("регионы")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    name = models.CharField(_("название"), max_length=255)
    slug = models.SlugField(_("код в адресе"), unique=True)
    time_zone = models.CharField(
        _("часовой пояс"), max_length=32, choices=TimeZone.choices, default=TimeZone.MOSCOW
    )
    # Nullable: a municipality may not be attached to a region yet (existing databases keep their data).
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
        verbose_name=_("регион"),
    )

    class Meta:
        verbose_name = _("муниципалитет")
        verbose_name_plural = _("муниципалитеты")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "school", _("Общеобразовательная организация")
        KINDERGARTEN = "kindergarten", _("Дошкольная образовательная организация")
        ADDITIONAL = "additional", _("Организация дополнительного образования")
        COLLEGE = "college", _("Профессиональная образовательная организация")
        MUNICIPAL_CENTRE = "municipal_centre", _("Муниципальный центр наставничества")
        # Sits in one municipality of its region (its address), but oversees the whole region.
        REGIONAL_CENTRE = "regional_centre", _("Региональный центр наставничества")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("муниципалитет")
    )
    name = models.CharField(_("полное название"), max_length=500)
    short_name = models.CharField(_("краткое название"), max_length=255)
    slug = models.SlugField(_("код в адресе"), unique=True)
    kind = models.CharField(_("тип"), max_length=32, choices=Kind.choices, default=Kind.SCHOOL)
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    website = models.URLField(_("сайт"), blank=True)
    email = models.EmailField(_("электронная почта"), blank=True)
    phone = models.CharField(_("телефон"), max_length=50, blank=True)
    time_zone = models.CharField(
        _("часовой пояс"), max_length=32, choices=TimeZone.choices, default=TimeZone.MOSCOW
    )
    # 152-ФЗ, ст. 21 ч. 5: personal data of a person who withdrew consent are destroyed within 30 days.
    personal_data_retention_days = models.PositiveSmallIntegerField(
        _("срок хранения данных после отзыва согласия, дней"), default=30
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        verbose_name = _("организация")
        verbose_name_plural = _("организации")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name

    @property
    def is_municipal_centre(self) -> bool:
        return self.kind == self.Kind.MUNICIPAL_CENTRE

    @property
    def is_regional_centre(self) -> bool:
        return self.kind == self.Kind.REGIONAL_CENTRE


# The organisations that oversee others rather than run a programme of their own.
CENTRE_KINDS = (Organisation.Kind.MUNICIPAL_CENTRE, Organisation.Kind.REGIONAL_CENTRE)


class OrganisationOwnedModel(models.Model):
    """A record of one organisation, the tenant every query starts from: `organisation.<model name>s`
    (`organisation.pairs`, `organisation.orders`…). A model whose related name is not its lower-cased name
    with an «s» (`mentor_profiles`, `match_runs`…), or whose key is optional, keeps its own foreign key."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="%(class)ss", verbose_name=_("организация")
    )

    class Meta:
        abstract = True


class TimeStampedModel(models.Model):
    """A record that keeps when it was created.

    The field is the one the models share today, verbose name «создано» included; a model whose field is
    named otherwise («создана», «добавлен», «внесено»…) keeps its own, so that its admin columns and its
    migrations stay as they are."""

    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        abstract = True


class Person(models.Model):
    class Gender(models.TextChoices):
        # The values are those of `common.wording` («m», «f»); blank: not known.
        MALE = "m", _("мужской")
        FEMALE = "f", _("женский")

    class Kind(models.TextChoices):
        STAFF = "staff", _("Сотрудник")
        STUDENT = "student", _("Обучающийся")

    class Category(models.TextChoices):
        NONE = "", _("Без категории")
        CONFORMITY = "conformity", _("Соответствие занимаемой должности")
        FIRST = "first", _("Первая")
        HIGHEST = "highest", _("Высшая")
        METHODIST = "methodist", _("Педагог-методист")
        MENTOR = "mentor", _("Педагог-наставник")

    last_name = models.CharField(_("фамилия"), max_length=100)
    first_name = models.CharField(_("имя"), max_length=100)
    patronymic = models.CharField(_("отчество"), max_length=100, blank=True)
    # Filled from the patronymic where it tells (`declension.gender_from_patronymic`), asked otherwise: the
    # documents decline the name and agree with it («именуемая», «выведена»).
    gender = models.CharField(_("пол"), max_length=1, choices=Gender.choices, blank=True, default="")
    birth_date = models.DateField(_("дата рождения"), null=True, blank=True)
    kind = models.CharField(_("категория"), max_length=16, choices=Kind.choices, default=Kind.STAFF)
    school_class = models.CharField(
        _("класс"), max_length=20, blank=True, help_text=_("Для обучающихся: «7Б».")
    )
    position = models.CharField(_("должность"), max_length=255, blank=True)
    subjects = models.CharField(
        _("предметы, направления"), max_length=500, blank=True, help_text=_("Через запятую.")
    )
    qualification_category = models.CharField(
        _("квалификационная категория"), max_length=16, choices=Category.choices, blank=True, default=""
    )
    teaching_experience = models.PositiveSmallIntegerField(
        _("педагогический стаж, лет"), null=True, blank=True
    )
    email = models.EmailField(_("электронная почта"), blank=True)
    phone = models.CharField(_("телефон"), max_length=50, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("учётная запись"),
    )
    # Set once the person's personal data are removed (152-ФЗ): the row stays so that pairs, meetings and the
    # year's indicators stay counted; an import never matches it again.
    anonymised_at = models.DateTimeField(_("обезличен"), null=True, blank=True)
    # Kept in place of the birth date after anonymisation, for the federal «до 35 лет» indicator only: the
    # first year of the last academic year (from 1 September) in which the person was under 35.
    young_through_year = models.PositiveSmallIntegerField(
        _("последний учебный год моложе 35 лет"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("человек")
        verbose_name_plural = _("люди")
        ordering = ["last_name", "first_name", "patronymic"]
        indexes = [models.Index(fields=["last_name", "first_name"], name="person_name_idx")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)

    @property
    def short_name(self) -> str:
        """«Кустова Н.Ф.», the way orders and registration sheets write a name."""
        initials = "".join(f"{part[0]}." for part in (self.first_name, self.patronymic) if part)
        return f"{self.last_name} {initials}".strip()

    @property
    def subject_list(self) -> list[str]:
        return [item.strip() for item in self.subjects.split(",") if item.strip()]


class Membership(models.Model):
    """A person belongs to an organisation; what they may do there is given by their roles."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("человек")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("организация")
    )
    created_at = models.DateTimeField(_("добавлен"), auto_now_add=True)
    # A person who may not be deleted (something refers to them) is archived instead: kept with their
    # history, gone from the lists.
    archived_at = models.DateTimeField(_("в архиве с"), null=True, blank=True)

    class Meta:
        verbose_name = _("участие в организации")
        verbose_name_plural = _("участие в организациях")
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation"], name="membership_unique_person_org"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.organisation}"

    @property
    def role_codes(self) -> list[str]:
        return [item.role for item in self.roles.all()]


class MembershipRole(models.Model):
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="roles", verbose_name=_("участие")
    )
    role = models.CharField(_("роль"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("роль")
        verbose_name_plural = _("роли")
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "role"], name="membership_role_unique"),
        ]
        # The leaders of an organisation (directors, curators) are found by their role: without it
        # PostgreSQL read every role of every organisation (40,000 rows in the harness's region: 3.2 ms on
        # every dashboard, against 0.2 ms).
        indexes = [models.Index(fields=["role", "membership"], name="membership_role_by_role")]

    def __str__(self) -> str:
        return self.get_role_display()


class AuditEntry(models.Model):
    """Who changed what and when: one entry for every change that matters, in any app."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("организация"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто"),
    )
    action = models.CharField(_("действие"), max_length=100)
    target_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_repr = models.CharField(_("объект"), max_length=500, blank=True)
    changes = models.JSONField(_("изменения"), default=dict, blank=True)
    created_at = models.DateTimeField(_("когда"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("запись журнала")
        verbose_name_plural = _("журнал изменений")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%d.%m.%Y %H:%M} {self.action} {self.target_repr}"


class SentReminder(models.Model):
    """A reminder already e-mailed, by its stable key: what makes `send_reminders` safe to run twice."""

    key = models.CharField(_("ключ"), max_length=255)
    email = models.EmailField(_("адрес"))
    sent_at = models.DateTimeField(_("отправлено"), auto_now_add=True)

    class Meta:
        verbose_name = _("отправленное напоминание")
        verbose_name_plural = _("отправленные напоминания")
        constraints = [models.UniqueConstraint(fields=["key", "email"], name="sent_reminder_unique")]

    def __str__(self) -> str:
        return self.key


class EmailPreference(models.Model):
    """Which kinds of reminders a person gets (chosen on the unsubscribe page); no row: every kind."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="email_preference", verbose_name=_("человек")
    )
    pairs = models.BooleanField(_("о парах без встреч"), default=True)
    plans = models.BooleanField(_("о сроках индивидуальных планов"), default=True)
    roadmap = models.BooleanField(_("о сроках дорожной карты"), default=True)
    surveys = models.BooleanField(_("об анкетах"), default=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    KINDS = ("pairs", "plans", "roadmap", "surveys")

    class Meta:
        verbose_name = _("настройка писем")
        verbose_name_plural = _("настройки писем")

    def __str__(self) -> str:
        return str(self.person_id)

    def wants(self, kind: str) -> bool:
        return bool(getattr(self, kind, True))


class ImportBatch(models.Model):
    """One confirmed import of a people list: what was loaded, by whom, into which base; with its items
    (`ImportBatchItem`) it can be undone while nothing else refers to the people it brought."""

    class Target(models.TextChoices):
        PEOPLE = "people", _("Люди организации")
        MENTORS = "mentors", _("База наставников")
        MENTEES = "mentees", _("База наставляемых")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="import_batches", verbose_name=_("организация")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто загрузил"),
    )
    target = models.CharField(_("куда"), max_length=16, choices=Target.choices)
    filename = models.CharField(_("файл"), max_length=255, blank=True)
    sheet = models.CharField(_("лист"), max_length=255, blank=True)
    # The staged upload the batch came from: a second confirmation of the same preview is refused here.
    upload_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    created_count = models.PositiveIntegerField(_("добавлено"), default=0)
    updated_count = models.PositiveIntegerField(_("изменено"), default=0)
    unchanged_count = models.PositiveIntegerField(_("без изменений"), default=0)
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)
    undone_at = models.DateTimeField(_("отменена"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто отменил"),
    )

    class Meta:
        verbose_name = _("загрузка списка")
        verbose_name_plural = _("загрузки списков")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_target_display()}: {self.filename}".rstrip(": ")


class ImportBatchItem(models.Model):
    """Something a batch created (a person, a membership, a base record, a consent) or changed (with the
    fields as they were: undoing puts back those still holding the imported value)."""

    class Action(models.TextChoices):
        CREATED = "created", _("добавлено")
        UPDATED = "updated", _("изменено")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="items")
    row = models.PositiveIntegerField(_("строка файла"))
    action = models.CharField(max_length=16, choices=Action.choices)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    changes = models.JSONField(default=dict, blank=True)  # {field: [old, new]} of an update

    class Meta:
        verbose_name = _("запись загрузки")
        verbose_name_plural = _("записи загрузки")
        indexes = [models.Index(fields=["target_type", "target_id"], name="import_item_target_idx")]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row} {self.action}"


class LoginCode(models.Model):
    """A one-time code from a printed login slip, for a person without e-mail: with it and their login the
    person chooses a password once. Only its hash is kept; printing new slips replaces it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_code", verbose_name=_("вход")
    )
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(_("выдан"), auto_now_add=True)
    used_at = models.DateTimeField(_("использован"), null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("код из листка входа")
        verbose_name_plural = _("коды из листков входа")

    def __str__(self) -> str:
        return str(self.user)


class PersonalDataAccess(models.Model):
    """Who looked at or took out personal data, and when (152-ФЗ, ст. 18.1, 19): a person's card viewed, a
    consent scan downloaded, a base or questionnaire answers with names exported."""

    class Kind(models.TextChoices):
        CARD_VIEWED = "card_viewed", _("Просмотр карточки человека")
        CONSENT_DOWNLOADED = "consent_downloaded", _("Скачан скан согласия")
        BASE_EXPORTED = "base_exported", _("Выгрузка базы с персональными данными")
        ANSWERS_EXPORTED = "answers_exported", _("Выгрузка ответов анкеты с именами")
        ANONYMISED = "anonymised", _("Персональные данные обезличены")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="personal_data_accesses",
        verbose_name=_("организация"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто"),
    )
    actor_name = models.CharField(_("кто (на момент доступа)"), max_length=255, blank=True)
    kind = models.CharField(_("что"), max_length=32, choices=Kind.choices)
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="personal_data_accesses",
        verbose_name=_("чьи данные"),
    )
    detail = models.CharField(_("подробности"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("когда"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("доступ к персональным данным")
        verbose_name_plural = _("журнал доступа к персональным данным")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-created_at"], name="pd_access_org_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%d.%m.%Y %H:%M} {self.actor_name}: {self.get_kind_display()}"

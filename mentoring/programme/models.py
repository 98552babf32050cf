"""Organisations, people and their roles, and the mentoring records every other app builds on."""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.filenames import RandomName
from mentoring.organisations.models import Organisation, OrganisationOwnedModel, Person, TimeStampedModel


class MentoringForm(models.Model):
    """A form of mentoring from the target model («учитель – учитель», «ученик – ученик», ...)."""

    name = models.CharField(_("название"), max_length=255, unique=True)
    code = models.SlugField(_("код"), unique=True)
    description = models.TextField(
        _("описание"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    is_active = models.BooleanField(_("используется"), default=True)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("форма наставничества")
        verbose_name_plural = _("формы наставничества")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class PairQuerySet(models.QuerySet["Pair"]):
    """The pairs by where they stand; `Pair.<set>_q(prefix)` gives the same sets across a relation."""

    def open(self) -> Self:
        """Proposed, approved or working: a person is a mentee in one open pair at a time."""
        return self.filter(Pair.open_q())

    def working(self) -> Self:
        """Approved or working, not yet completed: the pairs that meet and keep a plan now."""
        return self.filter(Pair.working_q())

    def established(self) -> Self:
        """Approved at some point and not stopped: approved, working or completed (the pairs the programme
        counts in its indicators and documents)."""
        return self.filter(Pair.established_q())

    def live(self) -> Self:
        """Every pair but the rejected and the terminated ones."""
        return self.filter(Pair.live_q())


class Pair(OrganisationOwnedModel):
    """A mentoring pair, or a group when the mentor has more than one mentee."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Предложена")
        APPROVED = "approved", _("Утверждена")
        ACTIVE = "active", _("Работает")
        COMPLETED = "completed", _("Завершена")
        REJECTED = "rejected", _("Отклонена")
        TERMINATED = "terminated", _("Прекращена")

    # The status sets, read through `Pair.objects.open()`, `.working()`… and the `*_q` conditions below.
    _OPEN = (Status.PROPOSED, Status.APPROVED, Status.ACTIVE)
    _WORKING = (Status.APPROVED, Status.ACTIVE)
    _ESTABLISHED = (Status.APPROVED, Status.ACTIVE, Status.COMPLETED)
    _LIVE = (Status.PROPOSED, Status.APPROVED, Status.ACTIVE, Status.COMPLETED)

    mentor = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="mentor_pairs", verbose_name=_("наставник")
    )
    mentees = models.ManyToManyField(
        Person, through="mentoring.PairMentee", related_name="mentee_pairs", verbose_name=_("наставляемые")
    )
    form = models.ForeignKey(
        MentoringForm, on_delete=models.PROTECT, related_name="pairs", verbose_name=_("форма наставничества")
    )
    goal = models.TextField(_("цель"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)])
    start_date = models.DateField(_("начало"), null=True, blank=True)
    end_date = models.DateField(_("окончание"), null=True, blank=True)
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.PROPOSED)
    status_reason = models.TextField(
        _("причина"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("утвердил"),
    )
    approved_at = models.DateTimeField(_("утверждена"), null=True, blank=True)
    # The signed order that fixes the pair («Приказ от 01.09.2025 № 12-ОД «…»»), as the reports app names it
    # when it approves the pair by that order; empty when the director approved it on the approval page.
    approval_basis = models.CharField(_("закреплена приказом"), max_length=700, blank=True)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    objects = PairQuerySet.as_manager()

    class Meta:
        verbose_name = _("наставническая пара/группа")
        verbose_name_plural = _("наставнические пары/группы")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="pair_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor.short_name}: {self.form}"

    @classmethod
    def open_q(cls, prefix: str = "") -> Q:
        """The open pairs (`PairQuerySet.open`) as a condition, across a relation when `prefix` is given:
        `PairMentee.objects.filter(Pair.open_q("pair__"))`."""
        return Q(**{f"{prefix}status__in": cls._OPEN})

    @classmethod
    def working_q(cls, prefix: str = "") -> Q:
        return Q(**{f"{prefix}status__in": cls._WORKING})

    @classmethod
    def established_q(cls, prefix: str = "") -> Q:
        return Q(**{f"{prefix}status__in": cls._ESTABLISHED})

    @classmethod
    def live_q(cls, prefix: str = "") -> Q:
        return Q(**{f"{prefix}status__in": cls._LIVE})

    @property
    def is_open(self) -> bool:
        return self.status in self._OPEN

    @property
    def is_working(self) -> bool:
        return self.status in self._WORKING

    @property
    def is_established(self) -> bool:
        return self.status in self._ESTABLISHED

    @property
    def is_group(self) -> bool:
        return len(self.pair_mentees.all()) > 1


class PairMentee(models.Model):
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="pair_mentees")
    mentee = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="pair_memberships")

    class Meta:
        verbose_name = _("наставляемый в паре")
        verbose_name_plural = _("наставляемые в парах")
        constraints = [
            models.UniqueConstraint(fields=["pair", "mentee"], name="pair_mentee_unique"),
        ]

    def __str__(self) -> str:
        return str(self.mentee)


class PairChange(OrganisationOwnedModel, TimeStampedModel):
    """The curator changed a pair's mentor or mentees after it was created. When the pair was already fixed by
    a signed pairs order, the change waits for a new order (`needs_order`) until one is signed (`settled_*`);
    the reports app reads these records, mentoring never imports it."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="changes", verbose_name=_("пара"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("изменил"),
    )
    before = models.JSONField(_("состав до изменения"), default=dict)
    after = models.JSONField(_("состав после изменения"), default=dict)
    reason = models.TextField(_("причина"), max_length=2000, validators=[MaxLengthValidator(2000)])
    needs_order = models.BooleanField(_("нужен новый приказ"), default=False)
    fixed_by = models.CharField(_("приказ, после которого изменён состав"), max_length=700, blank=True)
    settled_by = models.CharField(_("новый приказ"), max_length=700, blank=True)
    settled_at = models.DateTimeField(_("закреплено новым приказом"), null=True, blank=True)

    class Meta:
        verbose_name = _("изменение состава пары")
        verbose_name_plural = _("изменения состава пар")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(settled_at__isnull=True) | Q(needs_order=True),
                name="pair_change_settled_if_needed",
            ),
            models.CheckConstraint(
                condition=Q(needs_order=False) | ~Q(fixed_by=""), name="pair_change_order_named"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pair}: {self.created_at:%d.%m.%Y}"

    @property
    def awaits_order(self) -> bool:
        return self.needs_order and self.settled_at is None

    @property
    def order_genitive(self) -> str:
        """«приказа от 01.09.2025 № 12-ОД «…»» from the order's name «Приказ от …»."""
        prefix = "Приказ "
        if self.fixed_by.startswith(prefix):
            return "приказа " + self.fixed_by[len(prefix) :]
        return self.fixed_by


class Preference(OrganisationOwnedModel, TimeStampedModel):
    """A ranked choice of one person for another, from the networking questionnaire or the curator."""

    class Source(models.TextChoices):
        SURVEY = "survey", _("Анкета")
        CURATOR = "curator", _("Куратор")

    chooser = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="preferences_given", verbose_name=_("кто выбирает")
    )
    chosen = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="preferences_received", verbose_name=_("кого выбирает")
    )
    rank = models.PositiveSmallIntegerField(_("место в списке"))
    source = models.CharField(_("источник"), max_length=16, choices=Source.choices, default=Source.CURATOR)

    class Meta:
        verbose_name = _("предпочтение")
        verbose_name_plural = _("предпочтения")
        ordering = ["chooser", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["chooser", "chosen"], name="preference_unique_pair"),
            models.CheckConstraint(condition=~Q(chooser=F("chosen")), name="preference_not_self"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="preference_rank_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.chooser.short_name} → {self.chosen.short_name} ({self.rank})"


class MentorProfile(models.Model):
    """A person in the organisation's mentor base («база наставников»)."""

    class Status(models.TextChoices):
        POTENTIAL = "potential", _("Потенциальный")
        READY = "ready", _("Готов к работе")
        ACTIVE = "active", _("Работает с наставляемыми")
        ARCHIVED = "archived", _("В архиве")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="mentor_profiles", verbose_name=_("организация")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="mentor_profiles", verbose_name=_("человек")
    )
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.POTENTIAL)
    capacity = models.PositiveSmallIntegerField(_("сколько наставляемых может взять"), default=1)
    competencies = models.ManyToManyField(
        "mentoring.Competency", blank=True, related_name="mentor_profiles", verbose_name=_("компетенции")
    )
    experience_note = models.TextField(
        _("опыт, достижения"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    training_date = models.DateField(_("дата обучения"), null=True, blank=True)
    training_course = models.CharField(_("курс обучения наставников"), max_length=500, blank=True)
    training_hours = models.PositiveSmallIntegerField(_("часов обучения"), null=True, blank=True)
    trained = models.BooleanField(_("обучение пройдено"), default=False)
    interview_done = models.BooleanField(_("собеседование проведено"), default=False)
    intake_notes = models.TextField(
        _("входная анкета, заметки куратора"),
        blank=True,
        max_length=5000,
        validators=[MaxLengthValidator(5000)],
    )
    created_at = models.DateTimeField(_("добавлен"), auto_now_add=True)

    class Meta:
        verbose_name = _("наставник в базе")
        verbose_name_plural = _("база наставников")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person"], name="mentor_profile_unique"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="mentor_capacity_positive"),
        ]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def is_trained(self) -> bool:
        return self.trained or self.training_date is not None


class MenteeProfile(models.Model):
    """A person in the organisation's mentee base («база наставляемых»)."""

    class Category(models.TextChoices):
        YOUNG_SPECIALIST = "young_specialist", _("Молодой специалист")
        NEWLY_HIRED = "newly_hired", _("Вновь принятый педагог")
        NEW_POSITION = "new_position", _("Педагог в новой должности")
        IN_DIFFICULTY = "in_difficulty", _("Педагог, испытывающий трудности")
        STUDENT = "student", _("Обучающийся")

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("Кандидат")
        IN_PAIR = "in_pair", _("В паре/группе")
        WITHOUT_PAIR = "without_pair", _("Без пары")
        FINISHED = "finished", _("Завершил программу")
        ARCHIVED = "archived", _("В архиве")

    # Out of the base: finished the programme, or archived (kept with its history).
    CLOSED_STATUSES = (Status.FINISHED, Status.ARCHIVED)

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="mentee_profiles", verbose_name=_("организация")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="mentee_profiles", verbose_name=_("человек")
    )
    category = models.CharField(
        _("категория"), max_length=32, choices=Category.choices, default=Category.YOUNG_SPECIALIST
    )
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.CANDIDATE)
    requests = models.TextField(
        _("запросы"),
        blank=True,
        help_text=_("С чем нужна помощь, своими словами."),
        max_length=5000,
        validators=[MaxLengthValidator(5000)],
    )
    request_tags = models.ManyToManyField(
        "mentoring.Competency",
        blank=True,
        related_name="mentee_profiles",
        verbose_name=_("запросы по перечню компетенций"),
    )
    preferred_form = models.ForeignKey(
        MentoringForm,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("желаемая форма наставничества"),
    )
    notes = models.TextField(
        _("заметки куратора"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    created_at = models.DateTimeField(_("добавлен"), auto_now_add=True)

    class Meta:
        verbose_name = _("наставляемый в базе")
        verbose_name_plural = _("база наставляемых")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person"], name="mentee_profile_unique")
        ]

    def __str__(self) -> str:
        return str(self.person)


class Competency(models.Model):
    """An item of the competency catalogue («перечень компетенций»): what a mentor can teach and what a
    mentee asks for, so that matching can compare the two."""

    name = models.CharField(_("название"), max_length=255, unique=True)
    group = models.CharField(_("группа"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("компетенция")
        verbose_name_plural = _("перечень компетенций")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Consent(OrganisationOwnedModel):
    """Consent to personal-data processing (152-ФЗ) a person gave the organisation. A new record for each
    consent given; a withdrawn one keeps its history."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="consents", verbose_name=_("человек")
    )
    given_on = models.DateField(_("дата согласия"))
    text_version = models.CharField(_("редакция текста согласия"), max_length=100)
    file = models.FileField(_("скан согласия"), upload_to=RandomName("consents"), blank=True)
    withdrawn_on = models.DateField(_("отозвано"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("причина отзыва"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("внёс"),
    )
    created_at = models.DateTimeField(_("внесено"), auto_now_add=True)

    class Meta:
        verbose_name = _("согласие на обработку персональных данных")
        verbose_name_plural = _("согласия на обработку персональных данных")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person"],
                condition=Q(withdrawn_on__isnull=True),
                name="consent_one_valid_per_person",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.short_name}: {self.text_version} от {self.given_on:%d.%m.%Y}"

    @property
    def is_valid(self) -> bool:
        return self.withdrawn_on is None


class Partner(OrganisationOwnedModel):
    """A partner organisation («организация-партнёр») taking part in the programme under an agreement."""

    name = models.CharField(_("название партнёра"), max_length=500)
    agreement_number = models.CharField(_("номер соглашения"), max_length=100, blank=True)
    agreement_date = models.DateField(_("дата соглашения"), null=True, blank=True)
    contact_person = models.CharField(_("контактное лицо"), max_length=255, blank=True)
    phone = models.CharField(_("телефон"), max_length=50, blank=True)
    email = models.EmailField(_("электронная почта"), blank=True)
    notes = models.TextField(
        _("чем участвует в программе"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    created_at = models.DateTimeField(_("добавлен"), auto_now_add=True)

    class Meta:
        verbose_name = _("организация-партнёр")
        verbose_name_plural = _("организации-партнёры")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="partner_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class MatchRun(models.Model):
    """One run of the matching: the pool it saw and when; its suggestions hang off it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="match_runs", verbose_name=_("организация")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто запустил"),
    )
    across_municipality = models.BooleanField(_("наставники всего муниципалитета"), default=False)
    mentors_count = models.PositiveIntegerField(_("наставников в подборе"), default=0)
    mentees_count = models.PositiveIntegerField(_("наставляемых в подборе"), default=0)
    unmatched_count = models.PositiveIntegerField(_("осталось без пары"), default=0)
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("подбор пар")
        verbose_name_plural = _("подборы пар")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.created_at:%d.%m.%Y %H:%M}"


class MatchSuggestion(models.Model):
    """A suggested pair or group: one mentor and the mentees the matching gave them."""

    class Status(models.TextChoices):
        OPEN = "open", _("Ждёт решения куратора")
        ACCEPTED = "accepted", _("Принято")
        REJECTED = "rejected", _("Отклонено")

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="suggestions")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="match_suggestions",
        verbose_name=_("организация"),
    )
    mentor = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("наставник")
    )
    score = models.FloatField(_("оценка"), default=0)
    status = models.CharField(_("решение"), max_length=16, choices=Status.choices, default=Status.OPEN)
    pair = models.ForeignKey(
        Pair, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("пара")
    )

    class Meta:
        verbose_name = _("предложение подбора")
        verbose_name_plural = _("предложения подбора")
        ordering = ["-score", "id"]

    def __str__(self) -> str:
        return f"{self.mentor.short_name} ({self.score:.0f})"


class SuggestedMentee(models.Model):
    suggestion = models.ForeignKey(MatchSuggestion, on_delete=models.CASCADE, related_name="items")
    mentee = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("наставляемый")
    )
    score = models.FloatField(_("оценка"), default=0)
    reasons = models.JSONField(_("почему"), default=list, blank=True)
    mutual = models.BooleanField(_("взаимный выбор"), default=False)

    class Meta:
        verbose_name = _("наставляемый в предложении")
        verbose_name_plural = _("наставляемые в предложениях")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "mentee"], name="suggested_mentee_unique"),
        ]

    def __str__(self) -> str:
        return str(self.mentee)


class SupportNote(models.Model):
    """Psychological and pedagogical support given to a mentee left without a pair."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="support_notes", verbose_name=_("организация")
    )
    mentee = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="support_notes", verbose_name=_("наставляемый")
    )
    date = models.DateField(_("дата"))
    note = models.TextField(_("что сделано"), max_length=5000, validators=[MaxLengthValidator(5000)])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто"),
    )
    created_at = models.DateTimeField(_("внесено"), auto_now_add=True)

    class Meta:
        verbose_name = _("запись о поддержке")
        verbose_name_plural = _("психолого-педагогическая поддержка")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.mentee.short_name}, {self.date:%d.%m.%Y}"


class PlanTemplate(models.Model):
    """A starting point for a pair's individual plan, per form of mentoring."""

    form = models.ForeignKey(
        MentoringForm, on_delete=models.CASCADE, related_name="plan_templates", verbose_name=_("форма")
    )
    name = models.CharField(_("название"), max_length=255)
    description = models.TextField(
        _("описание"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    is_active = models.BooleanField(_("используется"), default=True)

    class Meta:
        verbose_name = _("шаблон плана")
        verbose_name_plural = _("шаблоны планов")
        ordering = ["form__order", "name"]
        constraints = [models.UniqueConstraint(fields=["form", "name"], name="plan_template_unique_name")]

    def __str__(self) -> str:
        return self.name


class PlanTemplateItem(models.Model):
    template = models.ForeignKey(PlanTemplate, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    title = models.CharField(_("мероприятие"), max_length=500)
    expected_result = models.CharField(_("ожидаемый результат"), max_length=500, blank=True)
    due_offset_days = models.PositiveSmallIntegerField(
        _("срок, дней от начала"), default=30, help_text=_("Через сколько дней после начала работы пары.")
    )

    class Meta:
        verbose_name = _("пункт шаблона")
        verbose_name_plural = _("пункты шаблона")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Plan(models.Model):
    """The individual plan («персонализированная программа наставничества») of a pair or group."""

    TARGET_PERCENT = 90

    pair = models.OneToOneField(Pair, on_delete=models.CASCADE, related_name="plan", verbose_name=_("пара"))
    template = models.ForeignKey(
        PlanTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("шаблон"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("утвердил"),
    )
    approved_at = models.DateTimeField(_("утверждён"), null=True, blank=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        verbose_name = _("индивидуальный план")
        verbose_name_plural = _("индивидуальные планы")

    def __str__(self) -> str:
        return f"План: {self.pair}"


class PlanItem(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items", verbose_name=_("план"))
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    title = models.CharField(_("мероприятие"), max_length=500)
    due_date = models.DateField(_("срок"), null=True, blank=True)
    expected_result = models.CharField(_("ожидаемый результат"), max_length=500, blank=True)
    done = models.BooleanField(_("выполнено"), default=False)
    done_on = models.DateField(_("дата выполнения"), null=True, blank=True)
    evidence_file = models.FileField(_("подтверждающий файл"), upload_to=RandomName("plans"), blank=True)
    evidence_link = models.URLField(_("ссылка на результат"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("изменил"),
    )
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("пункт плана")
        verbose_name_plural = _("пункты плана")
        ordering = ["order", "due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done=True) | Q(done_on__isnull=True), name="plan_item_done_on_only_if_done"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanAmendment(TimeStampedModel):
    """A change proposed to an approved individual plan: add an item, change an item's title or deadline, or
    remove an item, with the reason. The director approves it (the change is applied then) or rejects it."""

    class Kind(models.TextChoices):
        ADD = "add", _("Добавить пункт")
        CHANGE = "change", _("Изменить пункт")
        REMOVE = "remove", _("Убрать пункт")

    class Status(models.TextChoices):
        PENDING = "pending", _("Ждёт решения директора")
        APPROVED = "approved", _("Утверждено")
        REJECTED = "rejected", _("Отклонено")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="amendments", verbose_name=_("план")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("предложил"),
    )
    kind = models.CharField(_("что изменить"), max_length=16, choices=Kind.choices)
    item = models.ForeignKey(
        PlanItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("пункт плана"),
    )
    # The item's title when proposed: the amendment still reads after the item is removed.
    item_title = models.CharField(_("пункт плана (название)"), max_length=500, blank=True)
    title = models.CharField(_("новое название"), max_length=500, blank=True)
    due_date = models.DateField(_("новый срок"), null=True, blank=True)
    reason = models.TextField(_("причина"), max_length=2000, validators=[MaxLengthValidator(2000)])
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("решение принял"),
    )
    decided_at = models.DateTimeField(_("решение принято"), null=True, blank=True)
    decision_comment = models.CharField(_("комментарий к решению"), max_length=1000, blank=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("изменение индивидуального плана")
        verbose_name_plural = _("изменения индивидуальных планов")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="add") | ~Q(title=""), name="plan_amendment_add_has_title"
            ),
            models.CheckConstraint(
                condition=Q(kind="add") | Q(item__isnull=False) | ~Q(status="pending"),
                name="plan_amendment_pending_has_item",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
                name="plan_amendment_decided_at_if_decided",
            ),
        ]
        indexes = [models.Index(fields=["plan", "status"], name="plan_amendment_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title or self.item_title}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class Meeting(models.Model):
    class Kind(models.TextChoices):
        ORGANISATIONAL = "organisational", _("Организационная")
        TRIAL = "trial", _("Пробная")
        PLANNING = "planning", _("Планирующая")
        REGULAR = "regular", _("Текущая")
        FINAL = "final", _("Итоговая")

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("пара"))
    kind = models.CharField(_("вид встречи"), max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    date = models.DateField(_("дата"))
    topic = models.CharField(_("тема"), max_length=500)
    notes = models.TextField(
        _("итоги, договорённости"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    attendees = models.ManyToManyField(
        Person, blank=True, related_name="meetings_attended", verbose_name=_("присутствовали")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("внёс"),
    )
    created_at = models.DateTimeField(_("внесена"), auto_now_add=True)

    class Meta:
        verbose_name = _("встреча")
        verbose_name_plural = _("встречи")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["pair", "date"], name="meeting_pair_date_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d.%m.%Y}: {self.topic}"


# --- The programme's settings and the Labour Code (ст. 351.8) for staff mentors --------------------------


class ProgrammeSettings(models.Model):
    """What an organisation's mentoring programme is for, and how it pays its staff mentors by default."""

    class Audience(models.TextChoices):
        STUDENTS = "students", _("Наставничество обучающихся")
        TEACHERS = "teachers", _("Наставничество педагогических работников")
        BOTH = "both", _("Обучающихся и педагогических работников")

    class Payment(models.TextChoices):
        SUM = "sum", _("Фиксированная сумма в месяц")
        PERCENT = "percent", _("Процент от ставки (оклада)")
        NONE = "none", _("Без оплаты")

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="programme_settings",
        verbose_name=_("организация"),
    )
    audience = models.CharField(
        _("для кого программы наставничества"), max_length=16, choices=Audience.choices, default=Audience.BOTH
    )
    payment_kind = models.CharField(
        _("оплата наставничества"), max_length=16, choices=Payment.choices, default=Payment.PERCENT
    )
    payment_sum = models.DecimalField(
        _("сумма в месяц, руб."), max_digits=10, decimal_places=2, null=True, blank=True
    )
    payment_percent = models.DecimalField(
        _("процент от ставки"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    payment_conditions = models.CharField(
        _("условия выплаты"),
        max_length=500,
        blank=True,
        help_text=_("Например: «ежемесячно, вместе с заработной платой, по положению об оплате труда»."),
    )

    class Meta:
        verbose_name = _("настройки программы наставничества")
        verbose_name_plural = _("настройки программ наставничества")

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def for_students(self) -> bool:
        return self.audience in (self.Audience.STUDENTS, self.Audience.BOTH)

    @property
    def for_teachers(self) -> bool:
        return self.audience in (self.Audience.TEACHERS, self.Audience.BOTH)


class MentoringConsent(OrganisationOwnedModel):
    """A staff mentor's written consent to mentoring (ТК РФ ст. 351.8), separate from the consent to
    personal-data processing (`Consent`): one per person and organisation."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="mentoring_consents", verbose_name=_("наставник")
    )
    signed_on = models.DateField(_("дата подписания"))
    file = models.FileField(_("скан согласия"), upload_to=RandomName("mentoring-consents"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("внёс"),
    )
    created_at = models.DateTimeField(_("внесено"), auto_now_add=True)

    class Meta:
        verbose_name = _("согласие на наставничество (ст. 351.8 ТК РФ)")
        verbose_name_plural = _("согласия на наставничество (ст. 351.8 ТК РФ)")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person"], name="mentoring_consent_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person.short_name}: согласие от {self.signed_on:%d.%m.%Y}"


class LabourAgreement(OrganisationOwnedModel):
    """The additional agreement to the mentor's labour contract for one pair (ТК РФ ст. 351.8): the content
    (the plan's goal), the term (the pair's dates), the form of mentoring and the payment. It is the
    agreement of one mentor in one pair: when the curator replaces the mentor, the old mentor's agreement
    stays on record and the new mentor signs their own (`labour.current_agreement`)."""

    pair = models.ForeignKey(
        Pair, on_delete=models.CASCADE, related_name="labour_agreements", verbose_name=_("пара/группа")
    )
    mentor = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="labour_agreements", verbose_name=_("наставник")
    )
    number = models.CharField(_("номер"), max_length=50)
    signed_on = models.DateField(_("дата"))
    content = models.TextField(
        _("содержание наставничества"), max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    starts_on = models.DateField(_("начало наставничества"), null=True, blank=True)
    ends_on = models.DateField(_("окончание наставничества"), null=True, blank=True)
    payment_kind = models.CharField(_("оплата"), max_length=16, choices=ProgrammeSettings.Payment.choices)
    payment_sum = models.DecimalField(
        _("сумма в месяц, руб."), max_digits=10, decimal_places=2, null=True, blank=True
    )
    payment_percent = models.DecimalField(
        _("процент от ставки"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    payment_conditions = models.CharField(_("условия выплаты"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("внёс"),
    )
    created_at = models.DateTimeField(_("внесено"), auto_now_add=True)

    class Meta:
        verbose_name = _("дополнительное соглашение к трудовому договору")
        verbose_name_plural = _("дополнительные соглашения к трудовым договорам")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="labour_agreement_ends_after_start",
            ),
            models.UniqueConstraint(fields=["pair", "mentor"], name="labour_agreement_pair_mentor_unique"),
        ]

    def __str__(self) -> str:
        return f"Дополнительное соглашение от {self.signed_on:%d.%m.%Y} № {self.number}"

    @property
    def payment_text(self) -> str:
        """«10 % ставки», «3 000,00 руб. в месяц», «без оплаты» — the way the documents write it."""
        if self.payment_kind == ProgrammeSettings.Payment.SUM and self.payment_sum is not None:
            whole = f"{self.payment_sum:,.2f}".replace(",", " ").replace(".", ",")
            return f"{whole} руб. в месяц"
        if self.payment_kind == ProgrammeSettings.Payment.PERCENT and self.payment_percent is not None:
            percent = f"{self.payment_percent.normalize():f}".replace(".", ",")
            return f"{percent} % ставки (должностного оклада)"
        return "без оплаты"


class EarlyTermination(OrganisationOwnedModel):
    """A pair's mentoring ended early (ТК РФ ст. 351.8): who asked, when the other side was told, and the end
    date — at least three working days after the notice."""

    class Initiator(models.TextChoices):
        MENTOR = "mentor", _("Наставник")
        ORGANISATION = "organisation", _("Работодатель (организация)")

    pair = models.OneToOneField(
        Pair, on_delete=models.CASCADE, related_name="early_termination", verbose_name=_("пара/группа")
    )
    initiator = models.CharField(_("по чьей инициативе"), max_length=16, choices=Initiator.choices)
    notice_date = models.DateField(_("дата уведомления"))
    end_date = models.DateField(_("дата прекращения"))
    reason = models.TextField(
        _("причина"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("внёс"),
    )
    created_at = models.DateTimeField(_("внесено"), auto_now_add=True)

    class Meta:
        verbose_name = _("досрочное прекращение наставничества")
        verbose_name_plural = _("досрочные прекращения наставничества")
        ordering = ["-notice_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=F("notice_date")), name="early_termination_end_after_notice"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pair}: прекращение с {self.end_date:%d.%m.%Y}"

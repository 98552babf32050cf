"""The programme's roadmap: stages and activities, their evidence, events with attendance, publications."""

from __future__ import annotations

import datetime
import re
import secrets
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common import dates
from common.filenames import random_name
from mentoring.models import Municipality, Organisation, Person, Role
from mentoring.organisations.models import OrganisationOwnedModel, TimeStampedModel

if TYPE_CHECKING:
    from .selectors import Progress

ACADEMIC_YEAR_RE = re.compile(r"^(\d{4})/(\d{4})$")


def validate_academic_year(value: str) -> None:
    match = ACADEMIC_YEAR_RE.match(value or "")
    if not match or int(match.group(2)) != int(match.group(1)) + 1 or not 2000 <= int(match.group(1)) <= 2100:
        raise ValidationError(
            _("Учебный год пишется как «2025/2026»: два года подряд через косую черту."), code="academic_year"
        )


def validate_role_codes(value: str) -> None:
    unknown = [code for code in (value or "").split(",") if code and code not in Role.values]
    if unknown:
        raise ValidationError(_("Неизвестная роль: %(codes)s") % {"codes": ", ".join(unknown)})


class Recurrence(models.TextChoices):
    NONE = "", _("Однократно")
    YEARLY = "yearly", _("Ежегодно")
    HALF_YEARLY = "half_yearly", _("Раз в полугодие")
    QUARTERLY = "quarterly", _("Ежеквартально")
    MONTHLY = "monthly", _("Ежемесячно")
    WEEKLY = "weekly", _("Еженедельно")
    CONTINUOUS = "continuous", _("В течение периода")
    SCHEDULE = "schedule", _("По графику")
    ON_DEMAND = "on_demand", _("По мере необходимости")


class Roadmap(models.Model):
    """A roadmap («дорожная карта», «план мероприятий») of an organisation, or of a municipality when a
    municipal mentoring centre keeps the municipal plan, for one academic year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Черновик")
        APPROVED = "approved", _("Утверждена")
        ARCHIVED = "archived", _("В архиве")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roadmaps",
        verbose_name=_("организация"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roadmaps",
        verbose_name=_("муниципалитет"),
    )
    academic_year = models.CharField(_("учебный год"), max_length=9, validators=[validate_academic_year])
    title = models.CharField(_("название"), max_length=500)
    preamble = models.TextField(
        _("цель, задачи, показатели"), blank=True, max_length=20000, validators=[MaxLengthValidator(20000)]
    )
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("утвердил"),
    )
    approved_on = models.DateField(_("дата утверждения"), null=True, blank=True)
    approver_position = models.CharField(_("должность утверждающего"), max_length=255, blank=True)
    approver_name = models.CharField(_("ФИО утверждающего"), max_length=255, blank=True)
    source_template = models.CharField(_("шаблон"), max_length=64, blank=True)
    source_name = models.CharField(_("загружена из файла"), max_length=255, blank=True)
    # The source document's columns, [[field, header], ...], so that the Excel export keeps its layout.
    column_layout = models.JSONField(_("столбцы документа"), default=list, blank=True)
    # The staged upload the roadmap was imported from: one preview gives at most one roadmap.
    import_token = models.CharField(_("загрузка"), max_length=64, blank=True, default="", editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("создал"),
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        verbose_name = _("дорожная карта")
        verbose_name_plural = _("дорожные карты")
        ordering = ["-academic_year", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organisation__isnull=False) & Q(municipality__isnull=True))
                | (Q(organisation__isnull=True) & Q(municipality__isnull=False)),
                name="roadmap_exactly_one_owner",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_on__isnull=False),
                name="roadmap_approved_has_date",
            ),
            models.UniqueConstraint(
                fields=["import_token"], condition=~Q(import_token=""), name="roadmap_import_token_unique"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "academic_year"], name="roadmap_org_year_idx")]

    def __str__(self) -> str:
        return f"{self.title} ({self.academic_year})"

    @property
    def year_start(self) -> int:
        return int(self.academic_year[:4])

    @property
    def is_editable(self) -> bool:
        return self.status != self.Status.ARCHIVED


class Stage(models.Model):
    roadmap = models.ForeignKey(
        Roadmap, on_delete=models.CASCADE, related_name="stages", verbose_name=_("дорожная карта")
    )
    order = models.PositiveIntegerField(_("порядок"), default=0)
    number = models.CharField(_("номер"), max_length=20, blank=True)
    title = models.CharField(_("название"), max_length=1000)
    task = models.TextField(_("задача"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)])
    expected_result = models.TextField(
        _("ожидаемый результат"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )

    # Set for a page, not stored: the activities it shows (the prefetch's `to_attr` in
    # `selectors.roadmap_stages_with_activities`) and the stage's progress.
    shown_activities: list[Activity]
    progress: Progress | None

    class Meta:
        verbose_name = _("раздел дорожной карты")
        verbose_name_plural = _("разделы дорожной карты")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class ActivityQuerySet(models.QuerySet["Activity"]):
    def open(self) -> Self:
        """Planned or under way: neither done nor cancelled (what can be overdue or coming up)."""
        return self.filter(Activity.open_q())


class Activity(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Запланировано")
        IN_PROGRESS = "in_progress", _("Выполняется")
        DONE = "done", _("Выполнено")
        CANCELLED = "cancelled", _("Отменено")

    # Read through `Activity.objects.open()` and `Activity.open_q(prefix)`.
    _OPEN = (Status.PLANNED, Status.IN_PROGRESS)

    stage = models.ForeignKey(
        Stage, on_delete=models.CASCADE, related_name="activities", verbose_name=_("раздел")
    )
    order = models.PositiveIntegerField(_("порядок"), default=0)
    number = models.CharField(_("номер"), max_length=20, blank=True)
    title = models.TextField(_("мероприятие"), max_length=1000, validators=[MaxLengthValidator(1000)])
    deadline_text = models.CharField(_("сроки"), max_length=255, blank=True)
    due_date = models.DateField(_("срок (дата)"), null=True, blank=True)
    recurrence = models.CharField(
        _("периодичность"), max_length=16, choices=Recurrence.choices, blank=True, default=Recurrence.NONE
    )
    responsible_text = models.CharField(_("ответственные"), max_length=1000, blank=True)
    responsible_people = models.ManyToManyField(
        Person, blank=True, related_name="roadmap_activities", verbose_name=_("ответственные люди")
    )
    responsible_roles = models.CharField(
        _("ответственные роли"), max_length=200, blank=True, validators=[validate_role_codes]
    )
    participants = models.TextField(
        _("участники"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    result = models.TextField(
        _("ожидаемый результат, вид документа"),
        blank=True,
        max_length=5000,
        validators=[MaxLengthValidator(5000)],
    )
    indicator_text = models.TextField(
        _("показатели эффективности"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    # Filled by the reports app to link the activity to a computed indicator; the roadmap only keeps it.
    indicator_code = models.CharField(_("код показателя"), max_length=64, blank=True)
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    completed_on = models.DateField(_("выполнено"), null=True, blank=True)
    comments = models.TextField(
        _("комментарий"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("мероприятие дорожной карты")
        verbose_name_plural = _("мероприятия дорожной карты")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="done") & Q(completed_on__isnull=False))
                | (~Q(status="done") & Q(completed_on__isnull=True)),
                name="activity_completed_on_iff_done",
            ),
        ]
        indexes = [models.Index(fields=["due_date"], name="activity_due_idx")]

    def __str__(self) -> str:
        title = self.title if len(self.title) <= 120 else self.title[:117] + "…"
        return f"{self.number} {title}".strip()

    @classmethod
    def open_q(cls, prefix: str = "") -> Q:
        """The open activities as a condition, across a relation when `prefix` is given:
        `roadmaps.filter(Activity.open_q("stages__activities__"))`."""
        return Q(**{f"{prefix}status__in": cls._OPEN})

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.CANCELLED)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or dates.today()
        return not self.is_closed and self.due_date is not None and self.due_date < today

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def role_codes(self) -> list[str]:
        return [code for code in self.responsible_roles.split(",") if code]

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(code).label) for code in self.role_codes if code in Role.values]


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    """A random name (common.filenames): nothing about the activity or the original file shows in it."""
    return random_name("evidence", filename)


class Evidence(models.Model):
    """What shows an activity was done: an uploaded file (an order, a protocol, photos) or a link."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("мероприятие")
    )
    title = models.CharField(_("название"), max_length=255)
    file = models.FileField(_("файл"), upload_to=evidence_upload_to, blank=True, max_length=500)
    url = models.URLField(_("ссылка"), blank=True, max_length=1000)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("загрузил"),
    )
    created_at = models.DateTimeField(_("добавлено"), auto_now_add=True)

    class Meta:
        verbose_name = _("подтверждение выполнения")
        verbose_name_plural = _("подтверждения выполнения")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="evidence_file_or_link",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Event(OrganisationOwnedModel, TimeStampedModel):
    """An event the roadmap plans: a networking meeting, the final meeting, a business game, a council."""

    class Kind(models.TextChoices):
        NETWORKING = "networking", _("Нетворкинг")
        GROUP_MEETING = "group_meeting", _("Групповая встреча")
        FINAL_MEETING = "final_meeting", _("Итоговая встреча")
        BUSINESS_GAME = "business_game", _("Деловая игра")
        COUNCIL = "council", _("Педагогический совет")
        CEREMONY = "ceremony", _("Торжественное мероприятие")
        OTHER = "other", _("Другое")

    kind = models.CharField(_("вид"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("название"), max_length=500)
    starts_at = models.DateTimeField(_("начало"))
    ends_at = models.DateTimeField(_("окончание"), null=True, blank=True)
    place = models.CharField(_("место"), max_length=500, blank=True)
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("мероприятие дорожной карты"),
    )
    description = models.TextField(
        _("описание"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    participants = models.ManyToManyField(
        Person, through="Attendance", related_name="roadmap_events", verbose_name=_("участники")
    )

    class Meta:
        verbose_name = _("событие")
        verbose_name_plural = _("события")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """A person invited to an event, and whether they came (the registration sheet)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roadmap_attendances")
    attended = models.BooleanField(_("присутствовал"), default=False)

    class Meta:
        verbose_name = _("участие в событии")
        verbose_name_plural = _("участие в событиях")
        ordering = ["person__last_name", "person__first_name"]
        constraints = [models.UniqueConstraint(fields=["event", "person"], name="attendance_unique")]

    def __str__(self) -> str:
        return f"{self.person} — {self.event}"


class Publication(OrganisationOwnedModel):
    title = models.CharField(_("название"), max_length=500)
    url = models.URLField(_("ссылка"), max_length=1000)
    published_on = models.DateField(_("дата публикации"))
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name=_("мероприятие дорожной карты"),
    )
    created_at = models.DateTimeField(_("добавлена"), auto_now_add=True)

    class Meta:
        verbose_name = _("публикация")
        verbose_name_plural = _("публикации")
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The private address of a user's calendar feed; replacing the token cuts off the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roadmap_calendar_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ссылка на календарь")
        verbose_name_plural = _("ссылки на календарь")

    def __str__(self) -> str:
        return str(self.user)

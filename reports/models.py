"""Orders («приказы») with their per-organisation register, and documents built in the background."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentoring.models import Organisation, Pair, Plan
from roadmap.models import Event, Roadmap

DEFAULT_NUMBER_FORMAT = "{n}-ОД"


class OrderRegister(models.Model):
    """The organisation's register of orders: how numbers are written. Counters are kept per year."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="order_register", verbose_name=_("организация")
    )
    number_format = models.CharField(
        _("формат номера"),
        max_length=50,
        default=DEFAULT_NUMBER_FORMAT,
        help_text=_("{n} — порядковый номер за год, {year} — год. Например: {n}-ОД, {n}/{year}, ОД-{n}."),
    )

    class Meta:
        verbose_name = _("книга приказов")
        verbose_name_plural = _("книги приказов")

    def __str__(self) -> str:
        return str(self.organisation)

    def format_number(self, *, sequence: int, year: int) -> str:
        return self.number_format.format(n=sequence, year=year)


class OrderCounter(models.Model):
    """The last number given in one organisation's register in one year; locked while a number is given."""

    register = models.ForeignKey(
        OrderRegister, on_delete=models.CASCADE, related_name="counters", verbose_name=_("книга приказов")
    )
    year = models.PositiveSmallIntegerField(_("год"))
    last_sequence = models.PositiveIntegerField(_("последний номер"), default=0)

    class Meta:
        verbose_name = _("счётчик номеров приказов")
        verbose_name_plural = _("счётчики номеров приказов")
        constraints = [
            models.UniqueConstraint(fields=["register", "year"], name="order_counter_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.register}: {self.year} — {self.last_sequence}"


class Order(models.Model):
    class Kind(models.TextChoices):
        INTRODUCE_MODEL = "introduce_model", _("О внедрении целевой модели наставничества")
        REGULATION = "regulation", _("Об утверждении положения о системе наставничества")
        ROADMAP = "roadmap", _("Об утверждении дорожной карты")
        PAIRS = "pairs", _("О закреплении наставнических пар/групп")
        PLANS = "plans", _("Об утверждении индивидуальных планов")
        FINAL_EVENT = "final_event", _("О проведении итогового мероприятия")
        FREE = "free", _("Иной приказ")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Проект")
        SIGNED = "signed", _("Подписан")
        CANCELLED = "cancelled", _("Отменён")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="orders", verbose_name=_("организация")
    )
    kind = models.CharField(_("вид приказа"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("заголовок"), max_length=500)
    body = models.TextField(_("текст приказа"))
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    pairs = models.ManyToManyField(
        Pair, blank=True, related_name="orders", verbose_name=_("закрепляемые пары/группы")
    )
    # What an order of a programme kind is about: the roadmap it approves, the individual plans it approves,
    # the final event it appoints. Its appendix is built from them and frozen in the signed PDF.
    roadmap = models.ForeignKey(
        Roadmap,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("утверждаемая дорожная карта"),
    )
    plans = models.ManyToManyField(
        Plan, blank=True, related_name="orders", verbose_name=_("утверждаемые индивидуальные планы")
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("итоговое мероприятие"),
    )
    cancels = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="cancelled_in",
        verbose_name=_("отменяет приказы"),
    )
    cancelled_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cancelled_orders",
        verbose_name=_("отменён приказом"),
    )
    sequence = models.PositiveIntegerField(_("порядковый номер"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("год"), null=True, blank=True)
    number = models.CharField(_("номер"), max_length=50, blank=True)
    signed_on = models.DateField(_("дата приказа"), null=True, blank=True)
    signed_at = models.DateTimeField(_("подписан"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("подписал"),
    )
    signer_name = models.CharField(_("подписант"), max_length=255, blank=True)
    signer_position = models.CharField(_("должность подписанта"), max_length=255, blank=True)
    pdf = models.FileField(_("подписанный PDF"), upload_to="orders/%Y/", blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 файла"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("подготовил"),
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("приказ")
        verbose_name_plural = _("приказы")
        ordering = ["-signed_on", "-sequence", "-created_at"]
        constraints = [
            # The last line of defence behind the locked counter: one number once a year.
            models.UniqueConstraint(
                fields=["organisation", "year", "sequence"],
                condition=Q(sequence__isnull=False),
                name="order_unique_sequence_per_year",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(sequence__isnull=False) & Q(signed_on__isnull=False)),
                name="order_signed_has_number",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(cancelled_by__isnull=False),
                name="order_cancelled_has_canceller",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="order_org_status_idx")]

    def __str__(self) -> str:
        if self.number:
            return f"Приказ от {self.signed_on:%d.%m.%Y} № {self.number} «{self.title}»"
        return f"Проект приказа «{self.title}»"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def short_label(self) -> str:
        if self.number:
            return f"от {self.signed_on:%d.%m.%Y} № {self.number}"
        return "проект"


class GeneratedDocument(models.Model):
    """A document built by the task worker (too long to build while the visitor waits)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("В очереди")
        RUNNING = "running", _("Формируется")
        DONE = "done", _("Готов")
        FAILED = "failed", _("Ошибка")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="generated_documents",
        verbose_name=_("организация"),
    )
    kind = models.CharField(_("вид документа"), max_length=64)
    title = models.CharField(_("название"), max_length=255)
    params = models.JSONField(_("параметры"), default=dict, blank=True)
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("готовность, %"), default=0)
    file = models.FileField(_("файл"), upload_to="documents/%Y/%m/", blank=True)
    error = models.TextField(_("ошибка"), blank=True)
    task_id = models.CharField(_("задача"), max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("заказал"),
    )
    created_at = models.DateTimeField(_("заказан"), auto_now_add=True)
    started_at = models.DateTimeField(_("начат"), null=True, blank=True)
    finished_at = models.DateTimeField(_("готов"), null=True, blank=True)

    class Meta:
        verbose_name = _("сформированный документ")
        verbose_name_plural = _("сформированные документы")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="generated_document_progress_max"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_pending(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


def practice_upload_to(instance: Practice, filename: str) -> str:
    import secrets

    return f"practices/{instance.academic_year[:4] or 'misc'}/{secrets.token_hex(8)}/{filename}"


class Practice(models.Model):
    """An item of the bank of programmes and best practices («кейсы», «лучшие практики», «методическая
    копилка»): the organisation's curator publishes it, the municipal coordinator browses the bank."""

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("Программа наставничества")
        CASE = "case", _("Кейс")
        BEST_PRACTICE = "best_practice", _("Лучшая практика")
        METHOD = "method", _("Методический материал")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="practices", verbose_name=_("организация")
    )
    kind = models.CharField(_("вид"), max_length=32, choices=Kind.choices, default=Kind.BEST_PRACTICE)
    title = models.CharField(_("название"), max_length=500)
    summary = models.TextField(_("краткое описание"))
    authors = models.CharField(_("авторы"), max_length=500, blank=True)
    file = models.FileField(_("файл"), upload_to=practice_upload_to, blank=True, max_length=500)
    url = models.URLField(_("ссылка"), max_length=1000, blank=True)
    academic_year = models.CharField(_("учебный год"), max_length=9)
    is_published = models.BooleanField(_("опубликовано в банке практик"), default=False)
    published_at = models.DateTimeField(_("опубликовано"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("добавил"),
    )
    created_at = models.DateTimeField(_("добавлено"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("практика")
        verbose_name_plural = _("банк программ и лучших практик")
        ordering = ["-academic_year", "-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(url=""), name="practice_file_or_link"),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_at__isnull=False),
                name="practice_published_has_date",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "is_published"], name="practice_org_published_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""

"""Orders («приказы») with their per-organisation register, and documents built in the background."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.filenames import random_name
from mentoring.models import Municipality, Region
from mentoring.organisations.models import OrganisationOwnedModel


def practice_upload_to(instance: Practice, filename: str) -> str:
    """A random name (common.filenames): nothing about the practice or the original file shows in it."""
    return random_name("practices", filename)


class Practice(OrganisationOwnedModel):
    """An item of the bank of programmes and best practices («кейсы», «лучшие практики», «методическая
    копилка»): the organisation's curator publishes it, the municipal coordinator browses the bank."""

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("Программа наставничества")
        CASE = "case", _("Кейс")
        BEST_PRACTICE = "best_practice", _("Лучшая практика")
        METHOD = "method", _("Методический материал")

    kind = models.CharField(_("вид"), max_length=32, choices=Kind.choices, default=Kind.BEST_PRACTICE)
    title = models.CharField(_("название"), max_length=500)
    summary = models.TextField(
        _("краткое описание"), max_length=10000, validators=[MaxLengthValidator(10000)]
    )
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
        return (self.file.name or "").rsplit("/", 1)[-1] if self.file else ""


class ReportCollection(models.Model):
    """The municipal centre collects one kind of the schools' year documents (the final report, the
    analytical note) by a deadline. A school has sent its report once the document of that year is built in
    the app (the centre reads it there): nothing is e-mailed around."""

    class Kind(models.TextChoices):
        FINAL_REPORT = "final-report", _("Итоговый отчёт о реализации программы наставничества")
        ANALYTICAL_NOTE = "analytical-note", _("Аналитическая справка по итогам учебного года")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="report_collections",
        verbose_name=_("муниципалитет"),
    )
    kind = models.CharField(_("что собираем"), max_length=32, choices=Kind.choices)
    academic_year = models.CharField(_("учебный год"), max_length=9)
    due_on = models.DateField(_("срок сдачи"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("объявил"),
    )
    created_at = models.DateTimeField(_("объявлен"), auto_now_add=True)

    class Meta:
        verbose_name = _("сбор отчётов")
        verbose_name_plural = _("сборы отчётов")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "academic_year"], name="report_collection_unique_kind_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.academic_year})"

    @property
    def year_start(self) -> int:
        return int(self.academic_year[:4])


class MonitoringRound(models.Model):
    """A round of the region's monitoring: the regional coordinator names the figures (indicator codes), the
    academic year they are for and the deadline; each municipality's coordinator reviews the figures computed
    from its data and submits them."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="monitoring_rounds", verbose_name=_("регион")
    )
    title = models.CharField(_("название"), max_length=255)
    academic_year = models.CharField(_("учебный год"), max_length=9)
    indicator_codes = models.JSONField(_("показатели"), default=list)
    due_on = models.DateField(_("срок представления"))
    instructions = models.TextField(_("пояснение для муниципалитетов"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("объявил"),
    )
    created_at = models.DateTimeField(_("объявлен"), auto_now_add=True)

    class Meta:
        verbose_name = _("мониторинг")
        verbose_name_plural = _("мониторинги")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "title", "academic_year"], name="monitoring_round_unique_title_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.academic_year})"

    @property
    def year_start(self) -> int:
        return int(self.academic_year[:4])


class MonitoringSubmission(models.Model):
    """A municipality's answer to a round: the figures as they were when its coordinator submitted them,
    frozen (later changes of the data do not alter what the region received)."""

    round = models.ForeignKey(
        MonitoringRound, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("мониторинг")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="monitoring_submissions",
        verbose_name=_("муниципалитет"),
    )
    # {"totals": {code: {"value", "numerator", "denominator"}}, "organisations": [{"name", "values"}]}
    figures = models.JSONField(_("показатели"), default=dict)
    comment = models.TextField(_("комментарий муниципалитета"), blank=True)
    submitted_at = models.DateTimeField(_("представлено"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("представил"),
    )
    submitter_name = models.CharField(_("кто представил"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ответ муниципалитета на мониторинг")
        verbose_name_plural = _("ответы муниципалитетов на мониторинг")
        ordering = ["round", "municipality__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "municipality"], name="monitoring_submission_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} — {self.round}"

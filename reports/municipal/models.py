"""Orders («приказы») with their per-organisation register, and documents built in the background."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.filenames import random_name
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

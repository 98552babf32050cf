"""Orders («приказы») with their per-organisation register, and documents built in the background."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.filenames import RandomName
from mentoring.models import Organisation
from mentoring.organisations.models import OrganisationOwnedModel

# The longest text of one section of a document (the same bound as an order's own wording).
SECTION_TEXT_MAX = 20000


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
    file = models.FileField(_("файл"), upload_to=RandomName("documents"), blank=True)
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

    @property
    def params_query(self) -> str:
        """The parameters as a query string, for the Word copy of the document (`reports:document_docx`)."""
        from urllib.parse import urlencode

        return urlencode({key: value for key, value in (self.params or {}).items() if value is not None})


class DocumentSectionWording(OrganisationOwnedModel):
    """An organisation's own text of one section of a founding document («Положение о системе наставничества»,
    «Программа наставничества»), used instead of the standard one
    (`templates/reports/documents/sections/<document>/<section>.txt`) — the way an organisation keeps its own
    wording of an order (`reports.orders.models.OrderWording`)."""

    class Kind(models.TextChoices):
        REGULATION = "regulation", _("Положение о системе наставничества")
        PROGRAMME = "programme", _("Программа наставничества")

    document = models.CharField(_("документ"), max_length=32, choices=Kind.choices)
    section = models.SlugField(_("раздел"), max_length=32)
    text = models.TextField(
        _("текст"), max_length=SECTION_TEXT_MAX, validators=[MaxLengthValidator(SECTION_TEXT_MAX)]
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("изменил"),
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("текст раздела документа организации")
        verbose_name_plural = _("тексты разделов документов организаций")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "document", "section"], name="document_section_wording_unique_section"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_document_display()}, {self.section}"

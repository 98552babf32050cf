"""Documents built in the background: ordered (`document_request`, leaving an audit entry), then built by the
task worker (`document_build`). A document made while the visitor waits needs no service: the view asks its
class for the PDF (`Document.render_pdf`)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.models import Organisation
from mentoring.organisations.services import audit_entry_create
from mentoring.organisations.types import Actor
from reports.documents import registry
from reports.models import DocumentSectionWording, GeneratedDocument

logger = logging.getLogger(__name__)


def document_request(
    *, organisation: Organisation, kind_key: str, params: dict[str, Any], actor: Actor
) -> tuple[GeneratedDocument, bool]:
    """Queue a background document; (document, created). A second request for the same file while the first
    is still queued or running gets the first one (a double click builds it once)."""
    from reports.documents.tasks import build_generated_document

    kind = registry.get(kind_key)
    if kind is None or not kind.background or not kind.generic:
        raise ValidationError(_("Такой документ не формируется в фоне."))
    kind.check(organisation, params)
    with transaction.atomic():
        # Serialise requests of one organisation so that two clicks cannot both create a document.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        pending = (
            organisation.generated_documents.filter(
                kind=kind.key,
                params=params,
                status__in=[GeneratedDocument.Status.QUEUED, GeneratedDocument.Status.RUNNING],
            )
            .order_by("-created_at")
            .first()
        )
        if pending is not None:
            return pending, False
        document = GeneratedDocument.objects.create(
            organisation=organisation,
            kind=kind.key,
            title=str(kind.verbose_name),
            params=params,
            requested_by=actor if actor is not None and actor.is_authenticated else None,
        )
        audit_entry_create(
            actor=actor,
            organisation=organisation,
            action="document.requested",
            target=document,
            changes={"kind": str(kind.verbose_name)},
        )
    # With the database backend the task row is written in its own statement; the document exists by then.
    result = build_generated_document.enqueue(document.pk)
    GeneratedDocument.objects.filter(pk=document.pk, task_id="").update(task_id=str(result.id)[:64])
    document.refresh_from_db()
    return document, True


def _set_progress(document_id: int, done: int, total: int) -> None:
    # 5 % once started, up to 90 % while the parts are laid out, 100 % once the file is written.
    value = 5 + int(85 * done / max(total, 1))
    GeneratedDocument.objects.filter(pk=document_id).update(progress=min(value, 90))


def document_build(*, document_id: int) -> GeneratedDocument | None:
    """The task worker's job: lay the document out part by part (reporting progress), store the file."""
    claimed = GeneratedDocument.objects.filter(pk=document_id, status=GeneratedDocument.Status.QUEUED).update(
        status=GeneratedDocument.Status.RUNNING, started_at=timezone.now(), progress=5
    )
    document = GeneratedDocument.objects.select_related("organisation").filter(pk=document_id).first()
    if document is None or not claimed:
        return document
    kind = registry.get(document.kind)
    try:
        if kind is None:
            raise ValidationError(_("Неизвестный вид документа."))
        data = kind.render_pdf(
            document.organisation,
            document.params,
            progress=lambda done, total: _set_progress(document_id, done, total),
        )
        document.file.save(
            kind.filename(document.organisation, document.params), ContentFile(data), save=False
        )
    except Exception as error:
        logger.exception("Document %s failed", document_id)
        message = (
            "; ".join(error.messages)
            if isinstance(error, ValidationError)
            else _("Не удалось сформировать документ. Попробуйте ещё раз или сообщите администратору.")
        )
        GeneratedDocument.objects.filter(pk=document_id).update(
            status=GeneratedDocument.Status.FAILED, error=message, finished_at=timezone.now()
        )
    else:
        GeneratedDocument.objects.filter(pk=document_id).update(
            status=GeneratedDocument.Status.DONE,
            progress=100,
            file=document.file.name,
            finished_at=timezone.now(),
        )
    document.refresh_from_db()
    return document


# --- The organisation's own text of a section of a founding document -------------------------------------


@transaction.atomic
def document_section_save(
    *, organisation: Organisation, actor: Actor, document: str, section: str, text: str
) -> DocumentSectionWording:
    """Keep the organisation's own text of a section of the Положение or the Программа; its PDF and Word
    copy use it from now on. A text that cannot be filled in is refused and nothing is kept."""
    from reports.documents import foundation, sections

    sections.check_section(document, section)
    text = sections.check_text(text, values=foundation.section_values(organisation, document))
    wording = (
        DocumentSectionWording.objects.select_for_update()
        .filter(organisation=organisation, document=document, section=section)
        .first()
    )
    if wording is None:
        wording = DocumentSectionWording(organisation=organisation, document=document, section=section)
    elif wording.text == text:
        return wording
    wording.text = text
    wording.updated_by = actor if actor is not None and actor.is_authenticated else None
    wording.full_clean()
    wording.save()
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="document_section.saved",
        target=wording,
        changes={
            "document": wording.get_document_display(),
            "section": sections.section_title(document, section),
        },
    )
    return wording


@transaction.atomic
def document_section_reset(*, organisation: Organisation, actor: Actor, document: str, section: str) -> None:
    """Back to the standard text of the section."""
    from reports.documents import sections

    sections.check_section(document, section)
    deleted, _rows = DocumentSectionWording.objects.filter(
        organisation=organisation, document=document, section=section
    ).delete()
    if deleted:
        audit_entry_create(
            actor=actor,
            organisation=organisation,
            action="document_section.reset",
            target=None,
            changes={
                "document": str(DocumentSectionWording.Kind(document).label),
                "section": sections.section_title(document, section),
            },
        )

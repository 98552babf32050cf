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
from reports.models import GeneratedDocument

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

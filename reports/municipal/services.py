"""State changes of the bank of programmes and best practices: the curator adds, edits, publishes and
withdraws an item of the organisation; each change leaves an audit entry."""

from __future__ import annotations

import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.uploads import UploadKind, validate_upload
from mentoring.models import Organisation
from mentoring.organisations.services import audit_entry_create, field_changes
from mentoring.organisations.types import Actor
from reports.models import Practice
from roadmap.models import validate_academic_year

PRACTICE_FIELDS = ("kind", "title", "summary", "authors", "url", "academic_year")


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    data = {name: data[name] for name in PRACTICE_FIELDS if name in data}
    for name in ("title", "summary", "authors", "url", "academic_year"):
        if name in data:
            data[name] = (data[name] or "").strip()
    if not data.get("title"):
        raise ValidationError(_("Введите название."))
    if not data.get("summary"):
        raise ValidationError(_("Опишите практику в двух-трёх предложениях."))
    validate_academic_year(data.get("academic_year", ""))
    if data.get("kind") not in Practice.Kind.values:
        raise ValidationError(_("Выберите вид материала."))
    return data


@transaction.atomic
def practice_save(
    *,
    organisation: Organisation,
    actor: Actor,
    data: dict[str, Any],
    upload: UploadedFile[Any] | None = None,
    practice: Practice | None = None,
    remove_file: bool = False,
) -> Practice:
    """Create (practice=None) or change an item of the bank; a file or a link is required."""
    data = _clean(data)
    if upload is not None:
        validate_upload(upload, UploadKind.PRACTICE)
    if practice is not None:
        practice = Practice.objects.select_for_update().get(pk=practice.pk, organisation=organisation)
    has_file = upload is not None or (practice is not None and practice.file and not remove_file)
    if not has_file and not data.get("url"):
        raise ValidationError(_("Приложите файл или укажите ссылку на материал."))
    creating = practice is None
    if practice is None:
        practice = Practice(
            organisation=organisation,
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        changes = {name: ["", str(value)] for name, value in data.items() if value}
    else:
        changes = field_changes(practice, data)
    for name, value in data.items():
        setattr(practice, name, value)
    if remove_file and practice.file and upload is None:
        practice.file = ""
        changes["file"] = ["файл", ""]
    if upload is not None:
        filename = os.path.basename(upload.name or "")
        practice.file.save(filename, upload, save=False)
        changes["file"] = ["", filename]
    practice.full_clean()
    practice.save()
    if creating or changes:
        audit_entry_create(
            actor=actor,
            organisation=organisation,
            action="practice.created" if creating else "practice.updated",
            target=practice,
            changes=changes,
        )
    return practice


@transaction.atomic
def practice_publish(
    *, organisation: Organisation, practice_id: int, actor: Actor, published: bool
) -> Practice:
    """Publish in the municipal bank, or withdraw; repeating the same request changes nothing."""
    practice = Practice.objects.select_for_update().filter(organisation=organisation, pk=practice_id).first()
    if practice is None:
        raise ValidationError(_("Материал не найден."))
    if practice.is_published == published:
        return practice
    practice.is_published = published
    practice.published_at = timezone.now() if published else None
    practice.save(update_fields=["is_published", "published_at", "updated_at"])
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="practice.published" if published else "practice.withdrawn",
        target=practice,
        changes={"is_published": [not published, published]},
    )
    return practice


@transaction.atomic
def practice_delete(*, organisation: Organisation, practice_id: int, actor: Actor) -> None:
    practice = Practice.objects.select_for_update().filter(organisation=organisation, pk=practice_id).first()
    if practice is None:
        return
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="practice.deleted",
        target=practice,
        changes={"title": [practice.title, ""]},
    )
    if practice.file:
        practice.file.delete(save=False)
    practice.delete()

"""The uploaded file between the preview and the confirmation, staged in the project's storage
(`common.staging`) together with the sheets the preview read from it: the confirmation, and a new preview
with other columns or another sheet, start from those cells and do not open the workbook again.

The kept sheets are signed with the project's key and bound to the staged upload's token, so that sheets
changed in the storage, or copied there from another upload, are not taken: the file is then read again
(and the result kept in their place). Whatever the sheets, the confirmation compares the rows with the
database anew and writes only what the preview showed (`pipeline.import_confirm`'s `shown`).
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from common import staging
from mentoring.models import Organisation

from . import reader

logger = logging.getLogger(__name__)

_SIGNING_SALT = "mentoring.people_import.sheets"
_FORMAT = 1  # of what is kept; another one is read again from the file


def _purpose(organisation: Organisation) -> str:
    return f"people-import-{organisation.pk}"


def _signature(token: str, text: str) -> str:
    return salted_hmac(_SIGNING_SALT, f"{_FORMAT}:{token}:{text}", algorithm="sha256").hexdigest()


def _kept(token: str, sheets: list[reader.Sheet]) -> dict[str, object]:
    text = reader.sheets_as_json(sheets)
    if text is None:
        return {}
    return {"format": _FORMAT, "sheets": text, "signature": _signature(token, text)}


def _trusted(staged: staging.StagedUpload) -> list[reader.Sheet] | None:
    """The sheets kept with the upload, if they are there, whole and signed for it."""
    data = staged.data
    text, signature = data.get("sheets"), data.get("signature")
    if data.get("format") != _FORMAT or not isinstance(text, str) or not isinstance(signature, str):
        return None
    if not constant_time_compare(signature, _signature(staged.token, text)):
        logger.warning(
            "people import: the sheets kept for user %s (%s) are not signed for their upload",
            staged.owner_id,
            staged.purpose,
        )
        return None
    try:
        return reader.sheets_from_json(text)
    except (TypeError, ValueError):  # pragma: no cover - signed, so written by sheets_as_json
        return None


def people_import_stage(
    *, organisation: Organisation, owner_id: int, content: bytes, name: str, sheets: list[reader.Sheet]
) -> str:
    """Stage the uploaded file with the sheets its preview read; returns the staged upload's token."""
    purpose = _purpose(organisation)
    token = staging.staged_upload_save(file=content, owner_id=owner_id, purpose=purpose, name=name)
    kept = _kept(token, sheets)
    if kept:
        staging.staged_upload_update(token=token, owner_id=owner_id, purpose=purpose, data=kept)
    return token


def people_import_sheets(
    *, organisation: Organisation, owner_id: int, token: str, filename: str = ""
) -> list[reader.Sheet]:
    """The sheets of the staged upload: those kept with it, else the file read again.
    `staging.StagedUploadMissing` when the upload is not there for this owner (used, expired, never made);
    a ValidationError when the kept sheets cannot be taken and the file cannot be read either."""
    purpose = _purpose(organisation)
    staged = staging.staged_upload_get(token=token, owner_id=owner_id, purpose=purpose)
    sheets = _trusted(staged)
    if sheets is not None:
        return sheets
    content = staging.staged_upload_open(token=token, owner_id=owner_id, purpose=purpose)
    try:
        sheets = reader.read(content, filename or staged.name)
    except ValidationError:
        raise ValidationError(
            _("Проверенный файл больше не читается (его копия на сервере повреждена). Загрузите файл снова.")
        ) from None
    kept = _kept(token, sheets)
    if kept:
        staging.staged_upload_update(token=token, owner_id=owner_id, purpose=purpose, data=kept)
    return sheets


def people_import_discard(*, token: str) -> None:
    """The staged upload is done with (imported): delete it and its sheets."""
    staging.staged_upload_delete(token=token)

"""Import of an existing roadmap: readers for .docx, .xlsx and pasted text, one table normaliser.

Pure code: nothing here touches the database. `parse_upload` and `parse_pasted` give a `ParsedRoadmap`
(stages, activities, doubts) that the preview shows and `services.roadmap_import` saves.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from .normalise import (
    FIELDS,
    ParsedActivity,
    ParsedColumn,
    ParsedRoadmap,
    ParsedStage,
    field_labels,
    normalise,
)
from .readers import RawDocument, UnreadableFile, read_docx, read_text, read_xlsx

SUPPORTED = (".docx", ".xlsx", ".txt", ".tsv")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024

__all__ = [
    "FIELDS",
    "MAX_UPLOAD_BYTES",
    "SUPPORTED",
    "ParsedActivity",
    "ParsedColumn",
    "ParsedRoadmap",
    "ParsedStage",
    "RawDocument",
    "UnreadableFile",
    "field_labels",
    "normalise",
    "parse_pasted",
    "parse_upload",
    "read_upload",
]


def read_upload(name: str, data: bytes) -> RawDocument:
    suffix = Path(name or "").suffix.lower()
    if suffix in (".doc", ".xls", ".rtf", ".odt", ".ods", ".pdf"):
        raise UnreadableFile(
            _(
                "Формат %(suffix)s не поддерживается. Сохраните документ как .docx (Word) или .xlsx (Excel) "
                "либо скопируйте таблицу и вставьте её текстом."
            )
            % {"suffix": suffix}
        )
    if suffix not in SUPPORTED:
        raise UnreadableFile(_("Загрузите файл .docx, .xlsx или .txt — или вставьте таблицу текстом."))
    if not data:
        raise UnreadableFile(_("Файл пустой."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise UnreadableFile(_("Файл больше 5 МБ: это не похоже на дорожную карту."))
    if suffix == ".docx":
        return read_docx(data)
    if suffix == ".xlsx":
        return read_xlsx(data)
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return read_text(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(_("Не удалось прочитать текст: сохраните его в кодировке UTF-8."))


def parse_upload(name: str, data: bytes, **options) -> ParsedRoadmap:
    return normalise(read_upload(name, data), **options)


def parse_pasted(text: str, **options) -> ParsedRoadmap:
    return normalise(read_text(text), **options)

"""Every uploaded file goes through `validate_upload(file, kind)`: one table of kinds (which extensions, how
big), one order of checks, one set of Russian sentences.

1. the file is not empty and not bigger than the kind allows (checked first: nothing is read before);
2. its extension is one the kind accepts;
3. its content, sniffed with `filetype` from the first bytes, is what the extension says (a PDF is a PDF, a
   «.png» holding a PDF is refused); a text file holds no binary zeros;
4. a zip-based file (docx, xlsx, pptx, odt, ods, odp, zip) is opened as a zip and refused when its entries
   declare more than `max_unpacked` bytes in all (100 MB) or compress absurdly well — a zip bomb is refused
   from its central directory alone, without inflating anything; an office document must also hold the part
   that makes it one (word/document.xml for a .docx…).
The file is left at its start for whoever saves or reads it next.
"""

from __future__ import annotations

import enum
import os
import zipfile
from dataclasses import dataclass
from typing import Protocol

import filetype
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

MB = 1024 * 1024
HEAD_BYTES = 8192  # what `filetype` looks at
MAX_UNPACKED = 100 * MB
MAX_RATIO = 200  # unpacked / packed; office XML packs 5-30 times, a bomb thousands of times
MAX_ENTRIES = 10_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .ppt (Office 97-2003)

# What the content of each extension must be: the extensions `filetype` may name for it.
_SNIFFED = {
    "pdf": {"pdf"},
    "jpg": {"jpg"},
    "jpeg": {"jpg"},
    "png": {"png"},
    "mp4": {"mp4", "m4v", "mov"},
    "zip": {"zip"},
    # A zip-based document may be named after its own kind or just «zip» (filetype reads only the first
    # entries); the zip listing decides.
    "docx": {"docx", "zip"},
    "xlsx": {"xlsx", "zip"},
    "pptx": {"pptx", "zip"},
    "odt": {"odt", "zip"},
    "ods": {"ods", "zip"},
    "odp": {"odp", "zip"},
}
_OLE = {"doc", "xls", "ppt"}
_TEXT = {"txt", "tsv", "csv"}
# The part a zip must hold to be this kind of document.
_MAIN_PART = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
_ODF_MIMETYPE = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
_ZIPPED = set(_MAIN_PART) | set(_ODF_MIMETYPE) | {"zip"}


@dataclass(frozen=True)
class UploadRule:
    what: StrOrPromise  # for the help text: «PDF, JPG или PNG»
    extensions: tuple[str, ...]
    max_bytes: int
    max_unpacked: int = MAX_UNPACKED

    @property
    def accept(self) -> str:
        """For `<input type="file" accept="…">`."""
        return ",".join(f".{extension}" for extension in self.extensions)

    @property
    def help_text(self) -> str:
        return capfirst(_("%(what)s, до %(mb)s МБ.") % {"what": self.what, "mb": self.max_bytes // MB})


class UploadKind(enum.Enum):
    # A scanned paper: a consent.
    SCAN = UploadRule(gettext_lazy("PDF, JPG или PNG"), ("pdf", "jpg", "jpeg", "png"), 10 * MB)
    # What shows a plan item or a roadmap activity was done: an order, a protocol, photos, a table.
    EVIDENCE = UploadRule(
        gettext_lazy("PDF, Word, Excel, PowerPoint, фото (JPG, PNG), текст или архив ZIP"),
        (
            "pdf",
            "doc",
            "docx",
            "xls",
            "xlsx",
            "ppt",
            "pptx",
            "odt",
            "ods",
            "txt",
            "jpg",
            "jpeg",
            "png",
            "zip",
        ),
        20 * MB,
    )
    # An .xlsx table.
    SPREADSHEET = UploadRule(gettext_lazy("файлы Excel (.xlsx)"), ("xlsx",), 10 * MB)
    # A people list for the people and bases import: .xlsx, or .csv saved from any table.
    PEOPLE_LIST = UploadRule(gettext_lazy("файлы Excel (.xlsx) или CSV"), ("xlsx", "csv"), 10 * MB)
    # An existing roadmap to import (the roadmap import's readers: Word, Excel, text).
    ROADMAP = UploadRule(
        gettext_lazy("Word (.docx), Excel (.xlsx) или текст (.txt)"), ("docx", "xlsx", "txt", "tsv"), 10 * MB
    )
    # A programme or a practice for the municipal bank.
    PRACTICE = UploadRule(
        gettext_lazy("PDF, Word, PowerPoint, Excel, фото, видео MP4 или архив ZIP"),
        (
            "pdf",
            "doc",
            "docx",
            "ppt",
            "pptx",
            "xls",
            "xlsx",
            "odt",
            "odp",
            "ods",
            "txt",
            "jpg",
            "jpeg",
            "png",
            "zip",
            "mp4",
        ),
        20 * MB,
    )

    @property
    def rule(self) -> UploadRule:
        return self.value


def _help_text(kind: UploadKind) -> str:
    return kind.rule.help_text


# For a form field's help text, translated when shown: «PDF, JPG или PNG, до 10 МБ.»
help_text = lazy(_help_text, str)


class Upload(Protocol):
    @property
    def name(self) -> str | None: ...

    @property
    def size(self) -> int | None: ...

    def seek(self, offset: int, whence: int = 0) -> int: ...

    def read(self, size: int = -1) -> bytes: ...


def validate_upload(file: Upload, kind: UploadKind) -> None:
    """Refuse, with a Russian sentence, a file that is empty, too big, of an extension the kind does not
    take, whose content is not what its extension says, or a zip that would unpack into too much."""
    rule = kind.rule
    name = os.path.basename(file.name or "")
    size = _size(file)
    if size == 0:
        raise ValidationError(_("Файл «%(name)s» пустой.") % {"name": name}, code="empty")
    if size > rule.max_bytes:
        raise ValidationError(
            _("Файл «%(name)s» больше %(mb)s МБ: сожмите его или разделите на части.")
            % {"name": name, "mb": rule.max_bytes // MB},
            code="too_big",
        )
    extension = os.path.splitext(name)[1].lower().lstrip(".")
    if extension not in rule.extensions:
        raise ValidationError(
            _("Файл «%(name)s» не принимается: файлы %(extension)s сюда не принимаются. Подойдут: %(what)s.")
            % {
                "name": name,
                "extension": f".{extension}" if extension else _("без расширения"),
                "what": rule.what,
            },
            code="extension",
        )
    try:
        file.seek(0)
        head = file.read(HEAD_BYTES)
        if not _content_agrees(extension, head):
            raise ValidationError(
                _(
                    "Файл «%(name)s» повреждён или это не %(extension)s, хотя так назван. "
                    "Сохраните его заново в этом формате."
                )
                % {"name": name, "extension": extension.upper()},
                code="content",
            )
        if extension in _ZIPPED:
            _check_zip(file, name, extension, rule)
    finally:
        file.seek(0)


def _size(file: Upload) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, os.SEEK_END)
        size = file.tell() if hasattr(file, "tell") else 0
        file.seek(0)
    return int(size)


def _content_agrees(extension: str, head: bytes) -> bool:
    guessed = filetype.guess(head)
    sniffed = guessed.extension if guessed is not None else None
    if extension in _TEXT:
        return sniffed is None and b"\x00" not in head
    if extension in _OLE:
        return sniffed in _OLE or head.startswith(OLE_MAGIC)
    return sniffed in _SNIFFED.get(extension, ())


def _check_zip(file: Upload, name: str, extension: str, rule: UploadRule) -> None:
    broken = ValidationError(
        _("Файл «%(name)s» повреждён: он не открывается как %(extension)s.")
        % {"name": name, "extension": extension.upper()},
        code="content",
    )
    file.seek(0)
    try:
        archive = zipfile.ZipFile(file)  # reads only the central directory
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise broken from None
    with archive:
        entries = archive.infolist()
        unpacked = sum(entry.file_size for entry in entries)
        packed = sum(entry.compress_size for entry in entries)
        if (
            len(entries) > MAX_ENTRIES
            or unpacked > rule.max_unpacked
            or (unpacked > MB and unpacked > MAX_RATIO * max(packed, 1))
        ):
            raise ValidationError(
                _(
                    "Файл «%(name)s» распаковывается в слишком большой объём (больше %(mb)s МБ) "
                    "или из слишком многих частей — такой файл не принимается."
                )
                % {"name": name, "mb": rule.max_unpacked // MB},
                code="zip_bomb",
            )
        names = {entry.filename for entry in entries}
        if extension in _MAIN_PART and _MAIN_PART[extension] not in names:
            raise broken
        if extension in _ODF_MIMETYPE:
            if "mimetype" not in names or archive.getinfo("mimetype").file_size > 200:
                raise broken
            try:
                mimetype = archive.read("mimetype")  # a few dozen bytes, and declared so above
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
                raise broken from None
            if mimetype.strip() != _ODF_MIMETYPE[extension]:
                raise broken

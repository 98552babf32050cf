"""A people list file as sheets of rows; each row keeps the number Excel shows for it.

.xlsx through openpyxl (read-only: values only, a merged cell's value sits in its first cell; an inline
string, which openpyxl and many other programs write, is read straight from its text elements, see
`_SheetParser`); .csv with the
delimiter and the encoding (UTF-8 or Windows-1251) guessed. .xls is not read: no reader for it is installed,
and the page asks to save the file as .xlsx.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS

MAX_ROWS = 5000  # data rows; a bigger list is split in parts


@dataclass
class Sheet:
    name: str
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (Excel row number, cells)


_INLINE = f"{{{SHEET_MAIN_NS}}}is"
_TEXT = f"{{{SHEET_MAIN_NS}}}t"
_RUN = f"{{{SHEET_MAIN_NS}}}r"
_VALUE = f"{{{SHEET_MAIN_NS}}}v"


class _SheetParser(WorkSheetParser):
    """openpyxl's sheet parser (the one its read-only sheets use), but an inline string (`t="inlineStr"`)
    is read from its <t> elements instead of being built into openpyxl's rich-text objects first, which
    was most of the time of reading such a file. The value is the same as openpyxl's `Text.content`: the
    plain text and the texts of the runs, without the phonetic hints (<rPh>)."""

    def parse_cell(self, element):
        if element.get("t") == "inlineStr":
            inline = element.find(_INLINE)
            if inline is not None:
                parts = [inline.findtext(_TEXT) or ""]
                parts += [run.findtext(_TEXT) or "" for run in inline.iterfind(_RUN)]
                element.remove(inline)
                element.set("t", "str")  # a string value of its own: what openpyxl makes of it is text
                value = element.makeelement(_VALUE, {})
                value.text = "".join(parts)
                element.append(value)
        return super().parse_cell(element)


def read(content: bytes, filename: str = "") -> list[Sheet]:
    """Every sheet of the file with its rows; a file that cannot be read is a ValidationError."""
    if filename.lower().endswith(".csv"):
        return [_read_csv(content)]
    return _read_xlsx(content)


def _read_xlsx(content: bytes) -> list[Sheet]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds (zip, XML, key errors) for a broken file
        raise ValidationError(
            _(
                "Не удалось прочитать файл Excel: он повреждён или это не .xlsx. "
                "Сохраните его заново как .xlsx."
            )
        ) from error
    sheets = []
    try:
        for worksheet in book.worksheets:
            sheet = Sheet(name=worksheet.title)
            # What `worksheet.iter_rows(values_only=True)` gives, through `_SheetParser`: per row its
            # number and the values by column, the missing cells None.
            read_only: Any = worksheet  # a ReadOnlyWorksheet; the stubs do not name its source
            opened: Any = book
            with read_only._get_source() as source:
                parser = _SheetParser(
                    source,
                    read_only._shared_strings,
                    data_only=True,
                    epoch=opened.epoch,
                    date_formats=opened._date_formats,
                    timedelta_formats=opened._timedelta_formats,
                )
                for number, found in parser.parse():
                    cells: list[Any] = [None] * (found[-1]["column"] if found else 0)
                    for cell in found:
                        cells[cell["column"] - 1] = cell["value"]
                    while cells and cells[-1] in (None, ""):
                        cells.pop()
                    if cells:
                        sheet.rows.append((number, cells))
                    if len(sheet.rows) > MAX_ROWS + 50:
                        break
            sheets.append(sheet)
    finally:
        book.close()
    return sheets


def _read_csv(content: bytes) -> Sheet:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1251 decodes every byte but a few
        raise ValidationError(_("Не удалось прочитать файл .csv: сохраните его в кодировке UTF-8."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if text.count(";") > text.count(",") else ","
    sheet = Sheet(name="CSV")
    for number, values in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        cells = [value.strip() for value in values]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            sheet.rows.append((number, cells))
    return sheet

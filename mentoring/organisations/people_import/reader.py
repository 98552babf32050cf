"""A people list file as sheets of rows; each row keeps the number Excel shows for it.

.xlsx through openpyxl (read-only: values only, a merged cell's value sits in its first cell); .csv with the
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

MAX_ROWS = 5000  # data rows; a bigger list is split in parts


@dataclass
class Sheet:
    name: str
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (Excel row number, cells)


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
            for number, values in enumerate(worksheet.iter_rows(min_row=1, values_only=True), start=1):
                cells = list(values)
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

"""A people list file as sheets of rows; each row keeps the number Excel shows for it.

.xlsx through openpyxl (read-only: values only, a merged cell's value sits in its first cell); .csv with the
delimiter and the encoding (UTF-8 or Windows-1251) guessed. .xls is not read: no reader for it is installed,
and the page asks to save the file as .xlsx.

The sheets read also go to JSON and back (`sheets_as_json`, `sheets_from_json`) exactly, cell types
included: the page keeps them beside the staged upload, so that its confirmation does not open the workbook
again (openpyxl's parsing is most of a preview's time).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
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


# --- The sheets as JSON -----------------------------------------------------------------------------------

# Cells JSON holds as they are; the others as [tag, ...] (a list is never a cell's own value).
_PLAIN = (str, int, float, bool)


def _cell_json(value: Any) -> Any:
    if value is None or type(value) in _PLAIN:
        return value
    # datetime before date: a datetime is a date too.
    if isinstance(value, datetime.datetime):
        return ["dt", value.isoformat()]
    if isinstance(value, datetime.date):
        return ["d", value.isoformat()]
    if isinstance(value, datetime.time):
        return ["t", value.isoformat()]
    if isinstance(value, datetime.timedelta):
        return ["td", value.days, value.seconds, value.microseconds]
    raise TypeError(type(value).__name__)


def _cell_from_json(value: Any) -> Any:
    if value is None or type(value) in _PLAIN:
        return value
    if type(value) is list and value:
        tag = value[0]
        if tag == "dt" and len(value) == 2:
            return datetime.datetime.fromisoformat(value[1])
        if tag == "d" and len(value) == 2:
            return datetime.date.fromisoformat(value[1])
        if tag == "t" and len(value) == 2:
            return datetime.time.fromisoformat(value[1])
        if tag == "td" and len(value) == 4 and all(type(part) is int for part in value[1:]):
            return datetime.timedelta(days=value[1], seconds=value[2], microseconds=value[3])
    raise ValueError(f"not a cell: {value!r}")


def sheets_as_json(sheets: list[Sheet]) -> str | None:
    """The sheets as JSON text; None when a cell is of a kind it cannot keep exactly (the file is then
    read again when needed)."""
    try:
        data = [
            [sheet.name, [[number, [_cell_json(cell) for cell in cells]] for number, cells in sheet.rows]]
            for sheet in sheets
        ]
    except TypeError:
        return None
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def sheets_from_json(text: str) -> list[Sheet]:
    """The sheets `sheets_as_json` wrote; ValueError for anything else."""
    data = json.loads(text)
    if type(data) is not list:
        raise ValueError("not a list of sheets")
    sheets = []
    for item in data:
        if type(item) is not list or len(item) != 2 or type(item[0]) is not str or type(item[1]) is not list:
            raise ValueError("not a sheet")
        sheet = Sheet(name=item[0])
        for row in item[1]:
            if type(row) is not list or len(row) != 2 or type(row[0]) is not int or type(row[1]) is not list:
                raise ValueError("not a row")
            sheet.rows.append((row[0], [_cell_from_json(cell) for cell in row[1]]))
        sheets.append(sheet)
    return sheets

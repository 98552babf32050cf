"""Find the header row among the first rows of a sheet and say what each column is.

The header row is the row, among the first `HEADER_SEARCH_ROWS`, whose cells name the most known columns
and that names the person (a «ФИО» column, or «Фамилия» and «Имя»). Title rows above it («Список
педагогических работников…», merged across the sheet) are passed over. When the row below it names more
columns in the cells the header leaves empty (a two-level header under merged cells), those names are taken
and the data starts one row further down.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from . import fields
from .reader import Sheet

HEADER_SEARCH_ROWS = 20


@dataclass
class Column:
    index: int
    header: str
    field: str  # a field code, or fields.SKIP
    recognised: bool
    sample: str = ""
    note: str = ""

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)

    @property
    def field_label(self) -> str:
        return fields.label(self.field) if self.field else ""


@dataclass
class Layout:
    sheet: str
    header_row: int  # as Excel numbers it
    data_from: int = 0  # the first row under the header (one more under a two-level header)
    columns: list[Column] = field(default_factory=list)
    data: list[tuple[int, list[Any]]] = field(default_factory=list)

    def index_of(self) -> dict[str, int]:
        return {column.field: column.index for column in self.columns if column.field}


def _names_person(codes: set[str]) -> bool:
    return fields.FULL_NAME in codes or {"last_name", "first_name"} <= codes


def _codes(cells: list[Any], target: str) -> list[str | None]:
    return [fields.field_for_header(cell, target) if isinstance(cell, str) else None for cell in cells]


def find_header(sheet: Sheet, target: str) -> tuple[int, int] | None:
    """(position in sheet.rows, how many known columns) of the header row, or None."""
    best = None
    for position, (_number, cells) in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        codes = {code for code in _codes(cells, target) if code and code != fields.NUMBER}
        if not _names_person(codes):
            continue
        if best is None or len(codes) > best[1]:
            best = (position, len(codes))
    return best


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def layout_of(sheet: Sheet, target: str, mapping: dict[int, str] | None = None) -> Layout:
    """The sheet's header row and columns, with the user's own mapping (column index → field code) laid
    over the recognised one. A sheet without a header row is a ValidationError."""
    found = find_header(sheet, target)
    if found is None:
        raise ValidationError(
            _(
                "На листе «%(sheet)s» не найдена строка с названиями столбцов: в первых %(rows)s строках нет "
                "столбца «ФИО» или столбцов «Фамилия» и «Имя». Подпишите столбцы или скачайте образец."
            )
            % {"sheet": sheet.name, "rows": HEADER_SEARCH_ROWS}
        )
    position, _count = found
    header_number, header_cells = sheet.rows[position]
    headers = [_text(cell) for cell in header_cells]
    data_start = position + 1
    # A two-level header: the next row names columns where the header row is empty or says something
    # general («Сведения о работе» merged over «Должность» and «Стаж»), and holds no name.
    if data_start < len(sheet.rows):
        next_number, next_cells = sheet.rows[data_start]
        top = _codes(header_cells, target)
        sub = _codes(next_cells, target)
        name_columns = [
            index for index, code in enumerate(top) if code in fields.NAME_CODES + (fields.FULL_NAME,)
        ]
        names_empty = all(
            index >= len(next_cells) or next_cells[index] in (None, "") for index in name_columns
        )
        fills = [
            index
            for index, code in enumerate(sub)
            if code and code != fields.NUMBER and (index >= len(top) or top[index] is None)
        ]
        if next_number == header_number + 1 and fills and names_empty:
            for index in fills:
                while len(headers) <= index:
                    headers.append("")
                headers[index] = _text(next_cells[index])
            data_start += 1
    data = sheet.rows[data_start:]
    allowed = {item.code for item in fields.fields_for(target)}
    columns: list[Column] = []
    taken: dict[str, int] = {}
    for index, header in enumerate(headers):
        code = fields.field_for_header(header, target) if header else None
        recognised = code is not None
        if code == fields.NUMBER:
            code = fields.SKIP
        note = ""
        if mapping is not None and index in mapping:
            wanted = mapping[index]
            code = wanted if wanted in allowed else fields.SKIP
        if code and code in taken:
            note = _("столбец «%(other)s» уже загружается как «%(field)s»") % {
                "other": headers[taken[code]],
                "field": fields.label(code),
            }
            code = fields.SKIP
        if code:
            taken[code] = index
        sample = next(
            (_text(cells[index]) for _n, cells in data[:20] if index < len(cells) and _text(cells[index])), ""
        )
        columns.append(Column(index, header, code or fields.SKIP, recognised, sample[:60], note))
    # A file naming both «ФИО» and «Фамилия», «Имя»: the separate columns are read.
    if fields.FULL_NAME in taken and {"last_name", "first_name"} <= set(taken):
        columns[taken.pop(fields.FULL_NAME)].field = fields.SKIP
    if not _names_person(set(taken)):
        raise ValidationError(
            _("Укажите, в каком столбце ФИО (или в каких — фамилия и имя): без них людей не найти.")
        )
    data_from = header_number + 1 + (data_start - position - 1)
    return Layout(sheet=sheet.name, header_row=header_number, data_from=data_from, columns=columns, data=data)


def choose_sheet(sheets: list[Sheet], target: str, name: str = "") -> tuple[Sheet, list[str]]:
    """The sheet to read: the one named, else the first with a header row; and the names of every sheet."""
    names = [sheet.name for sheet in sheets]
    if name:
        for sheet in sheets:
            if sheet.name == name:
                return sheet, names
        raise ValidationError(_("В файле нет листа «%(name)s».") % {"name": name})
    for sheet in sheets:
        if sheet.rows and find_header(sheet, target) is not None:
            return sheet, names
    filled = [sheet for sheet in sheets if sheet.rows]
    if not filled:
        raise ValidationError(_("В файле нет ни одной строки с данными."))
    return filled[0], names

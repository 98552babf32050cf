"""Every .xlsx the app writes: a header and rows of plain values (never model instances) in openpyxl's
write-only mode, after pretix's `ListExporter` — a subclass names its list, its columns and its rows, and
`render()` gives the bytes.

What every book gets:
- a bold header row, frozen, and column widths (given, or from the header and the first rows); a column of
  texts too long for the widest column wraps them, and a row whose wrapped texts take several lines gets
  its height (LibreOffice does not grow a row by itself);
- per column a kind (`Kind`) that decides how its values are written, once per column and not by inspecting
  every cell: dates as real dates «ДД.ММ.ГГГГ» (a datetime «ДД.ММ.ГГГГ ЧЧ:ММ», in the current time zone),
  int/float/Decimal as real numbers, booleans as «да»/«нет» (the words the import reads back), None as an
  empty cell;
- ONE cell-safety rule: a text is always a string cell (`data_type = "s"`), never a formula, and when it
  starts with = + - @ it also gets the `quotePrefix` style, so Excel keeps it text when the cell is edited.
  The text itself is never changed: «=1+1» is stored as «=1+1», «+7 914 …» as «+7 914 …». (Only characters
  that XML cannot hold at all, control characters other than tab and line breaks, are dropped.)
- optionally the print setup of a wide register: landscape A4, fitted to the page width, the header row
  repeated on every page.

`filename()` builds the one file name pattern «<Что> <организация> <ДД.ММ.ГГГГ>.xlsx».
"""

from __future__ import annotations

import datetime
import decimal
import io
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TIME_FORMATS, Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.fonts import DEFAULT_FONT
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"


class _RussianDate(datetime.date):
    """A date that openpyxl writes as DD.MM.YYYY by itself: its table of formats by type
    (`openpyxl.cell.cell.TIME_FORMATS`, which it extends with subclasses it meets) knows this type. An
    unstyled date cell then takes the streaming writer's plain path instead of a cell object of ours."""


class _RussianDateTime(datetime.datetime):
    """The same for a date and time, DD.MM.YYYY HH:MM."""


TIME_FORMATS[_RussianDate] = DATE_FORMAT
TIME_FORMATS[_RussianDateTime] = DATETIME_FORMAT
QUOTED_START = ("=", "+", "-", "@")
# A text starting with one of these is written through a cell object of ours; any other text is handed to
# openpyxl as it is, which stores it as a string cell (it only makes a formula of «=…» and an error of «#…»).
_NOT_PLAIN = frozenset("=+-@#")
SAMPLE_ROWS = 200  # rows measured for the column widths
MIN_WIDTH, MAX_WIDTH = 8, 60
DEFAULT_WIDTH = 8.43  # a column the sheet gives no width
FONT_SIZE = 11.0  # the book's Calibri (`DEFAULT_FONT`)
LINE_HEIGHT = 15.0  # points: a line of 11 pt Calibri, Excel's own row height
# Characters of a wrapped text per unit of column width (the width of a «0»): Cyrillic in Calibri takes
# a little less than a digit, in the sans-serif LibreOffice draws without Calibri a little more; bold more.
CHARS_PER_WIDTH, BOLD_CHARS_PER_WIDTH = 0.9, 0.8
_NUMBERS = (int, float, decimal.Decimal)
_FILENAME_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


class Kind(Enum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    DATETIME = "datetime"
    BOOLEAN = "boolean"
    AUTO = "auto"  # mixed values (a questionnaire's answers): the kind is picked per value, by its type


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT
    width: float | None = None  # None: from the header and the first rows
    wrap: bool = False  # long texts wrap inside the cell (the width stays as given)


@dataclass(frozen=True)
class Row:
    """A row written with emphasis: a stage line of a roadmap, the title above a register."""

    values: Sequence[Any]
    bold: bool = False
    size: float | None = None
    framed: bool = True  # in a framed sheet, whether this row gets the borders too


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any] | Row]
    above: Sequence[Sequence[Any] | Row] = ()  # lines above the header: a title, an approval block
    print_setup: bool = False  # landscape, fitted to the page width, the header repeated on every page
    framed: bool = False  # thin borders around the header and body cells


def render(*sheets: Sheet) -> bytes:
    """The .xlsx bytes of one or more sheets."""
    book = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(book, sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class ListExporter:
    """One list as a book (pretix's `ListExporter`): `name` is the sheet's title and the first words of the
    file name; a subclass gives `columns` and `rows()` (plain values, one sequence per row), and may add
    `above()` lines or more sheets through `sheets()`."""

    name: StrOrPromise = ""
    sheet_title: StrOrPromise = ""
    columns: Sequence[Column] = ()
    print_setup: bool = False
    framed: bool = False

    def rows(self) -> Iterable[Sequence[Any] | Row]:
        raise NotImplementedError

    def above(self) -> Sequence[Sequence[Any] | Row]:
        return ()

    def sheets(self) -> list[Sheet]:
        return [
            Sheet(
                title=str(self.sheet_title or self.name),
                columns=self.columns,
                rows=self.rows(),
                above=self.above(),
                print_setup=self.print_setup,
                framed=self.framed,
            )
        ]

    def render(self) -> bytes:
        return render(*self.sheets())

    def filename(self, organisation: str, day: datetime.date) -> str:
        return filename(str(self.name), organisation, day)


def filename(what: str, organisation: str, day: datetime.date, *, extension: str = "xlsx") -> str:
    """«База наставников МБОУ СОШ № 1 01.09.2025.xlsx»: what, whose, of which day. Characters that a file
    system refuses (/ \\ : * ? " < > |) become spaces."""
    parts = [_FILENAME_UNSAFE.sub(" ", str(part)).strip() for part in (what, organisation)]
    name = " ".join(" ".join(part.split()) for part in parts if part)
    return f"{name} {day:%d.%m.%Y}.{extension}"


def yes_no(value: bool) -> str:
    return _("да") if value else _("нет")


# --- Writing ----------------------------------------------------------------------------------------------


def _write_sheet(book: Workbook, sheet: Sheet) -> None:
    ws = book.create_sheet(title=_sheet_title(sheet.title))
    columns = list(sheet.columns)
    rows = iter(sheet.rows)
    sample = list(itertools.islice(rows, SAMPLE_ROWS))
    widths = [column.width or _width(column, index, sample) for index, column in enumerate(columns, start=1)]
    # A column of texts longer than the widest column wraps them: left on one line, the end of a goal or a
    # list of competencies was hidden behind the next cell, on the screen and on paper.
    columns = [
        replace(column, wrap=True)
        if column.width is None
        and column.kind in (Kind.TEXT, Kind.AUTO)
        and not column.wrap
        and width >= MAX_WIDTH
        else column
        for column, width in zip(columns, widths, strict=True)
    ]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    header_row = len(sheet.above) + 1
    ws.freeze_panes = f"A{header_row + 1}"
    if sheet.print_setup:
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = f"{header_row}:{header_row}"
    border = _thin_border() if sheet.framed else None
    heights = _Heights(ws, widths)
    if sheet.above:
        width = max(len(_values(line)) for line in sheet.above)
        free = [_Cells(ws, Column("", Kind.AUTO), border=None) for _index in range(width)]
        framed = [_Cells(ws, Column("", Kind.AUTO), border=border) for _index in range(width)]
        for line in sheet.above:
            cells = framed if isinstance(line, Row) and line.framed and border else free
            heights.append(_converted(cells, line), line, wrapping=range(width) if cells is framed else ())
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=str(column.header))
        cell.data_type = "s"
        cell.font = _font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if border:
            cell.border = border
        header.append(cell)
    titles = Row([str(column.header) for column in columns], bold=True)
    heights.append(header, titles, wrapping=range(len(columns)))
    tall = border is not None or any(column.wrap for column in columns)
    cells = [_Cells(ws, column, border=border, top=tall) for column in columns]
    plain = [cell.convert for cell in cells]
    wrapped = [index for index, cell in enumerate(cells) if cell.wraps]
    for line in itertools.chain(sample, rows):
        if isinstance(line, Row):
            converted = _converted(cells, line)
        else:
            converted = [convert(value) for convert, value in zip(plain, line, strict=False)]
        if wrapped:
            heights.append(converted, line, wrapping=wrapped)
        else:
            ws.append(converted)


class _Heights:
    """Rows tall enough for their wrapped texts. Excel grows a row to its wrapped text when the file is
    opened, LibreOffice does not: it keeps every row one line high, the second line of a header is drawn
    over the first data row and a long text is cut off. So a row with a wrapped text of several lines gets
    its height written: the lines the text takes in its column (`_line_count`), 15 pt each at 11 pt."""

    def __init__(self, ws: Worksheet, widths: Sequence[float]):
        self.ws = ws  # a write-only sheet: it has the row dimensions of a `Worksheet` (`Worksheet._setup`)
        self.widths = widths
        self.index = 0

    def append(self, cells: list[Any], line: Sequence[Any] | Row, *, wrapping: Sequence[int]) -> None:
        """Append the row `cells` made of `line`; `wrapping`: the indexes of its cells that wrap."""
        self.index += 1
        values = _values(line)
        bold = isinstance(line, Row) and line.bold
        lines = 1
        for index in wrapping:
            value = values[index] if index < len(values) else None
            if isinstance(value, str) and value:
                width = self.widths[index] if index < len(self.widths) else DEFAULT_WIDTH
                lines = max(lines, _line_count(value, width, bold=bold))
        if lines == 1:
            self.ws.append(cells)
            return
        size = (line.size if isinstance(line, Row) else None) or FONT_SIZE
        self.ws.row_dimensions[self.index].height = lines * LINE_HEIGHT * size / FONT_SIZE
        self.ws.append(cells)
        del self.ws.row_dimensions[self.index]  # written with its row; the book keeps no row of 10,000


def _line_count(text: str, width: float, *, bold: bool = False) -> int:
    """The lines `text` takes wrapped in a column `width` characters wide, broken at spaces as a
    spreadsheet breaks it (a word longer than the line takes several). On the generous side: LibreOffice
    without Calibri draws a wider font, and a row a line too tall is better than a text cut off."""
    capacity = max(int(width * (BOLD_CHARS_PER_WIDTH if bold else CHARS_PER_WIDTH)), 1)
    # A column is made two characters wider than its longest word (`_width`): such a word has a line.
    whole = max(capacity, int(width) - 2)
    count = 0
    for paragraph in text.split("\n"):
        count += 1
        if len(paragraph) <= capacity:
            continue
        used = 0
        for word in paragraph.split():
            if used and used + 1 + len(word) <= capacity:
                used += 1 + len(word)
                continue
            if used:
                count += 1
            lines = 1 if len(word) <= whole else -(-len(word) // capacity)
            count += lines - 1
            used = len(word) - (lines - 1) * capacity
    return count


def _converted(cells: list[_Cells], line: Sequence[Any] | Row) -> list[Any]:
    if isinstance(line, Row):
        return [
            cell.convert(value, bold=line.bold, size=line.size)
            for cell, value in zip(cells, line.values, strict=False)
        ]
    return [cell.convert(value) for cell, value in zip(cells, line, strict=False)]


def _values(line: Sequence[Any] | Row) -> Sequence[Any]:
    return line.values if isinstance(line, Row) else line


def _sheet_title(title: str) -> str:
    return re.sub(r"[\\/*?:\[\]]", " ", str(title)).strip()[:31] or "Лист1"


def _font(*, bold: bool = False, size: float | None = None) -> Font:
    """The book's own font (Calibri 11), bold or larger. A `Font(bold=True)` alone names no typeface and no
    size: Excel fills them in from the book, LibreOffice from its own defaults — a serif header over a
    sans-serif body."""
    return Font(
        name=DEFAULT_FONT.name,
        sz=size or DEFAULT_FONT.sz,
        family=DEFAULT_FONT.family,
        scheme=DEFAULT_FONT.scheme,
        color=DEFAULT_FONT.color,
        b=bold or None,
    )


def _thin_border() -> Border:
    thin = Side(style="thin", color="999999")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


def _width(column: Column, index: int, sample: list[Sequence[Any] | Row]) -> float:
    if column.kind is Kind.DATE:
        longest = 10
    elif column.kind is Kind.DATETIME:
        longest = 16
    else:
        longest = 0
        for line in sample:
            values = _values(line)
            if isinstance(line, Row) or index > len(values):
                continue
            value = values[index - 1]
            if value is not None:
                longest = max(longest, *(len(part) for part in str(value).split("\n")))
    header = max(len(part) for part in str(column.header).split()) if str(column.header).strip() else 0
    return min(max(longest + 2, header + 2, MIN_WIDTH), MAX_WIDTH)


class _Cells:
    """How the values of one column become cells. The column's kind picks the converter once; the cell
    objects that carry a style are made once per column and style and reused row after row (the streaming
    writer writes a row out before the next one is converted, and every column has its own objects)."""

    def __init__(self, ws: WriteOnlyWorksheet, column: Column, *, border: Border | None, top: bool = False):
        self.ws = ws
        self.border = border
        self.wraps = column.wrap or border is not None
        # In a sheet with rows of several lines every cell sits at the top, next to the first line of its
        # neighbours (by default a cell sits at the bottom of a tall row).
        self.alignment = (
            Alignment(wrap_text=self.wraps or None, vertical="top") if self.wraps or top else None
        )
        self.styled = self.alignment is not None or border is not None
        self._made: dict[tuple[bool, str, bool, float | None], Cell] = {}
        self._words = {True: yes_no(True), False: yes_no(False)}  # translated once, not once per cell
        self._by_kind: dict[Kind, Callable[..., Any]] = {
            Kind.TEXT: self.text,
            Kind.NUMBER: self.number,
            Kind.DATE: self.date,
            Kind.DATETIME: self.datetime,
            Kind.BOOLEAN: self.boolean,
            Kind.AUTO: self.auto,
        }
        self.convert: Callable[..., Any] = self._by_kind[column.kind]

    def _cell(
        self,
        value: Any,
        *,
        quoted: bool = False,
        number_format: str = "",
        bold: bool = False,
        size: float | None = None,
    ) -> Cell:
        key = (quoted, number_format, bold, size)
        cell = self._made.get(key)
        if cell is None:
            cell = self._made[key] = WriteOnlyCell(self.ws)
            if quoted:
                cell.quotePrefix = True
            if number_format:
                cell.number_format = number_format
            if bold or size:
                cell.font = _font(bold=bold, size=size)
            if self.alignment is not None:
                cell.alignment = self.alignment
            if self.border is not None:
                cell.border = self.border
        cell.value = value
        return cell

    def text(self, value: Any, *, bold: bool = False, size: float | None = None) -> Any:
        if value is None:
            return None
        text = value if value.__class__ is str else str(value)
        if not text:
            return None
        if ILLEGAL_CHARACTERS_RE.search(text):
            text = ILLEGAL_CHARACTERS_RE.sub("", text)
        if text[0] not in _NOT_PLAIN and not (self.styled or bold or size):
            return text  # openpyxl stores it as a string cell
        cell = self._cell(text, quoted=text.startswith(QUOTED_START), bold=bold, size=size)
        cell.data_type = "s"
        return cell

    def number(self, value: Any, *, bold: bool = False, size: float | None = None) -> Any:
        if isinstance(value, _NUMBERS) and not isinstance(value, bool):
            if self.styled or bold or size:
                return self._cell(value, bold=bold, size=size)
            return value
        return self.auto(value, bold=bold, size=size)

    def date(self, value: Any, *, bold: bool = False, size: float | None = None) -> Any:
        if isinstance(value, datetime.datetime):
            value = _local(value).date()
        if isinstance(value, datetime.date):
            if not (self.styled or bold or size):
                return _RussianDate(value.year, value.month, value.day)
            return self._cell(value, number_format=DATE_FORMAT, bold=bold, size=size)
        return self.auto(value, bold=bold, size=size)

    def datetime(self, value: Any, *, bold: bool = False, size: float | None = None) -> Any:
        if isinstance(value, datetime.datetime):
            local = _local(value)
            if not (self.styled or bold or size):
                return _RussianDateTime(
                    local.year, local.month, local.day, local.hour, local.minute, local.second
                )
            return self._cell(local, number_format=DATETIME_FORMAT, bold=bold, size=size)
        if isinstance(value, datetime.date):
            return self.date(value, bold=bold, size=size)
        return self.auto(value, bold=bold, size=size)

    def boolean(self, value: Any, *, bold: bool = False, size: float | None = None) -> Any:
        if isinstance(value, bool):
            return self.text(self._words[value], bold=bold, size=size)
        return self.auto(value, bold=bold, size=size)

    def auto(self, value: Any, *, bold: bool = False, size: float | None = None) -> Any:
        """The kind of this one value: for mixed columns, and for a value that does not fit its column's
        kind (a «—» in a column of numbers), which is then written by the text rule."""
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return self.boolean(value, bold=bold, size=size)
        if isinstance(value, _NUMBERS):
            return self.number(value, bold=bold, size=size)
        if isinstance(value, datetime.datetime):
            return self.datetime(value, bold=bold, size=size)
        if isinstance(value, datetime.date):
            return self.date(value, bold=bold, size=size)
        return self.text(value, bold=bold, size=size)


def _local(value: datetime.datetime) -> datetime.datetime:
    """Excel has no time zones: an aware datetime is written as the wall-clock time of the current zone."""
    if timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value

"""Readers turn a .docx, an .xlsx or pasted text into plain grids of cells, with merges resolved.

A reader knows nothing about roadmaps: it gives the paragraphs before the first table and the tables as
rows of `Cell`s laid out on the table's grid. A cell covered by a horizontal merge is empty; a cell
covered by a vertical merge repeats the text of the cell above and says so (`merged_above`). A cell keeps
its paragraphs (`lines`) besides its one-line `text`, and a paragraph above a table says whether it is a
heading (a Word heading or bold line, a Markdown `#` or `**…**` line, a bold Excel cell).

`RawDocument.as_json` / `RawDocument.from_json` keep a read document beside a staged upload, so that the
file is read once however many times the preview is shown.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

READER_VERSION = 2  # bump when what the readers give changes: a kept read document is then read anew


class UnreadableFile(ValueError):
    """The upload cannot be read; the message is for the user, in Russian."""


class Paragraph(str):
    """A line of text above a table; `heading` when the source marks it as a heading or bold."""

    heading: bool = False

    def __new__(cls, text: str = "", heading: bool = False):
        value = super().__new__(cls, text)
        value.heading = heading
        return value


@dataclass
class Cell:
    text: str = ""
    merged_above: bool = False
    covered: bool = False  # part of a horizontal merge whose text is in a cell to the left
    padding: bool = False  # added at the end of a row shorter than the table
    lines: list[str] = field(default_factory=list)  # the cell's paragraphs, when it has more than one
    bold: bool = False

    @property
    def paragraphs(self) -> list[str]:
        return self.lines or ([self.text] if self.text else [])


@dataclass
class RawTable:
    rows: list[list[Cell]] = field(default_factory=list)
    paragraphs_before: list[Paragraph] = field(default_factory=list)  # between the previous table and this


@dataclass
class RawDocument:
    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list[RawTable] = field(default_factory=list)
    source: str = ""

    def as_json(self) -> dict:
        def cell(c: Cell) -> list:
            flags = (1 if c.merged_above else 0) | (2 if c.covered else 0) | (4 if c.padding else 0)
            flags |= 8 if c.bold else 0
            return [c.text, flags, c.lines] if c.lines else [c.text, flags]

        def paragraphs(items) -> list:
            return [[str(p), bool(getattr(p, "heading", False))] for p in items]

        return {
            "version": READER_VERSION,
            "source": self.source,
            "paragraphs": paragraphs(self.paragraphs),
            "tables": [
                {"before": paragraphs(t.paragraphs_before), "rows": [[cell(c) for c in r] for r in t.rows]}
                for t in self.tables
            ],
        }

    @classmethod
    def from_json(cls, data: object) -> RawDocument | None:
        """None when `data` was written by other readers than these."""
        if not isinstance(data, dict) or data.get("version") != READER_VERSION:
            return None

        def cell(item) -> Cell:
            text, flags = item[0], item[1]
            return Cell(
                text=text,
                merged_above=bool(flags & 1),
                covered=bool(flags & 2),
                padding=bool(flags & 4),
                bold=bool(flags & 8),
                lines=list(item[2]) if len(item) > 2 else [],
            )

        def paragraphs(items) -> list[Paragraph]:
            return [Paragraph(text, heading=heading) for text, heading in items]

        return cls(
            paragraphs=paragraphs(data.get("paragraphs", [])),
            tables=[
                RawTable(
                    rows=[[cell(c) for c in r] for r in t["rows"]], paragraphs_before=paragraphs(t["before"])
                )
                for t in data.get("tables", [])
            ],
            source=data.get("source", ""),
        )


_SPACES = re.compile(r"\s+")
_TAGS = re.compile(r"</?(?:p|i|b|u|em|strong|span|br|div)\b[^>]*>", re.IGNORECASE)
_BREAKS = re.compile(r"<br\s*/?>|</p>\s*<p>", re.IGNORECASE)


def clean(text: str) -> str:
    """One line of text: tags and markdown emphasis dropped, whitespace collapsed."""
    text = _TAGS.sub(" ", text or "").replace("**", "").replace("\u00a0", " ")
    return _SPACES.sub(" ", text).strip()


def _lines(text: str) -> list[str]:
    """The paragraphs of a multi-line cell; empty when it has one line (its `text` says it all)."""
    parts = [clean(part) for part in _BREAKS.sub("\n", text or "").split("\n")]
    parts = [part for part in parts if part]
    return parts if len(parts) > 1 else []


def _text_cell(raw: str, **flags) -> Cell:
    return Cell(text=clean(raw.replace("\n", " ")), lines=_lines(raw), **flags)


def _square(rows: list[list[Cell]]) -> list[list[Cell]]:
    width = max((len(row) for row in rows), default=0)
    return [row + [Cell(padding=True) for _ in range(width - len(row))] for row in rows]


# --- Word -----------------------------------------------------------------------------------------------


def read_docx(data: bytes) -> RawDocument:
    try:
        import docx
        from docx.oxml.ns import qn
    except ImportError as error:  # pragma: no cover - a dependency of the project
        raise UnreadableFile(_("Чтение файлов Word недоступно на сервере.")) from error
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UnreadableFile(
            _("Файл повреждён или это не документ Word (.docx). Откройте его в Word и сохраните заново.")
        ) from error
    except Exception as error:  # python-docx raises various errors on foreign packages
        raise UnreadableFile(_("Не удалось прочитать документ Word: файл повреждён.")) from error

    def paragraph_lines(paragraph) -> list[str]:
        """A paragraph's text, one line per line break."""
        lines, parts = [], []
        for node in paragraph.iter():
            if node.tag == qn("w:t"):
                parts.append(node.text or "")
            elif node.tag == qn("w:tab"):
                parts.append(" ")
            elif node.tag in (qn("w:br"), qn("w:cr")):
                lines.append("".join(parts))
                parts = []
        lines.append("".join(parts))
        return lines

    def cell_of(element) -> Cell:
        paragraphs = [paragraph_lines(p) for p in element.iter(qn("w:p"))]
        text = clean(" ".join(" ".join(lines) for lines in paragraphs))
        lines = [clean(line) for lines in paragraphs for line in lines]
        lines = [line for line in lines if line]
        return Cell(text=text, lines=lines if len(lines) > 1 else [])

    def is_heading(paragraph) -> bool:
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and re.match(
            r"(?i)^(heading|title|заголов|[1-9]$)", style.get(qn("w:val")) or ""
        ):
            return True
        runs = [
            run
            for run in paragraph.iter(qn("w:r"))
            if "".join(t.text or "" for t in run.iter(qn("w:t"))).strip()
        ]
        if not runs:
            return False
        for run in runs:
            bold = run.find(f"{qn('w:rPr')}/{qn('w:b')}")
            if bold is None or (bold.get(qn("w:val")) or "true") in ("0", "false"):
                return False
        return True

    result = RawDocument(source="docx")
    pending: list[Paragraph] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            heading = is_heading(child)
            for line in paragraph_lines(child):
                text = clean(line)
                if text:
                    pending.append(Paragraph(text, heading=heading))
        elif child.tag == qn("w:tbl"):
            table = _docx_table(child, qn, cell_of)
            if not result.tables:
                result.paragraphs = pending
            else:
                table.paragraphs_before = pending
            pending = []
            result.tables.append(table)
    if not result.tables:
        result.paragraphs = pending
    return result


def _docx_table(table, qn, cell_of) -> RawTable:
    rows: list[list[Cell]] = []
    above: dict[int, Cell] = {}
    for tr in table.iterchildren(qn("w:tr")):
        row: list[Cell] = []
        column = 0
        properties = tr.find(qn("w:trPr"))
        grid_before = 0
        if properties is not None:
            before = properties.find(qn("w:gridBefore"))
            if before is not None:
                grid_before = int(before.get(qn("w:val")) or 0)
        row.extend(Cell(covered=True) for _ in range(grid_before))
        column = grid_before
        for tc in tr.iterchildren(qn("w:tc")):
            span, vmerge = 1, None
            tc_pr = tc.find(qn("w:tcPr"))
            if tc_pr is not None:
                grid_span = tc_pr.find(qn("w:gridSpan"))
                if grid_span is not None:
                    span = max(1, int(grid_span.get(qn("w:val")) or 1))
                v_merge = tc_pr.find(qn("w:vMerge"))
                if v_merge is not None:
                    vmerge = v_merge.get(qn("w:val")) or "continue"
            if vmerge == "continue":
                top = above.get(column, Cell())
                row.append(Cell(text=top.text, lines=list(top.lines), merged_above=True))
            else:
                cell = cell_of(tc)
                row.append(cell)
                above[column] = cell
            row.extend(Cell(covered=True) for _ in range(span - 1))
            column += span
        rows.append(row)
    return RawTable(rows=_square(rows))


# --- Excel ----------------------------------------------------------------------------------------------


def _cell_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _cell_text(value) -> str:
    return clean(_cell_value(value))


def read_xlsx(data: bytes) -> RawDocument:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as error:
        raise UnreadableFile(
            _("Файл повреждён или это не книга Excel (.xlsx). Откройте его в Excel и сохраните заново.")
        ) from error
    except Exception as error:
        raise UnreadableFile(_("Не удалось прочитать книгу Excel: файл повреждён.")) from error
    sheet = next((ws for ws in workbook.worksheets if ws.max_row > 1 or ws.max_column > 1), workbook.active)
    if sheet is None:
        raise UnreadableFile(_("В книге Excel нет листов с данными."))
    cells = [
        [
            _text_cell(
                _cell_value(cell.value), bold=bool(cell.value is not None and cell.font and cell.font.b)
            )
            for cell in row
        ]
        for row in sheet.iter_rows()
    ]
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        if top >= len(cells):
            continue
        origin = cells[top][left] if left < len(cells[top]) else Cell()
        for row_index in range(top, min(merged.max_row, len(cells))):
            for column_index in range(left, min(merged.max_col, len(cells[row_index]))):
                if row_index == top and column_index == left:
                    continue
                if column_index == left:
                    cells[row_index][column_index] = Cell(
                        text=origin.text, lines=list(origin.lines), merged_above=True
                    )
                else:
                    cells[row_index][column_index] = Cell(covered=True, merged_above=row_index > top)
    return _split_sheet(_square(cells), source="xlsx")


def _split_sheet(cells: list[list[Cell]], *, source: str) -> RawDocument:
    """A sheet or pasted text is one grid: the lines above the table (one filled cell each) are the
    paragraphs, the table starts at the first line with two or more filled cells."""
    result = RawDocument(source=source)
    start = None
    for index, row in enumerate(cells):
        filled = [cell for cell in row if cell.text and not cell.covered and not cell.padding]
        if len(filled) >= 2:
            start = index
            break
        if filled:
            for line in filled[0].paragraphs:
                result.paragraphs.append(Paragraph(line, heading=filled[0].bold))
    if start is not None:
        result.tables.append(RawTable(rows=cells[start:]))
    return result


# --- Pasted text ----------------------------------------------------------------------------------------

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _text_fields(line_source: str) -> list[list[str]]:
    """Tab-separated rows; a field in double quotes may hold line breaks (as Excel copies a cell with
    several paragraphs), `""` inside it being one quote. A quote that does not close a field is text."""
    rows: list[list[str]] = []
    row: list[str] = []
    position, length = 0, len(line_source)
    while position <= length:
        value = None
        if position < length and line_source[position] == '"':
            cursor, parts = position + 1, []
            while cursor < length:
                char = line_source[cursor]
                if char == '"':
                    if line_source[cursor + 1 : cursor + 2] == '"':
                        parts.append('"')
                        cursor += 2
                        continue
                    if cursor + 1 == length or line_source[cursor + 1] in "\t\n":
                        quoted = "".join(parts)
                        if "\n" in quoted or "\t" in quoted:
                            value, position = quoted, cursor + 1
                    break
                parts.append(char)
                cursor += 1
        if value is None:
            end = position
            while end < length and line_source[end] not in "\t\n":
                end += 1
            value, position = line_source[position:end], end
        row.append(value)
        if position >= length:
            rows.append(row)
            break
        if line_source[position] == "\n":
            rows.append(row)
            row = []
        position += 1
    return rows


def read_text(text: str) -> RawDocument:
    """Text copied out of a Word or Excel table: cells separated by tabs, rows by line breaks; or a
    Markdown table (`| a | b |`). Lines without a tab above the table are its title; inside it they
    are one-cell rows. Markdown headings (`## …`) and bold lines (`**…**`) are marked as headings."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    rows: list[list[Cell]] = []
    in_bold = False
    for fields in _text_fields(text):
        line = "\t".join(fields)
        stripped = line.strip()
        if not clean(line):
            continue
        if len(fields) == 1 and stripped.startswith("|") and stripped.count("|") >= 2:
            if _MD_SEPARATOR.match(stripped):
                continue
            parts = stripped.strip("|").split("|")
            rows.append([_text_cell(part) for part in parts])
            continue
        if len(fields) == 1:
            heading = _MD_HEADING.match(line)
            if heading:
                rows.append([Cell(text=clean(heading.group(1)), bold=True)])
                continue
            # A bold line is «**…**» whole, or a bold block from a line opening «**» to one closing it;
            # «**Цель:** текст» is a line with a bold word, not a heading.
            marks = stripped.count("**")
            if in_bold:
                bold, in_bold = True, marks == 0
            elif stripped.startswith("**"):
                bold = marks == 1 or (marks == 2 and stripped.endswith("**") and len(stripped) > 4)
                in_bold = marks == 1
            else:
                bold = False
            rows.append([Cell(text=clean(line), bold=bold)])
            continue
        in_bold = False
        rows.append([_text_cell(part) for part in fields])
    width = max((len(row) for row in rows), default=0)
    if width < 2:
        raise UnreadableFile(
            _(
                "В тексте не нашлось таблицы: столбцы должны разделяться табуляцией. Скопируйте таблицу "
                "целиком из Word или Excel и вставьте её сюда."
            )
        )
    return _split_sheet(_square(rows), source="text")

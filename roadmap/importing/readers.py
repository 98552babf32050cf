"""Readers turn a .docx, an .xlsx or pasted text into plain grids of cells, with merges resolved.

A reader knows nothing about roadmaps: it gives the paragraphs before the first table and the tables as
rows of `Cell`s laid out on the table's grid. A cell covered by a horizontal merge is empty; a cell
covered by a vertical merge repeats the text of the cell above and says so (`merged_above`).
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


class UnreadableFile(ValueError):
    """The upload cannot be read; the message is for the user, in Russian."""


@dataclass
class Cell:
    text: str = ""
    merged_above: bool = False
    covered: bool = False  # part of a horizontal merge whose text is in a cell to the left
    padding: bool = False  # added at the end of a row shorter than the table


@dataclass
class RawTable:
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass
class RawDocument:
    paragraphs: list[str] = field(default_factory=list)
    tables: list[RawTable] = field(default_factory=list)
    source: str = ""


_SPACES = re.compile(r"\s+")
_TAGS = re.compile(r"</?(?:p|i|b|u|em|strong|span|br|div)\b[^>]*>", re.IGNORECASE)


def clean(text: str) -> str:
    """One line of text: tags and markdown emphasis dropped, whitespace collapsed."""
    text = _TAGS.sub(" ", text or "").replace("**", "").replace("\u00a0", " ")
    return _SPACES.sub(" ", text).strip()


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

    def text_of(element) -> str:
        paragraphs = []
        for paragraph in element.iter(qn("w:p")):
            parts = []
            for node in paragraph.iter():
                if node.tag == qn("w:t"):
                    parts.append(node.text or "")
                elif node.tag in (qn("w:tab"), qn("w:br"), qn("w:cr")):
                    parts.append(" ")
            paragraphs.append("".join(parts))
        return clean(" ".join(paragraphs))

    result = RawDocument(source="docx")
    seen_table = False
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            if not seen_table:
                text = text_of(child)
                if text:
                    result.paragraphs.append(text)
        elif child.tag == qn("w:tbl"):
            seen_table = True
            result.tables.append(_docx_table(child, qn, text_of))
    return result


def _docx_table(table, qn, text_of) -> RawTable:
    rows: list[list[Cell]] = []
    above: dict[int, str] = {}
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
                row.append(Cell(text=above.get(column, ""), merged_above=True))
            else:
                text = text_of(tc)
                row.append(Cell(text=text))
                above[column] = text
            row.extend(Cell(covered=True) for _ in range(span - 1))
            column += span
        rows.append(row)
    return RawTable(rows=_square(rows))


# --- Excel ----------------------------------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(str(value))


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
    grid = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    cells = [[Cell(text=text) for text in row] for row in grid]
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        if top >= len(cells):
            continue
        value = cells[top][left].text if left < len(cells[top]) else ""
        for row_index in range(top, min(merged.max_row, len(cells))):
            for column_index in range(left, min(merged.max_col, len(cells[row_index]))):
                if row_index == top and column_index == left:
                    continue
                if column_index == left:
                    cells[row_index][column_index] = Cell(text=value, merged_above=True)
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
            result.paragraphs.append(filled[0].text)
    if start is not None:
        result.tables.append(RawTable(rows=cells[start:]))
    return result


# --- Pasted text ----------------------------------------------------------------------------------------


def read_text(text: str) -> RawDocument:
    """Text copied out of a Word or Excel table: cells separated by tabs, rows by line breaks. Lines
    without a tab above the table are its title; inside it they are one-cell rows."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    rows: list[list[Cell]] = []
    for line in text.split("\n"):
        if not clean(line):
            continue
        rows.append([Cell(text=clean(part)) for part in line.split("\t")])
    width = max((len(row) for row in rows), default=0)
    if width < 2:
        raise UnreadableFile(
            _(
                "В тексте не нашлось таблицы: столбцы должны разделяться табуляцией. Скопируйте таблицу "
                "целиком из Word или Excel и вставьте её сюда."
            )
        )
    return _split_sheet(_square(rows), source="text")

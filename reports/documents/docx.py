"""The Word copy (.docx) of every document, made from the very template and context of its PDF.

One home per document shape: the PDF template (templates/reports/documents/pdf/…) is rendered with the
kind's context, and its HTML is laid out in Word here, piece by piece, with the office conventions of a
Russian school's papers in this one module:

- the page: A4 (landscape where the template asks for it), margins 20/15/20/30 mm, Times New Roman 14 pt
  for the text, the tables in the size their template's stylesheet gives the cells (12 pt if it gives none),
  the page number in the footer (a PAGE field);
- the letterhead of the organisation (`.org-header`, ruled under, and its contacts);
- the «УТВЕРЖДАЮ» block (`.approval`) and the appendix reference (`.appendix-ref`), in the right half;
- signature lines (`table.signature`): the position, the line to sign on, the name, as tab stops;
- tables (`table.grid`) with their header rows repeated on every page, cells merged as in the HTML;
- a line with a left and a right part (`table.line`: «от 12.09.2025 … № 45») as tab stops;
- «Копия. Подлинник подписан …» in the page header of a copy of a signed order.

A chart (`.chart`, the SVG the PDF shows) becomes a picture of that same SVG (chart_picture.py), centred,
at its natural size or the text width; a chart that cannot be drawn is replaced by a note.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.template.loader import render_to_string
from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from docx.table import _Cell
from lxml import html as lxml_html

from reports.documents.chart_picture import chart_picture

FONT = "Times New Roman"
TEXT_SIZE = 14
TABLE_SIZE = 12
# A free column of a table too wide for its page: this many times the widest of the others.
FREE_SHARE = 1.5

BLOCK_TAGS = {"div", "p", "h1", "h2", "h3", "h4", "table", "ul", "ol", "li", "section", "colgroup"}
_SPACES = re.compile(r"[ \t\r\n]+")
_LANDSCAPE = re.compile(r"body\s*\{\s*page:\s*landscape")
# «92,9 %», «№ 23»: the sign never wraps alone onto the next line (the HTML keeps its plain space).
_NUMBER_PERCENT = re.compile(r"(\d) +%")
_NUMERO = re.compile(r"№ +")
NBSP = "\u00a0"
_FONT_SIZE = re.compile(r"font-size:\s*([\d.]+)pt")
_COMPOUND = re.compile(r"^([a-z0-9]*)((?:\.[\w-]+)*)$")
CHART_NOTE = "[Диаграмма — в PDF-версии документа]"


# --- The page -----------------------------------------------------------------------------------------------


def _set_font(style: Any, size: float, *, bold: bool | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) at the end of the paragraph."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, separate, placeholder, end):
        run._r.append(element)


def new_document(*, landscape: bool = False, copy_note: str = "") -> Any:
    """An empty document with the page, the fonts, the page number in the footer and, for a copy, the
    «Копия» line in the header."""
    document = WordDocument()
    _set_font(document.styles["Normal"], TEXT_SIZE)
    normal = document.styles["Normal"].paragraph_format
    normal.space_before = Pt(0)
    normal.space_after = Pt(0)
    normal.line_spacing = 1.0
    section = document.sections[0]
    set_page(section, landscape=landscape)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE")
    for run in footer.runs:
        run.font.size = Pt(11)
        run.font.name = FONT
    if copy_note:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = header.add_run(_nbsp(copy_note))
        run.bold = True
        run.font.size = Pt(11)
        run.font.name = FONT
    return document


def set_page(section: Any, *, landscape: bool) -> None:
    """A4 turned as asked, with the margins of that orientation."""
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.left_margin, section.right_margin = Mm(20), Mm(15)
        section.top_margin, section.bottom_margin = Mm(20), Mm(15)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)


def text_width(document: Any) -> int:
    section = document.sections[-1]
    return int(section.page_width - section.left_margin - section.right_margin)


def _bottom_rule(paragraph: Any) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


# A row with more paragraphs than this in its cells may be taller than a page: it is left free to break.
CANT_SPLIT_MAX_PARAGRAPHS = 24


def _cant_split(row: Any) -> None:
    """A row is never cut in two by a page break (`tr { break-inside: avoid }` of the PDF)."""
    properties = row._tr.get_or_add_trPr()
    if properties.find(qn("w:cantSplit")) is None:
        properties.append(OxmlElement("w:cantSplit"))


# --- The stylesheet -----------------------------------------------------------------------------------------


class _Sizes:
    """The font sizes (pt) the template's <style> gives: `table.compare td.code { font-size: 9.5pt }`.

    Only plain selectors are read (tags and classes, joined by descendant spaces); the most specific rule
    wins, the later of two equal ones. Enough for the cells of the tables, so that a table's text in Word has
    the size of the PDF's."""

    def __init__(self, css: str = "") -> None:
        # (specificity, order, compounds, size); a compound: (tag or "", set of classes).
        self.rules: list[tuple[tuple[int, int], int, list[tuple[str, set[str]]], float]] = []
        for order, (selectors, body) in enumerate(self._blocks(css)):
            match = _FONT_SIZE.search(body)
            if not match:
                continue
            for selector in selectors.split(","):
                compounds: list[tuple[str, set[str]]] = []
                for part in selector.split():
                    found = _COMPOUND.match(part.strip())
                    if not found or not part.strip():
                        compounds = []
                        break
                    classes = {name for name in found.group(2).split(".") if name}
                    compounds.append((found.group(1), classes))
                if compounds:
                    specificity = (
                        sum(len(classes) for _tag, classes in compounds),
                        sum(1 for tag, _classes in compounds if tag),
                    )
                    self.rules.append((specificity, order, compounds, float(match.group(1))))

    @staticmethod
    def _blocks(css: str) -> list[tuple[str, str]]:
        """The top-level rules (selectors, declarations) of a stylesheet; @-rules and comments skipped."""
        css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
        blocks, depth, start, selector = [], 0, 0, ""
        for index, char in enumerate(css):
            if char == "{":
                if depth == 0:
                    selector, start = css[start:index].strip(), index + 1
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    if not selector.startswith("@"):
                        blocks.append((selector, css[start:index]))
                    start = index + 1
        return blocks

    @staticmethod
    def _matches(compound: tuple[str, set[str]], element: Any) -> bool:
        tag, classes = compound
        return (not tag or element.tag == tag) and classes <= _classes(element)

    def _rule_matches(self, compounds: list[tuple[str, set[str]]], element: Any) -> bool:
        if not self._matches(compounds[-1], element):
            return False
        ancestor = element.getparent()
        for compound in reversed(compounds[:-1]):
            while ancestor is not None and not self._matches(compound, ancestor):
                ancestor = ancestor.getparent()
            if ancestor is None:
                return False
            ancestor = ancestor.getparent()
        return True

    def own(self, element: Any) -> float | None:
        best = None
        for specificity, order, compounds, size in self.rules:
            if self._rule_matches(compounds, element) and (best is None or (specificity, order) >= best[:2]):
                best = (specificity, order, size)
        return best[2] if best else None

    def cell(self, cell: Any) -> float | None:
        """The size of a table cell: its own rule, else its row's, its table's (not inherited from above)."""
        element = cell
        while element is not None and isinstance(element.tag, str):
            size = self.own(element)
            if size is not None:
                return size
            if element.tag == "table":
                return None
            element = element.getparent()
        return None


# --- Text ---------------------------------------------------------------------------------------------------


def _nbsp(text: str, before: str = "") -> str:
    """The spaces of «92,9 %» and «№ 23» made non-breaking; `before`: the text of the run before."""
    text = _NUMERO.sub("№" + NBSP, _NUMBER_PERCENT.sub(r"\1" + NBSP + "%", text))
    if text.startswith(" ") and (
        before.endswith("№") or (before[-1:].isdigit() and text.lstrip(" ").startswith("%"))
    ):
        text = NBSP + text.lstrip(" ")
    return text


def _classes(element: Any) -> set[str]:
    return set((element.get("class") or "").split())


def _is_block(element: Any) -> bool:
    return isinstance(element.tag, str) and element.tag in BLOCK_TAGS


class _Inline:
    """Runs gathered from inline HTML, written into one paragraph."""

    def __init__(self) -> None:
        self.pieces: list[tuple[str, bool, bool]] = []

    def add_text(self, text: str | None, bold: bool, italic: bool) -> None:
        if text:
            self.pieces.append((_SPACES.sub(" ", text), bold, italic))

    def add_break(self) -> None:
        self.pieces.append(("\n", False, False))

    def add_element(self, element: Any, bold: bool, italic: bool) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "br":
            self.add_break()
        elif tag in {"svg", "img"}:
            self.add_text(CHART_NOTE, False, True)
        elif tag in {"style", "script"} or not tag:
            pass
        else:
            bold = bold or tag in {"b", "strong"} or "up" in _classes(element)
            italic = italic or tag in {"i", "em"}
            self.add_text(element.text, bold, italic)
            for child in element:
                self.add_element(child, bold, italic)
                self.add_text(child.tail, bold, italic)

    @property
    def empty(self) -> bool:
        return not "".join(text for text, _b, _i in self.pieces).strip()

    def write(self, paragraph: Any, *, size: float | None, bold: bool = False) -> None:
        pieces = list(self.pieces)
        # Trim the spaces the HTML had around its lines.
        while pieces and not pieces[0][0].strip(" "):
            pieces.pop(0)
        while pieces and not pieces[-1][0].strip(" "):
            pieces.pop()
        if pieces:
            pieces[0] = (pieces[0][0].lstrip(" "), *pieces[0][1:])
            pieces[-1] = (pieces[-1][0].rstrip(" "), *pieces[-1][1:])
        after_break = False
        before = ""
        for text, piece_bold, italic in pieces:
            if text == "\n":
                paragraph.add_run().add_break(WD_BREAK.LINE)
                after_break = True
                before = ""
                continue
            if after_break:
                text = text.lstrip(" ")
                after_break = False
            text = _nbsp(text, before)
            before = text
            run = paragraph.add_run(text)
            run.bold = bold or piece_bold or None
            run.italic = italic or None
            if size is not None:
                run.font.size = Pt(size)


# --- Blocks -------------------------------------------------------------------------------------------------


class _Writer:
    def __init__(self, document: Any) -> None:
        self.document = document
        self.width = text_width(document)
        self.sizes = _Sizes()
        # A page break asked for (`.new-page`, the next page of a document) and not yet given: the next
        # paragraph starts the page (page_break_before), no paragraph of its own that could open a blank page.
        self.break_pending = False
        # After a landscape part of a portrait document (an order's roadmap appendix): the next block turns
        # the page back, so that a landscape part at the end leaves no empty section behind.
        self.portrait_next = False

    def turn_page(self, *, landscape: bool) -> None:
        """A new section from a new page, turned as asked (the header and the page numbers go on)."""
        if landscape and self.document.sections[-1].orientation == WD_ORIENT.LANDSCAPE:
            return
        set_page(self.document.add_section(WD_SECTION.NEW_PAGE), landscape=landscape)
        self.width = text_width(self.document)
        self.break_pending = False  # the section starts its own page

    def page_break(self) -> None:
        """The next paragraph starts a new page; the empty paragraph left after a table is dropped (at the
        foot of a full page it would make a page of its own)."""
        body = self.document.element.body
        last = body[-2] if len(body) > 1 and body[-1].tag == qn("w:sectPr") else body[-1]
        if (
            last.tag == qn("w:p")
            and not last.xpath("./w:r")
            and not last.xpath("./w:pPr/w:sectPr")  # the end of a section (`turn_page`) stays
            and last.getprevious() is not None
            and last.getprevious().tag == qn("w:tbl")
        ):
            body.remove(last)
        self.break_pending = True

    def take_break(self, paragraph: Any) -> Any:
        if self.break_pending:
            paragraph.paragraph_format.page_break_before = True
            self.break_pending = False
        return paragraph

    # A paragraph in the container (the document or a table cell), reusing a cell's first empty one.
    def paragraph(self, container: Any) -> Any:
        paragraphs = getattr(container, "paragraphs", [])
        if (
            container is not self.document
            and len(paragraphs) == 1
            and not paragraphs[0].text
            and not paragraphs[0].runs
            and not getattr(container, "_used", False)
        ):
            container._used = True
            return paragraphs[0]
        if container is self.document:
            return self.take_break(container.add_paragraph())
        return container.add_paragraph()

    def blocks(self, element: Any, container: Any, context: dict) -> None:
        """Everything inside `element`: inline runs become paragraphs between the block children."""
        inline = _Inline()
        inline.add_text(element.text, context.get("bold", False), False)
        for child in element:
            if _is_block(child):
                self.flush(inline, container, context)
                inline = _Inline()
                self.block(child, container, context)
                inline.add_text(child.tail, context.get("bold", False), False)
            else:
                inline.add_element(child, context.get("bold", False), False)
                inline.add_text(child.tail, context.get("bold", False), False)
        self.flush(inline, container, context)

    def flush(self, inline: _Inline, container: Any, context: dict) -> None:
        if inline.empty:
            return
        paragraph = self.paragraph(container)
        self.format(paragraph, context)
        inline.write(paragraph, size=context.get("size"), bold=context.get("bold", False))
        if context.get("rule"):
            _bottom_rule(paragraph)

    def format(self, paragraph: Any, context: dict) -> None:
        form = paragraph.paragraph_format
        align = context.get("align")
        if align == "center":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif align == "right":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif align == "justify":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if context.get("indent"):
            form.first_line_indent = Mm(12.5)
        if context.get("left"):
            form.left_indent = context["left"]
        if context.get("space_before"):
            form.space_before = Pt(context["space_before"])
        if context.get("space_after"):
            form.space_after = Pt(context["space_after"])
        if context.get("keep"):
            form.keep_with_next = True

    def block(self, element: Any, container: Any, context: dict) -> None:
        tag = element.tag
        classes = _classes(element)
        inner = {key: value for key, value in context.items() if key in {"size", "left", "in_cell"}}
        if tag == "colgroup":
            return
        if self.portrait_next and container is self.document:
            self.portrait_next = False
            self.turn_page(landscape=False)
        if "appendix-landscape" in classes and "portrait" in classes and container is self.document:
            self.page_break()  # the PDF's page-break-before: a portrait appendix starts its own page
        if "appendix-landscape" in classes and "portrait" not in classes and container is self.document:
            turned = self.document.sections[-1].orientation != WD_ORIENT.LANDSCAPE
            self.turn_page(landscape=True)
            self.blocks(element, container, inner)
            self.portrait_next = turned
            return
        if "new-page" in classes:
            self.page_break()
            if not len(element) and not (element.text or "").strip():
                return
        if tag == "table":
            self.table(element, container, context)
            return
        if tag in {"h1", "h2"}:
            align = "left" if "section" in classes else "center"
            self.blocks(
                element,
                container,
                {
                    **inner,
                    "align": align,
                    "bold": True,
                    "size": TEXT_SIZE,
                    "space_before": 8,
                    "space_after": 6,
                    "keep": True,
                },
            )
            return
        if tag in {"h3", "h4"}:
            self.blocks(
                element,
                container,
                {**inner, "bold": True, "size": 13, "space_before": 8, "space_after": 3, "keep": True},
            )
            return
        if tag in {"ul", "ol"}:
            style = "List Number" if tag == "ol" else "List Bullet"
            for number, item in enumerate(element, start=1):
                if not isinstance(item.tag, str):
                    continue
                inline = _Inline()
                if tag == "ol" and context.get("in_cell"):
                    inline.add_text(f"{number}. ", False, False)
                inline.add_element(item, False, False)
                paragraph = container.add_paragraph(style=style if not context.get("in_cell") else None)
                if container is self.document:
                    self.take_break(paragraph)
                paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                inline.write(paragraph, size=context.get("size"))
            return
        if "org-header" in classes:
            inner.update(align="center", bold=True, size=12, rule=True)
        elif "org-contacts" in classes:
            inner.update(align="center", size=9, space_after=6)
        elif "draft-mark" in classes:
            inner.update(align="center", bold=True, size=11, space_after=6)
        elif "approval" in classes or "appendix-ref" in classes:
            inner.update(left=int(self.width * 0.55), size=12, space_after=0, align="left")
        elif "doc-title" in classes:
            inner.update(bold=True, space_before=12, space_after=12)
        elif "order-verb" in classes:
            inner.update(bold=True, space_before=8, space_after=6)
        elif "head" in classes:
            inner.update(bold=True)
        if "center" in classes or "caption" in classes or "place" in classes:
            inner["align"] = "center"
        elif "right" in classes:
            inner["align"] = "right"
        if "small" in classes:
            inner["size"] = 11
        if tag == "p" and "order-verb" not in classes and not context.get("in_cell"):
            if "align" not in inner:
                inner["align"] = "justify"
            no_indent = {
                "appendix-ref",
                "intro",
                "once",
                "caption",
                "totals",
                "progress-line",
                # The heading lines and the votes of the minutes of a council.
                "field",
                "agenda-head",
                "agenda",
                "vote",
            }
            if not classes & no_indent and "left" not in inner:
                inner["indent"] = True
        if "chart" in classes:
            self.chart(element, container)
            return
        self.blocks(element, container, inner)

    def chart(self, element: Any, container: Any) -> None:
        """The chart's SVG as a picture in a centred paragraph of its own (kept with its caption)."""
        svg = next((node for node in element.iter() if isinstance(node.tag, str) and node.tag == "svg"), None)
        picture = chart_picture(svg) if svg is not None else None
        paragraph = self.paragraph(container)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = True
        if picture is None:
            paragraph.add_run(CHART_NOTE).italic = True
            return
        available = self.width if container is self.document else int(container.width or self.width)
        shape = paragraph.add_run().add_picture(
            io.BytesIO(picture.png), width=Length(min(available, picture.width_emu))
        )
        if picture.label:
            shape._inline.docPr.set("descr", picture.label)

    # --- Tables -------------------------------------------------------------------------------------------

    def table(self, element: Any, container: Any, context: dict) -> None:
        classes = _classes(element)
        rows = list(element.iter("tr"))
        if not rows:
            return
        if "line" in classes or "signature" in classes:
            for row in rows:
                self.tabbed_line(row, container, signature="signature" in classes)
            return
        header_rows = [row for row in rows if row.getparent() is not None and row.getparent().tag == "thead"]
        grid = "grid" in classes
        cells_by_row = [
            [cell for cell in row if isinstance(cell.tag, str) and cell.tag in {"td", "th"}] for row in rows
        ]
        width = max(
            (sum(int(cell.get("colspan") or 1) for cell in cells) for cells in cells_by_row), default=1
        )
        if container is self.document and self.break_pending:
            # A table cannot start a page by itself: an empty paragraph does, in 1 pt.
            spacer = self.take_break(self.document.add_paragraph())
            spacer.paragraph_format.line_spacing = Pt(1)
        table = container.add_table(rows=len(rows), cols=width)
        if grid:
            table.style = self.document.styles["Table Grid"]
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
        # The widths first, on the plain grid; cells are reached by their <w:tc> (table.cell() walks the whole
        # table each time, which is quadratic on a long roadmap), and merged once everything is written.
        self.widths(table, element, cells_by_row, width, container)
        grid_cells = [row._tr.tc_lst for row in table.rows]
        merges: list[tuple[int, int, int, int]] = []
        # Rowspans: the cells below a spanning cell are taken.
        taken: dict[tuple[int, int], bool] = {}
        size = TABLE_SIZE if grid else context.get("size", TABLE_SIZE)
        for row_index, cells in enumerate(cells_by_row):
            column = 0
            for cell in cells:
                while taken.get((row_index, column)):
                    column += 1
                if column >= width:
                    break
                colspan = int(cell.get("colspan") or 1)
                rowspan = int(cell.get("rowspan") or 1)
                word_cell = _Cell(grid_cells[row_index][column], table)
                last_column = min(column + colspan - 1, width - 1)
                last_row = min(row_index + rowspan - 1, len(rows) - 1)
                if last_column > column or last_row > row_index:
                    merges.append((row_index, column, last_row, last_column))
                for spanned_row in range(row_index, last_row + 1):
                    for spanned_column in range(column, last_column + 1):
                        taken[(spanned_row, spanned_column)] = True
                cell_classes = _classes(cell)
                cell_context: dict = {"size": self.sizes.cell(cell) or size, "in_cell": True}
                if cell.tag == "th":
                    cell_context.update(bold=True, align="center")
                elif cell_classes & {"num", "center", "value", "done", "mark"}:
                    cell_context["align"] = "center"
                elif "right" in cell_classes:
                    cell_context["align"] = "right"
                if "label" in cell_classes:
                    cell_context["bold"] = True
                self.blocks(cell, word_cell, cell_context)
                column = last_column + 1
        for first_row, first_column, last_row, last_column in merges:
            table.cell(first_row, first_column).merge(table.cell(last_row, last_column))
        for row in table.rows[: len(header_rows)]:
            _repeat_header(row)
        if grid:
            # A row of a register is kept on one page; a row taller than a page (a long cell) may break, or
            # Word would cut it off at the foot of the page. Layout tables (the parties of an agreement with
            # all of a group's mentees) break as the PDF does.
            for row in table.rows:
                if sum(len(cell.paragraphs) for cell in row.cells) <= CANT_SPLIT_MAX_PARAGRAPHS:
                    _cant_split(row)
        # A paragraph after a table, so two tables never merge into one in Word.
        if container is self.document:
            self.document.add_paragraph()

    def widths(self, table: Any, element: Any, cells_by_row: list, count: int, container: Any) -> None:
        """Column widths: the millimetres of the HTML's <col>s, a narrow «№» column, the rest shared."""
        available = self.width if container is self.document else int(container.width or self.width)
        given: list[int | None] = [None] * count
        columns = list(element.iter("col"))
        if len(columns) == count:
            for index, col in enumerate(columns):
                match = re.search(r"width:\s*([\d.]+)mm", col.get("style") or "")
                if match:
                    given[index] = int(Mm(float(match.group(1))))
        else:
            for cells in cells_by_row[:3]:
                if len(cells) == count:
                    for index, cell in enumerate(cells):
                        text = (cell.text_content() or "").strip()
                        if "num" in _classes(cell) or text in {"№", "№ п/п"}:
                            given[index] = int(Mm(12))
        fixed = sum(value for value in given if value)
        free = [index for index, value in enumerate(given) if not value]
        if free and available - fixed < int(Mm(20)) * len(free):
            # Too wide for the page (a landscape roadmap in an order's portrait appendix): the widest given
            # columns are brought down to a common width and the free one, the longest text (the activity),
            # keeps half as much again, not the 24 mm a plain scaling left it.
            cap = _cap([value for value in given if value], available, len(free) * FREE_SHARE)
            given = [min(value, cap) if value else None for value in given]
            fixed = sum(value for value in given if value)
        elif fixed > available:
            scale = available / fixed
            given = [int(value * scale) if value else None for value in given]
            fixed = sum(value for value in given if value)
        share = (available - fixed) // len(free) if free else 0
        final = [value or share for value in given]
        table.autofit = False
        for index, column in enumerate(table.columns):
            column.width = final[index]
        for row in table.rows:
            for index, tc in enumerate(row._tr.tc_lst[:count]):
                _Cell(tc, table).width = Length(final[index])

    def tabbed_line(self, row: Any, container: Any, *, signature: bool) -> None:
        """«от 12.09.2025 <tab> № 45» or «Директор <tab> ____________ <tab> А.Б. Ткаченко»."""
        cells = [cell for cell in row if isinstance(cell.tag, str) and cell.tag in {"td", "th"}]
        texts = []
        for cell in cells:
            inline = _Inline()
            inline.add_element(cell, False, False)
            text = "".join(piece for piece, _b, _i in inline.pieces).replace("\n", " ")
            texts.append(_SPACES.sub(" ", text).strip())
        if signature:
            texts = [
                text or "____________" if "sign-space" in _classes(cell) else text
                for text, cell in zip(texts, cells, strict=True)
            ]
        paragraph = self.paragraph(container)
        form = paragraph.paragraph_format
        if signature:
            form.space_before = Pt(18)
            form.keep_together = True
        size = next((size for size in map(self.sizes.cell, cells) if size), None)
        size = size or (TABLE_SIZE if not signature else TEXT_SIZE)
        stops = form.tab_stops
        if len(texts) == 2:
            stops.add_tab_stop(self.width, WD_TAB_ALIGNMENT.RIGHT)
        elif signature and len(texts) == 4:
            # «Наставник ____ Ткаченко А.Б. «___» _______ 20___ г.»: each part one unbroken piece, the
            # sign line and the name right after the position, the date at the right margin.
            texts = [text.replace(" ", NBSP) for text in texts]
            first = max(_text_width(texts[0], size) + int(Mm(3)), int(self.width * 0.25))
            second = first + _text_width(texts[1], size) + int(Mm(2))
            stops.add_tab_stop(first, WD_TAB_ALIGNMENT.LEFT)
            stops.add_tab_stop(second, WD_TAB_ALIGNMENT.LEFT)
            stops.add_tab_stop(self.width, WD_TAB_ALIGNMENT.RIGHT)
        else:
            step = self.width // max(len(texts) - 1, 1)
            for index in range(1, len(texts)):
                alignment = WD_TAB_ALIGNMENT.RIGHT if index == len(texts) - 1 else WD_TAB_ALIGNMENT.LEFT
                position = self.width if index == len(texts) - 1 else int(step * index * 0.8)
                stops.add_tab_stop(position, alignment)
        run = paragraph.add_run(_nbsp("\t".join(texts)))
        run.font.size = Pt(size)


def _text_width(text: str, size: float) -> int:
    """A generous estimate of a line's width in Times New Roman: 0.55 em a letter."""
    return int(Pt(size) * 0.55 * len(text))


def _cap(widths: list[int], available: int, free_weight: float) -> int:
    """The width `cap` at which the given columns, none wider than `cap`, and `free_weight` × `cap` for the
    free ones, fill the `available` width exactly."""
    widths = sorted(widths)
    kept = 0
    for index, value in enumerate(widths):
        cap = (available - kept) / (len(widths) - index + free_weight)
        if cap <= value:
            return int(cap)
        kept += value
    return int((available - kept) / free_weight)


# --- Entry points -------------------------------------------------------------------------------------------


def html_to_docx(pages: Sequence[str], *, copy_note: str = "") -> bytes:
    """The HTML pages (each a rendered PDF template) as one .docx, each from a new page."""
    landscape = any(_LANDSCAPE.search(page) for page in pages)
    document = new_document(landscape=landscape, copy_note=copy_note)
    writer = _Writer(document)
    for index, page in enumerate(pages):
        if index:
            writer.page_break()
        tree = lxml_html.document_fromstring(page)
        writer.sizes = _Sizes("\n".join(style.text_content() for style in tree.xpath("//style")))
        for element in tree.xpath("//style|//script|//head"):
            element.getparent().remove(element)
        body = tree.find("body")
        writer.blocks(body if body is not None else tree, document, {})
    # An empty last paragraph the writer left after a table is harmless; the first one python-docx makes is
    # removed when the document starts with a table.
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def render_docx(parts: Iterable[tuple[str, dict]], *, copy_note: str = "") -> bytes:
    """The .docx of a document's (template, context) parts: the PDF's own templates, laid out in Word."""
    return html_to_docx(
        [render_to_string(template, context) for template, context in parts], copy_note=copy_note
    )


def docx_text(data: bytes) -> str:
    """All the text of a .docx (paragraphs, then the tables' cells, headers), read back with python-docx: for
    tests and checks."""
    document = WordDocument(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    for section in document.sections:
        lines.extend(paragraph.text for paragraph in section.header.paragraphs)
    return "\n".join(lines)


__all__ = ["docx_text", "html_to_docx", "new_document", "render_docx"]

"""One normaliser for every source: from grids of cells to stages and activities, with doubts marked.

Columns are recognised by their header words; a row of column numbers and repeated headers are skipped;
a section row (one text across the table, or a top-level number with a title and nothing else) opens a
stage; a row that only continues the cells of the previous one (a page break in the source) is merged
into it; the text above the table gives the title, the preamble and the «УТВЕРЖДАЮ» block.

The stage-as-column layouts («№ | Наименование этапа | Содержание деятельности», and with a third
level «Этап | Мероприятия | Содержание деятельности | Срок | Ответственный») give one stage per stage cell
(a merged cell spanning rows stays one stage) and one activity per item of its content cell.

Every column of the source ends somewhere: a recognised field, or «не распознан — в примечание».
"""

from __future__ import annotations

import datetime
import re
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from ..deadlines import academic_year_start, infer_academic_year, parse_deadline, shift_years
from .items import split_items, tidy, with_context
from .preamble import read_preamble
from .readers import Cell, Paragraph, RawDocument, RawTable

NUMBER = "number"
STAGE = "stage"
TITLE = "title"
DETAILS = "details"
DEADLINE = "deadline"
RESPONSIBLE = "responsible"
PARTICIPANTS = "participants"
RESULT = "result"
INDICATOR = "indicator"
COMMENTS = "comments"
SKIP = "skip"

FIELDS = [
    NUMBER,
    STAGE,
    TITLE,
    DETAILS,
    DEADLINE,
    RESPONSIBLE,
    PARTICIPANTS,
    RESULT,
    INDICATOR,
    COMMENTS,
    SKIP,
]
TEXT_FIELDS = [TITLE, DEADLINE, RESPONSIBLE, PARTICIPANTS, RESULT, INDICATOR, COMMENTS]


def field_labels() -> dict[str, str]:
    return {
        NUMBER: _("№ п/п"),
        STAGE: _("Этап (раздел)"),
        TITLE: _("Мероприятие"),
        DETAILS: _("Содержание: пункты — мероприятия"),
        DEADLINE: _("Сроки"),
        RESPONSIBLE: _("Ответственные"),
        PARTICIPANTS: _("Участники"),
        RESULT: _("Результат, вид документа"),
        INDICATOR: _("Показатели эффективности"),
        COMMENTS: _("Примечание"),
        SKIP: _("— не загружать —"),
    }


# Checked in this order: «Участники мероприятия» is participants, not the title.
_HEADER_WORDS = [
    (NUMBER, r"^№|п\s*/\s*п|^номер|^n\s*п/п|^no\.?$|^#$"),
    (STAGE, r"^(?:наименовани\w*\s+|названи\w*\s+)?(?:этап|раздел|блок|направлени)"),
    (PARTICIPANTS, r"участник|целев\w* аудитор|для кого"),
    (INDICATOR, r"показател|индикатор|критери|эффективност"),
    (RESPONSIBLE, r"ответствен|исполнител|кто проводит|отв\."),
    (DEADLINE, r"срок|дата|период|когда|время проведения"),
    (RESULT, r"результат|вид документа|документ|продукт|форма отч[её]т"),
    (COMMENTS, r"примечани|отметк|комментари|выполнени"),
    (TITLE, r"мероприят|содержани|наименовани|направлени|вид\w* деятельност|действи|задач|название|тема"),
]

_NUMBER_RE = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.?)$")
_ROMAN_RE = re.compile(r"^[IVXLC]{1,6}\.?$")
_STAGE_WORDS = re.compile(r"^(?:раздел|этап|блок|направление)\s+(?:\d+|[IVXLC]+)\b", re.IGNORECASE)
_MARKERS = re.compile(
    r"\b(Цель|Цели|Задача|Задачи|Ожидаемый результат|Результат|Результаты)\s*:", re.IGNORECASE
)


@dataclass
class ParsedActivity:
    number: str = ""
    title: str = ""
    deadline: str = ""
    due_date: datetime.date | None = None
    recurrence: str = ""
    responsible: str = ""
    participants: str = ""
    result: str = ""
    indicator: str = ""
    comments: str = ""
    warnings: list[str] = field(default_factory=list)
    row: int = 0  # the row number in the source table, for the preview

    @property
    def doubtful(self) -> bool:
        return bool(self.warnings)


@dataclass
class ParsedStage:
    number: str = ""
    title: str = ""
    task: str = ""
    expected_result: str = ""
    activities: list[ParsedActivity] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    row: int = 0


@dataclass
class ParsedColumn:
    index: int
    header: str
    field: str
    recognised: bool
    sample: str = ""  # the first text under the header, to help the user tell what the column is

    @property
    def label(self) -> str:
        return self.header or _("Столбец %(n)s") % {"n": self.index + 1}


@dataclass
class ParsedRoadmap:
    title: str = ""
    preamble: str = ""
    approver_position: str = ""
    approver_name: str = ""
    approved_on: datetime.date | None = None
    academic_year: str = ""
    document_year: str = ""  # the academic year the document's own dates fall in
    notes: list[str] = field(default_factory=list)
    columns: list[ParsedColumn] = field(default_factory=list)
    stages: list[ParsedStage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # The source's own approval block, paperwork and order references: shown, never carried over.
    source_lines: list[str] = field(default_factory=list)
    title_candidates: list[str] = field(default_factory=list)

    @property
    def preamble_to_keep(self) -> str:
        """The text above the table that the new roadmap keeps: without the source's paperwork."""
        source = set(self.source_lines)
        return "\n".join(line for line in self.preamble.split("\n") if line and line not in source).strip()

    @property
    def has_participants(self) -> bool:
        return any(activity.participants for activity in self.activities)

    @property
    def has_comments(self) -> bool:
        return any(activity.comments for activity in self.activities)

    @property
    def unrecognised_columns(self) -> list[ParsedColumn]:
        return [column for column in self.columns if not column.recognised and column.field != SKIP]

    def column_layout(self) -> list[list[str]]:
        """[[field, header], …] of the activity columns, for the Excel export of the new roadmap."""
        layout, seen = [], set()
        for column in self.columns:
            if column.field in (SKIP, STAGE, DETAILS) or column.field in seen or not column.header:
                continue
            seen.add(column.field)
            layout.append([column.field, column.header])
        return layout

    def report(self) -> dict:
        """What the preview shows besides the stages: the columns and the source's lines."""
        labels = field_labels()
        return {
            "columns": [
                {
                    "index": column.index,
                    "header": column.header,
                    "field": column.field,
                    "field_label": str(labels.get(column.field, column.field)),
                    "recognised": column.recognised,
                }
                for column in self.columns
            ],
            "unrecognised_columns": [column.label for column in self.unrecognised_columns],
            "source_lines": list(self.source_lines),
            "source_approval": {
                "position": self.approver_position,
                "name": self.approver_name,
                "date": self.approved_on.isoformat() if self.approved_on else None,
            },
            "title_candidates": list(self.title_candidates),
            "preamble": self.preamble_to_keep,
            "warnings": list(self.warnings),
        }

    @property
    def activities(self) -> list[ParsedActivity]:
        return [activity for stage in self.stages for activity in stage.activities]

    @property
    def doubtful_count(self) -> int:
        return sum(1 for activity in self.activities if activity.doubtful) + sum(
            1 for stage in self.stages if stage.warnings
        )

    def as_json(self) -> dict:
        """The shape `import_roadmap --json` prints."""
        return {
            "title": self.title,
            "stages": [
                {
                    "number": stage.number,
                    "title": stage.title,
                    "activities": [
                        {
                            "number": activity.number,
                            "title": activity.title,
                            "deadline": activity.deadline,
                            "due_date": activity.due_date.isoformat() if activity.due_date else None,
                            "responsible": activity.responsible,
                            "participants": activity.participants,
                            "result": activity.result,
                            "indicator": activity.indicator,
                        }
                        for activity in stage.activities
                    ],
                }
                for stage in self.stages
            ],
        }

    def as_template(self) -> dict:
        """Everything, for the shipped templates."""
        data = asdict(self)
        data["approved_on"] = self.approved_on.isoformat() if self.approved_on else None
        data["columns"] = self.column_layout()
        data["preamble"] = self.preamble_to_keep
        for key in ("notes", "document_year", "source_lines", "title_candidates"):
            data.pop(key)
        for stage in data["stages"]:
            for activity in stage["activities"]:
                activity["due_date"] = activity["due_date"].isoformat() if activity["due_date"] else None
                activity.pop("warnings")
                activity.pop("row")
            stage.pop("warnings")
            stage.pop("row")
        return data


def recognise_header(text: str) -> str | None:
    lowered = text.lower().replace("ё", "е").strip()
    if not lowered:
        return None
    for name, pattern in _HEADER_WORDS:
        if re.search(pattern, lowered):
            return name
    return None


def _real(row: list[Cell]) -> list[tuple[int, Cell]]:
    return [(index, cell) for index, cell in enumerate(row) if not cell.covered and not cell.padding]


def _header_score(row: list[Cell]) -> int:
    recognised = [recognise_header(cell.text) for _index, cell in _real(row) if cell.text]
    if TITLE not in recognised and STAGE not in recognised:
        return 0
    return len([name for name in recognised if name])


def _is_number_row(row: list[Cell]) -> bool:
    texts = [cell.text for _index, cell in _real(row) if cell.text]
    if len(texts) < 2 or not all(re.fullmatch(r"\d{1,2}\.?", text) for text in texts):
        return False
    numbers = [int(text.rstrip(".")) for text in texts]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _default_mapping(width: int, table: RawTable) -> list[str]:
    """No header: guess from the first column's look, then the usual order of roadmap columns."""
    first = [row[0].text for row in table.rows[:20] if row and row[0].text]
    numbered = bool(first) and sum(1 for text in first if _NUMBER_RE.match(text)) >= len(first) / 2
    order = ([NUMBER] if numbered else []) + [TITLE, DEADLINE, RESPONSIBLE, RESULT, INDICATOR, PARTICIPANTS]
    return [order[index] if index < len(order) else COMMENTS for index in range(width)]


def _mapping_from_header(row: list[Cell], body: list[list[Cell]]) -> tuple[list[str], list[ParsedColumn]]:
    """One field per column. A column under no header of its own (a header cell merged over two columns,
    a row longer than the header) takes the field of the header over it, or goes to the comments; two
    title-like columns are a stage and its activities, or activities and their content."""
    mapping: list[str] = []
    columns: list[ParsedColumn] = []
    used: set[str] = set()
    recognised_names: list[str | None] = []
    for index, cell in enumerate(row):
        sample = _sample(body, index)
        if cell.covered or cell.padding or not cell.text:
            recognised_names.append(None)
            if not sample:
                mapping.append(SKIP)
                continue
            left = next((column for column in reversed(columns) if column.index < index), None)
            if cell.covered and left is not None and left.field != SKIP:
                mapping.append(left.field)
                columns.append(
                    ParsedColumn(
                        index=index,
                        header=f"{left.header} ({index - left.index + 1})",
                        field=left.field,
                        recognised=True,
                        sample=sample,
                    )
                )
            else:
                mapping.append(COMMENTS)
                columns.append(
                    ParsedColumn(index=index, header="", field=COMMENTS, recognised=False, sample=sample)
                )
            continue
        name = recognise_header(cell.text)
        recognised_names.append(name)
        recognised = name is not None
        if name in used and name not in (COMMENTS, RESULT, TITLE):
            # Two «Ответственный» columns: the second one is kept as a comment rather than lost.
            name = COMMENTS
        if name is None:
            name = COMMENTS  # «не распознан — в примечание»: never dropped without a word
        used.add(name)
        mapping.append(name)
        columns.append(
            ParsedColumn(index=index, header=cell.text, field=name, recognised=recognised, sample=sample)
        )
    titles = [index for index, name in enumerate(mapping) if name == TITLE]
    stage = STAGE in mapping
    if len(titles) >= 2:
        first, second = titles[0], titles[1]
        lowered = [row[first].text.lower(), row[second].text.lower()]
        if not stage and "мероприят" in lowered[1] and "мероприят" not in lowered[0]:
            mapping[first], mapping[second] = STAGE, TITLE
        else:
            mapping[second] = DETAILS
        for index in titles[2:]:
            mapping[index] = COMMENTS
    elif stage and not titles:
        # «Направление | Сроки | Ответственный»: the one title-like column is the activities'.
        mapping[mapping.index(STAGE)] = TITLE
    for column in columns:
        column.field = mapping[column.index]
    return mapping, columns


def _sample(body: list[list[Cell]], index: int) -> str:
    for row in body:
        if index < len(row):
            cell = row[index]
            if cell.text and not cell.covered and not cell.padding:
                return cell.text if len(cell.text) <= 60 else cell.text[:59] + "…"
    return ""


def _table_lines(rows: list[list[Cell]]) -> list[Paragraph]:
    """A table above the roadmap's table (approval blocks side by side, a title in a frame) as lines:
    a run of rows with several cells is read column by column, so that each block stays together."""
    lines: list[Paragraph] = []
    run: list[list[Cell]] = []

    def flush() -> None:
        width = max((len(row) for row in run), default=0)
        for column in range(width):
            for row in run:
                cell = row[column] if column < len(row) else Cell()
                if cell.text and not (cell.covered or cell.padding or cell.merged_above):
                    lines.extend(Paragraph(line, heading=cell.bold) for line in cell.paragraphs)
        run.clear()

    for row in rows:
        filled = [
            cell for cell in row if cell.text and not (cell.covered or cell.padding or cell.merged_above)
        ]
        if len(filled) <= 1:
            flush()
            for cell in filled:
                lines.extend(Paragraph(line, heading=cell.bold) for line in cell.paragraphs)
        else:
            run.append(row)
    flush()
    return lines


def _split_stage_text(text: str) -> tuple[str, str, str]:
    """«Формирование базы Задача: ... Результат: ...» → (title, task, expected result)."""
    parts = _MARKERS.split(text)
    title = parts[0].strip(" .;")
    task_parts, result_parts = [], []
    for marker, body in zip(parts[1::2], parts[2::2], strict=False):
        body = body.strip()
        if not body:
            continue
        key = marker.lower()
        if key.startswith("цел"):
            task_parts.append(_("Цель: %(text)s") % {"text": body})
        elif key.startswith("задач"):
            task_parts.append(body)
        else:
            result_parts.append(body)
    return title, " ".join(task_parts), " ".join(result_parts)


def _starts_lower(text: str) -> bool:
    text = text.lstrip()
    return bool(text) and (text[0].islower() or text[0] in "-–—,;)")


def _is_child(number: str, parent: str) -> bool:
    return bool(parent) and number.startswith(parent.rstrip(".") + ".") and number != parent


_STAGE_PREFIX = re.compile(
    r"^(?:(?:раздел|этап|блок|направление)\s+)?((?:\d{1,2}|[IVXLC]{1,6}))\.?\s*[.:)–-]?\s+(.+)$",
    re.IGNORECASE,
)


def _split_stage_number(stage: ParsedStage) -> None:
    """«Раздел 1. Подготовка», «II. Работа пар» → number and title."""
    match = _STAGE_PREFIX.match(stage.title)
    if match and not stage.number:
        stage.number, stage.title = match.group(1), match.group(2).strip()


def _next_numbers(items: list, position: int, count: int = 3) -> list[str]:
    found = []
    for kind, values, _merged, _row in items[position + 1 :]:
        if kind == "section":
            break
        number = values.get(NUMBER, "").strip().rstrip(".")
        if kind == "row" and number:
            found.append(number)
            if len(found) == count:
                break
    return found


def _row_values(row: list[Cell], mapping: list[str]) -> tuple[dict[str, str], set[str]]:
    """Field → text for one row; and the fields whose cell only repeats a vertically merged one."""
    values: dict[str, list[str]] = {}
    merged: set[str] = set()
    for index, cell in enumerate(row):
        name = mapping[index] if index < len(mapping) else SKIP
        if name == SKIP or cell.covered or cell.padding or not cell.text:
            continue
        if cell.merged_above:
            merged.add(name)
        values.setdefault(name, []).append(cell.text)
    return {name: "; ".join(texts) for name, texts in values.items()}, merged


def _realign_short_row(row: list[Cell], width: int) -> list[Cell]:
    """Pasted text loses horizontal merges: a row one cell short of the header most often had two
    middle columns merged (result and indicator in sample 000), so its last cell
    belongs to the last column."""
    real = [cell for cell in row if not cell.padding]
    if len(real) == width - 1 and len(real) >= 3 and len(row) == width:
        return real[:-1] + [Cell(padding=True), real[-1]]
    return row


def _append(target, name: str, text: str) -> None:
    current = getattr(target, name)
    setattr(target, name, f"{current} {text}".strip() if current else text)


def _finish_activity(activity: ParsedActivity, academic_year: str, numbered_table: bool) -> None:
    deadline = parse_deadline(activity.deadline, academic_year or None)
    activity.due_date = deadline.due_date
    activity.recurrence = deadline.recurrence
    activity.warnings = []
    if not activity.title:
        activity.warnings.append(_("Нет названия мероприятия"))
    if not activity.deadline:
        activity.warnings.append(_("Срок не указан"))
    elif not deadline.recognised:
        activity.warnings.append(_("Срок не распознан: «%(text)s»") % {"text": activity.deadline})
    if numbered_table and not activity.number:
        activity.warnings.append(_("Нет номера"))


def _cells_by_field(row: list[Cell], mapping: list[str]) -> dict[str, list[Cell]]:
    cells: dict[str, list[Cell]] = {}
    for index, cell in enumerate(row):
        name = mapping[index] if index < len(mapping) else SKIP
        if name == SKIP or cell.covered or cell.padding or not cell.text:
            continue
        cells.setdefault(name, []).append(cell)
    return cells


_ITEM_FIELDS = (DEADLINE, RESPONSIBLE, PARTICIPANTS, RESULT, INDICATOR, COMMENTS)


def _stage_column_table(body: list[list[Cell]], mapping: list[str], header_texts: list[str], first_row: int):
    """The stage-as-column layouts: yields (stage, is_new) for each stage cell, its activities being the
    items of the content cell; a deadline or responsible given per item goes to its item, one given for
    the row goes to every item of the row."""
    three_levels = DETAILS in mapping
    stage_index = mapping.index(STAGE)
    number_index = mapping.index(NUMBER) if NUMBER in mapping else None
    rows = []
    for offset, row in enumerate(body):
        if (header_texts and [cell.text for cell in row] == header_texts) or _is_number_row(row):
            continue
        rows.append((first_row + offset, row))

    def fresh(cell: Cell) -> bool:
        return bool(cell.text) and not cell.merged_above and not cell.covered and not cell.padding

    # A № that changes while the stage cell goes on numbers the rows, not the stages.
    numbers_are_rows = number_index is not None and any(
        fresh(row[number_index]) and not fresh(row[stage_index]) for _row_number, row in rows
    )
    stages: list[ParsedStage] = []
    current: ParsedStage | None = None
    stage_text = None
    counter = 0
    for row_number, row in rows:
        cells = _cells_by_field(row, mapping)
        number = (
            row[number_index].text.strip() if number_index is not None and fresh(row[number_index]) else ""
        )
        number = number.rstrip(".") if _NUMBER_RE.match(number) else number
        text = " ".join(cell.text for cell in cells.get(STAGE, []) if not cell.merged_above)
        filled = [cell for _index, cell in _real(row) if fresh(cell)]
        if not text and len(filled) == 1 and number and not _NUMBER_RE.match(number):
            text, number = number, ""  # «Этап 1. Подготовительный» across the whole row
        if text and text != stage_text:
            title, task, expected = _split_stage_text(text)
            current = ParsedStage(
                number="" if numbers_are_rows else number, title=title, task=task, expected_result=expected
            )
            current.row = row_number
            _split_stage_number(current)
            stages.append(current)
            stage_text, counter = text, 0
        elif current is None:
            current = ParsedStage(row=row_number)
            stages.append(current)
        if three_levels:
            context = tidy(" ".join(cell.text for cell in cells.get(TITLE, [])))
            items = split_items([line for cell in cells.get(DETAILS, []) for line in cell.paragraphs])
            titles = (
                [with_context(context, item) for item in items] if items else ([context] if context else [])
            )
        else:
            if any(cell.merged_above for cell in cells.get(TITLE, [])):
                continue  # a content cell merged down repeats activities already read
            titles = split_items([line for cell in cells.get(TITLE, []) for line in cell.paragraphs])
        if not titles:
            if current.activities:  # the rest of a row broken across pages
                for name in _ITEM_FIELDS:
                    for cell in cells.get(name, []):
                        if not cell.merged_above:
                            _append(current.activities[-1], name, cell.text)
            continue
        values: dict[str, list[str]] = {}
        for name in _ITEM_FIELDS:
            field_cells = cells.get(name, [])
            if not field_cells:
                continue
            if len(titles) > 1 and len(field_cells) == 1:
                per_item = split_items(field_cells[0].paragraphs, capitalise=False)
                if len(per_item) == len(titles):
                    values[name] = per_item
                    continue
            values[name] = ["; ".join(cell.text for cell in field_cells)] * len(titles)
        for position, title in enumerate(titles):
            counter += 1
            if numbers_are_rows:
                activity_number = number if len(titles) == 1 or not number else f"{number}.{position + 1}"
            else:
                # «1.2» under stage 1; under stage «II» or an unnumbered one, the place in the stage.
                activity_number = f"{current.number}.{counter}" if current.number.isdigit() else str(counter)
            activity = ParsedActivity(number=activity_number, title=title, row=row_number)
            for name, texts in values.items():
                setattr(activity, name, texts[position])
            current.activities.append(activity)
    return stages


def normalise(
    document: RawDocument,
    *,
    mapping: list[str] | None = None,
    academic_year: str = "",
    shift_dates: bool = False,
) -> ParsedRoadmap:
    """`mapping` overrides the recognised columns of the tables (one field per source column).
    `academic_year` places months written without a year; with `shift_dates`, dates written for another
    academic year (last year's document) move to this one."""
    parsed = ParsedRoadmap()
    found = []
    for table in document.tables:
        if table.rows:
            header = next(
                (index for index, row in enumerate(table.rows[:12]) if _header_score(row) >= 2), None
            )
            found.append((table, header))
    first_headed = next(
        (position for position, (_table, header) in enumerate(found) if header is not None), None
    )
    paragraphs = list(document.paragraphs)
    tables: list[tuple[RawTable, int | None]] = []
    for position, (table, header) in enumerate(found):
        if first_headed is not None and position < first_headed:
            # A table above the roadmap's table: approval blocks side by side, a title in a frame.
            paragraphs += [*table.paragraphs_before, *_table_lines(table.rows)]
            continue
        if position == (first_headed or 0):
            if position:
                paragraphs += table.paragraphs_before
            if header:
                paragraphs += _table_lines(table.rows[:header])
        tables.append((table, header))
    read_preamble(paragraphs, parsed)
    if not tables:
        parsed.warnings.append(_("В документе не найдено таблицы с мероприятиями."))
        return parsed

    current_mapping: list[str] | None = None
    stage: ParsedStage | None = None
    last: ParsedActivity | ParsedStage | None = None
    header_texts: list[str] = []
    numbered_table = False
    row_counter = 0

    rows_by_table = []
    for table_index, (table, header_index) in enumerate(tables):
        width = len(table.rows[0])
        if header_index is not None:
            body = table.rows[header_index + 1 :]
            table_mapping, columns = _mapping_from_header(table.rows[header_index], body)
            if table_index == 0 or not parsed.columns:
                parsed.columns = columns
            header_texts = [cell.text for cell in table.rows[header_index]]
        elif current_mapping is not None and len(current_mapping) == width:
            table_mapping, body = current_mapping, table.rows
        else:
            table_mapping = _default_mapping(width, table)
            body = table.rows
            if not parsed.columns:
                parsed.columns = [
                    ParsedColumn(
                        index=index, header="", field=name, recognised=False, sample=_sample(body, index)
                    )
                    for index, name in enumerate(table_mapping)
                    if _sample(body, index)
                ]
                parsed.warnings.append(
                    _("Заголовки столбцов не распознаны: проверьте, что в каком столбце, и поправьте ниже.")
                )
        if mapping and len(mapping) == width:
            table_mapping = [name if name in FIELDS else SKIP for name in mapping]
            if table_index == 0 or len(parsed.columns) == width:
                for column in parsed.columns:
                    if column.index < len(table_mapping):
                        column.field = table_mapping[column.index]
        current_mapping = table_mapping
        rows_by_table.append((table_mapping, width, body, header_index))

    for column in parsed.columns:
        if not column.recognised and column.header and column.field == COMMENTS:
            parsed.warnings.append(
                _("Столбец «%(header)s» не распознан — в примечание. Если в нём другое, выберите ниже.")
                % {"header": column.header}
            )
    if not any(TITLE in m or DETAILS in m for m, _width, _body, _header in rows_by_table):
        parsed.warnings.append(_("Не найден столбец с названиями мероприятий: укажите его ниже."))
        return parsed

    # First pass: classify rows into (kind, values) so that a stage candidate can look at the next row.
    items: list[tuple[str, dict, set[str], int]] = []
    stage_groups: dict[int, list[ParsedStage]] = {}  # the item's position → the stages its table built
    column_activities: set[int] = set()
    for table_mapping, width, body, _header_index in rows_by_table:
        if STAGE in table_mapping:
            first_row = row_counter + 1
            row_counter += len(body)
            built = _stage_column_table(body, table_mapping, header_texts, first_row)
            column_activities.update(
                id(activity) for built_stage in built for activity in built_stage.activities
            )
            stage_groups[len(items)] = built
            items.append(("stages", {}, set(), first_row))
            continue
        numbered_table = numbered_table or NUMBER in table_mapping
        for row in body:
            row_counter += 1
            row = _realign_short_row(row, width)
            texts = [cell.text for cell in row]
            if header_texts and texts == header_texts:
                continue  # the header repeated on a new page
            if _is_number_row(row):
                continue
            values, merged = _row_values(row, table_mapping)
            if not any(values.values()):
                continue
            real_filled = [(index, cell) for index, cell in _real(row) if cell.text and not cell.merged_above]
            if len(real_filled) == 1 and len(_real(row)) >= 1 and width > 1:
                index, cell = real_filled[0]
                name = table_mapping[index] if index < len(table_mapping) else SKIP
                if not (_NUMBER_RE.match(cell.text) and name == NUMBER):
                    spans_table = len(_real(row)) == 1
                    if (spans_table or name in (TITLE, NUMBER)) and not _starts_lower(cell.text):
                        items.append(("section", {TITLE: cell.text}, set(), row_counter))
                        continue
                    items.append(
                        ("continuation", {name if name != NUMBER else TITLE: cell.text}, set(), row_counter)
                    )
                    continue
            if DETAILS in values:
                values[TITLE] = with_context(values.get(TITLE, ""), values.pop(DETAILS))
            items.append(("row", values, merged, row_counter))

    for position, (kind, values, merged, row_number) in enumerate(items):
        if kind == "stages":
            parsed.stages.extend(stage_groups[position])
            if stage_groups[position]:
                stage = parsed.stages[-1]
                last = stage.activities[-1] if stage.activities else stage
            continue
        number = values.get(NUMBER, "").strip()
        number_clean = number.rstrip(".") if _NUMBER_RE.match(number) else number
        title = values.get(TITLE, "")
        others = {name: text for name, text in values.items() if name not in (NUMBER, TITLE) and text}

        if kind == "section":
            stage_title, task, expected = _split_stage_text(title)
            stage = ParsedStage(title=stage_title, task=task, expected_result=expected, row=row_number)
            _split_stage_number(stage)
            parsed.stages.append(stage)
            last = stage
            continue

        if kind == "continuation" or (
            kind == "row"
            and not number
            and last is not None
            and (
                (not title and all(_starts_lower(text) for name, text in values.items() if text))
                or (title and _starts_lower(title) and not values.get(DEADLINE))
                or TITLE in merged
            )
        ):
            if last is None:
                continue
            if isinstance(last, ParsedStage):
                for name, text in values.items():
                    if name in (TITLE, NUMBER):
                        _append(last, "title", text)
                continue
            for name, text in values.items():
                if name in merged or name == NUMBER:
                    continue
                if name in TEXT_FIELDS:
                    _append(last, name, text)
            continue

        is_top = bool(number_clean) and "." not in number_clean
        stage_like = (
            bool(title)
            and not others
            and (
                _STAGE_WORDS.match(title)
                or _MARKERS.search(title)
                or (number and _ROMAN_RE.match(number))
                or (
                    is_top and any(_is_child(later, number_clean) for later in _next_numbers(items, position))
                )
            )
        )
        if stage_like:
            stage_title, task, expected = _split_stage_text(title)
            stage = ParsedStage(
                number=number_clean, title=stage_title, task=task, expected_result=expected, row=row_number
            )
            _split_stage_number(stage)
            parsed.stages.append(stage)
            last = stage
            continue

        if stage is None:
            stage = ParsedStage(row=row_number)
            parsed.stages.append(stage)
        activity = ParsedActivity(number=number_clean, title=title, row=row_number)
        for name, text in others.items():
            if name in TEXT_FIELDS:
                setattr(activity, name, text)
        stage.activities.append(activity)
        last = activity

    deadlines = [activity.deadline for activity in parsed.activities]
    parsed.document_year = infer_academic_year(deadlines) or ""
    parsed.academic_year = academic_year or parsed.document_year
    shift = 0
    if shift_dates and parsed.document_year and academic_year:
        shift = (academic_year_start(academic_year) or 0) - (academic_year_start(parsed.document_year) or 0)
    if shift:
        # Last year's document brought in for this year: written dates move with it.
        for activity in parsed.activities:
            activity.deadline = shift_years(activity.deadline, shift)
        parsed.notes.append(
            _("Даты в сроках перенесены с %(old)s на %(new)s учебный год.")
            % {"old": parsed.document_year, "new": academic_year}
        )
    for activity in parsed.activities:
        _finish_activity(
            activity, parsed.academic_year, numbered_table and id(activity) not in column_activities
        )
    for stage_item in parsed.stages:
        if not stage_item.activities:
            stage_item.warnings.append(_("В разделе нет мероприятий"))
    if not parsed.activities:
        parsed.warnings.append(_("Не найдено ни одного мероприятия."))
    return parsed

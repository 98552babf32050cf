"""One normaliser for every source: from grids of cells to stages and activities, with doubts marked.

Columns are recognised by their header words; a row of column numbers and repeated headers are skipped;
a section row (one text across the table, or a top-level number with a title and nothing else) opens a
stage; a row that only continues the cells of the previous one (a page break in the source) is merged
into it; the text above the table gives the title, the preamble and the «УТВЕРЖДАЮ» block.
"""

from __future__ import annotations

import contextlib
import datetime
import re
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from ..deadlines import academic_year_start, infer_academic_year, parse_deadline, shift_years
from .readers import Cell, RawDocument, RawTable

NUMBER = "number"
TITLE = "title"
DEADLINE = "deadline"
RESPONSIBLE = "responsible"
PARTICIPANTS = "participants"
RESULT = "result"
INDICATOR = "indicator"
COMMENTS = "comments"
SKIP = "skip"

FIELDS = [NUMBER, TITLE, DEADLINE, RESPONSIBLE, PARTICIPANTS, RESULT, INDICATOR, COMMENTS, SKIP]
TEXT_FIELDS = [TITLE, DEADLINE, RESPONSIBLE, PARTICIPANTS, RESULT, INDICATOR, COMMENTS]


def field_labels() -> dict[str, str]:
    return {
        NUMBER: _("№ п/п"),
        TITLE: _("Мероприятие"),
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
_TITLE_RE = re.compile(r"^(?:план\b|дорожн\w* карт|комплекс мер|план-график)", re.IGNORECASE)


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
        data["columns"] = [[column.field, column.header] for column in self.columns if column.field != SKIP]
        data.pop("notes")
        data.pop("document_year")
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
    return len([name for name in recognised if name]) if TITLE in recognised else 0


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
    return [order[index] if index < len(order) else SKIP for index in range(width)]


def _mapping_from_header(row: list[Cell]) -> tuple[list[str], list[ParsedColumn]]:
    mapping: list[str] = []
    columns: list[ParsedColumn] = []
    used: set[str] = set()
    for index, cell in enumerate(row):
        if cell.covered or cell.padding:
            mapping.append(SKIP)
            continue
        name = recognise_header(cell.text)
        recognised = name is not None
        if name in used and name not in (COMMENTS,):
            # Two «Ответственный» columns: the second one is kept as a comment rather than lost.
            name = COMMENTS if name != TITLE else SKIP
        if name is None:
            name = SKIP
        used.add(name)
        mapping.append(name)
        columns.append(ParsedColumn(index=index, header=cell.text, field=name, recognised=recognised))
    return mapping, columns


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


def _approval_block(paragraphs: list[str], parsed: ParsedRoadmap) -> list[str]:
    """Take the «УТВЕРЖДАЮ» lines out of the paragraphs into the approver fields."""
    rest = []
    in_block = 0
    for text in paragraphs:
        if re.match(r"^\s*утверждаю\b", text, re.IGNORECASE):
            in_block = 3
            continue
        if in_block:
            in_block -= 1
            date_match = re.search(
                r"«?\s*(\d{1,2})\s*»?\s*[. ]\s*(\d{1,2})\s*\.?\s*((?:19|20)\d{2})", text
            ) or re.search(r"(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})", text)
            if date_match and parsed.approved_on is None:
                with contextlib.suppress(ValueError):
                    parsed.approved_on = datetime.date(
                        int(date_match.group(3)), int(date_match.group(2)), int(date_match.group(1))
                    )
                continue
            signer = re.match(r"^(?P<position>[^_]*?)\s*_{2,}\s*(?P<name>.+)$", text)
            if signer and not parsed.approver_name:
                parsed.approver_position = signer.group("position").strip()
                parsed.approver_name = signer.group("name").strip()
                continue
            if not _TITLE_RE.match(text) and not parsed.approver_position:
                parsed.approver_position = text
                continue
            in_block = 0
        rest.append(text)
    return rest


def _title_and_preamble(paragraphs: list[str], parsed: ParsedRoadmap) -> None:
    paragraphs = _approval_block(paragraphs, parsed)
    start = next((index for index, text in enumerate(paragraphs) if _TITLE_RE.match(text)), None)
    if start is None:
        start = len(paragraphs) - 1 if paragraphs else 0
    title_lines = paragraphs[start : start + 3]
    parsed.title = " ".join(title_lines).strip()
    parsed.preamble = "\n".join(paragraphs[:start]).strip()
    if not parsed.title:
        parsed.warnings.append(_("Над таблицей нет названия: введите название дорожной карты."))


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
    return {name: " ".join(texts) for name, texts in values.items()}, merged


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
    _title_and_preamble(document.paragraphs, parsed)
    if not document.tables:
        parsed.warnings.append(_("В документе не найдено таблицы с мероприятиями."))
        return parsed

    current_mapping: list[str] | None = None
    stage: ParsedStage | None = None
    last: ParsedActivity | ParsedStage | None = None
    header_texts: list[str] = []
    numbered_table = False
    row_counter = 0

    rows_by_table = []
    for table_index, table in enumerate(document.tables):
        if not table.rows:
            continue
        width = len(table.rows[0])
        header_index = None
        for index, row in enumerate(table.rows[:6]):
            if _header_score(row) >= 2:
                header_index = index
                break
        if header_index is not None:
            table_mapping, columns = _mapping_from_header(table.rows[header_index])
            if table_index == 0 or not parsed.columns:
                parsed.columns = columns
            header_texts = [cell.text for cell in table.rows[header_index]]
            body = table.rows[header_index + 1 :]
        elif current_mapping is not None and len(current_mapping) == width:
            table_mapping, body = current_mapping, table.rows
        else:
            table_mapping = _default_mapping(width, table)
            if not parsed.columns:
                parsed.columns = [
                    ParsedColumn(index=index, header="", field=name, recognised=False)
                    for index, name in enumerate(table_mapping)
                ]
                parsed.warnings.append(
                    _("Заголовки столбцов не распознаны: проверьте, что в каком столбце, и поправьте ниже.")
                )
            body = table.rows
        if mapping and len(mapping) == width:
            table_mapping = [name if name in FIELDS else SKIP for name in mapping]
            if table_index == 0 or len(parsed.columns) == width:
                for column in parsed.columns:
                    if column.index < len(table_mapping):
                        column.field = table_mapping[column.index]
        current_mapping = table_mapping
        rows_by_table.append((table_mapping, width, body))

    for column in parsed.columns:
        if not column.recognised and column.header and column.field == SKIP:
            parsed.warnings.append(
                _("Столбец «%(header)s» не распознан и не загружается: выберите, что в нём.")
                % {"header": column.header}
            )
    if not any(TITLE in table_mapping for table_mapping, _width, _body in rows_by_table):
        parsed.warnings.append(_("Не найден столбец с названиями мероприятий: укажите его ниже."))
        return parsed

    # First pass: classify rows into (kind, values) so that a stage candidate can look at the next row.
    items: list[tuple[str, dict[str, str], set[str], int]] = []
    for table_mapping, width, body in rows_by_table:
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
            items.append(("row", values, merged, row_counter))

    for position, (kind, values, merged, row_number) in enumerate(items):
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
        _finish_activity(activity, parsed.academic_year, numbered_table)
    for stage_item in parsed.stages:
        if not stage_item.activities:
            stage_item.warnings.append(_("В разделе нет мероприятий"))
    if not parsed.activities:
        parsed.warnings.append(_("Не найдено ни одного мероприятия."))
    return parsed

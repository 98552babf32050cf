"""Roadmaps of other schools, made here in the layouts they come in, each as .docx, .xlsx and pasted
text, read stage by stage and activity by activity (issue 11)."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

import docx
import openpyxl
import pytest
from openpyxl.styles import Font

from roadmap.importing import parse_pasted, parse_upload, read_upload

FORMATS = ["docx", "xlsx", "txt"]
D = datetime.date


@dataclass
class Layout:
    """`above`: ("p", text), ("h", heading), ("b", bold line) or ("side", rows of blocks side by side).
    A cell is a text or a list of paragraphs; `merges` are vertical: (column, first body row, last)."""

    above: list
    header: list[str]
    rows: list[list]
    merges: list[tuple[int, int, int]] = field(default_factory=list)


def _paragraphs(cell) -> list[str]:
    return cell if isinstance(cell, list) else [cell]


def to_docx(layout: Layout) -> bytes:
    document = docx.Document()

    def table(rows):
        made = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
        for row_index, row in enumerate(rows):
            for column, cell in enumerate(row):
                target = made.cell(row_index, column)
                paragraphs = _paragraphs(cell)
                target.text = paragraphs[0]
                for paragraph in paragraphs[1:]:
                    target.add_paragraph(paragraph)
        return made

    for kind, value in layout.above:
        if kind == "h":
            document.add_heading(value, level=2)
        elif kind == "b":
            document.add_paragraph().add_run(value).bold = True
        elif kind == "side":
            table(value)
        else:
            document.add_paragraph(value)
    main = table([layout.header, *layout.rows])
    for column, first, last in layout.merges:
        main.cell(first + 1, column).merge(main.cell(last + 1, column))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_xlsx(layout: Layout) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for kind, value in layout.above:
        if kind == "side":
            for row in value:
                sheet.append(row)
        else:
            sheet.append([value])
            if kind in ("h", "b"):
                sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.append(layout.header)
    header_row = sheet.max_row
    for row in layout.rows:
        sheet.append(["\n".join(_paragraphs(cell)) for cell in row])
    for column, first, last in layout.merges:
        sheet.merge_cells(
            start_row=header_row + 1 + first,
            start_column=column + 1,
            end_row=header_row + 1 + last,
            end_column=column + 1,
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_text(layout: Layout) -> str:
    """As Word or Excel copy it: a cell of several paragraphs in quotes, a merged cell empty below."""

    def cell_text(cell) -> str:
        paragraphs = _paragraphs(cell)
        return '"' + "\n".join(paragraphs) + '"' if len(paragraphs) > 1 else paragraphs[0]

    lines = []
    for kind, value in layout.above:
        if kind == "h":
            lines.append(f"## {value}")
        elif kind == "b":
            lines.append(f"**{value}**")
        elif kind == "side":
            lines.extend("\t".join(row) for row in value)
        else:
            lines.append(value)
    lines.append("\t".join(layout.header))
    lines.extend("\t".join(cell_text(cell) for cell in row) for row in layout.rows)
    return "\n".join(lines) + "\n"


def parse_as(layout: Layout, suffix: str, **options):
    if suffix == "docx":
        return parse_upload("plan.docx", to_docx(layout), **options)
    if suffix == "xlsx":
        return parse_upload("plan.xlsx", to_xlsx(layout), **options)
    return parse_pasted(to_text(layout), **options)


def stages_of(parsed) -> list:
    return [
        (
            stage.number,
            stage.title,
            [(a.number, a.title, a.deadline, a.responsible) for a in stage.activities],
        )
        for stage in parsed.stages
    ]


# --- The layouts ----------------------------------------------------------------------------------------

NUMBERED_ITEMS = Layout(
    above=[
        ("p", "Приказ № 15-од от 01.09.2025"),
        ("p", "План мероприятий (дорожная карта) реализации программы наставничества"),
        ("p", "на 2025/2026 учебный год"),
    ],
    header=[
        "№",
        "Наименование этапа",
        "Содержание деятельности и примерный план мероприятий",
        "Сроки",
        "Ответственные",
    ],
    rows=[
        [
            "1",
            "Подготовительный этап",
            "1) Издание приказа о внедрении целевой модели; 2) Разработка положения о наставничестве; "
            "3) Назначение куратора.",
            "сентябрь 2025",
            "Директор",
        ],
        [
            "2",
            "Формирование базы наставляемых",
            "1. Анкетирование педагогов. 2. Сбор согласий на обработку персональных данных.",
            "1) октябрь 2025; 2) до 15.11.2025",
            "Куратор",
        ],
        [
            "3",
            "Организация работы пар",
            "1) Встречи наставнических пар 2) Итоговая конференция",
            "В течение года",
            "Наставники, куратор",
        ],
    ],
)
NUMBERED_ITEMS_STAGES = [
    (
        "1",
        "Подготовительный этап",
        [
            ("1.1", "Издание приказа о внедрении целевой модели", "сентябрь 2025", "Директор"),
            ("1.2", "Разработка положения о наставничестве", "сентябрь 2025", "Директор"),
            ("1.3", "Назначение куратора", "сентябрь 2025", "Директор"),
        ],
    ),
    (
        "2",
        "Формирование базы наставляемых",
        [
            ("2.1", "Анкетирование педагогов", "октябрь 2025", "Куратор"),
            ("2.2", "Сбор согласий на обработку персональных данных", "до 15.11.2025", "Куратор"),
        ],
    ),
    (
        "3",
        "Организация работы пар",
        [
            ("3.1", "Встречи наставнических пар", "В течение года", "Наставники, куратор"),
            ("3.2", "Итоговая конференция", "В течение года", "Наставники, куратор"),
        ],
    ),
]

DASH_ITEMS = Layout(
    above=[("b", "Дорожная карта внедрения целевой модели наставничества")],
    header=["№ п/п", "Этап", "Содержание деятельности", "Срок", "Ответственный"],
    rows=[
        [
            "1",
            "Организационный",
            [
                "Подготовка нормативной базы:",
                "– положение о наставничестве;",
                "– программа наставничества;",
                "– дорожная карта.",
            ],
            "до 30.09.2025",
            ["Директор", "Куратор", "Куратор"],
        ],
        [
            "2",
            "Основной",
            "– пробная встреча пар; – встреча-планирование; – итоговая встреча",
            ["октябрь 2025", "ноябрь 2025", "май 2026"],
            "Наставники",
        ],
    ],
)
DASH_ITEMS_STAGES = [
    (
        "1",
        "Организационный",
        [
            ("1.1", "Подготовка нормативной базы: положение о наставничестве", "до 30.09.2025", "Директор"),
            ("1.2", "Подготовка нормативной базы: программа наставничества", "до 30.09.2025", "Куратор"),
            ("1.3", "Подготовка нормативной базы: дорожная карта", "до 30.09.2025", "Куратор"),
        ],
    ),
    (
        "2",
        "Основной",
        [
            ("2.1", "Пробная встреча пар", "октябрь 2025", "Наставники"),
            ("2.2", "Встреча-планирование", "ноябрь 2025", "Наставники"),
            ("2.3", "Итоговая встреча", "май 2026", "Наставники"),
        ],
    ),
]

PARAGRAPHS = Layout(
    above=[("p", "План работы по наставничеству на 2025/2026 учебный год")],
    header=[
        "Наименование этапа",
        "Содержание деятельности и примерный план мероприятий",
        "Сроки",
        "Ответственный",
    ],
    rows=[
        [
            "Диагностический этап",
            ["Анкетирование молодых педагогов", "Выявление профессиональных затруднений"],
            "сентябрь 2025",
            "Педагог-психолог",
        ],
        ["", "Составление индивидуальных планов", "до 01.10.2025", "Наставники"],
        [
            "Заключительный этап",
            ["Итоговая конференция наставников", "Отчёт куратора", "Размещение отчёта на сайте школы"],
            ["май 2026", "июнь 2026", "июнь 2026"],
            "Куратор",
        ],
    ],
    merges=[(0, 0, 1)],  # the stage cell spans its two rows
)
PARAGRAPHS_STAGES = [
    (
        "",
        "Диагностический этап",
        [
            ("1", "Анкетирование молодых педагогов", "сентябрь 2025", "Педагог-психолог"),
            ("2", "Выявление профессиональных затруднений", "сентябрь 2025", "Педагог-психолог"),
            ("3", "Составление индивидуальных планов", "до 01.10.2025", "Наставники"),
        ],
    ),
    (
        "",
        "Заключительный этап",
        [
            ("1", "Итоговая конференция наставников", "май 2026", "Куратор"),
            ("2", "Отчёт куратора", "июнь 2026", "Куратор"),
            ("3", "Размещение отчёта на сайте школы", "июнь 2026", "Куратор"),
        ],
    ),
]

THREE_LEVELS = Layout(
    above=[("p", "План мероприятий по реализации целевой модели наставничества")],
    header=["Этап", "Мероприятия", "Содержание деятельности", "Срок", "Ответственный"],
    rows=[
        [
            "I. Подготовительный",
            "Формирование базы наставников",
            "• анкетирование педагогов • собеседование с кандидатами",
            "сентябрь 2025",
            "Куратор",
        ],
        [
            "",
            "Обучение наставников",
            "• семинар «Роль наставника» • консультации психолога",
            ["октябрь 2025", "ноябрь 2025"],
            ["Куратор", "Педагог-психолог"],
        ],
        ["II. Основной", "Работа наставнических пар", "", "В течение года", "Наставники"],
    ],
    merges=[(0, 0, 1)],
)
THREE_LEVELS_STAGES = [
    (
        "I",
        "Подготовительный",
        [
            ("1", "Формирование базы наставников: анкетирование педагогов", "сентябрь 2025", "Куратор"),
            ("2", "Формирование базы наставников: собеседование с кандидатами", "сентябрь 2025", "Куратор"),
            ("3", "Обучение наставников: семинар «Роль наставника»", "октябрь 2025", "Куратор"),
            ("4", "Обучение наставников: консультации психолога", "ноябрь 2025", "Педагог-психолог"),
        ],
    ),
    ("II", "Основной", [("1", "Работа наставнических пар", "В течение года", "Наставники")]),
]

HEADING_TITLE = Layout(
    above=[
        ("p", "Настоящий план разработан в соответствии с Положением о системе наставничества."),
        ("h", "План мероприятий (дорожная карта)"),
        ("p", "Цель: создание условий для профессионального роста педагогов."),
    ],
    header=[
        "№",
        "Мероприятие",
        "Сроки",
        "Ответственный",
        "Ожидаемые результаты",
        "Вид документа",
        "Форма проведения",
    ],
    rows=[
        [
            "1",
            "Совещание при директоре",
            "сентябрь 2025",
            "Директор",
            "Утверждён состав наставников",
            "Приказ",
            "очно",
        ],
        [
            "2",
            "Семинар для наставников",
            "ноябрь 2025",
            "Куратор",
            "Повышена компетентность наставников",
            "Программа семинара",
            "дистанционно",
        ],
    ],
)
HEADING_TITLE_STAGES = [
    (
        "",
        "",
        [
            ("1", "Совещание при директоре", "сентябрь 2025", "Директор"),
            ("2", "Семинар для наставников", "ноябрь 2025", "Куратор"),
        ],
    )
]

APPENDIX = Layout(
    above=[
        ("p", "Приложение № 2"),
        ("p", "к приказу МБОУ «СОШ № 7» от 29.08.2025 № 210-од"),
        (
            "side",
            [
                ["ПРИНЯТО", "УТВЕРЖДАЮ"],
                ["на педагогическом совете", "Директор ________ Е.В. Смирнова"],
                ["Протокол № 1 от 28.08.2025", "«29» августа 2025 г."],
            ],
        ),
        ("b", "План мероприятий (дорожная карта) по внедрению целевой модели наставничества"),
    ],
    header=["№", "Этап", "Мероприятия", "Сроки", "Ответственный"],
    rows=[
        [
            "1",
            "Подготовка условий",
            ["Издание приказа о назначении куратора", "Информирование педагогов о программе"],
            "август 2025",
            "Директор",
        ],
        [
            "2",
            "Формирование пар",
            ["Подбор пар наставник — наставляемый", "Утверждение пар приказом"],
            ["сентябрь 2025", "до 30.09.2025"],
            "Куратор",
        ],
    ],
)
APPENDIX_STAGES = [
    (
        "1",
        "Подготовка условий",
        [
            ("1.1", "Издание приказа о назначении куратора", "август 2025", "Директор"),
            ("1.2", "Информирование педагогов о программе", "август 2025", "Директор"),
        ],
    ),
    (
        "2",
        "Формирование пар",
        [
            ("2.1", "Подбор пар наставник — наставляемый", "сентябрь 2025", "Куратор"),
            ("2.2", "Утверждение пар приказом", "до 30.09.2025", "Куратор"),
        ],
    ),
]
APPENDIX_SOURCE_LINES = [
    "Приложение № 2",
    "к приказу МБОУ «СОШ № 7» от 29.08.2025 № 210-од",
    "ПРИНЯТО",
    "на педагогическом совете",
    "Протокол № 1 от 28.08.2025",
    "УТВЕРЖДАЮ",
    "Директор ________ Е.В. Смирнова",
    "«29» августа 2025 г.",
]

LAYOUTS = {
    "numbered-items": (NUMBERED_ITEMS, NUMBERED_ITEMS_STAGES),
    "dash-items": (DASH_ITEMS, DASH_ITEMS_STAGES),
    "paragraphs": (PARAGRAPHS, PARAGRAPHS_STAGES),
    "three-levels": (THREE_LEVELS, THREE_LEVELS_STAGES),
    "heading-title": (HEADING_TITLE, HEADING_TITLE_STAGES),
    "appendix": (APPENDIX, APPENDIX_STAGES),
}


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_layout_reads_stage_by_stage_and_activity_by_activity(name, suffix):
    layout, expected = LAYOUTS[name]
    parsed = parse_as(layout, suffix, academic_year="2025/2026")
    assert stages_of(parsed) == expected
    assert all(not activity.warnings for activity in parsed.activities), [
        (activity.title, activity.warnings) for activity in parsed.activities if activity.warnings
    ]
    assert all(activity.due_date is not None or activity.recurrence for activity in parsed.activities)


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_the_three_formats_of_a_layout_give_the_same_roadmap(name):
    layout, _expected = LAYOUTS[name]
    results = [parse_as(layout, suffix).as_json() for suffix in FORMATS]
    assert results[0] == results[1] == results[2]


@pytest.mark.parametrize("suffix", FORMATS)
def test_numbered_items_keep_their_own_deadline(suffix):
    parsed = parse_as(NUMBERED_ITEMS, suffix, academic_year="2025/2026")
    by_number = {activity.number: activity for activity in parsed.activities}
    assert by_number["2.1"].due_date == D(2025, 10, 31)
    assert by_number["2.2"].due_date == D(2025, 11, 15)
    assert by_number["3.1"].recurrence == "continuous"
    assert (
        parsed.title
        == "План мероприятий (дорожная карта) реализации программы наставничества на 2025/2026 учебный год"
    )
    assert parsed.source_lines == ["Приказ № 15-од от 01.09.2025"]
    assert parsed.preamble_to_keep == ""


@pytest.mark.parametrize("suffix", FORMATS)
def test_stage_column_layouts_are_mapped_to_stage_and_activities(suffix):
    three = parse_as(THREE_LEVELS, suffix)
    assert [column.field for column in three.columns] == [
        "stage",
        "title",
        "details",
        "deadline",
        "responsible",
    ]
    two = parse_as(NUMBERED_ITEMS, suffix)
    assert [column.field for column in two.columns] == ["number", "stage", "title", "deadline", "responsible"]
    # The export of the new roadmap keeps the activity columns only.
    assert [name for name, _header in three.column_layout()] == ["title", "deadline", "responsible"]


@pytest.mark.parametrize("suffix", FORMATS)
def test_heading_is_the_title_and_the_sentence_before_it_the_preamble(suffix):
    parsed = parse_as(HEADING_TITLE, suffix)
    assert parsed.title == "План мероприятий (дорожная карта)"
    assert parsed.preamble_to_keep == (
        "Настоящий план разработан в соответствии с Положением о системе наставничества.\n"
        "Цель: создание условий для профессионального роста педагогов."
    )
    assert parsed.title_candidates[0] == "План мероприятий (дорожная карта)"
    assert "Настоящий план разработан в соответствии с Положением о системе наставничества." in (
        parsed.title_candidates
    )
    # «Вид документа» beside «Ожидаемые результаты» joins the result; «Форма проведения» is not lost.
    assert [column.field for column in parsed.columns] == [
        "number",
        "title",
        "deadline",
        "responsible",
        "result",
        "result",
        "comments",
    ]
    assert [column.recognised for column in parsed.columns][-1] is False
    first, second = parsed.activities
    assert first.result == "Утверждён состав наставников; Приказ"
    assert second.result == "Повышена компетентность наставников; Программа семинара"
    assert [first.comments, second.comments] == ["очно", "дистанционно"]
    assert any("Форма проведения" in warning and "в примечание" in warning for warning in parsed.warnings)


def test_bold_line_in_pasted_text_is_the_title_not_the_preamble_sentence():
    text = (
        "Документ подготовлен рабочей группой школы по итогам совещания.\n"
        "**Мероприятия по внедрению наставничества**\n"
        "Мероприятие\tСрок\nСеминар\tмарт 2026\n"
    )
    parsed = parse_pasted(text)
    assert parsed.title == "Мероприятия по внедрению наставничества"
    assert parsed.preamble_to_keep == "Документ подготовлен рабочей группой школы по итогам совещания."
    # A bold word at the start of a line does not make the line (or the lines after it) a heading.
    inline = parse_pasted(
        "**Цель:** развитие наставничества\n**Мероприятия на год**\nМероприятие\tСрок\nА\tмай\n"
    )
    assert inline.title == "Мероприятия на год"
    assert inline.preamble_to_keep == "Цель: развитие наставничества"


def test_markdown_table_with_items_in_cells():
    text = (
        "# План мероприятий (дорожная карта)\n\n"
        "| № | Наименование этапа | Содержание деятельности |\n"
        "|---|---|---|\n"
        "| 1 | Старт | Приказ<br>Положение |\n"
    )
    parsed = parse_pasted(text)
    assert parsed.title == "План мероприятий (дорожная карта)"
    assert stages_of(parsed) == [("1", "Старт", [("1.1", "Приказ", "", ""), ("1.2", "Положение", "", "")])]


@pytest.mark.parametrize("suffix", FORMATS)
def test_appendix_to_an_order_keeps_the_source_paperwork_apart(suffix):
    parsed = parse_as(APPENDIX, suffix)
    assert parsed.source_lines == APPENDIX_SOURCE_LINES
    assert parsed.title == "План мероприятий (дорожная карта) по внедрению целевой модели наставничества"
    assert parsed.preamble_to_keep == ""
    assert (parsed.approver_position, parsed.approver_name, parsed.approved_on) == (
        "Директор",
        "Е.В. Смирнова",
        D(2025, 8, 29),
    )
    assert not any(line in parsed.title_candidates for line in APPENDIX_SOURCE_LINES)
    report = parsed.report()
    assert report["source_lines"] == APPENDIX_SOURCE_LINES
    assert report["source_approval"] == {
        "position": "Директор",
        "name": "Е.В. Смирнова",
        "date": "2025-08-29",
    }


# --- Every column has a destination -------------------------------------------------------------------


def _body_columns(raw, header: list[str]) -> set[int]:
    """Indices of the main table's columns that hold any text below its header."""
    for table in raw.tables:
        for position, row in enumerate(table.rows):
            if [cell.text for cell in row[: len(header)]] == header:
                return {
                    index
                    for body_row in table.rows[position + 1 :]
                    for index, cell in enumerate(body_row)
                    if cell.text and not cell.covered and not cell.padding
                }
    raise AssertionError("no header")


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_no_source_column_without_a_destination(name, suffix):
    layout, _expected = LAYOUTS[name]
    if suffix == "docx":
        raw = read_upload("plan.docx", to_docx(layout))
    elif suffix == "xlsx":
        raw = read_upload("plan.xlsx", to_xlsx(layout))
    else:
        raw = read_upload("plan.txt", to_text(layout).encode())
    parsed = parse_as(layout, suffix)
    destinations = {column.index: column.field for column in parsed.columns}
    for index in _body_columns(raw, layout.header) | set(range(len(layout.header))):
        assert destinations.get(index, "skip") != "skip", (
            index,
            layout.header[index] if index < len(layout.header) else "",
        )


def test_a_header_over_two_columns_and_a_row_longer_than_the_header_lose_nothing():
    document = docx.Document()
    document.add_paragraph("План мероприятий")
    table = document.add_table(rows=3, cols=4)
    for column, text in enumerate(["Мероприятие", "Срок", "Результат", ""]):
        table.cell(0, column).text = text
    table.cell(0, 2).merge(table.cell(0, 3))  # «Результат» over two columns
    for row, values in enumerate(
        [["Семинар", "март 2026", "Проведён", "Протокол"], ["Отчёт", "май 2026", "Сдан", "Справка"]], 1
    ):
        for column, text in enumerate(values):
            table.cell(row, column).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    parsed = parse_upload("plan.docx", buffer.getvalue())
    assert [(column.index, column.field) for column in parsed.columns] == [
        (0, "title"),
        (1, "deadline"),
        (2, "result"),
        (3, "result"),
    ]
    assert [activity.result for activity in parsed.activities] == ["Проведён; Протокол", "Сдан; Справка"]
    pasted = parse_pasted("Мероприятие\tСрок\nСеминар\tмарт 2026\tочно\n")
    assert [(column.index, column.field, column.recognised) for column in pasted.columns] == [
        (0, "title", True),
        (1, "deadline", True),
        (2, "comments", False),
    ]
    assert pasted.activities[0].comments == "очно"

"""Import parsing over every sample in all three formats, and over awkward tables made here."""

import datetime
import io

import docx
import openpyxl
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from roadmap.importing import UnreadableFile, parse_pasted, parse_upload, read_upload

from .conftest import sample

FORMATS = ["docx", "xlsx", "txt"]
D = datetime.date


def parse_sample(number, suffix, **kwargs):
    path = sample(number, suffix)
    return parse_upload(path.name, path.read_bytes(), **kwargs)


@pytest.mark.parametrize("suffix", FORMATS)
def test_sample_000_sections_without_numbers(suffix):
    parsed = parse_sample("000", suffix)
    assert parsed.title == (
        "План мероприятий (дорожная карта) реализации Положения о системе наставничества "
        "в МБОУ СОШ № 23 г. Южно-Сахалинска"
    )
    assert parsed.preamble == "Приказ № 680-ОД от 25.11.2022"
    assert [stage.title for stage in parsed.stages] == [
        "Организационно-методическое сопровождение деятельности",
        "Аналитическое сопровождение деятельности, мониторинг",
        "Информационное сопровождение деятельности",
        "Управление реализацией целевой модели наставничества",
    ]
    assert [len(stage.activities) for stage in parsed.stages] == [14, 3, 2, 2]
    first = parsed.stages[0].activities[0]
    assert (first.title, first.deadline, first.due_date) == (
        "Формирование базы наставляемых",
        "01.12.2022",
        D(2022, 12, 1),
    )
    assert first.indicator == "Количество участников, охваченных системой"
    assert first.responsible == "Куратор"
    assert parsed.stages[0].activities[2].due_date == D(2022, 12, 1)  # «До 01.12.2022»
    assert parsed.stages[0].activities[4].recurrence == "schedule"  # «По отдельному графику»
    assert parsed.stages[1].activities[2].recurrence == "quarterly"  # «1 раз в квартал»
    # Sections 2–4 have the result spread over two columns: the responsible stays responsible.
    analysis = parsed.stages[1].activities[0]
    assert analysis.responsible == "Куратор"
    assert analysis.indicator == ""
    assert analysis.result.startswith("Проанализированы анкеты")
    # The row broken across pages is one activity.
    council = parsed.stages[2].activities[1]
    assert council.title.endswith("проведение анкетирования")
    assert council.result.endswith("создан реестр потенциальных наставников из числа специалистов ОО")
    assert parsed.academic_year == "2022/2023"
    assert not parsed.warnings
    assert all(not activity.warnings for activity in parsed.activities)


@pytest.mark.parametrize("suffix", FORMATS)
def test_sample_001_numbered_stages_with_task_and_result(suffix):
    parsed = parse_sample("001", suffix)
    assert parsed.title == "План мероприятий («дорожная карта») внедрения целевой модели наставничества"
    assert (parsed.approver_position, parsed.approver_name, parsed.approved_on) == (
        "Директор",
        "А.Б. Ткаченко",
        D(2021, 4, 12),
    )
    assert [stage.number for stage in parsed.stages] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [len(stage.activities) for stage in parsed.stages] == [1, 2, 4, 4, 4, 8, 7]
    first = parsed.stages[0]
    assert first.title == "Подготовка условий для запуска программы наставничества"
    assert first.task.startswith("информирование о запуске программы наставничества")
    assert first.expected_result.startswith("определены необходимые ресурсы")
    assert "Задача" not in first.title and "<p>" not in first.title
    assert parsed.stages[6].task.startswith("Цель: усилить программу")
    # 3.1 continues on the next page: only its responsible cell goes on.
    choice = parsed.stages[2].activities[0]
    assert choice.number == "3.1"
    assert choice.responsible == "Н.Ф. Кустова (куратор Целевой модели наставничества)"
    assert [activity.number for activity in parsed.stages[2].activities] == ["3.1", "3.2", "3.3", "3.4"]
    assert parsed.stages[0].activities[0].due_date == D(2021, 3, 31)  # «Март 2021»
    by_number = {activity.number: activity for activity in parsed.activities}
    assert by_number["2.2"].recurrence == "yearly"  # «Ежегодно октябрь»
    assert by_number["6.4"].due_date == D(2021, 5, 31)  # «Январь-май» inside 2020/2021
    assert by_number["7.7"].due_date == D(2021, 8, 31)
    assert by_number["5.2"].responsible == "Зав.отделами Педагоги"
    assert "<i>" not in by_number["5.2"].responsible


@pytest.mark.parametrize("suffix", FORMATS)
def test_sample_004_dotted_numbers_and_document_types(suffix):
    parsed = parse_sample("004", suffix, academic_year="2022/2023")
    assert [stage.number for stage in parsed.stages] == ["1", "2", "3", "4", "5"]
    assert [len(stage.activities) for stage in parsed.stages] == [5, 1, 12, 1, 4]
    by_number = {activity.number: activity for activity in parsed.activities}
    assert by_number["1.1"].due_date == D(2023, 2, 28)
    assert by_number["1.1"].result == "Приказ"
    assert by_number["3.10"].title.startswith("Оформление соглашений")
    assert by_number["3.5"].recurrence == "quarterly"
    assert by_number["3.2"].recurrence == "continuous"
    assert by_number["5.4"].due_date == D(2023, 5, 31)  # «Май» inside the academic year
    # Rows without a deadline are kept and marked doubtful.
    assert by_number["3.7"].warnings == ["Срок не указан"]
    assert by_number["5.2"].result == "Анкеты, справки"
    assert by_number["5.2"].doubtful
    assert sum(1 for activity in parsed.activities if activity.doubtful) == 3


@pytest.mark.parametrize("number", ["000", "001", "004"])
def test_three_formats_give_the_same_roadmap(number):
    results = [parse_sample(number, suffix).as_json() for suffix in FORMATS]
    assert results[0] == results[1] == results[2]


# --- Awkward tables of our own ----------------------------------------------------------------------------


def _docx_with(rows, paragraphs=("План мероприятий на год",), merges=()):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)
    for row_index, row in enumerate(rows):
        for column, text in enumerate(row):
            table.cell(row_index, column).text = text
    for (r1, c1), (r2, c2) in merges:
        table.cell(r1, c1).merge(table.cell(r2, c2))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_vertical_merge_repeats_the_deadline_for_each_activity():
    data = _docx_with(
        [
            ["№ п/п", "Наименование мероприятия", "Срок", "Ответственный"],
            ["1", "Раздел: организация", "", ""],
            ["1.1", "Анкетирование", "март 2026", "Куратор"],
            ["1.2", "Анализ анкет", "", "Куратор"],
        ],
        merges=[((2, 2), (3, 2))],
    )
    parsed = parse_upload("plan.docx", data, academic_year="2025/2026")
    activities = parsed.activities
    assert [a.number for a in activities] == ["1.1", "1.2"]
    assert activities[1].deadline == "март 2026"
    assert activities[1].due_date == D(2026, 3, 31)


def test_docx_repeated_header_number_row_and_sections_named_razdel():
    data = _docx_with(
        [
            ["№", "Мероприятие", "Участники мероприятия", "Дата проведения", "Ответственные", "Примечание"],
            ["1", "2", "3", "4", "5", "6"],
            ["Раздел 1. Подготовка", "", "", "", "", ""],
            ["1", "Совещание", "Педагоги", "10.09.2025", "Директор", ""],
            ["№", "Мероприятие", "Участники мероприятия", "Дата проведения", "Ответственные", "Примечание"],
            ["2", "Приказ о наставничестве", "—", "до 20.09.2025", "Директор", "подписан"],
            ["Раздел 2. Работа пар", "", "", "", "", ""],
            ["1", "Встречи пар", "Пары", "еженедельно", "Наставники", ""],
        ],
        merges=[((2, 0), (2, 5)), ((6, 0), (6, 5))],
    )
    parsed = parse_upload("plan.docx", data, academic_year="2025/2026")
    assert [stage.title for stage in parsed.stages] == ["Подготовка", "Работа пар"]
    assert [stage.number for stage in parsed.stages] == ["1", "2"]
    assert [[a.number for a in stage.activities] for stage in parsed.stages] == [["1", "2"], ["1"]]
    meeting = parsed.stages[0].activities[0]
    assert meeting.participants == "Педагоги"  # «Участники мероприятия» is not the title column
    assert parsed.stages[0].activities[1].comments == "подписан"
    assert parsed.stages[1].activities[0].recurrence == "weekly"


def test_docx_continuation_row_with_empty_number_and_title():
    data = _docx_with(
        [
            ["№ п/п", "Мероприятие", "Сроки", "Ответственные"],
            ["1", "Выбор форм наставничества", "Март", "Н.Ф. Кустова"],
            ["", "", "", "(куратор)"],
            ["2", "Обучение наставников", "апрель", "Директор"],
        ]
    )
    parsed = parse_upload("plan.docx", data, academic_year="2025/2026")
    assert [a.responsible for a in parsed.activities] == ["Н.Ф. Кустова (куратор)", "Директор"]


def test_unknown_column_is_reported_and_can_be_mapped():
    text = "Мероприятие\tКогда\tФорма проведения\nСовещание\tмарт\tочно\nОтчёт\tмай\tзаочно\n"
    parsed = parse_pasted(text, academic_year="2025/2026")
    # Not recognised is not dropped: it goes to the comments, and the preview says so (issue 11).
    assert [column.field for column in parsed.columns] == ["title", "deadline", "comments"]
    assert [column.recognised for column in parsed.columns] == [True, True, False]
    assert any("Форма проведения" in warning for warning in parsed.warnings)
    assert [a.comments for a in parsed.activities] == ["очно", "заочно"]
    remapped = parse_pasted(text, academic_year="2025/2026", mapping=["title", "deadline", "comments"])
    assert [a.comments for a in remapped.activities] == ["очно", "заочно"]
    dropped = parse_pasted(text, academic_year="2025/2026", mapping=["title", "deadline", "skip"])
    assert [a.comments for a in dropped.activities] == ["", ""]


def test_table_without_header_gets_a_guess_and_a_warning():
    text = "1\tСобрание наставников\tсентябрь\tКуратор\n2\tОтчёт\tмай\tДиректор\n"
    parsed = parse_pasted(text, academic_year="2025/2026")
    assert any("не распознаны" in warning for warning in parsed.warnings)
    assert [(a.number, a.title, a.due_date) for a in parsed.activities] == [
        ("1", "Собрание наставников", D(2025, 9, 30)),
        ("2", "Отчёт", D(2026, 5, 31)),
    ]


def test_doubtful_rows_are_marked():
    text = (
        "Мероприятие\tСрок\tОтветственный\nВстреча\tкогда получится\tКуратор\n"
        "\tмай\tКуратор\nИтоги\t\tДиректор\n"
    )
    parsed = parse_pasted(text, academic_year="2025/2026")
    warnings = [a.warnings for a in parsed.activities]
    assert warnings[0] == ["Срок не распознан: «когда получится»"]
    assert warnings[1] == ["Нет названия мероприятия"]
    assert "Срок не указан" in warnings[-1]


def test_xlsx_merged_section_row_and_dates_as_cells():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Дорожная карта наставничества"])
    sheet.append(["№", "Содержание работы", "Сроки", "Ответственный", "Ожидаемый результат"])
    sheet.append(["I", "Организационный этап", None, None, None])
    sheet.merge_cells("B3:E3")
    # An Excel cell holds a naive date and time.
    sheet.append([1, "Приказ о внедрении", datetime.datetime(2025, 9, 15), "Директор", "Приказ"])  # noqa: DTZ001
    sheet.append([2, "Положение", "=A1", "Директор", "Положение"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = parse_upload("plan.xlsx", buffer.getvalue(), academic_year="2025/2026")
    assert parsed.title == "Дорожная карта наставничества"
    assert [(stage.number, stage.title) for stage in parsed.stages] == [("I", "Организационный этап")]
    first = parsed.activities[0]
    assert (first.number, first.deadline, first.due_date) == ("1", "15.09.2025", D(2025, 9, 15))


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.doc", b"\xd0\xcf\x11\xe0 old word", "не поддерживается"),
        ("plan.pdf", b"%PDF-1.4", "не поддерживается"),
        ("plan.docx", b"not a zip at all", "повреждён"),
        ("plan.xlsx", b"PK\x03\x04 broken", "повреждён"),
        ("plan.docx", b"", "пустой"),
        ("plan.png", b"\x89PNG", "Загрузите файл"),
        ("plan.txt", "просто текст без таблицы".encode(), "не нашлось таблицы"),
    ],
)
def test_broken_or_unsupported_files_get_a_clear_message(name, data, message):
    with pytest.raises(UnreadableFile) as error:
        read_upload(name, data)
    assert message in str(error.value)


def test_text_in_windows_encoding_is_read():
    text = "Мероприятие\tСроки\nСовещание\tмарт 2026\n"
    parsed = parse_upload("plan.txt", text.encode("cp1251"))
    assert parsed.activities[0].due_date == D(2026, 3, 31)


def test_docx_gridbefore_and_nested_paragraphs_do_not_shift_columns():
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for column, text in enumerate(["Мероприятие", "Срок", "Ответственный"]):
        table.cell(0, column).text = text
    cell = table.cell(1, 0)
    cell.text = "Первая строка"
    cell.add_paragraph("вторая строка")
    table.cell(1, 1).text = "май 2026"
    table.cell(1, 2).text = "Куратор"
    tr_pr = OxmlElement("w:trPr")
    table.rows[1]._tr.insert(0, tr_pr)
    buffer = io.BytesIO()
    document.save(buffer)
    parsed = parse_upload("x.docx", buffer.getvalue())
    assert parsed.activities[0].title == "Первая строка вторая строка"
    assert parsed.activities[0].responsible == "Куратор"
    assert qn("w:trPr")


def test_choosing_another_year_moves_the_written_dates():
    as_written = parse_sample("000", "docx", academic_year="2025/2026")
    assert as_written.activities[0].deadline == "01.12.2022" and not as_written.notes
    parsed = parse_sample("000", "docx", academic_year="2025/2026", shift_dates=True)
    first = parsed.activities[0]
    assert (first.deadline, first.due_date) == ("01.12.2025", D(2025, 12, 1))
    assert parsed.document_year == "2022/2023"
    assert parsed.notes
    same = parse_sample("000", "docx", academic_year="2022/2023", shift_dates=True)
    assert same.activities[0].deadline == "01.12.2022" and not same.notes

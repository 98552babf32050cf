"""The one .xlsx writer: every book read back with openpyxl — dates are dates, numbers are numbers, a text
is stored as the same string and never as a formula, the header is frozen and bold."""

import datetime
import decimal
import io

import openpyxl
import pytest

from common import xlsx

COLUMNS = [
    xlsx.Column("Текст"),
    xlsx.Column("Число", xlsx.Kind.NUMBER),
    xlsx.Column("Дата", xlsx.Kind.DATE),
    xlsx.Column("Когда", xlsx.Kind.DATETIME),
    xlsx.Column("Да или нет", xlsx.Kind.BOOLEAN),
    xlsx.Column("Что угодно", xlsx.Kind.AUTO),
]


def read(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def one_sheet(rows, **options):
    return read(xlsx.render(xlsx.Sheet(title="Проверка", columns=COLUMNS, rows=rows, **options))).active


@pytest.mark.parametrize(
    "text",
    ["=1+1", "-2", "+7 914 123-45-67", "@SUM(A1)", '=HYPERLINK("http://evil")', "-", "=", "+"],
)
def test_a_risky_text_is_the_same_string_in_a_string_cell_with_quote_prefix(text):
    sheet = one_sheet([[text, text, text, text, text, text]])
    for cell in sheet[2]:
        assert cell.value == text  # never an added apostrophe
        assert cell.data_type == "s" and cell.quotePrefix


@pytest.mark.parametrize("text", ["Иванова", "#N/A", "#REF!", "1+1", "  пробелы  ", "строка\nвторая"])
def test_any_other_text_is_a_plain_string_cell(text):
    cell = one_sheet([[text]])["A2"]
    assert cell.value == text and cell.data_type == "s" and not cell.quotePrefix


def test_dates_numbers_booleans_and_empty_cells_have_their_kinds():
    sheet = one_sheet(
        [
            [
                None,
                decimal.Decimal("2.5"),
                datetime.date(2025, 9, 1),
                datetime.datetime(2025, 9, 1, 7, 30, tzinfo=datetime.UTC),
                True,
                datetime.date(2026, 5, 31),
            ],
            ["", 7, None, datetime.date(2025, 12, 31), False, 3.25],
            [0, 1.5, datetime.datetime(2025, 9, 1, 23, 30, tzinfo=datetime.UTC), None, None, False],
        ]
    )
    first, second, third = sheet[2], sheet[3], sheet[4]
    assert first[0].value is None and second[0].value is None  # None and "" are empty cells
    assert third[0].value == "0" and third[0].data_type == "s"  # a number in a text column is its text
    assert first[1].value == 2.5 and first[1].data_type == "n" and second[1].value == 7
    assert first[2].is_date and first[2].number_format == "DD.MM.YYYY"
    assert first[2].value.date() == datetime.date(2025, 9, 1)
    # An aware datetime is written as the Moscow wall clock; in a date column, as the Moscow date.
    assert first[3].is_date and first[3].number_format == "DD.MM.YYYY HH:MM"
    assert (first[3].value.date(), first[3].value.time()) == (
        datetime.date(2025, 9, 1),
        datetime.time(10, 30),
    )
    assert third[2].value.date() == datetime.date(2025, 9, 2) and third[2].number_format == "DD.MM.YYYY"
    assert second[3].is_date and second[3].number_format == "DD.MM.YYYY"  # a date in a datetime column
    assert (first[4].value, second[4].value, third[4].value) == ("да", "нет", None)
    assert first[5].is_date and second[5].value == 3.25 and third[5].value == "нет"


def test_a_value_that_does_not_fit_its_column_follows_the_text_rule():
    sheet = one_sheet([["x", "—", "не указано", "=NOW()", "-", "=1"]])
    row = sheet[2]
    assert [cell.value for cell in row] == ["x", "—", "не указано", "=NOW()", "-", "=1"]
    assert all(cell.data_type == "s" for cell in row)
    assert row[3].quotePrefix and row[4].quotePrefix and row[5].quotePrefix


def test_header_is_bold_and_frozen_and_columns_have_widths():
    sheet = one_sheet([["Очень длинная фамилия наставника", 1, None, None, None, None]] * 3)
    assert sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[1]] == [column.header for column in COLUMNS]
    assert all(cell.font.b and cell.data_type == "s" for cell in sheet[1])
    assert not sheet["A2"].font.b
    assert sheet.column_dimensions["A"].width == len("Очень длинная фамилия наставника") + 2
    assert sheet.column_dimensions["B"].width == xlsx.MIN_WIDTH
    assert sheet.column_dimensions["C"].width == 12  # a date column fits «31.12.2025»


def test_bold_and_larger_cells_keep_the_books_typeface_and_size():
    """LibreOffice draws a font without a name in its own default serif: every emphasised cell names the
    book's Calibri, at 11 pt unless it asks for more."""
    sheet = one_sheet([xlsx.Row(["Итого", 3], bold=True)], above=[xlsx.Row(["Обзор"], bold=True, size=13)])
    body = sheet["C3"].font
    for cell, size in ((sheet["A1"], 13), (sheet["A2"], 11), (sheet["A3"], 11), (sheet["B3"], 11)):
        assert cell.font.b and (cell.font.name, cell.font.sz) == (body.name, size) == ("Calibri", size)


def test_rows_with_wrapped_texts_are_tall_enough_for_libreoffice():
    """LibreOffice keeps a row one line high whatever it wraps: a header of two lines and a long wrapped text
    get a written height, one line of 15 pt per line of text; rows of one line keep the default."""
    goal = "Адаптация молодого специалиста в коллективе, освоение методики урока по ФГОС и работы с классом"
    columns = [
        xlsx.Column("Наставник"),
        xlsx.Column("Пара или группа", width=10),
        xlsx.Column("Цель", width=30, wrap=True),
    ]
    rows = [["Петрова Е.И.", "пара", goal], ["Попова С.Ю.", "пара", "Классное руководство."]]
    sheet = read(xlsx.render(xlsx.Sheet(title="Пары", columns=columns, rows=rows))).active
    assert sheet.row_dimensions[1].height == 30  # «Пара или / группа»
    assert sheet.row_dimensions[2].height == 60  # 95 letters in a column of 30: four lines
    assert sheet.row_dimensions[3].height is None
    assert sheet["C2"].value == goal and sheet["C2"].alignment.wrap_text


def test_in_a_sheet_of_tall_rows_every_cell_sits_at_the_top():
    """Next to an answer of three lines, the «№» and the role stand at the first line, not at the bottom."""
    columns = [
        xlsx.Column("№", xlsx.Kind.NUMBER),
        xlsx.Column("Роль"),
        xlsx.Column("Ответ", width=12, wrap=True),
    ]
    rows = [[1, "Наставляемый", "Поддержку в трудных ситуациях"]]
    sheet = read(xlsx.render(xlsx.Sheet(title="Ответы", columns=columns, rows=rows))).active
    assert sheet.row_dimensions[2].height == 45
    assert [cell.alignment.vertical for cell in sheet[2]] == ["top", "top", "top"]
    assert sheet["A2"].value == 1 and not sheet["A2"].alignment.wrap_text and sheet["C2"].alignment.wrap_text
    plain = one_sheet([[None, 1, None, None, None, None]])  # no tall rows: cells keep the default
    assert plain["B2"].alignment.vertical is None


def test_a_text_too_long_for_the_widest_column_wraps():
    competencies = "Проектирование урока по ФГОС, Дисциплина на уроке, Внеурочная деятельность, Профилактика"
    columns = [xlsx.Column("Фамилия"), xlsx.Column("Компетенции"), xlsx.Column("Телефон")]
    rows = [["Александрова", competencies, "+7 914 492-53-75"], ["Борисова", "Дисциплина на уроке", None]]
    sheet = read(xlsx.render(xlsx.Sheet(title="Наставники", columns=columns, rows=rows))).active
    assert sheet.column_dimensions["B"].width == xlsx.MAX_WIDTH
    assert sheet["B2"].value == competencies and sheet["B2"].alignment.wrap_text
    assert sheet.row_dimensions[2].height == 30 and sheet.row_dimensions[3].height is None
    assert not sheet["A2"].alignment.wrap_text and not sheet["C2"].alignment.wrap_text


def test_a_header_word_fits_the_column_made_for_it():
    columns = [xlsx.Column("Наставляемых", xlsx.Kind.NUMBER), xlsx.Column("Фамилия")]
    sheet = read(xlsx.render(xlsx.Sheet(title="Слова", columns=columns, rows=[[1, "Ли"]]))).active
    assert sheet.row_dimensions[1].height is None and sheet.row_dimensions[2].height is None


def test_lines_above_the_header_emphasis_and_print_setup():
    sheet = one_sheet(
        [xlsx.Row(["Этап 1", 1], bold=True), ["Мероприятие", 2]],
        above=[xlsx.Row(["Реестр наставников"], bold=True, size=13), ["=не формула"]],
        print_setup=True,
        framed=True,
    )
    assert sheet["A1"].value == "Реестр наставников" and sheet["A1"].font.b and sheet["A1"].font.sz == 13
    assert sheet["A2"].value == "=не формула" and sheet["A2"].data_type == "s"
    assert sheet.freeze_panes == "A4" and all(cell.font.b for cell in sheet[3])
    assert sheet["A4"].font.b and sheet["B4"].value == 1 and sheet["B4"].font.b
    assert not sheet["A5"].font.b and sheet["A5"].border.left.style == "thin"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$3:$3"


def test_control_characters_xml_cannot_hold_are_dropped_and_nothing_else():
    cell = one_sheet([["Иванова\x0bМария\tСергеевна"]])["A2"]
    assert cell.value == "ИвановаМария\tСергеевна"


def test_several_sheets_and_their_titles():
    book = read(
        xlsx.render(
            xlsx.Sheet(title="Ответы", columns=[xlsx.Column("№", xlsx.Kind.NUMBER)], rows=[[1], [2]]),
            xlsx.Sheet(title="Вопросы: коды/тексты", columns=[xlsx.Column("Код")], rows=[["S1"]]),
        )
    )
    assert book.sheetnames == ["Ответы", "Вопросы  коды тексты"]
    assert [row[0] for row in book["Ответы"].values] == ["№", 1, 2]


def test_a_list_exporter_subclass_gives_its_book_and_its_file_name():
    class People(xlsx.ListExporter):
        name = "Люди"
        columns = [xlsx.Column("Фамилия"), xlsx.Column("Родился", xlsx.Kind.DATE)]

        def __init__(self, people):
            self.people = people

        def rows(self):
            for last_name, born in self.people:
                yield [last_name, born]

    exporter = People([("Петрова", datetime.date(1972, 3, 14)), ("=Иванова", None)])
    sheet = read(exporter.render()).active
    assert sheet.title == "Люди" and sheet["A3"].value == "=Иванова" and sheet["B2"].is_date
    assert exporter.filename("Школа № 1", datetime.date(2025, 9, 1)) == "Люди Школа № 1 01.09.2025.xlsx"


def test_file_name_pattern():
    day = datetime.date(2026, 1, 5)
    assert xlsx.filename("База наставников", "МБОУ «СОШ № 23»", day) == (
        "База наставников МБОУ «СОШ № 23» 05.01.2026.xlsx"
    )
    assert xlsx.filename("Дорожная карта 2025–2026", 'ООО "Школа/Сад": филиал', day) == (
        "Дорожная карта 2025–2026 ООО Школа Сад филиал 05.01.2026.xlsx"
    )
    assert xlsx.filename("База наставников", "", day) == "База наставников 05.01.2026.xlsx"


def test_many_rows_are_written_in_write_only_mode():
    rows = ([f"Наставник{n}", n, datetime.date(2025, 9, 1), None, n % 2 == 0, "=x"] for n in range(3000))
    content = xlsx.render(xlsx.Sheet(title="Много", columns=COLUMNS, rows=rows))
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(values) == 3000 and values[-1][:2] == ("Наставник2999", 2999) and values[-1][5] == "=x"

"""The people import reads the lists schools keep: layouts made here with openpyxl (title rows, one «ФИО»
column, merged cells, blank rows, «Итого», a second sheet, text and Excel dates, experience in words,
students with classes, a mentee list with categories and requests, CSV), the name splitting, the update
diff that never blanks, duplicates as row errors, the batch and its undo, the CLI's JSON, the pages."""

from __future__ import annotations

import datetime
import io
import json

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.models import (
    AuditEntry,
    Consent,
    ImportBatch,
    Membership,
    MenteeProfile,
    MentorProfile,
    Person,
    Role,
)
from mentoring.organisations.people_import import parsing, pipeline
from tests.conftest import make_person
from tests.mentoring.conftest import add_mentee, add_mentor, proposed_pair

pytestmark = pytest.mark.django_db


def book(*sheets) -> bytes:
    """sheets: (title, rows, merges); a row is a list of cells, None for a blank row."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows, merges in sheets:
        sheet = workbook.create_sheet(title)
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row or [], start=1):
                if value is not None:
                    cell = sheet.cell(row=number, column=column, value=value)
                    if isinstance(value, datetime.date):
                        cell.number_format = "DD.MM.YYYY"
        for merge in merges:
            sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def one_sheet(rows, merges=(), title="Лист1") -> bytes:
    return book((title, rows, merges))


def run(organisation, content, target="people", **options) -> pipeline.Preview:
    return pipeline.preview(organisation=organisation, target=target, content=content, **options)


def confirm(organisation, content, target="people", updates=(), **options):
    return pipeline.import_confirm(
        organisation=organisation, actor=None, target=target, content=content, updates=updates, **options
    )


def rows_by_number(report):
    return {row.row: row for row in report.rows}


# --- Layouts ----------------------------------------------------------------------------------------------

STAFF_WITH_TITLE = [
    ["Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 5»"],
    ["Список педагогических работников на 01.09.2025"],
    None,
    [
        "№ п/п",
        "ФИО",
        "Дата рождения",
        "Должность",
        "Педагогический стаж",
        "Квалификационная категория",
        "E-mail",
    ],
    [1, "ИВАНОВА  Мария   Сергеевна", datetime.date(1985, 4, 12), "Учитель биологии", "12 лет", "Высшая", ""],
    [
        2,
        "Петров-Водкин Кузьма Сергеевич",
        "03.11.1990",
        "Учитель ИЗО",
        "Педагогический стаж: 3 года",
        "Первая",
        "pv@school.example",
    ],
    [3, "Алиев Рашид Гасан оглы", 33000, "Учитель физкультуры", "8 мес.", "СЗД", ""],
    None,
    [4, "Ким Анна", None, "Педагог-психолог", 7, "Без категории", "kim@school.example"],
    ["Итого", None, None, None, None, None, None],
]


def test_title_rows_one_fio_column_merged_title_excel_and_text_dates_experience_in_words(organisation):
    content = one_sheet(STAFF_WITH_TITLE, merges=["A1:G1", "A2:G2"])
    report = run(organisation, content)
    assert report.ok, (report.file_error, report.errors)
    assert report.header_row == 4 and report.sheet == "Лист1"
    assert report.skipped == [8, 10]  # the blank row and «Итого»
    rows = rows_by_number(report)
    assert set(rows) == {5, 6, 7, 9}  # the numbers Excel shows
    ivanova = rows[5].out
    assert (ivanova["last_name"], ivanova["first_name"], ivanova["patronymic"]) == (
        "Иванова",
        "Мария",
        "Сергеевна",
    )
    assert ivanova["birth_date"] == datetime.date(1985, 4, 12) and ivanova["teaching_experience"] == 12
    assert ivanova["qualification_category"] == "highest" and ivanova["kind"] == "staff"
    petrov = rows[6].out
    assert petrov["last_name"] == "Петров-Водкин" and petrov["birth_date"] == datetime.date(1990, 11, 3)
    assert petrov["teaching_experience"] == 3 and petrov["qualification_category"] == "first"
    aliev = rows[7].out
    assert (aliev["last_name"], aliev["first_name"], aliev["patronymic"]) == ("Алиев", "Рашид", "Гасан оглы")
    assert aliev["birth_date"] == datetime.date(1990, 5, 7)  # Excel's serial day 33000 in a number cell
    assert aliev["teaching_experience"] == 0 and aliev["qualification_category"] == "conformity"
    assert rows[9].out["patronymic"] == "" and rows[9].out["email"] == "kim@school.example"
    assert all(row.action == pipeline.CREATE for row in report.rows)
    _preview, batch = confirm(organisation, content)
    assert batch.created_count == 4
    assert Person.objects.get(last_name="Иванова").memberships.get().roles.get().role == Role.TEACHER


def test_header_after_blank_rows_two_level_header_under_merged_cells(organisation):
    rows = [
        ["Сведения о педагогах"],
        None,
        None,
        ["Фамилия", "Имя", "Отчество", "Сведения о работе", None, "Контакты", None],
        [None, None, None, "Должность", "Стаж работы", "Телефон", "Эл. почта"],
        [
            "СМИРНОВА",
            "ольга",
            "петровна",
            "Учитель музыки",
            "20",
            "+7 914 000-00-01",
            "smirnova@school.example",
        ],
        ["Орлов", "Игорь", None, "Учитель истории", "1 год", None, None],
    ]
    report = run(organisation, one_sheet(rows, merges=["A1:G1", "D4:E4", "F4:G4"]))
    assert report.ok, (report.file_error, report.errors)
    assert report.header_row == 4
    fields_by_letter = {column.letter: column.field for column in report.columns}
    assert fields_by_letter == {
        "A": "last_name",
        "B": "first_name",
        "C": "patronymic",
        "D": "position",
        "E": "teaching_experience",
        "F": "phone",
        "G": "email",
    }
    first = report.rows[0]
    assert first.row == 6 and first.out["last_name"] == "Смирнова" and first.out["first_name"] == "Ольга"
    assert first.out["teaching_experience"] == 20 and report.rows[1].out["teaching_experience"] == 1


def test_second_sheet_found_and_a_sheet_can_be_chosen(organisation):
    content = book(
        ("Справка", [["Сведения подготовил: Иванов И. И."], ["Дата: 01.09.2025"]], []),
        ("Педагоги", [["ФИО", "Должность"], ["Захарова Нина Павловна", "Учитель"]], []),
        ("Уволенные", [["ФИО", "Должность"], ["Старикова Вера Ивановна", "Учитель"], ["Итого: 1", None]], []),
    )
    report = run(organisation, content)
    assert report.ok and report.sheet == "Педагоги" and report.sheets == ["Справка", "Педагоги", "Уволенные"]
    assert [row.name for row in report.rows] == ["Захарова Нина Павловна"]
    chosen = run(organisation, content, sheet="Уволенные")
    assert [row.name for row in chosen.rows] == ["Старикова Вера Ивановна"]
    assert "нет листа «Нет такого»" in run(organisation, content, sheet="Нет такого").file_error


def test_students_with_classes(organisation):
    rows = [
        ["Список обучающихся 7-х классов"],
        ["№", "ФИО обучающегося", "Класс", "Дата рождения"],
        [1, "Белов Артём Игоревич", "7б", "14.02.2012"],
        [2, "Ёлкина Алёна Дмитриевна", "7 «А»", datetime.date(2012, 6, 1)],
        [3, "Ли Мин", "7-В класс", None],
    ]
    report = run(organisation, one_sheet(rows))
    assert report.ok, report.errors
    out = [row.out for row in report.rows]
    assert [person["school_class"] for person in out] == ["7Б", "7А", "7В"]
    assert {person["kind"] for person in out} == {"student"}
    assert out[1]["last_name"] == "Ёлкина" and out[1]["first_name"] == "Алёна"  # ё kept as written
    confirm(organisation, one_sheet(rows))
    belov = Person.objects.get(last_name="Белов")
    assert belov.kind == "student" and belov.school_class == "7Б"
    assert not belov.memberships.get().roles.exists()  # a student gets no staff role


def test_a_mentee_list_with_categories_and_requests(organisation):
    rows = [
        ["База наставляемых МБОУ СОШ № 5"],
        ["ФИО", "Категория наставляемого", "Профессиональные затруднения", "Дата согласия"],
        ["Смирнов Дмитрий Олегович", "Молодой специалист", "Дисциплина в 7-х классах", "01.09.2025"],
        ["Лаптева Ирина Юрьевна", "Вновь принятый педагог", "Работа с родителями", None],
        ["Кузина Ольга Петровна", "Испытывающий трудности", None, None],
    ]
    report = run(organisation, one_sheet(rows), target="mentees")
    assert report.ok, report.errors
    assert report.target_label == "База наставляемых"
    out = [row.out for row in report.rows]
    assert [person["mentee_category"] for person in out] == [
        "young_specialist",
        "newly_hired",
        "in_difficulty",
    ]
    assert out[0]["request"] == "Дисциплина в 7-х классах"
    confirm(organisation, one_sheet(rows), target="mentees")
    smirnov = MenteeProfile.objects.get(person__last_name="Смирнов")
    assert smirnov.category == "young_specialist" and smirnov.requests == "Дисциплина в 7-х классах"
    assert Consent.objects.filter(person=smirnov.person, given_on=datetime.date(2025, 9, 1)).exists()
    assert MenteeProfile.objects.get(person__last_name="Кузина").category == "in_difficulty"


def test_a_mentor_list_with_competencies_and_experience_in_months(organisation):
    rows = [
        ["ФИО", "Стаж педагогической работы", "Компетенции", "Статус"],
        [
            "Петрова Елена Ивановна",
            "28 лет 3 мес.",
            "Подготовка к ОГЭ/ЕГЭ; Работа с родителями",
            "Потенциальный",
        ],
        ["Гусев Олег Романович", "менее года", None, None],
    ]
    report = run(organisation, one_sheet(rows), target="mentors")
    assert report.ok, report.errors
    assert report.rows[0].out["teaching_experience"] == 28 and report.rows[1].out["teaching_experience"] == 0
    confirm(organisation, one_sheet(rows), target="mentors")
    petrova = MentorProfile.objects.get(person__last_name="Петрова")
    assert {c.name for c in petrova.competencies.all()} == {"Подготовка к ОГЭ/ЕГЭ", "Работа с родителями"}
    assert MentorProfile.objects.get(person__last_name="Гусев").status == "potential"


def test_a_csv_saved_in_windows_1251_with_semicolons(organisation):
    text = "Ф.И.О.;Должность;Стаж\r\nНовикова Алина Петровна;Учитель биологии;5 лет\r\n;;\r\nИтого;;\r\n"
    report = run(organisation, text.encode("cp1251"), filename="staff.csv")
    assert report.ok, (report.file_error, report.errors)
    assert [row.out["teaching_experience"] for row in report.rows] == [5]


def test_columns_mapped_by_hand(organisation):
    rows = [["ФИО", "Сотовый", "Что ведёт"], ["Мухина Вера Ивановна", "+7 900 111-22-33", "Химия"]]
    report = run(organisation, one_sheet(rows))
    assert [column.field for column in report.columns] == ["full_name", "", ""]
    assert [column.recognised for column in report.columns] == [True, False, False]
    remapped = run(organisation, one_sheet(rows), mapping={1: "phone", 2: "subjects"})
    assert remapped.rows[0].out["phone"] == "+7 900 111-22-33" and remapped.rows[0].out["subjects"] == "Химия"
    unnamed = run(organisation, one_sheet(rows), mapping={0: ""})
    assert "ФИО" in unnamed.file_error


def test_a_file_without_a_header_or_rows_is_refused_with_a_sentence(organisation):
    assert (
        "не найдена строка с названиями столбцов"
        in run(organisation, one_sheet([["Сотрудники"], ["А", "Б"]])).file_error
    )
    assert "нет ни одной строки с данными" in run(organisation, one_sheet([["ФИО", "Должность"]])).file_error
    assert "не .xlsx" in run(organisation, b"PK\x03\x04 broken").file_error


# --- Cells ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Иванова Мария Сергеевна", ("Иванова", "Мария", "Сергеевна")),
        ("  ИВАНОВА   МАРИЯ  СЕРГЕЕВНА ", ("Иванова", "Мария", "Сергеевна")),
        ("иванова мария", ("Иванова", "Мария", "")),
        ("Петрова-Водкина Анна Ивановна", ("Петрова-Водкина", "Анна", "Ивановна")),
        ("ПЕТРОВА-ВОДКИНА Анна Ивановна", ("Петрова-Водкина", "Анна", "Ивановна")),
        ("Петрова Водкина Анна Ивановна", ("Петрова Водкина", "Анна", "Ивановна")),
        ("Алиев Рашид Гасан оглы", ("Алиев", "Рашид", "Гасан оглы")),
        ("Мамедова Айгюн Рафик КЫЗЫ", ("Мамедова", "Айгюн", "Рафик кызы")),
        ("Мария Сергеевна Иванова", ("Иванова", "Мария", "Сергеевна")),
        ("Ёлкина Алёна Фёдоровна", ("Ёлкина", "Алёна", "Фёдоровна")),
        ("МакКартни Пол", ("МакКартни", "Пол", "")),
        ("Иванова, Мария Сергеевна", ("Иванова", "Мария", "Сергеевна")),
    ],
)
def test_full_name_split(text, expected):
    assert parsing.split_full_name(text) == expected


@pytest.mark.parametrize(
    ("text", "message"), [("Иванова М.С.", "инициалы"), ("Иванова", "одно слово"), ("", "не")]
)
def test_full_name_that_cannot_be_split(text, message):
    with pytest.raises(parsing.CellError, match=message):
        parsing.split_full_name(text)


@pytest.mark.parametrize(
    ("value", "years"),
    [
        (12, 12),
        (12.7, 12),
        ("12", 12),
        ("12 лет", 12),
        ("3 года", 3),
        ("1 год", 1),
        ("8 мес.", 0),
        ("12 лет 3 мес.", 12),
        ("Педагогический стаж: 12 лет", 12),
        ("5,5", 5),
        ("менее года", 0),
        ("21 г.", 21),
    ],
)
def test_experience_in_words(value, years):
    assert parsing.experience(value) == years


@pytest.mark.parametrize("value", ["много", "200 лет", "-3"])
def test_experience_that_is_not_one(value):
    with pytest.raises(parsing.CellError):
        parsing.experience(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("Высшая", "highest"),
        ("высшая категория", "highest"),
        ("ВКК", "highest"),
        ("Первая", "first"),
        ("I", "first"),
        ("Соответствие занимаемой должности", "conformity"),
        ("СЗД", "conformity"),
        ("без категории", ""),
    ],
)
def test_categories(value, code):
    assert parsing.qualification(value) == code


def test_bad_cells_are_row_errors_in_russian_with_the_excel_row(organisation):
    rows = [
        ["Список"],
        ["ФИО", "Дата рождения", "Стаж", "Категория", "Эл. почта"],
        ["Верная Строка Ивановна", "01.02.1990", "5", "Первая", "ok@school.example"],
        ["Кривая Дата Петровна", "31.02.1990", "много", "Вторая", "не-почта"],
        ["Иванова М.С.", None, None, None, None],
        ["Будущая Анна Ивановна", "01.01.2090", None, None, None],
    ]
    before = Person.objects.count()
    report = run(organisation, one_sheet(rows))
    assert not report.ok
    errors = {row.row: " ".join(row.errors) for row in report.error_rows}
    assert set(errors) == {4, 5, 6}
    assert "Дата рождения: даты «31.02.1990» нет в календаре — проверьте день и месяц" in errors[4]
    assert "ДД.ММ.ГГГГ" not in errors[4]
    assert "Педагогический стаж: стаж «много» не распознан" in errors[4]
    assert "Квалификационная категория: категория «Вторая» не распознана" in errors[4]
    assert "не адрес электронной почты" in errors[4]
    assert "инициалы" in errors[5] and "ещё не наступила" in errors[6]
    assert all(message.endswith(".") for row in report.error_rows for message in row.errors)
    with pytest.raises(pipeline.ImportRefused):
        confirm(organisation, one_sheet(rows))
    assert Person.objects.count() == before and not ImportBatch.objects.exists()


# --- Matching, the diff, duplicates -----------------------------------------------------------------------


def test_the_update_diff_shows_every_change_and_an_empty_cell_never_blanks(organisation, known):
    rows = [
        ["ФИО", "Дата рождения", "Должность", "Телефон", "Стаж", "E-mail"],
        [
            "Кустова Наталья Фёдоровна",
            "15.03.1976",
            "Заместитель директора",
            None,
            "20 лет",
            "KUSTOVA@school.example",
        ],
    ]
    report = run(organisation, one_sheet(rows))
    row = report.rows[0]
    assert row.action == pipeline.UPDATE and row.person == known and row.matched_by == "по электронной почте"
    assert row.changes == {
        "birth_date": [datetime.date(1976, 3, 14), datetime.date(1976, 3, 15)],
        "position": ["Учитель", "Заместитель директора"],
    }
    assert row.out["phone"] == "+7 914 555-55-55"  # the empty cell leaves the phone
    assert [change["label"] for change in row.change_list] == ["Дата рождения", "Должность"]
    assert row.change_list[0]["old"] == "14.03.1976" and row.change_list[0]["new"] == "15.03.1976"
    # Not ticked: nothing changes.
    _result, batch = confirm(organisation, one_sheet(rows), updates=())
    known.refresh_from_db()
    assert known.birth_date == datetime.date(1976, 3, 14) and batch.updated_count == 0
    # Ticked: the two fields change, the phone stays, the journal keeps old → new.
    _result, batch = confirm(organisation, one_sheet(rows), updates={2})
    known.refresh_from_db()
    assert known.birth_date == datetime.date(1976, 3, 15) and known.position == "Заместитель директора"
    assert known.phone == "+7 914 555-55-55" and batch.updated_count == 1
    entry = AuditEntry.objects.get(action="person.updated", target_id=known.pk)
    assert entry.changes["position"] == ["Учитель", "Заместитель директора"]


def test_unchanged_rows_and_matching_by_name_and_birth_date(organisation, known):
    rows = [
        ["Фамилия", "Имя", "Отчество", "Дата рождения"],
        ["КУСТОВА", "Наталья", "Фёдоровна", "14.03.1976"],
    ]
    report = run(organisation, one_sheet(rows))
    assert (
        report.rows[0].action == pipeline.UNCHANGED and report.rows[0].matched_by == "по ФИО и дате рождения"
    )
    namesake = [["ФИО", "Дата рождения"], ["Кустова Наталья Фёдоровна", "01.01.1990"]]
    assert run(organisation, one_sheet(namesake)).rows[0].action == pipeline.CREATE  # another person


def test_two_rows_for_one_person_are_a_row_error_never_a_500(organisation, known, as_user, personas):
    rows = [
        ["ФИО", "Эл. почта", "Должность"],
        ["Кустова Наталья Фёдоровна", None, "Учитель"],
        ["Кустова Н. Ф.", "kustova@school.example", "Завуч"],
        ["Новенькая Ольга Ивановна", "new@school.example", None],
        ["Новенькая Ольга Ивановна", None, None],
    ]
    report = run(organisation, one_sheet(rows))
    errors = {row.row: " ".join(row.errors) for row in report.error_rows}
    assert "инициалы" in errors[3]
    assert "уже есть в строке 4" in errors[5]
    rows[2] = ["Другая Запись Петровна", "kustova@school.example", "Завуч"]
    report = run(organisation, one_sheet(rows))
    assert "уже есть в строке 2" in " ".join(rows_by_number(report)[3].errors)
    response = as_user("admin").post(
        reverse("mentoring:import", args=[organisation.slug]),
        {"kind": "people", "file": SimpleUploadedFile("staff.xlsx", one_sheet(rows))},
    )
    assert response.status_code == 200 and "уже есть в строке 2" in response.content.decode()
    assert response.context["report"].summary["errors"] == 2


def test_two_people_with_one_email_in_the_organisation_is_a_row_error(organisation, known):
    make_person(organisation, last_name="Двойник", email="kustova@school.example")
    report = run(
        organisation, one_sheet([["ФИО", "Почта"], ["Кустова Наталья Фёдоровна", "kustova@school.example"]])
    )
    assert "у нескольких человек" in report.rows[0].errors[0]


def test_a_changed_email_is_followed_by_the_login(organisation, known):
    known.user = get_user_model().objects.create_user("kustova", email="kustova@school.example")
    known.save()
    rows = [
        ["ФИО", "Дата рождения", "Почта"],
        ["Кустова Наталья Фёдоровна", "14.03.1976", "n.kustova@school.example"],
    ]
    report = run(organisation, one_sheet(rows))
    assert report.rows[0].changes == {"email": ["kustova@school.example", "n.kustova@school.example"]}
    confirm(organisation, one_sheet(rows), updates=None)
    known.user.refresh_from_db()
    assert known.user.email == "n.kustova@school.example"


# --- Queries ----------------------------------------------------------------------------------------------


def _staff_file(count: int, prefix: str = "t") -> bytes:
    return one_sheet(
        [["Список"], ["ФИО", "Дата рождения", "Стаж", "Почта", "Компетенции"]]
        + [
            [
                f"Учителева{n} Анна Петровна",
                "01.02.1980",
                "10 лет",
                f"{prefix}{n}@school.example",
                "Работа с родителями",
            ]
            for n in range(count)
        ]
    )


@pytest.mark.parametrize("target", ["people", "mentors"])
def test_the_queries_do_not_grow_with_the_file(organisation, target):
    def queries(count: int, write: bool, prefix: str) -> int:
        # Every file updates two people already in the organisation (one of them in the mentor base).
        add_mentor(organisation, last_name="Старожилова", email=f"{prefix}0@school.example")
        make_person(organisation, last_name="Давняя", email=f"{prefix}1@school.example")
        with CaptureQueriesContext(connection) as context:
            if write:
                confirm(organisation, _staff_file(count, prefix), target=target, updates=None)
            else:
                run(organisation, _staff_file(count, prefix), target=target)
        return len(context.captured_queries)

    assert queries(10, False, "a") == queries(120, False, "b") <= 8
    confirm(organisation, _staff_file(1, "warm"), target=target)  # content types are cached after it
    assert queries(10, True, "c") == queries(60, True, "d")


# --- The batch and its undo -------------------------------------------------------------------------------


def test_undo_of_a_batch_removes_what_it_added_and_restores_what_it_changed(
    organisation, known, as_user, personas
):
    rows = [
        ["ФИО", "Дата рождения", "Должность", "Дата согласия"],
        ["Кустова Наталья Фёдоровна", "14.03.1976", "Завуч", "01.09.2025"],
        ["Гостева Анна Ивановна", None, "Учитель", "01.09.2025"],
    ]
    before = Person.objects.count()
    _report, batch = confirm(organisation, one_sheet(rows), target="mentees", updates=None)
    known.refresh_from_db()
    assert known.position == "Завуч" and Person.objects.count() == before + 1
    assert MenteeProfile.objects.filter(organisation=organisation).count() == 2
    assert Consent.objects.count() == 2
    page = as_user("admin").get(reverse("mentoring:import_batch", args=[organisation.slug, batch.pk]))
    assert page.status_code == 200 and "Отменить загрузку" in page.content.decode()
    response = as_user("admin").post(
        reverse("mentoring:import_batch_undo", args=[organisation.slug, batch.pk])
    )
    assert response.status_code == 302
    known.refresh_from_db()
    batch.refresh_from_db()
    assert known.position == "Учитель" and batch.undone_at is not None
    assert (
        Person.objects.count() == before
        and not MenteeProfile.objects.exists()
        and not Consent.objects.exists()
    )
    assert Membership.objects.filter(person=known).exists()  # a person the batch did not add stays
    assert AuditEntry.objects.filter(action="excel.undone").count() == 1
    again = as_user("admin").post(
        reverse("mentoring:import_batch_undo", args=[organisation.slug, batch.pk]), follow=True
    )
    assert "уже отменена" in again.content.decode()


def test_undo_is_refused_while_something_refers_to_the_people(organisation, personas):
    rows = [["ФИО", "Дата согласия"], ["Гостева Анна Ивановна", "01.09.2025"]]
    _report, batch = confirm(organisation, one_sheet(rows), target="mentees")
    mentee = Person.objects.get(last_name="Гостева")
    mentor = add_mentor(organisation, last_name="Наставникова")
    proposed_pair(organisation, mentor, [mentee])
    reasons = pipeline.undo_blockers(batch)
    assert reasons and any("пар" in reason for reason in reasons)
    with pytest.raises(Exception, match="нельзя отменить"):
        pipeline.import_batch_undo(batch=batch, actor=None)
    assert Person.objects.filter(pk=mentee.pk).exists()


# --- The command line -------------------------------------------------------------------------------------


def test_the_cli_prints_exactly_the_json_shape(organisation, known, tmp_path):
    path = tmp_path / "mentees.xlsx"
    path.write_bytes(
        one_sheet(
            [
                ["Список наставляемых"],
                ["ФИО", "Дата рождения", "Категория наставляемого", "Запрос", "Стаж", "Почта", "Должность"],
                [
                    "Смирнов Дмитрий Олегович",
                    "14.03.2001",
                    "Молодой специалист",
                    "Дисциплина",
                    "1 год",
                    None,
                    None,
                ],
                ["Кустова Наталья Фёдоровна", None, "Педагог в новой должности", None, None, None, "Завуч"],
                ["Кривой Ряд Иванович", "31.02.2001", None, None, None, None, None],
            ]
        )
    )
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_people",
            str(path),
            "--organisation",
            organisation.slug,
            "--into",
            "mentees",
            "--dry-run",
            "--json",
            stdout=out,
        )
    data = json.loads(out.getvalue())
    assert list(data) == ["target", "summary", "rows"] and data["target"] == "mentees"
    assert data["summary"] == {"create": 1, "update": 1, "unchanged": 0, "errors": 1}
    first, second, third = data["rows"]
    assert list(first) == ["row", "action", "person", "changes", "errors"]
    assert (first["row"], first["action"], second["action"], third["action"]) == (
        3,
        "create",
        "update",
        "error",
    )
    person_keys = {
        "last_name",
        "first_name",
        "patronymic",
        "birth_date",
        "kind",
        "position",
        "subjects",
        "qualification_category",
        "teaching_experience",
        "email",
        "phone",
    }
    assert person_keys <= set(first["person"])
    assert first["person"]["birth_date"] == "2001-03-14" and first["person"]["teaching_experience"] == 1
    assert (
        first["person"]["mentee_category"] == "young_specialist"
        and first["person"]["request"] == "Дисциплина"
    )
    assert first["changes"] == {} and first["errors"] == []
    assert second["changes"]["position"] == ["Учитель", "Завуч"]
    assert second["changes"]["mentee_category"] == [None, "new_position"]
    assert second["person"]["birth_date"] == "1976-03-14" and second["person"]["phone"] == "+7 914 555-55-55"
    assert third["errors"] and "нет в календаре" in third["errors"][0]
    assert not MenteeProfile.objects.exists()  # a dry run, and a file with errors


def test_the_cli_imports_and_leaves_updates_without_the_flag(organisation, known, tmp_path):
    path = tmp_path / "staff.xlsx"
    path.write_bytes(
        one_sheet(
            [
                ["ФИО", "Почта", "Должность"],
                ["Кустова Наталья Фёдоровна", "kustova@school.example", "Завуч"],
                ["Новая Вера Ивановна", None, "Учитель"],
            ]
        )
    )
    out = io.StringIO()
    call_command(
        "import_people", str(path), "--organisation", organisation.slug, "--into", "people", stdout=out
    )
    known.refresh_from_db()
    assert known.position == "Учитель" and Person.objects.filter(last_name="Новая").exists()
    assert "Завуч" in out.getvalue()
    call_command(
        "import_people",
        str(path),
        "--organisation",
        organisation.slug,
        "--into",
        "people",
        "--apply-updates",
        stdout=io.StringIO(),
    )
    known.refresh_from_db()
    assert known.position == "Завуч"
    with pytest.raises(CommandError, match="Организации"):
        call_command("import_people", str(path), "--organisation", "nope", "--into", "people")


# --- The pages --------------------------------------------------------------------------------------------


def test_upload_names_the_target_remaps_and_confirms_ticked_updates(as_user, organisation, personas, known):
    client = as_user("curator")
    url = reverse("mentoring:import", args=[organisation.slug])
    content = one_sheet(
        [
            ["Педагоги"],
            ["Ф.И.О.", "Сотовый", "Почта"],
            ["Кустова Наталья Фёдоровна", "+7 900 000-00-00", "kustova@school.example"],
            ["Лебедев Игорь Петрович", "+7 900 111-11-11", None],
        ]
    )
    refused = client.post(url, {"file": SimpleUploadedFile("staff.xlsx", content)})
    assert "Выберите, куда загружать" in refused.content.decode()  # no silent default
    response = client.post(url, {"kind": "mentors", "file": SimpleUploadedFile("staff.xlsx", content)})
    page = response.content.decode()
    assert response.context["report"].target_label == "База наставников" and "База наставников" in page
    assert "по электронной почте" in page  # the rule is stated
    token = response.context["token"]
    response = client.post(
        url, {"token": token, "remap": "1", "col_0": "full_name", "col_1": "phone", "col_2": "email"}
    )
    report = response.context["report"]
    assert report.rows[0].changes["phone"] == ["+7 914 555-55-55", "+7 900 000-00-00"]
    response = client.post(url, {"token": response.context["token"]})  # the update not ticked
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.target == "mentors" and batch.created_count == 1 and batch.updated_count == 0
    known.refresh_from_db()
    assert known.phone == "+7 914 555-55-55"
    assert MentorProfile.objects.filter(person__last_name="Лебедев").exists()
    assert not MentorProfile.objects.filter(person=known).exists()
    assert client.get(reverse("mentoring:import_batches", args=[organisation.slug])).status_code == 200


def test_an_xls_or_a_foreign_file_is_refused_by_the_form(as_user, organisation, personas):
    response = as_user("admin").post(
        reverse("mentoring:import", args=[organisation.slug]),
        {
            "kind": "people",
            "file": SimpleUploadedFile("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100),
        },
    )
    assert response.context["form"].errors["file"]
    assert not Person.objects.filter(last_name="Гостева").exists()


def test_a_person_added_by_mistake_is_deleted_one_referred_to_is_archived(as_user, organisation, personas):
    mistake = make_person(organisation, roles=[Role.TEACHER], last_name="Ошибкина", patronymic="Ивановна")
    mentee = add_mentee(organisation, last_name="Занятова")
    mentor = add_mentor(organisation, last_name="Наставникова")
    pair = proposed_pair(organisation, mentor, [mentee])
    client = as_user("curator")
    page = client.get(reverse("mentoring:person_remove", args=[organisation.slug, mistake.pk]))
    assert "ничего не ссылается" in page.content.decode()
    client.post(
        reverse("mentoring:person_remove", args=[organisation.slug, mistake.pk]), {"action": "delete"}
    )
    assert not Person.objects.filter(pk=mistake.pk).exists()
    assert AuditEntry.objects.filter(action="person.deleted", changes__name="Ошибкина Анна Ивановна").exists()
    page = client.get(
        reverse("mentoring:person_remove", args=[organisation.slug, mentee.pk])
    ).content.decode()
    assert "Удалить нельзя" in page and "согласи" in page
    response = client.post(
        reverse("mentoring:person_remove", args=[organisation.slug, mentee.pk]),
        {"action": "delete"},
        follow=True,
    )
    assert "удалить нельзя" in response.content.decode() and Person.objects.filter(pk=mentee.pk).exists()
    client.post(
        reverse("mentoring:person_remove", args=[organisation.slug, mentee.pk]),
        {"action": "archive"},
        follow=True,
    )
    assert Membership.objects.get(person=mentee, organisation=organisation).archived_at is not None
    people = client.get(reverse("mentoring:people", args=[organisation.slug])).content.decode()
    assert "Занятова" not in people
    archived = client.get(
        reverse("mentoring:people", args=[organisation.slug]) + "?state=archived"
    ).content.decode()
    assert "Занятова" in archived
    # A base record: referred to by the pair, so archived; a free one, deleted.
    record = MenteeProfile.objects.get(person=mentee)
    page = client.get(
        reverse("mentoring:mentee_remove", args=[organisation.slug, record.pk])
    ).content.decode()
    assert "в паре" in page
    client.post(
        reverse("mentoring:mentee_remove", args=[organisation.slug, record.pk]), {"action": "archive"}
    )
    record.refresh_from_db()
    assert record.status == "archived" and pair.pk
    free = MentorProfile.objects.get(person=add_mentor(organisation, last_name="Свободнова"))
    client.post(reverse("mentoring:mentor_remove", args=[organisation.slug, free.pk]), {"action": "delete"})
    assert not MentorProfile.objects.filter(pk=free.pk).exists()

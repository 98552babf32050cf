"""The people import's staged upload keeps the sheets its preview read: the confirmation (and a new preview
with other columns) starts from them and does not open the workbook again; kept sheets that are not signed
for their upload are not taken; and whatever the sheets, nothing is written that the preview did not show."""

from __future__ import annotations

import datetime
import decimal
import json
import time

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from common import staging
from mentoring.models import ImportBatch, ImportBatchItem, MenteeProfile, Person
from mentoring.organisations.people_import import pipeline, reader, staged
from mentoring.organisations.people_import.views import IMPORT_SALT, TOKEN_MAX_AGE
from tests.conftest import make_person
from tests.mentoring.test_people_import import STAFF_WITH_TITLE, book, one_sheet

pytestmark = pytest.mark.django_db

ROWS = [
    ["Педагоги"],
    ["ФИО", "Телефон", "Почта", "Должность"],
    ["Кустова Наталья Фёдоровна", "+7 900 000-00-00", "kustova@school.example", None],
    ["Лебедев Игорь Петрович", None, None, "Учитель истории"],
]


def _upload(client, organisation, content, kind="people", name="staff.xlsx"):
    response = client.post(
        reverse("mentoring:import", args=[organisation.slug]),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200 and response.context["report"].ok, response.context["report"].errors
    token = response.context["token"]
    return token, signing.loads(token, salt=IMPORT_SALT)["upload"]


def _post(client, organisation, data, follow=False):
    return client.post(reverse("mentoring:import", args=[organisation.slug]), data, follow=follow)


def _page_messages(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def _meta(upload: str) -> dict:
    with default_storage.open(f"{staging.FOLDER}/{upload}.json", "rb") as handle:
        return json.loads(handle.read().decode("utf-8"))


def _write_meta(upload: str, meta: dict) -> None:
    path = f"{staging.FOLDER}/{upload}.json"
    default_storage.delete(path)
    default_storage.save(path, ContentFile(json.dumps(meta, ensure_ascii=False).encode("utf-8")))


def _break_the_file(upload: str) -> None:
    path = f"{staging.FOLDER}/{upload}.upload"
    default_storage.delete(path)
    default_storage.save(path, ContentFile(b"PK\x03\x04 no longer a workbook"))


@pytest.fixture
def opened(monkeypatch):
    """How many times a workbook (or a .csv) is read."""
    calls = []
    read = reader.read

    def counting(content, filename=""):
        calls.append(filename)
        return read(content, filename)

    monkeypatch.setattr(reader, "read", counting)
    return calls


# --- The sheets as JSON -----------------------------------------------------------------------------------


def test_the_sheets_go_to_json_and_back_exactly_cell_types_included():
    sheets = [
        reader.Sheet(
            "Лист «1»",
            [
                (1, ["Текст", 12, 12.0, 0.5, True, False, None, "", "#N/A"]),
                (
                    3,
                    [  # openpyxl's dates and times are naive, as Excel keeps them
                        datetime.datetime(1985, 4, 12, 0, 0),  # noqa: DTZ001
                        datetime.datetime(2025, 9, 1, 8, 30, 15, 250),  # noqa: DTZ001
                        datetime.date(2012, 6, 1),
                        datetime.time(8, 30),
                        datetime.timedelta(days=1, seconds=3600, microseconds=5),
                        "dt",
                        '["d", "2020-01-01"]',
                    ],
                ),
            ],
        ),
        reader.Sheet("Пустой", []),
    ]
    back = reader.sheets_from_json(reader.sheets_as_json(sheets) or "")
    assert [(sheet.name, sheet.rows) for sheet in back] == [(sheet.name, sheet.rows) for sheet in sheets]
    types = [type(cell) for cell in back[0].rows[0][1] + back[0].rows[1][1]]
    assert types == [type(cell) for cell in sheets[0].rows[0][1] + sheets[0].rows[1][1]]
    # A cell of a kind JSON would not give back as it was: nothing is kept (the file is read again).
    assert reader.sheets_as_json([reader.Sheet("Лист", [(1, [decimal.Decimal("1.5")])])]) is None
    for broken in ('{"a": 1}', '[["Лист", [[1, [{"a": 1}]]]]]', '[["Лист", [["1", []]]]]', "[[1, []]]"):
        with pytest.raises(ValueError):
            reader.sheets_from_json(broken)


def test_a_workbook_read_and_kept_is_the_workbook():
    content = book(
        ("Лист1", STAFF_WITH_TITLE, ["A1:G1", "A2:G2"]),
        ("Второй", [["ФИО", "Дата"], ["Ким Анна", datetime.date(2020, 1, 2)], ["Итого", 1.5]], []),
    )
    sheets = reader.read(content)
    back = reader.sheets_from_json(reader.sheets_as_json(sheets) or "")
    assert [(s.name, s.rows) for s in back] == [(s.name, s.rows) for s in sheets]
    assert [[type(cell) for _n, cells in s.rows for cell in cells] for s in back] == [
        [type(cell) for _n, cells in s.rows for cell in cells] for s in sheets
    ]


# --- The same outcome from the kept sheets as from the file -----------------------------------------------


def _layouts():
    yield "people", one_sheet(STAFF_WITH_TITLE, merges=["A1:G1", "A2:G2"]), "staff.xlsx"
    yield (
        "people",
        "Ф.И.О.;Должность;Стаж\r\nНовикова Алина Петровна;Учитель;5 лет\r\n".encode("cp1251"),
        "a.csv",
    )
    yield "people", one_sheet(ROWS), "staff.xlsx"
    yield (
        "mentees",
        one_sheet(
            [
                ["ФИО", "Категория наставляемого", "Запрос", "Дата согласия", "Форма наставничества"],
                ["Смирнов Дмитрий Олегович", "Молодой специалист", "Дисциплина", "01.09.2025", None],
                ["Кустова Наталья Фёдоровна", "Вновь принятый педагог", None, None, "Учитель – учитель"],
            ]
        ),
        "mentees.xlsx",
    )
    yield (
        "mentors",
        one_sheet(
            [
                ["ФИО", "Стаж", "Компетенции", "Статус", "Дата согласия"],
                ["Петрова Елена Ивановна", "28 лет", "Работа с родителями", "Потенциальный", None],
                ["Кустова Наталья Фёдоровна", "20 лет", "Подготовка к ОГЭ/ЕГЭ", "Готов", "01.09.2025"],
            ]
        ),
        "mentors.xlsx",
    )


def _written(batch: ImportBatch) -> list:
    """What a batch wrote, without the keys the database gave."""
    people = {p.pk: p for p in Person.objects.filter(pk__in=pipeline.people_of(batch))}
    items = [
        (item.row, item.action, item.target_type.model, item.changes)
        for item in ImportBatchItem.objects.filter(batch=batch).select_related("target_type").order_by("pk")
    ]
    fields = ["last_name", "first_name", "patronymic", "birth_date", "kind", "position", "phone", "email"]
    created = sorted(tuple(getattr(person, name) for name in fields) for person in people.values())
    counts = (batch.created_count, batch.updated_count, batch.unchanged_count, batch.sheet)
    return [counts, items, created]


@pytest.mark.parametrize("layout", range(5))
def test_the_kept_sheets_give_the_preview_and_the_import_the_file_gives(organisation, known, layout):
    target, content, filename = list(_layouts())[layout]
    from_file = pipeline.preview(organisation=organisation, target=target, content=content, filename=filename)
    assert from_file.ok, (from_file.file_error, from_file.errors)
    sheets = reader.sheets_from_json(reader.sheets_as_json(from_file.parsed) or "")
    from_sheets = pipeline.preview(organisation=organisation, target=target, sheets=sheets, filename=filename)
    assert from_sheets.as_json() == from_file.as_json()
    assert (from_sheets.sheet, from_sheets.sheets, from_sheets.header_row, from_sheets.skipped) == (
        from_file.sheet,
        from_file.sheets,
        from_file.header_row,
        from_file.skipped,
    )
    assert from_sheets.fingerprint == from_file.fingerprint
    results = []
    for source in ({"content": content}, {"sheets": sheets, "shown": from_file.fingerprint}):
        with transaction.atomic():
            _report, batch = pipeline.import_confirm(
                organisation=organisation,
                actor=None,
                target=target,
                filename=filename,
                updates=None,
                **source,
            )
            results.append(_written(batch))
            transaction.set_rollback(True)  # the next source starts from the same database
    assert results[0] == results[1] and results[0][0][0] + results[0][0][1] > 0


def test_the_preview_takes_the_file_or_its_sheets(organisation):
    with pytest.raises(TypeError):
        pipeline.preview(organisation=organisation, target="people")
    with pytest.raises(TypeError):
        pipeline.preview(organisation=organisation, target="people", content=b"", sheets=[])


# --- Nothing written that was not shown -------------------------------------------------------------------


def test_a_confirmation_whose_rows_now_give_another_outcome_writes_nothing(organisation, known):
    content = one_sheet(ROWS)
    shown = pipeline.preview(organisation=organisation, target="people", content=content)
    assert [row.action for row in shown.rows] == [pipeline.UPDATE, pipeline.CREATE]
    Person.objects.filter(pk=known.pk).update(phone="+7 999 999-99-99")  # changed by someone meanwhile
    with pytest.raises(pipeline.ImportChanged, match="данные в системе изменились") as refused:
        pipeline.import_confirm(
            organisation=organisation,
            actor=None,
            target="people",
            sheets=shown.parsed,
            updates=None,
            shown=shown.fingerprint,
        )
    assert refused.value.preview is not None
    assert refused.value.preview.rows[0].changes["phone"] == ["+7 999 999-99-99", "+7 900 000-00-00"]
    assert not ImportBatch.objects.exists() and not Person.objects.filter(last_name="Лебедев").exists()
    again = refused.value.preview
    _result, batch = pipeline.import_confirm(
        organisation=organisation,
        actor=None,
        target="people",
        sheets=again.parsed,
        updates=None,
        shown=again.fingerprint,
    )
    known.refresh_from_db()
    assert batch.created_count == 1 and known.phone == "+7 900 000-00-00"


def test_a_second_confirmation_of_one_upload_is_told_it_was_imported(organisation):
    shown = pipeline.preview(organisation=organisation, target="people", content=one_sheet(ROWS))
    source = {"sheets": shown.parsed, "shown": shown.fingerprint, "upload_token": "one-upload"}
    pipeline.import_confirm(organisation=organisation, actor=None, target="people", **source)
    with pytest.raises(pipeline.ImportRefused, match="уже загружен") as refused:
        pipeline.import_confirm(organisation=organisation, actor=None, target="people", **source)
    assert not isinstance(refused.value, pipeline.ImportChanged)
    assert ImportBatch.objects.count() == 1 and Person.objects.filter(last_name="Лебедев").count() == 1


def test_the_page_shows_the_rows_again_when_a_person_changed_or_came_since_the_preview(
    as_user, organisation, personas, known
):
    client = as_user("curator")
    token, _upload_token = _upload(client, organisation, one_sheet(ROWS))
    Person.objects.filter(pk=known.pk).update(position="Завуч")  # no change the file makes…
    make_person(  # …and a person the file would have added
        organisation,
        last_name="Лебедев",
        first_name="Игорь",
        patronymic="Петрович",
        position="Учитель истории",
    )
    response = _post(client, organisation, {"token": token, "update": ["3"]})
    assert response.status_code == 200
    assert "данные в системе изменились" in _page_messages(response)
    report = response.context["report"]
    assert [row.action for row in report.rows] == [pipeline.UPDATE, pipeline.UNCHANGED]
    assert not ImportBatch.objects.exists()
    assert Person.objects.filter(last_name="Лебедев").count() == 1
    # Shown again, then confirmed: written as shown now.
    response = _post(client, organisation, {"token": response.context["token"], "update": ["3"]})
    assert response.status_code == 302
    known.refresh_from_db()
    batch = ImportBatch.objects.get()
    assert known.phone == "+7 900 000-00-00" and known.position == "Завуч"
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (0, 1, 1)


def test_a_token_made_before_it_said_what_was_shown_is_shown_again(as_user, organisation, personas, known):
    client = as_user("curator")
    token, _upload_token = _upload(client, organisation, one_sheet(ROWS))
    state = signing.loads(token, salt=IMPORT_SALT)
    del state["shown"]
    response = _post(client, organisation, {"token": signing.dumps(state, salt=IMPORT_SALT)})
    assert response.status_code == 200 and "изменились" in _page_messages(response)
    assert not ImportBatch.objects.exists()
    assert _post(client, organisation, {"token": response.context["token"]}).status_code == 302
    assert ImportBatch.objects.get().created_count == 1


# --- The pages: the kept sheets, not the workbook ---------------------------------------------------------


def test_the_confirmation_and_a_remapping_do_not_open_the_workbook_again(
    as_user, organisation, personas, known, opened
):
    client = as_user("curator")
    token, upload = _upload(client, organisation, one_sheet(ROWS))
    assert opened == ["staff.xlsx"]  # the preview read it
    kept = _meta(upload)["data"]
    assert kept["format"] == 1 and "Лебедев Игорь Петрович" in kept["sheets"] and kept["signature"]
    _break_the_file(upload)  # were it opened again, the confirmation would fail
    response = _post(
        client,
        organisation,
        {"token": token, "remap": "1", "col_0": "full_name", "col_1": "phone", "col_2": "email", "col_3": ""},
    )
    assert response.status_code == 200 and response.context["report"].ok
    assert [column.field for column in response.context["report"].columns] == [
        "full_name",
        "phone",
        "email",
        "",
    ]
    response = _post(client, organisation, {"token": response.context["token"], "update": ["3"]})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert opened == ["staff.xlsx"]
    known.refresh_from_db()
    batch = ImportBatch.objects.get()
    assert known.phone == "+7 900 000-00-00"
    assert (batch.created_count, batch.updated_count, batch.filename) == (1, 1, "staff.xlsx")
    assert Person.objects.get(last_name="Лебедев").position == ""  # the column was not mapped
    assert not default_storage.exists(f"{staging.FOLDER}/{upload}.json")  # done with
    again = _post(client, organisation, {"token": token}, follow=True)
    assert "уже загружен" in _page_messages(again) and ImportBatch.objects.count() == 1


def test_kept_sheets_changed_in_the_storage_are_not_taken_the_file_is_read_again(
    as_user, organisation, personas, opened
):
    client = as_user("curator")
    token, upload = _upload(client, organisation, one_sheet(ROWS))
    meta = _meta(upload)
    meta["data"]["sheets"] = meta["data"]["sheets"].replace("Лебедев", "Подменов")
    _write_meta(upload, meta)
    response = _post(client, organisation, {"token": token})
    assert response.status_code == 302
    assert opened == ["staff.xlsx", "staff.xlsx"]  # read again
    assert Person.objects.filter(last_name="Лебедев").exists()
    assert not Person.objects.filter(last_name="Подменов").exists()


def test_kept_sheets_of_another_upload_are_not_taken(as_user, organisation, personas, opened):
    client = as_user("curator")
    token, upload = _upload(client, organisation, one_sheet(ROWS))
    other_rows = [["ФИО"], ["Чужая Анна Ивановна"], ["Лебедев Игорь Петрович"]]
    _other_token, other = _upload(client, organisation, one_sheet(other_rows))
    meta = _meta(upload)
    meta["data"] = _meta(other)["data"]  # signed, but for the other upload
    _write_meta(upload, meta)
    assert _post(client, organisation, {"token": token}).status_code == 302
    assert len(opened) == 3
    assert not Person.objects.filter(last_name="Чужая").exists()
    assert (
        ImportBatch.objects.get().created_count == 2 and Person.objects.filter(last_name="Кустова").exists()
    )


@pytest.mark.parametrize("damage", ["no sheets", "not signed", "another format"])
def test_kept_sheets_that_cannot_be_taken_and_a_broken_file_are_refused_in_russian(
    as_user, organisation, personas, damage
):
    client = as_user("curator")
    token, upload = _upload(client, organisation, one_sheet(ROWS))
    meta = _meta(upload)
    if damage == "no sheets":
        meta["data"] = {}
    elif damage == "not signed":
        meta["data"]["signature"] = "0" * 64
    else:
        meta["data"]["format"] = 0
    _write_meta(upload, meta)
    _break_the_file(upload)
    response = _post(client, organisation, {"token": token}, follow=True)
    assert "Проверенный файл больше не читается" in _page_messages(response)
    assert response.context["report"] is None  # back to the upload form
    assert not ImportBatch.objects.exists() and not Person.objects.filter(last_name="Лебедев").exists()


def test_a_staged_upload_without_kept_sheets_keeps_them_once_read(
    organisation, neighbour_organisation, opened
):
    content = one_sheet(ROWS)
    token = staging.staged_upload_save(file=content, owner_id=7, purpose=f"people-import-{organisation.pk}")
    first = staged.people_import_sheets(organisation=organisation, owner_id=7, token=token, filename="a.xlsx")
    second = staged.people_import_sheets(organisation=organisation, owner_id=7, token=token)
    assert opened == ["a.xlsx"] and [s.rows for s in first] == [s.rows for s in second]
    with pytest.raises(staging.StagedUploadMissing):  # another user's
        staged.people_import_sheets(organisation=organisation, owner_id=8, token=token)
    with pytest.raises(staging.StagedUploadMissing):  # another organisation's
        staged.people_import_sheets(organisation=neighbour_organisation, owner_id=7, token=token)
    staged.people_import_discard(token=token)
    with pytest.raises(staging.StagedUploadMissing):
        staged.people_import_sheets(organisation=organisation, owner_id=7, token=token)


def test_a_forged_or_expired_token_is_told_in_russian(as_user, organisation, personas, monkeypatch):
    client = as_user("curator")
    token, _upload_token = _upload(client, organisation, one_sheet(ROWS))
    forged = _post(client, organisation, {"token": token[:-2] + ("AA" if token[-2:] != "AA" else "BB")}, True)
    assert "Срок подтверждения истёк или ссылка повреждена" in _page_messages(forged)
    state = signing.loads(token, salt=IMPORT_SALT)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now - TOKEN_MAX_AGE - 60)  # what `signing` stamps
    old = signing.dumps(state, salt=IMPORT_SALT)
    monkeypatch.undo()
    assert signing.loads(old, salt=IMPORT_SALT) == state  # well signed, only too old
    expired = _post(client, organisation, {"token": old}, follow=True)
    assert "Срок подтверждения истёк" in _page_messages(expired)
    assert not ImportBatch.objects.exists() and not MenteeProfile.objects.exists()

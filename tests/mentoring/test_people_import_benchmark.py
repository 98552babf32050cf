"""The people import on 5,000 rows against the least any import must do: `full_clean` of every person and
`bulk_create` of the people and their memberships. Run with `make bench` (`pytest -m benchmark`); the ratio
is reported, not asserted (the performance issue sets the target). Each step is timed twice: wall-clock and
the CPU time of this process (the test database is SQLite in memory, so that is the whole cost; it does not
move when other processes share the machine).

The steps are the pages': the preview reads the file and stages it with the sheets read; the confirmation
takes those sheets from the storage (the workbook is not opened again) and compares every row with the
database anew before writing."""

from __future__ import annotations

import time

import pytest

from mentoring.models import Membership, Person
from mentoring.organisations.people_import import pipeline, staged
from tests.conftest import make_person
from tests.mentoring.test_people_import import one_sheet

pytestmark = [pytest.mark.django_db, pytest.mark.benchmark]
ROWS = 5000


def staff_rows(prefix: str):
    return [
        [
            f"{prefix}{n} Анна Петровна",
            f"{1 + n % 28:02d}.{1 + n % 12:02d}.{1960 + n % 20}",
            "Учитель",
            f"{n % 20} лет",
            "Высшая" if n % 2 else "Первая",
            f"{'t' if prefix.startswith('У') else 'b'}{n}@school.example",
        ]
        for n in range(ROWS)
    ]


def test_benchmark_import_of_5000_rows_against_bulk_create_and_full_clean(organisation):
    for n in range(200):  # people already there, to be matched
        make_person(organisation, last_name=f"Давняя{n}", email=f"old{n}@school.example")
    content = one_sheet(
        [["Список педагогов"], ["ФИО", "Дата рождения", "Должность", "Стаж", "Категория", "Почта"]]
        + staff_rows("Учителева")
    )
    started, cpu = time.perf_counter(), time.process_time()
    report = pipeline.preview(organisation=organisation, target="people", content=content)
    token = staged.people_import_stage(
        organisation=organisation, owner_id=1, content=content, name="staff.xlsx", sheets=report.parsed
    )
    shown = report.fingerprint
    previewed, previewed_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert report.ok and report.summary["create"] == ROWS, (report.file_error, report.errors[:3])
    started, cpu = time.perf_counter(), time.process_time()
    sheets = staged.people_import_sheets(organisation=organisation, owner_id=1, token=token)
    pipeline.import_confirm(
        organisation=organisation, actor=None, target="people", sheets=sheets, shown=shown, upload_token=token
    )
    imported, imported_cpu = time.perf_counter() - started, time.process_time() - cpu
    staged.people_import_discard(token=token)

    started, cpu = time.perf_counter(), time.process_time()
    people = []
    for last, _birth, position, _experience, _category, email in staff_rows("Базовая"):
        person = Person(
            last_name=last.split()[0],
            first_name="Анна",
            patronymic="Петровна",
            position=position,
            email=email,
        )
        person.full_clean()
        people.append(person)
    Person.objects.bulk_create(people, batch_size=500)
    Membership.objects.bulk_create(
        [Membership(person=p, organisation=organisation) for p in people], batch_size=500
    )
    baseline, baseline_cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"\nimport of {ROWS} rows: preview {previewed:.2f} s, "
        f"confirm (from the kept sheets) {imported:.2f} s; "
        f"bulk_create + full_clean baseline {baseline:.2f} s; confirm / baseline = {imported / baseline:.2f}"
        f"\n  CPU: preview {previewed_cpu:.2f} s, confirm {imported_cpu:.2f} s, "
        f"baseline {baseline_cpu:.2f} s; "
        f"confirm / baseline = {imported_cpu / baseline_cpu:.2f}"
    )
    assert Person.objects.filter(last_name__startswith="Учителева").count() == ROWS

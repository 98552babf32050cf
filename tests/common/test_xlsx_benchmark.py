"""The one .xlsx writer on 10,000 rows against the least any export must do: the same values appended to a
bare write-only openpyxl book, the same number of cells. Run with `make bench` (`pytest -m benchmark`); the
ratio is reported, not asserted (the performance issue sets the target). Wall-clock and CPU time are both
printed (CPU time does not move when other processes share the machine)."""

from __future__ import annotations

import datetime
import gc
import io
import time

import pytest
from openpyxl import Workbook

from common import xlsx

pytestmark = pytest.mark.benchmark
ROWS = 10_000
COLUMNS = [
    xlsx.Column("Фамилия"),
    xlsx.Column("Имя"),
    xlsx.Column("Отчество"),
    xlsx.Column("Дата рождения", xlsx.Kind.DATE),
    xlsx.Column("Должность"),
    xlsx.Column("Электронная почта"),
    xlsx.Column("Телефон"),
    xlsx.Column("Мест для наставляемых", xlsx.Kind.NUMBER),
    xlsx.Column("Обучен", xlsx.Kind.BOOLEAN),
    xlsx.Column("Дата согласия", xlsx.Kind.DATE),
]


def rows():
    return [
        [
            f"Наставник{n}",
            "Иван",
            "Петрович",
            datetime.date(1960 + n % 30, 1 + n % 12, 1 + n % 28),
            "Учитель математики",
            f"m{n}@example.com",
            f"+7 914 {n:07d}",
            1 + n % 3,
            bool(n % 2),
            datetime.date(2025, 1 + n % 12, 1 + n % 28),
        ]
        for n in range(ROWS)
    ]


def timed(write):
    # The garbage of the previous run collected first: otherwise a full collection lands inside whichever run
    # comes third (ours 0.87 s of CPU against 0.66 s in the first two, run after run).
    gc.collect()
    started, cpu = time.perf_counter(), time.process_time()
    content = write()
    return content, time.perf_counter() - started, time.process_time() - cpu


def bare() -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Наставники")
    sheet.append([column.header for column in COLUMNS])
    for row in rows():
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ours() -> bytes:
    return xlsx.render(xlsx.Sheet(title="Наставники", columns=COLUMNS, rows=rows()))


def test_benchmark_export_of_10000_rows_against_bare_write_only_openpyxl():
    for _warm in range(2):
        bare(), ours()  # imports and caches warmed, so the first timing is not the odd one out
    runs = []
    for _run in range(3):
        _content, bare_wall, bare_cpu = timed(bare)
        content, ours_wall, ours_cpu = timed(ours)
        runs.append((bare_wall, bare_cpu, ours_wall, ours_cpu))
        assert content[:2] == b"PK"
    for bare_wall, bare_cpu, ours_wall, ours_cpu in runs:
        print(
            f"\nexport of {ROWS} rows × {len(COLUMNS)} columns: ours {ours_wall:.2f} s, bare write-only "
            f"openpyxl {bare_wall:.2f} s, ours / bare = {ours_wall / bare_wall:.2f}; "
            f"CPU {ours_cpu:.2f} s / {bare_cpu:.2f} s = {ours_cpu / bare_cpu:.2f}"
        )

import datetime

import pytest

from common.dates import AcademicYear
from roadmap.deadlines import infer_academic_year, parse_deadline, shift_date, shift_years

D = datetime.date


@pytest.mark.parametrize(
    ("text", "year", "due", "recurrence"),
    [
        ("До 01.12.2022", None, D(2022, 12, 1), ""),
        ("01.12.2022", None, D(2022, 12, 1), ""),
        ("до 1.12.22", None, D(2022, 12, 1), ""),
        ("не позднее 28.12.2022 г.", None, D(2022, 12, 28), ""),
        ("До 30.05.2023", "2022/2023", D(2023, 5, 30), ""),
        ("март 2023", None, D(2023, 3, 31), ""),
        ("Март 2021", None, D(2021, 3, 31), ""),
        ("февраль 2023", None, D(2023, 2, 28), ""),
        ("февраль 2024", None, D(2024, 2, 29), ""),
        ("в марте 2023 г.", None, D(2023, 3, 31), ""),
        ("30 мая 2023 года", None, D(2023, 5, 30), ""),
        ("до 15 декабря", "2025/2026", D(2025, 12, 15), ""),
        ("май", "2025/2026", D(2026, 5, 31), ""),
        ("Май", "2025/2026", D(2026, 5, 31), ""),
        ("март", "2025/2026", D(2026, 3, 31), ""),
        ("октябрь", "2025/2026", D(2025, 10, 31), ""),
        ("август", "2025/2026", D(2026, 8, 31), ""),
        ("май", None, None, ""),
        ("Январь-май", "2025/2026", D(2026, 5, 31), ""),
        ("сентябрь – декабрь 2022", None, D(2022, 12, 31), ""),
        ("сентябрь 2022 - май 2023", None, D(2023, 5, 31), ""),
        ("01.09.2022 - 30.09.2022", None, D(2022, 9, 30), ""),
        ("Март октябрь", "2025/2026", D(2026, 3, 31), ""),
        ("Ежегодно октябрь", "2025/2026", D(2025, 10, 31), "yearly"),
        ("ежегодно", "2025/2026", None, "yearly"),
        ("Ежегодно", None, None, "yearly"),
        ("ежеквартально", None, None, "quarterly"),
        ("1 раз в квартал", None, None, "quarterly"),
        ("раз в полугодие", None, None, "half_yearly"),
        ("ежемесячно", None, None, "monthly"),
        ("в течение года", None, None, "continuous"),
        ("В течение учебного года", "2025/2026", None, "continuous"),
        ("В течение всего периода реализации ЦМН", None, None, "continuous"),
        ("В течение всего периода", None, None, "continuous"),
        ("постоянно", None, None, "continuous"),
        ("По отдельному графику", None, None, "schedule"),
        ("По программе наставничества", None, None, "schedule"),
        ("по мере необходимости", None, None, "on_demand"),
        ("IV квартал 2022", None, D(2022, 12, 31), ""),
        ("2 полугодие", "2025/2026", D(2026, 5, 31), ""),
        ("до конца учебного года", "2025/2026", D(2026, 5, 31), ""),
        ("31.02.2023", None, None, ""),
        ("", None, None, ""),
        ("когда получится", "2025/2026", None, ""),
        ("3.1", "2025/2026", None, ""),
    ],
)
def test_parse_deadline(text, year, due, recurrence):
    parsed = parse_deadline(text, year)
    assert parsed.due_date == due
    assert parsed.recurrence == recurrence
    assert parsed.recognised == (due is not None or bool(recurrence))


def test_month_name_without_year_needs_the_academic_year():
    assert parse_deadline("май").recognised is False
    assert parse_deadline("май", 2030).due_date == D(2031, 5, 31)


@pytest.mark.parametrize(
    ("day", "year"),
    [(D(2025, 9, 1), "2025/2026"), (D(2026, 8, 31), "2025/2026"), (D(2026, 1, 10), "2025/2026")],
)
def test_academic_year_for(day, year):
    assert AcademicYear.of(day).label == year


def test_shift_years_moves_every_written_year():
    assert shift_years("До 01.12.2022", 3) == "До 01.12.2025"
    assert shift_years("сентябрь 2022 – май 2023", 1) == "сентябрь 2023 – май 2024"
    assert shift_years("до 1.12.22", 1) == "до 1.12.23"
    assert shift_years("ежегодно", 5) == "ежегодно"
    assert shift_date(D(2024, 2, 29), 1) == D(2025, 2, 28)


def test_infer_academic_year_takes_the_most_common():
    assert infer_academic_year(["До 01.12.2022", "До 30.05.2023", "март 2021", "ежегодно"]) == "2022/2023"
    assert infer_academic_year(["ежегодно", "май"]) is None

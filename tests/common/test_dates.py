"""«Today» on the organisation's clock and the academic year as one value."""

from __future__ import annotations

import datetime
import types

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from common import dates
from common.dates import AcademicYear, AcademicYearError, validate_academic_year

D = datetime.date
# 22:30 UTC on 31 August is already 1 September in Moscow (UTC+3) and still 31 August in the server's UTC.
LATE_EVENING_UTC = datetime.datetime(2025, 8, 31, 22, 30, tzinfo=datetime.UTC)


@pytest.fixture
def late_evening(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: LATE_EVENING_UTC)


def test_today_is_moscow_date_not_server_date(late_evening, settings):
    assert settings.TIME_ZONE == "Europe/Moscow"
    assert LATE_EVENING_UTC.date() == D(2025, 8, 31)
    assert dates.today() == D(2025, 9, 1)
    assert dates.now().date() == D(2025, 9, 1)
    assert dates.now().utcoffset() == datetime.timedelta(hours=3)


def test_today_follows_the_organisation_time_zone(late_evening):
    kaliningrad = types.SimpleNamespace(time_zone="Europe/Kaliningrad")  # UTC+2: 00:30 on 1 September
    london = types.SimpleNamespace(time_zone="Europe/London")  # UTC+1 in summer: 23:30 on 31 August
    vladivostok = types.SimpleNamespace(time_zone=datetime.timezone(datetime.timedelta(hours=10)))
    assert dates.today(kaliningrad) == D(2025, 9, 1)
    assert dates.today(london) == D(2025, 8, 31)
    assert dates.now(vladivostok).hour == 8


def test_organisation_without_or_with_a_broken_zone_uses_the_project_zone(late_evening):
    assert dates.today(types.SimpleNamespace()) == D(2025, 9, 1)  # no time_zone attribute yet
    assert dates.today(types.SimpleNamespace(time_zone="")) == D(2025, 9, 1)
    assert dates.today(types.SimpleNamespace(time_zone="Mars/Olympus")) == D(2025, 9, 1)


def test_academic_year_of_at_the_boundary():
    assert AcademicYear.of(D(2025, 8, 31)) == AcademicYear(2024)
    assert AcademicYear.of(D(2025, 9, 1)) == AcademicYear(2025)
    assert AcademicYear.of(D(2026, 1, 10)).label == "2025/2026"


def test_current_academic_year_turns_over_at_moscow_midnight(late_evening):
    assert AcademicYear.current() == AcademicYear(2025)
    assert AcademicYear.current(types.SimpleNamespace(time_zone="Europe/London")) == AcademicYear(2024)


def test_academic_year_value():
    year = AcademicYear(2025)
    assert (year.start, year.end) == (D(2025, 9, 1), D(2026, 8, 31))
    assert year.label == str(year) == "2025/2026"
    assert year.first_year == 2025
    assert (year.previous, year.next) == (AcademicYear(2024), AcademicYear(2026))
    assert year.contains(D(2025, 9, 1)) and year.contains(D(2026, 8, 31))
    assert not year.contains(D(2025, 8, 31)) and not year.contains(D(2026, 9, 1))
    assert AcademicYear(2027).end == D(2028, 8, 31)
    assert (year.year_of_month(10), year.year_of_month(5)) == (2025, 2026)
    assert year.starts_at == datetime.datetime(2025, 9, 1, tzinfo=timezone.get_current_timezone())
    assert year.ends_at == datetime.datetime(2026, 9, 1, tzinfo=timezone.get_current_timezone())
    assert year.starts_at.utcoffset() == datetime.timedelta(hours=3)
    assert [item.label for item in year.around(back=1, forward=1)] == ["2026/2027", "2025/2026", "2024/2025"]
    assert AcademicYear(2024) < year
    with pytest.raises(AttributeError):
        year.first_year = 2030  # type: ignore[misc]  # frozen


@pytest.mark.parametrize("text", ["2025/2026", " 2025 / 2026 ", "2025-2026", "2025", 2025])
def test_parse_accepts_the_written_forms(text):
    assert AcademicYear.parse(text) == AcademicYear(2025)


@pytest.mark.parametrize(
    "text", ["", None, "2025/2027", "2026/2025", "25/26", "<script>", "1999/2000", "2025/"]
)
def test_parse_refuses_anything_else_in_russian(text):
    with pytest.raises(ValidationError) as caught:
        AcademicYear.parse(text)
    assert caught.value.messages == [
        "Учебный год пишется как «2025/2026»: два года подряд через косую черту."
    ]
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, AcademicYearError)
    assert AcademicYear.parse(text, None) is None
    assert AcademicYear.parse(text, AcademicYear(2020)) == AcademicYear(2020)


def test_stored_label_must_be_written_exactly():
    validate_academic_year("2025/2026")
    for text in ("2025", "2025-2026", " 2025/2026", "2025/2027"):
        with pytest.raises(ValidationError, match="2025/2026"):
            validate_academic_year(text)


# --- Working days by the Russian production calendar (holidays.RU) ------------------------------------------


@pytest.mark.parametrize(
    "start,count,expected",
    [
        # Notice on 30.12.2025: 31.12 is a day off moved from 05.01, the New Year holidays run to 11.01.
        (D(2025, 12, 30), 3, D(2026, 1, 14)),
        # Thursday 30.10.2025: Friday, then the working Saturday 01.11, then 03.11–04.11 are days off.
        (D(2025, 10, 30), 3, D(2025, 11, 5)),
        # An ordinary week: Monday → Thursday.
        (D(2026, 2, 2), 3, D(2026, 2, 5)),
        # Over a weekend: Friday → Wednesday.
        (D(2026, 2, 6), 3, D(2026, 2, 11)),
        (D(2026, 2, 6), 0, D(2026, 2, 6)),
        (D(2026, 1, 14), -3, D(2025, 12, 30)),
    ],
)
def test_add_working_days_follows_the_production_calendar(start, count, expected):
    assert dates.add_working_days(start, count) == expected


def test_working_days_between_counts_the_days_after_the_start():
    assert dates.working_days_between(D(2025, 12, 30), D(2026, 1, 13)) == 2
    assert dates.working_days_between(D(2025, 12, 30), D(2026, 1, 14)) == 3
    assert dates.working_days_between(D(2026, 2, 6), D(2026, 2, 9)) == 1
    assert dates.working_days_between(D(2026, 2, 6), D(2026, 2, 6)) == 0
    assert dates.working_days_between(D(2026, 2, 6), D(2026, 2, 1)) == 0


def test_holidays_and_moved_days_are_not_working():
    assert not dates.is_working_day(D(2026, 1, 5))  # New Year holidays
    assert not dates.is_working_day(D(2026, 3, 9))  # 8 March falls on a Sunday: Monday off
    assert dates.is_working_day(D(2025, 11, 1))  # a Saturday made working
    assert not dates.is_working_day(D(2026, 2, 7))  # an ordinary Saturday

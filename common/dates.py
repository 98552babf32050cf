"""«Today» and the academic year: one home for both.

`today(organisation)` is the date on the organisation's wall clock: its own `time_zone` once organisations
have one, the project's TIME_ZONE (Moscow) until then — never the server's zone, which disagrees with
Moscow on «today» three hours a day. Ruff's DTZ rules keep `date.today()` and naive datetimes out of the
code.

`AcademicYear` is the school year as one value: 1 September of `first_year` to 31 August of the next year,
written «2025/2026».
"""

from __future__ import annotations

import datetime
import functools
import re
import zoneinfo
from dataclasses import dataclass
from typing import Any, TypeVar, overload

import holidays
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FIRST_MONTH = 9  # the academic year starts on 1 September
MIN_YEAR, MAX_YEAR = 2000, 2100

_LABEL = re.compile(r"^\s*(\d{4})\s*(?:[/-]\s*(\d{4})\s*)?$")
_RAISE: Any = object()
_D = TypeVar("_D")
BAD_YEAR = _("Учебный год пишется как «2025/2026»: два года подряд через косую черту.")


def zone(organisation: object = None) -> datetime.tzinfo:
    """The organisation's time zone: its `time_zone` (a name such as «Asia/Yekaterinburg» or a tzinfo) when
    it has one, else the current zone (settings.TIME_ZONE unless a request activated another)."""
    name = getattr(organisation, "time_zone", None)
    if isinstance(name, datetime.tzinfo):
        return name
    if name:
        try:
            return zoneinfo.ZoneInfo(str(name))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return timezone.get_current_timezone()


def now(organisation: object = None) -> datetime.datetime:
    """The current moment, aware, on the organisation's wall clock."""
    return timezone.localtime(timezone.now(), zone(organisation))


def today(organisation: object = None) -> datetime.date:
    """Today's date for the organisation (see `zone`)."""
    return now(organisation).date()


class AcademicYearError(ValidationError, ValueError):
    """A text that is not an academic year; a ValidationError for forms and services, a ValueError for the
    rest."""


@dataclass(frozen=True, order=True)
class AcademicYear:
    """1 September of `first_year` – 31 August of `first_year + 1`."""

    first_year: int

    @classmethod
    def of(cls, day: datetime.date) -> AcademicYear:
        return cls(day.year if day.month >= FIRST_MONTH else day.year - 1)

    @classmethod
    def current(cls, organisation: object = None) -> AcademicYear:
        return cls.of(today(organisation))

    @overload
    @classmethod
    def parse(cls, value: object) -> AcademicYear: ...

    @overload
    @classmethod
    def parse(cls, value: object, default: _D) -> AcademicYear | _D: ...

    @classmethod
    def parse(cls, value: object, default: Any = _RAISE) -> Any:
        """«2025/2026», «2025-2026» or «2025» (the first year alone, as in a query string). A bad value
        raises AcademicYearError with a Russian message, or gives `default` when one is passed."""
        if isinstance(value, AcademicYear):
            return value
        match = _LABEL.match(str(value if value is not None else ""))
        if match:
            first = int(match.group(1))
            second = int(match.group(2)) if match.group(2) else first + 1
            if second == first + 1 and MIN_YEAR <= first <= MAX_YEAR:
                return cls(first)
        if default is not _RAISE:
            return default
        raise AcademicYearError(BAD_YEAR, code="academic_year")

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.first_year, FIRST_MONTH, 1)

    @property
    def end(self) -> datetime.date:
        return self.next.start - datetime.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.first_year}/{self.first_year + 1}"

    @property
    def previous(self) -> AcademicYear:
        return AcademicYear(self.first_year - 1)

    @property
    def next(self) -> AcademicYear:
        return AcademicYear(self.first_year + 1)

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def year_of_month(self, month: int) -> int:
        """The calendar year in which `month` of this academic year falls: October → first_year, May → the
        next one."""
        return self.first_year if month >= FIRST_MONTH else self.first_year + 1

    @property
    def starts_at(self) -> datetime.datetime:
        """Midnight of 1 September in the current zone (an inclusive bound for datetimes)."""
        return datetime.datetime.combine(self.start, datetime.time.min, tzinfo=zone())

    @property
    def ends_at(self) -> datetime.datetime:
        """The first moment after the year (an exclusive bound for datetimes)."""
        return self.next.starts_at

    def around(self, *, back: int = 3, forward: int = 1) -> list[AcademicYear]:
        """This year with `back` years before and `forward` after it, newest first (for a select)."""
        return [
            AcademicYear(first) for first in range(self.first_year + forward, self.first_year - back - 1, -1)
        ]

    def __str__(self) -> str:
        return self.label


def validate_academic_year(value: str) -> None:
    """A stored academic year is written exactly «2025/2026»."""
    year = AcademicYear.parse(value, None)
    if year is None or value != year.label:
        raise AcademicYearError(BAD_YEAR, code="academic_year")


# --- Working days by the Russian production calendar -------------------------------------------------------
#
# The Labour Code counts some terms in working days (ст. 351.8: three working days' notice before mentoring
# ends early). The production calendar — public holidays, the days off moved by the Government's decree and
# the Saturdays made working in their place — comes from the `holidays` library (holidays.RU), never from a
# list kept here by hand.


@functools.lru_cache(maxsize=8)
def _production_calendar(first_year: int, last_year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("RU", years=range(first_year, last_year + 1))


def _calendar_for(*days: datetime.date) -> holidays.HolidayBase:
    # A year on each side: the count may run over New Year.
    return _production_calendar(min(day.year for day in days) - 1, max(day.year for day in days) + 1)


def is_working_day(day: datetime.date) -> bool:
    """A working day of a five-day week by the production calendar (a moved working Saturday is one)."""
    return bool(_calendar_for(day).is_working_day(day))


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The `count`-th working day after `day` (before it when `count` is negative); `day` itself is not
    counted. Notice given on 30.12.2025: the third working day after it is 14.01.2026."""
    if count == 0:
        return day
    step = datetime.timedelta(days=1 if count > 0 else -1)
    remaining = abs(count)
    current = day
    # A year's holidays at most: the loop ends long before the calendar runs out.
    calendar = _calendar_for(day, day + step * (remaining * 3 + 30))
    while remaining:
        current += step
        if calendar.is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """The working days after `start` up to and including `end` (0 when `end` is not after `start`): the
    days of notice given on `start` for an end on `end`."""
    if end <= start:
        return 0
    calendar = _calendar_for(start, end)
    days = (end - start).days
    return sum(
        1 for offset in range(1, days + 1) if calendar.is_working_day(start + datetime.timedelta(days=offset))
    )

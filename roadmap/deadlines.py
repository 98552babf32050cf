"""Deadlines as people write them in roadmaps, read into a due date and a recurrence.

Pure functions, no database: «До 01.12.2022» → 2022-12-01, «март 2023» → 2023-03-31, «май» inside the
roadmap's academic year (September to August), «Январь-май» → the end of the range, «ежегодно» → a
recurrence without a date, «По отдельному графику» → neither (but understood).
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from common.dates import AcademicYear

YEARLY = "yearly"
HALF_YEARLY = "half_yearly"
QUARTERLY = "quarterly"
MONTHLY = "monthly"
WEEKLY = "weekly"
CONTINUOUS = "continuous"
SCHEDULE = "schedule"
ON_DEMAND = "on_demand"

_MONTHS = [
    (1, r"январ\w*"),
    (2, r"феврал\w*"),
    (3, r"март\w*"),
    (4, r"апрел\w*"),
    (5, r"ма[йяе]"),
    (6, r"июн\w*"),
    (7, r"июл\w*"),
    (8, r"август\w*"),
    (9, r"сентябр\w*"),
    (10, r"октябр\w*"),
    (11, r"ноябр\w*"),
    (12, r"декабр\w*"),
]
_MONTH_RE = re.compile(
    r"(?<![а-яё])(" + "|".join(f"(?P<m{number}>{pattern})" for number, pattern in _MONTHS) + r")(?![а-яё])"
)
_YEAR_AFTER = re.compile(r"^\s*(?P<year>(?:19|20)\d{2})(?!\d)")
_NUMERIC_DATE = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})[./](?P<month>\d{1,2})(?:[./](?P<year>\d{4}|\d{2}))?(?![\d])"
)
_DAY_BEFORE = re.compile(r"(?<!\d)(?P<day>\d{1,2})\s*$")
_QUARTER = re.compile(r"(?P<n>[1-4]|iv|iii|ii|i)\s*(?:-?й\s*)?квартал\w*(?:\s+(?P<year>(?:19|20)\d{2}))?")
_HALF = re.compile(r"(?P<n>[12]|ii|i)\s*(?:-?е\s*)?полугоди\w*(?:\s+(?P<year>(?:19|20)\d{2}))?")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

_RECURRENCES = [
    (QUARTERLY, r"ежекварт|раз\s+в\s+квартал|кажд\w*\s+квартал|поквартал"),
    (HALF_YEARLY, r"раз\s+в\s+полугоди|кажд\w*\s+полугоди"),
    (MONTHLY, r"ежемесяч|раз\s+в\s+месяц|кажд\w*\s+месяц"),
    (WEEKLY, r"еженедел|раз\s+в\s+недел|кажд\w*\s+недел"),
    (YEARLY, r"ежегодн|раз\s+в\s+год|кажд\w*\s+(?:учебн\w*\s+)?год"),
    (
        CONTINUOUS,
        r"в\s+течени[еи]|постоянно|систематически|весь\s+период|на\s+протяжении|регулярно|"
        r"в\s+период\s+реализации",
    ),
    (SCHEDULE, r"по\s+(?:отдельному\s+|утвержд\w*\s+)?график|по\s+план|по\s+программ|по\s+расписани"),
    (ON_DEMAND, r"по\s+мере|по\s+запрос|по\s+необходимост|при\s+необходимост"),
]


@dataclass(frozen=True)
class Deadline:
    text: str
    due_date: datetime.date | None
    recurrence: str = ""

    @property
    def recognised(self) -> bool:
        """Whether the text says something we understood: a date, a recurrence or a schedule."""
        return self.due_date is not None or bool(self.recurrence)


def academic_year_start(academic_year: str | int | None) -> int | None:
    """«2025/2026» → 2025; an int passes through."""
    if academic_year is None or academic_year == "":
        return None
    if isinstance(academic_year, int):
        return academic_year
    match = re.match(r"\s*(\d{4})", str(academic_year))
    return int(match.group(1)) if match else None


def _end_of_month(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _year_in_academic(month: int, start: int | None) -> int | None:
    if start is None:
        return None
    return AcademicYear(start).year_of_month(month)


def _full_year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return 2000 + year if year < 100 else year


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _numeric_dates(text: str, start: int | None) -> list[datetime.date]:
    found = []
    for match in _NUMERIC_DATE.finditer(text):
        day, month = int(match.group("day")), int(match.group("month"))
        year = _full_year(match.group("year"))
        if not 1 <= month <= 12:
            continue
        if year is None:
            # «01.12» alone: a day and month inside the academic year; «1.5» is likely a number, skip it.
            if match.group(0).count(".") + match.group(0).count("/") != 1 or len(match.group("month")) != 2:
                continue
            year = _year_in_academic(month, start)
            if year is None:
                continue
        date = _safe_date(year, month, day)
        if date is not None:
            found.append(date)
    return found


def _month_dates(text: str, start: int | None) -> list[datetime.date]:
    """Months named in words, with a year after them if written, a day before them if written."""
    found = []
    mentions = []
    for match in _MONTH_RE.finditer(text):
        month = next(number for number, _pattern in _MONTHS if match.group(f"m{number}"))
        year_match = _YEAR_AFTER.match(text[match.end() :])
        day_match = _DAY_BEFORE.search(text[: match.start()])
        mentions.append(
            (
                month,
                int(year_match.group("year")) if year_match else None,
                int(day_match.group("day")) if day_match else None,
            )
        )
    # «сентябрь – декабрь 2022»: a month without a year takes the next written year after it.
    for index, (month, year, day) in enumerate(mentions):
        if year is None:
            later = [(m, y) for m, y, _d in mentions[index + 1 :] if y is not None]
            if later:
                later_month, later_year = later[0]
                year = later_year if month <= later_month else later_year - 1
            else:
                year = _year_in_academic(month, start)
        if year is None:
            continue
        date = _safe_date(year, month, day) if day else _end_of_month(year, month)
        if date is not None:
            found.append(date)
    return found


def _period_dates(text: str, start: int | None) -> list[datetime.date]:
    found = []
    for match in _QUARTER.finditer(text):
        number = match.group("n")
        quarter = _ROMAN.get(number) or int(number)
        year = _full_year(match.group("year"))
        month = quarter * 3
        if year is None:
            year = _year_in_academic(month, start)
        if year is not None:
            found.append(_end_of_month(year, month))
    for match in _HALF.finditer(text):
        number = match.group("n")
        half = _ROMAN.get(number) or int(number)
        year = _full_year(match.group("year"))
        # The school's half-years: September–December and January–May.
        month = 12 if half == 1 else 5
        if year is None:
            year = _year_in_academic(month, start)
        if year is not None:
            found.append(_end_of_month(year, month))
    if re.search(r"конц\w*\s+учебного\s+года|окончани\w*\s+учебного\s+года", text) and start is not None:
        found.append(datetime.date(start + 1, 5, 31))
    return found


def parse_deadline(text: str, academic_year: str | int | None = None) -> Deadline:
    """Read a deadline as written. `academic_year` («2025/2026» or its first year) places month names
    written without a year: September–December in the first year, January–August in the second."""
    original = text or ""
    lowered = re.sub(r"\s+", " ", original.replace("ё", "е").lower()).strip()
    start = academic_year_start(academic_year)
    recurrence = ""
    for code, pattern in _RECURRENCES:
        if re.search(pattern, lowered):
            recurrence = code
            break
    dates = _numeric_dates(lowered, start)
    without_numeric = _NUMERIC_DATE.sub(" ", lowered)
    dates += _month_dates(without_numeric, start)
    dates += _period_dates(without_numeric, start)
    # A range or a list names the end of the work: the latest date is the one to meet.
    due_date = max(dates) if dates else None
    return Deadline(text=original.strip(), due_date=due_date, recurrence=recurrence)


def shift_years(text: str, years: int) -> str:
    """Move every year written in a deadline by `years`: «До 01.12.2022» → «До 01.12.2023»."""
    if not years or not text:
        return text

    def _four(match: re.Match) -> str:
        return str(int(match.group(0)) + years)

    def _short(match: re.Match) -> str:
        return f"{match.group(1)}{(int(match.group(2)) + years) % 100:02d}"

    text = re.sub(r"(?<!\d)(?:19|20)\d{2}(?!\d)", _four, text)
    return re.sub(r"(\d{1,2}[./]\d{1,2}[./])(\d{2})(?!\d)", _short, text)


def shift_date(day: datetime.date | None, years: int) -> datetime.date | None:
    if day is None or not years:
        return day
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def infer_academic_year(texts) -> str | None:
    """The academic year most written dates of a roadmap fall in, or None if it names no year."""
    counts: dict[str, int] = {}
    for text in texts:
        for date in _numeric_dates((text or "").lower(), None) + _month_dates((text or "").lower(), None):
            year = AcademicYear.of(date).label
            counts[year] = counts.get(year, 0) + 1
    if not counts:
        return None
    return max(sorted(counts), key=lambda year: counts[year])

"""Forms of the indicators, the year's documents, the bank of practices and the municipal pages."""

from __future__ import annotations

from common.dates import AcademicYear


def academic_year_choices() -> list[tuple[str, str]]:
    return [(year.label, year.label) for year in AcademicYear.current().around(back=5, forward=1)]

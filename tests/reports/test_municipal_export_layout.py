"""The monitoring round's book as the region opens it: a file name that says «Мониторинг» once, and both
sheets set up to print landscape, one page wide, with the header on every page."""

import datetime
import io
from types import SimpleNamespace

import openpyxl

from common import xlsx
from reports.municipal import exports


def a_round(title: str) -> SimpleNamespace:
    return SimpleNamespace(
        title=title,
        academic_year="2026/2027",
        indicator_codes=["participants"],
        region=SimpleNamespace(name="Сахалинская область"),
        due_on=datetime.date(2026, 12, 24),
    )


def test_the_file_name_says_monitoring_once():
    day = datetime.date(2026, 12, 3)
    named = a_round("Мониторинг реализации целевой модели наставничества")
    assert xlsx.filename(exports.round_what(named), "Сахалинская область", day) == (
        "Мониторинг реализации целевой модели наставничества 2026–2027 Сахалинская область 03.12.2026.xlsx"
    )
    assert exports.round_what(a_round("Сбор показателей за полугодие")) == (
        "Мониторинг Сбор показателей за полугодие 2026–2027"
    )
    assert exports.round_what(a_round("мониторинг 2026/2027")) == "мониторинг 2026/2027"


def test_both_sheets_print_landscape_one_page_wide():
    book = openpyxl.load_workbook(io.BytesIO(exports.round_xlsx(a_round("Мониторинг"), [])))
    assert book.sheetnames == ["Сводка", "По организациям"]
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert book["По организациям"].print_title_rows == "$1:$1"

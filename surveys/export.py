"""The responses of a questionnaire as .xlsx: one row per response, one column per question code."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from . import selectors
from .models import Questionnaire

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is written as text (a leading apostrophe)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value


def responses_xlsx(questionnaire: Questionnaire) -> bytes:
    codes, titles, rows = selectors.export_rows(questionnaire)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("Ответы")))
    bold = Font(bold=True)
    header = []
    for code in codes:
        cell = WriteOnlyCell(sheet, value=code)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=safe_cell(value))
            if isinstance(value, datetime.datetime):
                cell.number_format = "DD.MM.YYYY HH:MM"
            cells.append(cell)
        sheet.append(cells)
    legend = workbook.create_sheet(str(_("Вопросы")))
    legend.append([str(_("Код")), str(_("Вопрос"))])
    for code, title in zip(codes, titles, strict=True):
        legend.append([code, safe_cell(title)])
    legend.append([])
    legend.append([str(_("Анкета")), safe_cell(questionnaire.title)])
    legend.append(
        [str(_("Ответы")), str(_("анонимные")) if questionnaire.is_anonymous else str(_("именные"))]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

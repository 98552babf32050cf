"""A roadmap as an .xlsx book in the columns roadmaps are written with."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side

from .models import Roadmap

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value) -> str:
    """A cell never starts a formula: text beginning with = + - @ gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def roadmap_xlsx(roadmap: Roadmap, stages) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Дорожная карта"))
    widths = [8, 60, 20, 30, 40, 35, 16, 14]
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")

    def row(values, *, bold=False, framed=True):
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=safe(value))
            cell.alignment = wrap
            if bold:
                cell.font = Font(bold=True)
            if framed:
                cell.border = border
            cells.append(cell)
        sheet.append(cells)

    if roadmap.status == Roadmap.Status.APPROVED:
        row(["", "", "", "", _("УТВЕРЖДАЮ")], framed=False)
        row(["", "", "", "", f"{roadmap.approver_position} _____ {roadmap.approver_name}"], framed=False)
        row(
            ["", "", "", "", roadmap.approved_on.strftime("%d.%m.%Y") if roadmap.approved_on else ""],
            framed=False,
        )
    row([roadmap.title], bold=True, framed=False)
    if roadmap.preamble:
        row([roadmap.preamble], framed=False)
    row([""], framed=False)
    row(
        [
            _("№ п/п"),
            _("Мероприятие"),
            _("Сроки"),
            _("Ответственные"),
            _("Ожидаемый результат (вид документа)"),
            _("Показатели эффективности"),
            _("Статус"),
            _("Выполнено"),
        ],
        bold=True,
    )
    for stage in stages:
        stage_text = " ".join(part for part in (stage.title,) if part)
        if stage.task:
            stage_text += " " + _("Задача:") + " " + stage.task
        if stage.expected_result:
            stage_text += " " + _("Результат:") + " " + stage.expected_result
        row([stage.number, stage_text, "", "", "", "", "", ""], bold=True)
        for activity in stage.shown_activities:
            row(
                [
                    activity.number,
                    activity.title,
                    activity.deadline_text,
                    activity.responsible_text,
                    activity.result,
                    activity.indicator_text,
                    activity.get_status_display(),
                    activity.completed_on.strftime("%d.%m.%Y") if activity.completed_on else "",
                ]
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

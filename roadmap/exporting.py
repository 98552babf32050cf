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


DEFAULT_LAYOUT = [
    ["number", "№ п/п"],
    ["title", "Мероприятие"],
    ["deadline", "Сроки"],
    ["responsible", "Ответственные"],
    ["result", "Ожидаемый результат (вид документа)"],
    ["indicator", "Показатели эффективности"],
]
WIDTHS = {"number": 8, "title": 60, "deadline": 20, "responsible": 28, "participants": 24, "result": 40}


def _value(activity, name: str) -> str:
    return {
        "number": activity.number,
        "title": activity.title,
        "deadline": activity.deadline_text,
        "responsible": activity.responsible_text,
        "participants": activity.participants,
        "result": activity.result,
        "indicator": activity.indicator_text,
        "comments": activity.comments,
    }.get(name, "")


def roadmap_xlsx(roadmap: Roadmap, stages) -> bytes:
    """The columns of the document the roadmap came from (or the usual ones), then status and date done."""
    layout = [item for item in (roadmap.column_layout or DEFAULT_LAYOUT) if item[0] != "skip"]
    if not any(name == "title" for name, _header in layout):
        layout = DEFAULT_LAYOUT
    fields = [name for name, _header in layout]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Дорожная карта"))
    for index, name in enumerate([*fields, "status", "completed"]):
        sheet.column_dimensions[chr(ord("A") + index)].width = WIDTHS.get(
            name, 16 if index >= len(fields) else 32
        )
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    width = len(fields) + 2

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
        pad = [""] * (width - 2)
        row([*pad, _("УТВЕРЖДАЮ")], framed=False)
        row([*pad, f"{roadmap.approver_position} _____ {roadmap.approver_name}"], framed=False)
        row([*pad, roadmap.approved_on.strftime("%d.%m.%Y") if roadmap.approved_on else ""], framed=False)
    row([roadmap.title], bold=True, framed=False)
    if roadmap.preamble:
        row([roadmap.preamble], framed=False)
    row([""], framed=False)
    row([*[header for _name, header in layout], _("Статус"), _("Выполнено")], bold=True)
    numbered = "number" in fields
    for stage in stages:
        stage_text = stage.title
        if stage.task:
            stage_text += " " + _("Задача:") + " " + stage.task
        if stage.expected_result:
            stage_text += " " + _("Результат:") + " " + stage.expected_result
        if numbered:
            cells = ["" for _name in fields]
            cells[fields.index("number")] = stage.number
            cells[fields.index("title")] = stage_text
        else:
            cells = [f"{stage.number} {stage_text}".strip()] + ["" for _name in fields[1:]]
        row([*cells, "", ""], bold=True)
        for activity in stage.shown_activities:
            row(
                [
                    *[_value(activity, name) for name in fields],
                    activity.get_status_display(),
                    activity.completed_on.strftime("%d.%m.%Y") if activity.completed_on else "",
                ]
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""A roadmap as an .xlsx book in the columns roadmaps are written with, always with the numbers of the
activities (1, 1.1 …, as printed), printable as a register: landscape, fitted to the page width, the header
repeated on every page."""

from __future__ import annotations

from django.utils.translation import gettext as _

from common import xlsx

from .models import Roadmap

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
    if not any(name == "number" for name, _header in layout):
        # Numbered as in the PDF and the Word copy (`reports.documents.programme.roadmap_columns`): «п. 1.3»
        # of the printed roadmap is found in the book too.
        layout = [["number", _("№ п/п")], *layout]
    fields = [name for name, _header in layout]
    columns = [
        *(xlsx.Column(header, width=WIDTHS.get(name, 32), wrap=True) for name, header in layout),
        xlsx.Column(_("Статус"), width=16, wrap=True),
        xlsx.Column(_("Выполнено"), xlsx.Kind.DATE, width=16),
    ]
    above: list[xlsx.Row] = []
    if roadmap.status == Roadmap.Status.APPROVED:
        pad = [None] * (len(columns) - 2)
        above += [
            xlsx.Row([*pad, _("УТВЕРЖДАЮ")], framed=False),
            xlsx.Row([*pad, f"{roadmap.approver_position} _____ {roadmap.approver_name}"], framed=False),
            xlsx.Row([*pad, roadmap.approved_on], framed=False),
        ]
    above.append(xlsx.Row([roadmap.title], bold=True, framed=False))
    if roadmap.preamble:
        above.append(xlsx.Row([roadmap.preamble], framed=False))
    above.append(xlsx.Row([None], framed=False))
    return xlsx.render(
        xlsx.Sheet(
            title=_("Дорожная карта"),
            columns=columns,
            rows=_rows(fields, stages),
            above=above,
            print_setup=True,
            framed=True,
        )
    )


def _rows(fields: list[str], stages):
    for stage_index, stage in enumerate(stages, start=1):
        stage_number = stage.number.strip().rstrip(".") or str(stage_index)
        stage_text = stage.title
        if stage.task:
            stage_text += " " + _("Задача:") + " " + stage.task
        if stage.expected_result:
            stage_text += " " + _("Результат:") + " " + stage.expected_result
        cells: list[str | int | None] = [None for _name in fields]
        cells[fields.index("number")] = stage_number
        cells[fields.index("title")] = stage_text
        yield xlsx.Row([*cells, None, None], bold=True)
        for index, activity in enumerate(stage.shown_activities, start=1):
            number = activity.number.strip() or f"{stage_number}.{index}"
            yield [
                *[number if name == "number" else _value(activity, name) for name in fields],
                activity.get_status_display(),
                activity.completed_on,
            ]

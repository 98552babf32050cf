"""The .xlsx files of the municipal and regional pages, on the one exporter (`common/xlsx.py`): the overview
exactly as it is on screen (the same rows after the filters and the sorting, the same columns, the total
row), and a monitoring round in a fixed layout. Numbers are numbers, dates are dates (dd.mm.yyyy), texts are
text cells, never formulas."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from common import xlsx
from common.xlsx import Column, Kind, Row
from reports.indicators.computation import BY_CODE, PERCENT, IndicatorValue
from reports.municipal.overview import ORDER_SHORT, REQUIRED_ORDERS, OrganisationRow, OverdueActivity
from roadmap.models import Roadmap

TEXT, NUMBER, DATE, DATETIME = Kind.TEXT, Kind.NUMBER, Kind.DATE, Kind.DATETIME


# --- The overview ------------------------------------------------------------------------------------------


def _indicator_value(value: IndicatorValue | None):
    return None if value is None or value.value is None else value.value


def _order_text(order) -> str:
    if order is None:
        return _("нет")
    return _("№ %(number)s от %(date)s") % {
        "number": order.number,
        "date": order.signed_on.strftime("%d.%m.%Y") if order.signed_on else "",
    }


def overview_columns(codes: list[str], *, level: str) -> list[Column]:
    first = _("Организация") if level == "municipality" else _("Муниципалитет")
    second = Column(_("Тип"), TEXT) if level == "municipality" else Column(_("Организаций"), NUMBER)
    columns = [
        Column(first, TEXT),
        second,
        Column(_("Дорожная карта"), TEXT),
        Column(_("Приказ об утверждении дорожной карты"), TEXT),
        Column(_("Выполнено позиций"), NUMBER),
        Column(_("Позиций всего"), NUMBER),
        Column(_("Выполнено, %"), NUMBER),
        Column(_("Просрочено"), NUMBER),
    ]
    columns += [Column(_("Приказ: %(kind)s") % {"kind": ORDER_SHORT[kind]}, TEXT) for kind in REQUIRED_ORDERS]
    columns += [
        Column(_("Наставников"), NUMBER),
        Column(_("Наставляемых"), NUMBER),
        Column(_("Пар и групп"), NUMBER),
        Column(_("Пар под риском"), NUMBER),
        Column(_("Последняя встреча"), DATE),
        Column(_("Приглашено на анкеты"), NUMBER),
        Column(_("Ответили"), NUMBER),
        Column(_("Отклик, %"), NUMBER),
        Column(_("Удовлетворённость, %"), NUMBER),
    ]
    columns += [
        Column(f"{BY_CODE[code].short_name}{', %' if BY_CODE[code].unit == PERCENT else ''}", NUMBER)
        for code in codes
    ]
    columns += [Column(_("Нормативов достигнуто"), NUMBER), Column(_("Нормативов всего"), NUMBER)]
    return columns


def overview_headers(codes: list[str], *, first: str) -> list[str]:
    level = "municipality" if first == _("Организация") else "region"
    return [str(column.header) for column in overview_columns(codes, level=level)]


def overview_row(row: OrganisationRow, codes: list[str], *, second) -> list:
    if row.organisation is None:
        roadmap = _("утверждено: %(n)s из %(total)s") % {
            "n": row.approved_count,
            "total": row.organisation_count,
        }
    elif not row.has_roadmap:
        roadmap = _("нет на год")
    else:
        roadmap = _("утверждена") if row.roadmap_status == Roadmap.Status.APPROVED else _("черновик")
    values = [
        row.name,
        second,
        roadmap,
        "" if row.organisation is None else _order_text(row.roadmap_order),
        row.done,
        row.counted,
        row.percent,
        row.overdue,
    ]
    if row.organisation is None:
        signed = row.signed_by_kind
        values += [
            _("%(n)s из %(total)s") % {"n": signed.get(kind, 0), "total": row.organisation_count}
            for kind in REQUIRED_ORDERS
        ]
    else:
        values += [_order_text(row.orders.get(kind)) for kind in REQUIRED_ORDERS]
    values += [
        row.mentors,
        row.mentees,
        row.pairs,
        row.at_risk,
        row.last_meeting,
        row.invited,
        row.answered,
        row.response_rate,
        row.satisfaction,
    ]
    values += [_indicator_value(row.indicators.get(code)) for code in codes]
    values += [row.met_count, row.target_count]
    return values


def overview_xlsx(
    *,
    title: str,
    year_label: str,
    rows: list[OrganisationRow],
    total: OrganisationRow,
    codes: list[str],
    overdue: list[OverdueActivity] | None = None,
    level: str = "municipality",
) -> bytes:
    def second(row: OrganisationRow) -> object:
        if level == "municipality" and row.organisation is not None:
            return row.organisation.get_kind_display()
        return row.organisation_count

    body: list = [overview_row(row, codes, second=second(row)) for row in rows]
    total_second = "" if level == "municipality" else total.organisation_count
    body.append(Row(overview_row(total, codes, second=total_second), bold=True))
    above: list[Sequence[Any] | Row] = [
        Row([title], bold=True, size=13),
        [_("Учебный год: %(year)s") % {"year": year_label}],
        [],
    ]
    sheets = [
        xlsx.Sheet(
            title=_("Обзор"),
            columns=overview_columns(codes, level=level),
            rows=body,
            above=above,
            print_setup=True,
        )
    ]
    if overdue is not None:
        sheets.append(
            xlsx.Sheet(
                title=_("Просроченные мероприятия"),
                columns=[
                    Column(_("Организация"), TEXT),
                    Column(_("№"), TEXT),
                    Column(_("Мероприятие"), TEXT, width=60, wrap=True),
                    Column(_("Срок"), DATE),
                    Column(_("Дней просрочки"), NUMBER),
                    Column(_("Ответственные"), TEXT),
                ],
                rows=[
                    [
                        item.organisation.short_name,
                        item.number,
                        item.title,
                        item.due_date,
                        item.days,
                        item.responsible,
                    ]
                    for item in overdue
                ],
                print_setup=True,
            )
        )
    return xlsx.render(*sheets)


# --- A monitoring round ------------------------------------------------------------------------------------


def _figure_columns(codes: list[str]) -> list[Column]:
    columns = []
    for code in codes:
        definition = BY_CODE[code]
        if definition.unit == PERCENT:
            columns += [
                Column(f"{definition.short_name}, %", NUMBER),
                Column(f"{definition.short_name}: число", NUMBER),
                Column(f"{definition.short_name}: из", NUMBER),
            ]
        else:
            columns.append(Column(f"{definition.short_name}, {definition.unit}", NUMBER))
    return columns


def round_headers(codes: list[str]) -> list[str]:
    return [str(column.header) for column in _round_columns(codes)]


def _round_columns(codes: list[str]) -> list[Column]:
    return [
        Column(_("Муниципалитет"), TEXT),
        Column(_("Статус"), TEXT),
        Column(_("Представлено"), DATETIME),
        Column(_("Кто представил"), TEXT),
        Column(_("Организаций"), NUMBER),
        *_figure_columns(codes),
        Column(_("Комментарий"), TEXT, width=40, wrap=True),
    ]


def _figure_cells(values: dict, code: str) -> list:
    item = values.get(code) or {}
    if BY_CODE[code].unit == PERCENT:
        return [item.get("value"), item.get("numerator"), item.get("denominator")]
    return [item.get("value")]


def round_what(round_) -> str:
    """The «what» of the round's file name: «Мониторинг <title> <year>», without a second «Мониторинг» when
    the title begins with it and without the year when the title has it already."""
    prefix = str(_("Мониторинг"))
    title = " ".join(str(round_.title).split())
    year = str(round_.academic_year)
    what = title if title.casefold().startswith(prefix.casefold()) else f"{prefix} {title}"
    if year not in what and year.replace("/", "–") not in what:
        what = f"{what} {year.replace('/', '–')}"
    return what


def round_xlsx(round_, rows: list[dict]) -> bytes:
    """The round in a fixed layout: a summary sheet with a row per municipality (empty figures until it has
    submitted) and a sheet with the frozen figures of each submitted municipality's organisations."""
    codes = [code for code in round_.indicator_codes if code in BY_CODE]
    summary, detail = [], []
    for row in rows:
        submission = row["submission"]
        figures = submission.figures if submission else {}
        cells = [
            row["municipality"].name,
            _("представлено") if submission else _("не представлено"),
            submission.submitted_at if submission else None,
            submission.submitter_name if submission else "",
            figures.get("organisation_count") if submission else None,
        ]
        for code in codes:
            cells += _figure_cells(figures.get("totals", {}), code)
        cells.append(submission.comment if submission else "")
        summary.append(cells)
        for organisation in figures.get("organisations", []):
            line = [row["municipality"].name, organisation["name"]]
            for code in codes:
                line += _figure_cells(organisation["values"], code)
            detail.append(line)
    above: list[Sequence[Any] | Row] = [
        Row([round_.title], bold=True, size=13),
        [_("Регион: %(region)s") % {"region": round_.region.name}],
        [_("Учебный год: %(year)s") % {"year": round_.academic_year}],
        [_("Срок представления"), round_.due_on],
        [],
    ]
    return xlsx.render(
        xlsx.Sheet(
            title=_("Сводка"), columns=_round_columns(codes), rows=summary, above=above, print_setup=True
        ),
        xlsx.Sheet(
            title=_("По организациям"),
            columns=[
                Column(_("Муниципалитет"), TEXT),
                Column(_("Организация"), TEXT),
                *_figure_columns(codes),
            ],
            rows=detail,
            print_setup=True,
        ),
    )

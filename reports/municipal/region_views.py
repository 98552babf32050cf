"""The municipal centre's collection of reports and the monitoring at both levels, and the region's pages.

- Municipality (`/m/<slug>/…`): the collection of the schools' year reports with its deadlines and who has
  sent theirs; the region's monitoring rounds with the municipality's figures computed from the data, which
  its coordinator reviews and submits (the regional coordinator reads the same pages).
- Region (`/r/<slug>/…`): every municipality as a row of the overview (drill-down to the municipal
  overview), the monitoring rounds (announced by the regional coordinator), who has submitted, and the
  round's .xlsx in a fixed layout.
"""

from __future__ import annotations

import functools
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from common import dates, xlsx
from common.dates import AcademicYear
from common.downloads import XLSX, download
from mentoring.organisations import municipal as area_sections
from mentoring.organisations.access import AreaAccess, region_access
from reports.indicators.computation import BY_CODE
from reports.indicators.views import selected_year
from reports.municipal import exports, overview, selectors, services
from reports.municipal.forms import MonitoringRoundForm, ReportCollectionForm, ReturnForm, SubmissionForm
from reports.municipal.views import (
    OVERVIEW_CODES,
    _context,
    municipal_view,
    overview_chart,
    overview_state,
    without_fresh,
)
from reports.permissions import IndicatorPerm


def region_view(permission=IndicatorPerm.REGIONAL):
    """A view taking `(request, region, ...)`; the URL gives `region_slug`. A region the visitor does not
    coordinate is a 404; `request.area` is the visitor's `AreaAccess` there."""

    def decorator(view):
        @login_required
        @functools.wraps(view)
        def wrapped(request: HttpRequest, region_slug: str, *args, **kwargs):
            area = region_access(request.user, region_slug)
            if area is None:
                raise Http404(_("Регион не найден"))
            area.require(permission)
            request.area = area  # type: ignore[attr-defined]
            return view(request, area.area, *args, **kwargs)

        wrapped.required_permission = frozenset(permission)  # type: ignore[attr-defined]
        return wrapped

    return decorator


def _area(request: HttpRequest) -> AreaAccess:
    """The visitor's access to the municipality or region of the page (set by the decorators)."""
    return cast(AreaAccess, request.area)  # type: ignore[attr-defined]


def _region_context(request, region, **extra) -> dict:
    return {
        "region": region,
        "sections": area_sections.region_sections_for(region),
        "area": _area(request),
        **extra,
    }


def _error(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# --- The municipal centre's collection of reports -----------------------------------------------------------


def _collections(municipality, year=None):
    organisations = list(overview.programme_organisations([municipality]).order_by("short_name", "pk"))
    collections = selectors.report_collections(municipality, year=year)
    return selectors.collection_status(collections, organisations, today=dates.today())


@municipal_view()
@require_safe
def collections(request: HttpRequest, municipality) -> HttpResponse:
    year = selected_year(request)
    can_act = _area(request).has(IndicatorPerm.MUNICIPAL_ACT)
    return render(
        request,
        "reports/municipal/collections.html",
        _context(
            request,
            municipality,
            items=_collections(municipality, year),
            form=ReportCollectionForm(initial={"academic_year": year.label}) if can_act else None,
            year=year,
            years=AcademicYear.current().around(),
        ),
    )


@municipal_view(IndicatorPerm.MUNICIPAL_ACT)
@require_POST
def collection_create(request: HttpRequest, municipality) -> HttpResponse:
    form = ReportCollectionForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Проверьте срок и учебный год: %(errors)s") % {"errors": _form_errors(form)}
        )
        return redirect("reports:municipal_collections", municipality.slug)
    try:
        collection = services.report_collection_announce(
            municipality=municipality, actor=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request,
            _("Сбор объявлен: «%(kind)s», срок — %(date)s.")
            % {"kind": collection.get_kind_display(), "date": collection.due_on.strftime("%d.%m.%Y")},
        )
    year = AcademicYear.parse(request.POST.get("academic_year"), AcademicYear.current())
    return redirect(
        reverse("reports:municipal_collections", args=[municipality.slug]) + f"?year={year.first_year}"
    )


def _form_errors(form) -> str:
    return "; ".join(f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items())


# --- Monitoring, the municipality's side ---------------------------------------------------------------


@municipal_view()
@require_safe
def monitoring_list(request: HttpRequest, municipality) -> HttpResponse:
    return render(
        request,
        "reports/municipal/monitoring_list.html",
        _context(request, municipality, rounds=selectors.rounds_for_municipality(municipality)),
    )


def _municipal_round(municipality, round_id: int):
    if municipality.region_id is None:
        raise Http404(_("Мониторинг не найден"))
    round_ = selectors.round_get(municipality.region, round_id)
    if round_ is None:
        raise Http404(_("Мониторинг не найден"))
    return round_


def figure_rows(codes: list[str], figures: dict) -> dict:
    """Frozen or live figures as IndicatorValues: the totals, and each organisation's values."""
    totals = [overview.figure_value(code, figures.get("totals", {}).get(code)) for code in codes]
    organisations = [
        {
            "name": item["name"],
            "values": [overview.figure_value(code, item["values"].get(code)) for code in codes],
        }
        for item in figures.get("organisations", [])
    ]
    return {"totals": totals, "organisations": organisations}


@municipal_view()
@require_safe
def monitoring_round(request: HttpRequest, municipality, round_id: int) -> HttpResponse:
    round_ = _municipal_round(municipality, round_id)
    submission = round_.submissions.filter(municipality=municipality).first()
    codes = [code for code in round_.indicator_codes if code in BY_CODE]
    if submission is not None:
        figures = submission.figures
    else:
        figures = overview.monitoring_figures(municipality, codes, AcademicYear(round_.year_start))
    can_submit = submission is None and _area(request).has(IndicatorPerm.MUNICIPAL_ACT)
    return render(
        request,
        "reports/municipal/monitoring_round.html",
        _context(
            request,
            municipality,
            round=round_,
            submission=submission,
            definitions=[BY_CODE[code] for code in codes],
            figures=figure_rows(codes, figures),
            form=SubmissionForm() if can_submit else None,
            late=round_.due_on < dates.today(),
        ),
    )


@municipal_view(IndicatorPerm.MUNICIPAL_ACT)
@require_POST
def monitoring_submit(request: HttpRequest, municipality, round_id: int) -> HttpResponse:
    round_ = _municipal_round(municipality, round_id)
    form = SubmissionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("reports:municipal_monitoring_round", municipality.slug, round_.pk)
    try:
        services.monitoring_submission_submit(
            round_id=round_.pk,
            municipality=municipality,
            actor=request.user,
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Показатели представлены в региональный центр наставничества."))
    return redirect("reports:municipal_monitoring_round", municipality.slug, round_.pk)


# --- The region ---------------------------------------------------------------------------------------------


def _region_state(request, region):
    year = selected_year(request)
    data = overview.region_overview(region, year)
    state = overview_state(request, data.rows, data.total, total_name=_("Итого по выбранным муниципалитетам"))
    return year, data, state


@region_view()
@require_safe
def region_overview(request: HttpRequest, region) -> HttpResponse:
    if "fresh" in request.GET:
        overview.region_overview(region, selected_year(request), fresh=True)
        return without_fresh(request)
    year, data, state = _region_state(request, region)
    definition = state["chart_definition"]
    chart = overview_chart(
        state["rows"],
        state["chart_code"],
        title=_("%(indicator)s: муниципалитеты региона, %(year)s")
        % {"indicator": definition.name, "year": year.label},
    )
    return render(
        request,
        "reports/municipal/region_overview.html",
        _region_context(
            request,
            region,
            **state,
            level="region",
            definitions=[BY_CODE[code] for code in OVERVIEW_CODES],
            required_orders=[(kind, overview.ORDER_SHORT[kind]) for kind in overview.REQUIRED_ORDERS],
            chart=chart,
            year=year,
            years=AcademicYear.current().around(),
            computed_at=data.computed_at,
            cache_seconds=settings.OVERVIEW_CACHE_SECONDS,
        ),
    )


@region_view()
@require_safe
def region_export(request: HttpRequest, region) -> HttpResponseBase:
    year, _data, state = _region_state(request, region)
    content = exports.overview_xlsx(
        title=_("Обзор муниципалитетов: %(name)s") % {"name": region.name},
        year_label=year.label,
        rows=state["rows"],
        total=state["total"],
        codes=OVERVIEW_CODES,
        level="region",
    )
    filename = xlsx.filename(_("Обзор муниципалитетов"), region.name, dates.today())
    return download(content, filename=filename, content_type=XLSX)


@region_view()
@require_safe
def region_monitoring(request: HttpRequest, region) -> HttpResponse:
    return render(
        request,
        "reports/municipal/region_monitoring.html",
        _region_context(
            request,
            region,
            rounds=selectors.rounds_of_region(region),
            municipality_count=region.municipalities.count(),
            form=MonitoringRoundForm(),
        ),
    )


@region_view()
@require_POST
def region_round_create(request: HttpRequest, region) -> HttpResponse:
    form = MonitoringRoundForm(request.POST)
    if form.is_valid():
        try:
            round_ = services.monitoring_round_announce(
                region=region, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Мониторинг «%(title)s» объявлен: муниципалитеты видят его в разделе «Мониторинг».")
                % {"title": round_.title},
            )
            return redirect("reports:region_round", region.slug, round_.pk)
    return render(
        request,
        "reports/municipal/region_monitoring.html",
        _region_context(
            request,
            region,
            rounds=selectors.rounds_of_region(region),
            municipality_count=region.municipalities.count(),
            form=form,
        ),
        status=200,
    )


def _region_round(region, round_id: int):
    round_ = selectors.round_get(region, round_id)
    if round_ is None:
        raise Http404(_("Мониторинг не найден"))
    return round_


@region_view()
@require_safe
def region_round(request: HttpRequest, region, round_id: int) -> HttpResponse:
    round_ = _region_round(region, round_id)
    codes = [code for code in round_.indicator_codes if code in BY_CODE]
    rows = selectors.round_rows(round_)
    for row in rows:
        submission = row["submission"]
        row["values"] = figure_rows(codes, submission.figures)["totals"] if submission else []
    return render(
        request,
        "reports/municipal/region_round.html",
        _region_context(
            request,
            region,
            round=round_,
            rows=rows,
            definitions=[BY_CODE[code] for code in codes],
            submitted=sum(1 for row in rows if row["submission"]),
            return_form=ReturnForm(),
            late=round_.due_on < dates.today(),
        ),
    )


@region_view()
@require_safe
def region_round_export(request: HttpRequest, region, round_id: int) -> HttpResponseBase:
    round_ = _region_round(region, round_id)
    content = exports.round_xlsx(round_, selectors.round_rows(round_))
    filename = xlsx.filename(exports.round_what(round_), region.name, dates.today())
    return download(content, filename=filename, content_type=XLSX)


@region_view()
@require_POST
def region_round_return(request: HttpRequest, region, round_id: int, municipality_id: int) -> HttpResponse:
    round_ = _region_round(region, round_id)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Напишите, что нужно исправить: муниципалитет увидит это в журнале."))
        return redirect("reports:region_round", region.slug, round_.pk)
    try:
        services.monitoring_submission_return(
            round_id=round_.pk,
            municipality_id=municipality_id,
            region=region,
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Показатели возвращены муниципалитету на исправление."))
    return redirect("reports:region_round", region.slug, round_.pk)

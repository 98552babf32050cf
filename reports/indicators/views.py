"""Organisation pages of the indicators: the indicators with their explanations, the documents of a year
(final report, analytical note) and the organisation's part of the bank of practices."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from common.dates import AcademicYear
from mentoring.organisations.access import OrganisationAccess, organisation_view
from reports.indicators import computation as indicators
from reports.permissions import IndicatorPerm


def selected_year(request: HttpRequest) -> AcademicYear:
    return AcademicYear.parse(request.GET.get("year"), AcademicYear.current())


def _year_context(request: HttpRequest, year: AcademicYear) -> dict:
    return {"year": year, "years": AcademicYear.current().around(), "current_year": AcademicYear.current()}


@organisation_view(IndicatorPerm.VIEW)
@require_safe
def indicator_list(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    year = selected_year(request)
    return render(
        request,
        "reports/indicators/index.html",
        {
            "access": access,
            "organisation": access.organisation,
            "data": indicators.for_organisation(access.organisation, year),
            "tab": "indicators",
            **_year_context(request, year),
        },
    )

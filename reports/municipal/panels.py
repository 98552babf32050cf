"""What the municipal part of the reports app registers with the apps below it (from ReportsConfig.ready):
the sections of the municipality's and the region's pages, the dashboards of the centres (a municipal
centre's dashboard shows its municipality, a regional centre's its region — not a school's panels), and the
audit labels of the collection of reports and the monitoring."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from common import dates
from common.dates import AcademicYear
from mentoring.models import Organisation
from mentoring.organisations import audit_labels, dashboard, municipal
from mentoring.organisations.access import Perm
from reports.municipal import overview, selectors

# The panels of the tenancy core and the roadmap a centre keeps (its people, its own roadmap, its journal).
CENTRE_COMMON = ["my-profile", "upcoming", "people", "recent-changes"]


def _municipal_centre(access, request):
    if not access.organisation.is_municipal_centre:
        return None
    municipality = access.organisation.municipality
    data = overview.municipal_overview(municipality, AcademicYear.current())
    rows = data.rows
    return {
        "municipality": municipality,
        "total": data.total,
        "behind": sorted(
            (row for row in rows if row.overdue or row.missing_orders or not row.roadmap_approved),
            key=lambda row: (-row.overdue, -len(row.missing_orders), row.name),
        )[:6],
        "overdue_count": len(data.overdue),
        "computed_at": data.computed_at,
    }


def _collections(access, request):
    if not access.organisation.is_municipal_centre:
        return None
    municipality = access.organisation.municipality
    year = AcademicYear.current()
    organisations = list(overview.programme_organisations([municipality]).order_by("short_name", "pk"))
    items = selectors.collection_status(
        selectors.report_collections(municipality, year=year), organisations, today=dates.today()
    )
    return {"municipality": municipality, "items": items, "year": year, "count": len(organisations)}


def _municipal_monitoring(access, request):
    if not access.organisation.is_municipal_centre:
        return None
    municipality = access.organisation.municipality
    if municipality.region_id is None:
        return None
    return {"municipality": municipality, "rounds": selectors.rounds_for_municipality(municipality)[:5]}


def _regional_centre(access, request):
    if not access.organisation.is_regional_centre:
        return None
    region = access.organisation.municipality.region
    if region is None:
        return None
    data = overview.region_overview(region, AcademicYear.current())
    return {"region": region, "rows": data.rows, "total": data.total, "computed_at": data.computed_at}


def _region_monitoring(access, request):
    if not access.organisation.is_regional_centre:
        return None
    region = access.organisation.municipality.region
    if region is None:
        return None
    return {
        "region": region,
        "rounds": selectors.rounds_of_region(region)[:5],
        "municipality_count": region.municipalities.count(),
    }


def register() -> None:
    municipal.register_section(
        key="collections",
        label=_("Сбор отчётов"),
        url_name="reports:municipal_collections",
        icon="inboxes",
        order=25,
    )
    municipal.register_section(
        key="monitoring",
        label=_("Мониторинг"),
        url_name="reports:municipal_monitoring",
        icon="clipboard-data",
        order=27,
    )
    municipal.register_region_section(
        key="overview",
        label=_("Муниципалитеты"),
        url_name="reports:region",
        icon="map",
        order=10,
        landing=True,
    )
    municipal.register_region_section(
        key="monitoring",
        label=_("Мониторинг"),
        url_name="reports:region_monitoring",
        icon="clipboard-data",
        order=20,
    )

    dashboard.register_panel(
        key="municipal-centre",
        template="reports/municipal/panels/municipal_centre.html",
        permission=Perm.VIEW_ORGANISATION,
        context=_municipal_centre,
        order=1,
        wide=True,
    )
    dashboard.register_panel(
        key="report-collections",
        template="reports/municipal/panels/collections.html",
        permission=Perm.VIEW_ORGANISATION,
        context=_collections,
        order=11,
    )
    dashboard.register_panel(
        key="municipal-monitoring",
        template="reports/municipal/panels/municipal_monitoring.html",
        permission=Perm.VIEW_ORGANISATION,
        context=_municipal_monitoring,
        order=13,
    )
    dashboard.register_panel(
        key="regional-centre",
        template="reports/municipal/panels/regional_centre.html",
        permission=Perm.VIEW_ORGANISATION,
        context=_regional_centre,
        order=1,
        wide=True,
    )
    dashboard.register_panel(
        key="region-monitoring",
        template="reports/municipal/panels/region_monitoring.html",
        permission=Perm.VIEW_ORGANISATION,
        context=_region_monitoring,
        order=11,
    )
    dashboard.register_kind_panels(
        Organisation.Kind.MUNICIPAL_CENTRE,
        [
            *CENTRE_COMMON,
            "roadmap-progress",
            "municipal-centre",
            "report-collections",
            "municipal-monitoring",
        ],
    )
    dashboard.register_kind_panels(
        Organisation.Kind.REGIONAL_CENTRE, [*CENTRE_COMMON, "regional-centre", "region-monitoring"]
    )
    for code, label in {
        "report_collection.announced": _("Объявлен сбор отчётов"),
        "monitoring.announced": _("Объявлен мониторинг"),
        "monitoring.submitted": _("Показатели мониторинга представлены"),
        "monitoring.returned": _("Показатели мониторинга возвращены на исправление"),
    }.items():
        audit_labels.register(code, label)

"""What the indicators part of the reports app registers with the apps below it (from ReportsConfig.ready):
the dashboard panel, the roadmap's indicator provider, the coordinator's municipal
sections (the registry is their landing), and the audit labels of the bank of practices."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.dates import AcademicYear
from mentoring.organisations import audit_labels, dashboard, municipal
from mentoring.organisations.access import OrganisationAccess
from reports.indicators import computation as indicators
from reports.permissions import IndicatorPerm
from roadmap import indicator_links


class RoadmapIndicatorProvider:
    """Live values of the indicators for the roadmap's activities (roadmap.indicator_links)."""

    def choices(self) -> list[tuple[str, str]]:
        return indicators.choices()

    def values(self, organisation, year_start: int) -> dict[str, indicator_links.LiveValue]:
        data = indicators.for_organisation(organisation, AcademicYear(year_start))
        url = reverse("reports:indicators", args=[organisation.slug]) + f"?year={year_start}"
        return {
            value.code: indicator_links.LiveValue(
                code=value.code,
                name=value.name,
                display=value.display_full,
                target=value.definition.target_display,
                met=value.met,
                note=value.note,
                url=url,
            )
            for value in data.values
        }


PROVIDER = RoadmapIndicatorProvider()


# What the panel lists, and so all it computes: the mentors trained and the partners would cost two queries
# that it does not show.
PANEL_CODES = frozenset(
    {definition.code for definition in indicators.DEFINITIONS if definition.key} | {"publications"}
)


def _indicators_panel(access: OrganisationAccess, request):
    data = indicators.for_organisation(access.organisation, codes=PANEL_CODES)
    values = data.key_values + [data.by_code["publications"]]
    # «Достигнуто N из M нормативов» counts the very values listed in the panel, not all the indicators.
    with_target = [value for value in values if value.definition.target is not None]
    return {
        "data": data,
        "values": values,
        "met_count": sum(1 for value in with_target if value.met),
        "target_count": len(with_target),
    }


def register() -> None:
    # No navigation entry: the top bar is full at 1366 px. The dashboard panel links to the indicators and
    # the documents of the year; the indicators page has tabs for the documents and the bank of practices.
    dashboard.register_panel(
        key="indicators",
        template="reports/indicators/panel.html",
        permission=IndicatorPerm.VIEW,
        context=_indicators_panel,
        order=12,
    )
    indicator_links.register_provider(PROVIDER)
    municipal.register_section(
        key="registry",
        label=_("Организации и показатели"),
        url_name="reports:municipality",
        icon="buildings",
        order=10,
        landing=True,
    )
    municipal.register_section(
        key="mentors",
        label=_("База наставников"),
        url_name="reports:municipal_mentors",
        icon="people",
        order=20,
    )
    municipal.register_section(
        key="practices",
        label=_("Банк практик"),
        url_name="reports:municipal_practices",
        icon="lightbulb",
        order=30,
    )
    for code, label in {
        "practice.created": _("Добавлен материал в банк практик"),
        "practice.updated": _("Изменён материал банка практик"),
        "practice.published": _("Материал опубликован в банке практик"),
        "practice.withdrawn": _("Материал снят с публикации"),
        "practice.deleted": _("Удалён материал банка практик"),
    }.items():
        audit_labels.register(code, label)

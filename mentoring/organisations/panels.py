"""The tenancy core's navigation entries and dashboard panels: the organisation, its people, the journal."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from common import dates
from mentoring.organisations import dashboard, navigation, selectors
from mentoring.organisations.access import OrganisationAccess, Perm


def _organisation_card(access: OrganisationAccess, request):
    return {"leaders": selectors.organisation_leaders(access.organisation)}


def _people_summary(access: OrganisationAccess, request):
    return {"summary": selectors.organisation_people_summary(access.organisation)}


def _my_profile(access: OrganisationAccess, request):
    if access.person is None or not access.own_roles:
        return None
    return {"person": access.person}


def _upcoming(access: OrganisationAccess, request):
    return {"upcoming": dashboard.upcoming_for(access, today=dates.today(access.organisation))}


def _recent_changes(access: OrganisationAccess, request):
    return {"entries": selectors.audit_entries_for_organisation(access.organisation)[:6]}


def register() -> None:
    navigation.register(
        label=_("Обзор"),
        url_name="mentoring:dashboard",
        permission=Perm.VIEW_ORGANISATION,
        icon="speedometer2",
        order=0,
    )
    navigation.register(
        label=_("Люди"),
        url_name="mentoring:people",
        group=_("Организация"),
        permission=Perm.VIEW_PEOPLE,
        icon="people",
        order=10,
    )
    navigation.register(
        label=_("Журнал"),
        url_name="mentoring:audit",
        group=_("Организация"),
        permission=Perm.VIEW_AUDIT,
        icon="clock-history",
        order=900,
    )

    dashboard.register_panel(
        key="organisation",
        template="mentoring/panels/organisation.html",
        permission=Perm.VIEW_ORGANISATION,
        context=_organisation_card,
        order=0,
    )
    dashboard.register_panel(
        key="my-profile",
        template="mentoring/panels/my_profile.html",
        permission=Perm.VIEW_ORGANISATION,
        context=_my_profile,
        order=5,
    )
    dashboard.register_panel(
        key="upcoming",
        template="mentoring/panels/upcoming.html",
        permission=Perm.VIEW_ORGANISATION,
        context=_upcoming,
        order=20,
    )
    dashboard.register_panel(
        key="people",
        template="mentoring/panels/people.html",
        permission=Perm.VIEW_PEOPLE,
        context=_people_summary,
        order=30,
    )
    dashboard.register_panel(
        key="recent-changes",
        template="mentoring/panels/recent_changes.html",
        permission=Perm.VIEW_AUDIT,
        context=_recent_changes,
        order=900,
    )

"""The tenancy core's navigation entries and dashboard panels: the organisation, its people, the journal."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from common import dates
from mentoring.models import Role
from mentoring.organisations import audit_labels, dashboard, navigation, onboarding, selectors
from mentoring.organisations.access import OrganisationAccess, Perm

ONBOARDING = frozenset({Role.ADMIN, Role.DIRECTOR, Role.CURATOR, Role.COORDINATOR})

AUDIT_LABELS = {
    "organisation.created": _("Создана организация"),
    "organisation.updated": _("Изменены сведения об организации"),
    "person.deleted": _("Удалён человек"),
    "person.archived": _("Человек отправлен в архив"),
    "person.restored": _("Человек возвращён из архива"),
    "account.slips_printed": _("Напечатаны листки входа"),
    "excel.undone": _("Отменена загрузка списка"),
    "mentor.deleted": _("Удалена запись из базы наставников"),
    "mentor.archived": _("Наставник отправлен в архив"),
    "mentee.deleted": _("Удалена запись из базы наставляемых"),
    "mentee.archived": _("Наставляемый отправлен в архив"),
}


AUDIT_FIELDS = {
    "people": _("кому"),
    "username": _("имя для входа"),
    "how": _("как выдан"),
    "kind": _("куда"),
    "new": _("добавлено"),
    "updated": _("изменено"),
    "unchanged": _("без изменений"),
    "removed": _("удалено людей"),
    "restored_fields": _("возвращено полей"),
    "name": _("кто"),
    "director": _("директор"),
}


def _organisation_card(access: OrganisationAccess, request):
    return {
        "leaders": selectors.organisation_leaders(access.organisation),
        "can_edit": access.has(Perm.MANAGE_ORGANISATION),
    }


def _onboarding(access: OrganisationAccess, request):
    steps = onboarding.checklist(access.organisation)
    if all(step["done"] for step in steps):
        return None
    return {"steps": steps, "done": sum(step["done"] for step in steps)}


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
    onboarding.register()
    for code, label in AUDIT_LABELS.items():
        audit_labels.register(code, label)
    for key, label in AUDIT_FIELDS.items():
        audit_labels.register_field(key, label)
    dashboard.register_panel(
        key="onboarding",
        template="mentoring/panels/onboarding.html",
        permission=ONBOARDING,
        context=_onboarding,
        order=-10,
        wide=True,
    )
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

"""What the roadmap views need: role sets (see `mentoring.organisations.access.Perm`), and the predicates on
an activity (responsible for it, may see it, may work on it) the views call."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from mentoring.models import Role
from mentoring.organisations.access import OVERSIGHT_ROLES, OrganisationAccess, Perm
from roadmap.models import Activity


class RoadmapPerm:
    # The whole roadmap, events and publications: everyone but a teacher, who sees only their own activities.
    VIEW = frozenset({Role.ADMIN, Role.DIRECTOR, Role.CURATOR, Role.PSYCHOLOGIST}) | OVERSIGHT_ROLES
    # Keeping it current: the curator runs it; the director and the administrator may too.
    MANAGE = frozenset({Role.ADMIN, Role.DIRECTOR, Role.CURATOR})
    # The «УТВЕРЖДАЮ» block is the director's.
    APPROVE = frozenset({Role.DIRECTOR})
    # An activity's own page: anyone of the organisation; a teacher only where they are named responsible.
    VIEW_ACTIVITY = Perm.VIEW_ORGANISATION
    CALENDAR = Perm.VIEW_ORGANISATION


def is_responsible_for(access: OrganisationAccess, activity: Activity) -> bool:
    """Named responsible for the activity, or a psychologist where the roadmap names the psychologist's role
    (`activity.responsible_people` is prefetched by the selectors)."""
    if access.person is None:
        return False
    if any(person.pk == access.person.pk for person in activity.responsible_people.all()):
        return True
    return Role.PSYCHOLOGIST in access.own_roles and Role.PSYCHOLOGIST in activity.role_codes


def can_view_activity(access: OrganisationAccess, activity: Activity) -> bool:
    """The whole roadmap's readers, and a teacher where they are named responsible."""
    return access.has(RoadmapPerm.VIEW) or is_responsible_for(access, activity)


def require_view_activity(access: OrganisationAccess, activity: Activity) -> None:
    if not can_view_activity(access, activity):
        raise PermissionDenied


def can_work_on_activity(access: OrganisationAccess, activity: Activity) -> bool:
    """Status and evidence: those who manage the roadmap, and whoever is named responsible for it."""
    return access.has(RoadmapPerm.MANAGE) or is_responsible_for(access, activity)


def require_work_on_activity(access: OrganisationAccess, activity: Activity) -> None:
    if not can_work_on_activity(access, activity):
        raise PermissionDenied

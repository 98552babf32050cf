"""Who may do what with the programme's objects: the role sets are `mentoring.organisations.access.Perm`,
the object predicates (member of a pair, may work on a pair) live here and the views call them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from mentoring.models import Pair
from mentoring.organisations.access import OrganisationAccess, Perm


def is_pair_member(access: OrganisationAccess, pair: Pair) -> bool:
    """The visitor is the pair's mentor or one of its mentees (`pair.pair_mentees`, prefetched by the
    selectors)."""
    person = access.person
    if person is None:
        return False
    return pair.mentor_id == person.pk or any(link.mentee_id == person.pk for link in pair.pair_mentees.all())


def can_view_every_pair(access: OrganisationAccess) -> bool:
    """Everyone who sees the bases sees every pair; anyone else (a teacher) only their own."""
    return access.has(Perm.VIEW_BASES)


def can_work_on_pair(access: OrganisationAccess, pair: Pair) -> bool:
    """The pair's mentor and mentees work on its plan and meetings; so does the curator."""
    return access.has(Perm.MANAGE_BASES) or is_pair_member(access, pair)


def require_work_on_pair(access: OrganisationAccess, pair: Pair) -> None:
    if not can_work_on_pair(access, pair):
        raise PermissionDenied

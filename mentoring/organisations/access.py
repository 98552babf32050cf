"""Who may see and do what: the one place where tenant scoping is decided.

Every organisation-scoped view goes through `organisation_view`, which loads the organisation from the
URL *and* checks the user's access to it: an organisation the user cannot see is a 404 (its existence is
not disclosed), one they can see but may not act in is a 403.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Concatenate, ParamSpec, Protocol, cast

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from mentoring.models import Membership, MembershipRole, Municipality, Organisation, Person, Role


class Perm:
    """What a view needs, as the set of roles that grant it. Superusers hold every permission."""

    VIEW_ORGANISATION = frozenset(Role.values)
    VIEW_PEOPLE = frozenset({Role.ADMIN, Role.COORDINATOR, Role.DIRECTOR, Role.CURATOR, Role.PSYCHOLOGIST})
    MANAGE_PEOPLE = frozenset({Role.ADMIN, Role.DIRECTOR, Role.CURATOR})
    VIEW_AUDIT = frozenset({Role.ADMIN, Role.DIRECTOR, Role.CURATOR})
    # Logins are handed out by the organisation's administrator.
    MANAGE_ACCOUNTS = frozenset({Role.ADMIN})
    # The mentoring programme. The bases, pairs and plans are seen by the organisation's leaders, its
    # psychologist and the municipal coordinator; the curator (and the administrator) keeps them.
    VIEW_BASES = VIEW_PEOPLE
    MANAGE_BASES = frozenset({Role.ADMIN, Role.CURATOR})
    # Matching: the curator, and the municipal coordinator who may match across the municipality.
    RUN_MATCHING = frozenset({Role.ADMIN, Role.CURATOR, Role.COORDINATOR})
    # Only the coordinator matches mentees with mentors of the whole municipality.
    MATCH_ACROSS_MUNICIPALITY = frozenset({Role.COORDINATOR})
    # The director approves pairs and plans.
    APPROVE = frozenset({Role.DIRECTOR})
    # Mentees without a pair: the psychologist notes the support given (the curator too).
    SUPPORT = frozenset({Role.PSYCHOLOGIST, Role.CURATOR})
    # Excel import and export of people and the bases: the administrator, and the curator who builds the
    # bases (the issue's «Done means»). Exports hold personal data, so nobody else.
    EXCEL = frozenset({Role.ADMIN, Role.CURATOR})


@dataclass(frozen=True)
class OrganisationAccess:
    organisation: Organisation
    roles: frozenset[str]
    person: Person | None = None
    is_superuser: bool = False
    # Roles held in the organisation itself; a coordinator's read access comes from the municipality.
    own_roles: frozenset[str] = field(default_factory=frozenset)

    def has(self, permission: Iterable[str]) -> bool:
        return self.is_superuser or bool(self.roles & frozenset(permission))

    def require(self, permission: Iterable[str]) -> None:
        if not self.has(permission):
            raise PermissionDenied

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(code).label) for code in Role.values if code in self.roles]


# Whom the access is decided for: `request.user`.
Visitor = User | AnonymousUser
P = ParamSpec("P")


class OrganisationView(Protocol):
    """A view wrapped by `organisation_view`, called as `(request, org_slug, ...)`; knows its permission."""

    required_permission: frozenset[str]

    def __call__(
        self, request: HttpRequest, org_slug: str, /, *args: Any, **kwargs: Any
    ) -> HttpResponseBase: ...


# A view as written: `(request, access, ...)`; the request may be annotated as a subclass (HtmxHttpRequest).
AccessView = Callable[Concatenate[Any, OrganisationAccess, P], HttpResponseBase]


def person_for(user: Visitor) -> Person | None:
    if not user.is_authenticated:
        return None
    try:
        person: Person = user.person
    except Person.DoesNotExist:
        return None
    return person


def coordinated_municipalities(user: User) -> QuerySet[Municipality]:
    return Municipality.objects.filter(
        organisations__memberships__person__user=user,
        organisations__memberships__roles__role=Role.COORDINATOR,
    ).distinct()


def visible_organisations(user: Visitor) -> QuerySet[Organisation]:
    """The organisations a user may open: their own, and every one of a municipality they coordinate."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    # One query with no OR over joins and no DISTINCT over every column: the ids come from a UNION of two
    # indexed id queries (the user's memberships; the organisations of the municipalities they coordinate).
    own = Membership.objects.filter(person__user=user).values("organisation_id").order_by()
    coordinated = (
        Organisation.objects.filter(
            municipality_id__in=Membership.objects.filter(
                person__user=user, roles__role=Role.COORDINATOR
            ).values("organisation__municipality_id")
        )
        .values("id")
        .order_by()
    )
    return Organisation.objects.filter(pk__in=own.union(coordinated))


def visible_municipalities(user: Visitor) -> QuerySet[Municipality]:
    if not user.is_authenticated:
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.all()
    return coordinated_municipalities(user)


def roles_in(user: User, organisation: Organisation) -> frozenset[str]:
    return frozenset(
        MembershipRole.objects.filter(
            membership__organisation=organisation, membership__person__user=user
        ).values_list("role", flat=True)
    )


def organisation_access(user: Visitor, organisation: Organisation) -> OrganisationAccess | None:
    if not user.is_authenticated:
        return None
    own_roles = roles_in(user, organisation)
    roles = set(own_roles)
    if coordinated_municipalities(user).filter(pk=organisation.municipality_id).exists():
        roles.add(Role.COORDINATOR)
    is_member = own_roles or Membership.objects.filter(organisation=organisation, person__user=user).exists()
    if not (roles or is_member or user.is_superuser):
        return None
    return OrganisationAccess(
        organisation=organisation,
        roles=frozenset(roles),
        person=person_for(user),
        is_superuser=user.is_superuser,
        own_roles=own_roles,
    )


def load_organisation(request: HttpRequest, slug: str, permission: Iterable[str]) -> OrganisationAccess:
    organisation = Organisation.objects.select_related("municipality").filter(slug=slug).first()
    access = organisation_access(request.user, organisation) if organisation else None
    if access is None:
        raise Http404("Организация не найдена")
    access.require(permission)
    return access


def organisation_view(
    permission: Iterable[str],
) -> Callable[[AccessView[P]], OrganisationView]:
    """Decorate a view taking `(request, access, ...)`; the URL gives the organisation as `org_slug`."""

    def decorator(
        view: Callable[Concatenate[Any, OrganisationAccess, P], HttpResponseBase],
    ) -> OrganisationView:
        @login_required
        @functools.wraps(view)
        def wrapped(
            request: HttpRequest, org_slug: str, *args: P.args, **kwargs: P.kwargs
        ) -> HttpResponseBase:
            access = load_organisation(request, org_slug, permission)
            # For the templates' context processor (the navigation of the organisation the visitor is in).
            request.access = access  # type: ignore[attr-defined]
            return view(request, access, *args, **kwargs)

        typed = cast(OrganisationView, wrapped)
        typed.required_permission = frozenset(permission)
        return typed

    return decorator


def load_municipality(request: HttpRequest, slug: str) -> Municipality:
    municipality = visible_municipalities(request.user).filter(slug=slug).first()
    if municipality is None:
        raise Http404("Муниципалитет не найден")
    return municipality

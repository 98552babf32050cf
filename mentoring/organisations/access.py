"""Who may see and do what: the one place where tenant scoping is decided.

Every organisation-scoped view goes through `organisation_view`, which loads the organisation from the
URL *and* checks the user's access to it: an organisation the user cannot see is a 404 (its existence is
not disclosed), one they can see but may not act in is a 403.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Concatenate, ParamSpec, Protocol, cast

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone

from mentoring.models import Membership, MembershipRole, Municipality, Organisation, Person, Region, Role

# The roles that read an organisation from above (its municipality's centre, its region's centre): they see
# what the organisation's leaders see, change nothing there, and never see named questionnaire answers.
OVERSIGHT_ROLES = frozenset({Role.COORDINATOR, Role.REGIONAL_COORDINATOR})


class Perm:
    """What a view needs, as the set of roles that grant it. Superusers hold every permission."""

    VIEW_ORGANISATION = frozenset(Role.values)
    VIEW_PEOPLE = frozenset(
        {
            Role.ADMIN,
            Role.COORDINATOR,
            Role.REGIONAL_COORDINATOR,
            Role.DIRECTOR,
            Role.CURATOR,
            Role.PSYCHOLOGIST,
        }
    )
    MANAGE_PEOPLE = frozenset({Role.ADMIN, Role.DIRECTOR, Role.CURATOR})
    VIEW_AUDIT = frozenset({Role.ADMIN, Role.DIRECTOR, Role.CURATOR})
    # Logins are handed out by the organisation's administrator, one by one from a person's page; the
    # administrator and the curator hand them out to many people at once (and print the login slips).
    # 152-ФЗ: who looked at whose personal data is shown to the administrator and the director; only the
    # administrator anonymises a person on request.
    VIEW_PERSONAL_DATA_JOURNAL = frozenset({Role.ADMIN, Role.DIRECTOR})
    ANONYMISE = frozenset({Role.ADMIN})
    # Logins are handed out by the organisation's administrator.
    MANAGE_ACCOUNTS = frozenset({Role.ADMIN})
    HAND_OUT_LOGINS = frozenset({Role.ADMIN, Role.CURATOR})
    # The organisation's own details (names, address, time zone, director): its administrator, and the
    # municipal coordinator who may also create organisations in the municipality.
    MANAGE_ORGANISATION = frozenset({Role.ADMIN, Role.COORDINATOR})
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
    # Excel import of people and the bases: the administrator, and the curator who builds the bases.
    EXCEL = frozenset({Role.ADMIN, Role.CURATOR})
    # The bases as .xlsx: those who keep them, and the coordinators above, who read the bases anyway (the
    # municipal coordinator also exports the municipal mentor base).
    EXPORT_BASES = EXCEL | OVERSIGHT_ROLES


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


def signed_in_user(request: HttpRequest) -> User:
    """The user of a request that a signed-in-only view (`organisation_view`, `login_required`) let in."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


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


def coordinated_regions(user: User) -> QuerySet[Region]:
    """The regions whose regional centre the user coordinates (the role held in a regional centre)."""
    return Region.objects.filter(
        municipalities__organisations__kind=Organisation.Kind.REGIONAL_CENTRE,
        municipalities__organisations__memberships__person__user=user,
        municipalities__organisations__memberships__roles__role=Role.REGIONAL_COORDINATOR,
    ).distinct()


def visible_organisations(user: Visitor) -> QuerySet[Organisation]:
    """The organisations a user may open: their own, every one of a municipality they coordinate (but not a
    regional centre that sits there), and every one of a region they coordinate."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    # One query with no OR over joins and no DISTINCT over every column: the ids come from a UNION of indexed
    # id queries (the user's memberships; the organisations of the municipalities they coordinate, but not a
    # regional centre sitting there; every organisation of a region whose centre they coordinate).
    memberships = Membership.objects.filter(person__user=user).order_by()
    own = memberships.values("organisation_id")
    municipal = (
        Organisation.objects.filter(
            municipality_id__in=memberships.filter(roles__role=Role.COORDINATOR).values(
                "organisation__municipality_id"
            )
        )
        .exclude(kind=Organisation.Kind.REGIONAL_CENTRE)
        .values("id")
        .order_by()
    )
    regional = (
        Organisation.objects.filter(
            municipality__region_id__in=memberships.filter(
                roles__role=Role.REGIONAL_COORDINATOR, organisation__kind=Organisation.Kind.REGIONAL_CENTRE
            ).values("organisation__municipality__region_id")
        )
        .values("id")
        .order_by()
    )
    return Organisation.objects.filter(pk__in=own.union(municipal, regional))


def creatable_municipalities(user: Visitor) -> QuerySet[Municipality]:
    """Where the user may create an organisation: anywhere for the administrator of the site (a superuser),
    in the municipalities they coordinate for a municipal coordinator."""
    if not user.is_authenticated:
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.all()
    return coordinated_municipalities(user)


def visible_municipalities(user: Visitor) -> QuerySet[Municipality]:
    """Those the user coordinates, and every municipality of a region they coordinate (read-only)."""
    if not user.is_authenticated:
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(
        Q(pk__in=coordinated_municipalities(user).values("pk")) | Q(region__in=coordinated_regions(user))
    )


def visible_regions(user: Visitor) -> QuerySet[Region]:
    if not user.is_authenticated:
        return Region.objects.none()
    if user.is_superuser:
        return Region.objects.all()
    return coordinated_regions(user)


@dataclass(frozen=True)
class VisitorMembership:
    """One organisation the visitor belongs to, with their roles there and where it sits: what the access
    checks and the navigation need of the visitor, read in one query per request (`visitor_memberships`)."""

    organisation_id: int
    slug: str
    short_name: str
    kind: str
    municipality_id: int
    municipality_slug: str
    municipality_name: str
    region_id: int | None
    region_slug: str | None
    region_name: str | None
    roles: frozenset[str]

    @property
    def pk(self) -> int:
        return self.organisation_id

    @property
    def coordinates_municipality(self) -> bool:
        return Role.COORDINATOR in self.roles

    @property
    def coordinates_region(self) -> bool:
        """The regional coordinator's role counts only when held in the region's regional centre."""
        return (
            Role.REGIONAL_COORDINATOR in self.roles
            and self.kind == Organisation.Kind.REGIONAL_CENTRE
            and self.region_id is not None
        )


def visitor_memberships(user: Visitor) -> list[VisitorMembership]:
    """Every membership of the user with its roles, organisation, municipality and region, in one query."""
    if not user.is_authenticated:
        return []
    rows = (
        Membership.objects.filter(person__user=user)
        .order_by()
        .values_list(
            "organisation_id",
            "organisation__slug",
            "organisation__short_name",
            "organisation__kind",
            "organisation__municipality_id",
            "organisation__municipality__slug",
            "organisation__municipality__name",
            "organisation__municipality__region_id",
            "organisation__municipality__region__slug",
            "organisation__municipality__region__name",
            "roles__role",
        )
    )
    found: dict[int, VisitorMembership] = {}
    roles: dict[int, set[str]] = {}
    for row in rows:
        organisation_id, role = row[0], row[-1]
        if organisation_id not in found:
            slug, short_name, kind, municipality_id, municipality_slug, municipality_name = row[1:7]
            region_id, region_slug, region_name = row[7:10]
            found[organisation_id] = VisitorMembership(
                organisation_id=organisation_id,
                slug=slug,
                short_name=short_name,
                kind=kind,
                municipality_id=municipality_id,
                municipality_slug=municipality_slug,
                municipality_name=municipality_name,
                region_id=region_id,
                region_slug=region_slug,
                region_name=region_name,
                roles=frozenset(),
            )
            roles[organisation_id] = set()
        if role is not None:
            roles[organisation_id].add(role)
    return [dataclasses.replace(membership, roles=frozenset(roles[pk])) for pk, membership in found.items()]


def request_memberships(request: HttpRequest) -> list[VisitorMembership]:
    """`visitor_memberships` of the request's user, read once however many checks and templates ask."""
    cached: list[VisitorMembership] | None = getattr(request, "_visitor_memberships", None)
    if cached is None:
        cached = visitor_memberships(request.user)
        request._visitor_memberships = cached  # type: ignore[attr-defined]
    return cached


def oversight(memberships: Iterable[VisitorMembership]) -> tuple[set[int], set[int]]:
    """The municipalities the visitor coordinates and the regions whose centre they coordinate."""
    municipalities: set[int] = set()
    regions: set[int] = set()
    for membership in memberships:
        if membership.coordinates_municipality:
            municipalities.add(membership.municipality_id)
        if membership.coordinates_region and membership.region_id is not None:
            regions.add(membership.region_id)
    return municipalities, regions


def organisation_access(
    user: Visitor,
    organisation: Organisation,
    *,
    memberships: list[VisitorMembership] | None = None,
) -> OrganisationAccess | None:
    """The visitor's access to `organisation`, or None when they may not see it; `memberships` are the
    visitor's own when the caller has read them already (`request_memberships`)."""
    if not user.is_authenticated:
        return None
    if memberships is None:
        memberships = visitor_memberships(user)
    own = next((item for item in memberships if item.organisation_id == organisation.pk), None)
    own_roles = own.roles if own is not None else frozenset()
    roles = set(own_roles)
    municipalities, regions = oversight(memberships)
    if organisation.municipality_id in municipalities and not organisation.is_regional_centre:
        roles.add(Role.COORDINATOR)
    if regions and organisation.municipality.region_id in regions:
        roles.add(Role.REGIONAL_COORDINATOR)
    if not (roles or own is not None or user.is_superuser):
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
    access = (
        organisation_access(request.user, organisation, memberships=request_memberships(request))
        if organisation
        else None
    )
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
            # Times typed into its forms and shown on its pages are the organisation's own (a Sakhalin
            # school's 15:00 is 15:00 Sakhalin time), not the server's zone.
            with timezone.override(access.organisation.time_zone or None):
                return view(request, access, *args, **kwargs)

        typed = cast(OrganisationView, wrapped)
        typed.required_permission = frozenset(permission)
        return typed

    return decorator


@dataclass(frozen=True)
class AreaAccess:
    """A visitor of a municipality's or a region's pages, with the oversight roles they hold there: the
    municipality's coordinator acts in it (collects reports, submits monitoring); the regional coordinator
    reads it, and acts in the region (announces monitoring rounds)."""

    area: Municipality | Region
    roles: frozenset[str]
    is_superuser: bool = False

    def has(self, permission: Iterable[str]) -> bool:
        return self.is_superuser or bool(self.roles & frozenset(permission))

    def require(self, permission: Iterable[str]) -> None:
        if not self.has(permission):
            raise PermissionDenied


def _coordinates(user: User, **where: Any) -> Exists:
    return Exists(
        MembershipRole.objects.filter(membership__person__user=user, role=Role.COORDINATOR, **where)
    )


def _coordinates_region(user: User, region_ref: str) -> Exists:
    return Exists(
        MembershipRole.objects.filter(
            membership__person__user=user,
            role=Role.REGIONAL_COORDINATOR,
            membership__organisation__kind=Organisation.Kind.REGIONAL_CENTRE,
            membership__organisation__municipality__region=OuterRef(region_ref),
        )
    )


def municipality_access(user: Visitor, slug: str) -> AreaAccess | None:
    """The municipality of `slug` with the visitor's oversight roles there, in one query; None when the
    visitor may not see it."""
    if not user.is_authenticated:
        return None
    municipality = (
        Municipality.objects.select_related("region")
        .filter(slug=slug)
        .annotate(
            coordinated=_coordinates(user, membership__organisation__municipality=OuterRef("pk")),
            regional=_coordinates_region(user, "region"),
        )
        .first()
    )
    if municipality is None:
        return None
    roles = {Role.COORDINATOR} if municipality.coordinated else set()
    if municipality.regional:
        roles.add(Role.REGIONAL_COORDINATOR)
    if not roles and not user.is_superuser:
        return None
    return AreaAccess(area=municipality, roles=frozenset(roles), is_superuser=user.is_superuser)


def load_municipality(request: HttpRequest, slug: str) -> Municipality:
    area = municipality_access(request.user, slug)
    if area is None:
        raise Http404("Муниципалитет не найден")
    return cast(Municipality, area.area)


def region_access(user: Visitor, slug: str) -> AreaAccess | None:
    """The region of `slug` with the visitor's role there, in one query; None when they may not see it."""
    if not user.is_authenticated:
        return None
    region = Region.objects.filter(slug=slug).annotate(regional=_coordinates_region(user, "pk")).first()
    if region is None or not (region.regional or user.is_superuser):
        return None
    roles = {Role.REGIONAL_COORDINATOR} if region.regional else set()
    return AreaAccess(area=region, roles=frozenset(roles), is_superuser=user.is_superuser)


def load_region(request: HttpRequest, slug: str) -> Region:
    area = region_access(request.user, slug)
    if area is None:
        raise Http404("Регион не найден")
    return cast(Region, area.area)

from types import SimpleNamespace

from django.utils.functional import SimpleLazyObject

from mentoring.organisations import navigation as nav_registry
from mentoring.organisations.access import (
    oversight,
    request_memberships,
    visible_municipalities,
    visible_organisations,
    visible_regions,
)


def _areas(request) -> dict[str, list]:
    """The «Муниципалитет» and «Регион» links: the municipalities the visitor coordinates, and the regions
    whose centre they coordinate (a regional coordinator reads each municipality of the region from the
    region's page, so it gets one «Регион» link, not one per municipality)."""
    user = request.user
    if user.is_superuser:
        return {"municipalities": list(visible_municipalities(user)), "regions": list(visible_regions(user))}
    municipalities: dict[str, SimpleNamespace] = {}
    regions: dict[str, SimpleNamespace] = {}
    for membership in request_memberships(request):
        if membership.coordinates_municipality:
            municipalities.setdefault(
                membership.municipality_slug,
                SimpleNamespace(slug=membership.municipality_slug, name=membership.municipality_name),
            )
        if membership.coordinates_region and membership.region_slug:
            regions.setdefault(
                membership.region_slug,
                SimpleNamespace(slug=membership.region_slug, name=membership.region_name),
            )
    return {
        "municipalities": sorted(municipalities.values(), key=lambda item: item.name),
        "regions": sorted(regions.values(), key=lambda item: item.name),
    }


MENU_ORGANISATIONS = 50


def my_organisations(request) -> list:
    """The navigation's organisations (up to 50, by short name), computed once per request however often it
    is read: a visitor who oversees no municipality or region sees exactly the organisations they belong
    to, which the access check has read already; only an overseer's list costs a query."""
    cached = getattr(request, "_my_organisations", None)
    if cached is None:
        memberships = request_memberships(request)
        if request.user.is_superuser or any(oversight(memberships)):
            cached = list(visible_organisations(request.user).order_by("short_name")[:MENU_ORGANISATIONS])
        else:
            cached = sorted(memberships, key=lambda item: item.short_name.casefold())[:MENU_ORGANISATIONS]
        request._my_organisations = cached
    return cached


def navigation(request):
    """The navigation of the organisation the visitor is in; the lists are evaluated only if a template
    reads them, so pages that do not show them cost no query."""
    access = getattr(request, "access", None)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    areas = SimpleLazyObject(lambda: _areas(request))
    return {
        "access": access,
        "nav_items": nav_registry.items_for(access),
        "my_organisations": SimpleLazyObject(lambda: my_organisations(request)),
        "my_municipalities": SimpleLazyObject(lambda: areas["municipalities"]),
        "my_regions": SimpleLazyObject(lambda: areas["regions"]),
    }

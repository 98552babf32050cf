from types import SimpleNamespace

from django.utils.functional import SimpleLazyObject

from mentoring.models import MembershipRole, Organisation, Role
from mentoring.organisations import navigation as nav_registry
from mentoring.organisations.access import visible_municipalities, visible_organisations, visible_regions


def _areas(user) -> dict[str, list]:
    """The «Муниципалитет» and «Регион» links, in one query: the municipalities the visitor coordinates, and
    the regions whose centre they coordinate (a regional coordinator reads each municipality of the region
    from the region's page, so it gets one «Регион» link, not one per municipality)."""
    if user.is_superuser:
        return {"municipalities": list(visible_municipalities(user)), "regions": list(visible_regions(user))}
    municipalities: dict[str, SimpleNamespace] = {}
    regions: dict[str, SimpleNamespace] = {}
    rows = MembershipRole.objects.filter(
        membership__person__user=user, role__in=[Role.COORDINATOR, Role.REGIONAL_COORDINATOR]
    ).values_list(
        "role",
        "membership__organisation__kind",
        "membership__organisation__municipality__slug",
        "membership__organisation__municipality__name",
        "membership__organisation__municipality__region__slug",
        "membership__organisation__municipality__region__name",
    )
    for role, kind, slug, name, region_slug, region_name in rows:
        if role == Role.COORDINATOR:
            municipalities.setdefault(slug, SimpleNamespace(slug=slug, name=name))
        elif kind == Organisation.Kind.REGIONAL_CENTRE and region_slug:
            regions.setdefault(region_slug, SimpleNamespace(slug=region_slug, name=region_name))
    return {
        "municipalities": sorted(municipalities.values(), key=lambda item: item.name),
        "regions": sorted(regions.values(), key=lambda item: item.name),
    }


def navigation(request):
    """The navigation of the organisation the visitor is in; the lists are evaluated only if a template
    reads them, so pages that do not show them cost no query."""
    access = getattr(request, "access", None)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    areas = SimpleLazyObject(lambda: _areas(user))
    return {
        "access": access,
        "nav_items": nav_registry.items_for(access),
        "my_organisations": SimpleLazyObject(
            lambda: list(visible_organisations(user).order_by("short_name")[:50])
        ),
        "my_municipalities": SimpleLazyObject(lambda: areas["municipalities"]),
        "my_regions": SimpleLazyObject(lambda: areas["regions"]),
    }

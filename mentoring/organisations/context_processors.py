from django.utils.functional import SimpleLazyObject

from mentoring.organisations import navigation as nav_registry
from mentoring.organisations.access import visible_municipalities, visible_organisations


def my_organisations(request) -> list:
    """The navigation's organisations, computed once per request (one query) however often it is read."""
    cached = getattr(request, "_my_organisations", None)
    if cached is None:
        cached = list(visible_organisations(request.user).order_by("short_name")[:50])
        request._my_organisations = cached
    return cached


def navigation(request):
    """The navigation of the organisation the visitor is in; the lists are evaluated only if a template
    reads them, so pages that do not show them cost no query."""
    access = getattr(request, "access", None)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "access": access,
        "nav_items": nav_registry.items_for(access),
        "my_organisations": SimpleLazyObject(lambda: my_organisations(request)),
        "my_municipalities": SimpleLazyObject(lambda: list(visible_municipalities(user))),
    }

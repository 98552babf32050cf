"""Request types for the annotations: what the middleware adds to Django's `HttpRequest`."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that went through `django_htmx.middleware.HtmxMiddleware` (every request does): `htmx` is
    truthy when the page's htmx sent it. Only for annotations; Django builds the request itself."""

    htmx: HtmxDetails

"""The client's address as the app sees it: REMOTE_ADDR, or — only when the deployment says how many reverse
proxies stand in front of the app (`TRUSTED_PROXY_COUNT`) — the address the outermost trusted proxy saw.

Behind nginx every request comes from 127.0.0.1; taking X-Forwarded-For at face value, on the other hand, lets
anyone claim any address. Each trusted proxy appends the address it received the request from, so with N
trusted proxies the client is the N-th entry from the right; entries further left were written by the client
and are ignored."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    forwarded = [item for item in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if item.strip()]
    if len(forwarded) < count:
        # Fewer hops than the proxies we trust: the request did not come through them as configured.
        return remote
    return _valid(forwarded[-count]) or remote

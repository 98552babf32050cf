"""Small response middleware of our own (Django and django-csp write the other security headers)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """`{"camera": [], "fullscreen": ["self"]}` → `camera=(), fullscreen=(self)`."""
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in policy.items())


class PermissionsPolicyMiddleware:
    """Writes the Permissions-Policy header from `settings.PERMISSIONS_POLICY` on every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.header = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


SESSION_TOUCHED = "_session_touched"


def session_touch(session: SessionBase, now: float) -> None:
    session[SESSION_TOUCHED] = int(now)


class SessionIdleMiddleware:
    """A session ends after SESSION_COOKIE_AGE without a request, and each request moves the end on — but the
    session row is written at most once every SESSION_TOUCH_SECONDS, not on every request (which is what
    SESSION_SAVE_EVERY_REQUEST would do). Placed after SessionMiddleware; a login stamps the session
    (`stamp_on_login`, connected to user_logged_in), so the first request after it writes nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.every = int(getattr(settings, "SESSION_TOUCH_SECONDS", 300))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session the request has read anyway (a logged-in page) — never an extra query.
        if session is not None and session.accessed and not session.is_empty():
            now = time.time()
            touched = session.get(SESSION_TOUCHED)
            if not isinstance(touched, int) or now - touched >= self.every:
                session_touch(session, now)  # modified: SessionMiddleware saves it and renews the cookie
        return response


def stamp_on_login(sender: object, request: HttpRequest, user: object, **kwargs: object) -> None:
    if getattr(request, "session", None) is not None:
        session_touch(request.session, time.time())

"""Types shared by the services and views of every app (annotations only, no behaviour)."""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User

# Who did it, as the services receive it: `request.user` (a logged-in user or an anonymous visitor), or None
# for the system (demo data, management commands, background tasks). The audit keeps only a logged-in user.
Actor: TypeAlias = User | AnonymousUser | None

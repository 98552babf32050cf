"""Buttons that an app above `mentoring` adds to a page of a lower app («PDF» on the roadmap page, on the
pair page, on an event), registered from that app's AppConfig.ready. A page names a slot with the
`{% page_actions "slot" object %}` tag (library `page_actions`); it never names the app that fills it.

A provider is `provider(access, obj) -> iterable of PageAction`; it decides itself who sees what.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from mentoring.organisations.access import OrganisationAccess


@dataclass(frozen=True)
class PageAction:
    label: str
    url: str
    icon: str = ""
    testid: str = ""
    style: str = "outline-secondary"


_providers: dict[str, list[Callable]] = {}


def register(slot: str, provider: Callable[..., Iterable[PageAction]]) -> None:
    providers = _providers.setdefault(slot, [])
    if provider not in providers:
        providers.append(provider)


def actions_for(slot: str, access: OrganisationAccess | None, obj: object) -> list[PageAction]:
    if access is None or obj is None:
        return []
    return [action for provider in _providers.get(slot, []) for action in provider(access, obj)]

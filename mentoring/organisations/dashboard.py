"""The organisation dashboard is made of panels that apps register (from their AppConfig.ready).

A panel is shown to those holding its permission; its context function gets the visitor's access and
returns what the panel's template needs, or None to hide the panel. An organisation kind may be given its
own set of panels (`register_kind_panels`): a municipal centre runs no programme of its own, so its dashboard
shows the municipality's panels instead of a school's. "What is coming next" is gathered
from every app through `register_upcoming`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from common.memo import shared_figures
from mentoring.organisations.access import OrganisationAccess


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    permission: frozenset[str]
    context: Callable
    order: int = 100
    wide: bool = False


@dataclass(frozen=True)
class UpcomingItem:
    date: datetime.date | None
    title: str
    url: str = ""
    kind: str = ""
    overdue: bool = False


_panels: dict[str, Panel] = {}
_upcoming: list[Callable] = []
_kind_panels: dict[str, set[str]] = {}


def register_panel(
    *,
    key: str,
    template: str,
    permission: Iterable[str],
    context: Callable,
    order: int = 100,
    wide: bool = False,
) -> None:
    _panels[key] = Panel(
        key=key, template=template, permission=frozenset(permission), context=context, order=order, wide=wide
    )


def register_kind_panels(kind: str, keys: Iterable[str]) -> None:
    """An organisation of `kind` shows only the panels named here (each app adds the keys of its own)."""
    _kind_panels.setdefault(kind, set()).update(keys)


def register_upcoming(provider: Callable) -> None:
    """`provider(access, *, today, horizon_days)` returns an iterable of UpcomingItem."""
    if provider not in _upcoming:
        _upcoming.append(provider)


def panels_for(access: OrganisationAccess, request) -> list[dict]:
    # The panels of one page share the figures they have in common (common.memo).
    with shared_figures():
        return _panels_for(access, request)


def _panels_for(access: OrganisationAccess, request) -> list[dict]:
    rendered = []
    only = _kind_panels.get(access.organisation.kind)
    for panel in sorted(_panels.values(), key=lambda panel: panel.order):
        if only is not None and panel.key not in only:
            continue
        if not access.has(panel.permission):
            continue
        context = panel.context(access, request)
        if context is None:
            continue
        rendered.append({"key": panel.key, "template": panel.template, "wide": panel.wide, **context})
    return rendered


def upcoming_for(
    access: OrganisationAccess, *, today: datetime.date, horizon_days: int = 30, limit: int = 10
) -> list[UpcomingItem]:
    items: list[UpcomingItem] = []
    for provider in _upcoming:
        items.extend(provider(access, today=today, horizon_days=horizon_days))
    items.sort(key=lambda item: (item.date is None, item.date or today))
    return items[:limit]

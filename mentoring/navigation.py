"""Top navigation: each app registers its own entries here (from its AppConfig.ready), so that the
layout never imports an app above `mentoring`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: frozenset[str]
    icon: str = ""
    order: int = 100


_items: list[NavItem] = []


def register(
    *, label: str, url_name: str, permission: Iterable[str], icon: str = "", order: int = 100
) -> None:
    item = NavItem(label=label, url_name=url_name, permission=frozenset(permission), icon=icon, order=order)
    if item.url_name not in {existing.url_name for existing in _items}:
        _items.append(item)


def items_for(access) -> list[dict]:
    """The entries an organisation's visitor may use, with their URLs resolved for that organisation."""
    if access is None:
        return []
    slug = access.organisation.slug
    return [
        {
            "label": item.label,
            "icon": item.icon,
            "url": reverse(item.url_name, args=[slug]),
            "name": item.url_name,
        }
        for item in sorted(_items, key=lambda item: item.order)
        if access.has(item.permission)
    ]

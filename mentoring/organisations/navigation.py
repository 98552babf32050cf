"""Top navigation: each app registers its own entries here (from its AppConfig.ready), so that the
layout never imports an app above `mentoring`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django_stubs_ext import StrOrPromise

from mentoring.organisations.access import OrganisationAccess


@dataclass(frozen=True)
class NavItem:
    label: StrOrPromise
    url_name: str
    permission: frozenset[str]
    icon: str = ""
    order: int = 100
    group: StrOrPromise = ""


_items: list[NavItem] = []


def register(
    *,
    label: StrOrPromise,
    url_name: str,
    permission: Iterable[str],
    icon: str = "",
    order: int = 100,
    group: StrOrPromise = "",
) -> None:
    """`group` gathers entries under one drop-down menu (shown as a plain link when only one is visible)."""
    item = NavItem(
        label=label, url_name=url_name, permission=frozenset(permission), icon=icon, order=order, group=group
    )
    if item.url_name not in {existing.url_name for existing in _items}:
        _items.append(item)


def items_for(access: OrganisationAccess | None) -> list[dict]:
    """The entries an organisation's visitor may use, with their URLs resolved for that organisation; entries
    of one group come as {"label", "icon", "children"}."""
    if access is None:
        return []
    slug = access.organisation.slug
    entries: list[dict] = []
    groups: dict[StrOrPromise, dict] = {}
    for item in sorted(_items, key=lambda item: item.order):
        if not access.has(item.permission):
            continue
        link = {
            "label": item.label,
            "icon": item.icon,
            "url": reverse(item.url_name, args=[slug]),
            "name": item.url_name,
        }
        if not item.group:
            entries.append(link)
        elif item.group in groups:
            groups[item.group]["children"].append(link)
        else:
            groups[item.group] = {"label": item.group, "icon": item.icon, "children": [link]}
            entries.append(groups[item.group])
    return [_single_or_group(entry) for entry in entries]


def _single_or_group(entry: dict) -> dict:
    children = entry.get("children")
    return children[0] if children is not None and len(children) == 1 else entry

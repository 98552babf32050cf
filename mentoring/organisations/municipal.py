"""The municipal and the regional coordinator's pages: apps above `mentoring` register their sections here
(from their AppConfig.ready), so that the municipality and region pages link to them without `mentoring`
importing those apps.

One section may be the landing: `mentoring:municipality` (where the home page and the «Муниципалитет» link
send the coordinator) then redirects to it; `mentoring:region` likewise for a region's sections
(`register_region_section`, URL names taking `region_slug`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Section:
    key: str
    label: StrOrPromise
    url_name: str  # takes `municipality_slug`
    icon: str = ""
    order: int = 100
    landing: bool = False


_sections: dict[str, Section] = {}


def register_section(
    *, key: str, label: StrOrPromise, url_name: str, icon: str = "", order: int = 100, landing: bool = False
) -> None:
    _sections[key] = Section(key=key, label=label, url_name=url_name, icon=icon, order=order, landing=landing)


def sections_for(municipality) -> list[dict]:
    return [
        {
            "key": section.key,
            "label": section.label,
            "icon": section.icon,
            "url": reverse(section.url_name, kwargs={"municipality_slug": municipality.slug}),
            "name": section.url_name,
        }
        for section in sorted(_sections.values(), key=lambda section: section.order)
    ]


def landing_url(municipality) -> str | None:
    landing = [section for section in _sections.values() if section.landing]
    if not landing:
        return None
    section = min(landing, key=lambda section: section.order)
    return reverse(section.url_name, kwargs={"municipality_slug": municipality.slug})


_region_sections: dict[str, Section] = {}


def register_region_section(
    *, key: str, label: StrOrPromise, url_name: str, icon: str = "", order: int = 100, landing: bool = False
) -> None:
    """A section of a region's pages; its URL takes `region_slug`."""
    _region_sections[key] = Section(
        key=key, label=label, url_name=url_name, icon=icon, order=order, landing=landing
    )


def region_sections_for(region) -> list[dict]:
    return [
        {
            "key": section.key,
            "label": section.label,
            "icon": section.icon,
            "url": reverse(section.url_name, kwargs={"region_slug": region.slug}),
            "name": section.url_name,
        }
        for section in sorted(_region_sections.values(), key=lambda section: section.order)
    ]


def region_landing_url(region) -> str | None:
    landing = [section for section in _region_sections.values() if section.landing]
    if not landing:
        return None
    section = min(landing, key=lambda section: section.order)
    return reverse(section.url_name, kwargs={"region_slug": region.slug})

"""An activity of the roadmap may be linked to a computed indicator of effectiveness
(`Activity.indicator_code`) so that its indicator text shows the live value. The roadmap app does not
compute indicators (the reports app does, and the roadmap must not import it): an app registers a provider
here from its AppConfig.ready.

A provider has `choices()` → [(code, Russian name)] and `values(organisation, year_start)` → {code: LiveValue}
(every indicator of the organisation for the academic year starting in September of `year_start`, in a
fixed number of queries, so a page computes them once whatever the number of activities).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class LiveValue:
    code: str
    name: str
    display: str  # «86 % (12 из 14)»
    target: str  # «не менее 90 %», or «—»
    met: bool | None  # None: no target, or no data yet
    note: str = ""
    url: str = ""


class Provider(Protocol):
    def choices(self) -> list[tuple[str, str]]: ...

    def values(self, organisation, year_start: int) -> dict[str, LiveValue]: ...


_providers: list[Provider] = []


def register_provider(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def choices() -> list[tuple[str, str]]:
    return [choice for provider in _providers for choice in provider.choices()]


def label_of(code: str) -> str:
    return dict(choices()).get(code, "")


def values_for(roadmap) -> dict[str, LiveValue]:
    """Live values for a roadmap's organisation and year; none for a municipal plan."""
    if roadmap.organisation_id is None:
        return {}
    values: dict[str, LiveValue] = {}
    for provider in _providers:
        values.update(provider.values(roadmap.organisation, roadmap.year_start))
    return values


def attach(roadmap, activities: Iterable) -> None:
    """Set `activity.live_indicator` (a LiveValue or None) on each activity; the indicators are computed only
    when at least one activity is linked."""
    activities = list(activities)
    linked = [activity for activity in activities if activity.indicator_code]
    values = values_for(roadmap) if linked else {}
    for activity in activities:
        activity.live_indicator = values.get(activity.indicator_code) if activity.indicator_code else None


def live_value(activity) -> LiveValue | None:
    if not activity.indicator_code:
        return None
    return values_for(activity.stage.roadmap).get(activity.indicator_code)

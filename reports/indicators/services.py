"""State changes around the indicators: linking a roadmap's activities to the indicators their texts name."""

from __future__ import annotations

from mentoring.organisations.types import Actor
from reports.indicators.computation import guess_code
from roadmap import services as roadmap_services
from roadmap.models import Activity, Roadmap


def roadmap_indicators_autolink(*, roadmap: Roadmap, actor: Actor) -> list[Activity]:
    """Link every not yet linked activity whose indicator text (or expected result) plainly names an
    indicator, e.g. «Выполнено 100% позиций дорожной карты» → roadmap_done. Returns the activities linked;
    each change goes through the roadmap's service (and its audit entry)."""
    linked = []
    activities = Activity.objects.filter(stage__roadmap=roadmap, indicator_code="").select_related(
        "stage__roadmap"
    )
    for activity in activities:
        code = guess_code(activity.indicator_text, activity.result)
        if code:
            roadmap_services.activity_update(activity=activity, actor=actor, data={"indicator_code": code})
            linked.append(activity)
    return linked

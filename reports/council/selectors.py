"""Queries of the council minutes: the organisation's council events with their minutes, who was there."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from mentoring.models import Organisation, Person
from reports.council.models import CouncilMinutes, MinutesItem
from roadmap.models import Attendance, Event


def council_events(organisation: Organisation) -> QuerySet[Event]:
    """The organisation's pedagogical councils, newest first, each with its minutes if filled."""
    return (
        organisation.events.filter(kind=Event.Kind.COUNCIL)
        .select_related("council_minutes")
        .order_by("-starts_at", "-pk")
    )


def minutes_of(event: Event) -> CouncilMinutes | None:
    """The minutes of the event with its people and items (one query each), or None when not filled."""
    return (
        CouncilMinutes.objects.filter(event=event)
        .select_related("chair", "secretary", "event", "organisation")
        .prefetch_related(
            Prefetch("items", queryset=MinutesItem.objects.select_related("speaker").order_by("order"))
        )
        .first()
    )


@dataclass(frozen=True)
class Presence:
    """Who the registration sheet says was there and who was not, each in surname order."""

    present: list[Person]
    absent: list[Person]


def presence_of(event: Event) -> Presence:
    rows = (
        Attendance.objects.filter(event=event)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "person__patronymic", "person__pk")
    )
    present: list[Person] = []
    absent: list[Person] = []
    for row in rows:
        (present if row.attended else absent).append(row.person)
    return Presence(present=present, absent=absent)


def present_count(event: Event) -> int:
    return Attendance.objects.filter(event=event, attended=True).count()


def minutes_numbers_taken(
    organisation: Organisation | int, year: int, *, besides: int | None = None
) -> set[str]:
    """The numbers the organisation's minutes of a calendar year already have (but those of `besides`)."""
    minutes = CouncilMinutes.objects.filter(organisation=organisation, year=year)
    if besides is not None:
        minutes = minutes.exclude(pk=besides)
    return set(minutes.values_list("number", flat=True))


def free_minutes_number(taken: set[str]) -> str:
    """The number after the greatest one taken (1 in an empty year), and not taken itself."""
    number = max((int(value) for value in taken if value.isdecimal()), default=0) + 1
    while str(number) in taken:
        number += 1
    return str(number)


def next_minutes_number(organisation: Organisation, event: Event) -> str:
    """The number a new minutes gets: the councils of a calendar year are numbered 1, 2, 3…"""
    year = timezone.localtime(event.starts_at).date().year
    return free_minutes_number(minutes_numbers_taken(organisation, year))

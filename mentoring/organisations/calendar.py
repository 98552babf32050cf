"""What each app puts in a person's calendar feed (`roadmap.ical`): apps register providers from their
AppConfig.ready, so the feed lists plan items, meetings and questionnaire deadlines without importing the
apps that own them. A provider `provider(*, person, organisation)` yields `FeedItem`s of that person only."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from mentoring.organisations.models import Organisation, Person


@dataclass(frozen=True)
class FeedItem:
    uid: str
    summary: str
    date: datetime.date  # a whole day on the organisation's calendar
    description: str = ""
    path: str = ""  # the page's path; the feed puts SITE_URL before it


Provider = Callable[..., Iterable[FeedItem]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def items_for(*, person: Person, organisation: Organisation) -> list[FeedItem]:
    return [item for provider in _providers for item in provider(person=person, organisation=organisation)]

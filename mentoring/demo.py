"""The app's part of `seed_demo`: the tenancy core first (municipality, organisations, people, logins), then
the programme on top of it (bases, pairs, plans, meetings)."""

from mentoring.organisations import demo as organisation_demo
from mentoring.programme import demo as programme_demo


def seed(ctx: organisation_demo.DemoContext) -> None:
    organisation_demo.seed(ctx)
    programme_demo.seed(ctx)

"""E-mail reminders of roadmap deadlines for `send_reminders` (`mentoring.organisations.reminders`)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from mentoring.models import Person
from mentoring.organisations.reminders import Reminder

from .models import Activity, Roadmap

DAYS_BEFORE = 3


def due_soon(*, today: datetime.date):
    """Three days before a deadline, everyone named responsible (by name or by role) gets a letter."""
    due = today + datetime.timedelta(days=DAYS_BEFORE)
    activities = (
        Activity.objects.open()
        .filter(due_date=due)
        .exclude(stage__roadmap__status=Roadmap.Status.ARCHIVED)
        .filter(stage__roadmap__organisation__isnull=False)
        .select_related("stage__roadmap__organisation")
        .prefetch_related("responsible_people")
    )
    for activity in activities:
        organisation = activity.stage.roadmap.organisation
        if organisation is None:  # excluded by the query; narrows the type
            continue
        people = {person.pk: person for person in activity.responsible_people.all()}
        if activity.role_codes:
            for person in Person.objects.filter(
                memberships__organisation=organisation, memberships__roles__role__in=activity.role_codes
            ):
                people.setdefault(person.pk, person)
        for person in people.values():
            yield Reminder(
                key=f"roadmap-due:{activity.pk}:{due.isoformat()}",
                email=person.email,
                kind="roadmap",
                subject=_("Срок по дорожной карте: %(date)s") % {"date": due.strftime("%d.%m.%Y")},
                body=_(
                    "Здравствуйте, %(name)s!\n\nЧерез %(days)s дня срок мероприятия дорожной карты "
                    "%(organisation)s:\n«%(title)s»\nСрок: %(deadline)s.\n\n"
                    "Отметьте выполнение в «Наставнике»."
                )
                % {
                    "name": f"{person.first_name} {person.patronymic}".strip(),
                    "days": DAYS_BEFORE,
                    "organisation": organisation.short_name,
                    "title": activity.title,
                    "deadline": activity.deadline_text or due.strftime("%d.%m.%Y"),
                },
            )

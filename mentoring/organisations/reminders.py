"""`manage.py send_reminders` (meant for cron) asks every registered provider for the reminders due today.

Apps register providers from their AppConfig.ready. A provider yields `Reminder`s; each has a key that
names it for good (e.g. "pair-at-risk:17:2026-11-21"), and a reminder whose key was already sent is skipped,
so running the command twice sends nothing twice.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from mentoring.models import EmailPreference, Person, SentReminder
from mentoring.organisations.mail import email_send, person_for_email


@dataclass(frozen=True)
class Reminder:
    key: str
    email: str
    subject: str
    body: str
    # Which choice on the e-mail preferences page turns it off (`EmailPreference.KINDS`).
    kind: str = ""


_providers: list[Callable[..., Iterable[Reminder]]] = []


def register(provider: Callable[..., Iterable[Reminder]]) -> None:
    """`provider(*, today)` yields the reminders due on `today`."""
    if provider not in _providers:
        _providers.append(provider)


def send_due_reminders(*, today: datetime.date) -> tuple[int, int]:
    """Send every reminder not sent before; returns (sent, skipped)."""
    sent = skipped = 0
    # 152-ФЗ: nobody who withdrew consent (and gave none since) is e-mailed.
    withdrawn = set(
        Person.objects.filter(consents__withdrawn_on__isnull=False)
        .exclude(consents__withdrawn_on__isnull=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    # The kinds each address turned off on the preferences page.
    turned_off: dict[str, set[str]] = {}
    for preference in EmailPreference.objects.select_related("person").exclude(person__email=""):
        for kind in EmailPreference.KINDS:
            if not preference.wants(kind):
                turned_off.setdefault(kind, set()).add(preference.person.email.lower())
    for provider in _providers:
        for reminder in provider(today=today):
            if not reminder.email or reminder.email in withdrawn:
                skipped += 1
                continue
            if reminder.email.lower() in turned_off.get(reminder.kind, set()):
                skipped += 1
                continue
            try:
                with transaction.atomic():
                    SentReminder.objects.create(key=reminder.key, email=reminder.email)
                    email_send(
                        to=reminder.email,
                        subject=reminder.subject,
                        body=reminder.body,
                        person=person_for_email(reminder.email),
                    )
            except IntegrityError:
                skipped += 1
            else:
                sent += 1
    return sent, skipped

"""`manage.py send_reminders` (meant for cron) asks every registered provider for the reminders due today.

Apps register providers from their AppConfig.ready. A provider yields `Reminder`s; each has a key that
names it for good (e.g. "pair-at-risk:17:2026-11-21"), and a reminder whose key was already sent is skipped,
so running the command twice sends nothing twice.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from mentoring.models import Person, SentReminder


@dataclass(frozen=True)
class Reminder:
    key: str
    email: str
    subject: str
    body: str


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
    for provider in _providers:
        for reminder in provider(today=today):
            if not reminder.email or reminder.email in withdrawn:
                skipped += 1
                continue
            try:
                with transaction.atomic():
                    SentReminder.objects.create(key=reminder.key, email=reminder.email)
                    send_mail(reminder.subject, reminder.body, settings.DEFAULT_FROM_EMAIL, [reminder.email])
            except IntegrityError:
                skipped += 1
            else:
                sent += 1
    return sent, skipped

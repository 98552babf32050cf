"""Every e-mail the app sends goes through `email_send`: a link to the page where the person chooses which
reminders they get, and the `List-Unsubscribe` headers (RFC 2369, one-click RFC 8058) mail clients show as
«Отписаться». Links start with `SITE_URL`, never with the address of a request."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext as _

from mentoring.organisations.models import EmailPreference, Person

SALT = "mentoring.email-preferences"


def preferences_token(person: Person) -> str:
    return signing.dumps(person.pk, salt=SALT, compress=True)


def person_from_token(token: str) -> Person | None:
    """The person a signed link names; None for a link that was altered or never issued."""
    try:
        person_id = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(person_id, int):
        return None
    return Person.objects.filter(pk=person_id).first()


def preferences_url(person: Person) -> str:
    return settings.SITE_URL + reverse("mentoring:email_preferences", args=[preferences_token(person)])


def site_url(path: str) -> str:
    """An absolute link for an e-mail: `SITE_URL` and the path."""
    return settings.SITE_URL + path


def wants(person: Person | None, kind: str) -> bool:
    if person is None or not kind:
        return True
    preference = EmailPreference.objects.filter(person=person).first()
    return preference is None or preference.wants(kind)


def person_for_email(email: str) -> Person | None:
    return Person.objects.filter(email__iexact=email).order_by("pk").first() if email else None


def email_send(*, to: str, subject: str, body: str, person: Person | None = None) -> None:
    """Send one message with the preferences link in its body and the unsubscribe headers."""
    person = person or person_for_email(to)
    headers: dict[str, str] = {}
    if person is not None:
        url = preferences_url(person)
        body = (
            body.rstrip()
            + "\n\n-- \n"
            + _("Выбрать, какие письма вы получаете, или отписаться: %(url)s") % {"url": url}
        )
        headers = {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to], headers=headers).send()


def preferences_update(*, person: Person, chosen: dict[str, bool]) -> EmailPreference:
    preference, _created = EmailPreference.objects.get_or_create(person=person)
    for kind in EmailPreference.KINDS:
        setattr(preference, kind, bool(chosen.get(kind, False)))
    preference.save()
    return preference

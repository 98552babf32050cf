"""Personal data under 152-ФЗ: the journal of who accessed whose data, the people whose consent is
withdrawn (no more processing), and anonymisation — after the organisation's retention period by
`manage.py anonymise_people` (cron), or at once on the administrator's request.

Anonymisation keeps the row (pairs, meetings, attendance and the year's indicators stay counted) and
removes what identifies the person: name, birth date, contacts, position and subjects, the consent scans and
the login; an anonymised person is never matched again by an import (`people_matchable`)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from common import dates
from mentoring.organisations.models import Organisation, Person, PersonalDataAccess
from mentoring.organisations.personal_data import (
    has_withdrawn,
    personal_data_access_record,
    personal_data_journal,
)
from mentoring.organisations.services import audit_entry_create
from mentoring.programme.models import Consent

ANONYMOUS_LAST_NAME = "Обезличен"


# The access journal is the tenancy core's (mentoring.organisations.personal_data).
__all__ = ["has_withdrawn", "personal_data_access_record", "personal_data_journal"]


def withdrawn_people(organisation: Organisation) -> QuerySet[Person]:
    """People whose consent to processing in `organisation` is withdrawn (and no new one given): they get no
    invitation or reminder, are left out of exports and their personal fields are hidden on screen."""
    consents = Consent.objects.filter(organisation=organisation, person=OuterRef("pk"))
    return Person.objects.filter(
        Exists(consents.filter(withdrawn_on__isnull=False)),
        ~Exists(consents.filter(withdrawn_on__isnull=True)),
    )


def processable(people: QuerySet[Person], organisation: Organisation) -> QuerySet[Person]:
    """`people` without those who withdrew consent in `organisation` and without the anonymised."""
    return people.filter(anonymised_at__isnull=True).exclude(
        pk__in=withdrawn_people(organisation).values("pk")
    )


def people_matchable(people: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """The people an import may match a row to: never an anonymised one (the people import's matcher uses
    this, so a new row with the same name makes a new person)."""
    return (people if people is not None else Person.objects.all()).filter(anonymised_at__isnull=True)


# --- Anonymisation ---------------------------------------------------------------------------------------


def people_due_for_anonymisation(*, today: datetime.date | None = None) -> list[tuple[Person, Organisation]]:
    """People whose every consent was withdrawn longer ago than their organisation's retention period."""
    due = []
    candidates = (
        Consent.objects.filter(withdrawn_on__isnull=False, person__anonymised_at__isnull=True)
        .select_related("person", "organisation")
        .order_by("person_id", "-withdrawn_on")
    )
    seen: set[int] = set()
    for consent in candidates:
        if consent.person_id in seen:
            continue
        seen.add(consent.person_id)
        person = consent.person
        if Consent.objects.filter(person=person, withdrawn_on__isnull=True).exists():
            continue
        last = Consent.objects.filter(person=person).order_by("-withdrawn_on").first()
        day = today or dates.today(consent.organisation)
        keep = datetime.timedelta(days=consent.organisation.personal_data_retention_days)
        if last and last.withdrawn_on and last.withdrawn_on + keep <= day:
            due.append((person, consent.organisation))
    return due


@transaction.atomic
def person_anonymise(*, person: Person, actor, organisation: Organisation | None, reason: str = "") -> Person:
    """Remove what identifies the person; keep the row and everything counted through it."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.anonymised_at is not None:
        return person
    person.last_name = ANONYMOUS_LAST_NAME
    person.first_name = f"№ {person.pk}"
    person.patronymic = ""
    person.gender = ""
    person.young_through_year = young_through_year(person.birth_date)
    person.birth_date = None
    person.email = ""
    person.phone = ""
    person.position = ""
    person.subjects = ""
    person.anonymised_at = timezone.now()
    user = person.user
    person.user = None
    person.save()
    if user is not None:
        user.is_active = False
        user.email = ""
        user.first_name = user.last_name = ""
        user.username = f"anonymised-{person.pk}"
        user.set_unusable_password()
        user.save()
    for consent in Consent.objects.filter(person=person).exclude(file=""):
        consent.file = None  # the stored file goes with it (common.stored_files)
        consent.save(update_fields=["file"])
    _strip_programme_texts(person)
    for target in [organisation] if organisation is not None else _organisations_of(person):
        audit_entry_create(
            actor=actor,
            organisation=target,
            action="person.anonymised",
            target=person,
            changes={"reason": reason or _("по истечении срока хранения")},
        )
        personal_data_access_record(
            actor=actor,
            organisation=target,
            kind=PersonalDataAccess.Kind.ANONYMISED,
            person=person,
            detail=reason,
        )
    return person


YOUNG_AGE = 35


def young_through_year(birth_date: datetime.date | None) -> int | None:
    """The first year Y of the last academic year Y/Y+1 that counts the person as under 35 (born after
    1 September of Y − 35) — what the indicator needs of a birth date, kept after anonymisation."""
    if birth_date is None:
        return None
    year = birth_date.year + YOUNG_AGE
    return year if birth_date > datetime.date(year - YOUNG_AGE, 9, 1) else year - 1


def _organisations_of(person: Person) -> list[Organisation]:
    return [membership.organisation for membership in person.memberships.select_related("organisation")]


def _strip_programme_texts(person: Person) -> None:
    """Free texts about the person in the bases (notes, requests) go too; the base records stay counted."""
    from mentoring.programme.models import MenteeProfile, MentorProfile

    MentorProfile.objects.filter(person=person).update(experience_note="", intake_notes="")
    MenteeProfile.objects.filter(person=person).update(requests="", notes="")

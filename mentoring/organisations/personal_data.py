"""The journal of access to personal data (152-ФЗ): who viewed a person's card, downloaded a consent scan,
exported a base or answers with names — written by the views that do it, shown to the administrator and the
director. Withdrawal and anonymisation live in mentoring.programme.personal_data."""

from __future__ import annotations

from django.db.models import QuerySet

from mentoring.organisations.models import Organisation, Person, PersonalDataAccess


def personal_data_access_record(
    *, actor, organisation: Organisation, kind: str, person: Person | None = None, detail: str = ""
) -> PersonalDataAccess:
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    name = ""
    if user is not None:
        person_of_user = getattr(user, "person", None)
        name = person_of_user.full_name if person_of_user else user.get_username()
    return PersonalDataAccess.objects.create(
        organisation=organisation,
        actor=user,
        actor_name=name[:255],
        kind=kind,
        person=person,
        detail=detail[:500],
    )


def personal_data_journal(organisation: Organisation) -> QuerySet[PersonalDataAccess]:
    return organisation.personal_data_accesses.select_related("person", "actor")


def has_withdrawn(person: Person, organisation: Organisation) -> bool:
    """The person withdrew consent in this organisation and has not given a new one since."""
    consents = person.consents.filter(organisation=organisation)
    withdrawn = consents.filter(withdrawn_on__isnull=False).exists()
    return withdrawn and not consents.filter(withdrawn_on__isnull=True).exists()

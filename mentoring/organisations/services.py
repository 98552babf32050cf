"""State changes of the mentoring app: each one checks its rules, writes, and leaves an audit entry."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from mentoring.models import AuditEntry, Membership, MembershipRole, Organisation, Person, Role
from mentoring.organisations.declension import gender_from_patronymic
from mentoring.organisations.types import Actor

PERSON_FIELDS = (
    "last_name",
    "first_name",
    "patronymic",
    "gender",
    "birth_date",
    "kind",
    "position",
    "subjects",
    "qualification_category",
    "teaching_experience",
    "email",
    "phone",
)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(item) for item in value]
    return value


def audit_entry_create(
    *,
    actor: Actor,
    organisation: Organisation | None,
    action: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        organisation=organisation,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        target_repr=str(target)[:500] if target is not None else "",
        changes={key: _jsonable(value) for key, value in (changes or {}).items()},
    )


def field_changes(instance: models.Model, data: dict[str, Any]) -> dict[str, Any]:
    """{field: [old, new]} for the fields whose value `data` changes."""
    return {
        name: [_jsonable(getattr(instance, name)), _jsonable(value)]
        for name, value in data.items()
        if getattr(instance, name) != value
    }


def _grantable_roles(roles: Iterable[str]) -> list[str]:
    roles = sorted(set(roles))
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValidationError(_("Неизвестная роль: %(roles)s") % {"roles": ", ".join(sorted(unknown))})
    return roles


def membership_roles_set(*, membership: Membership, roles: Iterable[str]) -> tuple[list[str], list[str]]:
    """Give the membership exactly these roles; returns (added, removed)."""
    wanted = set(_grantable_roles(roles))
    current = set(membership.roles.values_list("role", flat=True))
    added, removed = sorted(wanted - current), sorted(current - wanted)
    membership.roles.filter(role__in=removed).delete()
    MembershipRole.objects.bulk_create([MembershipRole(membership=membership, role=role) for role in added])
    return added, removed


@transaction.atomic
def person_create(
    *, organisation: Organisation, actor: Actor, data: dict[str, Any], roles: Iterable[str]
) -> Person:
    person = Person(**{name: data[name] for name in PERSON_FIELDS if name in data})
    person.gender = person.gender or gender_from_patronymic(person.patronymic, first_name=person.first_name)
    person.full_clean()
    person.save()
    membership = Membership.objects.create(person=person, organisation=organisation)
    added, _removed = membership_roles_set(membership=membership, roles=roles)
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="person.created",
        target=person,
        changes={"roles": added},
    )
    return person


@transaction.atomic
def person_update(
    *,
    organisation: Organisation,
    person: Person,
    actor: Actor,
    data: dict[str, Any],
    roles: Iterable[str] | None = None,
) -> Person:
    data = {name: data[name] for name in PERSON_FIELDS if name in data}
    if "gender" in data and not data["gender"]:
        data["gender"] = gender_from_patronymic(
            data.get("patronymic", person.patronymic), first_name=data.get("first_name", person.first_name)
        )
    changes = field_changes(person, data)
    for name, value in data.items():
        setattr(person, name, value)
    person.full_clean()
    person.save()
    if "email" in changes and person.user_id:
        # The login's e-mail follows the person's, so that a password reset goes to the new address.
        get_user_model().objects.filter(pk=person.user_id).update(email=person.email)
    if roles is not None:
        membership = Membership.objects.get(person=person, organisation=organisation)
        added, removed = membership_roles_set(membership=membership, roles=roles)
        if added or removed:
            changes["roles"] = {"added": added, "removed": removed}
    if changes:
        audit_entry_create(
            actor=actor, organisation=organisation, action="person.updated", target=person, changes=changes
        )
    return person


def _user_or_none(actor: Actor) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


def _require_member(organisation: Organisation, person: Person) -> None:
    if not Membership.objects.filter(organisation=organisation, person=person).exists():
        raise ValidationError(_("%(name)s не числится в этой организации.") % {"name": person.full_name})

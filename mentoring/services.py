"""State changes of the mentoring app: each one checks its rules, writes, and leaves an audit entry."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AuditEntry, Membership, MembershipRole, Organisation, Pair, Person, Preference, Role

PERSON_FIELDS = (
    "last_name",
    "first_name",
    "patronymic",
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
    actor,
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


def field_changes(instance: models.Model, data: dict[str, Any]) -> dict[str, list[Any]]:
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
def person_create(*, organisation: Organisation, actor, data: dict[str, Any], roles: Iterable[str]) -> Person:
    person = Person(**{name: data[name] for name in PERSON_FIELDS if name in data})
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
    actor,
    data: dict[str, Any],
    roles: Iterable[str] | None = None,
) -> Person:
    data = {name: data[name] for name in PERSON_FIELDS if name in data}
    changes = field_changes(person, data)
    for name, value in data.items():
        setattr(person, name, value)
    person.full_clean()
    person.save()
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


@transaction.atomic
def preferences_replace(
    *, organisation: Organisation, chooser: Person, chosen: list[Person], source: str, actor=None
) -> list[Preference]:
    """Replace the chooser's ranked choices with `chosen`, first is most wanted. Used by the networking
    questionnaire (surveys) and by the curator."""
    seen: set[int] = set()
    ordered = []
    for person in chosen:
        if person.pk == chooser.pk:
            raise ValidationError(_("Нельзя выбрать самого себя."))
        if person.pk not in seen:
            seen.add(person.pk)
            ordered.append(person)
    members = set(
        Membership.objects.filter(organisation=organisation, person__in=[chooser, *ordered]).values_list(
            "person_id", flat=True
        )
    )
    if chooser.pk not in members or any(person.pk not in members for person in ordered):
        raise ValidationError(_("Выбирать можно только среди участников своей организации."))
    Preference.objects.filter(organisation=organisation, chooser=chooser).delete()
    created = Preference.objects.bulk_create(
        [
            Preference(organisation=organisation, chooser=chooser, chosen=person, rank=rank, source=source)
            for rank, person in enumerate(ordered, start=1)
        ]
    )
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="preferences.replaced",
        target=chooser,
        changes={"chosen": [person.short_name for person in ordered], "source": source},
    )
    return created


@transaction.atomic
def pairs_approve(
    *, organisation: Organisation, pair_ids: Iterable[int], actor, basis: str = ""
) -> list[Pair]:
    """The director approves proposed pairs/groups; `basis` names the order that fixes them, if any.

    The rows are locked first, so two approvals at once (two tabs, or an order signed twice) cannot approve
    one pair twice: the second sees the pair already approved and is refused as a whole."""
    pair_ids = sorted(set(pair_ids))
    pairs = list(organisation.pairs.select_for_update().filter(pk__in=pair_ids).order_by("pk"))
    if len(pairs) != len(pair_ids):
        raise ValidationError(_("Некоторые пары не найдены в этой организации."))
    not_proposed = [pair for pair in pairs if pair.status != Pair.Status.PROPOSED]
    if not_proposed:
        raise ValidationError(
            _("Утвердить можно только предложенные пары; уже рассмотрены: %(pairs)s")
            % {"pairs": ", ".join(str(pair) for pair in not_proposed)}
        )
    now = timezone.now()
    for pair in pairs:
        pair.status = Pair.Status.APPROVED
        pair.approved_by = actor if actor is not None and actor.is_authenticated else None
        pair.approved_at = now
        pair.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
        audit_entry_create(
            actor=actor,
            organisation=organisation,
            action="pair.approved",
            target=pair,
            changes={"basis": basis} if basis else {},
        )
    return pairs

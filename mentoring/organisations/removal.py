"""Mistakes can be undone: a person or a base record that nothing refers to may be deleted; one that something
refers to (a pair, a consent, a questionnaire, a meeting, another organisation) is archived instead, and the
page says what refers to it.

What refers to an object is asked of Django's deletion collector (`NestedObjects`, which also reports the
protected references), so a new model in any app that points at a person is counted without this module
knowing it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import cast

from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.models import Membership, MembershipRole, MenteeProfile, MentorProfile, Organisation, Person
from mentoring.organisations.services import audit_entry_create

TAG_THROUGHS = frozenset({MentorProfile.competencies.through, MenteeProfile.request_tags.through})


def references(
    objects: Iterable[Model], *, allowed: Iterable[type], own: Callable[[Model], bool] | None = None
) -> list[str]:
    """What else would go (or protects them) if `objects` were deleted, as «наставнические пары/группы: 2»;
    related objects of an `allowed` model (and, with `own`, only those it accepts) are not counted."""
    objects = list(objects)
    if not objects:
        return []
    allowed = set(allowed)
    collector = NestedObjects(using=router.db_for_write(type(objects[0])))
    collector.collect(objects)
    roots = {(type(obj), obj.pk) for obj in objects}
    counts: Counter = Counter()
    others = 0
    for model_key, instances in collector.model_objs.items():
        model = cast(type[Model], model_key)  # the stubs name the key a str; it is the model class
        for obj in instances:
            if (model, obj.pk) in roots:
                continue
            if model in allowed and (own is None or own(obj)):
                continue
            if model is Membership:
                others += 1
                continue
            counts[model] += 1
    for obj in collector.protected:
        counts[type(obj)] += 1
    reasons = [f"{model._meta.verbose_name_plural}: {count}" for model, count in counts.items()]
    if others:
        reasons.append(_("состоит ещё в другой организации"))
    return sorted(reasons)


def person_blockers(*, organisation: Organisation, person: Person) -> list[str]:
    """Why this person may not be deleted; empty when nothing refers to them."""
    reasons = []
    if person.user_id:
        reasons.append(_("у человека есть вход в систему"))
    reasons += references(
        [person],
        allowed={Membership, MembershipRole, MentorProfile, MenteeProfile, *TAG_THROUGHS},
        own=lambda obj: getattr(obj, "organisation_id", organisation.pk) == organisation.pk,
    )
    return reasons


def record_blockers(record: MentorProfile | MenteeProfile) -> list[str]:
    """Why this base record may not be deleted (a pair, a suggestion of the matching…)."""
    reasons = references([record], allowed=TAG_THROUGHS)
    if isinstance(record, MentorProfile):
        if record.person.mentor_pairs.filter(organisation=record.organisation_id).exists():
            reasons.append(_("наставник уже в паре или группе"))
    elif record.person.pair_memberships.filter(pair__organisation=record.organisation_id).exists():
        reasons.append(_("наставляемый уже в паре или группе"))
    return reasons


@transaction.atomic
def person_delete(*, organisation: Organisation, person: Person, actor) -> None:
    person = Person.objects.select_for_update().get(pk=person.pk)
    reasons = person_blockers(organisation=organisation, person=person)
    if reasons:
        raise ValidationError(
            _("%(name)s: удалить нельзя — %(reasons)s. Человека можно отправить в архив.")
            % {"name": person.full_name, "reasons": "; ".join(reasons)}
        )
    name = person.full_name
    audit_entry_create(
        actor=actor, organisation=organisation, action="person.deleted", target=None, changes={"name": name}
    )
    person.delete()


@transaction.atomic
def person_archive(*, organisation: Organisation, person: Person, actor, archived: bool = True) -> Membership:
    """Archive a person of the organisation (or bring them back): kept with everything they did, gone from
    the lists; their mentor record in this organisation is archived too."""
    membership = Membership.objects.select_for_update().get(organisation=organisation, person=person)
    membership.archived_at = timezone.now() if archived else None
    membership.save(update_fields=["archived_at"])
    if archived:
        MentorProfile.objects.filter(organisation=organisation, person=person).update(
            status=MentorProfile.Status.ARCHIVED
        )
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="person.archived" if archived else "person.restored",
        target=person,
    )
    return membership


@transaction.atomic
def record_delete(*, record: MentorProfile | MenteeProfile, actor) -> None:
    reasons = record_blockers(record)
    if reasons:
        raise ValidationError(
            _("Запись удалить нельзя — %(reasons)s. Её можно отправить в архив.")
            % {"reasons": "; ".join(reasons)}
        )
    base = "mentor" if isinstance(record, MentorProfile) else "mentee"
    audit_entry_create(
        actor=actor,
        organisation=record.organisation,
        action=f"{base}.deleted",
        target=record.person,
        changes={"name": record.person.full_name},
    )
    record.delete()


@transaction.atomic
def record_archive(*, record: MentorProfile | MenteeProfile, actor) -> None:
    base = "mentor" if isinstance(record, MentorProfile) else "mentee"
    status = MentorProfile.Status.ARCHIVED if base == "mentor" else MenteeProfile.Status.ARCHIVED
    old = record.status
    record.status = status
    record.save(update_fields=["status"])
    audit_entry_create(
        actor=actor,
        organisation=record.organisation,
        action=f"{base}.archived",
        target=record,
        changes={"status": [old, status]},
    )

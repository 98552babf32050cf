"""A school gets in on its own: the organisation is created and edited in the app (by the administrator, or by
the municipal coordinator for their municipality), and its page says what to do next.

The checklist ticks itself from the data. Its steps are registered (`register_step`): the tenancy core
registers the staff list, the curator and the logins; the roadmap app registers «the roadmap is created»
from its AppConfig.ready, so this module never imports an app above `mentoring`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from slugify import slugify

from common.memo import shared_figures
from mentoring.models import ImportBatch, Membership, MembershipRole, Municipality, Organisation, Person, Role
from mentoring.organisations import accounts, selectors
from mentoring.organisations.services import audit_entry_create, field_changes, membership_roles_set

ORGANISATION_FIELDS = (
    "kind",
    "name",
    "short_name",
    "slug",
    "address",
    "email",
    "phone",
    "website",
    "municipality",
    "time_zone",
)
SLUG_MAX = 50


def _others(exclude_pk: int | None) -> QuerySet[Organisation]:
    organisations = Organisation.objects.all()
    return organisations.exclude(pk=exclude_pk) if exclude_pk is not None else organisations


def slug_suggest(short_name: str, *, exclude_pk: int | None = None) -> str:
    """The address code from the short name, transliterated («Школа № 5» → «shkola-no-5»), made unique with
    «-2», «-3»… (one query)."""
    base = slugify(short_name, max_length=SLUG_MAX - 4, word_boundary=True) or "org"
    taken = set(_others(exclude_pk).filter(slug__startswith=base).values_list("slug", flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _check_slug(slug: str, *, exclude_pk: int | None = None) -> None:
    if _others(exclude_pk).filter(slug=slug).exists():
        raise ValidationError(
            {"slug": _("Код «%(slug)s» уже занят другой организацией: выберите другой.") % {"slug": slug}}
        )


@transaction.atomic
def organisation_create(
    *,
    actor,
    data: dict[str, Any],
    director: dict[str, str] | None = None,
    director_login: bool = False,
) -> Organisation:
    """Create an organisation; `director` (last/first/patronymic/email) becomes its director and, with
    `director_login`, its administrator with a login whose password is chosen through a link by e-mail."""
    values = {name: data[name] for name in ORGANISATION_FIELDS if name in data}
    municipality: Municipality = values["municipality"]
    if not values.get("time_zone"):
        values["time_zone"] = municipality.time_zone
    values["slug"] = values.get("slug") or slug_suggest(values["short_name"])
    _check_slug(values["slug"])
    organisation = Organisation(**values)
    organisation.full_clean()
    organisation.save()
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="organisation.created",
        target=organisation,
        changes={"slug": organisation.slug, "municipality": str(municipality)},
    )
    if director and director.get("last_name"):
        person = Person(
            last_name=director["last_name"],
            first_name=director.get("first_name", ""),
            patronymic=director.get("patronymic", ""),
            email=director.get("email", ""),
            position=_("Директор"),
        )
        person.full_clean()
        person.save()
        membership = Membership.objects.create(person=person, organisation=organisation)
        roles = [Role.DIRECTOR, Role.ADMIN] if director_login else [Role.DIRECTOR]
        membership_roles_set(membership=membership, roles=roles)
        audit_entry_create(
            actor=actor,
            organisation=organisation,
            action="person.created",
            target=person,
            changes={"roles": roles},
        )
        if director_login and person.email:
            accounts.user_account_create(
                organisation=organisation,
                person=person,
                actor=actor,
                username=accounts.username_suggest(person),
            )
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, actor, data: dict[str, Any], director: Person | None = None
) -> Organisation:
    values = {name: data[name] for name in ORGANISATION_FIELDS if name in data}
    if "slug" in values and not values["slug"]:
        values["slug"] = slug_suggest(
            values.get("short_name", organisation.short_name), exclude_pk=organisation.pk
        )
    if values.get("slug"):
        _check_slug(values["slug"], exclude_pk=organisation.pk)
    changes = field_changes(organisation, values)
    for name, value in values.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    if director is not None:
        current = MembershipRole.objects.filter(membership__organisation=organisation, role=Role.DIRECTOR)
        if set(current.values_list("membership__person_id", flat=True)) != {director.pk}:
            membership = Membership.objects.get(organisation=organisation, person=director)
            current.exclude(membership=membership).delete()
            MembershipRole.objects.get_or_create(membership=membership, role=Role.DIRECTOR)
            changes["director"] = director.full_name
    if changes:
        audit_entry_create(
            actor=actor,
            organisation=organisation,
            action="organisation.updated",
            target=organisation,
            changes=changes,
        )
    return organisation


# --- The checklist ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    done: Callable[[Organisation], bool]
    url_name: str
    order: int = 100
    hint: Callable[[Organisation], str] | None = None


_steps: dict[str, Step] = {}


def register_step(
    *,
    key: str,
    label,
    done: Callable[[Organisation], bool],
    url_name: str,
    order: int = 100,
    hint: Callable[[Organisation], str] | None = None,
) -> None:
    """`done(organisation)` says whether the step is done; `url_name` takes the organisation's slug."""
    _steps[key] = Step(key=key, label=label, done=done, url_name=url_name, order=order, hint=hint)


def checklist(organisation: Organisation) -> list[dict[str, Any]]:
    # Three steps read the staff counts (the staff list, the logins and their hint): one query for all three,
    # shared with the people panel when the checklist is on the dashboard.
    with shared_figures():
        return [
            _step_state(step, organisation) for step in sorted(_steps.values(), key=lambda step: step.order)
        ]


def _step_state(step: Step, organisation: Organisation) -> dict[str, Any]:
    done = step.done(organisation)
    return {
        "key": step.key,
        "label": str(step.label),
        "done": done,
        "url": reverse(step.url_name, args=[organisation.slug]),
        # A hint is shown beside a step not done yet only.
        "hint": step.hint(organisation) if step.hint and not done else "",
    }


def staff_imported(organisation: Organisation) -> bool:
    return (
        selectors.organisation_head_counts(organisation).working_staff > 2
        or ImportBatch.objects.filter(organisation=organisation, undone_at__isnull=True).exists()
    )


def curator_appointed(organisation: Organisation) -> bool:
    return MembershipRole.objects.filter(membership__organisation=organisation, role=Role.CURATOR).exists()


def staff_without_login(organisation: Organisation) -> int:
    return selectors.organisation_head_counts(organisation).working_staff_without_login


def logins_handed_out(organisation: Organisation) -> bool:
    counts = selectors.organisation_head_counts(organisation)
    with_login = counts.working_staff - counts.working_staff_without_login
    return with_login > 1 and not counts.working_staff_without_login


def _logins_hint(organisation: Organisation) -> str:
    missing = staff_without_login(organisation)
    return _("без входа: %(count)s") % {"count": missing} if missing else ""


def register() -> None:
    register_step(
        key="staff",
        label=gettext_lazy("Загрузить список сотрудников из Excel"),
        done=staff_imported,
        url_name="mentoring:import",
        order=10,
    )
    register_step(
        key="curator",
        label=gettext_lazy("Назначить куратора программы наставничества"),
        done=curator_appointed,
        url_name="mentoring:people",
        order=20,
    )
    register_step(
        key="logins",
        label=gettext_lazy("Выдать входы сотрудникам"),
        done=logins_handed_out,
        url_name="mentoring:logins",
        order=40,
        hint=_logins_hint,
    )

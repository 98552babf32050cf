"""State changes of the mentoring app: each one checks its rules, writes, and leaves an audit entry."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import dates
from common.uploads import UploadKind, validate_upload
from mentoring.models import (
    Competency,
    Consent,
    MatchRun,
    MatchSuggestion,
    Meeting,
    Membership,
    MenteeProfile,
    MentoringForm,
    MentorProfile,
    Organisation,
    Pair,
    PairChange,
    PairMentee,
    Partner,
    Person,
    Plan,
    PlanAmendment,
    PlanItem,
    PlanTemplate,
    Preference,
    SuggestedMentee,
    SupportNote,
)
from mentoring.organisations import audit_labels, declension
from mentoring.organisations.services import _require_member, _user_or_none, audit_entry_create, field_changes
from mentoring.organisations.types import Actor


@transaction.atomic
def preferences_replace(
    *, organisation: Organisation, chooser: Person, chosen: list[Person], source: str, actor: Actor = None
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


for _code, _label in [
    ("mentor.saved", gettext_lazy("Изменена запись в базе наставников")),
    ("mentor.added", gettext_lazy("Добавлен наставник в базу")),
    ("mentee.saved", gettext_lazy("Изменена запись в базе наставляемых")),
    ("mentee.added", gettext_lazy("Добавлен наставляемый в базу")),
    ("consent.given", gettext_lazy("Внесено согласие на обработку персональных данных")),
    ("consent.withdrawn", gettext_lazy("Отозвано согласие на обработку персональных данных")),
    ("partner.saved", gettext_lazy("Изменены данные партнёра")),
    ("partner.added", gettext_lazy("Добавлен партнёр")),
    ("partner.deleted", gettext_lazy("Удалён партнёр")),
    ("matching.run", gettext_lazy("Выполнен подбор пар")),
    ("suggestion.rejected", gettext_lazy("Отклонено предложение подбора")),
    ("suggestion.mentee_dropped", gettext_lazy("Наставляемый убран из предложения и остался без пары")),
    ("pair.proposed", gettext_lazy("Предложена пара/группа")),
    ("pair.updated", gettext_lazy("Изменена пара/группа")),
    ("pair.rejected", gettext_lazy("Пара отклонена")),
    ("pair.started", gettext_lazy("Пара начала работу")),
    ("pair.completed", gettext_lazy("Пара завершила работу")),
    ("pair.terminated", gettext_lazy("Работа пары прекращена")),
    ("pair.mentee_removed", gettext_lazy("Наставляемый выведен из группы")),
    ("pair.members_changed", gettext_lazy("Изменён состав пары/группы")),
    ("pair.change_fixed", gettext_lazy("Новый состав пары закреплён приказом")),
    ("plan_amendment.proposed", gettext_lazy("Предложено изменение утверждённого плана")),
    ("plan_amendment.approved", gettext_lazy("Утверждено изменение индивидуального плана")),
    ("plan_amendment.rejected", gettext_lazy("Отклонено изменение индивидуального плана")),
    ("plan.created", gettext_lazy("Составлен индивидуальный план")),
    ("plan.approved", gettext_lazy("Утверждён индивидуальный план")),
    ("plan_item.saved", gettext_lazy("Изменён пункт плана")),
    ("plan_item.done", gettext_lazy("Отмечено выполнение пункта плана")),
    ("plan_item.deleted", gettext_lazy("Удалён пункт плана")),
    ("meeting.created", gettext_lazy("Записана встреча")),
    ("support.noted", gettext_lazy("Отмечена психолого-педагогическая поддержка")),
    ("excel.imported", gettext_lazy("Загружены данные из Excel")),
]:
    audit_labels.register(_code, _label)


def consented_person_ids(organisation: Organisation, person_ids: Iterable[int]) -> set[int]:
    """Who among these people has a valid consent given to an organisation of this municipality (a mentor
    from a neighbouring school gave theirs to their own school)."""
    return set(
        Consent.objects.filter(
            person_id__in=list(person_ids),
            withdrawn_on__isnull=True,
            organisation__municipality_id=organisation.municipality_id,
        ).values_list("person_id", flat=True)
    )


def _require_consent(organisation: Organisation, people: Iterable[Person]) -> None:
    people = list(people)
    consented = consented_person_ids(organisation, [person.pk for person in people])
    missing = [person.short_name for person in people if person.pk not in consented]
    if missing:
        raise ValidationError(
            _(
                "Нет действующего согласия на обработку персональных данных: %(names)s. Без него человека "
                "нельзя включить в пару."
            )
            % {"names": ", ".join(missing)}
        )


MENTOR_FIELDS = (
    "status",
    "capacity",
    "experience_note",
    "training_date",
    "training_course",
    "training_hours",
    "trained",
    "interview_done",
    "intake_notes",
)


MENTEE_FIELDS = ("category", "status", "requests", "preferred_form", "notes")


def _tags_change(current: Iterable[Competency], wanted: Iterable[Competency]) -> dict[str, Any] | None:
    before, after = {c.name for c in current}, {c.name for c in wanted}
    if before == after:
        return None
    return {"added": sorted(after - before), "removed": sorted(before - after)}


_Profile = TypeVar("_Profile", MentorProfile, MenteeProfile)


def _base_record_save(
    *,
    model: type[_Profile],
    organisation: Organisation,
    person: Person,
    actor: Actor,
    data: dict[str, Any],
    tags_field: str,
    tags: Iterable[Competency] | None,
    action: str,
    defaults_when_created: dict[str, Any],
    check: Callable[[], None] | None = None,
) -> _Profile:
    """Create or change a person's record in the mentor or the mentee base, with its catalogue tags, and
    log what changed under `<action>.added` / `<action>.saved`."""
    profile = model.objects.select_for_update().filter(organisation=organisation, person=person).first()
    created = profile is None
    if profile is None:
        profile = model(organisation=organisation, person=person)
        data = {**defaults_when_created, **data}
        changes = {name: value for name, value in data.items() if value not in ("", None)}
    else:
        changes = field_changes(profile, data)
    for name, value in data.items():
        setattr(profile, name, value)
    if check is not None:
        check()
    profile.full_clean(exclude=["organisation", "person"])
    profile.save()
    if tags is not None:
        tags = list(tags)
        manager = getattr(profile, tags_field)
        tag_changes = _tags_change(manager.all() if not created else [], tags)
        manager.set(tags)
        if tag_changes:
            changes[tags_field] = tag_changes
    if changes or created:
        audit_entry_create(
            actor=actor,
            organisation=organisation,
            action=f"{action}.added" if created else f"{action}.saved",
            target=profile,
            changes=changes,
        )
    return profile


@transaction.atomic
def mentor_profile_save(
    *,
    organisation: Organisation,
    person: Person,
    actor: Actor,
    data: dict[str, Any],
    competencies: Iterable[Competency] | None = None,
) -> MentorProfile:
    """Put a person of the organisation into its mentor base, or change their record there."""
    _require_member(organisation, person)
    data = {name: data[name] for name in MENTOR_FIELDS if name in data}
    if data.get("training_date") and "trained" not in data:
        data["trained"] = True

    def consent_for_work() -> None:
        if data.get("status") in (MentorProfile.Status.READY, MentorProfile.Status.ACTIVE):
            _require_consent(organisation, [person])

    return _base_record_save(
        model=MentorProfile,
        organisation=organisation,
        person=person,
        actor=actor,
        data=data,
        tags_field="competencies",
        tags=competencies,
        action="mentor",
        defaults_when_created={},
        check=consent_for_work,
    )


@transaction.atomic
def mentee_profile_save(
    *,
    organisation: Organisation,
    person: Person,
    actor: Actor,
    data: dict[str, Any],
    request_tags: Iterable[Competency] | None = None,
) -> MenteeProfile:
    """Put a person of the organisation into its mentee base, or change their record there."""
    _require_member(organisation, person)
    data = {name: data[name] for name in MENTEE_FIELDS if name in data}
    student = person.kind == Person.Kind.STUDENT
    return _base_record_save(
        model=MenteeProfile,
        organisation=organisation,
        person=person,
        actor=actor,
        data=data,
        tags_field="request_tags",
        tags=request_tags,
        action="mentee",
        defaults_when_created={"category": MenteeProfile.Category.STUDENT} if student else {},
    )


@transaction.atomic
def consent_give(
    *,
    organisation: Organisation,
    person: Person,
    given_on: datetime.date,
    text_version: str,
    actor: Actor,
    file: UploadedFile[Any] | None = None,
) -> Consent:
    _require_member(organisation, person)
    if given_on > dates.today(organisation):
        raise ValidationError(_("Дата согласия не может быть в будущем."))
    if not text_version.strip():
        raise ValidationError(_("Укажите редакцию текста согласия."))
    if file is not None:
        validate_upload(file, UploadKind.SCAN)
    # Lock the person's row so that two clicks cannot record two valid consents.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    if Consent.objects.filter(organisation=organisation, person=person, withdrawn_on__isnull=True).exists():
        raise ValidationError(_("У человека уже есть действующее согласие."))
    consent = Consent(
        organisation=organisation,
        person=person,
        given_on=given_on,
        text_version=text_version.strip(),
        recorded_by=_user_or_none(actor),
    )
    if file is not None:
        consent.file = file
    consent.save()
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="consent.given",
        target=person,
        changes={"given_on": given_on, "text_version": consent.text_version},
    )
    return consent


def _close_open_pairs_of(organisation: Organisation, person: Person, *, actor: Actor, reason: str) -> None:
    """A person leaves the programme: their open pairs end (or they leave a group that goes on)."""
    ids = (
        organisation.pairs.open()
        .filter(models.Q(mentor=person) | models.Q(pair_mentees__mentee=person))
        .values_list("pk", flat=True)
    )
    # PostgreSQL locks no DISTINCT rows: find the pairs first, then lock them.
    for pair in organisation.pairs.select_for_update().filter(pk__in=list(ids)).order_by("pk"):
        others = pair.pair_mentees.exclude(mentee=person)
        if pair.mentor_id != person.pk and others.exists():
            pair.pair_mentees.filter(mentee=person).delete()
            audit_entry_create(
                actor=actor,
                organisation=organisation,
                action="pair.mentee_removed",
                target=pair,
                changes={"mentee": person.short_name, "reason": reason},
            )
            continue
        new_status = Pair.Status.REJECTED if pair.status == Pair.Status.PROPOSED else Pair.Status.TERMINATED
        pair.status = new_status
        pair.status_reason = reason
        pair.save(update_fields=["status", "status_reason", "updated_at"])
        audit_entry_create(
            actor=actor,
            organisation=organisation,
            action=f"pair.{new_status}",
            target=pair,
            changes={"reason": reason},
        )


@transaction.atomic
def consent_withdraw(
    *,
    organisation: Organisation,
    consent: Consent,
    withdrawn_on: datetime.date,
    actor: Actor,
    reason: str = "",
) -> Consent:
    """The person withdraws consent: they leave both bases and their open pairs, and it is logged."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk, organisation=organisation)
    if consent.withdrawn_on is not None:
        raise ValidationError(_("Это согласие уже отозвано."))
    if withdrawn_on < consent.given_on:
        raise ValidationError(_("Дата отзыва не может быть раньше даты согласия."))
    if withdrawn_on > dates.today(organisation):
        raise ValidationError(_("Дата отзыва не может быть в будущем."))
    consent.withdrawn_on = withdrawn_on
    consent.withdrawal_reason = reason
    consent.save(update_fields=["withdrawn_on", "withdrawal_reason"])
    person = consent.person
    archived = (
        MentorProfile.objects.filter(organisation=organisation, person=person)
        .exclude(status=MentorProfile.Status.ARCHIVED)
        .update(status=MentorProfile.Status.ARCHIVED)
    )
    finished = (
        MenteeProfile.objects.filter(organisation=organisation, person=person)
        .exclude(status=MenteeProfile.Status.FINISHED)
        .update(status=MenteeProfile.Status.FINISHED)
    )
    _close_open_pairs_of(organisation, person, actor=actor, reason=_("Отозвано согласие на обработку данных"))
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="consent.withdrawn",
        target=person,
        changes={
            "withdrawn_on": withdrawn_on,
            "reason": reason,
            "mentor_archived": bool(archived),
            "mentee_finished": bool(finished),
        },
    )
    return consent


PARTNER_FIELDS = ("name", "agreement_number", "agreement_date", "contact_person", "phone", "email", "notes")


@transaction.atomic
def partner_save(
    *, organisation: Organisation, actor: Actor, data: dict[str, Any], partner: Partner | None = None
) -> Partner:
    data = {name: data[name] for name in PARTNER_FIELDS if name in data}
    created = partner is None
    if partner is None:
        partner = Partner(organisation=organisation)
        changes = {name: value for name, value in data.items() if value not in ("", None)}
    else:
        if partner.organisation_id != organisation.pk:
            raise ValidationError(_("Партнёр не найден в этой организации."))
        changes = field_changes(partner, data)
    for name, value in data.items():
        setattr(partner, name, value)
    if organisation.partners.filter(name=partner.name).exclude(pk=partner.pk).exists():
        raise ValidationError(_("Партнёр с таким названием уже есть."))
    partner.full_clean(exclude=["organisation"])
    partner.save()
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="partner.added" if created else "partner.saved",
        target=partner,
        changes=changes,
    )
    return partner


@transaction.atomic
def partner_delete(*, organisation: Organisation, partner: Partner, actor: Actor) -> None:
    if partner.organisation_id != organisation.pk:
        raise ValidationError(_("Партнёр не найден в этой организации."))
    audit_entry_create(
        actor=actor, organisation=organisation, action="partner.deleted", changes={"name": partner.name}
    )
    partner.delete()


def _form_for(mentor: Person, mentees: list[Person], preferred: set[int]) -> MentoringForm | None:
    """The form of a suggested pair: the mentees' shared preferred form, else from who mentors whom."""
    if len(preferred) == 1:
        form = MentoringForm.objects.filter(pk=next(iter(preferred))).first()
        if form:
            return form
    if mentor.kind == Person.Kind.STUDENT:
        code = "student-student"
    elif all(mentee.kind == Person.Kind.STUDENT for mentee in mentees):
        code = "teacher-student"
    else:
        code = "teacher-teacher"
    return MentoringForm.objects.filter(code=code).first() or MentoringForm.objects.order_by("order").first()


@transaction.atomic
def matching_run(*, organisation: Organisation, actor: Actor, across_municipality: bool = False) -> MatchRun:
    """Suggest pairs and groups for every mentee of the base still without one; store the suggestions (the
    previous run's undecided ones are dropped) and mark those left over as «без пары»."""
    from mentoring.programme import matching, selectors

    pool = selectors.matching_pool(organisation, across_municipality=across_municipality)
    result = matching.match(
        pool.mentors,
        pool.mentees,
        pool.preferences,
        competency_names=pool.competency_names,
        across_organisations=across_municipality,
    )
    MatchSuggestion.objects.filter(organisation=organisation, status=MatchSuggestion.Status.OPEN).delete()
    run = MatchRun.objects.create(
        organisation=organisation,
        created_by=_user_or_none(actor),
        across_municipality=across_municipality,
        mentors_count=len(pool.mentors),
        mentees_count=len(pool.mentees),
        unmatched_count=len(result.unmatched),
    )
    for group in result.groups:
        suggestion = MatchSuggestion.objects.create(
            run=run, organisation=organisation, mentor_id=group.mentor_id, score=round(group.score, 1)
        )
        SuggestedMentee.objects.bulk_create(
            SuggestedMentee(
                suggestion=suggestion,
                mentee_id=cell.mentee_id,
                score=cell.score,
                reasons=list(cell.reasons),
                mutual=cell.mutual,
            )
            for cell in group.cells
        )
    matched = [cell.mentee_id for group in result.groups for cell in group.cells]
    organisation.mentee_profiles.filter(person_id__in=result.unmatched).update(
        status=MenteeProfile.Status.WITHOUT_PAIR
    )
    organisation.mentee_profiles.filter(
        person_id__in=matched, status=MenteeProfile.Status.WITHOUT_PAIR
    ).update(status=MenteeProfile.Status.CANDIDATE)
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="matching.run",
        target=run,
        changes={
            "mentors": len(pool.mentors),
            "mentees": len(pool.mentees),
            "suggested": len(matched),
            "unmatched": len(result.unmatched),
        },
    )
    return run


@transaction.atomic
def suggestion_accept(
    *,
    organisation: Organisation,
    suggestion_id: int,
    actor: Actor,
    mentee_ids: Iterable[int] | None = None,
    form: MentoringForm | None = None,
    goal: str = "",
) -> Pair:
    """The curator accepts a suggestion (possibly with fewer mentees): it becomes a proposed pair/group
    waiting for the director."""
    suggestion = (
        MatchSuggestion.objects.select_for_update()
        .select_related("mentor")
        .filter(organisation=organisation, pk=suggestion_id)
        .first()
    )
    if suggestion is None:
        raise ValidationError(_("Предложение не найдено."))
    if suggestion.status != MatchSuggestion.Status.OPEN:
        raise ValidationError(_("По этому предложению уже принято решение."))
    items = list(suggestion.items.select_related("mentee"))
    dropped: list[int] = []
    if mentee_ids is not None:
        wanted = set(mentee_ids)
        if not wanted <= {item.mentee_id for item in items}:
            raise ValidationError(_("Можно оставить только наставляемых из этого предложения."))
        dropped = [item.mentee_id for item in items if item.mentee_id not in wanted]
        items = [item for item in items if item.mentee_id in wanted]
    if not items:
        raise ValidationError(_("Оставьте хотя бы одного наставляемого."))
    mentees = [item.mentee for item in items]
    if form is None:
        preferred = set(
            organisation.mentee_profiles.filter(person__in=mentees, preferred_form__isnull=False).values_list(
                "preferred_form_id", flat=True
            )
        )
        form = _form_for(suggestion.mentor, mentees, preferred)
        if form is None:
            raise ValidationError(_("В справочнике нет ни одной формы наставничества."))
    pair = pair_create(
        organisation=organisation,
        mentor=suggestion.mentor,
        mentees=mentees,
        form=form,
        goal=goal,
        actor=actor,
    )
    suggestion.status = MatchSuggestion.Status.ACCEPTED
    suggestion.pair = pair
    suggestion.save(update_fields=["status", "pair"])
    _return_to_without_pair(organisation=organisation, mentee_ids=dropped, actor=actor)
    return pair


def _return_to_without_pair(*, organisation: Organisation, mentee_ids: Iterable[int], actor: Actor) -> None:
    """Mentees the curator dropped from a suggestion go back to «Остались без пары» (and so to the
    psychologist's list) instead of vanishing; one audit entry each."""
    mentee_ids = list(mentee_ids)
    if not mentee_ids:
        return
    profiles = list(
        organisation.mentee_profiles.filter(
            person_id__in=mentee_ids, status=MenteeProfile.Status.CANDIDATE
        ).select_related("person")
    )
    organisation.mentee_profiles.filter(pk__in=[profile.pk for profile in profiles]).update(
        status=MenteeProfile.Status.WITHOUT_PAIR
    )
    for profile in profiles:
        audit_entry_create(
            actor=actor,
            organisation=organisation,
            action="suggestion.mentee_dropped",
            target=profile.person,
        )


@transaction.atomic
def suggestion_reject(*, organisation: Organisation, suggestion_id: int, actor: Actor) -> MatchSuggestion:
    suggestion = (
        MatchSuggestion.objects.select_for_update()
        .filter(organisation=organisation, pk=suggestion_id)
        .first()
    )
    if suggestion is None:
        raise ValidationError(_("Предложение не найдено."))
    if suggestion.status != MatchSuggestion.Status.OPEN:
        raise ValidationError(_("По этому предложению уже принято решение."))
    suggestion.status = MatchSuggestion.Status.REJECTED
    suggestion.save(update_fields=["status"])
    audit_entry_create(
        actor=actor, organisation=organisation, action="suggestion.rejected", target=suggestion.mentor
    )
    _return_to_without_pair(
        organisation=organisation,
        mentee_ids=suggestion.items.values_list("mentee_id", flat=True),
        actor=actor,
    )
    return suggestion


@dataclass(frozen=True)
class BulkOutcome:
    """What a «for all» action did: how many it made and, for the rest, why not (in words)."""

    done: int
    refused: list[str]


def suggestions_accept_all(*, organisation: Organisation, run_id: int, actor: Actor) -> BulkOutcome:
    """«Принять все»: every still-open suggestion of this run becomes a proposed pair. A suggestion that
    cannot be accepted (no consent, no places) stays open with the reason; a second click finds nothing
    open and changes nothing."""
    run = organisation.match_runs.filter(pk=run_id).first()
    if run is None:
        raise ValidationError(_("Подбор не найден."))
    done = 0
    refused: list[str] = []
    open_ids = list(
        run.suggestions.filter(status=MatchSuggestion.Status.OPEN)
        .order_by("-score", "id")
        .values_list("pk", "mentor__last_name")
    )
    for suggestion_id, mentor_name in open_ids:
        if _in_own_transaction(
            functools.partial(
                suggestion_accept, organisation=organisation, suggestion_id=suggestion_id, actor=actor
            ),
            label=mentor_name,
            refused=refused,
        ):
            done += 1
    return BulkOutcome(done=done, refused=refused)


def _in_own_transaction(action: Callable[[], object], *, label: str, refused: list[str]) -> bool:
    """One item of a bulk action in its own transaction: True when it went through; a refusal is noted as
    «<label>: <reason>» and leaves that item (and only it) as it was."""
    try:
        with transaction.atomic():
            action()
    except ValidationError as error:
        refused.append(f"{label}: {' '.join(error.messages)}")
        return False
    return True


def plans_create_for_all(*, organisation: Organisation, actor: Actor) -> BulkOutcome:
    """«Создать планы для всех пар»: every open pair without a plan gets one from the active template of
    its form of mentoring. Pairs whose form has no template are named; a second click changes nothing."""
    templates: dict[int, PlanTemplate] = {}
    for template in PlanTemplate.objects.filter(is_active=True).prefetch_related("items").order_by("name"):
        templates.setdefault(template.form_id, template)
    done = 0
    refused: list[str] = []
    pairs = (
        organisation.pairs.filter(Pair.open_q(), plan__isnull=True)
        .select_related("mentor", "form", "organisation")
        .order_by("pk")
    )
    for pair in pairs:
        found = templates.get(pair.form_id)
        if found is None:
            refused.append(
                _("%(pair)s: нет шаблона плана для формы «%(form)s».") % {"pair": pair, "form": pair.form}
            )
            continue
        if _in_own_transaction(
            functools.partial(plan_create, pair=pair, actor=actor, template=found),
            label=str(pair),
            refused=refused,
        ):
            done += 1
    return BulkOutcome(done=done, refused=refused)


# status → the statuses a pair may move to from it
TRANSITIONS: dict[str, frozenset[str]] = {
    Pair.Status.PROPOSED: frozenset({Pair.Status.APPROVED, Pair.Status.REJECTED}),
    Pair.Status.APPROVED: frozenset({Pair.Status.ACTIVE, Pair.Status.TERMINATED}),
    Pair.Status.ACTIVE: frozenset({Pair.Status.COMPLETED, Pair.Status.TERMINATED}),
    Pair.Status.COMPLETED: frozenset(),
    Pair.Status.REJECTED: frozenset(),
    Pair.Status.TERMINATED: frozenset(),
}


def _check_transition(pair: Pair, target: str) -> None:
    if target not in TRANSITIONS[pair.status]:
        raise ValidationError(
            _("Пару в статусе «%(current)s» нельзя перевести в статус «%(target)s».")
            % {"current": pair.get_status_display(), "target": Pair.Status(target).label}
        )


def _check_pair_people(
    organisation: Organisation,
    *,
    mentor: Person,
    mentees: Sequence[Person],
    joining: Sequence[Person],
    pair: Pair | None = None,
) -> MentorProfile:
    """What a pair's people must be, at creation and when the curator changes them: the mentor in the base
    (their profile locked, so that two pairs made at once cannot overfill their places), the `joining`
    mentees in the base and in no other open pair, everyone's consent on file, and places for all `mentees`
    beside the mentor's other pairs (`pair`, the one changed, not counted)."""
    profile = _mentor_profile(organisation, mentor)
    if profile is None:
        raise ValidationError(
            _("%(name)s нет в базе наставников.")
            % {"name": declension.person_name(mentor, "gent", short=True)}
        )
    MentorProfile.objects.select_for_update().filter(pk=profile.pk).first()
    in_base = set(
        organisation.mentee_profiles.filter(person__in=joining)
        .exclude(status__in=MenteeProfile.CLOSED_STATUSES)
        .values_list("person_id", flat=True)
    )
    missing = [mentee.short_name for mentee in joining if mentee.pk not in in_base]
    if missing:
        raise ValidationError(_("Нет в базе наставляемых: %(names)s.") % {"names": ", ".join(missing)})
    _require_consent(organisation, [mentor, *mentees])
    other_pairs = PairMentee.objects.filter(Pair.open_q("pair__"), pair__organisation=organisation)
    if pair is not None:
        other_pairs = other_pairs.exclude(pair=pair)
    busy = set(other_pairs.filter(mentee__in=joining).values_list("mentee_id", flat=True))
    if busy:
        raise ValidationError(
            _("Уже в паре или группе: %(names)s.")
            % {"names": ", ".join(mentee.short_name for mentee in joining if mentee.pk in busy)}
        )
    taken = PairMentee.objects.filter(Pair.open_q("pair__"), pair__mentor=mentor)
    if pair is not None:
        taken = taken.exclude(pair=pair)
    count = taken.count()
    if count + len(mentees) > profile.capacity:
        raise ValidationError(
            _("У наставника %(name)s свободных мест: %(free)s, а наставляемых: %(count)s.")
            % {"name": mentor.short_name, "free": max(profile.capacity - count, 0), "count": len(mentees)}
        )
    return profile


def _mentor_profile(organisation: Organisation, mentor: Person) -> MentorProfile | None:
    return (
        MentorProfile.objects.filter(
            person=mentor, organisation__municipality_id=organisation.municipality_id
        )
        .exclude(status=MentorProfile.Status.ARCHIVED)
        .order_by(models.Case(models.When(organisation=organisation, then=0), default=1))
        .first()
    )


@transaction.atomic
def pair_create(
    *,
    organisation: Organisation,
    mentor: Person,
    mentees: Iterable[Person],
    form: MentoringForm,
    actor: Actor,
    goal: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
) -> Pair:
    """A proposed pair (one mentee) or group (several), waiting for the director's approval."""
    mentees = list({mentee.pk: mentee for mentee in mentees}.values())
    if not mentees:
        raise ValidationError(_("Выберите хотя бы одного наставляемого."))
    if any(mentee.pk == mentor.pk for mentee in mentees):
        raise ValidationError(_("Нельзя быть наставником самому себе."))
    if start_date and end_date and end_date < start_date:
        raise ValidationError(_("Окончание не может быть раньше начала."))
    _check_pair_people(organisation, mentor=mentor, mentees=mentees, joining=mentees)
    pair = Pair(
        organisation=organisation,
        mentor=mentor,
        form=form,
        goal=goal,
        start_date=start_date,
        end_date=end_date,
        status=Pair.Status.PROPOSED,
    )
    pair.full_clean()
    pair.save()
    PairMentee.objects.bulk_create(PairMentee(pair=pair, mentee=mentee) for mentee in mentees)
    organisation.mentee_profiles.filter(person__in=mentees).update(status=MenteeProfile.Status.IN_PAIR)
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="pair.proposed",
        target=pair,
        changes={"mentor": mentor.short_name, "mentees": [mentee.short_name for mentee in mentees]},
    )
    return pair


@transaction.atomic
def pair_update(*, organisation: Organisation, pair: Pair, actor: Actor, data: dict[str, Any]) -> Pair:
    pair = organisation.pairs.select_for_update().get(pk=pair.pk)
    if not pair.is_open:
        raise ValidationError(_("Завершённую, отклонённую или прекращённую пару изменить нельзя."))
    data = {name: data[name] for name in ("form", "goal", "start_date", "end_date") if name in data}
    changes = field_changes(pair, data)
    for name, value in data.items():
        setattr(pair, name, value)
    pair.full_clean()
    pair.save()
    if changes:
        audit_entry_create(
            actor=actor, organisation=organisation, action="pair.updated", target=pair, changes=changes
        )
    return pair


def _locked_pairs(organisation: Organisation, pair_ids: Iterable[int]) -> list[Pair]:
    pair_ids = sorted(set(pair_ids))
    if not pair_ids:
        raise ValidationError(_("Не выбрано ни одной пары."))
    pairs = list(organisation.pairs.select_for_update().filter(pk__in=pair_ids).order_by("pk"))
    if len(pairs) != len(pair_ids):
        raise ValidationError(_("Некоторые пары не найдены в этой организации."))
    return pairs


@transaction.atomic
def pairs_approve(
    *, organisation: Organisation, pair_ids: Iterable[int], actor: Actor, basis: str = ""
) -> list[Pair]:
    """The director approves proposed pairs/groups; `basis` names the order that fixes them, if any.

    All or nothing. The rows are locked first, so two approvals at once (two tabs, or an order signed twice)
    cannot approve one pair twice: the second sees the pair already approved and is refused as a whole.
    Everybody in the pairs must still have a valid consent."""
    pairs = _locked_pairs(organisation, pair_ids)
    not_proposed = [pair for pair in pairs if pair.status != Pair.Status.PROPOSED]
    if not_proposed:
        raise ValidationError(
            _("Утвердить можно только предложенные пары; уже рассмотрены: %(pairs)s")
            % {"pairs": ", ".join(str(pair) for pair in not_proposed)}
        )
    members = {pair.mentor_id: pair.mentor for pair in pairs}
    for link in PairMentee.objects.filter(pair__in=pairs).select_related("mentee"):
        members[link.mentee_id] = link.mentee
    _require_consent(organisation, members.values())
    now = timezone.now()
    for pair in pairs:
        pair.status = Pair.Status.APPROVED
        pair.approved_by = _user_or_none(actor)
        pair.approved_at = now
        pair.approval_basis = basis[:700]
        pair.save(update_fields=["status", "approved_by", "approved_at", "approval_basis", "updated_at"])
        audit_entry_create(
            actor=actor,
            organisation=organisation,
            action="pair.approved",
            target=pair,
            changes={"basis": basis} if basis else {},
        )
    MentorProfile.objects.filter(
        person_id__in=[pair.mentor_id for pair in pairs],
        organisation__municipality_id=organisation.municipality_id,
    ).exclude(status=MentorProfile.Status.ARCHIVED).update(status=MentorProfile.Status.ACTIVE)
    organisation.mentee_profiles.filter(person__pair_memberships__pair__in=pairs).update(
        status=MenteeProfile.Status.IN_PAIR
    )
    return pairs


@transaction.atomic
def pairs_reject(
    *, organisation: Organisation, pair_ids: Iterable[int], actor: Actor, reason: str
) -> list[Pair]:
    """The director rejects proposed pairs; their mentees return to the candidates."""
    if not reason.strip():
        raise ValidationError(_("Укажите причину отклонения."))
    pairs = _locked_pairs(organisation, pair_ids)
    for pair in pairs:
        _check_transition(pair, Pair.Status.REJECTED)
    for pair in pairs:
        pair.status = Pair.Status.REJECTED
        pair.status_reason = reason.strip()
        pair.save(update_fields=["status", "status_reason", "updated_at"])
        audit_entry_create(
            actor=actor,
            organisation=organisation,
            action="pair.rejected",
            target=pair,
            changes={"reason": reason},
        )
    organisation.mentee_profiles.filter(person__pair_memberships__pair__in=pairs).update(
        status=MenteeProfile.Status.CANDIDATE
    )
    return pairs


def _mentor_back_to_ready(organisation: Organisation, mentor_id: int) -> None:
    if not Pair.objects.working().filter(mentor_id=mentor_id).exists():
        MentorProfile.objects.filter(person_id=mentor_id, status=MentorProfile.Status.ACTIVE).update(
            status=MentorProfile.Status.READY
        )


@transaction.atomic
def pair_start(
    *, organisation: Organisation, pair: Pair, actor: Actor, start_date: datetime.date | None = None
) -> Pair:
    """An approved pair starts working (its first, organisational meeting)."""
    pair = organisation.pairs.select_for_update().get(pk=pair.pk)
    _check_transition(pair, Pair.Status.ACTIVE)
    pair.status = Pair.Status.ACTIVE
    pair.start_date = pair.start_date or start_date or dates.today(organisation)
    pair.full_clean()
    pair.save(update_fields=["status", "start_date", "updated_at"])
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="pair.started",
        target=pair,
        changes={"start_date": pair.start_date},
    )
    return pair


@transaction.atomic
def pair_complete(
    *, organisation: Organisation, pair: Pair, actor: Actor, end_date: datetime.date | None = None
) -> Pair:
    pair = organisation.pairs.select_for_update().get(pk=pair.pk)
    _check_transition(pair, Pair.Status.COMPLETED)
    pair.status = Pair.Status.COMPLETED
    pair.end_date = end_date or dates.today(organisation)
    pair.full_clean()
    pair.save(update_fields=["status", "end_date", "updated_at"])
    organisation.mentee_profiles.filter(person__pair_memberships__pair=pair).update(
        status=MenteeProfile.Status.FINISHED
    )
    _mentor_back_to_ready(organisation, pair.mentor_id)
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="pair.completed",
        target=pair,
        changes={"end_date": pair.end_date},
    )
    return pair


@transaction.atomic
def pair_terminate(*, organisation: Organisation, pair: Pair, actor: Actor, reason: str) -> Pair:
    """An approved or working pair stops early; the reason is required and kept."""
    if not reason.strip():
        raise ValidationError(_("Укажите причину прекращения работы пары."))
    pair = organisation.pairs.select_for_update().get(pk=pair.pk)
    _check_transition(pair, Pair.Status.TERMINATED)
    pair.status = Pair.Status.TERMINATED
    pair.status_reason = reason.strip()
    if pair.start_date:
        pair.end_date = max(dates.today(organisation), pair.start_date)
    pair.save(update_fields=["status", "status_reason", "end_date", "updated_at"])
    organisation.mentee_profiles.filter(person__pair_memberships__pair=pair).exclude(
        status=MenteeProfile.Status.FINISHED
    ).update(status=MenteeProfile.Status.WITHOUT_PAIR)
    _mentor_back_to_ready(organisation, pair.mentor_id)
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="pair.terminated",
        target=pair,
        changes={"reason": reason},
    )
    return pair


def plan_last_due_date(*, pair: Pair, start: datetime.date) -> datetime.date:
    """The latest deadline a template may give: the end of the school year the pair starts in, or the
    pair's own end if that comes first. Template deadlines count from the pair's start and never pass it."""
    last = dates.AcademicYear.of(start).end
    if pair.end_date and start <= pair.end_date < last:
        last = pair.end_date
    return last


@transaction.atomic
def plan_create(*, pair: Pair, actor: Actor, template: PlanTemplate | None = None) -> Plan:
    """The pair's individual plan, empty or started from a template of its form of mentoring."""
    Pair.objects.select_for_update().filter(pk=pair.pk).first()
    if Plan.objects.filter(pair=pair).exists():
        raise ValidationError(_("У пары уже есть индивидуальный план."))
    if not pair.is_open:
        raise ValidationError(_("План составляют для действующей пары."))
    plan = Plan.objects.create(pair=pair, template=template)
    if template is not None:
        start = pair.start_date or dates.today(pair.organisation)
        last = plan_last_due_date(pair=pair, start=start)
        PlanItem.objects.bulk_create(
            PlanItem(
                plan=plan,
                order=item.order,
                title=item.title,
                expected_result=item.expected_result,
                due_date=min(start + datetime.timedelta(days=item.due_offset_days), last),
            )
            for item in template.items.all()
        )
    audit_entry_create(
        actor=actor,
        organisation=pair.organisation,
        action="plan.created",
        target=pair,
        changes={"template": template.name} if template else {},
    )
    return plan


PLAN_ITEM_FIELDS = ("title", "due_date", "expected_result", "evidence_link", "order")

PLAN_APPROVED_READ_ONLY = gettext_lazy(
    "Индивидуальный план утверждён директором: пункты нельзя добавить, изменить или удалить напрямую. "
    "Предложите изменение — его утверждает директор."
)


def _require_plan_editable(plan: Plan) -> Plan:
    """Lock the plan's row and refuse when it is approved: its items change only through an amendment."""
    plan = Plan.objects.select_for_update().select_related("pair__organisation").get(pk=plan.pk)
    if plan.approved_at is not None:
        raise ValidationError(PLAN_APPROVED_READ_ONLY)
    return plan


@transaction.atomic
def plan_item_save(
    *, plan: Plan, actor: Actor, data: dict[str, Any], item: PlanItem | None = None
) -> PlanItem:
    plan = _require_plan_editable(plan)
    data = {name: data[name] for name in PLAN_ITEM_FIELDS if name in data}
    if item is None:
        item = PlanItem(plan=plan)
        if "order" not in data:
            last = plan.items.aggregate(models.Max("order"))["order__max"] or 0
            data["order"] = last + 10
        changes = {name: value for name, value in data.items() if value not in ("", None)}
    else:
        if item.plan_id != plan.pk:
            raise ValidationError(_("Пункт не из этого плана."))
        changes = field_changes(item, data)
    for name, value in data.items():
        setattr(item, name, value)
    item.updated_by = _user_or_none(actor)
    item.full_clean(exclude=["plan"])
    item.save()
    if changes:
        audit_entry_create(
            actor=actor,
            organisation=plan.pair.organisation,
            action="plan_item.saved",
            target=item,
            changes=changes,
        )
    return item


@transaction.atomic
def plan_item_set_done(
    *,
    item: PlanItem,
    done: bool,
    actor: Actor,
    done_on: datetime.date | None = None,
    evidence_link: str | None = None,
    evidence_file: UploadedFile[Any] | None = None,
) -> PlanItem:
    """Tick (or untick) a plan item, with its evidence. Ticking twice is harmless."""
    item = PlanItem.objects.select_for_update().select_related("plan__pair__organisation").get(pk=item.pk)
    today = dates.today(item.plan.pair.organisation)
    if done and done_on and done_on > today:
        raise ValidationError(_("Дата выполнения не может быть в будущем."))
    if evidence_file is not None:
        validate_upload(evidence_file, UploadKind.EVIDENCE)
        item.evidence_file = evidence_file
    if evidence_link is not None:
        item.evidence_link = evidence_link
    before = item.done
    item.done = done
    item.done_on = (done_on or item.done_on or today) if done else None
    item.updated_by = _user_or_none(actor)
    item.full_clean(exclude=["plan"])
    item.save()
    if before != done or evidence_file is not None:
        audit_entry_create(
            actor=actor,
            organisation=item.plan.pair.organisation,
            action="plan_item.done",
            target=item,
            changes={"done": [before, done]},
        )
    return item


@transaction.atomic
def plan_item_delete(*, item: PlanItem, actor: Actor) -> None:
    _require_plan_editable(item.plan)
    organisation = item.plan.pair.organisation
    audit_entry_create(
        actor=actor, organisation=organisation, action="plan_item.deleted", changes={"title": item.title}
    )
    item.delete()


@transaction.atomic
def plan_approve(*, plan: Plan, actor: Actor) -> Plan:
    """The director approves the plan; approving an approved plan again changes nothing."""
    plan = Plan.objects.select_for_update().select_related("pair__organisation").get(pk=plan.pk)
    if plan.approved_at is not None:
        return plan
    if not plan.items.exists():
        raise ValidationError(_("В плане нет ни одного пункта."))
    plan.approved_by = _user_or_none(actor)
    plan.approved_at = timezone.now()
    plan.save(update_fields=["approved_by", "approved_at"])
    audit_entry_create(
        actor=actor, organisation=plan.pair.organisation, action="plan.approved", target=plan.pair
    )
    return plan


MEETING_IN_FUTURE = gettext_lazy("Встреча ещё не прошла: записать можно только проведённую встречу.")


@transaction.atomic
def meeting_create(
    *, pair: Pair, actor: Actor, data: dict[str, Any], attendees: Iterable[Person] = ()
) -> Meeting:
    if not pair.is_working:
        raise ValidationError(_("Встречи записывают для утверждённой или работающей пары."))
    members = {pair.mentor_id, *pair.pair_mentees.values_list("mentee_id", flat=True)}
    attendees = list(attendees)
    if any(person.pk not in members for person in attendees):
        raise ValidationError(_("Отметить можно только участников пары."))
    date = data.get("date")
    if date and date > dates.today(pair.organisation):
        # A meeting is recorded once it is held; as with support notes, a future date is refused.
        raise ValidationError(MEETING_IN_FUTURE)
    if date and pair.start_date and date < pair.start_date - datetime.timedelta(days=60):
        raise ValidationError(_("Дата встречи намного раньше начала работы пары."))
    meeting = Meeting(
        pair=pair,
        kind=data.get("kind") or Meeting.Kind.REGULAR,
        date=date,  # type: ignore[misc]  # None: full_clean() below says the date is required
        topic=(data.get("topic") or "").strip(),
        notes=data.get("notes", ""),
        created_by=_user_or_none(actor),
    )
    meeting.full_clean(exclude=["pair"])
    meeting.save()
    meeting.attendees.set(attendees)
    if pair.status == Pair.Status.APPROVED and meeting.date <= dates.today():
        pair_start(organisation=pair.organisation, pair=pair, actor=actor, start_date=meeting.date)
    audit_entry_create(
        actor=actor,
        organisation=pair.organisation,
        action="meeting.created",
        target=pair,
        changes={"date": meeting.date, "kind": meeting.get_kind_display(), "topic": meeting.topic},
    )
    return meeting


@transaction.atomic
def support_note_create(
    *, organisation: Organisation, mentee: Person, actor: Actor, date: datetime.date, note: str
) -> SupportNote:
    if not organisation.mentee_profiles.filter(person=mentee).exists():
        raise ValidationError(_("Этого человека нет в базе наставляемых."))
    if date > dates.today(organisation):
        raise ValidationError(_("Дата не может быть в будущем."))
    if not note.strip():
        raise ValidationError(_("Опишите, какая поддержка оказана."))
    support = SupportNote.objects.create(
        organisation=organisation, mentee=mentee, date=date, note=note.strip(), author=_user_or_none(actor)
    )
    audit_entry_create(
        actor=actor, organisation=organisation, action="support.noted", target=mentee, changes={"date": date}
    )
    return support


# --- Amendments to an approved plan ------------------------------------------------------------------------


def _amendment_same(amendment: PlanAmendment, other: PlanAmendment) -> bool:
    return (amendment.kind, amendment.item_id, amendment.title, amendment.due_date, amendment.reason) == (
        other.kind,
        other.item_id,
        other.title,
        other.due_date,
        other.reason,
    )


@transaction.atomic
def plan_amendment_propose(
    *,
    plan: Plan,
    actor: Actor,
    kind: str,
    reason: str,
    item: PlanItem | None = None,
    title: str = "",
    due_date: datetime.date | None = None,
) -> PlanAmendment:
    """The mentor, a mentee or the curator proposes a change to an approved plan; the director decides.
    The same proposal sent twice (a double click) is recorded once."""
    plan = Plan.objects.select_for_update().select_related("pair__organisation").get(pk=plan.pk)
    if plan.approved_at is None:
        raise ValidationError(_("План ещё не утверждён: пункты можно изменить напрямую."))
    if not plan.pair.is_open:
        raise ValidationError(_("Пара завершила или прекратила работу: её план больше не меняют."))
    if kind not in PlanAmendment.Kind.values:
        raise ValidationError(_("Выберите, что изменить в плане."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Укажите причину изменения плана."))
    title = title.strip()
    if kind == PlanAmendment.Kind.ADD:
        item = None
        if not title:
            raise ValidationError(_("Укажите название нового пункта."))
    else:
        if item is None or item.plan_id != plan.pk:
            raise ValidationError(_("Выберите пункт этого плана."))
        if kind == PlanAmendment.Kind.REMOVE:
            title, due_date = "", None
        elif (not title or title == item.title) and (due_date is None or due_date == item.due_date):
            raise ValidationError(_("Укажите новое название или новый срок пункта."))
    if due_date is not None and plan.pair.start_date and due_date < plan.pair.start_date:
        raise ValidationError(_("Срок не может быть раньше начала работы пары."))
    amendment = PlanAmendment(
        plan=plan,
        proposed_by=_user_or_none(actor),
        kind=kind,
        item=item,
        item_title=item.title if item is not None else "",
        title=title,
        due_date=due_date,
        reason=reason,
    )
    amendment.full_clean(exclude=["plan", "item", "proposed_by"])
    for pending in plan.amendments.filter(status=PlanAmendment.Status.PENDING):
        if _amendment_same(pending, amendment):
            return pending
    amendment.save()
    audit_entry_create(
        actor=actor,
        organisation=plan.pair.organisation,
        action="plan_amendment.proposed",
        target=plan.pair,
        changes=_amendment_changes(amendment),
    )
    return amendment


def _amendment_changes(amendment: PlanAmendment, item: PlanItem | None = None) -> dict[str, Any]:
    """What the amendment changes, for the audit: the kind, the item, title and deadline before → after."""
    changes: dict[str, Any] = {"kind": amendment.get_kind_display(), "reason": amendment.reason}
    if amendment.kind == PlanAmendment.Kind.ADD:
        changes["title"] = amendment.title
        if amendment.due_date:
            changes["due_date"] = amendment.due_date
        return changes
    changes["item"] = amendment.item_title
    if amendment.kind == PlanAmendment.Kind.CHANGE:
        old_title = item.title if item is not None else amendment.item_title
        old_due = item.due_date if item is not None else None
        if amendment.title and amendment.title != old_title:
            changes["title"] = [old_title, amendment.title]
        if amendment.due_date and amendment.due_date != old_due:
            changes["due_date"] = [old_due, amendment.due_date]
    return changes


@transaction.atomic
def plan_amendment_decide(
    *, amendment: PlanAmendment, actor: Actor, approve: bool, comment: str = ""
) -> PlanAmendment:
    """The director approves the amendment (the change is applied to the plan at once) or rejects it (the
    plan stays as it is). The rows are locked: a second decision on the same amendment is refused."""
    amendment = PlanAmendment.objects.select_for_update().get(pk=amendment.pk)
    plan = Plan.objects.select_for_update().select_related("pair__organisation").get(pk=amendment.plan_id)
    organisation = plan.pair.organisation
    if not amendment.is_pending:
        raise ValidationError(_("По этому предложению уже принято решение."))
    comment = comment.strip()[:1000]
    item = None
    if amendment.kind != PlanAmendment.Kind.ADD and amendment.item_id is not None:
        item = PlanItem.objects.select_for_update().filter(pk=amendment.item_id, plan=plan).first()
    if amendment.kind != PlanAmendment.Kind.ADD and item is None and approve:
        raise ValidationError(_("Пункта, который предлагали изменить, в плане уже нет."))
    changes = _amendment_changes(amendment, item)
    if approve:
        if amendment.kind == PlanAmendment.Kind.ADD:
            last = plan.items.aggregate(models.Max("order"))["order__max"] or 0
            item = PlanItem(
                plan=plan,
                order=last + 10,
                title=amendment.title,
                due_date=amendment.due_date,
                updated_by=_user_or_none(actor),
            )
            item.full_clean(exclude=["plan"])
            item.save()
            amendment.item = item
        elif amendment.kind == PlanAmendment.Kind.CHANGE and item is not None:
            item.title = amendment.title or item.title
            item.due_date = amendment.due_date or item.due_date
            item.updated_by = _user_or_none(actor)
            item.full_clean(exclude=["plan"])
            item.save()
    amendment.status = PlanAmendment.Status.APPROVED if approve else PlanAmendment.Status.REJECTED
    amendment.decided_by = _user_or_none(actor)
    amendment.decided_at = timezone.now()
    amendment.decision_comment = comment
    amendment.save()
    if approve and amendment.kind == PlanAmendment.Kind.REMOVE and item is not None:
        # Other proposals about the removed item have nothing left to change.
        plan.amendments.filter(item=item, status=PlanAmendment.Status.PENDING).update(
            status=PlanAmendment.Status.REJECTED,
            decided_by=_user_or_none(actor),
            decided_at=amendment.decided_at,
            decision_comment=_("Пункт убран из плана другим изменением."),
        )
        item.delete()
    if comment:
        changes["comment"] = comment
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="plan_amendment.approved" if approve else "plan_amendment.rejected",
        target=plan.pair,
        changes=changes,
    )
    return amendment


# --- The curator changes a pair's people ------------------------------------------------------------------


def _composition(mentor: Person, mentees: Iterable[Person]) -> dict[str, Any]:
    return {
        "mentor": mentor.short_name,
        "mentees": sorted(mentee.short_name for mentee in mentees),
    }


@transaction.atomic
def pair_members_change(
    *,
    organisation: Organisation,
    pair: Pair,
    actor: Actor,
    mentor: Person,
    mentees: Iterable[Person],
    reason: str,
) -> PairChange:
    """The curator replaces a pair's mentor or changes its mentees. The newcomers pass the checks of a new
    pair (in the bases, consent to personal-data processing, not in another pair, the mentor's places), and
    a staff mentor of an approved pair needs the written consent of ст. 351.8 ТК РФ. A pair already fixed by
    a signed order is marked as waiting for a new order; the audit names the people before and after."""
    from mentoring.programme import labour

    pair = organisation.pairs.select_for_update().select_related("mentor", "form").get(pk=pair.pk)
    if not pair.is_open:
        raise ValidationError(_("Состав завершённой, отклонённой или прекращённой пары изменить нельзя."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Укажите причину изменения состава пары."))
    mentees = list({mentee.pk: mentee for mentee in mentees}.values())
    if not mentees:
        raise ValidationError(_("Выберите хотя бы одного наставляемого."))
    if any(mentee.pk == mentor.pk for mentee in mentees):
        raise ValidationError(_("Нельзя быть наставником самому себе."))
    old_links = list(pair.pair_mentees.select_related("mentee"))
    old_mentees = [link.mentee for link in old_links]
    old_ids = {mentee.pk for mentee in old_mentees}
    new_ids = {mentee.pk for mentee in mentees}
    mentor_changed = mentor.pk != pair.mentor_id
    if not mentor_changed and old_ids == new_ids:
        raise ValidationError(_("Состав пары не изменился."))
    added = [mentee for mentee in mentees if mentee.pk not in old_ids]
    removed = [mentee for mentee in old_mentees if mentee.pk not in new_ids]
    profile = _check_pair_people(organisation, mentor=mentor, mentees=mentees, joining=added, pair=pair)
    before = _composition(pair.mentor, old_mentees)
    old_mentor_id = pair.mentor_id
    pair.mentor = mentor
    pair.save(update_fields=["mentor", "updated_at"])
    pair.pair_mentees.filter(mentee__in=removed).delete()
    PairMentee.objects.bulk_create(PairMentee(pair=pair, mentee=mentee) for mentee in added)
    # ст. 351.8 ТК РФ: once the pair is approved, a staff mentor works only with their written consent (the
    # pairs order asks for it, with the additional agreement, when a proposed pair is fixed).
    pair = (
        organisation.pairs.select_related("mentor", "form")
        .prefetch_related("pair_mentees__mentee")
        .get(pk=pair.pk)
    )
    staff_mentor = mentor_changed and pair.is_established and labour.is_staff_mentor(pair)
    if staff_mentor and labour.mentoring_consent_of(organisation, mentor) is None:
        raise ValidationError(
            _(
                "По ст. 351.8 ТК РФ наставничество работника возможно только с его письменного согласия: "
                "у %(name)s оно не записано."
            )
            % {"name": declension.person_name(mentor, "gent", short=True)}
        )
    back_status = (
        MenteeProfile.Status.CANDIDATE
        if pair.status == Pair.Status.PROPOSED
        else MenteeProfile.Status.WITHOUT_PAIR
    )
    organisation.mentee_profiles.filter(person__in=removed).exclude(
        status__in=MenteeProfile.CLOSED_STATUSES
    ).update(status=back_status)
    organisation.mentee_profiles.filter(person__in=added).update(status=MenteeProfile.Status.IN_PAIR)
    if mentor_changed:
        if pair.is_working:
            MentorProfile.objects.filter(pk=profile.pk).exclude(status=MentorProfile.Status.ARCHIVED).update(
                status=MentorProfile.Status.ACTIVE
            )
        _mentor_back_to_ready(organisation, old_mentor_id)
    after = _composition(mentor, mentees)
    change = PairChange.objects.create(
        organisation=organisation,
        pair=pair,
        changed_by=_user_or_none(actor),
        before=before,
        after=after,
        reason=reason,
        needs_order=bool(pair.approval_basis),
        fixed_by=pair.approval_basis,
    )
    changes: dict[str, Any] = {"reason": reason}
    if mentor_changed:
        changes["mentor"] = [before["mentor"], after["mentor"]]
    if old_ids != new_ids:
        changes["mentees"] = [before["mentees"], after["mentees"]]
    if change.needs_order:
        changes["needs_order"] = pair.approval_basis
    audit_entry_create(
        actor=actor, organisation=organisation, action="pair.members_changed", target=pair, changes=changes
    )
    return change


@transaction.atomic
def pair_changes_settle(
    *, organisation: Organisation, pair_ids: Iterable[int], actor: Actor, basis: str
) -> list[Pair]:
    """A new signed pairs order fixes the changed pairs: their changes no longer wait for an order, and the
    order becomes the pair's basis. Called by the reports app when the director signs."""
    pairs = _locked_pairs(organisation, pair_ids)
    now = timezone.now()
    for pair in pairs:
        waiting = PairChange.objects.filter(pair=pair, needs_order=True, settled_at__isnull=True)
        if not waiting.update(settled_by=basis[:700], settled_at=now):
            raise ValidationError(
                _("Состав пары %(pair)s не менялся после приказа: закреплять его заново не нужно.")
                % {"pair": pair}
            )
        pair.approval_basis = basis[:700]
        pair.save(update_fields=["approval_basis", "updated_at"])
        audit_entry_create(
            actor=actor,
            organisation=organisation,
            action="pair.change_fixed",
            target=pair,
            changes={"basis": basis},
        )
    return pairs

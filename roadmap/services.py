"""State changes of the roadmap app. Each checks its rules, writes in one transaction, and leaves an audit
entry with the changed fields, which is the roadmap's history («кто, когда, что»)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from common import dates
from common.uploads import UploadKind, validate_upload
from mentoring.models import Organisation, Person
from mentoring.organisations.services import audit_entry_create, field_changes
from mentoring.organisations.types import Actor

from . import catalog
from .deadlines import academic_year_start, parse_deadline, shift_date, shift_years
from .importing import ParsedRoadmap
from .models import (
    Activity,
    Attendance,
    CalendarToken,
    Event,
    Evidence,
    Publication,
    Roadmap,
    Stage,
    new_calendar_token,
    validate_academic_year,
)
from .responsible import people_in_text, roles_in_text

ROADMAP_FIELDS = ("title", "academic_year", "preamble", "approver_position", "approver_name")
STAGE_FIELDS = ("number", "title", "task", "expected_result")
ACTIVITY_FIELDS = (
    "number",
    "title",
    "deadline_text",
    "due_date",
    "recurrence",
    "responsible_text",
    "responsible_roles",
    "participants",
    "result",
    "indicator_text",
    "indicator_code",
    "comments",
)


def _organisation_of(roadmap: Roadmap) -> Organisation | None:
    return roadmap.organisation


def _audit(
    actor: Actor,
    roadmap: Roadmap,
    action: str,
    target: models.Model | None,
    changes: dict[str, Any] | None = None,
) -> None:
    audit_entry_create(
        actor=actor, organisation=_organisation_of(roadmap), action=action, target=target, changes=changes
    )


def _people_scope(roadmap: Roadmap) -> dict[str, Any]:
    """Whom a roadmap may name: its organisation's people, or for a municipal plan the municipality's."""
    if roadmap.organisation_id:
        return {"memberships__organisation_id": roadmap.organisation_id}
    return {"memberships__organisation__municipality_id": roadmap.municipality_id}


def _staff(roadmap: Roadmap) -> list[Person]:
    return list(Person.objects.filter(kind=Person.Kind.STAFF, **_people_scope(roadmap)).distinct())


def _owner(organisation: Organisation, municipal: bool) -> dict[str, Any]:
    """A municipal centre may keep the municipality's plan: then the municipality owns the roadmap."""
    if municipal:
        if organisation.kind != Organisation.Kind.MUNICIPAL_CENTRE:
            raise ValidationError(_("План муниципалитета ведёт только муниципальный центр наставничества."))
        return {"organisation": None, "municipality": organisation.municipality}
    return {"organisation": organisation, "municipality": None}


# --- Roadmaps -------------------------------------------------------------------------------------------


def _check_year(academic_year: str) -> str:
    academic_year = (academic_year or "").strip()
    validate_academic_year(academic_year)
    return academic_year


@transaction.atomic
def roadmap_create(
    *,
    organisation: Organisation,
    actor: Actor,
    academic_year: str,
    title: str,
    preamble: str = "",
    municipal: bool = False,
) -> Roadmap:
    roadmap = Roadmap(
        **_owner(organisation, municipal),
        academic_year=_check_year(academic_year),
        title=title.strip() or _("План мероприятий (дорожная карта) внедрения целевой модели наставничества"),
        preamble=preamble,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    roadmap.full_clean()
    roadmap.save()
    _audit(actor, roadmap, "roadmap.created", roadmap, {"academic_year": roadmap.academic_year})
    return roadmap


def _build(
    roadmap: Roadmap,
    structure: dict[str, Any],
    *,
    year_shift: int,
    people: list[Person],
    old_due: dict[int, datetime.date | None] | None = None,
) -> tuple[int, int]:
    """Write the stages and activities of `structure` (the template shape) into an empty roadmap. Every
    object is validated before anything is written, so a bad row leaves nothing behind."""
    stages: list[Stage] = []
    activities: list[tuple[int, Activity, list[Person]]] = []
    errors: list[str] = []
    for stage_index, stage_data in enumerate(structure.get("stages", [])):
        stage = Stage(
            roadmap=roadmap,
            order=stage_index,
            number=(stage_data.get("number") or "")[:20],
            title=(stage_data.get("title") or "").strip() or _("Мероприятия"),
            task=stage_data.get("task") or "",
            expected_result=stage_data.get("expected_result") or "",
        )
        try:
            stage.full_clean(exclude=["roadmap"])
        except ValidationError as error:
            errors.append(_("Раздел «%(title)s»: %(error)s") % {"title": stage.title[:60], "error": error})
        stages.append(stage)
        for activity_index, data in enumerate(stage_data.get("activities", [])):
            deadline_text = shift_years(data.get("deadline") or "", year_shift)
            parsed = parse_deadline(deadline_text, roadmap.academic_year)
            due_date = parsed.due_date
            if due_date is None and old_due is not None and data.get("due_date"):
                due_date = shift_date(datetime.date.fromisoformat(data["due_date"]), year_shift)
            responsible = (data.get("responsible") or "").strip()
            activity = Activity(
                order=activity_index,
                number=(data.get("number") or "")[:20],
                title=(data.get("title") or "").strip(),
                deadline_text=deadline_text[:255],
                due_date=due_date,
                recurrence=parsed.recurrence,
                responsible_text=responsible[:1000],
                responsible_roles=",".join(roles_in_text(responsible)),
                participants=data.get("participants") or "",
                result=data.get("result") or "",
                indicator_text=data.get("indicator") or "",
                indicator_code=data.get("indicator_code") or "",
                comments=data.get("comments") or "",
            )
            if not activity.title:
                errors.append(
                    _("Мероприятие %(number)s в разделе «%(stage)s» без названия.")
                    % {"number": activity.number or activity_index + 1, "stage": stage.title[:60]}
                )
                continue
            try:
                activity.full_clean(exclude=["stage"])
            except ValidationError as error:
                errors.append(
                    _("Мероприятие «%(title)s»: %(error)s") % {"title": activity.title[:60], "error": error}
                )
            activities.append((stage_index, activity, people_in_text(responsible, people)))
    if errors:
        raise ValidationError(errors)
    Stage.objects.bulk_create(stages)
    for stage_index, activity, _people in activities:
        activity.stage = stages[stage_index]
    Activity.objects.bulk_create([activity for _index, activity, _people in activities])
    links = [
        Activity.responsible_people.through(activity_id=activity.pk, person_id=person.pk)
        for _index, activity, linked in activities
        for person in linked
    ]
    Activity.responsible_people.through.objects.bulk_create(links)
    return len(stages), len(activities)


@transaction.atomic
def roadmap_import(
    *,
    organisation: Organisation,
    actor: Actor,
    parsed: ParsedRoadmap,
    academic_year: str,
    title: str = "",
    source_name: str = "",
    municipal: bool = False,
    import_token: str = "",
) -> Roadmap:
    """Save a parsed roadmap as a new draft: all of it or, if anything is wrong, nothing. The source
    document's approval and order references stay behind: the draft is approved by its own order.
    `import_token` (unique) makes one staged upload give at most one roadmap (IntegrityError)."""
    academic_year = _check_year(academic_year)
    if not parsed.activities:
        raise ValidationError(_("В документе не найдено ни одного мероприятия: сохранять нечего."))
    roadmap = Roadmap(
        **_owner(organisation, municipal),
        academic_year=academic_year,
        title=(title or parsed.title).strip()[:500]
        or _("План мероприятий (дорожная карта) внедрения целевой модели наставничества"),
        preamble=parsed.preamble_to_keep,
        source_name=source_name[:255],
        column_layout=parsed.column_layout(),
        import_token=import_token,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    roadmap.full_clean()
    roadmap.save()
    # The deadlines stay as written; the academic year places the months named without a year.
    structure = parsed.as_template()
    stage_count, activity_count = _build(roadmap, structure, year_shift=0, people=_staff(roadmap))
    _audit(
        actor,
        roadmap,
        "roadmap.imported",
        roadmap,
        {_("файл"): source_name, _("разделов"): stage_count, _("мероприятий"): activity_count},
    )
    return roadmap


@transaction.atomic
def roadmap_create_from_template(
    *,
    organisation: Organisation,
    actor: Actor,
    template_slug: str,
    academic_year: str,
    municipal: bool = False,
) -> Roadmap:
    template = catalog.load_template(template_slug)
    if template is None:
        raise ValidationError(_("Такого шаблона нет."))
    academic_year = _check_year(academic_year)
    shift = int(academic_year[:4]) - (
        academic_year_start(template.get("academic_year")) or int(academic_year[:4])
    )
    roadmap = Roadmap(
        **_owner(organisation, municipal),
        academic_year=academic_year,
        title=template["title"][:500],
        preamble=template.get("preamble", ""),
        source_template=template_slug,
        column_layout=template.get("columns", []),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    roadmap.full_clean()
    roadmap.save()
    stage_count, activity_count = _build(roadmap, template, year_shift=shift, people=_staff(roadmap))
    _audit(
        actor,
        roadmap,
        "roadmap.created",
        roadmap,
        {
            _("шаблон"): template.get("name", template_slug),
            _("разделов"): stage_count,
            _("мероприятий"): activity_count,
        },
    )
    return roadmap


def _structure_of(roadmap: Roadmap) -> dict[str, Any]:
    stages = []
    for stage in roadmap.stages.prefetch_related("activities").order_by("order", "id"):
        stages.append(
            {
                "number": stage.number,
                "title": stage.title,
                "task": stage.task,
                "expected_result": stage.expected_result,
                "activities": [
                    {
                        "number": activity.number,
                        "title": activity.title,
                        "deadline": activity.deadline_text,
                        "due_date": activity.due_date.isoformat() if activity.due_date else None,
                        "responsible": activity.responsible_text,
                        "participants": activity.participants,
                        "result": activity.result,
                        "indicator": activity.indicator_text,
                        "indicator_code": activity.indicator_code,
                        "comments": "",
                    }
                    for activity in stage.activities.all()
                ],
            }
        )
    return {"stages": stages}


@transaction.atomic
def roadmap_copy(*, roadmap: Roadmap, actor: Actor, academic_year: str | None = None) -> Roadmap:
    """Next year's roadmap from this one: deadlines moved on by the years between, statuses reset."""
    start = roadmap.year_start + 1
    academic_year = _check_year(academic_year or f"{start}/{start + 1}")
    shift = int(academic_year[:4]) - roadmap.year_start
    copy = Roadmap(
        organisation=roadmap.organisation,
        municipality=roadmap.municipality,
        academic_year=academic_year,
        title=shift_years(roadmap.title, shift)[:500],
        preamble=roadmap.preamble,
        approver_position=roadmap.approver_position,
        approver_name=roadmap.approver_name,
        source_template=roadmap.source_template,
        column_layout=roadmap.column_layout,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    copy.full_clean()
    copy.save()
    stage_count, activity_count = _build(
        copy, _structure_of(roadmap), year_shift=shift, people=_staff(copy), old_due={}
    )
    _audit(
        actor,
        copy,
        "roadmap.copied",
        copy,
        {_("из"): str(roadmap), _("разделов"): stage_count, _("мероприятий"): activity_count},
    )
    return copy


@transaction.atomic
def roadmap_update(*, roadmap: Roadmap, actor: Actor, data: dict[str, Any]) -> Roadmap:
    data = {name: data[name] for name in ROADMAP_FIELDS if name in data}
    if "academic_year" in data:
        data["academic_year"] = _check_year(data["academic_year"])
    changes = field_changes(roadmap, data)
    for name, value in data.items():
        setattr(roadmap, name, value)
    roadmap.full_clean()
    roadmap.save()
    if changes:
        _audit(actor, roadmap, "roadmap.updated", roadmap, changes)
    return roadmap


@transaction.atomic
def roadmap_approve(
    *, roadmap: Roadmap, actor: Actor, approved_on: datetime.date, approver_position: str, approver_name: str
) -> Roadmap:
    roadmap = Roadmap.objects.select_for_update().get(pk=roadmap.pk)
    if roadmap.status != Roadmap.Status.DRAFT:
        raise ValidationError(
            _("Утвердить можно только черновик: эта дорожная карта уже утверждена или в архиве.")
        )
    if not roadmap.stages.filter(activities__isnull=False).exists():
        raise ValidationError(_("В дорожной карте нет ни одного мероприятия: утверждать нечего."))
    if approved_on > dates.today():
        raise ValidationError(_("Дата утверждения не может быть в будущем."))
    roadmap.status = Roadmap.Status.APPROVED
    roadmap.approved_on = approved_on
    roadmap.approved_by = actor if actor is not None and actor.is_authenticated else None
    roadmap.approver_position = approver_position.strip()
    roadmap.approver_name = approver_name.strip()
    roadmap.save()
    _audit(
        actor,
        roadmap,
        "roadmap.approved",
        roadmap,
        {"approved_on": approved_on, "approver_name": roadmap.approver_name},
    )
    return roadmap


@transaction.atomic
def roadmap_archive(*, roadmap: Roadmap, actor: Actor) -> Roadmap:
    roadmap = Roadmap.objects.select_for_update().get(pk=roadmap.pk)
    if roadmap.status == Roadmap.Status.ARCHIVED:
        raise ValidationError(_("Дорожная карта уже в архиве."))
    old = roadmap.status
    roadmap.status = Roadmap.Status.ARCHIVED
    roadmap.save(update_fields=["status", "updated_at"])
    _audit(actor, roadmap, "roadmap.archived", roadmap, {"status": [old, roadmap.status]})
    return roadmap


def _require_editable(roadmap: Roadmap) -> None:
    if not roadmap.is_editable:
        raise ValidationError(_("Дорожная карта в архиве: её нельзя менять."))


# --- Stages ---------------------------------------------------------------------------------------------


@transaction.atomic
def stage_create(*, roadmap: Roadmap, actor: Actor, data: dict[str, Any]) -> Stage:
    _require_editable(roadmap)
    order = (roadmap.stages.aggregate(top=Max("order"))["top"] or 0) + 1
    stage = Stage(roadmap=roadmap, order=order, **{name: data.get(name, "") for name in STAGE_FIELDS})
    stage.full_clean()
    stage.save()
    _audit(actor, roadmap, "roadmap.stage_created", stage, {"title": stage.title})
    return stage


@transaction.atomic
def stage_update(*, stage: Stage, actor: Actor, data: dict[str, Any]) -> Stage:
    _require_editable(stage.roadmap)
    data = {name: data[name] for name in STAGE_FIELDS if name in data}
    changes = field_changes(stage, data)
    for name, value in data.items():
        setattr(stage, name, value)
    stage.full_clean()
    stage.save()
    if changes:
        _audit(actor, stage.roadmap, "roadmap.stage_updated", stage, changes)
    return stage


@transaction.atomic
def stage_delete(*, stage: Stage, actor: Actor) -> None:
    _require_editable(stage.roadmap)
    count = stage.activities.count()
    roadmap = stage.roadmap
    title = str(stage)
    stage.delete()
    _audit(actor, roadmap, "roadmap.stage_deleted", roadmap, {_("раздел"): title, _("мероприятий"): count})


def _swap(items: list[Any], item: Any, direction: str) -> bool:
    index = next(position for position, other in enumerate(items) if other.pk == item.pk)
    other_index = index - 1 if direction == "up" else index + 1
    if not 0 <= other_index < len(items):
        return False
    items[index], items[other_index] = items[other_index], items[index]
    for position, element in enumerate(items):
        if element.order != position:
            element.order = position
            element.save(update_fields=["order"])
    return True


@transaction.atomic
def stage_move(*, stage: Stage, actor: Actor, direction: str) -> bool:
    _require_editable(stage.roadmap)
    stages = list(stage.roadmap.stages.select_for_update().order_by("order", "id"))
    moved = _swap(stages, stage, direction)
    if moved:
        _audit(
            actor,
            stage.roadmap,
            "roadmap.stage_moved",
            stage,
            {_("куда"): _("выше") if direction == "up" else _("ниже")},
        )
    return moved


# --- Activities -----------------------------------------------------------------------------------------


def _people_of(scope: Organisation | Roadmap, people: Iterable[Person]) -> list[Person]:
    people = list(people)
    if not people:
        return []
    condition = _people_scope(scope) if isinstance(scope, Roadmap) else {"memberships__organisation": scope}
    allowed = set(
        Person.objects.filter(pk__in=[p.pk for p in people], **condition).values_list("pk", flat=True)
    )
    if any(person.pk not in allowed for person in people):
        raise ValidationError(_("Ответственными можно назначить только людей своей организации."))
    return people


def _derive_deadline(activity: Activity, data: dict[str, Any], roadmap: Roadmap) -> None:
    """The due date and recurrence follow the written deadline; a date the curator typed in by hand wins,
    an empty date means «take it from the text»."""
    text = data.get("deadline_text", activity.deadline_text)
    text_changed = "deadline_text" in data and data["deadline_text"] != activity.deadline_text
    parsed = parse_deadline(text, roadmap.academic_year)
    if "due_date" in data:
        given = data["due_date"]
        if given is None or (text_changed and given == activity.due_date):
            data["due_date"] = parsed.due_date or (None if given is None else given)
    elif text_changed or activity.pk is None:
        data["due_date"] = parsed.due_date
    if text_changed or activity.pk is None:
        data["recurrence"] = parsed.recurrence


@transaction.atomic
def activity_create(
    *, stage: Stage, actor: Actor, data: dict[str, Any], people: Iterable[Person] = ()
) -> Activity:
    roadmap = stage.roadmap
    _require_editable(roadmap)
    data = {name: data[name] for name in ACTIVITY_FIELDS if name in data}
    activity = Activity(stage=stage)
    _derive_deadline(activity, data, roadmap)
    for name, value in data.items():
        setattr(activity, name, value)
    activity.order = (stage.activities.aggregate(top=Max("order"))["top"] or 0) + 1
    people = _people_of(roadmap, people)
    activity.full_clean()
    activity.save()
    activity.responsible_people.set(people)
    _audit(actor, roadmap, "roadmap.activity_created", activity, {"title": activity.title[:200]})
    return activity


@transaction.atomic
def activity_update(
    *, activity: Activity, actor: Actor, data: dict[str, Any], people: Iterable[Person] | None = None
) -> Activity:
    roadmap = activity.stage.roadmap
    _require_editable(roadmap)
    data = {name: data[name] for name in ACTIVITY_FIELDS if name in data}
    _derive_deadline(activity, data, roadmap)
    changes = field_changes(activity, data)
    for name, value in data.items():
        setattr(activity, name, value)
    activity.full_clean()
    activity.save()
    if people is not None:
        people = _people_of(roadmap, people)
        before = sorted(person.short_name for person in activity.responsible_people.all())
        activity.responsible_people.set(people)
        after = sorted(person.short_name for person in people)
        if before != after:
            changes["responsible_people"] = [", ".join(before), ", ".join(after)]
    if changes:
        _audit(actor, roadmap, "roadmap.activity_updated", activity, changes)
    return activity


@transaction.atomic
def activity_set_status(
    *, activity: Activity, actor: Actor, status: str, completed_on: datetime.date | None = None
) -> Activity:
    roadmap = activity.stage.roadmap
    _require_editable(roadmap)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if status not in Activity.Status.values:
        raise ValidationError(_("Неизвестный статус."))
    if status == activity.status:
        return activity  # a double click changes nothing and writes nothing
    if status == Activity.Status.DONE:
        completed_on = completed_on or dates.today()
        if completed_on > dates.today():
            raise ValidationError(_("Дата выполнения не может быть в будущем."))
    else:
        completed_on = None
    changes = field_changes(activity, {"status": status, "completed_on": completed_on})
    activity.status = status
    activity.completed_on = completed_on
    activity.save(update_fields=["status", "completed_on", "updated_at"])
    _audit(actor, roadmap, "roadmap.activity_status", activity, changes)
    return activity


@transaction.atomic
def activity_move(*, activity: Activity, actor: Actor, direction: str) -> bool:
    _require_editable(activity.stage.roadmap)
    activities = list(activity.stage.activities.select_for_update().order_by("order", "id"))
    moved = _swap(activities, activity, direction)
    if moved:
        _audit(
            actor,
            activity.stage.roadmap,
            "roadmap.activity_moved",
            activity,
            {_("куда"): _("выше") if direction == "up" else _("ниже")},
        )
    return moved


@transaction.atomic
def activity_delete(*, activity: Activity, actor: Actor) -> None:
    roadmap = activity.stage.roadmap
    _require_editable(roadmap)
    title = str(activity)
    activity.delete()
    _audit(actor, roadmap, "roadmap.activity_deleted", roadmap, {_("мероприятие"): title})


# --- Evidence -------------------------------------------------------------------------------------------


@transaction.atomic
def evidence_add(
    *,
    activity: Activity,
    actor: Actor,
    title: str = "",
    upload: UploadedFile[Any] | None = None,
    url: str = "",
) -> Evidence:
    roadmap = activity.stage.roadmap
    _require_editable(roadmap)
    if bool(upload) == bool(url):
        raise ValidationError(_("Приложите файл или укажите ссылку — что-то одно."))
    if upload:
        validate_upload(upload, UploadKind.EVIDENCE)
    evidence = Evidence(
        activity=activity,
        title=(title or (upload.name if upload else url) or "").strip()[:255],
        url=url,
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    if upload:
        evidence.file.save(Path(upload.name or "").name, upload, save=False)
    evidence.full_clean()
    evidence.save()
    _audit(actor, roadmap, "roadmap.evidence_added", activity, {_("подтверждение"): evidence.title})
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence, actor: Actor) -> None:
    activity = evidence.activity
    _require_editable(activity.stage.roadmap)
    title = evidence.title
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    _audit(actor, activity.stage.roadmap, "roadmap.evidence_deleted", activity, {_("подтверждение"): title})


# --- Events and publications ----------------------------------------------------------------------------

EVENT_FIELDS = ("kind", "title", "starts_at", "ends_at", "place", "activity", "description")


def _check_activity(organisation: Organisation, activity: Activity | None) -> None:
    if activity is None:
        return
    roadmap = activity.stage.roadmap
    own = roadmap.organisation_id == organisation.pk or (
        roadmap.organisation_id is None
        and organisation.kind == Organisation.Kind.MUNICIPAL_CENTRE
        and roadmap.municipality_id == organisation.municipality_id
    )
    if not own:
        raise ValidationError(_("Мероприятие дорожной карты другой организации."))


@transaction.atomic
def event_create(
    *, organisation: Organisation, actor: Actor, data: dict[str, Any], invited: Iterable[Person] = ()
) -> Event:
    data = {name: data[name] for name in EVENT_FIELDS if name in data}
    _check_activity(organisation, data.get("activity"))
    event = Event(organisation=organisation, **data)
    event.full_clean()
    event.save()
    invited = _people_of(organisation, invited)
    Attendance.objects.bulk_create([Attendance(event=event, person=person) for person in invited])
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="roadmap.event_created",
        target=event,
        changes={
            "starts_at": timezone.localtime(event.starts_at).strftime("%d.%m.%Y %H:%M"),
            _("приглашено"): len(invited),
        },
    )
    return event


@transaction.atomic
def event_update(*, event: Event, actor: Actor, data: dict[str, Any]) -> Event:
    data = {name: data[name] for name in EVENT_FIELDS if name in data}
    _check_activity(event.organisation, data.get("activity"))
    changes = field_changes(event, data)
    for name, value in data.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    if changes:
        audit_entry_create(
            actor=actor,
            organisation=event.organisation,
            action="roadmap.event_updated",
            target=event,
            changes=changes,
        )
    return event


@transaction.atomic
def attendance_set(
    *, event: Event, actor: Actor, invited: Iterable[Person], attended: Iterable[Person]
) -> tuple[int, int]:
    """The registration sheet: who was invited and who came. Returns (invited, attended)."""
    invited = _people_of(event.organisation, invited)
    attended_ids = {person.pk for person in attended}
    invited_ids = {person.pk for person in invited} | attended_ids
    if attended_ids - {person.pk for person in invited}:
        invited = _people_of(
            event.organisation, list(invited) + [p for p in attended if p.pk not in {i.pk for i in invited}]
        )
    event.attendances.exclude(person_id__in=invited_ids).delete()
    existing = {row.person_id: row for row in event.attendances.all()}
    to_create, to_update = [], []
    for person_id in invited_ids:
        came = person_id in attended_ids
        row = existing.get(person_id)
        if row is None:
            to_create.append(Attendance(event=event, person_id=person_id, attended=came))
        elif row.attended != came:
            row.attended = came
            to_update.append(row)
    Attendance.objects.bulk_create(to_create)
    Attendance.objects.bulk_update(to_update, ["attended"])
    audit_entry_create(
        actor=actor,
        organisation=event.organisation,
        action="roadmap.attendance_set",
        target=event,
        changes={_("приглашено"): len(invited_ids), _("пришли"): len(attended_ids)},
    )
    return len(invited_ids), len(attended_ids)


@transaction.atomic
def publication_create(*, organisation: Organisation, actor: Actor, data: dict[str, Any]) -> Publication:
    data = {name: data[name] for name in ("title", "url", "published_on", "activity") if name in data}
    _check_activity(organisation, data.get("activity"))
    publication = Publication(organisation=organisation, **data)
    publication.full_clean()
    publication.save()
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="roadmap.publication_created",
        target=publication,
        changes={"url": publication.url},
    )
    return publication


@transaction.atomic
def publication_delete(*, publication: Publication, actor: Actor) -> None:
    organisation = publication.organisation
    title = publication.title
    publication.delete()
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="roadmap.publication_deleted",
        target=None,
        changes={_("публикация"): title},
    )


# --- Calendar -------------------------------------------------------------------------------------------


def calendar_token_for(*, user: User) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def calendar_token_reset(*, user: User) -> CalendarToken:
    token = calendar_token_for(user=user)
    token.token = new_calendar_token()
    token.save()
    return token

"""Queries of the roadmap app. Every query starts from the organisation (the tenant)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet

from mentoring.models import AuditEntry, Organisation, Person

from .models import Activity, ActivityQuerySet, Attendance, Event, Evidence, Publication, Roadmap, Stage


def roadmaps_for(organisation: Organisation) -> QuerySet[Roadmap]:
    """The organisation's roadmaps; a municipal centre also keeps its municipality's plan."""
    condition = Q(organisation=organisation)
    if organisation.kind == Organisation.Kind.MUNICIPAL_CENTRE:
        condition |= Q(municipality_id=organisation.municipality_id)
    return Roadmap.objects.filter(condition)


def roadmaps_with_approver(organisation: Organisation) -> QuerySet[Roadmap]:
    """`roadmaps_for` with who approved each; a view takes one with `get_object_or_404(…, pk=…)`."""
    return roadmaps_for(organisation).select_related("approved_by", "approved_by__person")


def current_roadmap(organisation: Organisation) -> Roadmap | None:
    """The roadmap the organisation works by: the latest approved one, else the latest draft."""
    roadmaps = roadmaps_for(organisation).exclude(status=Roadmap.Status.ARCHIVED)
    return (
        roadmaps.filter(status=Roadmap.Status.APPROVED).order_by("-academic_year", "-created_at").first()
        or roadmaps.order_by("-academic_year", "-created_at").first()
    )


def activities_for(organisation: Organisation) -> ActivityQuerySet:
    return Activity.objects.filter(stage__roadmap__in=roadmaps_for(organisation))


def stages_with_roadmap(organisation: Organisation) -> QuerySet[Stage]:
    return Stage.objects.filter(roadmap__in=roadmaps_for(organisation)).select_related("roadmap")


def activities_with_details(organisation: Organisation) -> QuerySet[Activity]:
    """The activities as their pages show them: stage and roadmap, the people responsible, the evidence."""
    return (
        activities_for(organisation)
        .select_related("stage", "stage__roadmap")
        .prefetch_related("responsible_people", "evidence")
    )


def evidence_with_activity(organisation: Organisation) -> QuerySet[Evidence]:
    return Evidence.objects.filter(activity__in=activities_for(organisation)).select_related(
        "activity", "activity__stage", "activity__stage__roadmap"
    )


@dataclass
class Filters:
    stage: int | None = None
    status: str = ""
    responsible: str = ""  # "p<person id>" or "r<role code>"
    overdue: bool = False
    soon: bool = False  # due in the next 14 days


def _responsible_filter(value: str) -> Q:
    if value.startswith("p") and value[1:].isdigit():
        return Q(responsible_people__id=int(value[1:]))
    if value.startswith("r") and value[1:]:
        return Q(responsible_roles__contains=value[1:])
    return Q()


def filtered_activities(roadmap: Roadmap, filters: Filters, *, today: datetime.date) -> QuerySet[Activity]:
    queryset = Activity.objects.filter(stage__roadmap=roadmap)
    if filters.stage:
        queryset = queryset.filter(stage_id=filters.stage)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.responsible:
        queryset = queryset.filter(_responsible_filter(filters.responsible))
    if filters.overdue:
        queryset = queryset.open().filter(due_date__lt=today)
    if filters.soon:
        queryset = queryset.open().filter(
            due_date__gte=today, due_date__lte=today + datetime.timedelta(days=14)
        )
    return queryset.distinct()


def roadmap_stages_with_activities(
    roadmap: Roadmap, activity_ids: Iterable[int] | None = None
) -> list[Stage]:
    """The stages in order, each with its activities (responsible people and evidence counts loaded)."""
    activities = (
        Activity.objects.annotate(evidence_count=Count("evidence", distinct=True))
        .prefetch_related(Prefetch("responsible_people", queryset=Person.objects.order_by("last_name")))
        .order_by("order", "id")
    )
    if activity_ids is not None:
        activities = activities.filter(pk__in=activity_ids)
    return list(
        roadmap.stages.order_by("order", "id").prefetch_related(
            # `Stage.shown_activities` declares it for the views; the stubs' plugin declares it again.
            Prefetch("activities", queryset=activities, to_attr="shown_activities")  # type: ignore[no-redef]
        )
    )


@dataclass
class Progress:
    total: int = 0
    done: int = 0
    in_progress: int = 0
    cancelled: int = 0
    overdue: int = 0
    next_deadlines: list[Any] = field(default_factory=list)

    @property
    def counted(self) -> int:
        """Cancelled positions do not count against the roadmap."""
        return self.total - self.cancelled

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.counted) if self.counted else 0

    @property
    def in_progress_percent(self) -> int:
        return round(100 * self.in_progress / self.counted) if self.counted else 0


PROGRESS_COUNTS = ("total", "done", "in_progress", "cancelled", "overdue")


def _progress_counts(queryset: QuerySet[Activity], today: datetime.date) -> dict[str, Count]:
    return {
        "total": Count("id"),
        "done": Count("id", filter=Q(status=Activity.Status.DONE)),
        "in_progress": Count("id", filter=Q(status=Activity.Status.IN_PROGRESS)),
        "cancelled": Count("id", filter=Q(status=Activity.Status.CANCELLED)),
        "overdue": Count("id", filter=Activity.open_q() & Q(due_date__lt=today)),
    }


def roadmap_progress(
    roadmap: Roadmap, *, today: datetime.date, next_count: int = 3
) -> tuple[Progress, dict[int, Progress]]:
    """The share done of the whole roadmap and of each stage (stage id → Progress): two queries, the whole
    being the sum of its stages (every activity is in a stage)."""
    activities = Activity.objects.filter(stage__roadmap=roadmap)
    rows: Iterable[Mapping[str, Any]] = activities.values("stage_id").annotate(
        **_progress_counts(activities, today)
    )
    by_stage = {row["stage_id"]: Progress(**{key: row[key] for key in PROGRESS_COUNTS}) for row in rows}
    whole = Progress(
        **{key: sum(getattr(stage, key) for stage in by_stage.values()) for key in PROGRESS_COUNTS}
    )
    whole.next_deadlines = list(
        activities.open().filter(due_date__gte=today).order_by("due_date", "order")[:next_count]
    )
    return whole, by_stage


def roadmap_stages_progress(
    roadmap: Roadmap, *, today: datetime.date, next_count: int = 3
) -> tuple[Progress, list[Stage]]:
    """`roadmap_progress` with the stages in order, each with its `progress` (None for a stage without
    activities): two queries, the stages counted with their activities in one."""
    counts = {
        key: Count("activities", filter=condition) for key, condition in _stage_conditions(today).items()
    }
    stages = list(roadmap.stages.annotate(**counts).order_by("order", "id"))
    for stage in stages:
        values = {key: getattr(stage, f"{key}_count") for key in PROGRESS_COUNTS}
        stage.progress = Progress(**values) if values["total"] else None
    whole = Progress(
        **{
            key: sum(getattr(stage.progress, key) for stage in stages if stage.progress is not None)
            for key in PROGRESS_COUNTS
        }
    )
    whole.next_deadlines = list(
        Activity.objects.filter(stage__roadmap=roadmap)
        .open()
        .filter(due_date__gte=today)
        .order_by("due_date", "order")[:next_count]
    )
    return whole, stages


def _stage_conditions(today: datetime.date) -> dict[str, Q | None]:
    """`_progress_counts` across a stage's activities (the annotations named `<count>_count`)."""
    return {
        "total_count": None,
        "done_count": Q(activities__status=Activity.Status.DONE),
        "in_progress_count": Q(activities__status=Activity.Status.IN_PROGRESS),
        "cancelled_count": Q(activities__status=Activity.Status.CANCELLED),
        "overdue_count": Activity.open_q("activities__") & Q(activities__due_date__lt=today),
    }


def roadmaps_with_progress(organisation: Organisation, *, today: datetime.date) -> list[Roadmap]:
    roadmaps: list[Any] = list(
        roadmaps_for(organisation)
        .annotate(
            total=Count("stages__activities"),
            done=Count("stages__activities", filter=Q(stages__activities__status=Activity.Status.DONE)),
            in_progress=Count(
                "stages__activities", filter=Q(stages__activities__status=Activity.Status.IN_PROGRESS)
            ),
            cancelled=Count(
                "stages__activities", filter=Q(stages__activities__status=Activity.Status.CANCELLED)
            ),
            overdue=Count(
                "stages__activities",
                filter=Activity.open_q("stages__activities__") & Q(stages__activities__due_date__lt=today),
            ),
        )
        .order_by("-academic_year", "-created_at")
    )
    for roadmap in roadmaps:
        roadmap.progress = Progress(
            total=roadmap.total,
            done=roadmap.done,
            in_progress=roadmap.in_progress,
            cancelled=roadmap.cancelled,
            overdue=roadmap.overdue,
        )
    return roadmaps


def my_activities(
    organisation: Organisation, person: Person, roles: Iterable[str], *, today: datetime.date
) -> QuerySet[Activity]:
    """Open activities of the organisation's current roadmaps that name this person, or a role they hold
    (a psychologist is responsible where the roadmap says «педагог-психолог»)."""
    condition = Q(responsible_people=person)
    for role in roles:
        if role in ("psychologist",):
            condition |= Q(responsible_roles__contains=role)
    return (
        activities_for(organisation)
        .exclude(stage__roadmap__status=Roadmap.Status.ARCHIVED)
        .open()
        .filter(condition)
        .select_related("stage", "stage__roadmap")
        .distinct()
        .order_by("due_date", "id")
    )


def upcoming_activities(
    organisation: Organisation, *, today: datetime.date, horizon_days: int
) -> QuerySet[Activity]:
    return (
        activities_for(organisation)
        .exclude(stage__roadmap__status=Roadmap.Status.ARCHIVED)
        .open()
        .filter(
            due_date__isnull=False,
            due_date__lte=today + datetime.timedelta(days=horizon_days),
        )
        .select_related("stage__roadmap")
        .order_by("due_date")
    )


def events_for(organisation: Organisation) -> QuerySet[Event]:
    return (
        organisation.events.select_related("activity")
        .annotate(
            invited_count=Count("attendances", distinct=True),
            attended_count=Count("attendances", filter=Q(attendances__attended=True), distinct=True),
        )
        .order_by("-starts_at")
    )


def event_attendance(event: Event) -> QuerySet[Attendance]:
    return event.attendances.select_related("person").order_by("person__last_name", "person__first_name")


def publications_for(organisation: Organisation) -> QuerySet[Publication]:
    return organisation.publications.select_related("activity").order_by("-published_on", "-id")


def history_for(targets: list[Any]) -> QuerySet[AuditEntry]:
    """The audit entries of these objects (a roadmap, its stages, its activities), newest first."""
    condition = Q(pk__in=[])
    by_type: dict[type[Any], list[Any]] = {}
    for target in targets:
        by_type.setdefault(type(target), []).append(target.pk)
    for model, ids in by_type.items():
        condition |= Q(target_type=ContentType.objects.get_for_model(model), target_id__in=ids)
    return AuditEntry.objects.filter(condition).select_related("actor", "actor__person", "target_type")


def roadmap_history(roadmap: Roadmap) -> QuerySet[AuditEntry]:
    content_types = ContentType.objects.get_for_models(Roadmap, Stage, Activity)
    return AuditEntry.objects.filter(
        Q(target_type=content_types[Roadmap], target_id=roadmap.pk)
        | Q(target_type=content_types[Stage], target_id__in=roadmap.stages.values("pk"))
        | Q(
            target_type=content_types[Activity],
            target_id__in=Activity.objects.filter(stage__roadmap=roadmap).values("pk"),
        )
    ).select_related("actor", "actor__person", "target_type")


def staff_of(organisation: Organisation) -> QuerySet[Person]:
    return Person.objects.filter(memberships__organisation=organisation, kind=Person.Kind.STAFF).order_by(
        "last_name", "first_name"
    )


def members_of(organisation: Organisation) -> QuerySet[Person]:
    return Person.objects.filter(memberships__organisation=organisation).order_by("last_name", "first_name")

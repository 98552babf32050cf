"""Demo roadmaps: the school works by the 000 sample, the kindergarten by 004, the centre by 001 — each
moved to the current academic year, partly done, a couple of deadlines missed; events and a publication."""

from __future__ import annotations

import datetime

from django.db import transaction

from common.dates import AcademicYear
from mentoring.models import Person, Role
from mentoring.organisations.types import Actor

from . import services
from .models import Activity, Event, Roadmap

PLANS = [
    # organisation, template, approved, share of past deadlines done
    ("demo-school", "school-support-plan", True),
    ("demo-kindergarten", "kindergarten-plan", False),
    ("demo-centre", "target-model-stages", True),
]


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _progress(ctx, roadmap: Roadmap, actor: Actor) -> None:
    """Deadlines already past are mostly done; two are missed; what runs all year is in progress."""
    today = ctx.today
    year_start = AcademicYear(roadmap.year_start).start
    activities = list(Activity.objects.filter(stage__roadmap=roadmap).order_by("stage__order", "order"))
    dated = sorted((a for a in activities if a.due_date), key=lambda a: a.due_date or datetime.date.min)
    past = [a for a in dated if a.due_date < today]
    if len(past) < 2:
        # Early in the year nothing is due yet: two of the first deadlines move a little earlier, missed.
        for activity, days in zip([a for a in dated if a.due_date >= today][:2], (12, 3), strict=False):
            due = today - datetime.timedelta(days=days)
            services.activity_update(
                activity=activity, actor=actor, data={"deadline_text": f"До {due:%d.%m.%Y}", "due_date": due}
            )
            activity.refresh_from_db()
        past = [a for a in dated if a.due_date < today]
    missed = past[-2:]
    # What a teacher or the psychologist is named for stays open, so their dashboards show it.
    linked = set(
        Activity.responsible_people.through.objects.filter(activity__stage__roadmap=roadmap).values_list(
            "activity_id", flat=True
        )
    )
    for activity in past[:-2]:
        if activity.pk in linked:
            services.activity_set_status(activity=activity, actor=actor, status="in_progress")
            continue
        done_on = min(
            today,
            max(year_start, (activity.due_date or today) - datetime.timedelta(days=ctx.rng.randint(0, 6))),
        )
        services.activity_set_status(activity=activity, actor=actor, status="done", completed_on=done_on)
    if missed:
        services.activity_set_status(activity=missed[0], actor=actor, status="in_progress")
    undated = [a for a in activities if a.due_date is None]
    for activity in undated[: max(2, len(undated) // 2)]:
        services.activity_set_status(activity=activity, actor=actor, status="in_progress")
    # The first positions of the plan are set up early in the year whatever their written deadline.
    first = [
        a
        for a in activities
        if a.status == Activity.Status.PLANNED and a not in missed and a.due_date and a.pk not in linked
    ]
    first = first[: max(3, len(activities) // 4)]
    for activity in first:
        done_on = max(year_start, today - datetime.timedelta(days=ctx.rng.randint(5, 40)))
        services.activity_set_status(
            activity=activity, actor=actor, status="done", completed_on=min(done_on, today)
        )


def _link_people(ctx, roadmap: Roadmap, actor: Actor) -> None:
    """The psychologist and a teacher are named responsible, so their dashboards list «Мои мероприятия»."""
    activities = list(Activity.objects.filter(stage__roadmap=roadmap))
    links = [
        ("диагностики", "psychologist"),
        ("первых организационных", "mentor"),
        ("индивидуальных планов", "mentor"),
    ]
    for word, username in links:
        activity = next((a for a in activities if word in a.title.lower()), None)
        if activity is not None and username in ctx.people:
            people = list(activity.responsible_people.all()) + [ctx.people[username]]
            services.activity_update(activity=activity, actor=actor, data={}, people=people)


def _school_extras(ctx, roadmap: Roadmap, organisation, actor: Actor) -> int:
    activities = list(Activity.objects.filter(stage__roadmap=roadmap).order_by("stage__order", "order"))

    def find(word: str):
        return next((a for a in activities if word in a.title.lower()), None)

    teachers = list(
        Person.objects.filter(
            memberships__organisation=organisation,
            memberships__roles__role=Role.TEACHER,
            kind=Person.Kind.STAFF,
        ).order_by("last_name")[:14]
    )
    today = ctx.today
    plans = [
        (
            Event.Kind.NETWORKING,
            "Нетворкинг «Давайте знакомиться»: наставники и наставляемые",
            -20,
            "Актовый зал",
            "нетворкинг",
            0.92,
        ),
        (
            Event.Kind.COUNCIL,
            "Педагогический совет: запуск программы наставничества",
            -35,
            "Кабинет 214",
            "педагогическом совете",
            0.95,
        ),
        (
            Event.Kind.GROUP_MEETING,
            "Групповая встреча наставнических пар",
            9,
            "Библиотека",
            "работы наставнических",
            None,
        ),
        (
            Event.Kind.BUSINESS_GAME,
            "Деловая игра для всех наставнических пар",
            160,
            "Актовый зал",
            "заключительной",
            None,
        ),
    ]
    count = 0
    for kind, title, days, place, word, share in plans:
        day = today + datetime.timedelta(days=days)
        event = services.event_create(
            organisation=organisation,
            actor=actor,
            data={
                "kind": kind,
                "title": title,
                "starts_at": _moment(day, 15),
                "ends_at": _moment(day, 17),
                "place": place,
                "activity": find(word),
            },
            invited=teachers,
        )
        if share is not None:
            came = teachers[: round(len(teachers) * share)]
            services.attendance_set(event=event, actor=actor, invited=teachers, attended=came)
        count += 1
    services.publication_create(
        organisation=organisation,
        actor=actor,
        data={
            "title": f"В школе стартовала программа наставничества на {roadmap.academic_year} учебный год",
            "url": "https://demo-school.example/news/nastavnichestvo-start",
            "published_on": today - datetime.timedelta(days=18),
            "activity": find("размещение информации"),
        },
    )
    return count


@transaction.atomic
def seed(ctx) -> None:
    year = AcademicYear.of(ctx.today).label
    curator = ctx.users.get("curator")
    director = ctx.users.get("director")
    made = []
    for slug, template, approve in PLANS:
        organisation = ctx.organisations.get(slug)
        if organisation is None or organisation.roadmaps.exists():
            continue
        roadmap = services.roadmap_create_from_template(
            organisation=organisation, actor=curator, template_slug=template, academic_year=year
        )
        if slug == "demo-school":
            _link_people(ctx, roadmap, curator)
        _progress(ctx, roadmap, curator)
        if approve:
            approved_on = min(ctx.today, datetime.date(roadmap.year_start, 9, 5))
            leader = Person.objects.filter(
                memberships__organisation=organisation, memberships__roles__role=Role.DIRECTOR
            ).first()
            services.roadmap_approve(
                roadmap=roadmap,
                actor=director if slug == "demo-school" else None,
                approved_on=approved_on,
                approver_position=(leader.position if leader else "Директор") or "Директор",
                approver_name=leader.short_name if leader else "",
            )
        if slug == "demo-school":
            _school_extras(ctx, roadmap, organisation, curator)
        made.append(organisation.short_name)
    if made:
        ctx.log.append(f"Дорожные карты {year}: {', '.join(made)}; события и публикация в школе")

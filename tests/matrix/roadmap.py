import datetime

from roadmap import services
from roadmap.models import Activity

from . import LOGIN, REDIRECT, Row

VIEW = {
    "admin": 200,
    "director": 200,
    "curator": 200,
    "psychologist": 200,
    "coordinator": 200,
    "teacher": 403,
}
MANAGE = {
    "admin": 200,
    "director": 200,
    "curator": 200,
    "psychologist": 403,
    "coordinator": 403,
    "teacher": 403,
}
APPROVE = {
    "admin": 403,
    "director": 200,
    "curator": 403,
    "psychologist": 403,
    "coordinator": 403,
    "teacher": 403,
}
EVERYONE = dict.fromkeys(["admin", "director", "curator", "psychologist", "coordinator", "teacher"], 200)


def replace(expected: dict, old, new) -> dict:
    return {name: new if code == old else code for name, code in expected.items()}


def forged(expected: dict) -> dict:
    """Allowed personas get a 404 for an object of another organisation; the others keep their 403."""
    return replace(expected, 200, 404)


MANAGE_POST = replace(MANAGE, 200, REDIRECT)
MANAGE_GET_ON_POST_ONLY = replace(MANAGE, 200, 405)


def build(*, personas, organisation, foreign_organisation) -> dict:
    roadmap = services.roadmap_create_from_template(
        organisation=organisation, actor=None, template_slug="school-support-plan", academic_year="2025/2026"
    )
    activities = list(Activity.objects.filter(stage__roadmap=roadmap).order_by("stage__order", "order"))
    mine = activities[1]
    services.activity_update(activity=mine, actor=None, data={}, people=[personas["teacher"]])
    evidence = services.evidence_add(activity=activities[0], actor=None, url="https://school.example/news/1")
    event = services.event_create(
        organisation=organisation,
        actor=None,
        data={
            "kind": "networking",
            "title": "Нетворкинг",
            "starts_at": datetime.datetime(2026, 2, 1, 12, tzinfo=datetime.UTC),
        },
        invited=[personas["teacher"]],
    )
    publication = services.publication_create(
        organisation=organisation,
        actor=None,
        data={
            "title": "Новость",
            "url": "https://school.example/n",
            "published_on": datetime.date(2025, 10, 1),
        },
    )
    foreign = services.roadmap_create_from_template(
        organisation=foreign_organisation,
        actor=None,
        template_slug="kindergarten-plan",
        academic_year="2025/2026",
    )
    foreign_activity = Activity.objects.filter(stage__roadmap=foreign).first()
    foreign_evidence = services.evidence_add(
        activity=foreign_activity, actor=None, url="https://other.example/1"
    )
    foreign_event = services.event_create(
        organisation=foreign_organisation,
        actor=None,
        data={
            "kind": "council",
            "title": "Чужой педсовет",
            "starts_at": datetime.datetime(2026, 2, 1, 12, tzinfo=datetime.UTC),
        },
    )
    token = services.calendar_token_for(user=personas["curator"].user).token
    return {
        "roadmap": roadmap,
        "stage": activities[0].stage,
        "activity": activities[0],
        "mine": mine,
        "evidence": evidence,
        "event": event,
        "publication": publication,
        "foreign_roadmap": foreign,
        "foreign_stage": foreign_activity.stage,
        "foreign_activity": foreign_activity,
        "foreign_evidence": foreign_evidence,
        "foreign_event": foreign_event,
        "token": token,
    }


def org(world):
    return {"org_slug": world.organisation.slug}


def obj(kwarg: str, key: str, **more):
    def kwargs(world):
        return {"org_slug": world.organisation.slug, kwarg: world.extra[key].pk, **more}

    return kwargs


ROWS = [
    Row("roadmap list", "roadmap:list", org, VIEW),
    Row("roadmap create", "roadmap:create", org, MANAGE),
    Row("roadmap import", "roadmap:import", org, MANAGE),
    Row(
        "roadmap import preview without upload", "roadmap:import_preview", org, replace(MANAGE, 200, REDIRECT)
    ),
    Row("roadmap import cancel", "roadmap:import_cancel", org, MANAGE_POST, method="post"),
    Row("roadmap detail", "roadmap:detail", obj("roadmap_id", "roadmap"), VIEW),
    Row(
        "roadmap detail of another organisation",
        "roadmap:detail",
        obj("roadmap_id", "foreign_roadmap"),
        forged(VIEW),
    ),
    Row("roadmap progress", "roadmap:progress", obj("roadmap_id", "roadmap"), VIEW),
    Row("roadmap edit", "roadmap:edit", obj("roadmap_id", "roadmap"), MANAGE),
    Row(
        "roadmap edit of another organisation",
        "roadmap:edit",
        obj("roadmap_id", "foreign_roadmap"),
        forged(MANAGE),
    ),
    Row("roadmap approve", "roadmap:approve", obj("roadmap_id", "roadmap"), APPROVE),
    Row(
        "roadmap archive (GET refused)",
        "roadmap:archive",
        obj("roadmap_id", "roadmap"),
        MANAGE_GET_ON_POST_ONLY,
    ),
    Row("roadmap export", "roadmap:export", obj("roadmap_id", "roadmap"), VIEW),
    Row(
        "roadmap export of another organisation",
        "roadmap:export",
        obj("roadmap_id", "foreign_roadmap"),
        forged(VIEW),
    ),
    Row("stage create", "roadmap:stage_create", obj("roadmap_id", "roadmap"), MANAGE),
    Row("stage edit", "roadmap:stage_edit", obj("stage_id", "stage"), MANAGE),
    Row(
        "stage edit of another organisation",
        "roadmap:stage_edit",
        obj("stage_id", "foreign_stage"),
        forged(MANAGE),
    ),
    Row(
        "stage move",
        "roadmap:stage_move",
        obj("stage_id", "stage", direction="down"),
        MANAGE_POST,
        method="post",
    ),
    Row(
        "stage move of another organisation",
        "roadmap:stage_move",
        obj("stage_id", "foreign_stage", direction="down"),
        replace(MANAGE, 200, 404),
        method="post",
    ),
    Row(
        "stage delete (GET refused)",
        "roadmap:stage_delete",
        obj("stage_id", "stage"),
        MANAGE_GET_ON_POST_ONLY,
    ),
    Row("activity create", "roadmap:activity_create", obj("stage_id", "stage"), MANAGE),
    Row("activity", "roadmap:activity", obj("activity_id", "activity"), {**EVERYONE, "teacher": 403}),
    Row("activity the teacher is responsible for", "roadmap:activity", obj("activity_id", "mine"), EVERYONE),
    Row(
        "activity of another organisation",
        "roadmap:activity",
        obj("activity_id", "foreign_activity"),
        replace(EVERYONE, 200, 404),
    ),
    Row("activity row", "roadmap:activity_row", obj("activity_id", "activity"), MANAGE),
    Row("activity edit", "roadmap:activity_edit", obj("activity_id", "activity"), MANAGE),
    Row(
        "activity edit of another organisation",
        "roadmap:activity_edit",
        obj("activity_id", "foreign_activity"),
        forged(MANAGE),
    ),
    Row(
        "activity status",
        "roadmap:activity_status",
        obj("activity_id", "activity"),
        {**replace(MANAGE, 200, REDIRECT)},
        method="post",
    ),
    Row(
        "activity status by the responsible teacher",
        "roadmap:activity_status",
        obj("activity_id", "mine"),
        {**replace(MANAGE, 200, REDIRECT), "teacher": REDIRECT},
        method="post",
    ),
    Row(
        "activity status of another organisation",
        "roadmap:activity_status",
        obj("activity_id", "foreign_activity"),
        replace(EVERYONE, 200, 404),
        method="post",
    ),
    Row(
        "activity move",
        "roadmap:activity_move",
        obj("activity_id", "activity", direction="up"),
        MANAGE_POST,
        method="post",
    ),
    Row(
        "activity delete (GET refused)",
        "roadmap:activity_delete",
        obj("activity_id", "activity"),
        MANAGE_GET_ON_POST_ONLY,
    ),
    Row(
        "evidence add",
        "roadmap:evidence_add",
        obj("activity_id", "activity"),
        replace(MANAGE, 200, REDIRECT),
        method="post",
    ),
    Row(
        "evidence download",
        "roadmap:evidence",
        obj("evidence_id", "evidence"),
        {**replace(VIEW, 200, REDIRECT)},
    ),
    Row(
        "evidence of another organisation",
        "roadmap:evidence",
        obj("evidence_id", "foreign_evidence"),
        replace(EVERYONE, 200, 404),
    ),
    Row(
        "evidence delete (GET refused)",
        "roadmap:evidence_delete",
        obj("evidence_id", "evidence"),
        MANAGE_GET_ON_POST_ONLY,
    ),
    Row("events", "roadmap:events", org, VIEW),
    Row("event create", "roadmap:event_create", org, MANAGE),
    Row("event", "roadmap:event", obj("event_id", "event"), VIEW),
    Row("event of another organisation", "roadmap:event", obj("event_id", "foreign_event"), forged(VIEW)),
    Row("event edit", "roadmap:event_edit", obj("event_id", "event"), MANAGE),
    Row("publication create", "roadmap:publication_create", org, MANAGE_POST, method="post"),
    Row(
        "publication delete (GET refused)",
        "roadmap:publication_delete",
        obj("publication_id", "publication"),
        MANAGE_GET_ON_POST_ONLY,
    ),
    Row("calendar settings", "roadmap:calendar", org, EVERYONE),
    Row(
        "calendar feed by its token",
        "roadmap:calendar_feed",
        lambda world: {"token": world.extra["token"]},
        {"anonymous": 200},
        default=200,
    ),
    Row(
        "calendar feed with a wrong token",
        "roadmap:calendar_feed",
        lambda world: {"token": "x" * 43},
        {"anonymous": 404},
        default=404,
    ),
]

__all__ = ["LOGIN", "ROWS", "build"]

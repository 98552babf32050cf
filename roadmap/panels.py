"""The roadmap's navigation entries, dashboard panels, upcoming items and audit labels."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import dates
from mentoring.organisations import audit_labels, dashboard, navigation, onboarding
from mentoring.organisations import reminders as reminder_registry
from mentoring.organisations.access import OrganisationAccess

from . import selectors
from .models import Activity
from .permissions import RoadmapPerm

AUDIT_LABELS = {
    "roadmap.created": gettext_lazy("Создана дорожная карта"),
    "roadmap.imported": gettext_lazy("Дорожная карта загружена из файла"),
    "roadmap.copied": gettext_lazy("Дорожная карта перенесена на новый год"),
    "roadmap.updated": gettext_lazy("Изменена дорожная карта"),
    "roadmap.approved": gettext_lazy("Дорожная карта утверждена"),
    "roadmap.archived": gettext_lazy("Дорожная карта отправлена в архив"),
    "roadmap.stage_created": gettext_lazy("Добавлен раздел дорожной карты"),
    "roadmap.stage_updated": gettext_lazy("Изменён раздел дорожной карты"),
    "roadmap.stage_deleted": gettext_lazy("Удалён раздел дорожной карты"),
    "roadmap.stage_moved": gettext_lazy("Раздел перемещён"),
    "roadmap.activity_created": gettext_lazy("Добавлено мероприятие"),
    "roadmap.activity_updated": gettext_lazy("Изменено мероприятие"),
    "roadmap.activity_status": gettext_lazy("Изменён статус мероприятия"),
    "roadmap.activity_moved": gettext_lazy("Мероприятие перемещено"),
    "roadmap.activity_deleted": gettext_lazy("Удалено мероприятие"),
    "roadmap.evidence_added": gettext_lazy("Приложено подтверждение"),
    "roadmap.evidence_deleted": gettext_lazy("Удалено подтверждение"),
    "roadmap.event_created": gettext_lazy("Запланировано событие"),
    "roadmap.event_updated": gettext_lazy("Изменено событие"),
    "roadmap.attendance_set": gettext_lazy("Отмечены участники события"),
    "roadmap.publication_created": gettext_lazy("Добавлена публикация"),
    "roadmap.publication_deleted": gettext_lazy("Удалена публикация"),
}


def _progress_panel(access: OrganisationAccess, request):
    roadmap = selectors.current_roadmap(access.organisation)
    if roadmap is None:
        if not access.has(RoadmapPerm.MANAGE):
            return None
        return {"roadmap": None}
    today = dates.today(access.organisation)
    progress, stages = selectors.roadmap_stages_progress(roadmap, today=today)
    return {"roadmap": roadmap, "progress": progress, "stages": stages}


def _my_activities_panel(access: OrganisationAccess, request):
    if access.person is None or not access.own_roles:
        return None
    today = dates.today(access.organisation)
    activities = list(
        selectors.my_activities(access.organisation, access.person, access.own_roles, today=today)[:8]
    )
    if not activities:
        return None
    return {"activities": activities, "today": today}


def upcoming(access: OrganisationAccess, *, today: datetime.date, horizon_days: int):
    """Deadlines and events of the next days; overdue deadlines come first, flagged."""
    organisation = access.organisation
    slug = organisation.slug
    activities: list[Activity]
    if access.has(RoadmapPerm.VIEW):
        activities = list(
            selectors.upcoming_activities(organisation, today=today, horizon_days=horizon_days)[:20]
        )
    elif access.person is not None:
        activities = [
            activity
            for activity in selectors.my_activities(
                organisation, access.person, access.own_roles, today=today
            )[:20]
            if activity.due_date and activity.due_date <= today + datetime.timedelta(days=horizon_days)
        ]
    else:
        activities = []
    for activity in activities:
        if activity.due_date is None:  # both selectors leave undated activities out
            continue
        yield dashboard.UpcomingItem(
            date=activity.due_date,
            title=str(activity),
            url=reverse("roadmap:activity", args=[slug, activity.pk]),
            kind=_("срок"),
            overdue=activity.due_date < today,
        )
    horizon = today + datetime.timedelta(days=horizon_days)
    events = organisation.events.filter(starts_at__date__gte=today, starts_at__date__lte=horizon).order_by(
        "starts_at"
    )
    if not access.has(RoadmapPerm.VIEW):
        events = events.filter(attendances__person=access.person) if access.person else events.none()
    for event in events[:10]:
        yield dashboard.UpcomingItem(
            date=event.starts_at.date(),
            title=event.title,
            url=reverse("roadmap:event", args=[slug, event.pk]) if access.has(RoadmapPerm.VIEW) else "",
            kind=str(event.get_kind_display()).lower(),
        )


def register() -> None:
    for code, label in AUDIT_LABELS.items():
        audit_labels.register(code, label)
    # A new organisation's checklist: «the roadmap is created».
    onboarding.register_step(
        key="roadmap",
        label=gettext_lazy("Создать дорожную карту на учебный год"),
        done=lambda organisation: organisation.roadmaps.exists(),
        url_name="roadmap:create",
        order=30,
    )
    navigation.register(
        label=gettext_lazy("Дорожная карта"),
        url_name="roadmap:list",
        group=gettext_lazy("Дорожная карта"),
        permission=RoadmapPerm.VIEW,
        icon="signpost-split",
        order=20,
    )
    navigation.register(
        label=gettext_lazy("События"),
        url_name="roadmap:events",
        group=gettext_lazy("Дорожная карта"),
        permission=RoadmapPerm.VIEW,
        icon="calendar-event",
        order=30,
    )
    dashboard.register_panel(
        key="roadmap-progress",
        template="roadmap/panels/progress.html",
        permission=RoadmapPerm.VIEW,
        context=_progress_panel,
        order=10,
        wide=True,
    )
    dashboard.register_panel(
        key="my-activities",
        template="roadmap/panels/my_activities.html",
        permission=RoadmapPerm.VIEW_ACTIVITY,
        context=_my_activities_panel,
        order=6,
    )
    dashboard.register_upcoming(upcoming)
    from .reminders import due_soon

    reminder_registry.register(due_soon)

"""The user's calendar feed: deadlines of their roadmap activities, the events, and what other apps register
in `mentoring.organisations.calendar` (their own plan items, meetings, questionnaire deadlines), as
iCalendar. An event's time is written in its organisation's time zone (TZID with its VTIMEZONE), so a
15:00 council of a Sakhalin school shows at 15:00 on a phone in Sakhalin."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from common import dates
from mentoring.models import Membership, Role
from mentoring.organisations import calendar as feed_items

from .models import Activity, Event, Roadmap

MANAGERS = {Role.ADMIN, Role.DIRECTOR, Role.CURATOR, Role.COORDINATOR}


def feed_for(user, *, base_url: str) -> bytes:
    """Whole-organisation deadlines and events for those who run the programme; a teacher or a
    psychologist gets the activities they are named responsible for and the events they are invited to."""
    person = getattr(user, "person", None)
    memberships = (
        Membership.objects.filter(person__user=user).prefetch_related("roles").select_related("organisation")
    )
    managed, member_of = [], []
    for membership in memberships:
        member_of.append(membership.organisation_id)
        if {role.role for role in membership.roles.all()} & MANAGERS:
            managed.append(membership.organisation_id)
    activities = Activity.objects.filter(due_date__isnull=False).exclude(
        stage__roadmap__status=Roadmap.Status.ARCHIVED
    )
    own = Q(responsible_people=person) if person else Q(pk__in=[])
    activities = (
        activities.filter(
            Q(stage__roadmap__organisation_id__in=managed)
            | (own & Q(stage__roadmap__organisation_id__in=member_of))
        )
        .select_related("stage__roadmap__organisation")
        .distinct()
    )
    events = (
        Event.objects.filter(
            Q(organisation_id__in=managed)
            | (Q(attendances__person=person) & Q(organisation_id__in=member_of) if person else Q(pk__in=[]))
        )
        .select_related("organisation")
        .distinct()
    )
    calendar = Calendar()
    calendar.add("prodid", "-//Nastavnik//roadmap//RU")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Наставник: дорожная карта")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    host = base_url.rsplit("//", maxsplit=1)[-1].split("/", maxsplit=1)[0] or "nastavnik"
    for activity in activities:
        organisation = activity.stage.roadmap.organisation
        if activity.due_date is None or organisation is None:  # excluded by the query; narrows the types
            continue
        item = CalendarEvent()
        item.add("uid", f"activity-{activity.pk}@{host}")
        item.add("dtstamp", stamp)
        item.add("dtstart", activity.due_date)
        item.add("dtend", activity.due_date + datetime.timedelta(days=1))
        prefix = "✔ " if activity.status == Activity.Status.DONE else ""
        item.add("summary", f"{prefix}Срок: {activity}")
        item.add(
            "description",
            f"{organisation}. {activity.deadline_text}. {activity.responsible_text}",
        )
        item.add("url", f"{base_url}/o/{organisation.slug}/roadmap/activity/{activity.pk}/")
        calendar.add_component(item)
    for event in events:
        item = CalendarEvent()
        item.add("uid", f"event-{event.pk}@{host}")
        item.add("dtstamp", stamp)
        zone = dates.zone(event.organisation)
        starts = event.starts_at.astimezone(zone)
        item.add("dtstart", starts)
        item.add("dtend", (event.ends_at or event.starts_at + datetime.timedelta(hours=1)).astimezone(zone))
        item.add("summary", event.title)
        if event.place:
            item.add("location", event.place)
        item.add("description", f"{event.organisation}. {event.get_kind_display()}")
        calendar.add_component(item)
    if person is not None:
        for membership in memberships:
            for entry in feed_items.items_for(person=person, organisation=membership.organisation):
                item = CalendarEvent()
                item.add("uid", f"{entry.uid}@{host}")
                item.add("dtstamp", stamp)
                item.add("dtstart", entry.date)
                item.add("dtend", entry.date + datetime.timedelta(days=1))
                item.add("summary", entry.summary)
                if entry.description:
                    item.add("description", entry.description)
                if entry.path:
                    item.add("url", f"{base_url}{entry.path}")
                calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical()

"""The calendar feed holds the person's own plan items, meetings, questionnaire deadlines and events, with
events in the organisation's time zone; a teacher sees only their own things."""

from __future__ import annotations

import datetime
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from mentoring.models import Meeting, Role
from mentoring.programme import services as programme
from roadmap import services
from roadmap.models import Attendance, Event
from surveys import services as surveys
from surveys.models import Invitation, Questionnaire
from tests.conftest import make_person
from tests.mentoring.conftest import add_mentee, add_mentor, approve, proposed_pair

SAKHALIN = zoneinfo.ZoneInfo("Asia/Sakhalin")
SPEC = {
    "title": "Анкета",
    "sections": [
        {"title": "Р", "questions": [{"code": "Q1", "type": "scale", "text": "?", "scale": [1, 5, "", ""]}]}
    ],
}


def _feed(client, person) -> icalendar.Calendar:
    token = services.calendar_token_for(user=person.user).token
    response = client.get(reverse("roadmap:calendar_feed", args=[token]))
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.content)


def _summaries(calendar) -> list[str]:
    return sorted(str(item["summary"]) for item in calendar.walk("VEVENT"))


@pytest.fixture
def teacher_world(organisation, personas):
    teacher = personas["teacher"]
    mentor = add_mentor(organisation, teacher)
    pair = approve(organisation, proposed_pair(organisation, mentor, [add_mentee(organisation)]))
    plan = programme.plan_create(pair=pair, actor=None)
    programme.plan_item_save(
        plan=plan, actor=None, data={"title": "Открытый урок", "due_date": datetime.date(2026, 3, 20)}
    )
    Meeting.objects.create(pair=pair, date=datetime.date(2026, 3, 5), topic="Разбор урока")
    # Someone else's pair: nothing of it in the teacher's feed.
    other = approve(
        organisation,
        proposed_pair(organisation, add_mentor(organisation), [add_mentee(organisation)]),
    )
    other_plan = programme.plan_create(pair=other, actor=None)
    programme.plan_item_save(
        plan=other_plan, actor=None, data={"title": "Чужой пункт", "due_date": datetime.date(2026, 3, 21)}
    )
    Meeting.objects.create(pair=other, date=datetime.date(2026, 3, 6), topic="Чужая встреча")
    questionnaire = surveys.questionnaire_create(
        organisation=organisation,
        actor=None,
        data={
            "title": "Входная диагностика",
            "audience": Questionnaire.Audience.CHOSEN_PEOPLE,
            "closes_on": datetime.date(2026, 3, 25),
        },
        spec=SPEC,
        chosen_people=[teacher],
    )
    surveys.questionnaire_open(
        questionnaire=questionnaire, actor=None, today=datetime.date(2026, 3, 1), send_emails=False
    )
    invited = Event.objects.create(
        organisation=organisation,
        title="Педсовет",
        starts_at=datetime.datetime(2026, 3, 10, 15, 0, tzinfo=SAKHALIN),
    )
    Attendance.objects.create(event=invited, person=teacher)
    Event.objects.create(
        organisation=organisation,
        title="Чужое совещание",
        starts_at=datetime.datetime(2026, 3, 11, 15, 0, tzinfo=SAKHALIN),
    )
    return teacher


@pytest.mark.django_db
def test_a_teacher_gets_their_own_things_and_nothing_else(client, teacher_world):
    summaries = _summaries(_feed(client, teacher_world))
    assert summaries == sorted(
        [
            "Срок по плану: Открытый урок",
            "Встреча наставнической пары: Разбор урока",
            "Заполнить анкету «Входная диагностика»",
            "Педсовет",
        ]
    )


@pytest.mark.django_db
def test_an_answered_questionnaire_leaves_the_feed(client, teacher_world):
    Invitation.objects.filter(person=teacher_world).update(answered=True)
    assert "Заполнить анкету «Входная диагностика»" not in _summaries(_feed(client, teacher_world))


@pytest.mark.django_db
def test_a_sakhalin_council_at_15_shows_at_15_in_sakhalin(client, organisation, teacher_world):
    organisation.time_zone = "Asia/Sakhalin"
    organisation.save(update_fields=["time_zone"])
    calendar = _feed(client, teacher_world)
    council = next(item for item in calendar.walk("VEVENT") if str(item["summary"]) == "Педсовет")
    starts = council.decoded("dtstart")
    assert starts.hour == 15 and str(starts.tzinfo) == "Asia/Sakhalin"
    assert council["dtstart"].params["TZID"] == "Asia/Sakhalin"
    assert starts.astimezone(datetime.UTC) == datetime.datetime(2026, 3, 10, 4, 0, tzinfo=datetime.UTC)
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Sakhalin"]
    day = next(item for item in calendar.walk("VEVENT") if "Открытый урок" in str(item["summary"]))
    assert day.decoded("dtstart") == datetime.date(2026, 3, 20)


@pytest.mark.django_db
def test_a_curator_who_is_not_in_the_pair_gets_no_plan_items(client, organisation, personas, teacher_world):
    summaries = _summaries(_feed(client, personas["curator"]))
    assert not any(s.startswith(("Срок по плану", "Встреча наставнической")) for s in summaries)
    assert "Педсовет" in summaries and "Чужое совещание" in summaries


@pytest.mark.django_db
def test_another_organisations_person_sees_none_of_it(client, foreign_organisation, teacher_world):
    outsider = make_person(foreign_organisation, roles=[Role.TEACHER], username="other-teacher")
    assert _summaries(_feed(client, outsider)) == []

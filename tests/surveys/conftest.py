"""Participants of a small programme in `organisation`: two mentors and three mentees (the `teacher` persona
among them) in the bases, one pair of the form «учитель – учитель»; and helpers that build questionnaires."""

from __future__ import annotations

import datetime

import pytest

from mentoring.models import MenteeProfile, MentoringForm, MentorProfile, Pair, PairMentee, Role
from surveys import services
from surveys.models import Questionnaire
from tests.conftest import make_person

TODAY = datetime.date(2026, 3, 10)


@pytest.fixture
def programme(organisation, personas):
    mentors = [
        make_person(organisation, roles=[Role.TEACHER], last_name="Петрова", email="petrova@example.com"),
        make_person(organisation, roles=[Role.TEACHER], last_name="Орлова", email="orlova@example.com"),
    ]
    teacher = personas["teacher"]
    teacher.email = "teacher@example.com"
    teacher.save()
    mentees = [
        teacher,
        make_person(organisation, roles=[Role.TEACHER], last_name="Смирнов", email="smirnov@example.com"),
        make_person(organisation, roles=[Role.TEACHER], last_name="Юдина"),
    ]
    for person in mentors:
        MentorProfile.objects.create(
            organisation=organisation, person=person, status=MentorProfile.Status.ACTIVE
        )
    for person in mentees:
        MenteeProfile.objects.create(organisation=organisation, person=person)
    # get_or_create: a transactional test before this one may have flushed the rows of the data migration.
    form, _created = MentoringForm.objects.get_or_create(
        code="teacher-teacher", defaults={"name": "учитель – учитель"}
    )
    pair = Pair.objects.create(
        organisation=organisation, mentor=mentors[0], form=form, status=Pair.Status.ACTIVE
    )
    PairMentee.objects.create(pair=pair, mentee=mentees[0])
    PairMentee.objects.create(pair=pair, mentee=mentees[1])
    return {"mentors": mentors, "mentees": mentees, "pair": pair, "form": form}


def build(organisation, questions, *, actor=None, **settings) -> Questionnaire:
    """A draft questionnaire with one section holding `questions` (dicts in the template format)."""
    data = {"title": "Проверочная анкета", "audience": Questionnaire.Audience.ALL_PARTICIPANTS, **settings}
    return services.questionnaire_create(
        organisation=organisation,
        actor=actor,
        data=data,
        spec={"title": data["title"], "sections": [{"title": "Раздел", "questions": questions}]},
    )


def opened(organisation, questions, **settings) -> Questionnaire:
    questionnaire = build(organisation, questions, **settings)
    services.questionnaire_open(questionnaire=questionnaire, actor=None, today=TODAY)
    questionnaire.refresh_from_db()
    return questionnaire


SCALE = {
    "code": "S1",
    "type": "scale",
    "text": "Насколько вы довольны?",
    "scale": [1, 10, "совсем нет", "очень"],
}
TEXT = {"code": "T1", "type": "long_text", "text": "Что изменить?", "required": False}

"""Helpers for the mentoring programme tests: people in the bases with consent."""

from __future__ import annotations

import datetime

import pytest

from common import dates
from mentoring.models import Competency, MentoringForm, MentorProfile, Pair, Role
from mentoring.programme import services
from tests.conftest import make_person

TODAY = dates.today()


def give_consent(organisation, person):
    return services.consent_give(
        organisation=organisation,
        person=person,
        given_on=TODAY - datetime.timedelta(days=10),
        text_version="ред. 2024",
        actor=None,
    )


def add_mentor(organisation, person=None, *, capacity=1, consent=True, competencies=(), **fields):
    person = person or make_person(organisation, roles=[Role.TEACHER], **fields)
    if consent:
        give_consent(organisation, person)
    services.mentor_profile_save(
        organisation=organisation,
        person=person,
        actor=None,
        data={
            "status": MentorProfile.Status.READY if consent else MentorProfile.Status.POTENTIAL,
            "capacity": capacity,
        },
        competencies=Competency.objects.filter(name__in=competencies),
    )
    return person


def add_mentee(organisation, person=None, *, consent=True, requests=(), **fields):
    person = person or make_person(organisation, roles=[Role.TEACHER], **fields)
    if consent:
        give_consent(organisation, person)
    services.mentee_profile_save(
        organisation=organisation,
        person=person,
        actor=None,
        data={"requests": "Помогите с дисциплиной"},
        request_tags=Competency.objects.filter(name__in=requests),
    )
    return person


def teacher_form():
    return MentoringForm.objects.get(code="teacher-teacher")


def proposed_pair(organisation, mentor, mentees):
    return services.pair_create(
        organisation=organisation, mentor=mentor, mentees=mentees, form=teacher_form(), actor=None
    )


@pytest.fixture
def pair_world(organisation, personas):
    """A mentor and a mentee (the `teacher` persona) with consent, in a proposed pair."""
    mentor = add_mentor(organisation, capacity=2, last_name="Петрова", subjects="Математика")
    mentee = add_mentee(organisation, personas["teacher"])
    pair = proposed_pair(organisation, mentor, [mentee])
    return {"mentor": mentor, "mentee": mentee, "pair": pair}


def approve(organisation, pair, actor=None) -> Pair:
    services.pairs_approve(organisation=organisation, pair_ids=[pair.pk], actor=actor)
    pair.refresh_from_db()
    return pair


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded scans and evidence go to a temporary folder, not the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def known(organisation):
    """A teacher already on the staff list, whom the import tests' files name again (to match and update)."""
    return make_person(
        organisation,
        roles=[Role.TEACHER],
        last_name="Кустова",
        first_name="Наталья",
        patronymic="Фёдоровна",
        birth_date=datetime.date(1976, 3, 14),
        email="kustova@school.example",
        phone="+7 914 555-55-55",
        position="Учитель",
        teaching_experience=20,
    )

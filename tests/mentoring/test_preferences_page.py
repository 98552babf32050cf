"""The curator's preferences page: drop-downs that list what a search finds, never the whole base."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.models import MenteeProfile, MentorProfile, Preference
from mentoring.programme.forms import PreferenceForm
from tests.conftest import make_person
from tests.mentoring.conftest import add_mentee, add_mentor

pytestmark = pytest.mark.django_db


def _url(organisation) -> str:
    return reverse("mentoring:preferences", args=[organisation.slug])


def _options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    assert select, name
    return re.findall(r'<option value="(\d+)"', select.group(0))


def _grow_bases(organisation, count: int) -> None:
    people = [make_person(organisation, last_name=f"Участникова{number:03}") for number in range(count)]
    MenteeProfile.objects.bulk_create(
        [MenteeProfile(organisation=organisation, person=person) for person in people[: count // 2]]
    )
    MentorProfile.objects.bulk_create(
        [
            MentorProfile(organisation=organisation, person=person, status=MentorProfile.Status.READY)
            for person in people[count // 2 :]
        ]
    )


def test_each_drop_down_is_cut_to_the_limit_and_says_so(organisation, as_user):
    _grow_bases(organisation, PreferenceForm.PICKER_LIMIT + 30)
    page = as_user("curator").get(_url(organisation)).content.decode()
    for name in PreferenceForm.PICKED:
        assert len(_options(page, name)) == PreferenceForm.PICKER_LIMIT
    assert page.count("первых — уточните поиск") == len(PreferenceForm.PICKED)


def test_a_search_lists_only_what_it_finds_and_keeps_the_person_already_chosen(organisation, as_user):
    _grow_bases(organisation, 20)
    wanted = add_mentor(organisation, last_name="Белоусова", position="Учитель химии")
    chosen = add_mentee(organisation, last_name="Яковлев")
    response = as_user("curator").get(
        _url(organisation),
        {"first_search": "белоус хими", "first": chosen.pk, "chooser_search": "нет-такого"},
    )
    page = response.content.decode()
    assert _options(page, "first") == [str(wanted.pk), str(chosen.pk)]
    assert f'<option value="{chosen.pk}" selected>' in page
    assert _options(page, "chooser") == []
    assert 'value="белоус хими"' in page


def test_saving_records_the_choices(organisation, as_user):
    mentee = add_mentee(organisation, last_name="Ильин")
    mentor = add_mentor(organisation, last_name="Сорокина")
    response = as_user("curator").post(_url(organisation), {"chooser": mentee.pk, "first": mentor.pk})
    assert response.status_code == 302
    assert list(Preference.objects.values_list("chooser", "chosen", "rank")) == [(mentee.pk, mentor.pk, 1)]
    page = as_user("curator").get(_url(organisation)).content.decode()
    assert "Ильин" in page and "Сорокина" in page


def test_find_without_javascript_keeps_the_form_and_saves_nothing(organisation, as_user):
    mentee = add_mentee(organisation, last_name="Ильин")
    mentor = add_mentor(organisation, last_name="Сорокина")
    response = as_user("curator").post(
        _url(organisation),
        {"chooser": mentee.pk, "first": mentor.pk, "first_search": "сорок", "find": "first"},
    )
    assert response.status_code == 200
    assert not Preference.objects.exists()
    page = response.content.decode()
    assert _options(page, "first") == [str(mentor.pk)]
    assert f'<option value="{mentee.pk}" selected>' in page


@pytest.mark.parametrize("forged", ["neighbour", "outsider"])
def test_a_person_of_another_organisation_is_refused_and_nothing_is_saved(
    organisation, personas, as_user, forged
):
    mentee = add_mentee(organisation, last_name="Ильин")
    response = as_user("curator").post(
        _url(organisation), {"chooser": mentee.pk, "first": personas[forged].pk}
    )
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not Preference.objects.exists()


def test_a_huge_search_costs_nothing_and_breaks_nothing(organisation, as_user):
    add_mentee(organisation, last_name="Ильин")
    response = as_user("curator").get(_url(organisation), {"first_search": "я" * 100_000, "first": "x" * 50})
    assert response.status_code == 200
    assert _options(response.content.decode(), "first") == []


def test_queries_do_not_grow_with_the_bases(organisation, as_user):
    client = as_user("curator")
    _grow_bases(organisation, 10)
    client.get(_url(organisation))  # warm the caches a first request fills
    with CaptureQueriesContext(connection) as small:
        assert client.get(_url(organisation)).status_code == 200
    _grow_bases(organisation, 200)
    with CaptureQueriesContext(connection) as large:
        assert client.get(_url(organisation)).status_code == 200
    assert len(large) == len(small)

"""The people picker (mentoring/programme/pickers.py): checkboxes with groups, and the forms that use it
refuse people of another organisation, whatever ids a forged request sends."""

from __future__ import annotations

import datetime

from django.urls import reverse

from mentoring.models import Role
from mentoring.programme.models import MenteeProfile, MentoringForm, MentorProfile, Pair
from mentoring.programme.pickers import PeoplePicker, people_groups
from roadmap import selectors as roadmap_selectors
from roadmap import services as roadmap_services
from roadmap.forms import EventForm, InviteMoreForm
from roadmap.models import Activity, Event
from surveys.forms import QuestionnaireForm
from surveys.models import Questionnaire
from tests.conftest import make_person


def _pair(organisation):
    mentor = make_person(organisation, roles=[Role.TEACHER], last_name="Орлова")
    mentee = make_person(organisation, roles=[Role.TEACHER], last_name="Жуков")
    MentorProfile.objects.create(organisation=organisation, person=mentor)
    MenteeProfile.objects.create(organisation=organisation, person=mentee)
    pair = Pair.objects.create(
        organisation=organisation, mentor=mentor, form=MentoringForm.objects.first() or _form()
    )
    pair.mentees.add(mentee)
    return pair, mentor, mentee


def _form():
    return MentoringForm.objects.create(code="teacher_teacher", name="Педагог — педагог")


def test_groups_by_role_base_and_pair(organisation, personas, foreign_organisation):
    pair, mentor, mentee = _pair(organisation)
    make_person(foreign_organisation, roles=[Role.CURATOR])
    groups = people_groups(organisation)
    keys = {group.key: group for group in groups.groups}
    assert {"role-curator", "role-director", "role-teacher", "mentors", "mentees", f"pair-{pair.pk}"} <= set(
        keys
    )
    assert keys[f"pair-{pair.pk}"].label == f"{mentor.short_name} — {mentee.short_name}"
    assert set(groups.members[mentor.pk]) >= {"role-teacher", "mentors", f"pair-{pair.pk}"}
    assert set(groups.members[mentee.pk]) >= {"mentees", f"pair-{pair.pk}"}
    assert groups.members[personas["curator"].pk] == ["role-curator"]
    # Nobody of the other organisation is in any group.
    foreign = set(foreign_organisation.memberships.values_list("person_id", flat=True))
    assert not foreign & set(groups.members)


def test_picker_renders_checkboxes_with_groups_and_no_multi_select(organisation, personas):
    pair, mentor, _mentee = _pair(organisation)
    form = QuestionnaireForm(organisation=organisation)
    assert isinstance(form.fields["chosen_people"].widget, PeoplePicker)
    html = str(form["chosen_people"])
    assert "<select" not in html and "Ctrl" not in html
    assert html.count('class="people-picker-option"') == organisation.memberships.count()
    assert f'value="{mentor.pk}"' in html
    assert f"pair-{pair.pk}" in html and 'data-picker-group="role-curator"' in html
    assert "Выбрать всех" in html and "data-picker-search" in html
    # The tools are hidden until app.js shows them: without JavaScript the list is plain checkboxes.
    assert "hidden data-picker-tools" in html


def test_questionnaire_with_people_of_another_organisation_is_refused(
    as_user, organisation, personas, foreign_organisation
):
    stranger = make_person(foreign_organisation, roles=[Role.TEACHER])
    own = personas["teacher"]
    client = as_user("curator")
    data = {
        "title": "Анкета для избранных",
        "purpose": Questionnaire.Purpose.OTHER,
        "audience": Questionnaire.Audience.CHOSEN_PEOPLE,
        "chosen_people": [own.pk, stranger.pk],
    }
    response = client.post(reverse("surveys:create", args=[organisation.slug]), data)
    assert response.status_code == 200
    assert not Questionnaire.objects.filter(title="Анкета для избранных").exists()
    assert "chosen_people" in response.context["form"].errors
    # A made-up id and a non-number are refused as well.
    for forged in ([999999], ["abc"]):
        response = client.post(
            reverse("surveys:create", args=[organisation.slug]), {**data, "chosen_people": forged}
        )
        assert response.status_code == 200
        assert "chosen_people" in response.context["form"].errors
    # The people of the organisation are accepted.
    response = client.post(
        reverse("surveys:create", args=[organisation.slug]), {**data, "chosen_people": [own.pk]}
    )
    assert response.status_code == 302
    assert list(Questionnaire.objects.get(title="Анкета для избранных").chosen_people.all()) == [own]


def test_editing_a_questionnaire_with_a_forged_id_keeps_its_people(
    as_user, organisation, personas, foreign_organisation
):
    stranger = make_person(foreign_organisation, roles=[Role.TEACHER])
    client = as_user("curator")
    url = reverse("surveys:create", args=[organisation.slug])
    data = {
        "title": "Выборочная анкета",
        "purpose": Questionnaire.Purpose.OTHER,
        "audience": Questionnaire.Audience.CHOSEN_PEOPLE,
        "chosen_people": [personas["teacher"].pk],
    }
    assert client.post(url, data).status_code == 302
    questionnaire = Questionnaire.objects.get(title="Выборочная анкета")
    edit = reverse("surveys:edit", args=[organisation.slug, questionnaire.pk])
    response = client.post(edit, {**data, "chosen_people": [personas["teacher"].pk, stranger.pk]})
    assert response.status_code == 200
    assert "chosen_people" in response.context["form"].errors
    assert list(questionnaire.chosen_people.all()) == [personas["teacher"]]


def test_event_with_invitees_of_another_organisation_is_refused(
    as_user, organisation, personas, foreign_organisation
):
    stranger = make_person(foreign_organisation, roles=[Role.TEACHER])
    client = as_user("curator")
    url = reverse("roadmap:event_create", args=[organisation.slug])
    data = {
        "kind": "council",
        "title": "Педсовет по наставничеству",
        "starts_at": "2026-01-10T15:00",
        "invited": [personas["teacher"].pk, stranger.pk],
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "invited" in response.context["form"].errors
    assert not Event.objects.filter(title="Педсовет по наставничеству").exists()
    response = client.post(url, {**data, "invited": ["1; DROP"]})
    assert "invited" in response.context["form"].errors
    # The event form shows the picker with the organisation's groups.
    page = client.get(url).content.decode()
    assert "data-people-picker" in page and "Ctrl" not in page and 'data-picker-group="role-curator"' in page
    response = client.post(url, {**data, "invited": [personas["teacher"].pk, personas["psychologist"].pk]})
    assert response.status_code == 302
    event = Event.objects.get(title="Педсовет по наставничеству")
    assert set(event.attendances.values_list("person_id", flat=True)) == {
        personas["teacher"].pk,
        personas["psychologist"].pk,
    }


def test_adding_invitees_on_the_event_page_refuses_strangers(
    as_user, organisation, personas, foreign_organisation
):
    stranger = make_person(foreign_organisation, roles=[Role.TEACHER])
    event = roadmap_services.event_create(
        organisation=organisation,
        actor=None,
        data={
            "kind": "council",
            "title": "Совет",
            "starts_at": datetime.datetime(2026, 1, 10, 12, tzinfo=datetime.UTC),
        },
        invited=[personas["teacher"]],
    )
    client = as_user("curator")
    url = reverse("roadmap:event", args=[organisation.slug, event.pk])
    page = client.get(url, {"invite": 1}).content.decode()
    # The others of the organisation are offered in the picker (asked for: «Пригласить ещё»); the invited one
    # is not offered again.
    assert 'id="more_invited_0"' in page and "<select" not in page.split("Лист регистрации")[1]
    client.post(url, {"invited": [personas["teacher"].pk, stranger.pk], "attended": []})
    assert set(event.attendances.values_list("person_id", flat=True)) == {personas["teacher"].pk}
    client.post(
        url,
        {
            "invited": [personas["teacher"].pk, personas["psychologist"].pk],
            "attended": [personas["psychologist"].pk],
        },
    )
    assert set(event.attendances.values_list("person_id", flat=True)) == {
        personas["teacher"].pk,
        personas["psychologist"].pk,
    }


def test_forms_offer_only_their_organisation(organisation, personas, foreign_organisation):
    stranger = make_person(foreign_organisation, roles=[Role.TEACHER])
    people = roadmap_selectors.members_of(organisation)
    form = EventForm(
        {"kind": "council", "title": "Т", "starts_at": "2026-01-10T15:00", "invited": [stranger.pk]},
        people=people,
        activities=Activity.objects.none(),
        with_invited=True,
        organisation=organisation,
    )
    assert not form.is_valid() and "invited" in form.errors
    more = InviteMoreForm({"invited": [stranger.pk]}, people=people, organisation=organisation)
    assert not more.is_valid()

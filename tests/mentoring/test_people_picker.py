"""The people picker (mentoring/programme/pickers.py): checkboxes with groups, and the forms that use it
refuse people of another organisation, whatever ids a forged request sends."""

from __future__ import annotations

import datetime

from django.urls import reverse

from mentoring.models import Role
from mentoring.programme.models import MenteeProfile, MentoringForm, MentorProfile, Pair
from mentoring.programme.pickers import PICKER_LIMIT, PeoplePicker, people_groups
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


def _many(organisation, count):
    # Names that sort after the personas («Тестова…»), so the first page of the picker is theirs.
    return [
        make_person(organisation, roles=[Role.TEACHER], last_name=f"Яковлева{n:03}") for n in range(count)
    ]


def test_a_large_school_gets_a_bounded_list_with_the_chosen_kept(as_user, organisation, personas):
    many = _many(organisation, PICKER_LIMIT + 5)
    last = many[-1]
    client = as_user("curator")
    url = reverse("roadmap:event_create", args=[organisation.slug])
    page = client.get(url).content.decode()
    assert page.count('class="people-picker-option"') == PICKER_LIMIT
    assert f'value="{last.pk}"' not in page and "уточните поиск" in page
    # A form's error (no title) keeps the chosen one beyond the first fifty, ticked, at the top.
    data = {"kind": "council", "starts_at": "2026-01-10T15:00", "invited": [last.pk]}
    response = client.post(url, data)
    assert "title" in response.context["form"].errors
    page = response.content.decode()
    assert page.count('class="people-picker-option"') == PICKER_LIMIT + 1
    assert f'name="invited" value="{last.pk}" id="id_invited_0" checked' in page


def test_the_search_starts_from_the_organisation(as_user, organisation, personas, foreign_organisation):
    own = make_person(organisation, roles=[Role.TEACHER], last_name="Сорокина")
    stranger = make_person(foreign_organisation, roles=[Role.TEACHER], last_name="Сорокина")
    client = as_user("curator")
    # htmx's GET of the page with the search (the picker's values), as on the preferences page.
    for url, name in (
        (reverse("roadmap:event_create", args=[organisation.slug]), "invited"),
        (reverse("surveys:create", args=[organisation.slug]), "chosen_people"),
    ):
        page = client.get(url, {f"{name}_q": "сорок"}).content.decode()
        assert f'value="{own.pk}"' in page and f'value="{stranger.pk}"' not in page
        assert page.count('class="people-picker-option"') == 1
        page = client.get(url, {f"{name}_q": "нет такого"}).content.decode()
        assert 'class="text-secondary small p-2" data-picker-empty' in page
    # Only who may invite gets the picker: a teacher may not create an event, nor sees the event's picker.
    assert as_user("teacher").get(url, {"chosen_people_q": "сорок"}).status_code == 403


def test_find_without_javascript_shows_the_form_again_unsaved(as_user, organisation, personas):
    own = make_person(organisation, roles=[Role.TEACHER], last_name="Сорокина")
    client = as_user("curator")
    url = reverse("roadmap:event_create", args=[organisation.slug])
    data = {
        "kind": "council",
        "title": "Совет без скриптов",
        "starts_at": "2026-01-10T15:00",
        "invited": [personas["teacher"].pk],
        "invited_q": "сорок",
        "find": "invited",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and not Event.objects.filter(title="Совет без скриптов").exists()
    page = response.content.decode()
    assert (
        "Совет без скриптов" in page and f'value="{own.pk}"' in page and not response.context["form"].errors
    )
    assert f'value="{personas["teacher"].pk}" id="id_invited_0" checked' in page
    # The event page's «Найти» saves no attendance either.
    event = roadmap_services.event_create(
        organisation=organisation,
        actor=None,
        data={
            "kind": "council",
            "title": "Совет",
            "starts_at": datetime.datetime(2026, 1, 10, tzinfo=datetime.UTC),
        },
        invited=[personas["teacher"]],
    )
    url = reverse("roadmap:event", args=[organisation.slug, event.pk])
    response = client.post(
        url, {"invited": [personas["teacher"].pk, own.pk], "invited_q": "сорок", "find": "1"}
    )
    assert response.status_code == 200
    assert set(event.attendances.values_list("person_id", flat=True)) == {personas["teacher"].pk}
    assert f'name="invited" value="{own.pk}" id="more_invited_0" checked' in response.content.decode()


def test_a_group_is_expanded_to_its_people_on_submit(as_user, organisation, personas, foreign_organisation):
    pair, mentor, mentee = _pair(organisation)
    foreign_pair, _foreign_mentor, _foreign_mentee = _pair(foreign_organisation)
    _many(organisation, PICKER_LIMIT + 5)
    client = as_user("curator")
    url = reverse("roadmap:event_create", args=[organisation.slug])
    data = {"kind": "council", "title": "Встреча пары", "starts_at": "2026-01-10T15:00"}
    # Another organisation's pair is no group of this one.
    response = client.post(url, {**data, "invited": [f"group:pair-{foreign_pair.pk}"]})
    assert response.status_code == 200 and "invited" in response.context["form"].errors
    response = client.post(url, {**data, "invited": [f"group:pair-{pair.pk}", personas["teacher"].pk]})
    assert response.status_code == 302
    event = Event.objects.get(title="Встреча пары")
    assert set(event.attendances.values_list("person_id", flat=True)) == {
        mentor.pk,
        mentee.pk,
        personas["teacher"].pk,
    }
    # A role of a large school: all its people, those the list does not show too.
    response = client.post(url, {**data, "title": "Все учителя", "invited": ["group:role-teacher"]})
    teachers = set(
        organisation.memberships.filter(roles__role=Role.TEACHER).values_list("person_id", flat=True)
    )
    assert len(teachers) > PICKER_LIMIT
    assert (
        set(Event.objects.get(title="Все учителя").attendances.values_list("person_id", flat=True))
        == teachers
    )
    # On the event page a group adds those of its people not invited yet.
    other = make_person(organisation, roles=[Role.TEACHER], last_name="Гусева")
    MentorProfile.objects.create(organisation=organisation, person=other)
    url = reverse("roadmap:event", args=[organisation.slug, event.pk])
    response = client.post(url, {"invited": [mentor.pk, mentee.pk, personas["teacher"].pk, "group:mentors"]})
    assert response.status_code == 302
    assert set(event.attendances.values_list("person_id", flat=True)) == {
        mentor.pk,
        mentee.pk,
        personas["teacher"].pk,
        other.pk,
    }
    client.post(url, {"invited": [mentor.pk, f"group:pair-{foreign_pair.pk}"]})
    assert other.pk in set(event.attendances.values_list("person_id", flat=True))

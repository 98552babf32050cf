"""The answer form: one field per question type with the question's own rules, drafts as the same form
validated partially, and the page built from it (titles inside the cards, errors next to each question and
in a summary that links to them). Every refusal is in Russian and stores nothing."""

import re

import pytest

from surveys.forms import AnswersForm, PeopleField
from surveys.models import Question, Response, ResponseDraft

from .conftest import TODAY, opened
from .test_answers import QUESTIONS, valid_raw


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("surveys.views._today", lambda: TODAY)


@pytest.fixture
def questionnaire(organisation, programme):
    return opened(organisation, QUESTIONS)


@pytest.fixture
def invitation(questionnaire, personas):
    return questionnaire.invitations.get(person=personas["teacher"])


def post_data(programme, **changes):
    """What the browser posts for the nine questions of QUESTIONS, all valid, with `changes` applied."""
    mentor_a, mentor_b = programme["mentors"]
    data = {
        "A1": "Да",
        "A2": ["А", "В"],
        "A3": "7",
        "A4__1": "4",
        "A4__2": "5",
        "A5": "коротко",
        "A6": "подробно",
        "A7": "1 200,5",
        "A8": "2026-03-14",
        "A9__1": str(mentor_b.pk),
        "A9__2": str(mentor_a.pk),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def form_for(invitation, data, *, partial=False):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    questionnaire = invitation.questionnaire
    return AnswersForm(
        query,
        questions=list(questionnaire.questions.select_related("section")),
        organisation=questionnaire.organisation,
        respondent=invitation.person,
        partial=partial,
    )


@pytest.mark.django_db
def test_the_form_has_one_field_per_question_chosen_by_its_type(invitation):
    form = form_for(invitation, {})
    assert list(form.fields) == [question["code"] for question in QUESTIONS]
    assert {question.type for question in form.questions} == set(Question.Type.values)
    assert isinstance(form.fields["A9"], PeopleField)
    assert form.fields["A5"].max_length == 500 and form.fields["A6"].max_length == 5000


@pytest.mark.django_db
def test_valid_input_of_every_type_cleans_to_the_stored_value(invitation, programme):
    form = form_for(invitation, post_data(programme))
    assert form.is_valid(), form.errors
    mentor_a, mentor_b = programme["mentors"]
    assert form.answers() == {
        "A1": "Да",
        "A2": ["А", "В"],
        "A3": 7,
        "A4": [4, 5],
        "A5": "коротко",
        "A6": "подробно",
        "A7": 1200.5,
        "A8": "2026-03-14",
        "A9": [mentor_b.pk, mentor_a.pk],
    }
    # What a draft would keep is what was typed, per question code.
    assert form.typed_answers()["A4"] == ["4", "5"]
    assert form.typed_answers()["A9"] == [str(mentor_b.pk), str(mentor_a.pk)]


FORM_BAD = [
    ("A1", {"A1": "Может быть"}, "Выберите один из предложенных вариантов."),
    ("A1", {"A1": "2"}, "Выберите один из предложенных вариантов."),
    ("A1", {"A1": ""}, "Ответьте на этот вопрос."),
    ("A2", {"A2": ["А", "Г"]}, "Выберите варианты из предложенных."),
    ("A2", {"A2": ["А", "Б", "В"]}, "Можно выбрать не больше 2."),
    ("A2", {"A2": []}, "Ответьте на этот вопрос."),
    ("A3", {"A3": "0"}, "Выберите значение от 1 до 10."),
    ("A3", {"A3": "11"}, "Выберите значение от 1 до 10."),
    ("A3", {"A3": "-3"}, "Выберите значение от 1 до 10."),
    ("A3", {"A3": "семь"}, "Выберите значение на шкале."),
    ("A4", {"A4__2": "9"}, "Выберите значение от 1 до 5."),
    ("A4", {"A4__2": ""}, "Оцените каждое утверждение (не оценено: 1)."),
    ("A4", {"A4__1": "", "A4__2": ""}, "Ответьте на этот вопрос."),
    ("A4", {"A4__3": "3"}, "Ответ не распознан."),  # a row the question does not have
    ("A5", {"A5": "я" * 100_000}, "Не длиннее 500 знаков."),
    ("A5", {"A5": "   "}, "Ответьте на этот вопрос."),
    ("A6", {"A6": "я" * 5001}, "Не длиннее 5000 знаков."),
    ("A7", {"A7": "двенадцать"}, "Введите число, например 12 или 3,5."),
    ("A7", {"A7": "1e400"}, "Введите число, например 12 или 3,5."),
    ("A7", {"A7": "NaN"}, "Введите число, например 12 или 3,5."),
    ("A7", {"A7": "1000000000000"}, "Введите число, например 12 или 3,5."),
    ("A8", {"A8": "31.02.2026"}, "Такой даты нет в календаре: проверьте день и месяц."),
    ("A8", {"A8": "1812-09-07"}, "Укажите год от 1900 до 2100."),
    ("A8", {"A8": "весной"}, "Введите дату в виде ДД.ММ.ГГГГ."),
    ("A9", {"A9__1": "999999"}, "Выберите людей из списка."),
    ("A9", {"A9__1": "не число"}, "Выберите людей из списка."),
    ("A9", {"A9__1": "", "A9__2": ""}, "Ответьте на этот вопрос."),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "change", "message"), FORM_BAD, ids=[f"{c}-{i}" for i, (c, _v, _m) in enumerate(FORM_BAD)]
)
def test_bad_input_of_every_type_gets_its_russian_message(invitation, programme, code, change, message):
    form = form_for(invitation, post_data(programme, **change))
    assert not form.is_valid()
    assert form.messages_by_code() == {code: message}


@pytest.mark.django_db
def test_a_forged_extra_rank_beyond_the_slots_is_refused(invitation, programme, personas):
    extra = programme["mentees"][1]
    invitation.questionnaire.questions.filter(code="A9").update(people_source="staff", max_choices=1)
    form = form_for(invitation, post_data(programme, A9__2=str(extra.pk)))
    assert not form.is_valid()
    assert form.messages_by_code() == {"A9": "Можно выбрать не больше 1."}


@pytest.mark.django_db
def test_the_respondent_is_not_among_the_people_to_choose(questionnaire, programme):
    mentor = programme["mentors"][0]
    invitation = questionnaire.invitations.get(person=mentor)
    form = form_for(invitation, post_data(programme, A9__1=str(mentor.pk), A9__2=""))
    assert mentor not in form.fields["A9"].people
    assert form.messages_by_code() == {"A9": "Выберите людей из списка."}


@pytest.mark.django_db
def test_a_draft_is_the_same_form_without_required_questions(invitation, programme):
    form = form_for(invitation, {"A3": "7", "A4__1": "4", "A4__2": "", "A7": "много"}, partial=True)
    assert not form.is_valid()
    # Only the wrong answer is refused; the missing required ones and the half-rated matrix are fine.
    assert form.messages_by_code() == {"A7": "Введите число, например 12 или 3,5."}
    assert form.answers() == {"A3": 7, "A4": [4, None]}
    assert form.typed_answers() == {"A3": "7", "A4": ["4", ""]}


def fill_url(invitation):
    return f"/s/{invitation.token}/"


@pytest.mark.django_db
def test_a_100000_character_text_is_refused_in_russian_and_nothing_is_saved(client, invitation, programme):
    page = client.post(fill_url(invitation), {"action": "submit", **post_data(programme, A5="я" * 100_000)})
    assert page.status_code == 400
    html = page.content.decode()
    assert "Не длиннее 500 знаков." in html and 'data-error="A5"' in html
    assert not Response.objects.exists()
    invitation.refresh_from_db()
    assert not invitation.answered
    draft = client.post(fill_url(invitation), {"action": "draft", **post_data(programme, A5="я" * 100_000)})
    assert draft.status_code == 200 and "Не длиннее 500 знаков." in draft.content.decode()
    assert "A5" not in ResponseDraft.objects.get(invitation=invitation).data
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_a_draft_keeps_the_valid_answers_and_names_the_wrong_ones(client, invitation, programme):
    page = client.post(
        fill_url(invitation), {"action": "draft", "A3": "7", "A4__1": "4", "A7": "много", "A8": ""}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Черновик сохранён" in html
    assert 'data-error="A7"' in html and 'data-error="A1"' not in html  # required questions may wait
    assert 'href="#q-A7"' in html and 'value="много"' in html
    assert ResponseDraft.objects.get(invitation=invitation).data == {"A3": "7", "A4": ["4", ""]}
    autosave = client.post(fill_url(invitation), {"action": "autosave", "A3": "8", "A7": "много"})
    assert autosave.status_code == 200
    assert "Черновик сохранён" in autosave.content.decode() and "с ошибкой" in autosave.content.decode()
    assert ResponseDraft.objects.get(invitation=invitation).data == {"A3": "8"}
    # The draft comes back as the form's initial values, without error messages.
    again = client.get(fill_url(invitation)).content.decode()
    assert 'id="A3-8" value="8" autocomplete="off" checked' in again and "data-error" not in again
    assert not Response.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("anonymous", [False, True])
def test_a_double_submit_of_every_type_stores_one_response(
    client, organisation, personas, programme, anonymous
):
    questions = QUESTIONS[:8] if anonymous else QUESTIONS
    questionnaire = opened(organisation, questions, is_anonymous=anonymous)
    invitation = questionnaire.invitations.get(person=personas["teacher"])
    data = {"action": "submit", **post_data(programme)}
    if anonymous:
        data = {key: value for key, value in data.items() if not key.startswith("A9")}
    assert client.post(fill_url(invitation), data).status_code == 200
    second = client.post(fill_url(invitation), {**data, "A3": "2"})
    assert second.status_code == 409 and "Вы уже отправили ответы на эту анкету" in second.content.decode()
    response = Response.objects.get(questionnaire=questionnaire)
    assert response.answers.get(question__code="A3").value == 7
    assert response.answers.count() == len(questions)
    assert (response.respondent_id is None) is anonymous and (response.invitation_id is None) is anonymous
    assert (response.submitted_at is None) is anonymous


@pytest.mark.django_db
def test_the_page_puts_titles_inside_cards_and_summarises_the_errors(client, invitation, programme):
    page = client.post(fill_url(invitation), {"action": "submit", **post_data(programme, A1="", A3="42")})
    assert page.status_code == 400
    html = page.content.decode()
    # No legend on the border of a card: the card is a div, the fieldset (and its legend) inside its body.
    assert not re.search(r"<fieldset[^>]*class=\"[^\"]*card", html)
    assert re.search(
        r'<div class="card mb-2 survey-question[^"]*" id="q-A1"[^>]*>\s*<div class="card-body">\s*<fieldset',
        html,
    )
    assert '<label class="survey-question-title" for="A5">' in html
    summary = html[html.index('id="error-summary"') : html.index("</ul>", html.index('id="error-summary"'))]
    assert "Проверьте ответы" in summary
    assert re.findall(r'href="#q-(\w+)"', summary) == ["A1", "A3"]
    assert 'data-error="A1"' in html and "Выберите значение от 1 до 10." in html
    # Options and scale points are the 44-px tap targets of the page's stylesheet.
    assert html.count('class="survey-option"') == 2 + 3
    assert "css/survey-fill.css" in html and "<script>" not in html


@pytest.mark.django_db
def test_a_submitted_response_comes_back_in_the_form_for_correction(
    client, organisation, personas, programme
):
    questionnaire = opened(organisation, QUESTIONS, allow_edit_until_close=True)
    invitation = questionnaire.invitations.get(person=personas["teacher"])
    assert client.post(fill_url(invitation), {"action": "submit", **post_data(programme)}).status_code == 200
    html = client.get(fill_url(invitation)).content.decode()
    mentor_b = programme["mentors"][1]
    assert 'id="A4__2-5" value="5" autocomplete="off" checked' in html
    assert re.search(rf'<option value="{mentor_b.pk}" selected>', html)
    assert 'value="В" class="form-check-input" id="A2_2" checked' in html
    corrected = {**post_data(programme, A3="2", A4__2="1"), "action": "submit"}
    assert client.post(fill_url(invitation), corrected).status_code == 200
    response = Response.objects.get(questionnaire=questionnaire)
    assert response.answers.get(question__code="A4").value == [4, 1] and response.updated_at is not None
    assert valid_raw(programme)["A1"] == response.answers.get(question__code="A1").value


@pytest.mark.django_db
def test_the_preview_shows_the_form_and_cannot_submit(as_user, organisation, questionnaire):
    page = as_user("curator").get(f"/o/{organisation.slug}/surveys/{questionnaire.pk}/preview/")
    html = page.content.decode()
    assert page.status_code == 200 and 'id="q-A9"' in html and "Предпросмотр" in html
    assert '<form novalidate id="answer-form">' in html and "disabled" in html

"""Each question type: what it accepts, what it refuses (in Russian), and what is stored."""

import pytest
from django.core.exceptions import ValidationError

from surveys import services
from surveys.models import Answer

from .conftest import TODAY, opened

QUESTIONS = [
    {"code": "A1", "type": "single", "text": "Один", "options": ["Да", "Нет"]},
    {"code": "A2", "type": "multiple", "text": "Несколько", "options": ["А", "Б", "В"], "max_choices": 2},
    {"code": "A3", "type": "scale", "text": "Шкала", "scale": [1, 10, "мало", "много"]},
    {
        "code": "A4",
        "type": "matrix",
        "text": "Таблица",
        "scale": [1, 5, "", ""],
        "statements": ["Раз", "Два"],
    },
    {"code": "A5", "type": "short_text", "text": "Коротко"},
    {"code": "A6", "type": "long_text", "text": "Подробно"},
    {"code": "A7", "type": "number", "text": "Число"},
    {"code": "A8", "type": "date", "text": "Дата"},
    {"code": "A9", "type": "people", "text": "Люди", "people_source": "mentors", "max_choices": 2},
]


def valid_raw(programme):
    mentor_a, mentor_b = programme["mentors"]
    return {
        "A1": "Да",
        "A2": ["В", "А"],
        "A3": "7",
        "A4": ["4", "5"],
        "A5": "  коротко  ",
        "A6": "строка 1\nстрока 2",
        "A7": "3,5",
        "A8": "14.03.2026",
        "A9": [str(mentor_b.pk), str(mentor_a.pk)],
    }


@pytest.mark.django_db
def test_every_type_is_stored_as_its_json_value(organisation, personas, programme):
    questionnaire = opened(organisation, QUESTIONS)
    invitation = questionnaire.invitations.get(person=personas["teacher"])
    response = services.response_submit(
        invitation=invitation, raw=valid_raw(programme), actor=None, today=TODAY
    )
    stored = {answer.question.code: answer.value for answer in Answer.objects.filter(response=response)}
    mentor_a, mentor_b = programme["mentors"]
    assert stored == {
        "A1": "Да",
        "A2": ["А", "В"],
        "A3": 7,
        "A4": [4, 5],
        "A5": "коротко",
        "A6": "строка 1\nстрока 2",
        "A7": 3.5,
        "A8": "2026-03-14",
        "A9": [mentor_b.pk, mentor_a.pk],
    }


BAD = [
    ("A1", "Может быть", "Выберите один из предложенных вариантов."),
    ("A2", ["А", "Б", "В"], "Можно выбрать не больше 2."),
    ("A2", ["Г"], "Выберите варианты из предложенных."),
    ("A3", "11", "Выберите значение от 1 до 10."),
    ("A3", "семь", "Выберите значение на шкале."),
    ("A4", ["4", ""], "Оцените каждое утверждение (не оценено: 1)."),
    ("A4", ["4", "6"], "Выберите значение от 1 до 5."),
    ("A5", "я" * 501, "Не длиннее 500 знаков."),
    ("A7", "двенадцать", "Введите число, например 12 или 3,5."),
    ("A7", "1e400", "Введите число, например 12 или 3,5."),
    ("A8", "31.02.2026", "Такой даты нет в календаре: проверьте день и месяц."),
    ("A8", "2026-13-45", "Введите дату в виде ДД.ММ.ГГГГ."),
    ("A8", "07.09.1812", "Укажите год от 1900 до 2100."),
    ("A9", ["999999"], "Выберите людей из списка."),
    ("A1", "", "Ответьте на этот вопрос."),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "value", "message"), BAD, ids=[f"{c}-{i}" for i, (c, _v, _m) in enumerate(BAD)]
)
def test_wrong_answers_are_refused_in_russian_and_nothing_is_stored(
    organisation, personas, programme, code, value, message
):
    questionnaire = opened(organisation, QUESTIONS)
    invitation = questionnaire.invitations.get(person=personas["teacher"])
    raw = {**valid_raw(programme), code: value}
    with pytest.raises(ValidationError) as error:
        services.response_submit(invitation=invitation, raw=raw, actor=None, today=TODAY)
    assert error.value.message_dict == {code: [message]}
    invitation.refresh_from_db()
    assert not invitation.answered
    assert not questionnaire.responses.exists()


@pytest.mark.django_db
def test_people_cannot_choose_themselves_or_the_same_person_twice(organisation, personas, programme):
    questionnaire = opened(organisation, QUESTIONS[8:])
    mentor = programme["mentors"][0]
    invitation = questionnaire.invitations.get(person=mentor)
    with pytest.raises(ValidationError) as error:
        services.response_submit(invitation=invitation, raw={"A9": [str(mentor.pk)]}, actor=None, today=TODAY)
    assert error.value.message_dict == {"A9": ["Выберите людей из списка."]}
    other = programme["mentors"][1]
    invitation = questionnaire.invitations.get(person=personas["teacher"])
    with pytest.raises(ValidationError) as error:
        services.response_submit(
            invitation=invitation, raw={"A9": [str(other.pk), str(other.pk)]}, actor=None, today=TODAY
        )
    assert error.value.message_dict == {"A9": ["Один и тот же человек выбран дважды."]}


@pytest.mark.django_db
def test_optional_questions_may_stay_empty(organisation, personas, programme):
    questionnaire = opened(
        organisation,
        [{"code": "O1", "type": "long_text", "text": "Пожелания", "required": False}, QUESTIONS[2]],
    )
    invitation = questionnaire.invitations.get(person=personas["teacher"])
    response = services.response_submit(
        invitation=invitation, raw={"O1": "", "A3": "3"}, actor=None, today=TODAY
    )
    assert list(response.answers.values_list("question__code", flat=True)) == ["A3"]


@pytest.mark.django_db
def test_the_form_posts_each_type_and_errors_are_shown_next_to_the_question(
    client, organisation, personas, programme, monkeypatch
):
    monkeypatch.setattr("surveys.views._today", lambda: TODAY)
    questionnaire = opened(organisation, QUESTIONS)
    invitation = questionnaire.invitations.get(person=personas["teacher"])
    mentor_a, mentor_b = programme["mentors"]
    post = {
        "action": "submit",
        "A1": "Да",
        "A2": ["А", "В"],
        "A3": "7",
        "A4__1": "4",
        "A4__2": "",
        "A5": "коротко",
        "A6": "подробно",
        "A7": "12",
        "A8": "2026-03-14",
        "A9__1": str(mentor_a.pk),
        "A9__2": "",
    }
    url = f"/s/{invitation.token}/"
    page = client.post(url, post)
    assert page.status_code == 400
    html = page.content.decode()
    assert 'data-error="A4"' in html and "Оцените каждое утверждение" in html
    assert 'value="коротко"' in html  # what was typed is kept
    post["A4__2"] = "2"
    assert client.post(url, post).status_code == 200
    assert questionnaire.responses.get().answers.get(question__code="A4").value == [4, 2]

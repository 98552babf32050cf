"""The curator's builder: templates, questions of every type, reorder, copy, final wave, locks."""

import pytest
from django.core.exceptions import ValidationError

from mentoring.models import AuditEntry
from surveys import library, services
from surveys.models import Question, Questionnaire

from .conftest import SCALE, TODAY, build, opened


def test_every_shipped_template_is_valid_and_in_russian():
    templates = library.template_list()
    assert {t["purpose"] for t in templates} >= {
        "Анкета наставника (вход в программу)",
        "Анкета наставляемого (вход в программу, запросы)",
        "Предпочитаемый наставник/наставляемый",
        "Удовлетворённость",
        "Диагностика",
        "Качество программы",
    }
    for template in templates:
        assert any("а" <= char <= "я" for char in template["title"].lower())


@pytest.mark.django_db
@pytest.mark.parametrize("key", [t["key"] for t in library.template_list()])
def test_a_questionnaire_is_created_from_each_template(organisation, personas, key):
    questionnaire = services.questionnaire_from_template(
        organisation=organisation, actor=personas["curator"].user, key=key
    )
    spec = library.template_get(key)
    assert questionnaire.status == Questionnaire.Status.DRAFT
    assert questionnaire.questions.count() == sum(len(s["questions"]) for s in spec["sections"])  # type: ignore[misc]
    assert AuditEntry.objects.filter(action="survey.created").count() == 1


@pytest.mark.django_db
def test_curator_creates_from_a_template_through_the_page(as_user, organisation, personas):
    page = as_user("curator").post(f"/o/{organisation.slug}/surveys/new/", {"template": "3-preference"})
    questionnaire = Questionnaire.objects.get()
    assert page.status_code == 302 and page["Location"].endswith(f"/surveys/{questionnaire.pk}/")
    assert questionnaire.purpose == "preference"
    bad = as_user("curator").post(
        f"/o/{organisation.slug}/surveys/new/", {"template": "../../etc/passwd"}, follow=True
    )
    assert "Такого шаблона анкеты нет" in bad.content.decode()
    assert Questionnaire.objects.count() == 1


QUESTION_POST = {
    "code": "Q09",
    "type": "single",
    "text": "Как часто встречаетесь?",
    "required": "on",
    "options": "Раз в неделю\nРаз в месяц",
    "scale_min": "1",
    "scale_max": "10",
    "people_source": "mentors",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"options": "Только один"}, "options", "хотя бы два варианта"),
        ({"options": "Да\nДа"}, "options", "повторяются"),
        ({"code": "1 вопрос"}, "code", "латинская буква"),
        ({"code": "S1"}, "code", "уже есть"),
        ({"type": "matrix", "statements": ""}, "statements", "Перечислите утверждения"),
        ({"type": "scale", "scale_min": "5", "scale_max": "3"}, "scale_max", "больше нижнего"),
        ({"type": "scale", "scale_min": "0", "scale_max": "20"}, "scale_max", "не длиннее 11"),
        ({"type": "people", "max_choices": "40"}, "max_choices", "от 1 до 10"),
        ({"text": ""}, "text", "Обязательное поле"),
        ({"type": "nonsense"}, "type", "Выберите корректный вариант"),
    ],
)
def test_bad_questions_are_refused_with_a_message_and_nothing_changes(
    as_user, organisation, personas, change, field, message
):
    questionnaire = build(organisation, [SCALE])
    section = questionnaire.sections.get()
    post = {**QUESTION_POST, "section": section.pk, **change}
    page = as_user("curator").post(f"/o/{organisation.slug}/surveys/{questionnaire.pk}/questions/new/", post)
    assert page.status_code == 200
    assert message in str(page.context["form"].errors.get(field, "")) + str(page.context["form"].errors)
    assert questionnaire.questions.count() == 1


@pytest.mark.django_db
def test_curator_adds_edits_reorders_and_deletes_questions(as_user, organisation, personas):
    questionnaire = build(organisation, [SCALE])
    section = questionnaire.sections.get()
    client = as_user("curator")
    base = f"/o/{organisation.slug}/surveys/{questionnaire.pk}"
    assert client.post(f"{base}/questions/new/", {**QUESTION_POST, "section": section.pk}).status_code == 302
    added = questionnaire.questions.get(code="Q09")
    assert added.options == ["Раз в неделю", "Раз в месяц"] and added.order == 2
    moved = client.post(f"{base}/questions/{added.pk}/move/", {"direction": "up"}, HTTP_HX_REQUEST="true")
    assert moved.status_code == 200 and 'id="builder-sections"' in moved.content.decode()
    assert list(section.questions.order_by("order").values_list("code", flat=True)) == ["Q09", "S1"]
    edit = {**QUESTION_POST, "section": section.pk, "text": "Как часто вы встречаетесь с наставником?"}
    assert client.post(f"{base}/questions/{added.pk}/edit/", edit).status_code == 302
    added.refresh_from_db()
    assert added.text == "Как часто вы встречаетесь с наставником?"
    assert client.post(f"{base}/questions/{added.pk}/delete/").status_code == 302
    assert list(questionnaire.questions.values_list("code", flat=True)) == ["S1"]
    assert client.post(f"{base}/sections/new/", {"title": "Второй раздел"}).status_code == 302
    second = questionnaire.sections.get(title="Второй раздел")
    renamed = client.post(f"{base}/sections/{second.pk}/edit/", {"title": "Итоги"}, HTTP_HX_REQUEST="true")
    assert renamed.status_code == 200 and "Итоги" in renamed.content.decode()


@pytest.mark.django_db
def test_questions_are_locked_once_answers_exist(as_user, organisation, personas, programme):
    questionnaire = opened(organisation, [SCALE])
    services.response_submit(
        invitation=questionnaire.invitations.get(person=personas["teacher"]),
        raw={"S1": "5"},
        actor=None,
        today=TODAY,
    )
    question = questionnaire.questions.get()
    for call in (
        lambda: services.question_delete(question=question, actor=None),
        lambda: services.question_update(question=question, actor=None, data={"scale_max": 5}),
        lambda: services.question_create(
            section=question.section, actor=None, data={"code": "X1", "text": "?"}
        ),
        lambda: services.section_create(questionnaire=questionnaire, actor=None, title="Новый"),
        lambda: services.question_move(question=question, actor=None, direction="up"),
    ):
        with pytest.raises(ValidationError, match="уже отвечают"):
            call()
    page = as_user("curator").post(
        f"/o/{organisation.slug}/surveys/{questionnaire.pk}/questions/{question.pk}/delete/", follow=True
    )
    assert "уже отвечают" in page.content.decode()
    assert Question.objects.filter(pk=question.pk).exists()


@pytest.mark.django_db
def test_duplicate_and_final_wave_copy_the_questions(organisation, personas, programme):
    questionnaire = opened(
        organisation,
        [
            SCALE,
            {
                "code": "M1",
                "type": "matrix",
                "text": "Оценка",
                "scale": [1, 5, "", ""],
                "statements": ["А", "Б"],
            },
        ],
    )
    copy = services.questionnaire_duplicate(questionnaire=questionnaire, actor=None)
    assert (
        copy.title == "Проверочная анкета (копия)" and copy.status == "draft" and copy.previous_wave is None
    )
    assert list(copy.questions.values_list("code", "statements")) == [("S1", []), ("M1", ["А", "Б"])]
    assert not copy.invitations.exists()
    wave = services.questionnaire_final_wave_create(questionnaire=questionnaire, actor=None)
    assert wave.previous_wave == questionnaire and wave.title == "Проверочная анкета — итоговая волна"
    with pytest.raises(ValidationError, match="уже итоговая"):
        services.questionnaire_final_wave_create(questionnaire=wave, actor=None)
    with pytest.raises(ValidationError, match="входная была открыта"):
        services.questionnaire_final_wave_create(questionnaire=copy, actor=None)


@pytest.mark.django_db
def test_final_wave_page_refuses_wrong_dates(as_user, organisation, personas, programme):
    questionnaire = opened(organisation, [SCALE])
    page = as_user("curator").post(
        f"/o/{organisation.slug}/surveys/{questionnaire.pk}/final-wave/",
        {"opens_on": "20.05.2026", "closes_on": "01.05.2026"},
    )
    assert page.status_code == 200 and "раньше даты открытия" in page.content.decode()
    page = as_user("curator").post(
        f"/o/{organisation.slug}/surveys/{questionnaire.pk}/final-wave/", {"opens_on": "31.02.2026"}
    )
    assert page.status_code == 200 and "Введите правильную дату" in page.content.decode()
    assert Questionnaire.objects.count() == 1


@pytest.mark.django_db
def test_opening_an_empty_audience_or_questionnaire_is_refused(as_user, organisation, personas):
    empty = build(organisation, [], audience=Questionnaire.Audience.MENTORS)
    page = as_user("curator").post(
        f"/o/{organisation.slug}/surveys/{empty.pk}/open/", {"confirmed": "1"}, follow=True
    )
    assert "нет ни одного вопроса" in page.content.decode()
    nobody = build(organisation, [SCALE], audience=Questionnaire.Audience.MENTORS)
    page = as_user("curator").post(
        f"/o/{organisation.slug}/surveys/{nobody.pk}/open/", {"confirmed": "1"}, follow=True
    )
    assert "никого нет" in page.content.decode()
    assert not Questionnaire.objects.filter(status="open").exists()


@pytest.mark.django_db
def test_only_an_untouched_draft_can_be_deleted(as_user, organisation, personas, programme):
    draft = build(organisation, [SCALE])
    live = opened(organisation, [SCALE])
    client = as_user("curator")
    assert client.post(f"/o/{organisation.slug}/surveys/{live.pk}/delete/").status_code == 302
    assert Questionnaire.objects.filter(pk=live.pk).exists()
    client.post(f"/o/{organisation.slug}/surveys/{draft.pk}/delete/")
    assert not Questionnaire.objects.filter(pk=draft.pk).exists()

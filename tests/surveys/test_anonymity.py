"""Anonymous means the link is not stored at all: not in the response, not in the invitation's time, not in
the audit log, not in the export; and it cannot be switched once answers exist."""

import io

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from mentoring.models import AuditEntry
from surveys import export, services
from surveys.models import Answer, Invitation, Questionnaire, Response

from .conftest import SCALE, TEXT, TODAY, build, opened


@pytest.mark.django_db
def test_an_anonymous_response_keeps_no_link_to_the_person(organisation, personas, programme):
    questionnaire = opened(organisation, [SCALE, TEXT], is_anonymous=True)
    invitation = questionnaire.invitations.get(person=personas["teacher"])
    services.draft_save(invitation=invitation, raw={"S1": "2"}, today=TODAY)
    audit_before = AuditEntry.objects.count()
    user = personas["teacher"].user
    response = services.response_submit(
        invitation=invitation, raw={"S1": "6", "T1": "Всё хорошо"}, actor=user, today=TODAY
    )
    response.refresh_from_db()
    assert response.respondent_id is None and response.invitation_id is None
    assert response.submitted_at is None and response.updated_at is None
    invitation.refresh_from_db()
    assert invitation.answered and invitation.answered_at is None
    assert AuditEntry.objects.count() == audit_before  # no entry, no timestamp
    # Nothing anywhere refers to the person: no field of the response or its answers holds their id.
    person_id = personas["teacher"].pk
    for row in Response.objects.filter(pk=response.pk).values():
        assert person_id not in {value for key, value in row.items() if key != "questionnaire_id"}
    assert not Response.objects.filter(respondent=personas["teacher"]).exists()
    assert {type(pk) for pk in Answer.objects.values_list("pk", flat=True)} == {
        type(response.pk)
    }  # random keys
    # The draft the person typed is gone too.
    assert (
        not hasattr(Invitation.objects.get(pk=invitation.pk), "draft")
        or not Invitation.objects.get(pk=invitation.pk).draft
    )
    # Only the answered flag remains, for the response rate.
    assert questionnaire.invitations.filter(answered=True).count() == 1


@pytest.mark.django_db
def test_the_export_of_an_anonymous_questionnaire_has_no_names(organisation, personas, programme):
    questionnaire = opened(organisation, [SCALE], is_anonymous=True)
    for person in programme["mentees"]:
        invitation = questionnaire.invitations.get(person=person)
        services.response_submit(invitation=invitation, raw={"S1": "7"}, actor=None, today=TODAY)
    book = load_workbook(io.BytesIO(export.responses_xlsx(questionnaire)))
    rows = list(book.worksheets[0].values)
    assert rows[0] == ("№", "Роль", "Насколько вы довольны?")
    assert list(book.worksheets[1].values)[:2] == [("Код", "Вопрос"), ("S1", "Насколько вы довольны?")]
    assert [row[2] for row in rows[1:]] == [7] * len(programme["mentees"])  # a scale answer is a number
    text = repr(rows) + repr(list(book.worksheets[1].values))
    for person in programme["mentees"]:
        assert person.last_name not in text


@pytest.mark.django_db
def test_anonymity_cannot_be_switched_once_answers_exist(organisation, personas, programme):
    questionnaire = opened(organisation, [SCALE], is_anonymous=True)
    services.questionnaire_update(questionnaire=questionnaire, actor=None, data={"is_anonymous": False})
    services.questionnaire_update(questionnaire=questionnaire, actor=None, data={"is_anonymous": True})
    invitation = questionnaire.invitations.get(person=personas["teacher"])
    services.response_submit(invitation=invitation, raw={"S1": "5"}, actor=None, today=TODAY)
    with pytest.raises(ValidationError) as error:
        services.questionnaire_update(questionnaire=questionnaire, actor=None, data={"is_anonymous": False})
    assert "анонимность нельзя" in str(error.value)
    assert Questionnaire.objects.get(pk=questionnaire.pk).is_anonymous


@pytest.mark.django_db
def test_the_settings_form_refuses_the_switch_too(as_user, organisation, personas, programme):
    questionnaire = opened(organisation, [SCALE])
    services.response_submit(
        invitation=questionnaire.invitations.get(person=personas["teacher"]),
        raw={"S1": "5"},
        actor=None,
        today=TODAY,
    )
    page = as_user("curator").post(
        f"/o/{organisation.slug}/surveys/{questionnaire.pk}/settings/",
        {"title": "Новое", "purpose": "other", "audience": "all_participants", "is_anonymous": "on"},
    )
    assert page.status_code == 200 and "анонимность нельзя" in page.content.decode()
    questionnaire.refresh_from_db()
    assert not questionnaire.is_anonymous and questionnaire.title == "Проверочная анкета"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"is_anonymous": True, "allow_edit_until_close": True}, "нельзя исправлять"),
        ({"is_anonymous": True, "purpose": "preference"}, "не может быть анонимной"),
    ],
)
def test_anonymous_questionnaires_cannot_be_edited_later_or_hold_preferences(organisation, settings, message):
    with pytest.raises(ValidationError) as error:
        build(organisation, [SCALE], **settings)
    assert message in str(error.value)
    assert not Questionnaire.objects.exists()


def test_responses_are_not_in_the_django_admin():
    assert Response not in admin.site._registry and Answer not in admin.site._registry


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["=1+1", "+7 (900) 000-00-00", "-2", "@SUM(A1)", '=HYPERLINK("x")'])
def test_an_answer_that_looks_like_a_formula_is_exported_as_the_text_typed(
    organisation, personas, programme, typed
):
    """Read back with openpyxl: a string cell holding exactly what was typed — no formula, no apostrophe."""
    questionnaire = opened(organisation, [TEXT], is_anonymous=True)
    invitation = questionnaire.invitations.get(person=programme["mentees"][0])
    services.response_submit(invitation=invitation, raw={"T1": typed}, actor=None, today=TODAY)
    sheet = load_workbook(io.BytesIO(export.responses_xlsx(questionnaire))).worksheets[0]
    cell = sheet.cell(row=2, column=3)
    assert (cell.value, cell.data_type) == (typed, "s")

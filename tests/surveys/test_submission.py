"""One submission per invitation; drafts; closed questionnaires; editing until the close date."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from surveys import services
from surveys.models import Invitation, Questionnaire, Response, ResponseDraft

from .conftest import SCALE, TEXT, TODAY, build, opened


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("surveys.views._today", lambda: TODAY)


def fill_url(invitation):
    return f"/s/{invitation.token}/"


@pytest.mark.django_db
@pytest.mark.parametrize("anonymous", [False, True])
def test_a_double_click_submits_once_and_the_second_gets_a_clear_message(
    client, organisation, personas, programme, anonymous
):
    questionnaire = opened(organisation, [SCALE], is_anonymous=anonymous)
    invitation = questionnaire.invitations.get(person=personas["teacher"])
    first = client.post(fill_url(invitation), {"action": "submit", "S1": "8"})
    second = client.post(fill_url(invitation), {"action": "submit", "S1": "3"})
    assert first.status_code == 200
    assert second.status_code == 409
    assert "Вы уже отправили ответы на эту анкету" in second.content.decode()
    assert Response.objects.filter(questionnaire=questionnaire).count() == 1
    assert questionnaire.responses.get().answers.get().value == 8


@pytest.mark.django_db
def test_two_tabs_one_saves_a_draft_the_other_submits_then_the_first_submits(
    client, organisation, personas, programme
):
    questionnaire = opened(organisation, [SCALE, TEXT])
    invitation = questionnaire.invitations.get(person=personas["teacher"])
    # Tab 1 keeps a draft, tab 2 submits, tab 1 then tries to submit and to save its draft again.
    assert (
        client.post(fill_url(invitation), {"action": "draft", "S1": "5", "T1": "черновик"}).status_code == 200
    )
    assert ResponseDraft.objects.get(invitation=invitation).data == {"S1": "5", "T1": "черновик"}
    assert client.post(fill_url(invitation), {"action": "submit", "S1": "9"}).status_code == 200
    assert not ResponseDraft.objects.filter(invitation=invitation).exists()
    again = client.post(fill_url(invitation), {"action": "submit", "S1": "5", "T1": "черновик"})
    assert again.status_code == 409
    draft = client.post(fill_url(invitation), {"action": "autosave", "S1": "1"})
    assert draft.status_code == 409
    assert Response.objects.filter(questionnaire=questionnaire).count() == 1
    assert not ResponseDraft.objects.exists()


@pytest.mark.django_db
def test_the_draft_comes_back_when_the_link_is_opened_again(client, organisation, personas, programme):
    questionnaire = opened(organisation, [SCALE, TEXT])
    invitation = questionnaire.invitations.get(person=personas["teacher"])
    autosave = client.post(fill_url(invitation), {"action": "autosave", "T1": "начало ответа"})
    assert autosave.status_code == 200 and "Черновик сохранён" in autosave.content.decode()
    page = client.get(fill_url(invitation)).content.decode()
    assert "начало ответа" in page


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks of PostgreSQL")
def test_two_simultaneous_submissions_on_postgresql(organisation, personas, programme):
    questionnaire = opened(organisation, [SCALE])
    invitation = questionnaire.invitations.get(person=personas["teacher"])
    barrier = threading.Barrier(2)
    outcomes = []

    def submit(value):
        from django.db import connections

        barrier.wait()
        try:
            services.response_submit(invitation=invitation, raw={"S1": value}, actor=None, today=TODAY)
            outcomes.append("ok")
        except services.AlreadySubmitted:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(str(v),)) for v in (4, 6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Response.objects.filter(questionnaire=questionnaire).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["closed", "past_close_date", "draft", "not_yet_open"])
def test_a_questionnaire_not_open_refuses_answers(client, organisation, personas, programme, state):
    questionnaire = opened(organisation, [SCALE])
    if state == "closed":
        services.questionnaire_close(questionnaire=questionnaire, actor=None)
        message = "Анкета закрыта"
    elif state == "past_close_date":
        Questionnaire.objects.filter(pk=questionnaire.pk).update(
            opens_on=TODAY - datetime.timedelta(days=5), closes_on=TODAY - datetime.timedelta(days=1)
        )
        message = "Анкета закрыта"
    elif state == "draft":
        Questionnaire.objects.filter(pk=questionnaire.pk).update(status=Questionnaire.Status.DRAFT)
        message = "ещё не открыта"
    else:
        Questionnaire.objects.filter(pk=questionnaire.pk).update(opens_on=TODAY + datetime.timedelta(days=3))
        message = "Анкета откроется 13.03.2026"
    invitation = questionnaire.invitations.get(person=personas["teacher"])
    page = client.get(fill_url(invitation))
    assert page.status_code == 200 and message in page.content.decode()
    assert 'name="action"' not in page.content.decode()
    post = client.post(fill_url(invitation), {"action": "submit", "S1": "8"})
    assert post.status_code == 409 and message in post.content.decode()
    with pytest.raises(ValidationError):
        services.draft_save(invitation=invitation, raw={"S1": "8"}, today=TODAY)
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_a_wrong_token_is_404(client, db):
    assert client.get("/s/no-such-token/").status_code == 404
    assert client.post("/s/no-such-token/", {"action": "submit"}).status_code == 404


@pytest.mark.django_db
def test_answers_can_be_corrected_until_close_when_allowed(client, organisation, personas, programme):
    questionnaire = opened(organisation, [SCALE], allow_edit_until_close=True)
    invitation = questionnaire.invitations.get(person=personas["teacher"])
    client.post(fill_url(invitation), {"action": "submit", "S1": "4"})
    page = client.get(fill_url(invitation)).content.decode()
    assert "Их можно исправить" in page and 'value="4" autocomplete="off" checked' in page
    assert client.post(fill_url(invitation), {"action": "submit", "S1": "9"}).status_code == 200
    response = Response.objects.get(questionnaire=questionnaire)
    assert response.answers.get().value == 9 and response.updated_at is not None
    services.questionnaire_close(questionnaire=questionnaire, actor=None)
    assert client.post(fill_url(invitation), {"action": "submit", "S1": "1"}).status_code == 409
    assert Response.objects.get(questionnaire=questionnaire).answers.get().value == 9


@pytest.mark.django_db
def test_the_answered_invitation_of_a_named_questionnaire_keeps_its_time(organisation, personas, programme):
    questionnaire = opened(organisation, [SCALE])
    invitation = questionnaire.invitations.get(person=personas["teacher"])
    services.response_submit(invitation=invitation, raw={"S1": "5"}, actor=None, today=TODAY)
    invitation.refresh_from_db()
    assert invitation.answered and invitation.answered_at is not None
    assert Response.objects.get().respondent == personas["teacher"]


@pytest.mark.django_db
def test_opening_invites_the_audience_and_emails_the_links(organisation, personas, programme, mailoutbox):
    questionnaire = build(organisation, [SCALE], audience=Questionnaire.Audience.MENTEES, closes_on=TODAY)
    invited, sent = services.questionnaire_open(
        questionnaire=questionnaire, actor=None, today=TODAY, base_url="https://mentor.example.ru"
    )
    assert invited == 3 and sent == 2  # Юдина has no e-mail address
    tokens = set(Invitation.objects.values_list("token", flat=True))
    assert len(tokens) == 3 and all(len(token) >= 43 for token in tokens)
    assert any(f"https://mentor.example.ru/s/{token}/" in mailoutbox[0].body for token in tokens)
    assert "до 10.03.2026" in mailoutbox[0].body
    with pytest.raises(ValidationError):
        services.questionnaire_open(questionnaire=questionnaire, actor=None, today=TODAY)

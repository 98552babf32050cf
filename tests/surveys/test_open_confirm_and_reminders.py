"""Opening asks first, with the number of e-mails about to go; unanswered questionnaires are reminded of
before their deadline, once per person."""

from __future__ import annotations

import datetime

import pytest

from mentoring.models import MenteeProfile, Role
from mentoring.organisations import mail, reminders
from surveys import services
from surveys.models import Invitation, Questionnaire
from surveys.panels import survey_reminders
from tests.conftest import make_person

from .conftest import SCALE, TODAY, build


@pytest.mark.django_db
def test_the_open_button_shows_the_count_and_sends_nothing(
    as_user, organisation, personas, programme, mailoutbox
):
    questionnaire = build(organisation, [SCALE], audience=Questionnaire.Audience.MENTEES)
    url = f"/o/{organisation.slug}/surveys/{questionnaire.pk}/open/"
    page = as_user("curator").get(url)
    assert page.status_code == 200
    text = page.content.decode()
    # Three mentees, Юдина without an address.
    assert "Будет отправлено 2 письма." in text
    assert "нет адреса почты" in text
    # The old button's POST without the confirmation lands on the same page.
    page = as_user("curator").post(url)
    assert "Будет отправлено 2 письма." in page.content.decode()
    questionnaire.refresh_from_db()
    assert questionnaire.status == Questionnaire.Status.DRAFT and not mailoutbox
    page = as_user("curator").post(url, {"confirmed": "1"})
    assert page.status_code == 302
    questionnaire.refresh_from_db()
    assert questionnaire.status == Questionnaire.Status.OPEN
    assert len(mailoutbox) == 2
    assert all("List-Unsubscribe" in message.extra_headers for message in mailoutbox)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("count", "line"), [(1, "1 письмо"), (5, "5 писем"), (21, "21 письмо"), (23, "23 письма")]
)
def test_the_count_agrees_in_russian(as_user, organisation, personas, programme, count, line):
    questionnaire = build(organisation, [SCALE], audience=Questionnaire.Audience.MENTEES)
    MenteeProfile.objects.filter(organisation=organisation).delete()
    for number in range(count):
        person = make_person(organisation, roles=[Role.TEACHER], email=f"m{number}@example.com")
        MenteeProfile.objects.create(organisation=organisation, person=person)
    assert services.open_emails_count(questionnaire) == (count, 0)
    page = as_user("curator").get(f"/o/{organisation.slug}/surveys/{questionnaire.pk}/open/")
    assert f"Будет отправлено {line}." in page.content.decode()


@pytest.mark.django_db
def test_an_open_questionnaire_goes_back_to_its_page(as_user, organisation, personas, programme):
    questionnaire = build(organisation, [SCALE], audience=Questionnaire.Audience.MENTEES)
    services.questionnaire_open(questionnaire=questionnaire, actor=None, today=TODAY, send_emails=False)
    page = as_user("curator").get(f"/o/{organisation.slug}/surveys/{questionnaire.pk}/open/")
    assert page.status_code == 302


@pytest.mark.django_db
def test_unanswered_questionnaire_reminded_before_the_deadline_once(
    monkeypatch, organisation, personas, programme, mailoutbox
):
    closes_on = TODAY + datetime.timedelta(days=10)
    questionnaire = build(
        organisation, [SCALE], audience=Questionnaire.Audience.MENTEES, closes_on=closes_on, opens_on=TODAY
    )
    services.questionnaire_open(questionnaire=questionnaire, actor=None, today=TODAY)
    Invitation.objects.filter(person__email="smirnov@example.com").update(answered=True)
    monkeypatch.setattr(reminders, "_providers", [survey_reminders])
    mailoutbox.clear()
    assert reminders.send_due_reminders(today=TODAY + datetime.timedelta(days=2)) == (0, 0)
    day = closes_on - datetime.timedelta(days=3)
    sent, _skipped = reminders.send_due_reminders(today=day)
    assert sent == 1  # the teacher: Смирнов answered, Юдина has no address
    assert mailoutbox[0].to == ["teacher@example.com"]
    assert "до " + closes_on.strftime("%d.%m.%Y") in mailoutbox[0].body
    assert "List-Unsubscribe" in mailoutbox[0].extra_headers
    # The next days before the deadline: nothing again.
    assert reminders.send_due_reminders(today=day + datetime.timedelta(days=1))[0] == 0
    assert reminders.send_due_reminders(today=day)[0] == 0
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_person_who_turned_survey_reminders_off_gets_none(
    monkeypatch, organisation, personas, programme, mailoutbox
):
    closes_on = TODAY + datetime.timedelta(days=2)
    questionnaire = build(
        organisation, [SCALE], audience=Questionnaire.Audience.MENTEES, closes_on=closes_on, opens_on=TODAY
    )
    services.questionnaire_open(questionnaire=questionnaire, actor=None, today=TODAY, send_emails=False)
    mail.preferences_update(person=personas["teacher"], chosen={"plans": True})
    monkeypatch.setattr(reminders, "_providers", [survey_reminders])
    reminders.send_due_reminders(today=TODAY)
    assert sorted(message.to[0] for message in mailoutbox) == ["smirnov@example.com"]

"""E-mails: the preferences link and List-Unsubscribe headers on every message, the signed preferences page
without login, and `send_reminders` honouring the choice."""

from __future__ import annotations

import datetime

import pytest

from mentoring.models import EmailPreference
from mentoring.organisations import accounts, mail, reminders
from mentoring.organisations.reminders import Reminder
from tests.conftest import make_person


def _assert_unsubscribable(message, person) -> None:
    url = mail.preferences_url(person)
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body
    assert message.message()["List-Unsubscribe"] == f"<{url}>"


@pytest.fixture
def person(organisation):
    return make_person(organisation, email="ivanova@example.com", first_name="Мария", patronymic="Петровна")


def test_links_start_with_site_url(settings, person):
    settings.SITE_URL = "https://mentor.example.ru"
    assert mail.preferences_url(person).startswith("https://mentor.example.ru/email/")


def test_email_send_adds_the_link_and_the_headers(person, mailoutbox):
    mail.email_send(to=person.email, subject="Тема", body="Текст")
    assert len(mailoutbox) == 1
    _assert_unsubscribable(mailoutbox[0], person)


def test_account_letter_has_the_headers(
    organisation, personas, person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        accounts.user_account_create(
            organisation=organisation, person=person, actor=personas["admin"].user, username="ivanova"
        )
    assert len(mailoutbox) == 1
    for message in mailoutbox:
        _assert_unsubscribable(message, person)


def _provider(email):
    def provider(*, today):
        yield Reminder(key=f"t-plan:{today}", email=email, subject="План", body="Срок", kind="plans")
        yield Reminder(key=f"t-survey:{today}", email=email, subject="Анкета", body="Срок", kind="surveys")

    return provider


@pytest.mark.django_db
def test_reminders_carry_the_headers_and_honour_the_choice(monkeypatch, person, mailoutbox):
    monkeypatch.setattr(reminders, "_providers", [_provider(person.email)])
    assert reminders.send_due_reminders(today=datetime.date(2026, 11, 20)) == (2, 0)
    for message in mailoutbox:
        _assert_unsubscribable(message, person)
    mail.preferences_update(person=person, chosen={"plans": True, "surveys": False})
    mailoutbox.clear()
    assert reminders.send_due_reminders(today=datetime.date(2026, 11, 21)) == (1, 1)
    assert [m.subject for m in mailoutbox] == ["План"]


class TestPreferencesPage:
    def test_opens_without_login_and_saves(self, client, person):
        url = "/email/" + mail.preferences_token(person) + "/"
        response = client.get(url)
        assert response.status_code == 200
        assert "Какие письма вы получаете" in response.content.decode()
        response = client.post(url, {"plans": "on", "roadmap": "on"})
        assert response.status_code == 200
        preference = EmailPreference.objects.get(person=person)
        assert (preference.pairs, preference.plans, preference.roadmap, preference.surveys) == (
            False,
            True,
            True,
            False,
        )

    def test_one_click_unsubscribes_from_everything(self, client, person):
        path = "/email/" + mail.preferences_token(person) + "/"
        response = client.post(path, {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
        preference = EmailPreference.objects.get(person=person)
        assert not any(preference.wants(kind) for kind in EmailPreference.KINDS)

    def test_all_off_button(self, client, person):
        path = "/email/" + mail.preferences_token(person) + "/"
        client.post(path, {"all_off": "1", "plans": "on"})
        assert not EmailPreference.objects.get(person=person).plans

    @pytest.mark.parametrize("token", ["garbage", "forged"])
    def test_bad_or_forged_token_says_so_in_russian_and_changes_nothing(self, client, person, token):
        if token == "forged":
            good = mail.preferences_token(person)
            other = make_person(email="other@example.com")
            # The signature of one person's token with another person's id: refused.
            token = mail.preferences_token(other).split(":")[0] + ":" + good.split(":", 1)[1]
        response = client.post(f"/email/{token}/", {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 404
        assert "Ссылка неверна или повреждена" in response.content.decode()
        response = client.post(f"/email/{token}/", {"plans": "on"})
        assert response.status_code == 404
        assert not EmailPreference.objects.exists()

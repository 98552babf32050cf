import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD


@pytest.mark.django_db
class TestAccounts:
    def test_login_form_has_username_and_password(self, client):
        html = client.get(reverse("login")).content.decode()
        assert 'name="username"' in html and 'name="password"' in html and "Войти" in html

    def test_login_and_logout(self, client, personas):
        response = client.post(reverse("login"), {"username": "curator", "password": PASSWORD})
        assert response.status_code == 302
        response = client.post(reverse("logout"))
        assert response.status_code == 302
        assert client.get(reverse("home")).status_code == 302

    def test_wrong_password_gets_a_russian_message(self, client, personas):
        response = client.post(reverse("login"), {"username": "curator", "password": "nope"})
        assert "Пожалуйста, введите правильные имя пользователя и пароль" in response.content.decode()

    def test_login_is_throttled_after_five_failures(self, client, personas):
        for _ in range(5):
            client.post(reverse("login"), {"username": "curator", "password": "nope"})
        response = client.post(reverse("login"), {"username": "curator", "password": PASSWORD})
        assert response.status_code == 429
        assert "Слишком много неудачных попыток входа" in response.content.decode()

    def test_password_reset_sends_an_email(self, client, personas):
        person = personas["curator"]
        person.user.email = "curator@example.com"
        person.user.save()
        client.post(reverse("password_reset"), {"email": "curator@example.com"})
        assert len(mail.outbox) == 1
        assert "/accounts/reset/" in mail.outbox[0].body

    def test_password_change_page(self, as_user):
        response = as_user("teacher").get(reverse("password_change"))
        assert response.status_code == 200

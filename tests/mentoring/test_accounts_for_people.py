import re

import pytest
from django.core import mail
from django.urls import reverse

from mentoring.models import AuditEntry, Role
from tests.conftest import make_person


@pytest.fixture
def newcomer(organisation):
    return make_person(
        organisation,
        roles=[Role.TEACHER],
        last_name="Ершова",
        first_name="Анна",
        patronymic="Петровна",
        email="ershova@example.com",
    )


@pytest.mark.django_db
class TestAccountForAPerson:
    def url(self, organisation, person):
        return reverse("mentoring:person_account", args=[organisation.slug, person.pk])

    def test_admin_sees_a_suggested_login(self, as_user, organisation, newcomer):
        page = as_user("admin").get(reverse("mentoring:person", args=[organisation.slug, newcomer.pk]))
        assert 'value="ershova.ap"' in page.content.decode()
        curator_page = as_user("curator").get(
            reverse("mentoring:person", args=[organisation.slug, newcomer.pk])
        )
        assert "Создать вход" not in curator_page.content.decode()

    def test_account_is_created_and_the_person_sets_the_password(
        self, as_user, organisation, newcomer, client, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = as_user("admin").post(self.url(organisation, newcomer), {"username": "ershova.ap"})
        assert response.status_code == 302
        newcomer.refresh_from_db()
        assert newcomer.user.username == "ershova.ap" and not newcomer.user.has_usable_password()
        assert AuditEntry.objects.filter(action="account.created").count() == 1
        assert mail.outbox[0].to == ["ershova@example.com"]
        link = re.search(r"http\S+/accounts/reset/\S+", mail.outbox[0].body).group(0)
        client.logout()
        form = client.get(link.split("8000", 1)[-1], follow=True)
        assert form.status_code == 200 and "Новый пароль" in form.content.decode()
        done = client.post(
            form.redirect_chain[-1][0],
            {"new_password1": "Сложный-пароль-2026", "new_password2": "Сложный-пароль-2026"},
        )
        assert done.status_code == 302
        newcomer.user.refresh_from_db()
        assert newcomer.user.check_password("Сложный-пароль-2026")

    @pytest.mark.parametrize(
        "username,message",
        [
            ("Ершова", "латинских букв"),
            ("ab", "латинских букв"),
            ("teacher", "уже занято"),
        ],
    )
    def test_bad_login_is_refused_and_nothing_changes(
        self, as_user, organisation, newcomer, username, message, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = as_user("admin").post(
                self.url(organisation, newcomer), {"username": username}, follow=True
            )
        assert message in response.content.decode()
        newcomer.refresh_from_db()
        assert newcomer.user is None and not mail.outbox
        assert not AuditEntry.objects.filter(action="account.created").exists()

    def test_a_second_account_and_a_person_without_email_are_refused(self, as_user, organisation, personas):
        response = as_user("admin").post(
            self.url(organisation, personas["teacher"]), {"username": "x.y.z"}, follow=True
        )
        assert "уже есть учётная запись" in response.content.decode()
        nomail = make_person(organisation, roles=[Role.TEACHER], email="")
        response = as_user("admin").post(self.url(organisation, nomail), {"username": "nomail"}, follow=True)
        assert "Укажите электронную почту" in response.content.decode()

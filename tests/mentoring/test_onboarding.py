"""A school gets in on its own: the organisation made in the app, its checklist, logins for everyone (e-mail
links and printed slips with a one-time code), the login's e-mail following the person's."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from common import dates
from mentoring.models import AuditEntry, LoginCode, Membership, Municipality, Organisation, Person, Role
from mentoring.organisations import accounts, onboarding, services
from tests.conftest import PASSWORD, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client):
    user = get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)
    client.force_login(user)
    return user


def form_data(municipality, **overrides):
    return {
        "kind": "school",
        "name": "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 5»",
        "short_name": "Школа № 5",
        "slug": "",
        "municipality": municipality.pk,
        "time_zone": "",
        "address": "г. Тестовск, ул. Ленина, 1",
        "email": "school5@example.com",
        "phone": "",
        "director_full_name": "ТКАЧЕНКО Алексей Борисович",
        "director_email": "director5@example.com",
        "director_login": "on",
        **overrides,
    }


def test_the_administrator_creates_an_organisation_with_slug_zone_and_director(
    client, superuser, municipality, django_capture_on_commit_callbacks
):
    municipality.time_zone = "Asia/Vladivostok"
    municipality.save()
    Organisation.objects.create(
        municipality=municipality, name="Другая", short_name="Другая", slug="shkola-no-5"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mentoring:organisation_create"), form_data(municipality))
    organisation = Organisation.objects.get(short_name="Школа № 5")
    assert response.status_code == 302 and response["Location"].endswith(f"/o/{organisation.slug}/")
    assert organisation.slug == "shkola-no-5-2"  # transliterated, made unique
    assert organisation.time_zone == "Asia/Vladivostok"  # from the municipality
    assert str(dates.zone(organisation)) == "Asia/Vladivostok"
    director = Person.objects.get(last_name="Ткаченко")
    roles = set(Membership.objects.get(person=director).roles.values_list("role", flat=True))
    assert roles == {Role.DIRECTOR, Role.ADMIN} and director.user.username == "tkachenko.ab"
    assert mail.outbox[0].to == ["director5@example.com"] and "/accounts/reset/" in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="organisation.created", organisation=organisation).exists()
    page = client.get(reverse("mentoring:dashboard", args=[organisation.slug])).content.decode()
    assert "С чего начать" in page and "Загрузить список сотрудников" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"slug": "Школа"}, "slug", "латинских букв"),
        ({"slug": "school-1"}, "slug", "уже занят"),
        ({"short_name": ""}, "short_name", "бязательное"),
        ({"director_email": ""}, "director_email", "почту директора"),
        ({"director_full_name": "Ткаченко"}, "director_full_name", "одно слово"),
    ],
)
def test_a_bad_organisation_form_says_why_and_creates_nothing(
    client, superuser, municipality, organisation, overrides, field, message
):
    before = Organisation.objects.count()
    response = client.post(reverse("mentoring:organisation_create"), form_data(municipality, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors.get(field, [])) + " ".join(errors.get("__all__", [])), errors
    assert Organisation.objects.count() == before and not Person.objects.filter(last_name="Ткаченко").exists()


def test_the_coordinator_creates_in_their_municipality_only(
    as_user, personas, municipality, foreign_organisation
):
    client = as_user("coordinator")
    url = reverse("mentoring:organisation_create_in", args=[municipality.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert list(page.context["form"].fields["municipality"].queryset) == [municipality]
    response = client.post(url, form_data(foreign_organisation.municipality, director_login=""))
    assert "municipality" in response.context["form"].errors  # not theirs
    response = client.post(url, form_data(municipality, director_login="", director_email=""))
    assert response.status_code == 302
    organisation = Organisation.objects.get(short_name="Школа № 5")
    assert organisation.municipality == municipality
    director = Person.objects.get(last_name="Ткаченко")
    assert director.user is None and set(director.memberships.get().role_codes) == {Role.DIRECTOR}
    # The coordinator edits it, the school's administrator too, the municipality stays for the latter.
    edit = reverse("mentoring:organisation_edit", args=[organisation.slug])
    assert client.get(edit).status_code == 200
    assert as_user("admin").get(reverse("mentoring:organisation_create")).status_code == 403


def test_the_organisation_is_edited_and_the_director_chosen(as_user, organisation, personas):
    client = as_user("admin")
    url = reverse("mentoring:organisation_edit", args=[organisation.slug])
    form = client.get(url).context["form"]
    assert form.fields["municipality"].disabled  # the school's administrator does not move it
    assert form.fields["director"].initial == personas["director"].pk
    response = client.post(
        url,
        {
            "kind": "school",
            "name": organisation.name,
            "short_name": "Школа № 1 им. Пушкина",
            "slug": "school-1",
            "time_zone": "Asia/Kamchatka",
            "address": "",
            "email": "",
            "phone": "",
            "director": personas["curator"].pk,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    organisation.refresh_from_db()
    assert organisation.short_name == "Школа № 1 им. Пушкина" and organisation.time_zone == "Asia/Kamchatka"
    assert organisation.slug == "school-1"
    directors = Membership.objects.filter(organisation=organisation, roles__role=Role.DIRECTOR)
    assert [m.person for m in directors] == [personas["curator"]]
    entry = AuditEntry.objects.get(action="organisation.updated")
    assert entry.changes["time_zone"] == ["Europe/Moscow", "Asia/Kamchatka"]


def test_the_checklist_ticks_itself_from_the_data(organisation):
    def done():
        return {step["key"]: step["done"] for step in onboarding.checklist(organisation)}

    assert done() == {"staff": False, "curator": False, "roadmap": False, "logins": False}
    for number in range(3):
        make_person(organisation, roles=[Role.TEACHER], last_name=f"Учителева{number}")
    make_person(organisation, roles=[Role.CURATOR], username="kurator")
    assert done() == {"staff": True, "curator": True, "roadmap": False, "logins": False}
    accounts.user_accounts_create(organisation=organisation, people=Person.objects.all(), actor=None)
    assert done()["logins"] is True


def test_the_checklist_counts_the_staff_once_and_hints_only_a_step_not_done(organisation):
    for number in range(3):
        make_person(organisation, roles=[Role.TEACHER], last_name=f"Учителева{number}")
    with CaptureQueriesContext(connection) as queries:
        steps = {step["key"]: step for step in onboarding.checklist(organisation)}
    # The staff (with and without a login) in one query, the curator, the roadmap.
    assert len(queries) == 3
    assert steps["logins"]["done"] is False and steps["logins"]["hint"] == "без входа: 3"
    accounts.user_accounts_create(organisation=organisation, people=Person.objects.all(), actor=None)
    steps = {step["key"]: step for step in onboarding.checklist(organisation)}
    assert steps["logins"]["done"] is True and steps["logins"]["hint"] == ""


@pytest.mark.real_pdf  # reads the slips' text
def test_logins_for_everyone_by_email_and_by_slip_then_the_code_once(
    as_user, organisation, personas, client, django_capture_on_commit_callbacks
):
    with_mail = make_person(
        organisation, roles=[Role.TEACHER], last_name="Почтова", email="pochtova@example.com"
    )
    without = make_person(
        organisation, roles=[Role.TEACHER], last_name="Безпочтова", first_name="Вера", patronymic=""
    )
    namesake = make_person(
        organisation, roles=[Role.TEACHER], last_name="Безпочтова", first_name="Вера", patronymic=""
    )
    curator = as_user("curator")
    url = reverse("mentoring:logins", args=[organisation.slug])
    page = curator.get(url)
    assert page.status_code == 200 and "Без входа: 3" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = curator.post(url, {"everyone": "on"})
    assert response.status_code == 200
    for person in (with_mail, without, namesake):
        person.refresh_from_db()
    assert with_mail.user.username == "pochtova.ai" and [m.to for m in mail.outbox] == [
        ["pochtova@example.com"]
    ]
    assert {without.user.username, namesake.user.username} == {"bezpochtova.v", "bezpochtova.v2"}
    assert not without.user.has_usable_password()
    assert AuditEntry.objects.filter(action="account.created").count() == 3
    assert "нужны листки входа" in response.content.decode()
    slips = curator.post(
        reverse("mentoring:login_slips", args=[organisation.slug]), {"people": [without.pk, namesake.pk]}
    )
    assert slips.status_code == 200 and slips["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(slips.content)).pages)
    assert "Безпочтова Вера" in text and without.user.username in text and "/accounts/code/" in text
    found = re.search(
        rf"{re.escape(without.user.username)}\s*Одноразовый код\s*([a-z0-9]{{4}}-[a-z0-9]{{4}})", text
    )
    assert found, text
    code = found.group(1)
    assert LoginCode.objects.count() == 2 and code not in LoginCode.objects.get(user=without.user).code_hash
    client.logout()
    login_url = reverse("mentoring:login_code")
    assert (
        "Имя для входа или код не подходят"
        in client.post(login_url, {"username": without.user.username, "code": "aaaa-aaaa"}).content.decode()
    )
    step = client.post(login_url, {"username": without.user.username, "code": code.upper()})
    assert "Придумайте пароль" in step.content.decode()
    done = client.post(
        login_url,
        {
            "username": without.user.username,
            "code": code,
            "new_password1": "Новый-пароль-2026",
            "new_password2": "Новый-пароль-2026",
        },
    )
    assert done.status_code == 302
    without.user.refresh_from_db()
    assert without.user.check_password("Новый-пароль-2026")
    assert int(client.session["_auth_user_id"]) == without.user.pk
    client.logout()
    again = client.post(login_url, {"username": without.user.username, "code": code})
    assert "не подходят" in again.content.decode()  # the code was used


def test_a_code_is_refused_after_five_wrong_tries(organisation):
    person = make_person(organisation, email="")
    accounts.user_accounts_create(organisation=organisation, people=[person], actor=None)
    person.refresh_from_db()
    (slip,) = accounts.login_slips_issue(organisation=organisation, people=[person], actor=None)
    for _ in range(accounts.CODE_TRIES):
        with pytest.raises(Exception, match="не подходят"):
            accounts.login_code_check(username=slip.username, code="zzzz-zzzz")
    with pytest.raises(Exception, match="не подходят"):
        accounts.login_code_check(username=slip.username, code=slip.code)


def test_the_logins_page_queries_do_not_grow(as_user, organisation, personas, django_assert_max_num_queries):
    for number in range(30):
        make_person(organisation, roles=[Role.TEACHER], last_name=f"Учителева{number}")
    client = as_user("admin")
    with django_assert_max_num_queries(14):
        assert client.get(reverse("mentoring:logins", args=[organisation.slug])).status_code == 200


def test_the_login_email_follows_the_person(organisation, personas):
    person = personas["teacher"]
    person.email = "old@example.com"
    person.save()
    services.person_update(
        organisation=organisation, person=person, actor=None, data={"email": "new@example.com"}
    )
    person.user.refresh_from_db()
    assert person.user.email == "new@example.com"


def test_a_municipality_has_a_time_zone(db):
    municipality = Municipality.objects.create(
        name="Петропавловск-Камчатский", slug="pk", time_zone="Asia/Kamchatka"
    )
    assert municipality.get_time_zone_display() == "Петропавловск-Камчатский (МСК+9)"


def test_the_logins_page_is_paged_and_searched(as_user, organisation, personas):
    for number in range(60):
        make_person(organisation, roles=[Role.TEACHER], last_name=f"Учителева{number:02d}", email="")
    waiting = make_person(organisation, roles=[Role.TEACHER], last_name="Яшина", email="")
    accounts.user_accounts_create(organisation=organisation, people=[waiting], actor=None)
    client = as_user("curator")
    url = reverse("mentoring:logins", args=[organisation.slug])
    first = client.get(url)
    rows = first.content.decode().count('data-testid="login-row"')
    assert rows == 50 and "Страница 1 из 2" in first.content.decode()
    # The count and the slips concern everyone, not the page: Яшина (on page 2) still waits for a slip.
    assert f"Без входа: 60 из {first.context['total']}" in first.content.decode()
    assert first.context["waiting_slip"] == [waiting.pk]
    second = client.get(url, {"page": 2})
    assert "Яшина" in second.content.decode()
    found = client.get(url, {"q": "учителева0"})
    names = found.content.decode()
    assert names.count('data-testid="login-row"') == 10
    assert "Учителева09" in names and "Учителева10" not in names
    assert "Найдено 10 человек" in names
    assert "Никого не нашлось" in client.get(url, {"q": "нет-такого"}).content.decode()

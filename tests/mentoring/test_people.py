import datetime

import pytest
from django.urls import reverse

from mentoring.models import AuditEntry, Membership, Person, Role
from mentoring.organisations import selectors, services
from tests.conftest import make_person

VALID = {
    "last_name": "Сидорова",
    "first_name": "Мария",
    "patronymic": "Петровна",
    "birth_date": "14.03.1990",
    "kind": "staff",
    "position": "Учитель химии",
    "subjects": "Химия, биология",
    "qualification_category": "first",
    "teaching_experience": "8",
    "email": "sidorova@example.com",
    "phone": "+7 914 111-22-33",
    "roles": ["teacher"],
}


@pytest.mark.django_db
class TestPeopleList:
    def test_search_is_case_insensitive_in_cyrillic(self, organisation, personas):
        make_person(organisation, last_name="Кустова", first_name="Наталья", roles=[Role.TEACHER])
        found = selectors.memberships_for_organisation(organisation, search="кустова")
        assert [m.person.last_name for m in found] == ["Кустова"]
        assert selectors.memberships_for_organisation(organisation, search="КУСТ натал").count() == 1

    def test_filters_by_role_and_kind(self, organisation, personas):
        make_person(organisation, kind=Person.Kind.STUDENT, last_name="Ученикова")
        curators = selectors.memberships_for_organisation(organisation, role=Role.CURATOR)
        assert {m.person for m in curators} == {personas["curator"]}
        students = selectors.memberships_for_organisation(organisation, kind=Person.Kind.STUDENT)
        assert [m.person.last_name for m in students] == ["Ученикова"]
        without_role = selectors.memberships_for_organisation(organisation, role="none")
        assert [m.person.last_name for m in without_role] == ["Ученикова"]

    def test_lists_only_own_organisation(self, as_user, personas, organisation):
        response = as_user("curator").get(reverse("mentoring:people", args=[organisation.slug]))
        names = {m.person.pk for m in response.context["page"]}
        assert personas["teacher"].pk in names
        assert personas["outsider"].pk not in names and personas["neighbour"].pk not in names

    @pytest.mark.parametrize("count", [10, 200])
    def test_query_count_does_not_grow_with_people(
        self, as_user, organisation, personas, count, django_assert_num_queries
    ):
        for _ in range(count):
            make_person(organisation, roles=[Role.TEACHER])
        client = as_user("curator")
        url = reverse("mentoring:people", args=[organisation.slug])
        # session, user, organisation, roles, coordinator check, person, count, page, roles prefetch,
        # municipalities in the navigation, organisations in the switcher
        with django_assert_num_queries(8):
            response = client.get(url)
        assert response.status_code == 200

    def test_search_through_htmx_returns_rows_only(self, as_user, organisation, personas):
        response = as_user("curator").get(
            reverse("mentoring:people", args=[organisation.slug]),
            {"q": personas["teacher"].last_name},
            HTTP_HX_REQUEST="true",
        )
        assert b"<html" not in response.content
        assert personas["teacher"].last_name in response.content.decode()

    def test_bad_page_number_shows_the_last_page(self, as_user, organisation, personas):
        response = as_user("curator").get(
            reverse("mentoring:people", args=[organisation.slug]), {"page": "zzz"}
        )
        assert response.status_code == 200


@pytest.mark.django_db
class TestPersonForms:
    def test_curator_adds_a_person_with_roles(self, as_user, organisation, personas):
        response = as_user("curator").post(
            reverse("mentoring:person_create", args=[organisation.slug]), VALID
        )
        person = Person.objects.get(last_name="Сидорова")
        assert response.status_code == 302
        assert person.birth_date == datetime.date(1990, 3, 14)
        membership = Membership.objects.get(person=person, organisation=organisation)
        assert membership.role_codes == [Role.TEACHER]
        entry = AuditEntry.objects.get(action="person.created")
        assert entry.actor == personas["curator"].user and entry.organisation == organisation

    @pytest.mark.parametrize(
        "field,value,message",
        [
            ("last_name", "", "Обязательное поле."),
            ("birth_date", "31.02.1990", "Введите правильную дату."),
            ("birth_date", "01.01.2090", "Дата рождения не может быть в будущем."),
            ("birth_date", "01.01.1900", "Проверьте год рождения"),
            ("teaching_experience", "-3", "больше либо равно 0"),
            ("teaching_experience", "60", "Стаж не может быть больше возраста"),
            ("email", "не-почта", "Введите правильный адрес электронной почты."),
            ("roles", ["superhero"], "Выберите корректный вариант"),
            ("kind", "alien", "Выберите корректный вариант"),
        ],
    )
    def test_bad_input_gets_a_russian_message_and_changes_nothing(
        self, as_user, organisation, personas, field, value, message
    ):
        before = Person.objects.count()
        response = as_user("curator").post(
            reverse("mentoring:person_create", args=[organisation.slug]), {**VALID, field: value}
        )
        assert response.status_code == 200
        assert message in response.content.decode()
        assert Person.objects.count() == before
        assert not AuditEntry.objects.exists()

    def test_student_cannot_get_a_staff_role(self, as_user, organisation, personas):
        response = as_user("curator").post(
            reverse("mentoring:person_create", args=[organisation.slug]),
            {
                **VALID,
                "kind": "student",
                "birth_date": "01.09.2012",
                "teaching_experience": "",
                "roles": ["curator"],
            },
        )
        assert "Обучающемуся нельзя назначить роль сотрудника." in response.content.decode()

    def test_curator_cannot_make_an_administrator(self, as_user, organisation, personas):
        response = as_user("curator").post(
            reverse("mentoring:person_create", args=[organisation.slug]), {**VALID, "roles": ["admin"]}
        )
        assert response.status_code == 200
        assert not Person.objects.filter(last_name="Сидорова").exists()

    def test_edit_keeps_roles_the_editor_cannot_grant_and_logs_changes(self, as_user, organisation, personas):
        target = make_person(organisation, roles=[Role.ADMIN, Role.TEACHER], last_name="Старая")
        url = reverse("mentoring:person_edit", args=[organisation.slug, target.pk])
        response = as_user("curator").post(
            url, {**VALID, "last_name": "Новая", "roles": ["teacher", "psychologist"]}
        )
        assert response.status_code == 302
        target.refresh_from_db()
        assert target.last_name == "Новая"
        membership = target.memberships.get()
        assert sorted(membership.role_codes) == [Role.ADMIN, Role.PSYCHOLOGIST, Role.TEACHER]
        entry = AuditEntry.objects.get(action="person.updated")
        assert entry.changes["last_name"] == ["Старая", "Новая"]
        assert entry.changes["roles"] == {"added": ["psychologist"], "removed": []}
        journal = (
            as_user("curator").get(reverse("mentoring:audit", args=[organisation.slug])).content.decode()
        )
        assert "Фамилия: Старая → Новая" in journal

    def test_editing_a_person_of_another_organisation_is_404_and_changes_nothing(
        self, as_user, organisation, personas
    ):
        outsider = personas["outsider"]
        url = reverse("mentoring:person_edit", args=[organisation.slug, outsider.pk])
        response = as_user("curator").post(url, {**VALID, "last_name": "Взломанная"})
        assert response.status_code == 404
        outsider.refresh_from_db()
        assert outsider.last_name != "Взломанная"

    def test_dates_show_as_dd_mm_yyyy(self, as_user, organisation, personas):
        person = make_person(organisation, roles=[Role.TEACHER], birth_date=datetime.date(1985, 7, 9))
        page = as_user("curator").get(reverse("mentoring:person", args=[organisation.slug, person.pk]))
        assert "09.07.1985" in page.content.decode()


@pytest.mark.django_db
class TestServices:
    def test_person_update_without_changes_writes_no_audit(self, organisation, personas):
        person = personas["teacher"]
        services.person_update(
            organisation=organisation,
            person=person,
            actor=None,
            data={"last_name": person.last_name},
            roles=[Role.TEACHER],
        )
        assert not AuditEntry.objects.exists()

    def test_unknown_role_is_refused(self, organisation):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            services.person_create(
                organisation=organisation,
                actor=None,
                data={"last_name": "А", "first_name": "Б"},
                roles=["king"],
            )
        assert not Person.objects.filter(last_name="А").exists()

"""Declension of names and positions (mentoring.organisations.declension) on a table of hard names, in the
cases the documents use; the gender from the patronymic; the person form asking it where it cannot tell."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.template import Context, Template

from mentoring.models import Person, Role
from mentoring.organisations import declension, services
from mentoring.organisations.declension import (
    decline_name,
    gender_from_patronymic,
    person_name,
    position_in_case,
)
from reports.orders import texts
from tests.conftest import make_person


def person(last, first, patronymic, gender=""):
    return SimpleNamespace(last_name=last, first_name=first, patronymic=patronymic, gender=gender)


# (last, first, patronymic, gender given), case → the full name in it.
HARD_NAMES = [
    # Plain, for reference: the order's «назначить куратора Кузнецову Ольгу Петровну».
    (("Кузнецова", "Ольга", "Петровна"), "accs", "Кузнецову Ольгу Петровну"),
    (("Кузнецова", "Ольга", "Петровна"), "gent", "Кузнецовой Ольги Петровны"),
    (("Кузнецова", "Ольга", "Петровна"), "datv", "Кузнецовой Ольге Петровне"),
    (("Кузнецова", "Ольга", "Петровна"), "ablt", "Кузнецовой Ольгой Петровной"),
    (("Кузнецова", "Ольга", "Петровна"), "loct", "Кузнецовой Ольге Петровне"),
    # Double surnames decline on both sides.
    (("Римский-Корсаков", "Николай", "Андреевич"), "accs", "Римского-Корсакова Николая Андреевича"),
    (("Римский-Корсаков", "Николай", "Андреевич"), "datv", "Римскому-Корсакову Николаю Андреевичу"),
    (("Салтыкова-Щедрина", "Мария", "Ивановна"), "accs", "Салтыкову-Щедрину Марию Ивановну"),
    (("Салтыкова-Щедрина", "Мария", "Ивановна"), "gent", "Салтыковой-Щедриной Марии Ивановны"),
    # «оглы» and «кызы»: the patronymic stays, the rest declines (Айгюль does not).
    (("Мамедов", "Эльдар", "Гасан оглы"), "accs", "Мамедова Эльдара Гасан оглы"),
    (("Мамедов", "Эльдар", "Гасан оглы"), "ablt", "Мамедовым Эльдаром Гасан оглы"),
    (("Алиева", "Айгюль", "Рашид кызы"), "datv", "Алиевой Айгюль Рашид кызы"),
    (("Алиева", "Айгюль", "Рашид кызы"), "accs", "Алиеву Айгюль Рашид кызы"),
    # Foreign surnames that do not decline; the first name and patronymic still do.
    (("Дюма", "Александр", "Дмитриевич"), "accs", "Дюма Александра Дмитриевича"),
    (("Гюго", "Виктор", "Петрович"), "datv", "Гюго Виктору Петровичу"),
    (("Шоу", "Анна", "Сергеевна"), "accs", "Шоу Анну Сергеевну"),
    # A woman's Ковальчук does not decline, a man's does.
    (("Ковальчук", "Ирина", "Олеговна"), "accs", "Ковальчук Ирину Олеговну"),
    (("Ковальчук", "Ирина", "Олеговна"), "gent", "Ковальчук Ирины Олеговны"),
    (("Ковальчук", "Иван", "Олегович"), "accs", "Ковальчука Ивана Олеговича"),
    # -их/-ых/-ко: never declined.
    (("Черных", "Елена", "Викторовна"), "accs", "Черных Елену Викторовну"),
    (("Седых", "Пётр", "Ильич"), "datv", "Седых Петру Ильичу"),
    (("Шевченко", "Оксана", "Павловна"), "ablt", "Шевченко Оксаной Павловной"),
    (("Шевченко", "Оксана", "Павловна"), "gent", "Шевченко Оксаны Павловны"),
    # Nominative is the name as written.
    (("Морозова", "Анна", "Викторовна"), "nomn", "Морозова Анна Викторовна"),
]


@pytest.mark.parametrize(("parts", "case", "expected"), HARD_NAMES)
def test_hard_names_in_their_case(parts, case, expected):
    assert person_name(person(*parts), case) == expected


@pytest.mark.parametrize(
    ("parts", "case", "expected"),
    [
        (("Кузнецова", "Ольга", "Петровна"), "gent", "Кузнецовой О. П."),
        (("Римский-Корсаков", "Николай", "Андреевич"), "datv", "Римскому-Корсакову Н. А."),
        (("Ковальчук", "Ирина", "Олеговна"), "datv", "Ковальчук И. О."),
        (("Шоу", "Анна", ""), "accs", "Шоу А."),
    ],
)
def test_short_names(parts, case, expected):
    assert person_name(person(*parts), case, short=True) == expected


def test_a_given_gender_wins_over_the_guess():
    """Without a patronymic the library cannot tell Женя's gender; the field can."""
    assert person_name(person("Ковальчук", "Женя", "", gender="f"), "accs") == "Ковальчук Женю"
    assert person_name(person("Ковальчук", "Женя", "", gender="m"), "accs") == "Ковальчука Женю"


def test_unknown_case_is_refused():
    with pytest.raises(ValueError, match="unknown case"):
        decline_name(last_name="Иванов", first_name="Иван", gender="m", case="dative")


def test_nothing_to_decline():
    assert person_name(None, "accs") == ""
    assert position_in_case("", "datv") == ""


@pytest.mark.parametrize(
    ("position", "case", "expected"),
    [
        ("заместитель директора по УВР", "accs", "заместителя директора по УВР"),
        ("заместитель директора по УВР", "datv", "заместителю директора по УВР"),
        ("заместитель директора по УВР", "ablt", "заместителем директора по УВР"),
        (
            "Заместитель директора по учебно-воспитательной работе",
            "gent",
            "Заместителя директора по учебно-воспитательной работе",
        ),
        ("учитель начальных классов", "datv", "учителю начальных классов"),
        ("старший воспитатель", "accs", "старшего воспитателя"),
        ("социальный педагог", "ablt", "социальным педагогом"),
        ("педагог-психолог", "accs", "педагога-психолога"),
        ("учитель-логопед", "datv", "учителю-логопеду"),
        ("советник директора по воспитанию", "accs", "советника директора по воспитанию"),
        ("педагог дополнительного образования", "gent", "педагога дополнительного образования"),
        ("Учитель математики", "accs", "Учителя математики"),
        ("директор", "nomn", "директор"),
        # A participle standing for the noun, as a kindergarten's head is called.
        ("Заведующий", "datv", "Заведующему"),
        ("заведующий", "gent", "заведующего"),
        ("Заведующая", "datv", "Заведующей"),
        ("заведующий хозяйством", "datv", "заведующему хозяйством"),
        # No head noun to find: left as written.
        ("МО учителей", "accs", "МО учителей"),
    ],
)
def test_positions_decline_their_head_only(position, case, expected):
    assert position_in_case(position, case) == expected


@pytest.mark.parametrize(
    ("patronymic", "gender"),
    [
        ("Петровна", "f"),
        ("Ильич", "m"),
        ("Гасан оглы", "m"),
        ("Рашид кызы", "f"),
        ("Никитична", "f"),
        ("", ""),
        ("Smith", ""),
    ],
)
def test_gender_from_the_patronymic(patronymic, gender):
    assert gender_from_patronymic(patronymic) == gender


def test_analysers_are_loaded_once():
    assert declension._morph() is declension._morph()
    assert declension._maker() is declension._maker()


def test_template_filters():
    template = Template(
        "{% load mentoring_tags %}{{ p|name_case:'accs' }} / {{ p|short_name_case:'datv' }} / "
        "{{ position|position_case:'datv' }}"
    )
    text = template.render(
        Context({"p": person("Кузнецова", "Ольга", "Петровна"), "position": "заместитель директора по УВР"})
    )
    assert text == "Кузнецову Ольгу Петровну / Кузнецовой О. П. / заместителю директора по УВР"


@pytest.mark.django_db
def test_order_text_names_the_curator_in_the_accusative(organisation):
    curator = person("Кузнецова", "Ольга", "Петровна", gender="f")
    curator.position = "Заместитель директора по УВР"
    _title, body = texts.draft_text(
        kind="roadmap", organisation=organisation, today=datetime.date(2025, 9, 1), curators=[curator]
    )
    assert (
        "Назначить ответственной за реализацию плана мероприятий куратора: Кузнецову Ольгу Петровну, " in body
    )
    assert "заместителя директора по УВР." in body
    assert "Кузнецова Ольга Петровна" not in body


def test_no_bracketed_endings_in_templates_or_code():
    """No «(а)», «(ая)», «(ые)», «именуемый(ая)» in any template or Python module of the app."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"[а-яё]\((а|ая|ое|ые|ый|ой|ы|о|на|ен)\)")
    found = []
    for folder in ("templates", "mentoring", "reports", "roadmap", "surveys", "common"):
        for path in (root / folder).rglob("*"):
            if path.suffix in {".html", ".py", ".txt"} and "migrations" not in path.parts:
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                    if pattern.search(line) and "never" not in line:
                        found.append(f"{path.relative_to(root)}:{number}: {line.strip()[:80]}")
    assert not found, found


@pytest.mark.django_db
class TestPersonGender:
    def test_the_service_fills_it_from_the_patronymic(self, organisation):
        created = services.person_create(
            organisation=organisation,
            actor=None,
            data={"last_name": "Черных", "first_name": "Елена", "patronymic": "Викторовна"},
            roles=[Role.TEACHER],
        )
        assert created.gender == Person.Gender.FEMALE
        updated = services.person_update(
            organisation=organisation,
            person=created,
            actor=None,
            data={"patronymic": "Викторовна", "gender": ""},
        )
        assert updated.gender == Person.Gender.FEMALE

    def test_a_given_gender_is_kept(self, organisation):
        created = services.person_create(
            organisation=organisation,
            actor=None,
            data={"last_name": "Ким", "first_name": "Саша", "patronymic": "", "gender": "m"},
            roles=[],
        )
        assert created.gender == "m"

    def test_the_form_asks_when_the_patronymic_cannot_tell(self, as_user, organisation):
        client = as_user("curator")
        data = {"last_name": "Ким", "first_name": "Саша", "patronymic": "", "kind": "staff", "gender": ""}
        response = client.post(f"/o/{organisation.slug}/people/new/", data)
        assert response.status_code == 200
        assert "Укажите пол" in response.content.decode()
        assert not Person.objects.filter(last_name="Ким").exists()
        client.post(f"/o/{organisation.slug}/people/new/", {**data, "gender": "f"})
        assert Person.objects.get(last_name="Ким").gender == "f"

    def test_the_form_fills_it_from_the_patronymic(self, as_user, organisation):
        client = as_user("curator")
        data = {
            "last_name": "Седых",
            "first_name": "Пётр",
            "patronymic": "Ильич",
            "kind": "staff",
            "gender": "",
        }
        client.post(f"/o/{organisation.slug}/people/new/", data)
        assert Person.objects.get(last_name="Седых").gender == "m"

    def test_the_form_refuses_a_made_up_gender(self, as_user, organisation):
        client = as_user("curator")
        data = {"last_name": "Ким", "first_name": "Саша", "patronymic": "", "kind": "staff", "gender": "x"}
        response = client.post(f"/o/{organisation.slug}/people/new/", data)
        assert response.status_code == 200 and not Person.objects.filter(last_name="Ким").exists()

    def test_the_data_migration_fills_existing_people(self, organisation):
        from importlib import import_module

        from django.apps import apps

        person_without = make_person(organisation, last_name="Старых", patronymic="Семёновна")
        Person.objects.filter(pk=person_without.pk).update(gender="")
        foreign = make_person(organisation, last_name="Смит", first_name="Джон", patronymic="")
        Person.objects.filter(pk=foreign.pk).update(gender="")
        migration = import_module("mentoring.migrations.0014_person_gender")
        migration.fill_from_patronymic(apps, None)
        assert Person.objects.get(pk=person_without.pk).gender == "f"
        assert Person.objects.get(pk=foreign.pk).gender == ""

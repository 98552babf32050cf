"""Named personas, one for each role, in two organisations of one municipality and one elsewhere.

Tests say `curator`, `director`, `outsider`... rather than building users by hand, as healthchecks does.
"""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth import get_user_model

from mentoring.models import Membership, MembershipRole, Municipality, Organisation, Person, Role

PASSWORD = "password-for-tests"
_counter = itertools.count(1)


def make_person(
    organisation: Organisation | None = None, *, roles=(), username: str | None = None, **fields
) -> Person:
    number = next(_counter)
    defaults = {
        "last_name": f"Тестова{number}",
        "first_name": "Анна",
        "patronymic": "Ивановна",
        "position": "Учитель",
    }
    defaults.update(fields)
    person = Person.objects.create(**defaults)
    if username:
        user_model = get_user_model()
        person.user = user_model.objects.create_user(username=username, password=PASSWORD)
        person.save(update_fields=["user"])
    if organisation is not None:
        membership = Membership.objects.create(person=person, organisation=organisation)
        MembershipRole.objects.bulk_create(
            [MembershipRole(membership=membership, role=role) for role in roles]
        )
    return person


@pytest.fixture
def municipality(db):
    return Municipality.objects.create(name="Город Тестовск", slug="testovsk")


@pytest.fixture
def organisation(municipality):
    return Organisation.objects.create(
        municipality=municipality, name="Школа № 1 города Тестовска", short_name="Школа № 1", slug="school-1"
    )


@pytest.fixture
def neighbour_organisation(municipality):
    return Organisation.objects.create(
        municipality=municipality,
        name="Детский сад № 2",
        short_name="ДС № 2",
        slug="kindergarten-2",
        kind=Organisation.Kind.KINDERGARTEN,
    )


@pytest.fixture
def foreign_organisation(db):
    other = Municipality.objects.create(name="Другой район", slug="other")
    return Organisation.objects.create(
        municipality=other, name="Школа другого района", short_name="Чужая школа", slug="foreign-school"
    )


@pytest.fixture
def municipal_centre(municipality):
    return Organisation.objects.create(
        municipality=municipality,
        name="Муниципальный центр наставничества",
        short_name="МЦН",
        slug="mcn",
        kind=Organisation.Kind.MUNICIPAL_CENTRE,
    )


@pytest.fixture
def personas(organisation, neighbour_organisation, foreign_organisation, municipal_centre):
    """username → Person; every persona logs in with PASSWORD."""
    return {
        "admin": make_person(organisation, roles=[Role.ADMIN], username="admin"),
        "director": make_person(organisation, roles=[Role.DIRECTOR], username="director"),
        "curator": make_person(organisation, roles=[Role.CURATOR], username="curator"),
        "psychologist": make_person(organisation, roles=[Role.PSYCHOLOGIST], username="psychologist"),
        "teacher": make_person(organisation, roles=[Role.TEACHER], username="teacher"),
        "coordinator": make_person(municipal_centre, roles=[Role.COORDINATOR], username="coordinator"),
        "neighbour": make_person(neighbour_organisation, roles=[Role.CURATOR], username="neighbour"),
        "outsider": make_person(
            foreign_organisation, roles=[Role.CURATOR, Role.DIRECTOR, Role.ADMIN], username="outsider"
        ),
    }


@pytest.fixture
def as_user(client, personas):
    """`as_user("curator")` gives the test client logged in as that persona (or logged out: "anonymous")."""

    def _as(username: str):
        client.logout()
        if username != "anonymous":
            client.force_login(personas[username].user)
        return client

    return _as

"""One organisation's lists of people in alphabetical order (`by_name`), sorted from that organisation's rows
rather than by walking the whole database's name index (see its note)."""

from __future__ import annotations

import pytest

from mentoring.organisations.selectors import memberships_for_organisation
from mentoring.programme import selectors
from tests.conftest import make_person
from tests.mentoring.conftest import add_mentee, add_mentor

pytestmark = pytest.mark.django_db

NAMES = [
    ("Яковлева", "Анна", "Петровна"),
    ("Абрамов", "Борис", "Ильич"),
    ("Абрамов", "Борис", "Андреевич"),
    ("Абрамов", "Антон", "Юрьевич"),
    ("Мельник", "Ольга", ""),
]
ORDER = [
    "Абрамов Антон Юрьевич",
    "Абрамов Борис Андреевич",
    "Абрамов Борис Ильич",
    "Мельник Ольга",
    "Яковлева Анна Петровна",
]


def shown(people) -> list[str]:
    return [" ".join(part for part in (p.last_name, p.first_name, p.patronymic) if part) for p in people]


def test_the_lists_are_alphabetical_by_surname_name_and_patronymic(organisation, neighbour_organisation):
    for last, first, patronymic in NAMES:
        names = {"last_name": last, "first_name": first, "patronymic": patronymic}
        add_mentor(organisation, make_person(organisation, **names))
        add_mentee(organisation, make_person(organisation, **names))
    make_person(neighbour_organisation, last_name="Аавик")  # another organisation's: not listed
    assert shown(m.person for m in memberships_for_organisation(organisation)) == [
        name for name in ORDER for _twice in (1, 2)
    ]
    assert shown(p.person for p in selectors.mentor_profiles_for(organisation)) == ORDER
    assert shown(p.person for p in selectors.mentee_profiles_for(organisation)) == ORDER


def test_the_sort_is_not_the_name_index_order(organisation):
    for queryset in (
        memberships_for_organisation(organisation),
        selectors.mentor_profiles_for(organisation),
        selectors.mentee_profiles_for(organisation),
        selectors.mentees_without_pair(organisation),
    ):
        assert 'ORDER BY "mentoring_person"."last_name" ASC NULLS FIRST' in str(queryset.query)

"""Whom the programme is for, as the orders and the regulation say it: a kindergarten's children are
«воспитанники» (ФЗ-273, ст. 33), a school's «обучающиеся»."""

from __future__ import annotations

import pytest

from mentoring.models import Organisation, ProgrammeSettings
from reports.orders.texts import participants_genitive

pytestmark = pytest.mark.django_db

Audience = ProgrammeSettings.Audience


@pytest.mark.parametrize(
    ("kind", "audience", "expected"),
    [
        (Organisation.Kind.SCHOOL, Audience.STUDENTS, "обучающихся"),
        (Organisation.Kind.SCHOOL, Audience.BOTH, "педагогических работников и обучающихся"),
        (Organisation.Kind.KINDERGARTEN, Audience.STUDENTS, "воспитанников"),
        (Organisation.Kind.KINDERGARTEN, Audience.BOTH, "педагогических работников и воспитанников"),
        (Organisation.Kind.KINDERGARTEN, Audience.TEACHERS, "педагогических работников"),
    ],
)
def test_participants_in_the_genitive(organisation, kind, audience, expected):
    organisation.kind = kind
    settings = ProgrammeSettings(organisation=organisation, audience=audience)
    assert participants_genitive(settings, organisation) == expected

from pathlib import Path

import pytest

from mentoring.models import Role
from roadmap import services
from tests.conftest import make_person

SAMPLES = Path(__file__).parent / "samples"
SAMPLE_NAMES = {"000": "000_25002573d2b8df5f", "001": "001_6416afdc3f5a5f62", "004": "004_64efdee98214eeb0"}


def sample(number: str, suffix: str) -> Path:
    return SAMPLES / f"{SAMPLE_NAMES[number]}.{suffix}"


@pytest.fixture
def roadmap(personas, organisation):
    return services.roadmap_create_from_template(
        organisation=organisation,
        actor=personas["curator"].user,
        template_slug="school-support-plan",
        academic_year="2025/2026",
    )


@pytest.fixture
def foreign_roadmap(foreign_organisation):
    return services.roadmap_create_from_template(
        organisation=foreign_organisation,
        actor=None,
        template_slug="kindergarten-plan",
        academic_year="2025/2026",
    )


@pytest.fixture
def staff_member(organisation):
    return make_person(
        organisation, roles=[Role.TEACHER], last_name="Кустова", first_name="Наталья", patronymic="Фёдоровна"
    )

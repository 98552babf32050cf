"""Named personas, one for each role, in two organisations of one municipality and one elsewhere.

Tests say `curator`, `director`, `outsider`... rather than building users by hand, as healthchecks does.

Also the suite's two switches:
- PDFs are made by a stand-in renderer (`tests/pdf_stand_in.py`) unless a test is marked `real_pdf` (or
  `benchmark`): WeasyPrint's layout is the slowest thing the suite would otherwise do, hundreds of times.
- Benchmarks (`benchmark`) are deselected unless the marker expression names them: `make bench` runs them.
"""

from __future__ import annotations

import contextlib
import itertools
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from mentoring.models import Membership, MembershipRole, Municipality, Organisation, Person, Region, Role

PASSWORD = "password-for-tests"
_counter = itertools.count(1)


# The longest modules run first within pytest-django's groups (tests in a transaction, then tests that flush
# the database, then tests without one: a flush deletes the migrations' reference data, so that order must
# hold). The accessibility walk takes up to a minute a role, the crawl a quarter of one; a worker starts on
# the long ones and, handed one test at a time (`--maxschedchunk 1`, Makefile), the other goes on with the
# rest, so both finish together on short ones instead of one idling while the other ends on a walk.
RUN_FIRST = ("tests/e2e/test_accessibility.py", "tests/test_crawl.py", "tests/e2e/")


def _start_rank(item: pytest.Item) -> int:
    return next(
        (rank for rank, prefix in enumerate(RUN_FIRST) if item.nodeid.startswith(prefix)), len(RUN_FIRST)
    )


@pytest.hookimpl(tryfirst=True)  # before pytest-django's own (stable) sort into its groups
def pytest_collection_modifyitems(config, items):
    """Benchmarks run only when asked for by `-m` (`make bench`), never in the default suite; the longest
    modules are put first (RUN_FIRST)."""
    if "benchmark" not in (config.getoption("markexpr") or ""):
        kept, benchmarks = [], []
        for item in items:
            (benchmarks if item.get_closest_marker("benchmark") else kept).append(item)
        if benchmarks:
            config.hook.pytest_deselected(items=benchmarks)
            items[:] = kept
    items.sort(key=_start_rank)


def pytest_unconfigure(config):
    """The throwaway MEDIA_ROOT of config.settings.test (one per process, so one per xdist worker)."""
    media = Path(str(getattr(settings, "MEDIA_ROOT", "")))
    if media.name.startswith("nastavnik-test-media-") and media.parent == Path(tempfile.gettempdir()):
        shutil.rmtree(media, ignore_errors=True)


@contextlib.contextmanager
def shared_data(django_db_blocker):
    """Data that outlives one test, as `TestCase.setUpTestData` makes it, for a module-scoped fixture.

    The block opens a transaction; what is written inside (and in the tests that run while it is open) is
    rolled back when it ends. A test using the data also asks for `db`: its own savepoint opens inside this
    transaction and is rolled back after the test, so the tests cannot see each other's writes. Usage:

        @pytest.fixture(scope="module")
        def demo_data(django_db_setup, django_db_blocker):
            with shared_data(django_db_blocker) as unblocked:
                with unblocked():
                    data = build()
                yield data
    """
    with django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
    try:
        yield django_db_blocker.unblock
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            block.__exit__(None, None, None)


def seed_demo():
    """The demo data `make run` shows, built by every app's demo module (as `manage.py seed_demo`)."""
    import importlib
    import random

    from django.apps import apps

    from common import dates
    from mentoring.organisations.demo import DemoContext

    ctx = DemoContext(today=dates.today(), rng=random.Random(2025))
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError:
            continue
        module.seed(ctx)
    return ctx


# Where the application renders PDFs through WeasyPrint's `HTML`: the documents' module (imported at its
# import) and WeasyPrint itself (the login slips, `mentoring/organisations/slips.py`, import it when called).
PDF_RENDERERS = ("reports.documents.pdf.HTML", "weasyprint.HTML")


@pytest.fixture(scope="session", autouse=True)
def stand_in_pdf_renderer():
    """The one switch: every PDF of the session is a stand-in, except in tests marked `real_pdf`."""
    import weasyprint

    from .pdf_stand_in import StandInHTML

    real = weasyprint.HTML
    with pytest.MonkeyPatch.context() as patch:
        for target in PDF_RENDERERS:
            patch.setattr(target, StandInHTML)
        yield real


@pytest.fixture(autouse=True)
def real_pdf_renderer(request, stand_in_pdf_renderer):
    """`@pytest.mark.real_pdf` (and every benchmark) renders with WeasyPrint, as the app does."""
    if request.node.get_closest_marker("real_pdf") or request.node.get_closest_marker("benchmark"):
        with pytest.MonkeyPatch.context() as patch:
            for target in PDF_RENDERERS:
                patch.setattr(target, stand_in_pdf_renderer)
            yield
    else:
        yield


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


def make_municipality() -> Municipality:
    return Municipality.objects.create(name="Город Тестовск", slug="testovsk")


def make_organisation(municipality: Municipality) -> Organisation:
    return Organisation.objects.create(
        municipality=municipality, name="Школа № 1 города Тестовска", short_name="Школа № 1", slug="school-1"
    )


def make_neighbour_organisation(municipality: Municipality) -> Organisation:
    return Organisation.objects.create(
        municipality=municipality,
        name="Детский сад № 2",
        short_name="ДС № 2",
        slug="kindergarten-2",
        kind=Organisation.Kind.KINDERGARTEN,
    )


def make_foreign_organisation() -> Organisation:
    other = Municipality.objects.create(name="Другой район", slug="other")
    return Organisation.objects.create(
        municipality=other, name="Школа другого района", short_name="Чужая школа", slug="foreign-school"
    )


def make_municipal_centre(municipality: Municipality) -> Organisation:
    return Organisation.objects.create(
        municipality=municipality,
        name="Муниципальный центр наставничества",
        short_name="МЦН",
        slug="mcn",
        kind=Organisation.Kind.MUNICIPAL_CENTRE,
    )


def make_personas(organisation, neighbour_organisation, foreign_organisation, municipal_centre) -> dict:
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


def make_regional_persona(municipality: Municipality) -> Person:
    """The regional coordinator of «Тестовская область», the region the test municipality belongs to: a
    member of the regional centre (an organisation of the municipality, which its coordinator does not see).
    Only the permission matrix adds it to its personas (`tests/matrix/reports_region.py` says why)."""
    region = Region.objects.create(name="Тестовская область", slug="test-region")
    municipality.region = region
    municipality.save(update_fields=["region"])
    centre = Organisation.objects.create(
        municipality=municipality,
        name="Региональный центр наставничества",
        short_name="РЦН",
        slug="regional-centre",
        kind=Organisation.Kind.REGIONAL_CENTRE,
    )
    return make_person(centre, roles=[Role.REGIONAL_COORDINATOR], username="regional")


@pytest.fixture
def municipality(db):
    return make_municipality()


@pytest.fixture
def organisation(municipality):
    return make_organisation(municipality)


@pytest.fixture
def neighbour_organisation(municipality):
    return make_neighbour_organisation(municipality)


@pytest.fixture
def foreign_organisation(db):
    return make_foreign_organisation()


@pytest.fixture
def municipal_centre(municipality):
    return make_municipal_centre(municipality)


@pytest.fixture
def personas(organisation, neighbour_organisation, foreign_organisation, municipal_centre):
    """username → Person; every persona logs in with PASSWORD."""
    return make_personas(organisation, neighbour_organisation, foreign_organisation, municipal_centre)


@pytest.fixture
def as_user(client, personas):
    """`as_user("curator")` gives the test client logged in as that persona (or logged out: "anonymous")."""

    def _as(username: str):
        client.logout()
        if username != "anonymous":
            client.force_login(personas[username].user)
        return client

    return _as


def run_python(code: str, environment: dict[str, str]) -> subprocess.CompletedProcess:
    """`code` in a new Python process of the project with exactly `environment`: settings are read when a
    process starts, so a test of what the environment sets (the e-mail, the database, production's cache)
    needs a process of its own."""
    return subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

"""Every URL of the project against every persona: anonymous, each role, a neighbour organisation's curator
and a user of another municipality. A URL that no app's matrix module covers fails the suite."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import conftest, matrix

# Django's own pages, checked by Django: the admin and the account views other than login.
OWN_NAMESPACES_EXEMPT = {"admin"}
EXEMPT_NAMES = {
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


def matrix_modules() -> list[str]:
    return [module_info.name for module_info in pkgutil.iter_modules(matrix.__path__)]


def all_rows() -> list[tuple[str, matrix.Row]]:
    """(app module, row) for every row of tests/matrix/*.py, in the modules' order."""
    rows = []
    for name in matrix_modules():
        module = importlib.import_module(f"tests.matrix.{name}")
        rows.extend((name, row) for row in getattr(module, "ROWS", []))
    return rows


def project_url_names(resolver=None, namespace: str = "") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace in OWN_NAMESPACES_EXEMPT:
                continue
            names |= project_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


ROWS = all_rows()


@dataclass
class World:
    personas: dict
    organisation: Any
    neighbour_organisation: Any
    foreign_organisation: Any
    municipality: Any
    extra: dict


class Worlds:
    """The matrix's data, built once per module instead of once per row (as `TestCase.setUpTestData`).

    The personas and organisations are made once, inside `shared_data`'s transaction, rolled back when the
    module ends. An app's own objects (`build()` of tests/matrix/<app>.py: pairs and matching, roadmaps, a
    signed order...) are made when its first row runs, inside a savepoint rolled back when a row of another
    app comes: a row sees only its own app's objects. Each row then runs in pytest-django's own savepoint, so
    what a row's requests write (a POST, a login's session) is rolled back before the next row."""

    def __init__(self, unblocked) -> None:
        self.unblocked = unblocked
        with unblocked():
            municipality = conftest.make_municipality()
            organisation = conftest.make_organisation(municipality)
            neighbour = conftest.make_neighbour_organisation(municipality)
            foreign = conftest.make_foreign_organisation()
            centre = conftest.make_municipal_centre(municipality)
            personas = conftest.make_personas(organisation, neighbour, foreign, centre)
            personas["regional"] = conftest.make_regional_persona(municipality)
        self.world = World(personas, organisation, neighbour, foreign, municipality, {})
        self.app: str | None = None
        self._app_block: Any = None
        self.names: dict[str, str] = {}  # object name → the app whose build() made it

    def for_app(self, app: str) -> World:
        if app == self.app:
            return self.world
        with self.unblocked():
            self.close_app()
            self._app_block = transaction.atomic()
            self._app_block.__enter__()
            self.app = app
            module = importlib.import_module(f"tests.matrix.{app}")
            built = {}
            if hasattr(module, "build"):
                built = module.build(
                    personas=self.world.personas,
                    organisation=self.world.organisation,
                    foreign_organisation=self.world.foreign_organisation,
                )
        # Two apps naming an object alike would point one app's rows at the other's object as soon as rows
        # move between modules.
        clashes = {name for name in built if self.names.get(name, app) != app}
        assert not clashes, f"tests/matrix/{app}.py reuses the names {sorted(clashes)}"
        self.names.update(dict.fromkeys(built, app))
        self.world.extra = built
        return self.world

    def close_app(self) -> None:
        if self._app_block is None:
            return
        with self.unblocked():
            transaction.set_rollback(True)
            self._app_block.__exit__(None, None, None)
        self._app_block = None
        self.app = None


@pytest.fixture(scope="module")
def worlds(django_db_setup, django_db_blocker):
    with conftest.shared_data(django_db_blocker) as unblocked:
        built = Worlds(unblocked)
        try:
            yield built
        finally:
            built.close_app()


@pytest.fixture
def world(worlds, row_app, request):
    built = worlds.for_app(row_app)
    # The row's own savepoint (`db`, which the test names too) opens inside the app's, after the app's objects
    # are built.
    request.getfixturevalue("db")
    return built


def test_every_project_url_is_in_the_matrix():
    covered = {row.url_name for _app, row in ROWS}
    missing = sorted(project_url_names() - covered - EXEMPT_NAMES)
    assert not missing, f"URLs without a row in tests/matrix/: {missing}"


@pytest.mark.parametrize(("row_app", "row"), ROWS, ids=[row.label for _app, row in ROWS])
def test_permission_matrix(world, db, client, row):
    url = reverse(row.url_name, kwargs=row.kwargs(world))
    failures = []
    for persona in matrix.PERSONAS:
        client.logout()
        if persona != "anonymous":
            client.force_login(world.personas[persona].user)
        response = getattr(client, row.method)(url)
        expected = row.expectation(persona)
        if expected == matrix.LOGIN:
            ok = response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))
        elif expected == matrix.REDIRECT:
            ok = response.status_code == 302 and not response["Location"].startswith(
                reverse(settings.LOGIN_URL)
            )
        else:
            ok = response.status_code == expected
        if not ok:
            failures.append(f"{persona}: expected {expected}, got {response.status_code}")
    assert not failures, f"{row.label} {url}: " + "; ".join(failures)


def allowed_methods(view) -> frozenset[str] | None:
    """The methods a view's `require_http_methods` family decorator lets through (None: not restricted),
    found in the decorator's closure along the `functools.wraps` chain."""
    import inspect

    function = view
    while function is not None:
        if inspect.isfunction(function):
            methods = inspect.getclosurevars(function).nonlocals.get("request_method_list")
            if methods is not None:
                return frozenset(methods)
        function = getattr(function, "__wrapped__", None)
    return None


def project_views(resolver=None, namespace: str = "") -> dict[str, object]:
    views = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in OWN_NAMESPACES_EXEMPT:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            views.update(project_views(pattern, inner))
        elif isinstance(pattern, URLPattern) and pattern.name:
            views[f"{namespace}{pattern.name}"] = pattern.callback
    return views


# Django's own account views (login) check their methods themselves.
DJANGO_VIEWS = EXEMPT_NAMES | {"login"}


def test_every_view_declares_its_methods():
    undeclared = sorted(
        name
        for name, view in project_views().items()
        if name not in DJANGO_VIEWS and allowed_methods(view) is None
    )
    assert not undeclared, f"views without require_safe / require_POST / require_http_methods: {undeclared}"


READ_ONLY_ROWS = [
    (app, row)
    for app, row in ROWS
    if row.method == "get"
    and allowed_methods(project_views().get(row.url_name)) == frozenset({"GET", "HEAD"})
    and any(row.expectation(persona) == 200 for persona in matrix.PERSONAS)
]


def test_most_pages_only_show():
    assert len(READ_ONLY_ROWS) > 40


@pytest.mark.parametrize("row_app", sorted({app for app, _row in READ_ONLY_ROWS}))
def test_read_only_views_refuse_post(world, db, client, row_app):
    """A page that only shows something answers POST with 405, even to a persona who may see it."""
    failures = []
    for app, row in READ_ONLY_ROWS:
        if app != row_app:
            continue
        persona = next(persona for persona in matrix.PERSONAS if row.expectation(persona) == 200)
        client.logout()
        if persona != "anonymous":
            client.force_login(world.personas[persona].user)
        url = reverse(row.url_name, kwargs=row.kwargs(world))
        statuses = (client.get(url).status_code, client.head(url).status_code, client.post(url).status_code)
        if statuses != (200, 200, 405):
            failures.append(f"{row.label} as {persona}: GET, HEAD, POST gave {statuses}")
    assert not failures, "; ".join(failures)

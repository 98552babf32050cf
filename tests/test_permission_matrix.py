"""Every URL of the project against every persona: anonymous, each role, a neighbour organisation's curator
and a user of another municipality. A URL that no app's matrix module covers fails the suite."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import matrix

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


def all_rows() -> list[matrix.Row]:
    rows = []
    for module_info in pkgutil.iter_modules(matrix.__path__):
        module = importlib.import_module(f"tests.matrix.{module_info.name}")
        rows.extend(getattr(module, "ROWS", []))
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


@pytest.fixture
def world(personas, organisation, neighbour_organisation, foreign_organisation, municipality, request):
    extra = {}
    # Apps whose rows need more objects (a roadmap, a pair...) provide `matrix_world(world)` fixtures hooks.
    for module_info in pkgutil.iter_modules(matrix.__path__):
        module = importlib.import_module(f"tests.matrix.{module_info.name}")
        if hasattr(module, "build"):
            built = module.build(
                personas=personas, organisation=organisation, foreign_organisation=foreign_organisation
            )
            # Two apps naming an object alike would silently point one app's rows at the other's object.
            clashes = set(built) & set(extra)
            assert not clashes, f"tests/matrix/{module_info.name}.py reuses the names {sorted(clashes)}"
            extra.update(built)
    return World(personas, organisation, neighbour_organisation, foreign_organisation, municipality, extra)


def test_every_project_url_is_in_the_matrix():
    covered = {row.url_name for row in ROWS}
    missing = sorted(project_url_names() - covered - EXEMPT_NAMES)
    assert not missing, f"URLs without a row in tests/matrix/: {missing}"


@pytest.mark.parametrize("row", ROWS, ids=[row.label for row in ROWS])
def test_permission_matrix(client, world, row):
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

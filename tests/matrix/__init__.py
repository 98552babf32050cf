"""Rows of the permission matrix. Each app's module lists its URLs; `tests/test_permission_matrix.py`
checks every row against every persona and fails when a project URL has no row.

A row: (label, url_name, kwargs(world) -> dict, {persona: expected}). Expected is an HTTP status, or
LOGIN for a redirect to the login page, or REDIRECT for any other redirect. Personas not named in a row get
the row's `default`, except the regional coordinator (`regional`, whose region holds the test municipality;
made by `tests/conftest.py` `make_regional_persona`): where a row does not name it, it reads exactly what
the municipal coordinator reads — a row where the coordinator may act names `regional` (read-only at each
level).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

LOGIN = "login"
REDIRECT = "redirect"

PERSONAS = [
    "anonymous",
    "admin",
    "director",
    "curator",
    "psychologist",
    "teacher",
    "coordinator",
    "regional",
    "neighbour",
    "outsider",
]


@dataclass(frozen=True)
class Row:
    label: str
    url_name: str
    kwargs: Callable[[Any], dict] = lambda world: {}
    expected: dict[str, Any] = field(default_factory=dict)
    default: Any = 404
    method: str = "get"

    def expectation(self, persona: str):
        if persona == "anonymous":
            return self.expected.get("anonymous", LOGIN)
        if persona == "regional" and persona not in self.expected:
            return self.expectation("coordinator")
        return self.expected.get(persona, self.default)


def everyone(status, **overrides) -> dict[str, Any]:
    """Every logged-in persona of the organisation and its coordinator get `status`."""
    base = dict.fromkeys(["admin", "director", "curator", "psychologist", "teacher", "coordinator"], status)
    base.update(overrides)
    return base

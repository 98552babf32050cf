"""Figures shared by the parts of one page (common.memo)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.memo import once_per_page, shared_figures
from mentoring.models import Role
from mentoring.organisations import dashboard, onboarding, selectors
from mentoring.organisations.access import organisation_access
from tests.conftest import make_person

calls: list[tuple] = []


@once_per_page
def _figure(a: int, *, b: int = 0) -> tuple[int, int]:
    calls.append((a, b))
    return (a, b)


def test_outside_a_scope_the_figure_is_computed_every_time():
    calls.clear()
    assert _figure(1) == _figure(1) == (1, 0)
    assert calls == [(1, 0), (1, 0)]


def test_within_a_scope_once_per_arguments_and_nested_scopes_share():
    calls.clear()
    with shared_figures():
        assert _figure(1) == (1, 0)
        assert _figure(1, b=2) == (1, 2)
        with shared_figures():
            assert _figure(1) == (1, 0)
        assert _figure(2) == (2, 0)
        assert _figure(1, b=2) == (1, 2)
    assert calls == [(1, 0), (1, 2), (2, 0)]
    # The scope is closed: nothing is remembered after it.
    assert _figure(1) == (1, 0)
    assert calls[-1] == (1, 0) and len(calls) == 4


def test_the_head_counts_query_runs_once_for_the_checklist_and_the_people_panel(organisation, personas):
    for number in range(3):
        make_person(organisation, roles=[Role.TEACHER], last_name=f"Учителева{number}")
    expected = selectors.organisation_head_counts(organisation)
    access = organisation_access(personas["curator"].user, organisation)
    with CaptureQueriesContext(connection) as queries:
        panels = {panel["key"]: panel for panel in dashboard.panels_for(access, None)}
    assert {"onboarding", "people"} <= set(panels)
    head_counts = [query for query in queries if 'AS "working_staff_without_login"' in query["sql"]]
    assert len(head_counts) == 1, [query["sql"] for query in queries]
    assert panels["people"]["summary"]["staff"] == expected.staff
    steps = {step["key"]: step for step in onboarding.checklist(organisation)}
    assert steps["staff"]["done"] is True
    assert steps["logins"]["hint"] == f"без входа: {expected.working_staff_without_login}"

"""Each count on the dashboard is the length of the list it stands for."""

import re

import pytest
from django.urls import reverse

from mentoring.models import Pair
from mentoring.programme import selectors

pytestmark = pytest.mark.django_db


def _dashboard(as_user, organisation, who="curator") -> str:
    response = as_user(who).get(reverse("mentoring:dashboard", args=[organisation.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_working_pairs_count_is_the_active_pairs_list(as_user, organisation, personas, pair_factory):
    for status in (Pair.Status.APPROVED, Pair.Status.APPROVED, Pair.Status.ACTIVE, Pair.Status.PROPOSED):
        pair_factory(status=status)
    html = _dashboard(as_user, organisation)
    shown = re.search(
        r'data-testid="working-pairs"><div class="stat">(\d+)</div>[^<]*<div[^>]*>([^<]+)<', html
    )
    assert shown, html
    listed = as_user("curator").get(
        reverse("mentoring:pairs", args=[organisation.slug]), {"status": "active"}
    )
    assert int(shown.group(1)) == listed.context["page"].paginator.count == 1
    assert shown.group(2) == "пара работает"
    assert len(selectors.pairs_for(organisation, status=Pair.Status.ACTIVE)) == 1


def test_indicator_targets_count_the_listed_indicators(as_user, organisation, personas):
    response = as_user("director").get(reverse("mentoring:dashboard", args=[organisation.slug]))
    panel = next(panel for panel in response.context["panels"] if panel["key"] == "indicators")
    listed = panel["values"]
    with_target = [value for value in listed if value.definition.target is not None]
    assert panel["target_count"] == len(with_target) > 0
    assert panel["met_count"] == sum(1 for value in with_target if value.met)
    html = response.content.decode()
    assert f"из {len(with_target)} норматив" in html
    assert html.count(
        'class="list-group-item d-flex justify-content-between align-items-center gap-2" data-code='
    ) == len(listed)

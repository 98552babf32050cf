"""The demo a newcomer sees: believable indicators (some met, some not), linked roadmap activities, a bank of
practices from every organisation."""

import importlib
import random

import pytest
from django.apps import apps

from common import dates
from mentoring.organisations.demo import DemoContext
from reports.indicators import computation as indicators
from reports.models import Practice
from roadmap.models import Activity

pytestmark = pytest.mark.django_db


def test_demo_indicators_and_practices():
    ctx = DemoContext(today=dates.today(), rng=random.Random(2025))
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError:
            continue
        module.seed(ctx)
    school = ctx.organisations["demo-school"]
    data = indicators.for_organisation(school)
    assert 1 <= data.met_count < data.target_count
    assert data.not_met
    assert data.get("participants").value > 0
    codes = set(
        Activity.objects.filter(stage__roadmap__organisation=school).values_list("indicator_code", flat=True)
    )
    assert {"roadmap_done", "publications", "diagnostics", "mentees_in_pairs"} <= codes
    for slug in ("demo-school", "demo-kindergarten", "demo-centre"):
        assert Practice.objects.filter(organisation__slug=slug, is_published=True).exists()
    assert Practice.objects.filter(is_published=False).exists()  # a draft the coordinator does not see
    assert any(line.startswith("Показатели:") for line in ctx.log)

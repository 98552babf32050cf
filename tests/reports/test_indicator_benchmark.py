"""Timings of the year's documents and of the indicators over a municipality (reported, not asserted)."""

import importlib
import random
import time

import pytest
from django.apps import apps

from common import dates
from mentoring.models import Municipality
from mentoring.organisations.demo import DemoContext, seed_scale
from reports.documents import pdf
from reports.documents import registry as documents
from reports.indicators import computation as indicators
from reports.municipal import selectors as municipality

pytestmark = [pytest.mark.django_db, pytest.mark.benchmark]


def timed(function):
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def test_year_document_and_registry_timings(capsys):
    ctx = DemoContext(today=dates.today(), rng=random.Random(2025))
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError:
            continue
        module.seed(ctx)
    school, centre = ctx.organisations["demo-school"], ctx.organisations["demo-mcn"]
    year = {"year": indicators.AcademicYear.of(ctx.today).first_year}
    pdf.join_pdf(documents.get("analytical-note").parts(school, year))  # warm up fonts and templates
    timings = {}
    for key, organisation in (
        ("final-report", school),
        ("analytical-note", school),
        ("municipality-report", centre),
    ):
        kind = documents.get(key)
        _data, timings[key] = timed(
            lambda kind=kind, organisation=organisation: pdf.join_pdf(kind.parts(organisation, year))
        )
    seed_scale(ctx, organisations=30, people=60)
    scale = Municipality.objects.get(slug="scale-city")
    rows, registry_seconds = timed(
        lambda: municipality.registry(scale, indicators.AcademicYear.of(ctx.today))
    )
    with capsys.disabled():
        print()
        for key, seconds in timings.items():
            print(f"{key} (demo data): {seconds:.2f} s")
        print(f"indicators of {len(rows)} organisations for the registry: {registry_seconds:.2f} s")

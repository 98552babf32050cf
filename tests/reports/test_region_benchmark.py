"""The region at scale (reported, not asserted): `seed_demo --region 10x30x100`'s data — 10 municipalities of
30 organisations of 100 people — and the time of the region's overview, a municipal overview and a school
dashboard against a bare Django page (the login form), with their query counts.

Building that region takes minutes, so the test runs only when asked: `BENCH_REGION=10x30x100 pytest -m
benchmark tests/reports/test_region_benchmark.py -s` (any «MxOxP» size)."""

import os
import random
import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common import dates
from mentoring.organisations.demo import DemoContext, seed_region_scale

SIZE = os.environ.get("BENCH_REGION", "")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.benchmark,
    pytest.mark.skipif(not SIZE, reason="BENCH_REGION=10x30x100 builds the large region"),
]


def p95(client, url: str, runs: int = 12) -> tuple[float, int]:
    client.get(url)  # warm up
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, url
    return statistics.quantiles(times, n=20)[-1], len(queries)


def test_region_page_ratios(client, capsys):
    municipalities, organisations, people = (int(part) for part in SIZE.split("x"))
    ctx = DemoContext(today=dates.today(), rng=random.Random(2025))
    started = time.perf_counter()
    region = seed_region_scale(ctx, municipalities=municipalities, organisations=organisations, people=people)
    seeded = time.perf_counter() - started
    municipality = region.municipalities.order_by("name").first()
    school = municipality.organisations.exclude(kind="municipal_centre").order_by("slug").first()
    bare, _bare_queries = p95(client, reverse("login"))
    client.force_login(ctx.users["scale-regional"])
    pages = {
        "region overview": reverse("reports:region", args=[region.slug]),
        "municipal overview": reverse("reports:municipality", args=[municipality.slug]),
        "school dashboard": reverse("mentoring:dashboard", args=[school.slug]),
    }
    results = {name: p95(client, url) for name, url in pages.items()}
    with capsys.disabled():
        print(f"\n[benchmark] region {SIZE} seeded in {seeded:.0f} s; bare page p95 {bare * 1000:.1f} ms")
        for name, (seconds, queries) in results.items():
            ratio = seconds / bare
            print(f"[benchmark] {name}: p95 {seconds * 1000:.0f} ms = {ratio:.0f}× bare, {queries} queries")

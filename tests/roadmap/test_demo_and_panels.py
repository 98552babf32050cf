import random
import time

import pytest
from django.urls import reverse

from common import dates
from mentoring.demo import seed as seed_mentoring
from mentoring.organisations import dashboard
from mentoring.organisations.access import organisation_access
from mentoring.organisations.demo import DemoContext
from roadmap import demo, selectors
from roadmap.importing import parse_upload
from roadmap.models import Activity, Event, Publication, Roadmap

from .conftest import sample


@pytest.fixture
def demo_ctx(db):
    ctx = DemoContext(today=dates.today(), rng=random.Random(2025))
    seed_mentoring(ctx)
    demo.seed(ctx)
    return ctx


def test_demo_roadmaps_are_believable(demo_ctx):
    today = demo_ctx.today
    for slug in ("demo-school", "demo-kindergarten", "demo-centre"):
        roadmap = Roadmap.objects.get(organisation__slug=slug)
        progress, _by_stage = selectors.roadmap_progress(roadmap, today=today)
        assert 0 < progress.done < progress.total
        assert progress.in_progress > 0
        assert progress.overdue >= 2
    school = demo_ctx.organisations["demo-school"]
    assert Event.objects.filter(organisation=school).count() == 4
    assert Publication.objects.filter(organisation=school).count() == 1
    mentor = demo_ctx.people["mentor"]
    assert Activity.objects.filter(responsible_people=mentor).exclude(status="done").exists()
    demo.seed(demo_ctx)  # a second run adds nothing
    assert Roadmap.objects.count() == 3


def test_upcoming_items_flag_overdue(demo_ctx):
    access = organisation_access(demo_ctx.users["curator"], demo_ctx.organisations["demo-school"])
    items = dashboard.upcoming_for(access, today=demo_ctx.today, horizon_days=30, limit=50)
    assert any(item.overdue for item in items)
    assert any(item.kind == "групповая встреча" for item in items)
    teacher = organisation_access(demo_ctx.users["mentor"], demo_ctx.organisations["demo-school"])
    mine = dashboard.upcoming_for(teacher, today=demo_ctx.today, horizon_days=400, limit=50)
    deadlines = [item for item in mine if item.kind == "срок"]
    assert deadlines
    mentor = demo_ctx.people["mentor"]
    for item in deadlines:
        activity_id = int(item.url.rstrip("/").rsplit("/", 1)[-1])
        assert Activity.objects.get(pk=activity_id).responsible_people.filter(pk=mentor.pk).exists()


def test_dashboard_shows_progress_to_the_director(client, demo_ctx):
    client.force_login(demo_ctx.users["director"])
    page = client.get(reverse("mentoring:dashboard", args=["demo-school"])).content.decode()
    assert 'data-testid="roadmap-progress-panel"' in page and "просрочено" in page


@pytest.mark.benchmark
def test_benchmark_parsing_the_samples():
    for suffix in ("docx", "xlsx", "txt"):
        for number in ("000", "001", "004"):
            path = sample(number, suffix)
            data = path.read_bytes()
            started = time.perf_counter()
            for _ in range(5):
                parse_upload(path.name, data)
            elapsed = (time.perf_counter() - started) / 5 * 1000
            print(f"parse {path.name}: {elapsed:.1f} ms")

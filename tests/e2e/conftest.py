"""Browser tests: Playwright drives Debian's Chromium headless shell (/usr/bin/chromium-headless-shell, the
browser without its windowing layers: the curator's accessibility walk took 64 s of browser CPU in it against
73 s in the full /usr/bin/chromium, which is the fallback) against `live_server`.

No browser is downloaded. Outside CI, a machine without Chromium skips these tests; in CI (CI=true) that is
a failure, because the browser stage must really run.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make are still
# synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH")
    or shutil.which("chromium-headless-shell")
    or shutil.which("chromium")
    or "/usr/bin/chromium-headless-shell"
)
ARTIFACTS = Path(__file__).parent / "artifacts"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"Chromium is missing at {CHROMIUM}: CI must run the browser tests.")
    skip = pytest.mark.skip(reason="Chromium is not installed (make system-deps)")
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "ru-RU",
        "timezone_id": "Europe/Moscow",
        "viewport": {"width": 1366, "height": 900},
    }


# Per process (so per xdist worker): the in-memory SQLite database right after the first seeding, and its
# DemoContext.
_SEEDED: dict[str, tuple[sqlite3.Connection, object]] = {}


@pytest.fixture
def csp_violations() -> list[str]:
    return []


# axe-core (package.json's devDependencies) checks every page a browser test opens. It is injected by
# Playwright as an init script of every browser context, which the page's Content-Security-Policy does not
# govern, and runs in the page once it has loaded; its findings come back through an exposed binding. A
# serious or critical violation fails the test, as a CSP violation does.
AXE_SOURCE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_IMPACTS = ("serious", "critical")
AXE_RUNNER = (Path(__file__).parent / "axe_runner.js").read_text(encoding="utf-8")


class AxeWatch:
    """What axe found on the pages of one test: `pages` counts the page views checked."""

    def __init__(self) -> None:
        self.pages: list[str] = []
        self.violations: list[str] = []
        self.contexts: list = []

    def report(self, source, result: dict) -> None:
        self.pages.append(f"{result['url']} @{result['width']}")
        if result.get("error"):
            # A check that could not run found nothing: that must fail the test, not pass it.
            where = f"{result['url']} @{result['width']}px"
            self.violations.append(f"{where}: axe-core failed: {result['error']}")
        for rule in result["found"]:
            nodes = "\n      ".join(rule["nodes"])
            self.violations.append(
                f"{result['url']} @{result['width']}px: {rule['impact']} {rule['id']} ({rule['help']}), "
                f"{rule['count']} node(s):\n      {nodes}"
            )

    def watch(self, context) -> None:
        if AXE_SOURCE.exists():
            context.expose_binding("__axeReport", self.report)
            context.add_init_script(
                AXE_SOURCE.read_text(encoding="utf-8")
                + AXE_RUNNER.replace("__IMPACTS__", json.dumps(list(AXE_IMPACTS)))
            )
        self.contexts.append(context)
        close = context.close

        def settle_and_close(*args, **kwargs):
            self.settle(context)
            close(*args, **kwargs)

        context.close = settle_and_close

    def settle(self, context) -> None:
        """Wait for the checks still running on the context's open pages (before it closes)."""
        if context not in self.contexts:
            return
        self.contexts.remove(context)
        for open_page in context.pages:
            try:
                open_page.evaluate("() => window.__axeDone")
            except Exception:  # noqa: BLE001, S112 — the page is gone or never loaded
                continue


@pytest.fixture
def axe(request, browser, monkeypatch):
    """Every browser context the test makes (the `page` fixture's and `browser.new_context()`'s) is
    checked by axe-core after each navigation. `@pytest.mark.no_axe` turns the check off for a test."""
    if not AXE_SOURCE.exists():
        if os.environ.get("CI"):
            raise pytest.UsageError(f"axe-core is missing at {AXE_SOURCE}: run `make install`.")
        pytest.skip("axe-core is not installed (make install)")
    watch = AxeWatch()
    original = browser.new_context

    def new_context(*args, **kwargs):
        context = original(*args, **kwargs)
        watch.watch(context)
        return context

    def new_page(*args, **kwargs):
        context = new_context(*args, **kwargs)
        created = context.new_page()
        created.on("close", lambda _page: context.close())
        return created

    monkeypatch.setattr(browser, "new_context", new_context)
    monkeypatch.setattr(browser, "new_page", new_page)
    yield watch
    for context in list(watch.contexts):
        watch.settle(context)
    if request.node.get_closest_marker("no_axe"):
        return
    assert not watch.violations, "axe-core found serious or critical violations:\n" + "\n".join(
        watch.violations
    )


@pytest.fixture(autouse=True)
def _axe_on_every_page(request):
    """Browser tests only: a test that uses Playwright gets the `axe` check without asking for it."""
    if "tests/e2e/" in str(request.node.fspath) and {"page", "context", "browser"} & set(
        request.fixturenames
    ):
        request.getfixturevalue("axe")


@pytest.fixture
def page(page, csp_violations):
    """Every browser test fails on a Content-Security-Policy violation (an inline script or style the
    policy refused): Chromium reports each one on the console."""
    violations = csp_violations

    def _listen(message) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", _listen)
    yield page
    assert not violations, "CSP violations:\n" + "\n".join(violations)


@pytest.fixture
def demo(transactional_db):
    """The demo data `make run` shows, built by every app's demo module.

    Seeding takes ~10 s of CPU and every browser test wants it fresh. On the in-memory SQLite test database
    the first seeding of a worker is copied aside with SQLite's backup API and copied back for each later
    test (the live server shares that very connection); elsewhere (PostgreSQL) each test seeds anew. The test
    gets its own copy of the context either way; the database is flushed after it as before."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from tests.conftest import seed_demo

    if connection.vendor != "sqlite" or not connection.is_in_memory_db():  # type: ignore[attr-defined]
        return seed_demo()
    connection.ensure_connection()
    key = connection.settings_dict["NAME"]
    if key not in _SEEDED:
        ctx = seed_demo()
        snapshot = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(snapshot)
        _SEEDED[key] = (snapshot, ctx)
        return copy.deepcopy(ctx)
    snapshot, ctx = _SEEDED[key]
    snapshot.backup(connection.connection)
    # The flush after the previous test made content types anew; the restored rows are the snapshot's.
    ContentType.objects.clear_cache()
    return copy.deepcopy(ctx)


@pytest.fixture
def screenshot(page):
    ARTIFACTS.mkdir(exist_ok=True)

    def _shot(name: str, *, full_page: bool = True) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return _shot


def log_in(page, live_server, username: str, password: str = "demo") -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    # The page the login leads to, loaded (not "networkidle", which sits out half a second of silence).
    with page.expect_navigation():
        page.get_by_role("button", name="Войти").click()
    assert "/accounts/login/" not in page.url, f"{username} could not log in: {page.url}"


def nav_link(page, label: str):
    """The navigation's link by its exact text, also while it hides inside a closed drop-down."""
    return page.locator("#main-nav a:not(.dropdown-toggle)").filter(
        has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")
    )


def go(page, label: str) -> None:
    """Follow an entry of the top navigation: open the phone's folded menu and the entry's drop-down group
    first when it sits in one."""
    nav = page.locator("#main-nav")
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible() and not nav.is_visible():
        toggler.click()
    link = nav_link(page, label)
    if not link.is_visible():
        entry = page.locator("a.dropdown-item").filter(has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
        nav.locator("li.dropdown").filter(has=entry).locator(".dropdown-toggle").click()
    link.click()

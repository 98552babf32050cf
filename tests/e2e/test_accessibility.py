"""Every key page of every demo role, at a desk (1280 px) and on a phone (390 px): no serious or critical
axe-core violation (the check itself is the `axe` fixture of conftest.py, run after every page load), and on
the phone every visible control is a tap target of at least 44 × 44 px.

The walk starts at the role's home page and follows the links of the navigation and of each page it visits,
one page per kind of address (the digits of an id do not make a new kind), so a page added later joins the
walk as soon as something links to it."""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path

import pytest

from mentoring.organisations.demo import DEMO_USERS
from tests.e2e.conftest import log_in

WIDTHS = {"desktop": 1280, "phone": 390}
# Not pages: files, the sign-out, Django's admin (not the app's), anything with a side effect on GET.
SKIP = re.compile(
    r"^/(static|media|admin)/|^/accounts/(logout|password)|\.(xlsx|docx|pdf|ics|csv|zip|png|svg)\b"
    r"|/(download|export|file|evidence|ical|calendar\.ics|token)/|/(pdf|docx|xlsx|ics|print|slips)/"
)
PAGES_PER_ROLE = 45
TAP_MIN = 44


def _kind(url: str) -> str:
    path, _, query = url.partition("?")
    # The year or page of a list is the same kind of page; a filter's value is not.
    query = "&".join(part for part in query.split("&") if part and not part.startswith(("year=", "page=")))
    return re.sub(r"\d+", "N", path) + ("?" + re.sub(r"=\d+", "=N", query) if query else "")


def _links(page) -> list[str]:
    return page.eval_on_selector_all(
        "a[href^='/']:not([download])", "links => links.map((link) => link.getAttribute('href'))"
    )


def walk(page, live_server, username: str, limit: int = PAGES_PER_ROLE) -> list[str]:
    log_in(page, live_server, username)
    start = page.url.removeprefix(live_server.url)
    queue, kinds, visited = deque([start]), set(), []
    while queue and len(visited) < limit:
        url = queue.popleft().split("#")[0]
        if not url or SKIP.search(url) or _kind(url) in kinds:
            continue
        kinds.add(_kind(url))
        response = page.goto(live_server.url + url)
        if response is None or not response.headers.get("content-type", "").startswith("text/html"):
            continue
        assert response.status < 500, f"{url}: {response.status}"
        # Wait for this page's axe check before leaving it (under load it can outlast the next click).
        page.evaluate("() => window.__axeDone")
        visited.append(url)
        queue.extend(link for link in _links(page) if _kind(link.split("#")[0]) not in kinds)
    return visited


SMALL_TARGETS = (Path(__file__).parent / "small_targets.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("username", list(DEMO_USERS))
def test_every_key_page_passes_axe(browser, live_server, demo, axe, username, width):
    context = browser.new_context(
        viewport={"width": WIDTHS[width], "height": 900},
        locale="ru-RU",
        timezone_id="Europe/Moscow",
        is_mobile=width == "phone",
        has_touch=width == "phone",
    )
    page = context.new_page()
    visited = walk(page, live_server, username)
    context.close()
    # Every page was checked (the login page too), and the walk went past the home page.
    assert len(visited) >= 3, visited
    assert len(axe.pages) >= len(visited), (axe.pages, visited)


@pytest.mark.parametrize("username", list(DEMO_USERS))
def test_tap_targets_on_a_phone_are_44_px(browser, live_server, demo, username):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="ru-RU", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    log_in(page, live_server, username)
    start = page.url.removeprefix(live_server.url)
    queue, kinds, small = deque([start]), set(), {}
    measured = 0
    while queue and measured < PAGES_PER_ROLE:
        url = queue.popleft().split("#")[0]
        if not url or SKIP.search(url) or _kind(url) in kinds:
            continue
        kinds.add(_kind(url))
        response = page.goto(live_server.url + url)
        if response is None or not response.headers.get("content-type", "").startswith("text/html"):
            continue
        measured += 1
        found = page.evaluate(SMALL_TARGETS, TAP_MIN)
        if found:
            small[url] = found
        queue.extend(link for link in _links(page) if _kind(link.split("#")[0]) not in kinds)
    context.close()
    assert measured >= 3
    assert not small, "tap targets under 44 × 44 px:\n" + "\n".join(
        f"{url}:\n  " + "\n  ".join(items) for url, items in small.items()
    )


@pytest.mark.no_axe
def test_the_axe_check_sees_a_violation(page, live_server, axe):
    """The check itself: a page with an image without a text alternative and no language is reported."""
    page.route(
        "**/axe-probe/",
        lambda route: route.fulfill(
            content_type="text/html",
            body="<!doctype html><title>t</title><img src='/static/img/favicon.svg'>",
        ),
    )
    page.goto(f"{live_server.url}/axe-probe/")
    page.evaluate("() => window.__axeDone")
    assert any("image-alt" in item for item in axe.violations), axe.violations
    assert any("html-has-lang" in item for item in axe.violations), axe.violations
    axe.violations.clear()

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


def walk(page, live_server, username: str, limit: int = PAGES_PER_ROLE, *, on_page=None) -> list[str]:
    """Visit up to `limit` kinds of page from the role's home page; `on_page(url)` runs on each once its axe
    check is done."""
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
        if on_page is not None:
            on_page(url)
        queue.extend(link for link in _links(page) if _kind(link.split("#")[0]) not in kinds)
    return visited


SMALL_TARGETS = (Path(__file__).parent / "small_targets.js").read_text(encoding="utf-8")


def _context(browser, width: str):
    return browser.new_context(
        viewport={"width": WIDTHS[width], "height": 900 if width == "desktop" else 844},
        locale="ru-RU",
        timezone_id="Europe/Moscow",
        is_mobile=width == "phone",
        has_touch=width == "phone",
    )


@pytest.mark.walk
@pytest.mark.parametrize("username", list(DEMO_USERS))
def test_every_key_page_passes_axe_at_a_desk(browser, live_server, demo, axe, username):
    context = _context(browser, "desktop")
    visited = walk(context.new_page(), live_server, username)
    context.close()
    # Every page was checked (the login page too), and the walk went past the home page.
    assert len(visited) >= 3, visited
    assert len(axe.pages) >= len(visited), (axe.pages, visited)


@pytest.mark.walk
@pytest.mark.parametrize("username", list(DEMO_USERS))
def test_every_key_page_on_a_phone_passes_axe_with_44_px_tap_targets(
    browser, live_server, demo, axe, username
):
    """One walk at 390 px checks both: axe on each page, and every visible control measured as a tap
    target."""
    context = _context(browser, "phone")
    page = context.new_page()
    small: dict[str, list[str]] = {}

    def measure(url: str) -> None:
        found = page.evaluate(SMALL_TARGETS, TAP_MIN)
        if found:
            small[url] = found

    visited = walk(page, live_server, username, on_page=measure)
    context.close()
    assert len(visited) >= 3, visited
    assert len(axe.pages) >= len(visited), (axe.pages, visited)
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

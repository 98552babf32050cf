"""Every key page of every demo role, at a desk (1280 px) and on a phone (390 px): no serious or critical
axe-core violation (the check itself is the `axe` fixture of conftest.py, run after every page load and again
after the viewport narrows), and on the phone every visible control is a tap target of at least 44 × 44 px.

The walk starts at the role's home page and follows the links of the navigation and of each page it visits,
one page per kind of page — the URL name it resolves to and the names of its query's parameters: axe judges
the HTML a view's template makes, which another id or another filter value does not change — so a page
added later joins the walk as soon as something links to it. Pages no page links to (the e-mail preferences
opened from a message, the printable QR sheet) are added to the walk by hand.

Each page is loaded once: checked at 1280 px, then the viewport narrows to 390 px and the same page is
checked again and its tap targets measured. The app's phone layout comes from width media queries (the
coarse-pointer query of app.css sits beside a `max-width: 991.98px` one), so a narrowed desktop window
lays the page out as a phone does."""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve

from mentoring.organisations.demo import DEMO_USERS
from tests.e2e.conftest import log_in

WIDTHS = {"desktop": 1280, "phone": 390}
HEIGHTS = {"desktop": 900, "phone": 844}
# Not pages: files, the sign-out, Django's admin (not the app's), anything with a side effect on GET (an
# overview's «Пересчитать», `fresh=1`, counts anew and leads back to the page the walk has checked).
SKIP = re.compile(
    r"^/(static|media|admin)/|^/accounts/(logout|password)|\.(xlsx|docx|pdf|ics|csv|zip|png|svg)\b"
    r"|/(download|export|file|evidence|ical|calendar\.ics|token)/|/(pdf|docx|xlsx|ics|print|slips)/"
    r"|[?&]fresh=1"
)
PAGES_PER_ROLE = 300
TAP_MIN = 44


def _kind(url: str) -> str:
    """The URL name and the query's parameter names (the year or page of a list is the same kind)."""
    path, _, query = url.partition("?")
    keys = sorted({part.partition("=")[0] for part in query.split("&") if part} - {"year", "page"})
    try:
        name = resolve(path).view_name
    except Resolver404:
        name = re.sub(r"\d+", "N", path)
    return name + ("?" + "&".join(keys) if keys else "")


def _links(page) -> list[str]:
    return page.eval_on_selector_all(
        "a[href^='/']:not([download])", "links => links.map((link) => link.getAttribute('href'))"
    )


SMALL_TARGETS = (Path(__file__).parent / "small_targets.js").read_text(encoding="utf-8")


def walk(page, live_server, username: str, extra=(), limit: int = PAGES_PER_ROLE) -> tuple[list, dict]:
    """Visit up to `limit` kinds of page from the role's home page (and `extra` after the linked ones), each
    checked by axe at a desk and on a phone; returns the visited URLs and the small tap targets by URL."""
    log_in(page, live_server, username)
    start = page.url.removeprefix(live_server.url)
    queue, kinds, visited = deque([start]), set(), []
    small: dict[str, list[str]] = {}
    pending = list(extra)
    while (queue or pending) and len(visited) < limit:
        if not queue:
            queue.append(pending.pop(0))
        url = queue.popleft().split("#")[0]
        if not url or SKIP.search(url) or _kind(url) in kinds:
            continue
        kinds.add(_kind(url))
        page.set_viewport_size({"width": WIDTHS["desktop"], "height": HEIGHTS["desktop"]})
        response = page.goto(live_server.url + url)
        if response is None or not response.headers.get("content-type", "").startswith("text/html"):
            continue
        assert response.status < 500, f"{url}: {response.status}"
        # Wait for this page's axe check before leaving it (under load it can outlast the next click).
        page.evaluate("() => window.__axeDone")
        page.set_viewport_size({"width": WIDTHS["phone"], "height": HEIGHTS["phone"]})
        page.evaluate("() => window.__axeCheck()")
        found = page.evaluate(SMALL_TARGETS, TAP_MIN)
        if found:
            small[url] = found
        visited.append(url)
        queue.extend(link for link in _links(page) if _kind(link.split("#")[0]) not in kinds)
    assert len(visited) < limit, f"the walk stopped at {limit} pages: raise PAGES_PER_ROLE"
    return visited, small


def _unlinked_pages(demo, username: str) -> list[str]:
    """Pages no page links to: the role's own e-mail preferences (the link every message carries) and, for
    those who may print it, the QR sheet of a questionnaire's personal links (both of its lists)."""
    from django.urls import reverse

    from mentoring.organisations import mail
    from mentoring.organisations.models import Person
    from surveys.models import Invitation

    pages = []
    person = Person.objects.filter(user=demo.users[username]).first()
    if person is not None:
        pages.append(reverse("mentoring:email_preferences", args=[mail.preferences_token(person)]))
    invitation = (
        Invitation.objects.filter(
            answered=False, person__email="", questionnaire__organisation__slug="demo-school"
        )
        .select_related("questionnaire__organisation")
        .first()
    )
    if invitation is not None:
        questionnaire = invitation.questionnaire
        qr = reverse("surveys:invitations_qr", args=[questionnaire.organisation.slug, questionnaire.pk])
        pages += [qr, qr + "?all=1"]
    return pages


@pytest.mark.walk
@pytest.mark.parametrize("username", list(DEMO_USERS))
def test_every_key_page_passes_axe_at_a_desk_and_on_a_phone_with_44_px_tap_targets(
    browser, live_server, demo, axe, username
):
    context = browser.new_context(
        viewport={"width": WIDTHS["desktop"], "height": HEIGHTS["desktop"]},
        locale="ru-RU",
        timezone_id="Europe/Moscow",
    )
    extra = _unlinked_pages(demo, username)
    visited, small = walk(context.new_page(), live_server, username, extra=extra)
    context.close()
    assert {_kind(url) for url in extra} <= {_kind(url) for url in visited}, (extra, visited)
    # Every page was checked at both widths (the login page too), and the walk went past the home page.
    assert len(visited) >= 3, visited
    for width in WIDTHS.values():
        checked = [page for page in axe.pages if page.endswith(f" @{width}")]
        assert len(checked) >= len(visited), (width, checked, visited)
    assert not small, "tap targets under 44 × 44 px:\n" + "\n".join(
        f"{url}:\n  " + "\n  ".join(items) for url, items in small.items()
    )


def _probe(page, live_server, body: str) -> None:
    """Serve `body` as a page of the live server's origin and wait for its axe check."""
    page.route("**/axe-probe/", lambda route: route.fulfill(content_type="text/html", body=body))
    page.goto(f"{live_server.url}/axe-probe/")
    page.evaluate("() => window.__axeDone")


@pytest.mark.no_axe
def test_the_axe_check_sees_a_violation(page, live_server, axe):
    """The check itself: a page with an image without a text alternative and no language is reported."""
    _probe(page, live_server, "<!doctype html><title>t</title><img src='/static/img/favicon.svg'>")
    assert any("image-alt" in item for item in axe.violations), axe.violations
    assert any("html-has-lang" in item for item in axe.violations), axe.violations
    axe.violations.clear()


@pytest.mark.no_axe
def test_an_axe_check_that_cannot_run_is_a_failure_not_a_pass(page, live_server, axe):
    """A check that throws found nothing; it is reported as a violation rather than passing in silence."""
    _probe(
        page,
        live_server,
        "<!doctype html><html lang='ru'><title>t</title>"
        "<script>window.axe.run = () => Promise.reject(new Error('broken'))</script>",
    )
    assert any("axe-core failed" in item and "broken" in item for item in axe.violations), axe.violations
    axe.violations.clear()

"""Every page a demo user can reach by following links answers without a server error.

The crawl starts at each demo user's home page and follows the links of every page it gets, so new pages
join it as soon as something links to them. Of one kind of address (the same path but for the organisation,
the digits of ids and the values of a query) it opens a few, not all: the hundredth person's page is built
as the third one's. The demo is seeded once for the module (in a transaction rolled back at its end); each
role's crawl runs in its own savepoint."""

from __future__ import annotations

import re
from collections import Counter, deque

import pytest

from mentoring.organisations.demo import DEMO_USERS
from tests.conftest import seed_demo, shared_data

HREF = re.compile(r'href="(/[^"#]*)"')
SKIP = ("/static/", "/media/", "/admin/", "/accounts/logout")
PAGE_LIMIT = 400
PER_KIND = 3
# The kind of an address: the organisation, the digits of ids and the values of a query do not make a new
# one (its parameters do).
KIND = re.compile(r"^/o/[^/]+/|\d+")
QUERY_VALUE = re.compile(r"=[^&]*")


def _kind(url: str) -> str:
    path, _, query = url.partition("?")
    path = KIND.sub(lambda match: "/o/S/" if match.group().startswith("/o/") else "N", path)
    return path + ("?" + QUERY_VALUE.sub("=V", query) if query else "")


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker) as unblocked:
        with unblocked():
            ctx = seed_demo()
        yield ctx


def crawl(client, start: str = "/") -> dict[str, int]:
    seen: dict[str, int] = {}
    kinds: Counter[str] = Counter()
    queue = deque([start])
    while queue and len(seen) < PAGE_LIMIT:
        url = queue.popleft()
        if url in seen or url.startswith(SKIP) or kinds[_kind(url)] >= PER_KIND:
            continue
        kinds[_kind(url)] += 1
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        if response.get("Content-Type", "").startswith("text/html"):
            for link in HREF.findall(response.content.decode()):
                link = link.replace("&amp;", "&")
                if link not in seen:
                    queue.append(link)
    return seen


@pytest.mark.parametrize("username", list(DEMO_USERS))
def test_no_reachable_page_fails(demo_data, db, client, username):
    client.force_login(demo_data.users[username])
    visited = crawl(client)
    errors = {url: status for url, status in visited.items() if status >= 500}
    assert not errors, errors
    assert len(visited) >= 2

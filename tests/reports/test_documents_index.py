"""The documents hub lists the pairs' agreements a page at a time, with a search."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.documents.views import PAIRS_PAGE

pytestmark = pytest.mark.django_db


def _agreement_links(page: str) -> int:
    return page.count('data-testid="agreement-docx-')


def test_pairs_come_a_page_at_a_time(organisation, as_user, pair_factory):
    for _ in range(PAIRS_PAGE + 3):
        pair_factory()
    url = reverse("reports:documents", args=[organisation.slug])
    first = as_user("curator").get(url).content.decode()
    assert _agreement_links(first) == PAIRS_PAGE
    assert "Страница 1 из 2" in first
    second = as_user("curator").get(url, {"page": 2}).content.decode()
    assert _agreement_links(second) == 3
    assert _agreement_links(as_user("curator").get(url, {"page": "999999"}).content.decode()) == 3


def test_the_search_finds_a_pair_by_a_mentee(organisation, as_user, pair_factory, named_pair):
    for _ in range(PAIRS_PAGE + 3):
        pair_factory()
    url = reverse("reports:documents", args=[organisation.slug])
    page = as_user("curator").get(url, {"q": "смирнов"}).content.decode()
    assert _agreement_links(page) == 1
    assert f'data-testid="agreement-docx-{named_pair.pk}"' in page
    assert "Найдена 1 пара" in page
    huge = as_user("curator").get(url, {"q": "ъ" * 100_000})
    assert huge.status_code == 200
    assert "Ни одна пара не найдена." in huge.content.decode()


def test_queries_do_not_grow_with_the_pairs(organisation, as_user, pair_factory):
    client = as_user("curator")
    url = reverse("reports:documents", args=[organisation.slug])
    for _ in range(3):
        pair_factory()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(PAIRS_PAGE + 10):
        pair_factory()
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)

"""The municipal and regional overviews keep their figures for OVERVIEW_CACHE_SECONDS: a second view reads
them back instead of counting them again, the page says when they were counted, «Пересчитать» counts them
anew, and a change made meanwhile shows after it (or once the time is up)."""

from __future__ import annotations

import io
import pickle

import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse

from common.dates import AcademicYear
from mentoring.models import Pair
from reports.indicators.computation import BY_CODE, IndicatorValue
from reports.municipal import overview
from tests.conftest import make_person

from .test_indicators import _organisations, pair

YEAR = AcademicYear.current()


@pytest.fixture
def cached(settings):
    settings.OVERVIEW_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def new_pair(organisation) -> Pair:
    return pair(organisation, make_person(organisation), [make_person(organisation)])


def pairs_shown(response) -> int:
    return response.context["total"].pairs


@pytest.mark.django_db
class TestMunicipalOverviewCache:
    def url(self, municipality, query: str = "") -> str:
        return reverse("reports:municipality", args=[municipality.slug]) + query

    def test_a_second_view_reads_the_counted_figures_back(
        self, cached, client, municipality, personas, django_assert_max_num_queries
    ):
        _organisations(municipality, 3)
        client.force_login(personas["coordinator"].user)
        client.get(self.url(municipality))
        # Session and user, the visitor's memberships, the report's home: none of the 13 indicator queries.
        with django_assert_max_num_queries(8):
            response = client.get(self.url(municipality))
        assert len(response.context["rows"]) == 5
        assert 'data-testid="counted-at"' in response.content.decode()

    def test_a_change_shows_after_pereschitat_and_the_link_leaves_no_trace(
        self, cached, client, municipality, organisation, personas
    ):
        client.force_login(personas["coordinator"].user)
        before = pairs_shown(client.get(self.url(municipality, "?sort=pairs")))
        new_pair(organisation)
        assert pairs_shown(client.get(self.url(municipality, "?sort=pairs"))) == before  # kept

        response = client.get(self.url(municipality, "?sort=pairs&fresh=1"))
        assert response.status_code == 302
        assert response["Location"] == self.url(municipality, "?sort=pairs")
        after = client.get(response["Location"])
        assert pairs_shown(after) == before + 1
        # The table's HTML is kept with the figures: counted anew, it is drawn anew.
        total = after.content.decode().split('data-testid="overview-total"')[1]
        assert f'data-col="pairs">{before + 1}<' in total
        assert "fresh=1&amp;fresh" not in after.content.decode()

    def test_the_refresh_without_other_parameters_goes_back_to_the_bare_page(
        self, cached, client, municipality, personas
    ):
        client.force_login(personas["coordinator"].user)
        response = client.get(self.url(municipality, "?fresh=1"))
        assert response.status_code == 302 and response["Location"] == self.url(municipality)

    def test_the_refresh_keeps_the_pages_parameters_and_drops_forged_ones(
        self, cached, client, municipality, personas
    ):
        client.force_login(personas["coordinator"].user)
        response = client.get(self.url(municipality, "?junk=1&sort=pairs&year=2024&fresh=1"))
        assert response["Location"] == self.url(municipality, "?year=2024&sort=pairs")
        # A 100,000-character value is dropped, not carried into a redirect Django would refuse.
        response = client.get(self.url(municipality, "?sort=" + "я" * 100_000 + "&fresh=1"))
        assert response.status_code == 302 and response["Location"] == self.url(municipality)

    def test_each_year_and_each_municipality_has_its_own_figures(
        self, cached, municipality, organisation, foreign_organisation
    ):
        new_pair(organisation)
        this_year = overview.municipal_overview(municipality, YEAR)
        last_year = overview.municipal_overview(municipality, YEAR.previous)
        other = overview.municipal_overview(foreign_organisation.municipality, YEAR)
        assert this_year.total.pairs == 1
        assert {row.name for row in other.rows} == {foreign_organisation.short_name}
        assert last_year.year == YEAR.previous

    def test_without_the_setting_every_view_counts_anew(self, settings, municipality, organisation):
        settings.OVERVIEW_CACHE_SECONDS = 0
        assert overview.municipal_overview(municipality, YEAR).total.pairs == 0
        new_pair(organisation)
        assert overview.municipal_overview(municipality, YEAR).total.pairs == 1

    def test_the_export_is_the_counted_page(self, cached, client, municipality, organisation, personas):
        client.force_login(personas["coordinator"].user)
        shown = pairs_shown(client.get(self.url(municipality)))
        new_pair(organisation)
        export = client.get(reverse("reports:municipality_export", args=[municipality.slug]))
        rows = list(openpyxl.load_workbook(io.BytesIO(export.content))["Обзор"].iter_rows(values_only=True))
        header, total = rows[3], rows[-1]
        assert total[0] == "Итого по муниципалитету"
        # Both read the same counted figures: not the page's old ones beside the file's new ones.
        assert total[header.index("Пар и групп")] == shown


@pytest.mark.django_db
def test_the_region_overview_is_kept_and_counted_anew_on_request(
    cached,
    client,
    region,
    regional,
    organisation,
):
    url = reverse("reports:region", args=[region.slug])
    client.force_login(regional.user)
    before = pairs_shown(client.get(url))
    new_pair(organisation)
    assert pairs_shown(client.get(url)) == before
    response = client.get(url + "?fresh=1")
    assert response.status_code == 302 and response["Location"] == url
    assert pairs_shown(client.get(url)) == before + 1


def test_a_kept_figure_refers_to_the_catalogue_definition():
    value = IndicatorValue(BY_CODE["mentees_in_pairs"], 50.0, 1, 2)
    back = pickle.loads(pickle.dumps(value))  # noqa: S301 — our own object, as the cache stores it
    assert back.definition is BY_CODE["mentees_in_pairs"]
    assert (back.value, back.numerator, back.denominator) == (50.0, 1, 2)

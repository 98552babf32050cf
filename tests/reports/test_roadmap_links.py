"""Roadmap activities linked to indicators: the curator chooses one in the activity form, the roadmap page and
the activity page show its live value; the sample roadmap's texts are linked automatically."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from reports.indicators.services import roadmap_indicators_autolink
from roadmap import indicator_links, services
from roadmap.models import Activity, Publication


@pytest.fixture
def roadmap(personas, organisation):
    return services.roadmap_create_from_template(
        organisation=organisation,
        actor=personas["curator"].user,
        template_slug="school-support-plan",
        academic_year="2025/2026",
    )


def edit_url(organisation, activity):
    return reverse("roadmap:activity_edit", args=[organisation.slug, activity.pk])


@pytest.mark.django_db
def test_form_lists_the_registered_indicators_and_saves_the_choice(as_user, organisation, roadmap):
    activity = Activity.objects.filter(stage__roadmap=roadmap).first()
    client = as_user("curator")
    form = client.get(edit_url(organisation, activity), HTTP_HX_REQUEST="true").content.decode()
    assert 'value="roadmap_done"' in form and "Выполнено позиций дорожной карты" in form
    response = client.post(
        edit_url(organisation, activity),
        {"title": activity.title, "indicator_code": "publications"},
        HTTP_HX_REQUEST="true",
    )
    activity.refresh_from_db()
    assert activity.indicator_code == "publications"
    assert 'data-testid="live-indicator"' in response.content.decode()  # the row comes back with the value
    assert organisation.audit_entries.filter(
        action="roadmap.activity_updated", target_id=activity.pk
    ).exists()


@pytest.mark.django_db
def test_forged_code_is_refused(as_user, organisation, roadmap):
    activity = Activity.objects.filter(stage__roadmap=roadmap).first()
    response = as_user("curator").post(
        edit_url(organisation, activity),
        {"title": activity.title, "indicator_code": "salary"},
        HTTP_HX_REQUEST="true",
    )
    assert "Выберите корректный вариант" in response.content.decode()
    activity.refresh_from_db()
    assert activity.indicator_code == ""


@pytest.mark.django_db
def test_sample_texts_are_linked_and_the_roadmap_shows_live_values(
    as_user, organisation, roadmap, django_assert_max_num_queries
):
    linked = roadmap_indicators_autolink(roadmap=roadmap, actor=None)
    codes = {activity.indicator_code for activity in linked}
    assert {"roadmap_done", "publications", "diagnostics", "mentees_in_pairs", "final_meeting"} <= codes
    Publication.objects.create(
        organisation=organisation,
        title="Новость",
        url="https://x.example",
        published_on=datetime.date(2025, 10, 1),
    )
    client = as_user("curator")
    page = client.get(reverse("roadmap:detail", args=[organisation.slug, roadmap.pk])).content.decode()
    assert page.count('data-testid="live-indicator"') == len(linked)
    assert 'data-code="publications"' in page and "сейчас: 1 ед." in page
    activity = next(item for item in linked if item.indicator_code == "roadmap_done")
    detail = client.get(reverse("roadmap:activity", args=[organisation.slug, activity.pk])).content.decode()
    assert 'data-code="roadmap_done"' in detail and "норматив 100 %" in detail
    # The indicators are computed once for the page, not per activity.
    with django_assert_max_num_queries(45):
        client.get(reverse("roadmap:detail", args=[organisation.slug, roadmap.pk]))


@pytest.mark.django_db
def test_no_values_for_a_municipal_plan_or_unlinked_activities(roadmap):
    activity = Activity.objects.filter(stage__roadmap=roadmap).first()
    assert indicator_links.live_value(activity) is None
    roadmap.organisation = None
    assert indicator_links.values_for(roadmap) == {}

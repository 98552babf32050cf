"""Queries per page stay flat as the data grows (issue 15): the dashboards and the municipality page at
small and large data, and the navigation's organisations read in one cheap query once per request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.models import Membership, MenteeProfile, MentorProfile, Organisation
from mentoring.programme import services
from tests.conftest import make_person
from tests.mentoring.conftest import add_mentee, add_mentor, proposed_pair

pytestmark = pytest.mark.django_db


def grow(organisation, count):
    for _ in range(count):
        pair = proposed_pair(organisation, add_mentor(organisation), [add_mentee(organisation)])
        services.plan_item_save(
            plan=services.plan_create(pair=pair, actor=None), actor=None, data={"title": "Пункт"}
        )
        add_mentor(organisation)
        add_mentee(organisation)
        make_person(organisation)


def queries_of(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured), captured


# The most queries each page may make, at any size (the dashboards' panels are a fixed set).
# The onboarding checklist (issue 10) reads three facts of the organisation.
# Issue 13: the director's programme panel also counts the plan amendments waiting for a decision.
# Issue 15: seven fewer (48/49/45 before): the onboarding's staff counted once, the roadmap panel's
# stages with their progress, the indicators panel without the two indicators it does not list, the year's
# pairs with their mentees in one query (a teacher's 16 was already so). Then three fewer on every page:
# the visitor's memberships, roles, oversight and navigation read in one query (`request_memberships`).
# Then one fewer where the onboarding checklist and the people panel are both shown: they read the same
# head counts (common.memo).
# Then one fewer for everyone in no pair: the panels share the visitor's own pair ids (one cheap query)
# and skip their pairs and plan items when there are none; a teacher in a pair pays that one more.
DASHBOARD_MAX = {"curator": 36, "director": 37, "teacher": 12, "coordinator": 33}
TEACHER_IN_A_PAIR_MAX = 15  # 14 before the shared pair ids


@pytest.mark.parametrize("username", list(DASHBOARD_MAX))
def test_dashboard_queries_do_not_grow(
    as_user, organisation, personas, username, django_assert_max_num_queries
):
    path = reverse("mentoring:dashboard", args=[organisation.slug])
    client = as_user(username)
    grow(organisation, 2)
    small, _ = queries_of(client, path)
    grow(organisation, 25)
    with django_assert_max_num_queries(small):
        assert client.get(path).status_code == 200
    assert small <= DASHBOARD_MAX[username]


def test_dashboard_of_a_teacher_in_a_pair_does_not_grow(
    as_user, organisation, personas, django_assert_max_num_queries
):
    pair = proposed_pair(
        organisation, add_mentor(organisation), [add_mentee(organisation, personas["teacher"])]
    )
    services.plan_item_save(
        plan=services.plan_create(pair=pair, actor=None), actor=None, data={"title": "Пункт"}
    )
    path = reverse("mentoring:dashboard", args=[organisation.slug])
    client = as_user("teacher")
    grow(organisation, 2)
    small, _ = queries_of(client, path)
    assert "my-pairs" in [panel["key"] for panel in client.get(path).context["panels"]]
    grow(organisation, 25)
    with django_assert_max_num_queries(small):
        assert client.get(path).status_code == 200
    assert small <= TEACHER_IN_A_PAIR_MAX


def test_municipality_page_queries_do_not_grow(
    as_user, municipality, organisation, personas, django_assert_max_num_queries
):
    path = reverse("reports:municipality", args=[municipality.slug])
    client = as_user("coordinator")
    grow(organisation, 2)
    small, _ = queries_of(client, path)
    for number in range(8):
        school = Organisation.objects.create(
            municipality=municipality,
            name=f"Школа № {10 + number}",
            short_name=f"Ш{number}",
            slug=f"s-{number}",
        )
        grow(school, 2)
    with django_assert_max_num_queries(small):
        assert client.get(path).status_code == 200
    assert small <= 24


def test_navigation_organisations_in_one_query_without_distinct(
    as_user, municipality, organisation, personas
):
    for number in range(5):
        Organisation.objects.create(
            municipality=municipality,
            name=f"Школа № {10 + number}",
            short_name=f"Ш{number}",
            slug=f"s-{number}",
        )
    client = as_user("coordinator")
    _count, captured = queries_of(client, reverse("mentoring:dashboard", args=[organisation.slug]))
    navigation = [query["sql"] for query in captured.captured_queries if "UNION" in query["sql"].upper()]
    assert len(navigation) == 1, [q["sql"] for q in captured.captured_queries]
    assert "DISTINCT" not in navigation[0].upper() and " OR " not in navigation[0].upper()
    response = client.get(reverse("mentoring:dashboard", args=[organisation.slug]))
    # The coordinator's navigation lists every organisation of the municipality (and nothing else).
    listed = set(response.context["my_organisations"])
    assert listed == set(Organisation.objects.filter(municipality=municipality))


def test_bases_summary_counts_consents_as_before(organisation, foreign_organisation, personas):
    from mentoring.programme import selectors
    from tests.mentoring.conftest import TODAY, give_consent

    add_mentor(organisation)  # consent given
    add_mentor(organisation, consent=False)
    withdrawn = add_mentor(organisation)
    consent = organisation.consents.get(person=withdrawn)
    services.consent_withdraw(organisation=organisation, consent=consent, withdrawn_on=TODAY, actor=None)
    elsewhere = add_mentee(organisation, consent=False)
    Membership.objects.create(person=elsewhere, organisation=foreign_organisation)
    give_consent(foreign_organisation, elsewhere)  # another municipality's consent does not count
    add_mentee(organisation)
    summary = selectors.bases_summary(organisation)
    # The per-row EXISTS it replaces, as the reference.
    mentors = organisation.mentor_profiles.exclude(status=MentorProfile.Status.ARCHIVED).annotate(
        has_consent=selectors._valid_consent(organisation)
    )
    mentees = organisation.mentee_profiles.exclude(status=MenteeProfile.Status.FINISHED).annotate(
        has_consent=selectors._valid_consent(organisation)
    )
    assert summary["mentors"]["total"] == mentors.count()
    assert summary["mentors"]["no_consent"] == mentors.filter(has_consent=False).count() >= 1
    assert summary["mentees"]["total"] == mentees.count() == 2
    assert summary["mentees"]["no_consent"] == mentees.filter(has_consent=False).count() == 1


def test_a_member_of_two_organisations_gets_access_and_navigation_from_one_query(
    as_user, organisation, neighbour_organisation, personas
):
    """A visitor who oversees nothing: their roles here, the switcher's organisations (their own, by short
    name) and the «Муниципалитет» links all come from the one read of their memberships."""
    curator = personas["curator"]
    Membership.objects.create(person=curator, organisation=neighbour_organisation)
    client = as_user("curator")
    path = reverse("mentoring:people", args=[organisation.slug])
    _count, captured = queries_of(client, path)
    sql = [query["sql"] for query in captured.captured_queries]
    assert not [query for query in sql if "UNION" in query.upper()], sql
    # The visitor's own person (the user menu) and their memberships: nothing else asks who they are.
    by_user = [query for query in sql if f'"mentoring_person"."user_id" = {curator.user_id}' in query]
    assert len(by_user) == 2, by_user
    response = client.get(path)
    listed = [item.slug for item in response.context["my_organisations"]]
    expected = sorted([organisation, neighbour_organisation], key=lambda item: item.short_name.casefold())
    assert listed == [item.slug for item in expected]
    assert not response.context["my_municipalities"]
    assert response.context["access"].roles == {"curator"}
    # An organisation the visitor does not belong to stays a 404.
    assert client.get(reverse("mentoring:people", args=["no-such"])).status_code == 404

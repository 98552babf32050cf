from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from mentoring.models import Role
from mentoring.organisations.access import organisation_access, visible_organisations


@pytest.mark.django_db
class TestScoping:
    def test_member_sees_only_their_organisations(self, personas, organisation):
        assert list(visible_organisations(personas["teacher"].user)) == [organisation]

    def test_coordinator_sees_every_organisation_of_the_municipality(
        self, personas, organisation, neighbour_organisation, municipal_centre, foreign_organisation
    ):
        visible = set(visible_organisations(personas["coordinator"].user))
        assert visible == {organisation, neighbour_organisation, municipal_centre}

    def test_coordinator_reads_but_does_not_manage(self, personas, organisation):
        access = organisation_access(personas["coordinator"].user, organisation)
        assert access.roles == {Role.COORDINATOR}
        assert not access.own_roles

    def test_superuser_sees_all(self, personas, foreign_organisation):
        root = get_user_model().objects.create_superuser("root", "root@example.com", "x")
        assert foreign_organisation in visible_organisations(root)

    def test_user_without_person_sees_nothing(self, db, organisation, client):
        user = get_user_model().objects.create_user("lonely", password="x")
        client.force_login(user)
        response = client.get(reverse("home"))
        assert response.status_code == 200
        assert "не состоите ни в одной организации" in response.content.decode()

    def test_home_sends_a_single_organisation_member_to_its_dashboard(self, as_user, personas, organisation):
        response = as_user("teacher").get(reverse("home"))
        assert response["Location"] == reverse("mentoring:dashboard", args=[organisation.slug])

    def test_home_sends_the_coordinator_to_the_municipality(self, as_user, personas, municipality):
        response = as_user("coordinator").get(reverse("home"))
        assert response["Location"] == reverse("mentoring:municipality", args=[municipality.slug])


@pytest.mark.django_db
class TestDashboards:
    @pytest.mark.parametrize(
        "persona,visible,hidden",
        [
            ("teacher", ["my-profile", "upcoming", "organisation"], ["people", "recent-changes"]),
            ("curator", ["people", "recent-changes", "upcoming"], []),
            ("director", ["people", "recent-changes"], []),
            ("psychologist", ["people"], ["recent-changes"]),
            ("coordinator", ["people", "organisation"], ["recent-changes", "my-profile"]),
        ],
    )
    def test_each_role_gets_its_panels(self, as_user, organisation, persona, visible, hidden):
        response = as_user(persona).get(reverse("mentoring:dashboard", args=[organisation.slug]))
        keys = {panel["key"] for panel in response.context["panels"]}
        assert set(visible) <= keys
        assert not set(hidden) & keys

    @staticmethod
    def nav_names(response) -> set[str]:
        names = set()
        for item in response.context["nav_items"]:
            names |= {child["name"] for child in item.get("children", [item])}
        return names

    def test_navigation_follows_roles(self, as_user, organisation):
        teacher_nav = as_user("teacher").get(reverse("mentoring:dashboard", args=[organisation.slug]))
        assert "mentoring:people" not in self.nav_names(teacher_nav)
        curator_nav = as_user("curator").get(reverse("mentoring:dashboard", args=[organisation.slug]))
        assert "mentoring:people" in self.nav_names(curator_nav)
        groups = {str(item["label"]): item for item in curator_nav.context["nav_items"] if "children" in item}
        assert {"mentoring:mentors", "mentoring:pairs"} <= {
            child["name"] for child in groups["Программа"]["children"]
        }

    def test_municipality_registry_lists_organisations_with_curators(
        self, as_user, municipality, organisation, neighbour_organisation, personas
    ):
        response = as_user("coordinator").get(
            reverse("mentoring:municipality", args=[municipality.slug]), follow=True
        )
        html = response.content.decode()
        assert organisation.short_name in html and neighbour_organisation.short_name in html
        assert personas["neighbour"].short_name in html
        assert "Чужая школа" not in html


def test_the_registry_counts_each_organisations_people_and_staff_once(
    municipality, organisation, neighbour_organisation, personas
):
    from mentoring.models import Membership, Person
    from mentoring.organisations import selectors
    from tests.conftest import make_person

    # A staff member holding two roles is one person; a student is a person but not staff.
    leader = make_person(organisation, kind=Person.Kind.STAFF, roles=[Role.CURATOR, Role.DIRECTOR])
    make_person(organisation, kind=Person.Kind.STUDENT)
    counted: dict[int, Any] = {item.pk: item for item in selectors.municipality_registry(municipality)}
    for school in (organisation, neighbour_organisation):
        members = Membership.objects.filter(organisation=school)
        assert counted[school.pk].people_count == members.count()
        assert counted[school.pk].staff_count == members.filter(person__kind=Person.Kind.STAFF).count()
    leaders = counted[organisation.pk].leader_memberships
    assert leader.pk in {item.person_id for item in leaders}
    assert len(leaders) == len({item.pk for item in leaders})

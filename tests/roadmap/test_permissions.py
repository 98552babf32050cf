"""The predicates on an activity (`roadmap.permissions`) and the open activities
(`Activity.objects.open()`)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from mentoring.models import Role
from mentoring.organisations.access import organisation_access
from roadmap import permissions, selectors
from roadmap.models import Activity, Roadmap


@pytest.fixture
def activity(roadmap):
    activity = Activity.objects.filter(stage__roadmap=roadmap).order_by("pk").first()
    activity.responsible_people.clear()
    activity.responsible_roles = ""
    activity.save()
    return activity


def _access(user, organisation):
    return organisation_access(user, organisation)


def _fresh(organisation, activity) -> Activity:
    return selectors.activities_with_details(organisation).get(pk=activity.pk)


def test_a_teacher_named_responsible_sees_and_works_on_the_activity(activity, personas, organisation):
    teacher = _access(personas["teacher"].user, organisation)
    assert not permissions.is_responsible_for(teacher, _fresh(organisation, activity))
    assert not permissions.can_view_activity(teacher, _fresh(organisation, activity))
    with pytest.raises(PermissionDenied):
        permissions.require_view_activity(teacher, _fresh(organisation, activity))
    with pytest.raises(PermissionDenied):
        permissions.require_work_on_activity(teacher, _fresh(organisation, activity))

    activity.responsible_people.add(personas["teacher"])
    named = _fresh(organisation, activity)
    assert permissions.is_responsible_for(teacher, named)
    assert permissions.can_view_activity(teacher, named)
    assert permissions.can_work_on_activity(teacher, named)
    permissions.require_view_activity(teacher, named)
    permissions.require_work_on_activity(teacher, named)


def test_the_psychologist_is_responsible_where_the_role_is_named(activity, personas, organisation):
    psychologist = _access(personas["psychologist"].user, organisation)
    assert not permissions.is_responsible_for(psychologist, _fresh(organisation, activity))
    assert not permissions.can_work_on_activity(psychologist, _fresh(organisation, activity))
    activity.responsible_roles = Role.PSYCHOLOGIST
    activity.save()
    assert permissions.is_responsible_for(psychologist, _fresh(organisation, activity))
    assert permissions.can_work_on_activity(psychologist, _fresh(organisation, activity))
    # A coordinator holds the psychologist's role nowhere: naming the role does not make them responsible.
    coordinator = _access(personas["coordinator"].user, organisation)
    assert not permissions.is_responsible_for(coordinator, _fresh(organisation, activity))


def test_readers_see_every_activity_and_managers_work_on_it(activity, personas, organisation):
    director = _access(personas["director"].user, organisation)
    coordinator = _access(personas["coordinator"].user, organisation)
    assert permissions.can_view_activity(coordinator, activity)
    assert not permissions.can_work_on_activity(coordinator, activity)  # reads only
    assert permissions.can_work_on_activity(director, activity)


def test_open_activities_are_the_planned_and_the_running_ones(roadmap, organisation):
    activities = list(Activity.objects.filter(stage__roadmap=roadmap).order_by("pk")[:4])
    today = datetime.date(2025, 10, 1)
    for activity, status in zip(activities, Activity.Status.values, strict=True):
        activity.status = status
        activity.completed_on = today if status == Activity.Status.DONE else None
        activity.save()
    ours = Activity.objects.filter(pk__in=[activity.pk for activity in activities])
    assert set(ours.open().values_list("status", flat=True)) == {
        Activity.Status.PLANNED,
        Activity.Status.IN_PROGRESS,
    }
    for activity in ours:
        assert activity.is_closed == (activity.pk not in set(ours.open().values_list("pk", flat=True)))
    through_roadmap = Roadmap.objects.filter(
        Activity.open_q("stages__activities__"), stages__activities__in=activities
    ).values_list("stages__activities__status", flat=True)
    assert set(through_roadmap) == {Activity.Status.PLANNED, Activity.Status.IN_PROGRESS}


def test_an_outsider_gets_no_access_and_no_activity(activity, personas, foreign_organisation, organisation):
    assert organisation_access(personas["outsider"].user, organisation) is None
    assert not selectors.activities_with_details(foreign_organisation).filter(pk=activity.pk).exists()

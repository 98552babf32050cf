"""The pairs' status sets as QuerySet methods (`Pair.objects.open()`…) and the programme's object predicates
(`mentoring.programme.permissions`), checked on one pair of each status."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from mentoring.models import Pair, PairMentee
from mentoring.organisations.access import OrganisationAccess, organisation_access
from mentoring.programme import permissions, selectors
from tests.conftest import make_person
from tests.mentoring.conftest import teacher_form

S = Pair.Status


@pytest.fixture
def pairs_by_status(organisation):
    """One pair of every status, each with its own mentor and mentee."""
    pairs = {}
    for status in S.values:
        pair = Pair.objects.create(
            organisation=organisation, mentor=make_person(organisation), form=teacher_form(), status=status
        )
        PairMentee.objects.create(pair=pair, mentee=make_person(organisation))
        pairs[status] = pair
    return pairs


def _statuses(queryset) -> set[str]:
    return set(queryset.values_list("status", flat=True))


def test_each_status_set_holds_exactly_its_statuses(pairs_by_status, organisation):
    assert _statuses(Pair.objects.open()) == {S.PROPOSED, S.APPROVED, S.ACTIVE}
    assert _statuses(Pair.objects.working()) == {S.APPROVED, S.ACTIVE}
    assert _statuses(Pair.objects.established()) == {S.APPROVED, S.ACTIVE, S.COMPLETED}
    assert _statuses(Pair.objects.live()) == {S.PROPOSED, S.APPROVED, S.ACTIVE, S.COMPLETED}
    # The organisation's related manager has them too, and they chain with other filters.
    assert _statuses(organisation.pairs.working().filter(status=S.ACTIVE)) == {S.ACTIVE}


def test_the_sets_do_not_leak_into_another_organisation(pairs_by_status, neighbour_organisation):
    assert not neighbour_organisation.pairs.open().exists()


def test_conditions_across_a_relation_agree_with_the_querysets(pairs_by_status):
    for name in ("open", "working", "established", "live"):
        condition = getattr(Pair, f"{name}_q")("pair__")
        through_links = set(PairMentee.objects.filter(condition).values_list("pair__status", flat=True))
        assert through_links == _statuses(getattr(Pair.objects, name)()), name


def test_instance_properties_agree_with_the_querysets(pairs_by_status):
    open_ids = set(Pair.objects.open().values_list("pk", flat=True))
    working_ids = set(Pair.objects.working().values_list("pk", flat=True))
    established_ids = set(Pair.objects.established().values_list("pk", flat=True))
    for pair in pairs_by_status.values():
        assert pair.is_open == (pair.pk in open_ids)
        assert pair.is_working == (pair.pk in working_ids)
        assert pair.is_established == (pair.pk in established_ids)


@pytest.fixture
def member_pair(organisation, personas):
    """A working pair whose mentee is the `teacher` persona."""
    pair = Pair.objects.create(
        organisation=organisation, mentor=make_person(organisation), form=teacher_form(), status=S.ACTIVE
    )
    PairMentee.objects.create(pair=pair, mentee=personas["teacher"])
    return selectors.pairs_for(organisation).get(pk=pair.pk)


def _access(personas, name, organisation):
    return organisation_access(personas[name].user, organisation)


def test_pair_membership_and_who_works_on_a_pair(member_pair, personas, organisation):
    teacher = _access(personas, "teacher", organisation)
    curator = _access(personas, "curator", organisation)
    director = _access(personas, "director", organisation)
    assert permissions.is_pair_member(teacher, member_pair)
    assert not permissions.is_pair_member(curator, member_pair)
    assert permissions.can_work_on_pair(teacher, member_pair)  # a member
    assert permissions.can_work_on_pair(curator, member_pair)  # keeps the bases
    assert not permissions.can_work_on_pair(director, member_pair)  # sees it, does not work on it
    permissions.require_work_on_pair(teacher, member_pair)
    with pytest.raises(PermissionDenied):
        permissions.require_work_on_pair(director, member_pair)


def test_a_teacher_sees_only_their_own_pairs(member_pair, pairs_by_status, personas, organisation):
    teacher = _access(personas, "teacher", organisation)
    psychologist = _access(personas, "psychologist", organisation)
    assert not permissions.can_view_every_pair(teacher)
    assert permissions.can_view_every_pair(psychologist)
    assert list(selectors.pairs_visible_to(teacher).values_list("pk", flat=True)) == [member_pair.pk]
    assert selectors.pairs_visible_to(psychologist).count() == len(pairs_by_status) + 1


def test_an_access_without_a_person_sees_no_pair_and_is_no_member(member_pair, personas, organisation):
    teacher = _access(personas, "teacher", organisation)
    nobody = OrganisationAccess(organisation=organisation, roles=teacher.roles, person=None)
    assert not permissions.is_pair_member(nobody, member_pair)
    assert not selectors.pairs_visible_to(nobody).exists()


def test_the_pairs_list_counts_each_pairs_plan_items_and_those_done(organisation, pairs_by_status):
    from mentoring.programme import services

    with_plan, without_plan = pairs_by_status[S.ACTIVE], pairs_by_status[S.APPROVED]
    plan = services.plan_create(pair=with_plan, actor=None)
    items = [
        services.plan_item_save(plan=plan, actor=None, data={"title": f"Пункт {number}"})
        for number in range(3)
    ]
    services.plan_item_set_done(item=items[0], done=True, actor=None)
    empty = services.plan_create(pair=pairs_by_status[S.PROPOSED], actor=None)
    assert not empty.items.exists()
    found = {
        pair.pk: (getattr(pair, "items_total", None), getattr(pair, "items_done", None))
        for pair in selectors.pairs_for(organisation)
    }
    assert found[with_plan.pk] == (3, 1)
    assert found[without_plan.pk] == (0, 0)
    assert found[empty.pair_id] == (0, 0)
    # One row per pair whatever its items (no join multiplying the rows).
    assert (
        len(found)
        == len(selectors.pairs_for(organisation))
        == Pair.objects.filter(organisation=organisation).count()
    )

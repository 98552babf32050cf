"""A pair whose people changed after the signed pairs order that fixed it is eligible for a new pairs order;
signing it settles the change (mentoring keeps the state, reports reads it)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from mentoring.models import AuditEntry, MenteeProfile, MentorProfile, Pair, PairChange, Role
from mentoring.programme import services as mentoring_services
from reports.models import Order
from reports.orders import selectors, services
from tests.conftest import make_person
from tests.reports.conftest import make_pair

pytestmark = pytest.mark.django_db


def sign(organisation, personas, order, day):
    return services.order_sign(
        organisation=organisation, order_id=order.pk, actor=personas["director"].user, signed_on=day
    )


def pairs_order(organisation, personas, pairs):
    return services.order_create(
        organisation=organisation,
        actor=personas["curator"].user,
        kind=Order.Kind.PAIRS,
        pair_ids=[pair.pk for pair in pairs],
    )


@pytest.fixture
def fixed_pair(organisation, personas):
    pair = make_pair(organisation)
    MentorProfile.objects.create(organisation=organisation, person=pair.mentor, capacity=3, status="ready")
    for link in pair.pair_mentees.all():
        MenteeProfile.objects.create(organisation=organisation, person=link.mentee)
    order = pairs_order(organisation, personas, [pair])
    first = sign(organisation, personas, order, datetime.date(2026, 9, 1))
    pair.refresh_from_db()
    assert pair.status == Pair.Status.APPROVED and pair.approval_basis == str(first)
    return pair, first


def add_mentee(organisation, pair):
    person = make_person(organisation, roles=[Role.TEACHER])
    MenteeProfile.objects.create(organisation=organisation, person=person)
    from mentoring.models import Consent

    Consent.objects.create(
        organisation=organisation, person=person, given_on=datetime.date(2026, 9, 1), text_version="2026"
    )
    return mentoring_services.pair_members_change(
        organisation=organisation,
        pair=pair,
        actor=None,
        mentor=pair.mentor,
        mentees=[*[link.mentee for link in pair.pair_mentees.all()], person],
        reason="Пара стала группой",
    )


def test_a_fixed_pair_is_not_offered_again_until_it_changes(organisation, personas, fixed_pair):
    pair, _first = fixed_pair
    assert pair not in selectors.proposed_pairs(organisation)
    with pytest.raises(ValidationError):
        pairs_order(organisation, personas, [pair])


def test_changed_pair_goes_into_a_new_order_and_signing_settles_it(organisation, personas, fixed_pair):
    pair, first = fixed_pair
    change = add_mentee(organisation, pair)
    assert change.awaits_order and change.fixed_by == str(first)
    assert pair in selectors.proposed_pairs(organisation)
    order = pairs_order(organisation, personas, [pair])
    second = sign(organisation, personas, order, datetime.date(2026, 10, 1))
    change = PairChange.objects.get()
    assert not change.awaits_order and change.settled_by == str(second)
    pair.refresh_from_db()
    assert pair.status == Pair.Status.APPROVED and pair.approval_basis == str(second)
    assert AuditEntry.objects.filter(action="pair.change_fixed", target_id=pair.pk).exists()
    assert pair not in selectors.proposed_pairs(organisation)


def test_a_new_order_mixes_proposed_and_changed_pairs(organisation, personas, fixed_pair):
    pair, _first = fixed_pair
    add_mentee(organisation, pair)
    proposed = make_pair(organisation)
    sign(
        organisation,
        personas,
        pairs_order(organisation, personas, [pair, proposed]),
        datetime.date(2026, 10, 1),
    )
    proposed.refresh_from_db()
    assert proposed.status == Pair.Status.APPROVED
    assert not PairChange.objects.filter(settled_at__isnull=True).exists()


def test_the_order_form_offers_the_changed_pair(as_user, organisation, personas, fixed_pair):
    from django.urls import reverse

    pair, _first = fixed_pair
    add_mentee(organisation, pair)
    page = as_user("curator").get(reverse("reports:order_create", args=[organisation.slug]))
    assert "состав изменён после приказа" in page.content.decode()

"""Who may edit and sign an order (`reports.permissions`): the order detail page shows its buttons by them."""

from __future__ import annotations

import datetime

import pytest

from mentoring.organisations.access import organisation_access
from reports import permissions
from reports.models import Order


@pytest.fixture
def draft(organisation):
    return Order.objects.create(
        organisation=organisation, kind=Order.Kind.FREE, title="О проверке", body="Текст"
    )


@pytest.mark.parametrize(
    ("persona", "may_edit", "may_sign"),
    [
        ("director", True, True),
        ("curator", True, False),
        ("admin", True, False),
        ("psychologist", False, False),
        ("teacher", False, False),
        ("coordinator", False, False),
    ],
)
def test_a_draft_is_edited_by_those_who_prepare_orders_and_signed_by_the_director(
    draft, personas, organisation, persona, may_edit, may_sign
):
    access = organisation_access(personas[persona].user, organisation)
    assert permissions.can_edit_order(access, draft) is may_edit
    assert permissions.can_sign_order(access, draft) is may_sign


def test_a_signed_order_is_neither_edited_nor_signed_again(draft, personas, organisation):
    draft.status = Order.Status.SIGNED
    draft.sequence, draft.year, draft.number = 1, 2025, "1-ОД"
    draft.signed_on = datetime.date(2025, 9, 15)
    draft.save()
    director = organisation_access(personas["director"].user, organisation)
    assert not permissions.can_edit_order(director, draft)
    assert not permissions.can_sign_order(director, draft)

import datetime
import random

import pytest

from mentoring import demo as mentoring_demo
from mentoring.models import Pair
from reports import demo
from reports.models import Order

pytestmark = pytest.mark.django_db


def context():
    ctx = mentoring_demo.DemoContext(today=datetime.date(2025, 10, 6), rng=random.Random(1))
    mentoring_demo.seed(ctx)
    return ctx


def test_demo_signs_the_opening_orders_and_drafts_the_pairs_order():
    ctx = context()
    school = ctx.organisations["demo-school"]
    proposed = set(school.pairs.filter(status=Pair.Status.PROPOSED).values_list("pk", flat=True))
    assert proposed, "the mentoring demo proposes pairs for the director"
    demo.seed(ctx)
    signed = list(school.orders.filter(status="signed").order_by("sequence"))
    assert [order.number for order in signed] == ["652-ОД", "667-ОД", "680-ОД"]
    assert [order.signed_on for order in signed] == [
        datetime.date(2025, 8, 29),
        datetime.date(2025, 9, 1),
        datetime.date(2025, 9, 5),
    ]
    assert all(order.pdf and order.pdf_sha256 for order in signed)
    assert signed[0].signer_name == "А.Б. Ткаченко"
    draft = school.orders.get(status="draft", kind=Order.Kind.PAIRS)
    assert set(draft.pairs.values_list("pk", flat=True)) == proposed
    assert set(school.pairs.filter(pk__in=proposed).values_list("status", flat=True)) == {
        Pair.Status.PROPOSED
    }
    # An approved pair without a plan made one; its approval waits for the director's order.
    plans_order = school.orders.get(status="draft", kind=Order.Kind.PLANS)
    assert plans_order.plans.count() == 1
    assert plans_order.plans.get().approved_at is None
    count = school.orders.count()
    demo.seed(ctx)  # safe to repeat
    assert school.orders.count() == count


def test_demo_drafts_no_pairs_order_when_nothing_is_proposed():
    ctx = context()
    school = ctx.organisations["demo-school"]
    school.pairs.filter(status=Pair.Status.PROPOSED).update(status=Pair.Status.REJECTED)
    demo.seed(ctx)
    assert not school.orders.filter(status="draft", kind=Order.Kind.PAIRS).exists()
    assert "предложенных пар нет" in ctx.log[-1]

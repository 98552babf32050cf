import datetime
import random

import pytest

from mentoring import demo as mentoring_demo
from mentoring.models import Pair
from reports import demo
from reports.models import Order
from tests.reports.conftest import make_pair

pytestmark = pytest.mark.django_db


def context():
    ctx = mentoring_demo.DemoContext(today=datetime.date(2025, 10, 6), rng=random.Random(1))
    mentoring_demo.seed(ctx)
    return ctx


def test_demo_signs_the_opening_orders_without_pairs():
    ctx = context()
    demo.seed(ctx)
    school = ctx.organisations["demo-school"]
    signed = list(school.orders.filter(status="signed").order_by("sequence"))
    assert [order.number for order in signed] == ["652-ОД", "667-ОД", "680-ОД"]
    assert [order.signed_on for order in signed] == [
        datetime.date(2025, 8, 29),
        datetime.date(2025, 9, 1),
        datetime.date(2025, 9, 5),
    ]
    assert all(order.pdf and order.pdf_sha256 for order in signed)
    assert signed[0].signer_name == "А.Б. Ткаченко"
    assert not school.orders.filter(status="draft").exists()
    assert "предложенных пар нет" in ctx.log[-1]
    demo.seed(ctx)  # safe to repeat
    assert school.orders.count() == 3


def test_demo_drafts_the_pairs_order_when_pairs_are_proposed():
    ctx = context()
    school = ctx.organisations["demo-school"]
    make_pair(school, mentor=ctx.people["mentor"], mentees=[ctx.people["mentee"]])
    demo.seed(ctx)
    draft = school.orders.get(status="draft")
    assert draft.kind == Order.Kind.PAIRS and draft.pairs.count() == 1
    assert Pair.objects.get().status == Pair.Status.PROPOSED

"""The demo shows the daily-work rules of issue 13: a mentee dropped from a suggestion waits in «Остались без
пары», suggestions wait for «Принять все», pairs without a plan wait for «Создать планы для всех пар»."""

import datetime
import random

import pytest

from mentoring import demo as mentoring_demo
from mentoring.models import AuditEntry, Pair
from mentoring.organisations.demo import DemoContext
from mentoring.programme import selectors

pytestmark = pytest.mark.django_db


def test_demo_shows_the_daily_work():
    ctx = DemoContext(today=datetime.date(2025, 10, 6), rng=random.Random(1))
    mentoring_demo.seed(ctx)
    school = ctx.organisations["demo-school"]
    dropped = AuditEntry.objects.filter(organisation=school, action="suggestion.mentee_dropped")
    assert dropped.count() == 1
    assert dropped.get().target_id in {
        profile.person_id for profile in selectors.mentees_without_pair(school)
    }
    assert selectors.open_suggestions(school).exists()
    assert school.pairs.filter(Pair.open_q(), plan__isnull=True).exists()


def test_demo_shows_an_amendment_and_a_changed_pair():
    """Issue 13: a change proposed to an approved plan waits for the director; a pair fixed by the order has
    a new mentee and a new mentor, and waits for a new order."""
    from mentoring.models import PairChange

    ctx = DemoContext(today=datetime.date(2025, 10, 6), rng=random.Random(1))
    mentoring_demo.seed(ctx)
    school = ctx.organisations["demo-school"]
    assert selectors.pending_plan_amendments(school).count() == 1
    assert selectors.pairs_awaiting_new_order(school).count() == 1
    grown, replaced = PairChange.objects.filter(organisation=school).order_by("created_at", "id")
    assert grown.awaits_order and "118-ОД" in grown.order_genitive
    assert len(grown.after["mentees"]) == len(grown.before["mentees"]) + 1
    # Then its mentor is replaced: the new mentor consented (ст. 351.8 ТК РФ) but has no agreement yet; the
    # old mentor's agreement stays on record.
    from mentoring.programme import labour

    assert replaced.pair_id == grown.pair_id and replaced.before["mentor"] != replaced.after["mentor"]
    pair = replaced.pair
    assert labour.mentoring_consent_of(school, pair.mentor) is not None
    assert labour.current_agreement(pair) is None
    assert [item.mentor.short_name for item in labour.agreement_history(pair)] == [replaced.before["mentor"]]

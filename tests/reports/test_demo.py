import datetime
import random

import pytest

from common import dates
from mentoring import demo as mentoring_demo
from mentoring.models import LabourAgreement, Pair
from mentoring.organisations.demo import DemoContext
from reports import demo
from reports.models import Order

pytestmark = pytest.mark.django_db


def context():
    ctx = DemoContext(today=datetime.date(2025, 10, 6), rng=random.Random(1))
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
    # ст. 351.8 ТК РФ: the pair whose mentor has not signed the consent yet is left out of the order.
    unsigned = {pk for pk in proposed if not LabourAgreement.objects.filter(pair_id=pk).exists()}
    assert len(unsigned) == 1
    assert set(draft.pairs.values_list("pk", flat=True)) == proposed - unsigned
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


def full_demo():
    """Every app's demo, as `make run` builds it."""
    import importlib

    from django.apps import apps

    ctx = DemoContext(today=dates.today(), rng=random.Random(2025))
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError:
            continue
        module.seed(ctx)
    return ctx


@pytest.mark.real_pdf
def test_demo_school_has_every_programme_document(capsys):
    """The signed roadmap order carries the roadmap; the plans and final event orders wait for the director;
    the roadmap, a plan, an event and the final diagnostics each render — timed (the benchmark figure)."""
    import time

    from reports.documents import registry as documents
    from roadmap.selectors import current_roadmap
    from tests.reports.pdftools import pdf_text

    ctx = full_demo()
    school = ctx.organisations["demo-school"]
    roadmap_order = school.orders.get(number="680-ОД")
    roadmap = current_roadmap(school)
    assert roadmap_order.kind == Order.Kind.ROADMAP and roadmap_order.roadmap == roadmap
    appendix = " ".join(pdf_text(roadmap_order.pdf.read()).split())
    assert "Приложение к приказу" in appendix and "Формирование базы наставляемых" in appendix
    plans_order = school.orders.get(kind=Order.Kind.PLANS, status="draft")
    assert plans_order.plans.exists()
    event_order = school.orders.get(kind=Order.Kind.FINAL_EVENT, status="draft")
    assert event_order.event and event_order.event.place in event_order.body
    pair = school.pairs.filter(plan__approved_at__isnull=False).first()
    event = school.events.order_by("starts_at").first()
    final = school.questionnaires.filter(previous_wave__isnull=False).get()
    timings = {}
    for key, params, expected in [
        ("roadmap", {"roadmap": roadmap.pk, "marks": True}, "выполнено"),
        ("pair-plan", {"pair": pair.pk}, pair.mentor.full_name),
        ("event-registration", {"event": event.pk}, event.title[:20]),
        ("survey-comparison", {"questionnaire": final.pk}, "Наставляемые"),
    ]:
        start = time.perf_counter()
        data = documents.get(key).render_pdf(school, params)
        timings[key] = time.perf_counter() - start
        assert expected in " ".join(pdf_text(data).split()), key
    with capsys.disabled():
        print("\nDemo school documents, seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in timings.items()))


def test_demo_ends_a_pair_early_and_nominates_mentors():
    from roadmap import demo as roadmap_demo

    ctx = context()
    school = ctx.organisations["demo-school"]
    roadmap_demo.seed(ctx)
    demo.seed(ctx)
    ended = school.orders.get(kind=Order.Kind.END_PAIR)
    assert ended.is_draft and ended.termination.notice_date < ended.termination.end_date
    assert "Прекратить досрочно" in ended.body
    reward = school.orders.get(kind=Order.Kind.REWARD)
    assert reward.event.nominations.count() == 2
    assert school.mentoringconsents.count() >= 5 and school.labouragreements.exists()


def test_demo_school_keeps_its_own_text_of_one_section():
    ctx = context()
    school = ctx.organisations["demo-school"]
    demo.seed(ctx)
    own = school.documentsectionwordings.get()
    assert (own.document, own.section) == ("regulation", "rewards")
    demo.seed(ctx)  # safe to repeat
    assert school.documentsectionwordings.count() == 1


def test_demo_fills_the_minutes_of_the_council():
    from reports.council.models import CouncilMinutes
    from reports.council.selectors import present_count
    from reports.documents import registry as documents
    from reports.documents.docx import docx_text

    ctx = full_demo()
    school = ctx.organisations["demo-school"]
    minutes = CouncilMinutes.objects.get(organisation=school)
    assert minutes.event.kind == "council" and minutes.number == "1"
    items = list(minutes.items.all())
    assert 2 <= len(items) <= 3
    present = present_count(minutes.event)
    assert all(0 < item.votes_total <= present for item in items)
    assert minutes.chair and minutes.secretary and minutes.chair != minutes.secretary
    text = " ".join(
        docx_text(documents.get("council-minutes").render_docx(school, {"event": minutes.event_id})).split()
    )
    assert "ПРОТОКОЛ № 1" in text and items[0].title in text
    demo.seed(ctx)  # safe to repeat
    assert CouncilMinutes.objects.filter(organisation=school).count() == 1

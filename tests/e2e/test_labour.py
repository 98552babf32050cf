"""ст. 351.8 ТК РФ in the browser: the curator ends a staff mentor's pair early from its page — a notice
shorter than three working days is refused in Russian, the right one ends it and drafts the order — and the
mentor base filters mentors by their written consent."""

import datetime

from django.db.models import F
from playwright.sync_api import expect

from common import dates
from mentoring.models import Pair
from mentoring.programme import labour
from reports.models import Order
from tests.e2e.conftest import log_in


def test_curator_ends_a_pair_early_and_the_order_is_drafted(page, live_server, demo, screenshot):
    school = demo.organisations["demo-school"]
    pair = (
        school.pairs.filter(status=Pair.Status.ACTIVE, labour_agreements__mentor_id=F("mentor_id"))
        .select_related("mentor")
        .order_by("pk")
        .first()
    )
    today = dates.today()
    log_in(page, live_server, "curator")
    page.goto(f"{live_server.url}/o/{school.slug}/pairs/{pair.pk}/")
    expect(page.get_by_test_id("labour-card")).to_contain_text("Дополнительное соглашение")
    page.get_by_test_id("end-early").click()
    expect(page.get_by_test_id("earliest-end")).to_contain_text(f"{labour.earliest_end(today):%d.%m.%Y}")
    page.get_by_label("По чьей инициативе").select_option("organisation")
    page.get_by_label("Дата письменного уведомления другой стороны").fill(today.isoformat())
    page.get_by_label("Дата прекращения наставничества").fill(
        (today + datetime.timedelta(days=1)).isoformat()
    )
    page.get_by_role("button", name="Прекратить наставничество").click()
    expect(page.locator(".alert-danger")).to_contain_text("не менее чем за три рабочих дня")
    screenshot("end-early-refused")
    page.get_by_label("Дата прекращения наставничества").fill(labour.earliest_end(today).isoformat())
    page.get_by_role("button", name="Прекратить наставничество").click()
    expect(page.get_by_test_id("termination")).to_contain_text("Работодатель")
    screenshot("end-early-done")
    page.get_by_test_id("termination-order").click()
    expect(page.get_by_test_id("order-title")).to_have_text("О досрочном прекращении наставничества")
    pair.refresh_from_db()
    assert pair.status == Pair.Status.TERMINATED
    assert Order.objects.filter(termination__pair=pair, status=Order.Status.DRAFT).exists()


def test_mentor_base_filters_by_the_written_consent(page, live_server, demo):
    school = demo.organisations["demo-school"]
    log_in(page, live_server, "curator")
    page.goto(f"{live_server.url}/o/{school.slug}/mentors/")
    page.get_by_label("Согласие по ст. 351.8").select_option("no")
    expect(page.get_by_test_id("labour-consent").first).to_contain_text("нет")
    rows = page.get_by_test_id("labour-consent")
    for index in range(rows.count()):
        expect(rows.nth(index)).to_contain_text("нет")

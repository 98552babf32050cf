import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from common import dates
from mentoring.models import Pair
from mentoring.programme import labour
from tests.e2e.conftest import ARTIFACTS, go, log_in
from tests.reports.pdftools import pdf_text


def proposed_pairs(demo):
    """The pairs the mentoring demo proposes for the director: consent given, bases filled."""
    school = demo.organisations["demo-school"]
    pairs = list(
        school.pairs.filter(status=Pair.Status.PROPOSED)
        .select_related("mentor", "form")
        .prefetch_related("mentees")
        .order_by("pk")[:2]
    )
    assert len(pairs) == 2
    return pairs


@pytest.mark.real_pdf
def test_curator_drafts_the_pairs_order_director_signs_pdf_downloads(page, live_server, demo, screenshot):
    pairs = proposed_pairs(demo)
    log_in(page, live_server, "curator")
    # ст. 351.8 ТК РФ: the demo leaves one staff mentor without the consent and the agreement; the order on
    # both pairs is refused until the curator records them from the pair's page.
    slug = demo.organisations["demo-school"].slug
    page.goto(f"{live_server.url}/o/{slug}/orders/new/")
    page.get_by_label("Вид приказа").select_option("pairs")
    for pair in pairs:
        page.get_by_label(re.compile(re.escape(f"{pair.mentor.short_name} →"))).check()
    page.get_by_role("button", name="Подготовить проект").click()
    expect(page.locator(".alert-danger")).to_contain_text("нет согласия на наставничество")
    screenshot("pairs-order-refused")
    unsigned = next(pair for pair in pairs if labour.current_agreement(pair) is None)
    page.goto(f"{live_server.url}/o/{slug}/pairs/{unsigned.pk}/")
    expect(page.get_by_test_id("labour-consent-status")).to_have_text("не записано")
    page.get_by_test_id("record-consent").click()
    today = dates.today()
    page.get_by_label("Дата подписания согласия").fill(today.isoformat())
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_test_id("labour-consent-status")).to_contain_text(f"подписано {today:%d.%m.%Y}")
    page.get_by_test_id("make-agreement").click()
    page.get_by_label("Номер дополнительного соглашения").fill("99/Н")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_test_id("labour-agreement-status")).to_contain_text("№ 99/Н")
    screenshot("pair-labour-papers")
    page.get_by_role("link", name="Документы").click()
    expect(page.get_by_text("680-ОД")).to_be_visible()  # the demo's signed orders
    screenshot("documents-hub")
    page.get_by_role("link", name="Подготовить приказ").first.click()
    page.get_by_label("Вид приказа").select_option("pairs")
    for pair in pairs:
        page.get_by_label(re.compile(re.escape(f"{pair.mentor.short_name} →"))).check()
    screenshot("order-create")
    page.get_by_role("button", name="Подготовить проект").click()
    expect(page.get_by_test_id("order-title")).to_have_text("О закреплении наставнических пар/групп")
    expect(page.get_by_text("Проект ожидает подписи директора")).to_be_visible()
    expect(page.get_by_role("button", name="Подписать приказ")).to_have_count(0)
    screenshot("order-draft")

    page.context.clear_cookies()
    log_in(page, live_server, "director")
    panel = page.locator("[data-panel=orders]")
    expect(panel).to_contain_text("Ждёт вашей подписи")
    # The demo has its own draft on the pairs it proposes; the curator's new one is listed first.
    panel.get_by_role("link", name="О закреплении наставнических пар/групп").first.click()
    page.get_by_role("button", name="Подписать приказ").click()
    expect(page.locator(".alert-success")).to_contain_text("Приказ подписан")
    number = re.search(r"№ (\d+-ОД)", page.get_by_test_id("order-number").inner_text()).group(1)
    expect(page.get_by_test_id("order-sha")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    screenshot("order-signed")
    for pair in pairs:
        pair.refresh_from_db()
        assert pair.status == Pair.Status.APPROVED

    with page.expect_download() as download_info:
        page.get_by_test_id("order-pdf").click()
    data = Path(download_info.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = " ".join(pdf_text(data).split())  # names wrap inside table cells
    assert f"№ {number}" in text
    for pair in pairs:
        assert pair.mentor.full_name in text and all(
            mentee.full_name in text for mentee in pair.mentees.all()
        )
    assert "А.Б. Ткаченко" in text and "ПРИКАЗЫВАЮ" in text
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "order-signed.pdf").write_bytes(data)

    # The agreements of the now approved pairs, all in one file, built by the task queue.
    page.get_by_role("link", name="Документы").click()
    page.get_by_role("button", name="Все соглашения о сотрудничестве одним файлом").click()
    expect(page.locator("#document-status")).to_have_attribute("data-status", "done")
    with page.expect_download() as download_info:
        page.get_by_test_id("generated-download").click()
    agreements = Path(download_info.value.path()).read_bytes()
    text = " ".join(pdf_text(agreements).split())
    assert "СОГЛАШЕНИЕ" in text and pairs[0].mentor.full_name in text
    (ARTIFACTS / "agreements.pdf").write_bytes(agreements)
    screenshot("agreements-done")


def test_order_register_on_a_phone(browser, live_server, demo):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="ru-RU", is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    log_in(phone, live_server, "director")
    phone.goto(f"{live_server.url}/o/demo-school/orders/")
    expect(phone.locator("#orders-table")).to_contain_text("680-ОД")
    for path in ("/o/demo-school/orders/", "/o/demo-school/documents/"):
        phone.goto(f"{live_server.url}{path}")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways on a phone: {width}px"
    phone.screenshot(path=str(ARTIFACTS / "orders-phone.png"), full_page=True)
    phone.get_by_role("link", name="Об утверждении дорожной карты").click()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the order page scrolls sideways on a phone: {width}px"
    phone.screenshot(path=str(ARTIFACTS / "order-phone.png"), full_page=True)
    context.close()


@pytest.mark.real_pdf
def test_director_downloads_the_roadmap_and_signs_the_plans_order(page, live_server, demo, screenshot):
    """The director opens the roadmap and downloads it as PDF, then signs the curator's draft order on the
    plans from the order register: the plans become approved."""
    from mentoring.models import Plan
    from roadmap.selectors import current_roadmap

    school = demo.organisations["demo-school"]
    roadmap = current_roadmap(school)
    log_in(page, live_server, "director")
    go(page, "Дорожная карта")
    page.get_by_role("link", name=roadmap.title).first.click()
    expect(page.get_by_test_id("roadmap-pdf")).to_be_visible()
    screenshot("roadmap-with-pdf")
    with page.expect_download() as download_info:
        page.get_by_test_id("roadmap-pdf").click()
    data = Path(download_info.value.path()).read_bytes()
    text = " ".join(pdf_text(data).split())
    assert "УТВЕРЖДАЮ" in text and "Формирование базы наставляемых" in text
    (ARTIFACTS / "roadmap.pdf").write_bytes(data)
    # The roadmap page links the order that approved it.
    page.get_by_role("link", name="Приказ № 680-ОД").click()
    expect(page.get_by_test_id("order-roadmap")).to_be_visible()

    waiting = list(Plan.objects.filter(pair__organisation=school, approved_at__isnull=True))
    assert waiting
    page.goto(f"{live_server.url}/o/demo-school/orders/")
    page.get_by_role("link", name="Об утверждении индивидуальных планов").click()
    expect(page.get_by_test_id("order-plans")).to_contain_text(waiting[0].pair.mentor.full_name)
    page.get_by_role("button", name="Подписать приказ").click()
    expect(page.locator(".alert-success")).to_contain_text("Приказ подписан")
    screenshot("plans-order-signed")
    for plan in waiting:
        plan.refresh_from_db()
        assert plan.approved_at is not None


@pytest.mark.real_pdf
def test_curator_downloads_the_plan_from_the_pair_page_on_a_phone(browser, live_server, demo):
    school = demo.organisations["demo-school"]
    pair = school.pairs.filter(plan__isnull=False, status="active").order_by("mentor__last_name").first()
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="ru-RU",
        is_mobile=True,
        has_touch=True,
        accept_downloads=True,
    )
    phone = context.new_page()
    log_in(phone, live_server, "curator")
    phone.goto(f"{live_server.url}/o/demo-school/pairs/{pair.pk}/")
    expect(phone.get_by_test_id("plan-pdf")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the pair page scrolls sideways on a phone: {width}px"
    phone.screenshot(path=str(ARTIFACTS / "pair-phone.png"), full_page=False)
    with phone.expect_download() as download_info:
        phone.get_by_test_id("plan-pdf").click()
    text = " ".join(pdf_text(Path(download_info.value.path()).read_bytes()).split())
    assert "ПЕРСОНАЛИЗИРОВАННАЯ ПРОГРАММА НАСТАВНИЧЕСТВА" in text and pair.mentor.full_name in text
    for path, testid in (
        (f"/o/demo-school/events/{school.events.order_by('starts_at').first().pk}/", "registration-pdf"),
        (
            f"/o/demo-school/surveys/{school.questionnaires.get(previous_wave__isnull=False).pk}/comparison/",
            "comparison-pdf",
        ),
    ):
        phone.goto(f"{live_server.url}{path}")
        expect(phone.get_by_test_id(testid)).to_be_visible()
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways on a phone: {width}px"
        phone.screenshot(path=str(ARTIFACTS / f"{testid}-phone.png"), full_page=False)
    context.close()

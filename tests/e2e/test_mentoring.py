"""The mentoring programme in a browser: matching → the curator accepts → the director approves; the mentee
ticks a plan item and records a meeting on a phone."""

import re

from playwright.sync_api import expect

from mentoring.models import Pair, PlanItem
from tests.e2e.conftest import go, log_in

PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "ru-RU", "is_mobile": True, "has_touch": True}


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone: {width}px"


def test_curator_matches_accepts_and_director_approves(browser, page, live_server, demo, screenshot):
    log_in(page, live_server, "curator")
    go(page, "Подбор")
    page.get_by_test_id("run-matching").click()
    expect(page.locator(".alert-success")).to_contain_text("Подбор выполнен")
    suggestions = page.get_by_test_id("suggestion")
    expect(suggestions.first).to_be_visible()
    count = suggestions.count()
    assert count >= 2
    # The mutual choice from the networking questionnaire is honoured and explained.
    expect(page.get_by_test_id("suggestions")).to_contain_text("взаимный выбор в анкете нетворкинга")
    screenshot("matching-suggestions")
    for _ in range(2):
        page.get_by_test_id("suggestion").first.get_by_test_id("accept").click()
        expect(page.locator(".alert-success")).to_contain_text("ждёт утверждения директором")
    expect(page.get_by_test_id("suggestion")).to_have_count(count - 2)
    screenshot("matching-accepted")
    proposed = Pair.objects.filter(organisation__slug="demo-school", status="proposed").count()
    assert proposed >= 4  # two from the demo, two just accepted

    context = browser.new_context(locale="ru-RU", viewport={"width": 1366, "height": 900})
    director = context.new_page()
    log_in(director, live_server, "director")
    go(director, "Утверждение пар")
    expect(director.get_by_test_id("proposed-pair")).to_have_count(proposed)
    screenshot_path = "tests/e2e/artifacts/approval-before.png"
    director.screenshot(path=screenshot_path, full_page=True)
    director.once("dialog", lambda dialog: dialog.accept())
    director.get_by_test_id("approve-selected").click()
    expect(director.locator(".alert-success")).to_contain_text(f"Утверждено пар и групп: {proposed}")
    expect(director.get_by_test_id("nothing-to-approve")).to_be_visible()
    director.screenshot(path="tests/e2e/artifacts/approval-after.png", full_page=True)
    assert not Pair.objects.filter(organisation__slug="demo-school", status="proposed").exists()
    context.close()


def test_mentee_ticks_a_plan_item_and_adds_a_meeting_on_a_phone(browser, live_server, demo):
    context = browser.new_context(**PHONE)
    phone = context.new_page()
    log_in(phone, live_server, "mentee")
    phone.get_by_role("button", name="Открыть меню").click()
    go(phone, "Моя пара")
    expect(phone.get_by_test_id("pair-title")).to_have_text("Моя наставническая пара")
    expect(phone.locator("body")).to_contain_text("Петрова Елена Ивановна")
    no_sideways_scroll(phone)
    phone.screenshot(path="tests/e2e/artifacts/my-pair-phone.png", full_page=True)
    before = phone.get_by_test_id("progress").inner_text()
    undone = PlanItem.objects.filter(plan__pair__mentor__user__username="mentor", done=False).count()
    phone.locator("[data-testid=plan-item] .bi-circle").first.click()
    expect(phone.locator(".alert-success")).to_contain_text("Пункт отмечен выполненным")
    assert (
        PlanItem.objects.filter(plan__pair__mentor__user__username="mentor", done=False).count() == undone - 1
    )
    assert phone.get_by_test_id("progress").inner_text() != before
    phone.get_by_test_id("add-meeting").click()
    phone.get_by_label("Тема").fill("Разбор урока в 7 «Б»: дисциплина")
    phone.get_by_label("Итоги, договорённости").fill("Договорились ввести правила работы с телефонами.")
    no_sideways_scroll(phone)
    phone.get_by_role("button", name="Записать встречу").click()
    expect(phone.locator(".alert-success")).to_contain_text("Встреча записана")
    expect(phone.get_by_test_id("meetings")).to_contain_text("Разбор урока в 7 «Б»")
    no_sideways_scroll(phone)
    phone.screenshot(path="tests/e2e/artifacts/my-pair-phone-after.png", full_page=True)
    context.close()


def test_curator_dashboard_bases_and_a_pair_at_risk(page, live_server, demo, screenshot):
    log_in(page, live_server, "curator")
    expect(page.get_by_test_id("at-risk-panel")).to_be_visible()
    screenshot("dashboard-curator-programme")
    go(page, "Наставники")
    expect(page.get_by_test_id("missing-consent")).to_be_visible()
    expect(page.get_by_test_id("mentor-table")).to_contain_text("Петрова Елена Ивановна")
    screenshot("mentor-base")
    page.get_by_role("link", name="Петрова Елена Ивановна").click()
    expect(page.get_by_test_id("consent-card")).to_contain_text("действует")
    screenshot("mentor-card")
    page.goto(f"{live_server.url}/o/demo-school/mentees/")
    expect(page.get_by_test_id("mentee-table")).to_contain_text("Смирнов Дмитрий Олегович")
    screenshot("mentee-base")
    page.goto(f"{live_server.url}/o/demo-school/pairs/")
    expect(page.get_by_test_id("pair-table")).to_contain_text("в зоне риска")
    screenshot("pairs")
    with page.expect_download() as download:
        page.get_by_role("link", name="Выгрузить в Excel").click()
    # «<Что> <организация> <ДД.ММ.ГГГГ>.xlsx», the one file name pattern of the exports
    assert re.fullmatch(
        r"Наставнические пары и группы .+ \d\d\.\d\d\.\d{4}\.xlsx", download.value.suggested_filename
    )


def test_bases_pages_fit_a_phone(browser, live_server, demo):
    context = browser.new_context(**PHONE)
    phone = context.new_page()
    log_in(phone, live_server, "curator")
    for path, name in [
        ("mentors/", "mentor-base-phone"),
        ("matching/", "matching-phone"),
        ("pairs/", "pairs-phone"),
    ]:
        phone.goto(f"{live_server.url}/o/demo-school/{path}")
        no_sideways_scroll(phone)
        phone.screenshot(path=f"tests/e2e/artifacts/{name}.png", full_page=True)
    context.close()

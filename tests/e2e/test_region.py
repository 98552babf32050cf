"""Browser test of the region: the regional coordinator opens the region, compares its municipalities,
drills down to a municipality and one of its schools, and downloads the monitoring round's .xlsx."""

import io
from pathlib import Path

import openpyxl
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "ru-RU", "is_mobile": True, "has_touch": True}


def test_regional_coordinator_drills_down_and_downloads_the_round(page, live_server, demo, screenshot):
    log_in(page, live_server, "regional")
    # The home page sends the regional coordinator to the region's overview.
    expect(page.get_by_test_id("dashboard-title")).to_have_text("Сахалинская область")
    table = page.get_by_test_id("region-table")
    expect(table.locator("[data-testid=region-row]")).to_have_count(2)
    expect(page.get_by_test_id("overview-total")).to_contain_text("Итого по региону")
    expect(page.locator("svg[data-testid=overview-chart] title")).to_have_count(
        1 + 2
    )  # the chart and its bars
    # The table is not cut at 1366 px: it fits its box without scrolling sideways.
    scroll = page.locator(".overview-scroll")
    sizes = scroll.evaluate("(box) => [box.clientWidth, box.scrollWidth]")
    assert sizes[1] <= sizes[0], sizes
    page.get_by_label("Сравнить по показателю").select_option("mentees_in_pairs")
    page.get_by_role("button", name="Сравнить").click()
    expect(
        page.get_by_role("heading", name="Сравнение: Доля наставляемых, закреплённых в парах/группах")
    ).to_be_visible()
    screenshot("region-overview")

    # Drill down: the municipality, then one of its schools (read-only).
    page.get_by_test_id("drill-down").filter(has_text="Южно-Сахалинск").click()
    expect(page.get_by_test_id("dashboard-title")).to_have_text("Городской округ «Город Южно-Сахалинск»")
    expect(page.locator("[data-testid=registry-row][data-org=demo-school]")).to_be_visible()
    expect(page.get_by_test_id("municipal-report")).to_have_count(
        0
    )  # the municipality's coordinator builds it
    screenshot("region-municipality")
    page.locator("[data-testid=registry-row][data-org=demo-school] th a").first.click()
    expect(page.get_by_test_id("dashboard-title")).to_have_text("МБОУ СОШ № 23")
    expect(page.get_by_text("Ваша роль: Координатор регионального центра")).to_be_visible()

    # The region's monitoring: who has submitted, and the round's .xlsx.
    page.goto(f"{live_server.url}/r/demo-region/monitoring/")
    page.get_by_test_id("round").first.click()
    submitted = page.locator("[data-testid=round-row][data-submitted=yes]")
    expect(submitted).to_have_count(1)
    expect(submitted).to_contain_text("Южно-Сахалинск")
    expect(page.locator("[data-testid=round-row][data-submitted=no]")).to_contain_text("Корсаковский")
    screenshot("region-round")
    with page.expect_download() as download_info:
        page.get_by_test_id("round-export").click()
    book = openpyxl.load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    rows = list(book["Сводка"].iter_rows(values_only=True))
    assert rows[0][0] == "Мониторинг реализации целевой модели наставничества"
    statuses = {row[0]: row[1] for row in rows[6:]}
    assert statuses == {
        "Городской округ «Город Южно-Сахалинск»": "представлено",
        "Корсаковский городской округ": "не представлено",
    }


def test_region_overview_on_a_phone(browser, live_server, demo):
    context = browser.new_context(**PHONE)
    phone = context.new_page()
    log_in(phone, live_server, "regional")
    expect(phone.get_by_test_id("region-table")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone: {width}px"
    phone.screenshot(path="tests/e2e/artifacts/region-phone.png", full_page=True)
    context.close()

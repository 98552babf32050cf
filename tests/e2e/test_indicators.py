"""Browser tests of the indicators and the coordinator's pages on the demo data."""

import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, log_in
from tests.reports.pdftools import pdf_text

PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "ru-RU", "is_mobile": True, "has_touch": True}


def test_coordinator_sees_every_organisation_and_downloads_the_mentor_base(
    page, live_server, demo, screenshot
):
    log_in(page, live_server, "coordinator")
    # The home page sends the coordinator to the municipality, which lands on the registry.
    expect(page.get_by_test_id("registry")).to_be_visible()
    for slug in ("demo-school", "demo-kindergarten", "demo-centre"):
        row = page.locator(f"[data-testid=registry-row][data-org={slug}]")
        expect(row).to_contain_text("%")  # roadmap progress
        expect(row.locator("[data-met]").first).to_be_visible()  # indicator marks
    expect(page.locator("[data-testid=registry-row][data-org=demo-mcn]")).to_have_count(0)
    school = page.locator("[data-testid=registry-row][data-org=demo-school]")
    expect(school).to_contain_text("Кустова Н.Ф.")
    screenshot("municipality-registry")

    page.get_by_role("link", name="База наставников").click()
    expect(page.get_by_test_id("mentor-row").first).to_be_visible()
    page.get_by_label("Обучение").select_option("yes")
    page.get_by_role("button", name="Найти").click()
    expect(page.get_by_test_id("mentor-base")).to_contain_text("пройдено")
    screenshot("municipality-mentors")
    with page.expect_download() as download_info:
        page.get_by_test_id("export-mentors").click()
    book = openpyxl.load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[1][0] == "Организация"
    assert {row[0] for row in rows[2:]} >= {"МБОУ СОШ № 23"}
    assert all(row[10] == "да" for row in rows[2:])  # the filter is kept

    page.get_by_role("link", name="Банк практик").click()
    expect(page.get_by_test_id("bank-practice").first).to_be_visible()
    expect(page.get_by_text("Черновик")).to_have_count(0)
    screenshot("municipality-practices")


@pytest.mark.real_pdf
def test_curator_sees_indicators_and_builds_the_final_report(page, live_server, demo, screenshot):
    log_in(page, live_server, "curator")
    panel = page.get_by_test_id("indicators-panel")
    expect(panel.locator("[data-met=yes]").first).to_be_visible()
    expect(panel.locator("[data-met=no]").first).to_be_visible()
    screenshot("dashboard-indicators", full_page=True)
    page.get_by_role("link", name="Все показатели").click()
    expect(page.get_by_test_id("indicator-table")).to_contain_text("Как считается")
    screenshot("indicators-page")
    page.get_by_role("link", name="Документы года").first.click()
    page.get_by_test_id("build-final-report").click()
    expect(page.get_by_test_id("generated-download")).to_be_visible(timeout=30000)
    with page.expect_download() as download_info:
        page.get_by_test_id("generated-download").click()
    text = " ".join(pdf_text(Path(download_info.value.path()).read_bytes()).split())
    assert "ИТОГОВЫЙ ОТЧЁТ" in text and "МБОУ СОШ № 23" in text and "Материалы общих встреч" in text

    roadmap = demo.organisations["demo-school"].roadmaps.first()
    page.goto(f"{live_server.url}/o/demo-school/roadmap/{roadmap.pk}/")
    expect(page.get_by_test_id("live-indicator").first).to_be_visible()
    page.locator("[data-testid=live-indicator][data-code=roadmap_done]").scroll_into_view_if_needed()
    screenshot("roadmap-live-indicator", full_page=False)


def test_pages_fit_a_phone(browser, live_server, demo):
    context = browser.new_context(**PHONE)
    phone = context.new_page()
    log_in(phone, live_server, "coordinator")
    for path in ("/m/demo-city/organisations/", "/m/demo-city/mentors/", "/m/demo-city/practices/"):
        phone.goto(f"{live_server.url}{path}")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways on a phone: {width}px"
    phone.goto(f"{live_server.url}/m/demo-city/organisations/")
    phone.screenshot(path=str(ARTIFACTS / "municipality-phone.png"), full_page=True)
    phone.context.clear_cookies()
    log_in(phone, live_server, "curator")
    for path in ("/o/demo-school/indicators/", "/o/demo-school/documents/year/", "/o/demo-school/practices/"):
        phone.goto(f"{live_server.url}{path}")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways on a phone: {width}px"
    phone.goto(f"{live_server.url}/o/demo-school/indicators/")
    phone.screenshot(path=str(ARTIFACTS / "indicators-phone.png"), full_page=True)
    context.close()

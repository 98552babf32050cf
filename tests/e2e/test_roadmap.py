from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import go, log_in

SAMPLE = Path(__file__).parent.parent / "roadmap" / "samples" / "000_25002573d2b8df5f.docx"


def test_curator_imports_the_word_roadmap_and_marks_an_activity_done(
    page, live_server, demo, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    log_in(page, live_server, "curator")
    go(page, "Дорожная карта")
    screenshot("roadmap-1-list")
    page.get_by_role("link", name="Загрузить из Word или Excel").first.click()
    page.set_input_files("input[name=file]", str(SAMPLE))
    screenshot("roadmap-2-upload")
    page.get_by_role("button", name="Посмотреть, как прочитано").click()
    expect(page.get_by_test_id("preview-summary")).to_have_text("4 раздела, 21 мероприятие")
    expect(page.get_by_test_id("preview-activity")).to_have_count(21)
    screenshot("roadmap-3-preview")
    page.get_by_role("button", name="Сохранить дорожную карту").click()
    expect(page.locator(".alert-success")).to_contain_text("4 раздела, 21 мероприятие")
    expect(page.get_by_test_id("stage")).to_have_count(4)
    expect(page.get_by_test_id("progress-percent")).to_have_text("0%")
    screenshot("roadmap-4-imported")
    first = page.get_by_test_id("activity-row").first
    first.get_by_test_id("mark-done").click()
    expect(page.get_by_test_id("activity-row").first).to_have_attribute("data-status", "done")
    expect(page.get_by_test_id("progress-percent")).to_have_text("5%")
    expect(page.locator("#roadmap-progress").get_by_test_id("progress-done")).to_have_attribute(
        "aria-valuenow", "5"
    )
    stage = page.get_by_test_id("stage").first
    expect(stage.get_by_test_id("progress-done")).to_have_attribute("aria-valuenow", "7")
    screenshot("roadmap-5-done")
    # Evidence in one click: the paperclip opens the file picker and the file is attached at once.
    evidence = Path(__file__).parent / "artifacts" / "protokol.pdf"
    evidence.write_bytes(b"%PDF-1.4 protocol")
    page.get_by_test_id("activity-row").first.locator("input[type=file]").set_input_files(str(evidence))
    expect(page.get_by_test_id("activity-row").first.get_by_title("Приложить файл")).to_contain_text("1")


def test_director_sees_progress_on_the_dashboard(page, live_server, demo, screenshot):
    log_in(page, live_server, "director")
    panel = page.get_by_test_id("roadmap-progress-panel")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("просрочено")
    screenshot("roadmap-dashboard-director")


def test_teacher_sees_their_activities(page, live_server, demo, screenshot):
    log_in(page, live_server, "mentor")
    expect(page.get_by_test_id("my-activities")).to_be_visible()
    screenshot("roadmap-dashboard-mentor")


def test_roadmap_on_a_phone(browser, live_server, demo):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="ru-RU", is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    log_in(phone, live_server, "curator")
    phone.goto(f"{live_server.url}/o/demo-school/roadmap/")
    phone.locator("[data-testid=roadmap-card] a").first.click()
    expect(phone.get_by_test_id("roadmap-title")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    phone.screenshot(path="tests/e2e/artifacts/roadmap-phone.png", full_page=False)
    phone.get_by_test_id("stage").first.screenshot(path="tests/e2e/artifacts/roadmap-phone-stage.png")
    assert width <= 390, f"the roadmap scrolls sideways on a phone: {width}px"
    phone.goto(f"{live_server.url}/o/demo-school/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    phone.screenshot(path="tests/e2e/artifacts/roadmap-dashboard-phone.png", full_page=True)
    assert width <= 390, f"the dashboard scrolls sideways on a phone: {width}px"
    context.close()

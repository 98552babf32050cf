import re

import pytest
from playwright.sync_api import expect

from surveys.models import Questionnaire
from tests.e2e.conftest import ARTIFACTS, go, log_in


def _assert_no_sideways_scroll(page, width=390):
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"the page scrolls sideways on a phone: {scroll}px"


def test_mentee_fills_a_questionnaire_on_a_phone_and_the_curator_sees_it(
    browser, live_server, demo, page, screenshot
):
    ARTIFACTS.mkdir(exist_ok=True)
    satisfaction = Questionnaire.objects.get(title="Анкета удовлетворённости наставляемого")
    before = satisfaction.responses.count()
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="ru-RU", is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    log_in(phone, live_server, "mentee")
    panel = phone.get_by_test_id("my-surveys")
    expect(panel).to_contain_text("Анкета удовлетворённости наставляемого")
    phone.screenshot(path=str(ARTIFACTS / "surveys-phone-dashboard.png"), full_page=True)
    panel.get_by_role("link", name="Заполнить").first.click()
    expect(phone.get_by_test_id("survey-title")).to_have_text("Анкета удовлетворённости наставляемого")
    _assert_no_sideways_scroll(phone)

    # Submitting with required answers missing is refused with messages in Russian.
    phone.get_by_role("button", name="Отправить ответы").click()
    expect(phone.get_by_test_id("fill-notice")).to_contain_text("Проверьте ответы")
    expect(phone.locator("[data-error=Q02]")).to_have_text("Ответьте на этот вопрос.")
    phone.screenshot(path=str(ARTIFACTS / "surveys-phone-errors.png"), full_page=True)
    # The summary at the top links to each question with an error; titles sit inside the cards.
    expect(phone.locator("#error-summary a[href='#q-Q02']")).to_be_visible()
    expect(phone.locator("fieldset.card")).to_have_count(0)
    title = phone.locator("#q-Q02 legend").bounding_box()
    card = phone.locator("#q-Q02").bounding_box()
    assert title["y"] > card["y"] + 4, "the question's title sits on the card's top border"
    # Options and scale points are tap targets at least 44 px tall.
    for selector in ["#q-Q01 .survey-option", "#q-Q02 .survey-scale .btn", "#q-Q09 .survey-option"]:
        heights = [
            box["height"]
            for box in phone.locator(selector).evaluate_all(
                "nodes => nodes.map(node => node.getBoundingClientRect().toJSON())"
            )
        ]
        assert heights and min(heights) >= 44, (selector, heights)

    phone.locator("#q-Q01").get_by_label("Нет").check()
    for number, value in zip(range(2, 9), [9, 10, 8, 9, 7, 9, 10], strict=True):
        phone.locator(f"label[for=Q0{number}-{value}]").click()
    phone.locator("#q-Q09").get_by_label("Уверенность в себе").check()
    phone.locator("#q-Q10").get_by_label("Да").check()
    phone.locator("#q-Q11").get_by_label("Да").check()
    phone.locator("#Q12").fill("Больше совместных уроков с наставником")
    phone.get_by_role("button", name="Сохранить черновик").click()
    expect(phone.get_by_test_id("fill-notice")).to_contain_text("Черновик сохранён")
    expect(phone.locator("#Q12")).to_have_value("Больше совместных уроков с наставником")
    _assert_no_sideways_scroll(phone)
    phone.screenshot(path=str(ARTIFACTS / "surveys-phone-form.png"), full_page=True)
    phone.get_by_role("button", name="Отправить ответы").click()
    expect(phone.get_by_test_id("fill-done")).to_contain_text("Ответы отправлены")
    phone.screenshot(path=str(ARTIFACTS / "surveys-phone-done.png"), full_page=True)
    # The second tab (or the back button) cannot submit again.
    phone.go_back()
    phone.get_by_role("button", name="Отправить ответы").click()
    expect(phone.get_by_test_id("fill-notice")).to_contain_text("уже отправили")
    context.close()
    assert satisfaction.responses.count() == before + 1
    assert not satisfaction.responses.filter(respondent__isnull=False).exists()

    log_in(page, live_server, "curator")
    go(page, "Анкеты")
    screenshot("surveys-list")
    page.get_by_role("link", name="Анкета удовлетворённости наставляемого").click()
    screenshot("surveys-builder")
    page.get_by_role("link", name="Результаты").click()
    expect(page.locator("[data-result=Q12]")).to_contain_text("Больше совместных уроков с наставником")
    expect(page.locator("[data-result=Q02] svg")).to_be_visible()
    screenshot("surveys-results")


def test_curator_shows_the_entry_and_final_change(page, live_server, demo, screenshot):
    final = Questionnaire.objects.get(previous_wave__isnull=False)
    log_in(page, live_server, "curator")
    page.goto(f"{live_server.url}/o/demo-school/surveys/{final.pk}/comparison/")
    expect(page.get_by_test_id("comparison-table")).to_contain_text("Q01.1")
    expect(page.get_by_test_id("answered-once")).to_be_visible()
    screenshot("surveys-comparison")
    page.get_by_role("link", name="Наставляемые", exact=True).click()
    expect(page.get_by_test_id("comparison-table")).to_contain_text("+")
    screenshot("surveys-comparison-mentees")


@pytest.mark.parametrize("width", [390])
def test_curator_builds_a_questionnaire_from_a_template_on_a_phone(browser, live_server, demo, width):
    context = browser.new_context(viewport={"width": width, "height": 844}, locale="ru-RU", is_mobile=True)
    phone = context.new_page()
    log_in(phone, live_server, "curator")
    phone.goto(f"{live_server.url}/o/demo-school/surveys/")
    phone.locator("button[data-template='1-mentor-intake']").click()
    expect(phone.locator(".alert-success")).to_contain_text("Анкета создана по шаблону")
    _assert_no_sideways_scroll(phone, width)
    first = phone.locator("[data-question]").first
    expect(first).to_have_attribute("data-question", "Q01")
    first.get_by_role("button", name="Ниже").click()
    expect(phone.locator("[data-question]").first).to_have_attribute("data-question", "Q02")
    phone.screenshot(path=str(ARTIFACTS / "surveys-builder-phone.png"), full_page=True)
    phone.get_by_role("link", name="Как увидит участник").click()
    # The preview is another page: measure it, not the builder it replaces while it loads.
    phone.wait_for_url(re.compile(r"/preview/$"))
    _assert_no_sideways_scroll(phone, width)
    phone.screenshot(path=str(ARTIFACTS / "surveys-preview-phone.png"), full_page=True)
    context.close()

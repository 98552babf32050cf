import pytest
from playwright.sync_api import expect

from mentoring.organisations.demo import DEMO_USERS
from tests.e2e.conftest import go, log_in, nav_link

EXPECTED_TITLE = {
    "admin": "МБОУ СОШ № 23",
    "coordinator": "Городской округ «Город Южно-Сахалинск»",
    "regional": "Сахалинская область",
    "director": "МБОУ СОШ № 23",
    "curator": "МБОУ СОШ № 23",
    "psychologist": "МБОУ СОШ № 23",
    "mentor": "МБОУ СОШ № 23",
    "mentee": "МБОУ СОШ № 23",
}


@pytest.mark.parametrize("username", list(DEMO_USERS))
def test_each_demo_role_logs_in_and_sees_its_dashboard(page, live_server, demo, screenshot, username):
    log_in(page, live_server, username)
    if username == "admin":
        # The administrator is a superuser and sees every organisation: they choose one.
        page.get_by_role("link", name="МБОУ СОШ № 23").click()
    expect(page.get_by_test_id("dashboard-title")).to_have_text(EXPECTED_TITLE[username])
    if username in {"curator", "director", "admin", "psychologist"}:
        expect(nav_link(page, "Люди")).to_have_count(1)
    if username in {"mentor", "mentee"}:
        expect(nav_link(page, "Люди")).to_have_count(0)
        expect(page.locator("[data-panel=my-profile]")).to_be_visible()
    screenshot(f"dashboard-{username}")


def test_curator_searches_people_and_adds_one(page, live_server, demo, screenshot):
    log_in(page, live_server, "curator")
    go(page, "Люди")
    page.get_by_placeholder("ФИО, должность, предмет, почта").fill("петрова")
    expect(page.locator("#people-rows tbody tr")).to_have_count(1)
    expect(page.locator("#people-rows")).to_contain_text("Петрова Елена Ивановна")
    screenshot("people-search")
    page.get_by_role("link", name="Добавить человека").click()
    page.get_by_label("Фамилия").fill("Новикова")
    page.get_by_label("Имя").fill("Алина")
    page.get_by_label("Дата рождения").fill("2000-05-17")
    page.get_by_label("Педагог", exact=True).check()
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator(".alert-success")).to_contain_text("Новикова Алина")
    expect(page.locator("dl")).to_contain_text("17.05.2000")
    screenshot("person-created")


def test_teacher_dashboard_on_a_phone(browser, live_server, demo):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="ru-RU", is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    log_in(phone, live_server, "mentee")
    expect(phone.get_by_test_id("dashboard-title")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone: {width}px"
    phone.screenshot(path="tests/e2e/artifacts/dashboard-mentee-phone.png", full_page=True)
    context.close()

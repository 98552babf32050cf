"""The minutes of the pedagogical council on a 390 px phone: from the council's event page to the minutes
form, a question added and removed without a script of the page's own, a vote above those present refused,
the minutes saved and their PDF offered."""

from __future__ import annotations

from playwright.sync_api import expect

from reports.council.models import CouncilMinutes
from roadmap.models import Event
from tests.e2e.conftest import ARTIFACTS, log_in


def test_curator_fills_the_council_minutes_on_a_phone(browser, live_server, demo):
    school = demo.organisations["demo-school"]
    council = school.events.filter(kind=Event.Kind.COUNCIL).order_by("starts_at").first()
    present = council.attendances.filter(attended=True).count()
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="ru-RU", is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    log_in(phone, live_server, "curator")
    phone.goto(f"{live_server.url}/o/{school.slug}/events/{council.pk}/")
    phone.get_by_test_id("council-minutes").click()
    expect(phone.get_by_test_id("agenda-item")).to_have_count(3)  # the demo's minutes
    phone.get_by_test_id("add-item").click()
    items = phone.get_by_test_id("agenda-item")
    expect(items).to_have_count(4)
    new = items.nth(3)
    new.get_by_label("Вопрос повестки дня").fill("О графике открытых уроков наставников")
    new.get_by_label("Слушали").fill("о графике открытых уроков")
    new.get_by_label("Постановили").fill("Утвердить график открытых уроков")
    new.get_by_label("За").fill(str(present + 1))
    phone.get_by_test_id("save-minutes").click()
    expect(phone.get_by_test_id("minutes-errors")).to_contain_text("больше, чем присутствующих")
    # The page fits the phone: no sideways scrolling.
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    phone.get_by_test_id("agenda-item").nth(3).get_by_label("За").fill(str(present))
    phone.get_by_test_id("agenda-item").nth(0).get_by_label("Удалить этот вопрос").check()
    phone.get_by_test_id("save-minutes").click()
    expect(phone.locator(".alert-success")).to_contain_text("Протокол сохранён")
    titles = list(CouncilMinutes.objects.get(event=council).items.values_list("title", flat=True))
    assert len(titles) == 3 and titles[-1] == "О графике открытых уроков наставников"
    expect(phone.get_by_test_id("minutes-pdf")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "phone-council-minutes.png"), full_page=False)
    context.close()

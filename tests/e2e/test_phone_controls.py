"""Phone-first controls in a 390 px browser: the questionnaire's error summary and focus, and the people
picker (search, «Выбрать всех», groups by role and by pair) on the event and questionnaire forms."""

from __future__ import annotations

from playwright.sync_api import expect

from mentoring.models import Membership
from mentoring.programme.models import MentorProfile, Pair
from mentoring.programme.pickers import PICKER_LIMIT
from roadmap.models import Event
from surveys.models import Questionnaire
from tests.e2e.conftest import ARTIFACTS, log_in


def _phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="ru-RU", is_mobile=True, has_touch=True
    )
    return context, context.new_page()


def test_questionnaire_errors_are_summarised_at_the_top_and_focused(browser, live_server, demo):
    context, phone = _phone(browser)
    log_in(phone, live_server, "mentee")
    phone.get_by_test_id("my-surveys").get_by_role("link", name="Заполнить").first.click()
    phone.get_by_role("button", name="Отправить ответы").click()
    summary = phone.locator("#error-summary")
    expect(summary).to_be_visible()
    # The focus is on the summary, which sits above every question.
    expect(summary).to_be_focused()
    first_question = phone.locator(".survey-question").first.bounding_box()
    assert summary.bounding_box()["y"] < first_question["y"]
    # One link for each question that has an error, each to that question.
    invalid = phone.locator(".survey-question-invalid").evaluate_all("nodes => nodes.map((node) => node.id)")
    links = summary.locator("a").evaluate_all("nodes => nodes.map((node) => node.getAttribute('href'))")
    assert invalid and links == [f"#{question}" for question in invalid]
    # Every question's title sits inside its card, under the card's top edge.
    for question in invalid:
        title = phone.locator(f"#{question} .survey-question-title").bounding_box()
        card = phone.locator(f"#{question}").bounding_box()
        assert title["y"] > card["y"] + 4, question
    # A link of the summary moves the focus to its question's first input.
    last = invalid[-1]
    summary.locator(f"a[href='#{last}']").click()
    focused_in = phone.evaluate("() => document.activeElement.closest('.survey-question')?.id")
    assert focused_in == last
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "phone-survey-errors.png"), full_page=True)
    context.close()


def _tick_state(page):
    return page.locator(".people-picker-option input").evaluate_all(
        "boxes => boxes.filter((box) => box.checked).map((box) => Number(box.value))"
    )


def test_event_invitees_are_picked_by_search_group_and_pair_on_a_phone(browser, live_server, demo):
    context, phone = _phone(browser)
    log_in(phone, live_server, "curator")
    phone.goto(f"{live_server.url}/o/demo-school/events/new/")
    picker = phone.locator("[data-people-picker]")
    expect(picker.locator("[data-picker-tools]")).to_be_visible()
    options = picker.locator(".people-picker-option")
    # The page lists at most PICKER_LIMIT people (the demo school has a few more); the count says of how many.
    total = options.count()
    assert total > 10
    everyone = Membership.objects.filter(organisation__slug="demo-school").count()
    assert total == min(everyone, PICKER_LIMIT)
    expect(picker.locator("[data-picker-count]")).to_have_text(f"Выбрано: 0 из {everyone}")

    # Search narrows the list; «Выбрать всех» ticks only the people it shows.
    picker.locator("[data-picker-search]").fill("белова")
    visible = picker.locator(".people-picker-option:visible")
    expect(visible).to_have_count(2)
    picker.get_by_role("button", name="Выбрать всех").click()
    belova = _tick_state(phone)
    assert len(belova) == 2
    picker.locator("[data-picker-search]").fill("нет такого человека")
    expect(picker.locator("[data-picker-empty]")).to_be_visible()
    picker.locator("[data-picker-search]").fill("")
    # The chosen come first, then the first PICKER_LIMIT of the others.
    expect(options.filter(visible=True)).to_have_count(min(everyone, PICKER_LIMIT + len(belova)))
    picker.get_by_role("button", name="Снять все").click()
    assert _tick_state(phone) == []

    # A role's button ticks its people and shows it is pressed; pressed again, it unticks them.
    # (A group is a checkbox of its own, shown as its label's button.)
    curator_button = picker.locator("[data-picker-group='role-curator']")
    curator_box = picker.get_by_role("checkbox", name="Куратор", exact=True)
    curator_button.click()
    expect(curator_box).to_be_checked()
    curators = set(_tick_state(phone))
    assert len(curators) >= 1
    curator_button.click()
    expect(curator_box).not_to_be_checked()
    assert _tick_state(phone) == []

    # A pair's button ticks its mentor and mentees.
    pair = Pair.objects.open().filter(organisation__slug="demo-school").select_related("mentor").first()
    expected = {pair.mentor_id, *pair.mentees.values_list("pk", flat=True)}
    picker.locator(f"[data-picker-group='pair-{pair.pk}']").click()
    assert set(_tick_state(phone)) == expected
    # Every control of the picker is a 44 px tap target.
    for selector in (
        ".people-picker-option",
        "[data-picker-group]",
        "[data-picker-all]",
        "[data-picker-search]",
    ):
        heights = picker.locator(selector).evaluate_all(
            "nodes => nodes.map((node) => node.getBoundingClientRect().height)"
        )
        assert min(heights) >= 44, (selector, heights)
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "phone-event-picker.png"), full_page=True)

    phone.fill("input[name=title]", "Встреча пары по плану")
    phone.fill("input[name=starts_at]", "2026-12-10T15:00")
    phone.get_by_role("button", name="Сохранить").click()
    expect(phone.get_by_role("heading", name="Встреча пары по плану")).to_be_visible()
    event = Event.objects.get(title="Встреча пары по плану")
    assert set(event.attendances.values_list("person_id", flat=True)) == expected
    context.close()


def test_questionnaire_people_picker_picks_a_base(page, live_server, demo):
    log_in(page, live_server, "curator")
    page.goto(f"{live_server.url}/o/demo-school/surveys/new/")
    picker = page.locator("[data-people-picker]")
    picker.locator("[data-picker-group='mentors']").click()
    chosen = set(_tick_state(page))
    assert chosen
    # The group stands for all its people, those the list does not show as well.
    mentors = set(
        MentorProfile.objects.filter(organisation__slug="demo-school")
        .exclude(status=MentorProfile.Status.ARCHIVED)
        .values_list("person_id", flat=True)
    )
    assert chosen <= mentors
    page.fill("input[name=title]", "Анкета для наставников по выбору")
    page.select_option("select[name=audience]", Questionnaire.Audience.CHOSEN_PEOPLE)
    page.get_by_role("button", name="Создать").or_(page.get_by_role("button", name="Сохранить")).first.click()
    questionnaire = Questionnaire.objects.get(title="Анкета для наставников по выбору")
    assert set(questionnaire.chosen_people.values_list("pk", flat=True)) == mentors

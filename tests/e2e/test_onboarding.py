"""A school gets in on its own, in a browser: the administrator creates the organisation, imports the staff
list the school keeps through the preview, appoints the curator and hands out logins; the curator chooses a
password from the e-mailed link and logs in. The pages are looked at on a desk (1280 px) and a phone (390 px).
"""

from __future__ import annotations

import re

import openpyxl
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from mentoring.models import ImportBatch, Municipality, Organisation, Person
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS, log_in

DESK = {"width": 1280, "height": 900}
PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "ru-RU", "is_mobile": True, "has_touch": True}


def staff_list(path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["МБОУ «Средняя школа № 7»"])
    sheet.append(["Список педагогических работников на 01.09.2025"])
    sheet.append([])
    sheet.append(["№ п/п", "Ф.И.О.", "Должность", "Стаж", "Квалификационная категория", "Эл. почта"])
    sheet.append(
        [
            1,
            "КУСТОВА Наталья Фёдоровна",
            "Заместитель директора по УВР",
            "25 лет",
            "Высшая",
            "kustova@school7.example",
        ]
    )
    sheet.append(
        [2, "Петров Иван Сергеевич", "Учитель математики", "3 года", "Первая", "petrov@school7.example"]
    )
    sheet.append([3, "Алиев Рашид Гасан оглы", "Учитель физкультуры", "8 мес.", "", ""])
    sheet.append(["Итого: 3"])
    sheet.merge_cells("A1:F1")
    sheet.merge_cells("A2:F2")
    book.save(path)


def no_sideways_scroll(page, width: int = 390) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} scrolls sideways on a phone: {scroll}px"


def look(browser, live_server, pages: list[tuple[str, str]], storage_state) -> None:
    """Screenshots of each page at 1280 px and at 390 px (one browser context for each width); the phone's
    page does not scroll sideways."""
    for label, options in (("desk", {"viewport": DESK, "locale": "ru-RU"}), ("phone", PHONE)):
        context = browser.new_context(storage_state=storage_state, **options)
        page = context.new_page()
        for url, name in pages:
            page.goto(live_server.url + url)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(ARTIFACTS / f"onboarding-{name}-{label}.png"), full_page=True)
            if label == "phone":
                no_sideways_scroll(page)
        context.close()


def test_administrator_creates_a_school_imports_staff_hands_out_logins_and_the_curator_logs_in(
    browser, page, live_server, transactional_db, tmp_path
):
    ARTIFACTS.mkdir(exist_ok=True)
    Municipality.objects.create(name="Городской округ «Тестовск»", slug="testovsk", time_zone="Asia/Magadan")
    get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)
    page.set_viewport_size(DESK)
    log_in(page, live_server, "root", PASSWORD)

    # The organisation.
    page.get_by_test_id("organisation-create").click()
    page.get_by_label("Полное название").fill(
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 7»"
    )
    page.get_by_label("Краткое название").fill("МБОУ СШ № 7")
    page.get_by_label("Директор (ФИО)").fill("Ткаченко Алексей Борисович")
    page.get_by_label("Электронная почта директора").fill("director@school7.example")
    page.screenshot(path=str(ARTIFACTS / "onboarding-organisation-form.png"), full_page=True)
    page.get_by_role("button", name="Создать организацию").click()
    expect(page.locator(".alert-success")).to_contain_text("создана")
    organisation = Organisation.objects.get(short_name="МБОУ СШ № 7")
    assert organisation.slug == "mbou-ssh-no-7" and organisation.time_zone == "Asia/Magadan"
    checklist = page.get_by_test_id("onboarding")
    expect(checklist).to_be_visible()
    expect(checklist.locator("[data-done=yes]")).to_have_count(0)

    # The staff list, as the school keeps it, through the preview.
    checklist.get_by_role("link", name="Загрузить список сотрудников из Excel").click()
    page.get_by_label("Люди организации").check()
    path = tmp_path / "Педагоги.xlsx"
    staff_list(path)
    page.set_input_files("input[type=file]", str(path))
    page.get_by_test_id("check-file").click()
    expect(page.get_by_test_id("target-name")).to_have_text("Люди организации")
    expect(page.get_by_test_id("import-summary")).to_contain_text("Добавить: 3")
    expect(page.get_by_test_id("preview-row")).to_have_count(3)
    expect(page.get_by_test_id("import-preview")).to_contain_text("Алиев Рашид Гасан оглы")
    page.screenshot(path=str(ARTIFACTS / "onboarding-import-preview.png"), full_page=True)
    page.get_by_test_id("confirm-import").click()
    expect(page.locator(".alert-success")).to_contain_text("добавлено — 3")
    batch = ImportBatch.objects.get(organisation=organisation)
    expect(page.get_by_test_id("undo-form")).to_be_visible()

    # The curator is appointed.
    page.get_by_role("link", name="К списку людей").click()
    page.get_by_role("link", name="Кустова Наталья Фёдоровна").click()
    page.get_by_role("link", name="Изменить").click()
    page.get_by_label("Куратор").check()
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator(".alert-success")).to_contain_text("Изменения сохранены")

    # Logins for everyone without one: links by e-mail, a slip for the teacher without e-mail.
    page.goto(f"{live_server.url}/o/{organisation.slug}/people/")
    page.get_by_test_id("hand-out-logins").click()
    mail.outbox.clear()
    page.get_by_test_id("logins-everyone").click()
    expect(page.locator(".alert-success")).to_contain_text("по почте — 2, листком — 1")
    page.screenshot(path=str(ARTIFACTS / "onboarding-logins.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_test_id("print-slips").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert Person.objects.get(last_name="Алиев").user.login_code is not None

    # The pages, on a desk and on a phone.
    state = page.context.storage_state()
    pages = [
        (f"/o/{organisation.slug}/", "dashboard"),
        (f"/o/{organisation.slug}/excel/import/", "import"),
        (f"/o/{organisation.slug}/excel/imports/{batch.pk}/", "batch"),
        (f"/o/{organisation.slug}/logins/", "logins"),
        ("/organisations/new/", "organisation-form"),
        (f"/o/{organisation.slug}/people/", "people"),
    ]
    look(browser, live_server, pages, state)

    # The curator chooses a password from the e-mailed link and logs in.
    letter = next(message for message in mail.outbox if message.to == ["kustova@school7.example"])
    link = re.search(r"http\S+/accounts/reset/\S+", letter.body).group(0)
    username = re.search(r"Имя для входа: (\S+)", letter.body).group(1)
    context = browser.new_context(**PHONE)
    curator = context.new_page()
    curator.goto(live_server.url + "/accounts/" + link.split("/accounts/", 1)[1])
    curator.locator("input[name=new_password1]").fill("Куратор-пароль-2026")
    curator.locator("input[name=new_password2]").fill("Куратор-пароль-2026")
    curator.get_by_role("button", name="Сохранить пароль").click()
    log_in(curator, live_server, username, "Куратор-пароль-2026")
    expect(curator.get_by_test_id("dashboard-title")).to_have_text("МБОУ СШ № 7")
    expect(curator.locator("body")).to_contain_text("Куратор")
    no_sideways_scroll(curator)
    curator.screenshot(path=str(ARTIFACTS / "onboarding-curator-phone.png"), full_page=True)
    context.close()

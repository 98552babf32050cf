"""The Word copy in the browser: the curator drafts the pairs order and downloads its Word copy, the director
signs it, and the signed order's Word copy is marked «Копия»; the pair page offers the agreement in Word."""

import io
import re
from pathlib import Path

from docx import Document as WordDocument
from playwright.sync_api import expect

from mentoring.programme.labour import missing_labour_papers
from reports.documents.docx import docx_text
from tests.e2e.conftest import ARTIFACTS, log_in
from tests.e2e.test_reports import proposed_pairs


def _word(download_info) -> tuple[str, str]:
    download = download_info.value
    data = Path(download.path()).read_bytes()
    assert data[:2] == b"PK" and download.suggested_filename.endswith(".docx")
    document = WordDocument(io.BytesIO(data))
    header = document.sections[0].header.paragraphs[0].text
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / download.suggested_filename).write_bytes(data)
    return " ".join(docx_text(data).split()), header


def test_curator_drafts_downloads_word_director_signs(page, live_server, demo, screenshot):
    # ст. 351.8 ТК РФ: the order takes only the pairs whose staff mentor's consent and agreement are on file
    # (the demo leaves one mentor without them; tests/e2e/test_labour.py records them from the pair page).
    school = demo.organisations["demo-school"]
    proposed = proposed_pairs(demo)
    pairs = [pair for pair in proposed if not missing_labour_papers(school, [pair])]
    assert pairs
    log_in(page, live_server, "curator")
    page.get_by_role("link", name="Документы").click()
    page.get_by_role("link", name="Подготовить приказ").first.click()
    page.get_by_label("Вид приказа").select_option("pairs")
    for pair in proposed:
        box = page.get_by_label(re.compile(re.escape(f"{pair.mentor.short_name} →")))
        box.check() if pair in pairs else box.uncheck()
    page.get_by_role("button", name="Подготовить проект").click()
    expect(page.get_by_test_id("order-title")).to_have_text("О закреплении наставнических пар/групп")
    screenshot("word-order-draft")

    with page.expect_download() as download_info:
        page.get_by_test_id("order-docx").click()
    text, header = _word(download_info)
    assert "ПРОЕКТ" in text and "ПРИКАЗЫВАЮ:" in text and header == ""
    for pair in pairs:
        assert pair.mentor.full_name in text
        assert all(mentee.full_name in text for mentee in pair.mentees.all())
    order_url = page.url

    page.context.clear_cookies()
    log_in(page, live_server, "director")
    page.goto(order_url)
    page.get_by_role("button", name="Подписать приказ").click()
    expect(page.locator(".alert-success")).to_contain_text("Приказ подписан")
    number = re.search(r"№ (\d+-ОД)", page.get_by_test_id("order-number").inner_text()).group(1)
    expect(page.get_by_test_id("order-docx")).to_have_text("Копия в Word")
    screenshot("word-order-signed")

    with page.expect_download() as download_info:
        page.get_by_test_id("order-docx").click()
    text, header = _word(download_info)
    assert header.startswith("Копия. Подлинник подписан") and number in header
    assert f"№ {number}" in text and "ПРОЕКТ" not in text and "А.Б. Ткаченко" in text

    # The agreement of a now approved pair, from its page, in Word.
    page.goto(f"{live_server.url}/o/demo-school/pairs/{pairs[0].pk}/")
    with page.expect_download() as download_info:
        page.get_by_test_id("agreement-docx").click()
    text, _header = _word(download_info)
    assert "СОГЛАШЕНИЕ" in text and pairs[0].mentor.full_name in text
    assert "именуем" in text and "(ая)" not in text

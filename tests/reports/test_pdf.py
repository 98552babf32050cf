import datetime
import http.server
import threading

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from reports.documents import pdf
from reports.documents import registry as documents
from reports.models import Order
from reports.orders import services
from tests.reports.conftest import make_pair
from tests.reports.pdftools import CYRILLIC, fonts, page_count, page_texts, pdf_text, pdftotext

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(organisation, personas):
    organisation.address = "г. Тестовск, ул. Школьная, 5"
    organisation.save()
    director = personas["director"]
    director.last_name, director.first_name, director.patronymic = "Ткаченко", "Алексей", "Борисович"
    director.position = "Директор"
    director.save()
    return organisation


def signed_pairs_order(organisation, personas, pairs):
    order = services.order_create(
        organisation=organisation, actor=None, kind=Order.Kind.PAIRS, pair_ids=[pair.pk for pair in pairs]
    )
    return services.order_sign(
        organisation=organisation,
        order_id=order.pk,
        actor=personas["director"].user,
        signed_on=datetime.date(2022, 11, 25),
    )


class TestOrderPdf:
    @pytest.mark.real_pdf
    def test_text_has_the_data(self, school, personas, named_pair):
        data = signed_pairs_order(school, personas, [named_pair]).pdf.read()
        for text in (pdf_text(data), pdftotext(data)):
            assert "ПРИКАЗ" in text
            assert "от 25.11.2022" in text and "№ 1-ОД" in text
            assert school.name in text.replace("\n", " ")
            assert "г. Тестовск" in text
            assert "О закреплении наставнических пар/групп" in text
            assert "ПРИКАЗЫВАЮ" in text
            assert "Директор" in text and "А.Б. Ткаченко" in text
            assert "Петрова Елена" in text and "Смирнов Дмитрий" in text and "учитель – учитель" in text
            assert len(CYRILLIC.findall(text)) > 300

    @pytest.mark.real_pdf
    def test_fonts_embedded(self, school, personas, named_pair):
        data = signed_pairs_order(school, personas, [named_pair]).pdf.read()
        found = fonts(data)
        assert found, "no fonts in the PDF"
        assert all(found.values()), f"fonts without an embedded program: {found}"
        assert all("Tinos" in name for name in found), found
        assert any("Cyrillic" in name for name in found)
        assert any("Bold" in name for name in found)

    @pytest.mark.real_pdf
    def test_long_appendix_repeats_table_header_and_numbers_pages(self, school, personas):
        pairs = [make_pair(school) for _ in range(40)]
        data = signed_pairs_order(school, personas, pairs).pdf.read()
        pages = page_texts(data)
        assert len(pages) >= 4
        with_header = [text for text in pages if "Наставник (ФИО" in text]
        assert len(with_header) >= 3, "the table header is not repeated on every page of the table"
        # Page numbers from the second page on, alone on their line (the top margin box).
        for number in (2, 3, len(pages)):
            assert str(number) in [line.strip() for line in pages[number - 1].splitlines()]
        assert "Приложение" in pages[1] and "№ 1-ОД" in pages[1]

    @pytest.mark.real_pdf
    def test_draft_preview_is_marked(self, school, personas):
        order = services.order_create(organisation=school, actor=None, kind=Order.Kind.INTRODUCE_MODEL)
        text = pdf_text(services.order_pdf_bytes(order))
        assert "ПРОЕКТ" in text and "А.Б. Ткаченко" in text
        assert "1-ОД" not in text

    @pytest.mark.real_pdf
    def test_user_text_is_escaped_and_fetches_nothing(self, school, personas, monkeypatch):
        hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                hits.append(self.path)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{server.server_port}/steal.png"
        try:
            body = (
                f'ПРИКАЗЫВАЮ:\n1. <img src="file:///etc/passwd"> <img src="{url}">\n'
                f'2. <link rel="stylesheet" href="{url}"><style>@import url("{url}");</style>'
            )
            order = services.order_create(
                organisation=school, actor=None, kind=Order.Kind.FREE, title=f'<img src="{url}">', body=body
            )
            order = services.order_sign(
                organisation=school, order_id=order.pk, actor=personas["director"].user
            )
            text = pdf_text(order.pdf.read())
        finally:
            server.shutdown()
        assert hits == []
        assert '<img src="file:///etc/passwd">' in text  # shown as text, never loaded
        assert "root:" not in text


class TestFetcher:
    @pytest.mark.parametrize(
        "url",
        [
            "file:///etc/passwd",
            "http://127.0.0.1:9/x.png",
            "https://example.org/font.woff2",
            "ftp://example.org/x",
            "data:text/css,body{}",
            "static:/../../config/settings/base.py",
            "static:/vendor/../../../etc/passwd",
            "static:/",
            "static:/does/not/exist.css",
            "/etc/passwd",
            "relative/path.png",
        ],
    )
    def test_refuses_everything_but_static_files(self, url):
        fetcher = pdf.StaticFilesOnlyFetcher()
        with pytest.raises(ValueError):
            fetcher(url)
        assert fetcher.refused == [url]

    def test_serves_the_font_from_static_files(self):
        fetcher = pdf.StaticFilesOnlyFetcher()
        response = fetcher("static:/vendor/tinos/tinos-cyrillic-400-normal.woff2")
        assert response.read()[:4] == b"wOF2"
        assert fetcher.served == ["vendor/tinos/tinos-cyrillic-400-normal.woff2"]

    def test_every_font_file_is_found(self):
        for path in pdf.FONT_FILES:
            assert finders.find(path), path

    @pytest.mark.real_pdf
    def test_raw_html_with_local_and_network_urls_renders_without_them(self):
        fetcher = pdf.StaticFilesOnlyFetcher()
        html = (
            '<html><head><link rel="stylesheet" href="http://127.0.0.1:9/a.css"></head><body>'
            '<img src="file:///etc/passwd"><img src="https://example.org/a.png">'
            '<p style="background: url(file:///etc/hostname)">Текст</p></body></html>'
        )
        data = pdf.html_to_pdf(html, fetcher=fetcher)
        assert data.startswith(b"%PDF")
        assert set(fetcher.refused) == {
            "http://127.0.0.1:9/a.css",
            "file:///etc/passwd",
            "https://example.org/a.png",
            "file:///etc/hostname",
        }


class TestAgreement:
    @pytest.mark.real_pdf
    def test_agreement_text(self, school, personas, named_pair):
        kind = documents.get("pair-agreement")
        data = kind.render_pdf(school, {"pair": named_pair.pk})
        text = pdf_text(data)
        assert "СОГЛАШЕНИЕ" in text and "о сотрудничестве между наставником и наставляемым" in text
        assert "Петрова Елена Ивановна" in text and "Смирнов Дмитрий Олегович" in text
        assert "«учитель – учитель»" in text
        assert "Освоить методику подготовки к ОГЭ" in text
        assert "с 15.09.2025 по 31.05.2026" in text
        assert "«15» сентября 2025 г." in text
        assert "Е.И. Петрова" in text and "Д.О. Смирнов" in text
        assert page_count(data) == 1
        assert all("Tinos" in name and embedded for name, embedded in fonts(data).items())

    @pytest.mark.real_pdf
    def test_group_agreement_names_every_mentee(self, school, personas, pair_factory):
        from tests.conftest import make_person

        mentees = [make_person(school, last_name=name) for name in ("Орлова", "Зайцев", "Ким")]
        pair = pair_factory(mentees=mentees)
        kind = documents.get("pair-agreement")
        text = pdf_text(kind.render_pdf(school, {"pair": pair.pk}))
        assert "наставляемыми" in text
        for name in ("Орлова", "Зайцев", "Ким"):
            assert name in text


def test_approval_block_partial(organisation, personas):
    """The «УТВЕРЖДАЮ» block the roadmap and the plans will use."""
    html = render_to_string(
        "reports/documents/pdf/_approval.html",
        {"approver": personas["director"], "organisation": organisation, "date": datetime.date(2022, 11, 25)},
    )
    assert "УТВЕРЖДАЮ" in html and "«25» ноября 2022 г." in html and organisation.short_name in html

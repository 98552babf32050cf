"""The Word copy of every kind of document (reports.documents.docx): each opens with python-docx and holds
the names and numbers of the data; the signed order's copy is marked «Копия»; LibreOffice converts one of
each kind. And the PDF of every kind, read back with pdftotext, finds its heading as a word (no
letter-spacing)."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import urllib.parse

import pytest
from django.utils import timezone
from docx import Document as WordDocument

from common import dates
from common.downloads import DOCX
from mentoring.models import Pair, Role
from reports.council import services as council_services
from reports.council.services import AgendaItem
from reports.documents import registry
from reports.documents.docx import docx_text
from reports.models import Order
from reports.orders import services
from tests.conftest import make_person
from tests.reports.conftest import PLAN_ITEMS, make_plan
from tests.reports.pdftools import pdftotext
from tests.reports.test_council_minutes import make_council
from tests.reports.test_programme_documents import final_wave, make_event, roadmap  # noqa: F401

pytestmark = pytest.mark.django_db


def url(organisation, tail):
    return f"/o/{organisation.slug}/documents/{tail}"


def word(response):
    """The .docx of a response, opened with python-docx."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == DOCX
    assert ".docx" in response["Content-Disposition"]
    return WordDocument(io.BytesIO(response.content))


def text_of(response) -> str:
    word(response)
    return " ".join(docx_text(response.content).split())


@pytest.fixture
def approved_pair(named_pair):
    named_pair.status = Pair.Status.APPROVED
    named_pair.save()
    return named_pair


class TestEachKind:
    def test_agreement_declines_nothing_and_agrees_with_gender(self, as_user, organisation, approved_pair):
        response = as_user("curator").get(url(organisation, f"pair-agreement/{approved_pair.pk}/docx/"))
        saved_as = urllib.parse.unquote(response["Content-Disposition"])
        day = dates.today(organisation).strftime("%d.%m.%Y")
        name = f"Соглашение о сотрудничестве, пара {approved_pair.pk} {organisation.short_name} {day}.docx"
        assert name in saved_as
        text = text_of(response)
        assert "Петрова Елена Ивановна, учитель математики, именуемая в дальнейшем «Наставник»" in text
        assert "Смирнов Дмитрий Олегович, учитель информатики, именуемый в дальнейшем «Наставляемый»" in text
        assert "Освоить методику подготовки к ОГЭ" in text
        assert "с 15.09.2025 по 31.05.2026" in text
        assert "(ая)" not in text and "(а)" not in text
        document = WordDocument(io.BytesIO(response.content))
        assert document.styles["Normal"].font.name == "Times New Roman"
        assert document.styles["Normal"].font.size.pt == 14
        # The page number is a PAGE field in the footer.
        assert "PAGE" in document.sections[0].footer._element.xml

    def test_plan_with_items_and_a_repeated_header(self, as_user, organisation, plan_of_named_pair):
        pair = plan_of_named_pair.pair
        response = as_user("curator").get(url(organisation, f"pair-plan/{pair.pk}/docx/"))
        text = text_of(response)
        for title, _day, result, _done in PLAN_ITEMS:
            assert title in text and result in text
        assert "ПЕРСОНАЛИЗИРОВАННАЯ ПРОГРАММА НАСТАВНИЧЕСТВА" in text
        assert "Выполнено 2 из 4 пунктов плана — 50 %" in text
        document = WordDocument(io.BytesIO(response.content))
        table = next(table for table in document.tables if "Мероприятие" in table.rows[0].cells[1].text)
        assert "w:tblHeader" in table.rows[0]._tr.xml
        assert len(table.rows) == 1 + len(PLAN_ITEMS)

    def test_roadmap_is_landscape_with_every_stage(self, as_user, organisation, roadmap):  # noqa: F811
        response = as_user("curator").get(url(organisation, f"roadmap/{roadmap.pk}/docx/?marks=1"))
        text = text_of(response)
        assert "УТВЕРЖДАЮ" in text and "Отметка о выполнении" in text
        for stage in roadmap.stages.all():
            assert " ".join(stage.title.split())[:40] in text
        section = WordDocument(io.BytesIO(response.content)).sections[0]
        assert section.page_width > section.page_height

    def test_registration_sheet(self, as_user, organisation):
        people = [
            make_person(organisation, roles=[Role.TEACHER], last_name="Орлова", position="Учитель химии"),
            make_person(organisation, roles=[Role.TEACHER], last_name="Зайцев", position="Учитель истории"),
        ]
        event = make_event(organisation, people, days=-3, attended=people[:1])
        text = text_of(as_user("curator").get(url(organisation, f"event-registration/{event.pk}/docx/")))
        assert "ЛИСТ РЕГИСТРАЦИИ" in text
        # The place of the event and the organisation, never run together.
        assert f"Актовый зал, {organisation.short_name}" in text
        for person in people:
            assert person.full_name in text
        assert "Приглашено: 2; присутствовало: 1." in text

    def test_comparison_has_the_scale_of_each_question(self, as_user, organisation, final_wave):  # noqa: F811
        text = text_of(
            as_user("psychologist").get(url(organisation, f"survey-comparison/{final_wave.pk}/docx/"))
        )
        assert "СРАВНИТЕЛЬНАЯ ТАБЛИЦА" in text and "Уверенность в профессии" in text
        assert "1–10" in text and "1–5" in text
        assert "до 10 баллов" not in text
        assert "Петрова Е.И." in text

    def test_all_agreements_in_one_file(self, as_user, organisation, approved_pair, pair_factory):
        other = pair_factory(
            mentor=make_person(
                organisation,
                roles=[Role.TEACHER],
                last_name="Черных",
                first_name="Ольга",
                patronymic="Петровна",
            ),
            status=Pair.Status.APPROVED,
        )
        text = text_of(as_user("curator").get(url(organisation, "agreements-all/docx/")))
        assert text.count("СОГЛАШЕНИЕ") == 2
        assert "Петрова Елена Ивановна" in text and other.mentor.full_name in text

    def test_final_report_and_analytical_note(self, as_user, organisation, approved_pair):
        client = as_user("curator")
        report = text_of(client.get(url(organisation, "final-report/docx/?year=2025")))
        assert "ИТОГОВЫЙ ОТЧЁТ" in report and organisation.short_name in report
        assert "2025/2026" in report and "Петрова Е.И." in report
        note = text_of(client.get(url(organisation, "analytical-note/docx/?year=2025")))
        assert "АНАЛИТИЧЕСКАЯ СПРАВКА" in note and "Рекомендации" in note

    def test_bad_parameters(self, as_user, organisation, foreign_organisation):
        client = as_user("curator")
        assert client.get(url(organisation, "pair-agreement/999999/docx/")).status_code == 404
        assert client.get(url(organisation, "final-report/docx/?year=abc")).status_code == 404
        assert client.get(url(organisation, "no-such/docx/")).status_code == 404
        # Nothing to put in «all the agreements»: back to the hub with the reason.
        response = client.get(url(organisation, "agreements-all/docx/"))
        assert response.status_code == 302


class TestOrderCopies:
    def _pairs_order(self, organisation, personas, approved_pair):
        approved_pair.status = Pair.Status.PROPOSED
        approved_pair.save()
        return services.order_create(
            organisation=organisation,
            actor=personas["curator"].user,
            kind=Order.Kind.PAIRS,
            pair_ids=[approved_pair.pk],
        )

    def test_draft_copy_says_project(self, as_user, organisation, personas, approved_pair):
        order = self._pairs_order(organisation, personas, approved_pair)
        response = as_user("curator").get(f"/o/{organisation.slug}/orders/{order.pk}/docx/")
        assert ".docx" in response["Content-Disposition"]
        text = text_of(response)
        assert "ПРОЕКТ" in text and "ПРИКАЗ" in text and "ПРИКАЗЫВАЮ:" in text
        assert "Петрова Елена Ивановна" in text and "Смирнов Дмитрий Олегович" in text
        assert "Копия" not in text
        detail = as_user("curator").get(f"/o/{organisation.slug}/orders/{order.pk}/").content.decode()
        assert f"/orders/{order.pk}/docx/" in detail and "Проект в Word" in detail

    def test_signed_copy_is_marked_and_built_from_the_frozen_order(
        self, as_user, organisation, personas, approved_pair
    ):
        order = self._pairs_order(organisation, personas, approved_pair)
        order = services.order_sign(
            organisation=organisation,
            order_id=order.pk,
            actor=personas["director"].user,
            signed_on=datetime.date(2025, 9, 10),
        )
        pdf_before = order.pdf.read()
        response = as_user("teacher").get(f"/o/{organisation.slug}/orders/{order.pk}/docx/")
        assert ".docx" in response["Content-Disposition"]
        text = text_of(response)
        document = WordDocument(io.BytesIO(response.content))
        header = document.sections[0].header.paragraphs[0].text
        assert header.startswith("Копия. Подлинник подписан 10.09.2025") and order.number in header
        assert f"№ {order.number}" in text and "от 10.09.2025" in text
        assert order.signer_name in text and "ПРОЕКТ" not in text
        order.refresh_from_db()
        assert order.pdf.read() == pdf_before


# --- LibreOffice opens one of each kind ----------------------------------------------------------------


# The ст. 351.8 papers and the letters of thanks need a staff pair's records or nominations: their PDFs are
# read in tests/reports/test_labour_orders.py.
LABOUR_KINDS = {"mentoring-consent", "labour-agreement", "thanks-letters"}


def every_kind(organisation, personas, named_pair, roadmap, final_wave):  # noqa: F811
    """{kind key: (params, heading)} for one document of every registered kind."""
    named_pair.status = Pair.Status.APPROVED
    named_pair.save()
    make_plan(named_pair, items=PLAN_ITEMS)
    event = make_event(organisation, [named_pair.mentor], days=-1, attended=[named_pair.mentor])
    order = services.order_create(organisation=organisation, actor=None, kind=Order.Kind.INTRODUCE_MODEL)
    council_people = [named_pair.mentor, personas["director"]]
    council = make_council(organisation, council_people, council_people)
    council_services.council_minutes_save(
        event=council,
        actor=None,
        number="2",
        held_on=None,
        chair=personas["director"],
        secretary=named_pair.mentor,
        items=[AgendaItem(title="О наставничестве", heard="Доклад", decided="Внедрить", votes_for=2)],
    )
    kinds = {
        "roadmap": ({"roadmap": roadmap.pk, "marks": False}, "УТВЕРЖДАЮ"),
        "pair-plan": ({"pair": named_pair.pk}, "ПЕРСОНАЛИЗИРОВАННАЯ ПРОГРАММА НАСТАВНИЧЕСТВА"),
        "pair-agreement": ({"pair": named_pair.pk}, "СОГЛАШЕНИЕ"),
        "agreements-all": ({}, "СОГЛАШЕНИЕ"),
        "event-registration": ({"event": event.pk}, "ЛИСТ РЕГИСТРАЦИИ"),
        "survey-comparison": ({"questionnaire": final_wave.pk}, "СРАВНИТЕЛЬНАЯ ТАБЛИЦА"),
        "final-report": ({"year": 2025}, "ИТОГОВЫЙ ОТЧЁТ"),
        "analytical-note": ({"year": 2025}, "АНАЛИТИЧЕСКАЯ СПРАВКА"),
        "municipality-report": ({"year": 2025}, "ИТОГОВЫЙ ОТЧЁТ"),
        "order": ({"order": order.pk}, "ПРИКАЗ"),
        "regulation": ({}, "ПОЛОЖЕНИЕ"),
        "programme": ({}, "ПРОГРАММА НАСТАВНИЧЕСТВА"),
        "mentor-register": ({}, "РЕЕСТР"),
        "mentor-training": ({}, "ГРАФИК"),
        "partners": ({}, "ПЕРЕЧЕНЬ"),
        "council-minutes": ({"event": council.pk}, "ПРОТОКОЛ"),
    }
    assert set(kinds) | LABOUR_KINDS == {kind.key for kind in registry.all_kinds()}, (
        "a new kind needs its heading here"
    )
    return kinds


def _heading_found(text: str, heading: str) -> bool:
    return heading in " ".join(text.split())


@pytest.mark.real_pdf
def test_every_pdf_finds_its_heading_as_a_word(organisation, personas, named_pair, roadmap, final_wave):  # noqa: F811
    for key, (params, heading) in every_kind(organisation, personas, named_pair, roadmap, final_wave).items():
        kind = registry.get(key)
        home = organisation
        text = pdftotext(kind.render_pdf(home, params))
        assert _heading_found(text, heading), (key, text[:300])
        assert "У ТВЕРЖДАЮ" not in text and "Л И С Т" not in text and "П Р И К А З" not in text


def test_every_word_copy_opens_and_converts(
    organisation,
    personas,
    named_pair,
    roadmap,  # noqa: F811
    final_wave,  # noqa: F811
    tmp_path,  # noqa: F811
):
    kinds = every_kind(organisation, personas, named_pair, roadmap, final_wave)
    files = []
    for key, (params, heading) in kinds.items():
        data = registry.get(key).render_docx(organisation, params)
        assert _heading_found(docx_text(data), heading), key
        path = tmp_path / f"{key}.docx"
        path.write_bytes(data)
        files.append(path)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (Debian: libreoffice-writer-nogui)")
    started = timezone.now()
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    assert (timezone.now() - started).total_seconds() < 240
    for key, (_params, heading) in kinds.items():
        pdf = tmp_path / "pdf" / f"{key}.pdf"
        assert pdf.exists(), key
        assert _heading_found(pdftotext(pdf.read_bytes()), heading), key


class TestButtons:
    def test_generated_document_offers_its_word_copy(self, as_user, organisation, approved_pair):
        from reports.models import GeneratedDocument

        document = GeneratedDocument.objects.create(
            organisation=organisation,
            kind="final-report",
            title="Итоговый отчёт",
            status="done",
            params={"year": 2025},
        )
        client = as_user("curator")
        page = client.get(f"/o/{organisation.slug}/documents/files/{document.pk}/").content.decode()
        link = f"/o/{organisation.slug}/documents/final-report/docx/?year=2025"
        assert link in page
        assert "ИТОГОВЫЙ ОТЧЁТ" in text_of(client.get(link))

    def test_year_page_and_hub_have_word_buttons(self, as_user, organisation, approved_pair):
        client = as_user("psychologist")
        year = client.get(f"/o/{organisation.slug}/documents/year/").content.decode()
        assert 'data-testid="final-report-docx"' in year and 'data-testid="analytical-note-docx"' in year
        hub = as_user("curator").get(f"/o/{organisation.slug}/documents/").content.decode()
        assert f"/documents/pair-agreement/{approved_pair.pk}/docx/" in hub
        assert "/documents/agreements-all/docx/" in hub

    def test_pair_page_has_word_buttons(self, as_user, organisation, plan_of_named_pair):
        pair = plan_of_named_pair.pair
        page = as_user("curator").get(f"/o/{organisation.slug}/pairs/{pair.pk}/").content.decode()
        assert f"/documents/pair-plan/{pair.pk}/docx/" in page
        assert f"/documents/pair-agreement/{pair.pk}/docx/" in page


def test_letterhead_contacts_never_start_with_a_comma(organisation):
    from django.template.loader import render_to_string

    organisation.address = ""
    organisation.phone = "+7 914 000-00-00"
    organisation.email = "school@example.org"
    text = render_to_string("reports/documents/pdf/_org_header.html", {"organisation": organisation})
    assert 'org-contacts">тел. +7 914 000-00-00, e-mail: school@example.org<' in text


def _charts_in_html(kind, organisation, params) -> int:
    """How many charts (an SVG in a `.chart` block) the PDF of the document draws."""
    from django.template.loader import render_to_string
    from lxml import html as lxml_html

    count = 0
    for template, context in kind.parts(organisation, params):
        tree = lxml_html.document_fromstring(render_to_string(template, context))
        count += len(
            tree.xpath('//*[contains(concat(" ", normalize-space(@class), " "), " chart ")][.//svg]')
        )
    return count


def test_every_word_copy_has_a_picture_where_the_pdf_has_a_chart(
    organisation,
    personas,
    named_pair,
    roadmap,  # noqa: F811
    final_wave,  # noqa: F811
):
    from reports.documents.docx import CHART_NOTE, text_width

    kinds = every_kind(organisation, personas, named_pair, roadmap, final_wave)
    with_charts = {}
    for key, (params, _heading) in kinds.items():
        kind = registry.get(key)
        charts = _charts_in_html(kind, organisation, params)
        document = WordDocument(io.BytesIO(kind.render_docx(organisation, params)))
        pictures = list(document.inline_shapes)
        assert len(pictures) == charts, (key, charts, len(pictures))
        for picture in pictures:
            assert 0 < picture.width <= text_width(document), key
            assert picture._inline.docPr.get("descr"), key  # alt text for a screen reader
        assert CHART_NOTE not in docx_text(document_bytes(document)), key
        if charts:
            with_charts[key] = charts
    # The comparative table draws its chart; the final report its plans, its waves and its indicators.
    assert with_charts["survey-comparison"] == 1
    assert with_charts["final-report"] >= 2


def document_bytes(document) -> bytes:
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


class TestChartPicture:
    """The SVG of a chart drawn into a PNG with Pillow: the same bars, in the same colours and proportions."""

    def test_bars_are_drawn_where_the_svg_puts_them(self):
        from PIL import Image

        from reports.documents.chart_picture import SCALE, chart_picture
        from surveys import charts

        svg = charts.bar_chart([("Доля наставляемых в паре", 100.0), ("Публикации", 25.0)], max_value=100)
        picture = chart_picture(svg)
        assert picture is not None
        assert (picture.width, picture.height) == (560, 6 + 34 * 2 + 6)
        image = Image.open(io.BytesIO(picture.png)).convert("RGB")
        assert image.size == (560 * SCALE, 80 * SCALE)
        bar = (0x1F, 0x4E, 0x79)
        # The first bar fills the whole area (220…500), the second a quarter of it (220…290).
        assert image.getpixel((480 * SCALE, 22 * SCALE)) == bar
        assert image.getpixel((270 * SCALE, 56 * SCALE)) == bar
        assert image.getpixel((400 * SCALE, 56 * SCALE)) == (255, 255, 255)
        # The labels are text, in a dark colour, left of the bars.
        label_area = image.crop((0, 6 * SCALE, 212 * SCALE, 40 * SCALE))
        assert label_area.getextrema()[0][0] < 100

    def test_a_dashed_target_line_and_the_label_inside_a_title(self):
        from reports.documents.chart_picture import chart_picture

        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50" aria-label="диаграмма">'
            "<title>Выполнение дорожных карт</title>"
            '<line x1="50" y1="0" x2="50" y2="50" stroke="#dc3545" stroke-width="2" stroke-dasharray="4 3"/>'
            '<text x="2" y="40" font-size="10"><title>Полное название</title>Школа</text></svg>'
        )
        picture = chart_picture(svg)
        assert picture is not None and picture.label == "Выполнение дорожных карт"

    def test_what_is_not_a_chart_gets_no_picture(self):
        from reports.documents.chart_picture import chart_picture

        assert chart_picture("<svg><rect") is None
        assert (
            chart_picture('<svg xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/></svg>')
            is None
        )
        assert chart_picture("<div>нет</div>") is None

    def test_a_chart_without_a_view_box_keeps_the_note_in_the_word_copy(self):
        from reports.documents.docx import CHART_NOTE, docx_text, html_to_docx

        data = html_to_docx(['<p>Текст</p><div class="chart"><svg><rect width="5" height="5"/></svg></div>'])
        assert CHART_NOTE in docx_text(data)
        assert not WordDocument(io.BytesIO(data)).inline_shapes

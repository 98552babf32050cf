"""The Word copies laid out as on paper, read back with python-docx: wide tables on landscape pages, columns
wide enough for their words, titles centred, names in the case the phrase asks for."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from mentoring.models import Organisation, Role
from reports.documents import registry
from reports.documents.docx import html_to_docx
from reports.models import MentorNomination
from roadmap import services as roadmap_services
from tests.conftest import make_person
from tests.reports.test_programme_documents import make_event
from tests.reports.test_registers import mentor_base  # noqa: F401

pytestmark = pytest.mark.django_db


def word(kind: str, organisation, params: dict):
    return WordDocument(io.BytesIO(registry.get(kind).render_docx(organisation, params)))


def test_the_municipality_report_is_landscape_with_a_wide_first_column(organisation):
    document = word("municipality-report", organisation, {"year": 2025})
    section = document.sections[0]
    assert section.page_width > section.page_height  # thirteen columns of indicators
    indicators = document.tables[0]
    assert indicators.columns[0].width.mm == pytest.approx(40, abs=1)
    assert all(column.width.mm > 12 for column in indicators.columns)


@pytest.mark.parametrize(
    ("kind", "title", "widths"),
    [
        ("mentor-register", "потенциальных наставников", {1: 42, 4: 48, 5: 32}),
        ("mentor-training", "обучения наставников", {1: 50, 2: 45, 4: 30}),
    ],
)
def test_registers_of_people_are_landscape_and_name_the_organisation_as_a_phrase(
    organisation,
    mentor_base,  # noqa: F811
    kind,
    title,
    widths,
):
    document = word(kind, organisation, {})
    section = document.sections[0]
    assert section.page_width > section.page_height  # seven columns of 12 pt
    heading = next(paragraph.text for paragraph in document.paragraphs if paragraph.text.startswith(title))
    # «наставников Школа № 1 города Тестовска» reads as two phrases: the short name is never declined.
    short_name = organisation.short_name.replace("№ ", "№\u00a0")  # the Word copy's no-break space
    assert heading.startswith(f"{title} {short_name}\n") and organisation.name not in heading
    table = document.tables[0]
    for index, millimetres in widths.items():
        assert table.columns[index].width.mm == pytest.approx(millimetres, abs=0.5)
    assert table.columns[3].width.mm > 55  # the free column: the competencies, the training course


def test_partners_columns_leave_the_name_the_widest(organisation, mentor_base):  # noqa: F811
    table = word("partners", organisation, {}).tables[0]
    millimetres = [column.width.mm for column in table.columns]
    assert millimetres[0] == pytest.approx(10, abs=0.5)
    assert millimetres[1] == max(millimetres) and millimetres[1] > 40


def test_a_letter_of_thanks_has_its_title_and_name_centred_in_bold(organisation, personas):
    event = roadmap_services.event_create(
        organisation=organisation,
        actor=None,
        data={
            "kind": "final_meeting",
            "title": "Итоговая встреча",
            "starts_at": timezone.now(),
            "place": "Зал",
        },
        invited=[personas["teacher"]],
    )
    mentor = personas["teacher"]
    MentorNomination.objects.create(
        organisation=organisation, event=event, mentor=mentor, reason="Открытые уроки"
    )
    paragraphs = word("thanks-letters", organisation, {"event": event.pk}).paragraphs
    for text in ("Благодарственное письмо", mentor.full_name):
        paragraph = next(paragraph for paragraph in paragraphs if paragraph.text == text)
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER, text
        assert all(run.bold for run in paragraph.runs), text


def test_the_attendance_mark_has_room_for_its_word(organisation):
    person = make_person(organisation, roles=[Role.TEACHER], last_name="Орлова", position="Учитель химии")
    event = make_event(organisation, [person], days=-3, attended=[person])
    table = word("event-registration", organisation, {"event": event.pk}).tables[-1]
    assert table.rows[1].cells[3].text == "присутств."
    # Ten letters of 12 pt Times New Roman and the cell's margins: 26 mm, not the 22 mm where it broke.
    assert table.columns[3].width.mm == pytest.approx(26, abs=0.5)


@pytest.mark.parametrize(
    ("kind", "head", "head_gent"),
    [
        (Organisation.Kind.KINDERGARTEN, "Заведующий", "заведующего"),
        (Organisation.Kind.SCHOOL, "Директор", "директора"),
    ],
)
def test_the_regulation_names_the_head_by_the_post_of_the_organisation(organisation, kind, head, head_gent):
    organisation.kind = kind
    organisation.save(update_fields=["kind"])
    text = "\n".join(paragraph.text for paragraph in word("regulation", organisation, {}).paragraphs)
    assert f"4.1. {head} организации утверждает Положение" in text
    assert f"пары и группы закрепляются приказом {head_gent}." in text
    assert f"поощряются приказом {head_gent}:" in text
    if kind == Organisation.Kind.KINDERGARTEN:
        assert "директор" not in text.lower()


def run_sizes(cell) -> set[float]:
    return {run.font.size.pt for paragraph in cell.paragraphs for run in paragraph.runs if run.text.strip()}


def test_a_table_has_the_size_of_its_template_not_twelve_points(organisation):
    """The stylesheet of the PDF sets the municipality's indicators in 9.5 pt, their heads in 8.5 pt: the
    thirteen narrow columns of 12 pt broke their words in Word."""
    indicators = word("municipality-report", organisation, {"year": 2025}).tables[0]
    assert run_sizes(indicators.rows[0].cells[1]) == {8.5}
    assert run_sizes(indicators.rows[-1].cells[0]) == {9.5}


def test_a_table_too_wide_for_the_page_leaves_its_free_column_the_widest():
    """A roadmap of six columns (178 mm given and the activity free) in an order's portrait appendix: the
    plain scaling left «Содержание» 24 mm, as narrow as «Сроки», and broke «Формирование»."""
    columns = "".join(
        f'<col style="width: {millimetres}mm">' if millimetres else "<col>"
        for millimetres in (14, None, 30, 38, 48, 48)
    )
    head = "".join(f"<th>{name}</th>" for name in ("№", "Содержание", "Сроки", "Отв.", "Результат", "Показ."))
    page = (
        f'<html><body><table class="grid"><colgroup>{columns}</colgroup><thead><tr>{head}</tr></thead>'
        "<tbody><tr><td>1</td><td>Формирование наставнических пар</td><td>Сентябрь</td><td></td><td></td>"
        "<td></td></tr></tbody></table></body></html>"
    )
    table = WordDocument(io.BytesIO(html_to_docx([page]))).tables[0]
    millimetres = [column.width.mm for column in table.columns]
    assert sum(millimetres) == pytest.approx(165, abs=1)  # the text width of a portrait page
    assert millimetres[0] == pytest.approx(14, abs=0.5)
    assert millimetres[1] == max(millimetres) and millimetres[1] > 40
    assert millimetres[2] > 25


def test_a_new_page_after_a_table_starts_with_its_heading_not_with_a_break_paragraph():
    """A page break of its own after the table's trailing paragraph made a blank page when the table ended
    at the foot of a page (the final report, a draft order): the next paragraph starts the page instead."""
    page = (
        '<html><body><table class="grid"><tr><td>1</td><td>Встреча</td></tr></table>'
        '<h2 class="section new-page">2. Материалы общих встреч</h2><div class="new-page"></div>'
        '<p class="appendix-ref">Приложение</p></body></html>'
    )
    document = WordDocument(io.BytesIO(html_to_docx([page, "<html><body><p>Вторая</p></body></html>"])))
    assert not document.element.body.xpath(".//w:br[@w:type='page']")
    heading, appendix, second = (
        next(paragraph for paragraph in document.paragraphs if paragraph.text == text)
        for text in ("2. Материалы общих встреч", "Приложение", "Вторая")
    )
    assert heading.paragraph_format.page_break_before and appendix.paragraph_format.page_break_before
    assert second.paragraph_format.page_break_before
    assert heading._p.getprevious().tag.endswith("}tbl")  # no empty paragraph between


def test_every_row_of_a_table_is_kept_on_one_page_and_only_the_head_repeats(organisation):
    table = word("municipality-report", organisation, {"year": 2025}).tables[0]
    header_rows = len(table._tbl.xpath("./w:tr[w:trPr/w:tblHeader]"))
    assert 0 < header_rows < len(table.rows)
    for row in table.rows:
        assert row._tr.xpath("./w:trPr/w:cantSplit"), row.cells[0].text
    assert table._tbl.xpath("./w:tr[last()]/w:trPr/w:tblHeader") == []


def test_the_percent_and_number_signs_never_wrap_alone():
    """«92,9 %» and «школа № 23» kept their plain space in Word: the sign wrapped alone onto the next line.
    The HTML keeps it (the PDF breaks no such line); the Word writer joins them with a no-break space."""
    page = (
        '<html><body><p>Доля наставников 92,9 % и <b>45</b> %.</p><table class="grid"><tr><td>школа № 23</td>'
        '<td>№ <b>7</b></td></tr></table><table class="line"><tr><td>от 01.09.2025</td><td>№ 45</td></tr>'
        "</table></body></html>"
    )
    document = WordDocument(io.BytesIO(html_to_docx([page])))
    texts = [paragraph.text for paragraph in document.paragraphs if paragraph.text]
    assert texts[0] == "Доля наставников 92,9\u00a0% и 45\u00a0%."
    assert texts[1].endswith("№\u00a045")
    cells = document.tables[0].rows[0].cells
    assert [cell.text for cell in cells] == ["школа №\u00a023", "№\u00a07"]


def test_the_dated_signature_lines_of_a_plan_stay_on_one_line(as_user, organisation, plan_of_named_pair):
    """«Наставник ____ Петрова Е.И. «___» _____ 20___ г.»: the date was cut, «20___ г.» on the next line."""
    response = as_user("curator").get(
        f"/o/{organisation.slug}/documents/pair-plan/{plan_of_named_pair.pair.pk}/docx/"
    )
    document = WordDocument(io.BytesIO(response.content))
    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    lines = [paragraph for paragraph in document.paragraphs if "20___" in paragraph.text]
    assert len(lines) == 3  # the mentor, the mentee, the curator
    for line in lines:
        position, sign, name, date = line.text.split("\t")
        assert date == "«___»\u00a0_________\u00a020___\u00a0г." and " " not in name
        size = line.runs[0].font.size.pt
        assert size == 12  # the plan's `.signatures .signature td`
        stops = [stop.position for stop in line.paragraph_format.tab_stops]
        # The name (0.55 em a letter, generous) ends before the date right-aligned at the margin begins.
        assert stops[1] + Pt(size) * 0.55 * len(name) < width - Pt(size) * 0.55 * len(date)


def test_a_landscape_appendix_of_a_portrait_order_is_a_landscape_section_of_its_own():
    """An order's roadmap appendix prints landscape in the PDF (`.appendix-landscape`): in Word it is a
    section of its own on a landscape page, the text after it back on a portrait one; a portrait appendix
    stays put."""
    order = "<p>Приказываю утвердить дорожную карту.</p>"
    appendix = '<div class="appendix-landscape"><p class="appendix-ref">Приложение</p>'
    appendix += '<table class="grid"><tr><td>1</td><td>Формирование наставнических пар</td></tr>'
    appendix += "</table></div>"
    document = WordDocument(
        io.BytesIO(html_to_docx([f"<html><body>{order}{appendix}<p>Лист ознакомления</p></body></html>"]))
    )
    orientations = [(section.orientation, round(section.page_width.mm)) for section in document.sections]
    assert orientations == [
        (WD_ORIENT.PORTRAIT, 210),
        (WD_ORIENT.LANDSCAPE, 297),
        (WD_ORIENT.PORTRAIT, 210),
    ]
    assert sum(column.width.mm for column in document.tables[0].columns) > 200  # the landscape text width
    # Ending with the appendix leaves no empty portrait section behind.
    ending = WordDocument(io.BytesIO(html_to_docx([f"<html><body>{order}{appendix}</body></html>"])))
    assert [section.orientation for section in ending.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    portrait = appendix.replace('"appendix-landscape"', '"appendix-landscape portrait"')
    kept = WordDocument(io.BytesIO(html_to_docx([f"<html><body>{order}{portrait}</body></html>"])))
    assert len(kept.sections) == 1


def test_only_a_register_row_that_fits_a_page_is_kept_whole():
    """Word cuts a row that may not break and is taller than a page: the parties of a group's agreement
    (a layout table) and a register row of many paragraphs stay free to break, as in the PDF."""
    tall = "".join(f"<p>Наставляемый {number}</p>" for number in range(30))
    page = (
        f'<html><body><table class="parties"><tr><td>{tall}</td><td>Наставник</td></tr></table>'
        f'<table class="grid"><tr><td>1</td><td>{tall}</td></tr><tr><td>2</td><td>Коротко</td></tr></table>'
        "</body></html>"
    )
    document = WordDocument(io.BytesIO(html_to_docx([page])))
    parties, grid = document.tables
    assert not parties.rows[0]._tr.xpath("./w:trPr/w:cantSplit")
    assert not grid.rows[0]._tr.xpath("./w:trPr/w:cantSplit")
    assert grid.rows[1]._tr.xpath("./w:trPr/w:cantSplit")


def test_a_portrait_appendix_starts_its_own_page():
    page = (
        '<html><body><p>Приказываю.</p><div class="appendix-landscape portrait">'
        '<p class="appendix-ref">Приложение</p></div></body></html>'
    )
    document = WordDocument(io.BytesIO(html_to_docx([page])))
    appendix = next(paragraph for paragraph in document.paragraphs if paragraph.text == "Приложение")
    assert appendix.paragraph_format.page_break_before and len(document.sections) == 1


def test_file_names_of_event_documents_tell_the_events_apart(organisation):
    """Two registration sheets or two minutes downloaded on one day are told apart by the event's day (and
    the minutes by their number); a long name is cut well within a file system's 255 bytes."""
    from reports.council.documents import CouncilMinutesDocument
    from reports.documents.programme import EventRegistrationDocument

    first, second = make_event(organisation, [], days=-14), make_event(organisation, [], days=-7)
    names = {
        EventRegistrationDocument.filename(organisation, {"event": event.pk}) for event in (first, second)
    }
    assert len(names) == 2 and all(name.startswith("Лист регистрации, ") for name in names)
    assert f"{timezone.localtime(second.starts_at):%d.%m.%Y}" in "".join(names)
    organisation.short_name = "Школа " * 60
    name = CouncilMinutesDocument.filename(organisation, {"event": first.pk})
    assert name.startswith("Протокол педагогического совета, ") and len(name.encode()) < 255

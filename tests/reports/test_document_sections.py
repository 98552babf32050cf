"""The organisation's own text of the sections of the Положение and the Программа (issue #16): the standard
texts, saving, resetting and refusing a text, the pages, and the PDF and Word copy made from the sections."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document as WordDocument

from mentoring.models import Role
from mentoring.organisations.models import AuditEntry
from mentoring.programme import labour
from reports.documents import foundation, registry, sections
from reports.documents import services as document_services
from reports.models import DocumentSectionWording
from tests.conftest import make_person
from tests.reports.pdftools import has_text, pdftotext

pytestmark = pytest.mark.django_db

OWN = "Наставничество в {{ organisation }} ведёт куратор: {{ curators }}.\nФормы: {{ forms }}."


def save(organisation, personas, text=OWN, document="regulation", section="general"):
    return document_services.document_section_save(
        organisation=organisation,
        actor=personas["curator"].user,
        document=document,
        section=section,
        text=text,
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def word_text(data: bytes) -> str:
    document = WordDocument(io.BytesIO(data))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join(paragraphs + cells).split())


class TestStandardTexts:
    @pytest.mark.parametrize("document", sections.documents())
    def test_every_standard_text_is_valid_and_fills(self, organisation, document):
        values = foundation.section_values(organisation, document)
        for key in sections.section_keys(document):
            text = sections.default_text(document, key)
            assert sections.check_text(text, values=values) == text
            paragraphs = sections.fill(text, values, 1)
            assert paragraphs and paragraphs[0].startswith("1.1. ")

    def test_points_are_numbered_and_dashes_are_list_items(self):
        assert sections.fill("Первый.\n\n— пункт списка\nВторой.", {}, 3) == [
            "3.1. Первый.",
            "— пункт списка",
            "3.2. Второй.",
        ]

    def test_the_data_fills_the_placeholders(self, organisation, personas, pair_factory):
        pair_factory()
        values = foundation.section_values(organisation, "regulation")
        assert "«учитель – учитель»" in values["forms"]
        assert personas["curator"].full_name in values["curators"]
        assert values["organisation"] == organisation.short_name


class TestSaveAndReset:
    def test_own_text_is_used_then_reset(self, organisation, personas, pair_factory):
        pair_factory()
        wording = save(organisation, personas)
        assert wording.updated_by == personas["curator"].user
        context = registry.get("regulation").context(organisation, {})
        general = context["sections"][0]
        assert general.own == wording
        assert general.paragraphs[0] == (
            f"1.1. Наставничество в {organisation.short_name} ведёт куратор: "
            f"{sections.values_of(context)['curators']}."
        )
        assert general.paragraphs[1] == "1.2. Формы: «учитель – учитель»."
        # The other sections and the other document keep the standard text.
        assert context["sections"][1].own is None
        assert registry.get("programme").context(organisation, {})["sections"][0].own is None
        assert AuditEntry.objects.filter(action="document_section.saved", organisation=organisation).exists()

        document_services.document_section_reset(
            organisation=organisation,
            actor=personas["curator"].user,
            document="regulation",
            section="general",
        )
        assert not DocumentSectionWording.objects.exists()
        assert AuditEntry.objects.filter(action="document_section.reset").count() == 1
        again = registry.get("regulation").context(organisation, {})["sections"][0]
        assert again.own is None and "Настоящее Положение определяет" in again.paragraphs[0]

    def test_saving_again_changes_the_one_row(self, organisation, personas):
        save(organisation, personas)
        save(organisation, personas, text="Иной текст {{ year }}.")
        assert DocumentSectionWording.objects.get().text == "Иной текст {{ year }}."
        assert AuditEntry.objects.filter(action="document_section.saved").count() == 2

    def test_resetting_a_standard_section_leaves_no_entry(self, organisation):
        document_services.document_section_reset(
            organisation=organisation, actor=None, document="programme", section="goals"
        )
        assert not AuditEntry.objects.filter(action="document_section.reset").exists()

    def test_the_data_follows_an_edited_text(self, organisation, personas):
        save(organisation, personas, text="Куратор: {{ curators }}.")
        late = make_person(organisation, roles=[Role.CURATOR], last_name="Яковлева", position="Методист")
        context = registry.get("regulation").context(organisation, {})
        assert (
            "Яковлева" in context["sections"][0].paragraphs[0]
            and late.position.lower() in (context["sections"][0].paragraphs[0])
        )

    @pytest.mark.parametrize(
        "text,message",
        [
            ("", "пустым"),
            ("   \n  ", "пустым"),
            ("Текст {% if curators %}без конца", "ошибка"),
            ("{{ organisation|nofilter }}", "ошибка"),
            ("Директор {{ headmaster }}.", "Неизвестная подстановка {{ headmaster }}"),
            ("{% if secret %}да{% endif %}", "Неизвестная подстановка {{ secret }}"),
            ("{{ organisation.pk }}", None),
            ("{% include 'base.html' %}", "не поддерживается"),
            ("{% now 'Y' %}", "не поддерживается"),
            ("{% load static %}", "ошибка"),
            ("{% for x in forms %}{{ y }}{% endfor %}", "Неизвестная подстановка {{ y }}"),
            ("я" * 100_000, "слишком длинный"),
        ],
    )
    def test_bad_text_is_refused_and_nothing_is_kept(self, organisation, personas, text, message):
        if message is None:  # an attribute of a known name is still the known name: allowed
            save(organisation, personas, text=text)
            return
        with pytest.raises(ValidationError, match=message):
            save(organisation, personas, text=text)
        assert not DocumentSectionWording.objects.exists()
        assert not AuditEntry.objects.filter(action="document_section.saved").exists()

    def test_a_bad_text_keeps_the_old_own_text(self, organisation, personas):
        save(organisation, personas)
        with pytest.raises(ValidationError):
            save(organisation, personas, text="{{ nope }}")
        assert DocumentSectionWording.objects.get().text == OWN

    @pytest.mark.parametrize("document,section", [("order", "general"), ("regulation", "nonsense")])
    def test_unknown_document_or_section(self, organisation, personas, document, section):
        with pytest.raises(ValidationError):
            save(organisation, personas, document=document, section=section)
        assert not DocumentSectionWording.objects.exists()

    def test_a_loop_variable_is_known_inside_its_loop(self, organisation, personas):
        save(
            organisation,
            personas,
            text="{% for letter in year %}{{ letter }}{{ forloop.counter }}{% endfor %}",
        )
        assert DocumentSectionWording.objects.exists()


class TestPages:
    def url(self, organisation, document="regulation", section=None):
        base = f"/o/{organisation.slug}/documents/{document}/text/"
        return base + f"{section}/" if section else base

    def test_the_index_links_the_text_and_the_word_copy(self, as_user, organisation):
        page = as_user("curator").get(f"/o/{organisation.slug}/documents/").content.decode()
        assert self.url(organisation) in page and self.url(organisation, "programme") in page
        assert f"/o/{organisation.slug}/documents/regulation/docx/" in page
        assert "Изменить текст" in page

    def test_the_document_page_lists_the_sections(self, as_user, organisation, personas):
        save(organisation, personas)
        page = as_user("director").get(self.url(organisation)).content.decode()
        assert "1. Общие положения" in page and "8. Заключительные положения" in page
        assert "свой текст" in page and f"1.1. Наставничество в {organisation.short_name}" in page

    def test_preview_save_and_reset(self, as_user, organisation):
        client = as_user("director")
        url = self.url(organisation, section="general")
        page = client.get(url).content.decode()
        assert "Стандартный текст." in page and "{{ organisation }}" in page and "Настоящее Положение" in page
        text = "Новый пункт для {{ organisation }}."
        preview = client.post(url, {"text": text, "action": "preview"}).content.decode()
        assert f"1.1. Новый пункт для {organisation.short_name}." in preview
        assert "ещё не сохранён" in preview and not DocumentSectionWording.objects.exists()
        assert client.post(url, {"text": text, "action": "save"}).status_code == 302
        assert DocumentSectionWording.objects.get().text == text
        assert "Вернуть стандартный текст" in client.get(url).content.decode()
        assert client.post(url, {"action": "reset"}).status_code == 302
        assert not DocumentSectionWording.objects.exists()
        actions = AuditEntry.objects.filter(action__startswith="document_section.").values_list(
            "action", flat=True
        )
        assert sorted(actions) == ["document_section.reset", "document_section.saved"]

    @pytest.mark.parametrize(
        "text,message",
        [
            ("Директор {{ headmaster }}.", "Неизвестная подстановка"),
            ("{% if %}", "ошибка в подстановке"),
            ("", "не может быть пустым"),
            ("я" * 100_000, "не более 20000 символов"),
        ],
    )
    @pytest.mark.parametrize("action", ["save", "preview"])
    def test_bad_input_gets_a_russian_message(self, as_user, organisation, text, message, action):
        response = as_user("curator").post(
            self.url(organisation, section="goals"), {"text": text, "action": action}
        )
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not DocumentSectionWording.objects.exists()

    def test_read_only_roles_see_but_do_not_change(self, as_user, organisation):
        url = self.url(organisation, "programme", "stages")
        client = as_user("psychologist")
        page = client.get(url).content.decode()
        assert "Подготовка условий" in page and "Сохранить свой текст" not in page and "disabled" in page
        assert client.post(url, {"text": "Чужой текст.", "action": "save"}).status_code == 403
        coordinator = as_user("coordinator")
        assert coordinator.get(url).status_code == 200
        assert coordinator.post(url, {"action": "reset"}).status_code == 403
        assert as_user("teacher").get(url).status_code == 403
        assert not DocumentSectionWording.objects.exists()

    def test_outsiders_and_unknown_sections_get_404(self, as_user, organisation):
        assert as_user("outsider").get(self.url(organisation)).status_code == 404
        assert as_user("neighbour").get(self.url(organisation, section="general")).status_code == 404
        assert as_user("curator").get(self.url(organisation, "order")).status_code == 404
        assert as_user("curator").get(self.url(organisation, section="nonsense")).status_code == 404
        assert (
            as_user("curator").post(self.url(organisation, section="nonsense"), {"text": "x"}).status_code
            == 404
        )


class TestFilesUseTheSections:
    TEXT = "Наставники {{ organisation }} встречаются с наставляемыми еженедельно по средам."

    @pytest.mark.real_pdf
    def test_the_pdf_has_the_edited_text(self, as_user, organisation, personas, pair_factory):
        pair_factory()
        save(organisation, personas, text=self.TEXT, section="monitoring")
        save(organisation, personas, text="Программа {{ organisation }} — по средам.", document="programme")
        client = as_user("curator")
        regulation = pdftotext(body(client.get(f"/o/{organisation.slug}/documents/regulation/pdf/")))
        expected = (
            f"6.1. Наставники {organisation.short_name} встречаются с наставляемыми еженедельно по средам."
        )
        assert has_text(regulation, expected)
        assert not has_text(regulation, "Мониторинг включает входную")
        assert has_text(regulation, "7. Поощрение наставников") and has_text(
            regulation, "«учитель – учитель»"
        )
        programme = pdftotext(body(client.get(f"/o/{organisation.slug}/documents/programme/pdf/")))
        assert has_text(programme, f"1.1. Программа {organisation.short_name} — по средам.")
        assert has_text(programme, "4. Этапы реализации")

    def test_the_word_copy_has_the_edited_text(self, as_user, organisation, personas):
        labour.programme_settings_update(
            organisation=organisation, actor=None, audience="teachers", payment_kind="none"
        )
        save(organisation, personas, text=self.TEXT, section="monitoring")
        response = as_user("curator").get(f"/o/{organisation.slug}/documents/regulation/docx/")
        assert response.status_code == 200
        text = word_text(body(response))
        assert (
            f"6.1. Наставники {organisation.short_name} встречаются с наставляемыми еженедельно по средам."
            in text
        )
        assert "Мониторинг включает входную" not in text
        assert "5. Наставничество работников и его оплата" in text


def test_the_document_page_queries_do_not_grow_with_own_sections(as_user, organisation, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user("curator")
    url = f"/o/{organisation.slug}/documents/regulation/text/"
    client.get(url)
    with CaptureQueriesContext(connection) as standard:
        client.get(url)
    for section in ("general", "goals", "forms"):
        save(organisation, personas, text=f"Свой текст раздела {section}.", section=section)
    with CaptureQueriesContext(connection) as own:
        assert "Свой текст раздела goals." in client.get(url).content.decode()
    assert len(own) == len(standard)

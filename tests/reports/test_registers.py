"""The programme's registers (issue #16): the register of potential mentors, the mentors' training schedule
and the list of partner organisations, each as PDF and as a Word copy, approved by the director."""

import datetime
import io

import pytest
from docx import Document as WordDocument

from common import dates
from mentoring.models import Competency, Consent, MentorProfile, Partner
from tests.conftest import make_person
from tests.reports.pdftools import has_text, pdf_text

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _word_text(data: bytes) -> str:
    document = WordDocument(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join([paragraph.text for paragraph in document.paragraphs] + cells)


@pytest.fixture
def mentor_base(organisation, foreign_organisation):
    today = dates.today(organisation)
    trained = make_person(
        organisation, last_name="Орлова", first_name="Вера", patronymic="Ильинична", position="учитель химии"
    )
    trained.teaching_experience = 22
    trained.save()
    profile = MentorProfile.objects.create(
        organisation=organisation,
        person=trained,
        status=MentorProfile.Status.READY,
        training_course="Наставничество в образовательной организации",
        training_date=today - datetime.timedelta(days=10),
        training_hours=36,
    )
    profile.competencies.add(Competency.objects.create(name="Подготовка к ОГЭ"))
    Consent.objects.create(
        organisation=organisation,
        person=trained,
        given_on=today - datetime.timedelta(days=30),
        text_version="1",
    )
    untrained = make_person(organisation, last_name="Зуев", first_name="Пётр", patronymic="Олегович")
    MentorProfile.objects.create(organisation=organisation, person=untrained)
    archived = make_person(organisation, last_name="Архивов", first_name="Иван", patronymic="Иванович")
    MentorProfile.objects.create(
        organisation=organisation, person=archived, status=MentorProfile.Status.ARCHIVED
    )
    stranger = make_person(foreign_organisation, last_name="Чужаков", first_name="Олег")
    MentorProfile.objects.create(organisation=foreign_organisation, person=stranger)
    Partner.objects.create(
        organisation=organisation,
        name="ГАУ ДПО «Институт развития образования»",
        agreement_number="17-С",
        agreement_date=datetime.date(2025, 9, 15),
        contact_person="Кравцова Н. В.",
        phone="+7 4242 00-00-00",
        notes="Курсы повышения квалификации наставников.",
    )
    Partner.objects.create(organisation=foreign_organisation, name="Чужой партнёр")
    return profile


@pytest.mark.real_pdf
def test_register_of_potential_mentors(as_user, organisation, mentor_base):
    response = as_user("curator").get(f"/o/{organisation.slug}/documents/mentor-register/pdf/")
    assert response.status_code == 200
    text = pdf_text(_body(response))
    assert has_text(text, "УТВЕРЖДАЮ") and has_text(text, "РЕЕСТР")
    assert has_text(text, "Орлова Вера Ильинична") and has_text(text, "Подготовка к ОГЭ")
    assert has_text(text, "22 года") and has_text(text, "36 ч")
    assert has_text(text, "Зуев Пётр Олегович") and has_text(text, "не пройдено")
    assert "Архивов" not in text and "Чужаков" not in text
    assert has_text(text, "Всего в реестре: 2.")


@pytest.mark.real_pdf
def test_training_schedule(as_user, organisation, mentor_base):
    response = as_user("curator").get(f"/o/{organisation.slug}/documents/mentor-training/pdf/")
    text = pdf_text(_body(response))
    assert has_text(text, "ГРАФИК") and has_text(text, "обучения наставников")
    assert has_text(text, mentor_base.training_date.strftime("%d.%m.%Y")) and has_text(text, "пройдено")
    assert has_text(text, "Зуев Пётр Олегович") and has_text(text, "по согласованию")
    assert "Чужаков" not in text


@pytest.mark.real_pdf
def test_list_of_partners(as_user, organisation, mentor_base):
    response = as_user("curator").get(f"/o/{organisation.slug}/documents/partners/pdf/")
    text = pdf_text(_body(response))
    assert has_text(text, "ПЕРЕЧЕНЬ") and has_text(text, "Институт развития образования")
    assert has_text(text, "от 15.09.2025 № 17-С") and "Чужой партнёр" not in text


@pytest.mark.parametrize("key", ["mentor-register", "mentor-training", "partners"])
def test_word_copies_hold_the_same_rows(as_user, organisation, mentor_base, key):
    response = as_user("curator").get(f"/o/{organisation.slug}/documents/{key}/docx/")
    assert response.status_code == 200
    text = _word_text(_body(response))
    assert "УТВЕРЖДАЮ" in text and "Чужаков" not in text and "Чужой партнёр" not in text
    if key == "partners":
        assert "Институт развития образования" in text
    else:
        assert "Орлова Вера Ильинична" in text and "Зуев Пётр Олегович" in text


@pytest.mark.parametrize("key", ["mentor-register", "mentor-training", "partners"])
def test_only_those_who_run_the_programme(as_user, organisation, foreign_organisation, mentor_base, key):
    assert as_user("teacher").get(f"/o/{organisation.slug}/documents/{key}/pdf/").status_code == 403
    assert as_user("director").get(f"/o/{organisation.slug}/documents/{key}/pdf/").status_code == 200
    assert as_user("curator").get(f"/o/{foreign_organisation.slug}/documents/{key}/pdf/").status_code == 404


def test_the_documents_page_offers_them(as_user, organisation):
    page = as_user("curator").get(f"/o/{organisation.slug}/documents/").content.decode()
    for key in ["mentor-register", "mentor-training", "partners"]:
        assert f'data-testid="{key}-pdf"' in page and f'data-testid="{key}-docx"' in page


def test_empty_registers_say_so(as_user, organisation):
    response = as_user("curator").get(f"/o/{organisation.slug}/documents/partners/docx/")
    assert "Организации-партнёры пока не внесены." in _word_text(_body(response))

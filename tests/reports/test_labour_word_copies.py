"""The papers of ст. 351.8 ТК РФ in Word, read back with python-docx as a secretary reads them: the consent is
addressed in the right half of the page, to the head in the dative, from the mentor in the genitive, with a
line to sign on; the agreement names the head in the genitive and agrees «действующего/действующей»."""

from __future__ import annotations

import io

import pytest
from docx import Document as WordDocument

from mentoring.models import Role
from mentoring.organisations.declension import person_name
from tests.conftest import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(organisation):
    """The kindergarten's head: «Заведующий», a woman (the test organisation's own director has no post)."""
    return make_person(
        organisation,
        roles=[Role.DIRECTOR],
        last_name="Аардваркова",  # first by name: the head the documents pick
        first_name="Светлана",
        patronymic="Петровна",
        position="Заведующий",
    )


def paragraphs(response) -> list:
    assert response.status_code == 200, response.status_code
    return WordDocument(io.BytesIO(response.content)).paragraphs


def test_consent_is_addressed_in_the_right_half_and_declined(as_user, organisation, pair_factory, head):
    pair = pair_factory(goal="Адаптация в коллективе")
    mentor = pair.mentor
    document = paragraphs(
        as_user("curator").get(f"/o/{organisation.slug}/documents/mentoring-consent/{pair.pk}/docx/")
    )
    addressee = document[0]
    lines = addressee.text.split("\n")
    short_name = organisation.short_name.replace("№ ", "№\u00a0")  # the Word copy's no-break space
    assert lines[0] == f"Заведующему {short_name}"
    assert lines[1] == "Аардварковой С. П."
    assert lines[2] == f"от {person_name(mentor, 'gent')},"
    assert addressee.paragraph_format.left_indent and addressee.paragraph_format.left_indent.mm > 80
    text = "\n".join(paragraph.text for paragraph in document)
    assert f"наставничества в {short_name}." in text  # not «в Школа № 1 города …»
    signature = next(paragraph.text for paragraph in document if "____________" in paragraph.text)
    assert mentor.last_name in signature


def test_agreement_names_the_head_in_the_genitive(as_user, organisation, pair_factory, head):
    pair = pair_factory(goal="Адаптация в коллективе и методика урока.")
    document = paragraphs(
        as_user("curator").get(f"/o/{organisation.slug}/documents/labour-agreement/{pair.pk}/docx/")
    )
    text = "\n".join(paragraph.text for paragraph in document)
    assert "в лице заведующего Аардварковой Светланы Петровны, действующей на основании Устава" in text
    assert "3. Содержание наставничества: Адаптация в коллективе и методика урока." in text
    assert ".." not in text

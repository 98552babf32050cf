"""The agreement of a group names each mentee once and calls every one of them «Наставляемый», as a contract
with several parties on one side does («именуемые в дальнейшем каждый …»), so its clauses stay in the
singular."""

from __future__ import annotations

import datetime

import pytest

from mentoring.models import Pair, Role
from reports.documents.docx import docx_text
from tests.conftest import make_person
from tests.reports.conftest import make_pair

pytestmark = pytest.mark.django_db


def agreement_text(client, organisation, pair) -> str:
    response = client.get(f"/o/{organisation.slug}/documents/pair-agreement/{pair.pk}/docx/")
    assert response.status_code == 200
    return " ".join(docx_text(response.content).split())


def teacher(organisation, last, first, patronymic):
    return make_person(
        organisation, roles=[Role.TEACHER], last_name=last, first_name=first, patronymic=patronymic
    )


def test_a_group_calls_each_mentee_the_mentee(as_user, organisation):
    group = make_pair(
        organisation,
        mentor=teacher(organisation, "Петрова", "Елена", "Ивановна"),
        mentees=[
            teacher(organisation, "Смирнов", "Дмитрий", "Олегович"),
            teacher(organisation, "Орлова", "Мария", "Сергеевна"),
        ],
        start_date=datetime.date(2025, 9, 15),
        status=Pair.Status.APPROVED,
    )
    text = agreement_text(as_user("curator"), organisation, group)
    assert "именуемые в дальнейшем каждый «Наставляемый»" in text
    assert "именуемые в дальнейшем «Наставляемый»" not in text


def test_one_mentee_agrees_with_her_gender(as_user, organisation):
    pair = make_pair(
        organisation,
        mentor=teacher(organisation, "Петрова", "Елена", "Ивановна"),
        mentees=[teacher(organisation, "Орлова", "Мария", "Сергеевна")],
        start_date=datetime.date(2025, 9, 15),
        status=Pair.Status.APPROVED,
    )
    text = agreement_text(as_user("curator"), organisation, pair)
    assert "Орлова Мария Сергеевна, учитель, именуемая в дальнейшем «Наставляемый»" in text
    assert "каждый «Наставляемый»" not in text

"""The answers of a questionnaire as a secretary opens them: the answers sheet prints on landscape pages with
its header repeated; the second sheet lists the questions by their codes and nothing else."""

import io

import pytest
from openpyxl import load_workbook

from surveys import export, services

from .conftest import SCALE, TEXT, TODAY, opened


@pytest.mark.django_db
def test_answers_print_landscape_and_the_legend_holds_only_the_questions(organisation, programme):
    questionnaire = opened(organisation, [SCALE, TEXT], is_anonymous=False)
    invitation = questionnaire.invitations.get(person=programme["mentees"][0])
    services.response_submit(
        invitation=invitation, raw={"S1": "7", "T1": "Всё хорошо"}, actor=None, today=TODAY
    )
    answers, legend = load_workbook(io.BytesIO(export.responses_xlsx(questionnaire))).worksheets
    assert [cell.value for cell in answers[1]][:4] == ["№", "Роль", "Участник", "Отправлено"]
    assert answers.page_setup.orientation == "landscape" and answers.page_setup.fitToWidth == 1
    assert answers.print_title_rows == "$1:$1"
    codes = [row[0] for row in legend.iter_rows(min_row=2, values_only=True)]
    assert codes[:2] == ["S1", "T1"]
    assert not {"N", "ROLE", "PERSON", "SUBMITTED"} & set(codes)

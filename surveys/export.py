"""The responses of a questionnaire as .xlsx: one row per response under Russian headers (the question texts),
printed landscape; the questions by their codes on a second sheet."""

from __future__ import annotations

from django.utils.translation import gettext as _

from common import xlsx

from . import selectors
from .models import Question, Questionnaire

# The kind of an answer column by its question's type; everything else is text.
ANSWER_KINDS: dict[str, xlsx.Kind] = {
    Question.Type.SCALE: xlsx.Kind.NUMBER,
    Question.Type.MATRIX: xlsx.Kind.NUMBER,
    Question.Type.NUMBER: xlsx.Kind.NUMBER,
    Question.Type.DATE: xlsx.Kind.DATE,
}
HEAD_KINDS: dict[str, xlsx.Kind] = {"N": xlsx.Kind.NUMBER, "SUBMITTED": xlsx.Kind.DATETIME}


def responses_xlsx(questionnaire: Questionnaire) -> bytes:
    codes, titles, types, rows = selectors.export_rows(questionnaire)
    columns = [
        xlsx.Column(
            title,
            HEAD_KINDS.get(code, xlsx.Kind.TEXT) if kind is None else ANSWER_KINDS.get(kind, xlsx.Kind.TEXT),
            width=None if kind is None else 24,
            wrap=kind is not None,
        )
        for code, title, kind in zip(codes, titles, types, strict=True)
    ]
    # A column per question, fitted to the width of a landscape page with the header on every page.
    answers = xlsx.Sheet(title=_("Ответы"), columns=columns, rows=rows, print_setup=True)
    # The questions by their codes; the leading columns (№, role, participant, time) are no questions and
    # their internal codes (N, ROLE...) are nobody's business.
    questions = [
        (code, title) for code, title, kind in zip(codes, titles, types, strict=True) if kind is not None
    ]
    legend = xlsx.Sheet(
        title=_("Вопросы"),
        columns=[xlsx.Column(_("Код")), xlsx.Column(_("Вопрос"), width=80, wrap=True)],
        rows=[
            *questions,
            (None, None),
            (_("Анкета"), questionnaire.title),
            (_("Ответы"), _("анонимные") if questionnaire.is_anonymous else _("именные")),
        ],
    )
    return xlsx.render(answers, legend)

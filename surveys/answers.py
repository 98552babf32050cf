"""Reading and checking answers, one function per question type, with Russian messages.

The form posts strings; `raw_from_post` gathers them per question code (a string, or a list of strings for
multiple choice, matrix rows and ranked people). `clean_answers` turns them into the stored JSON value of
each type, or reports what is wrong. The service calls it again on submission, so nothing reaches the
database unchecked whatever the browser sent.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from .models import Question

SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 5000
DEFAULT_PEOPLE_CHOICES = 3
NUMBER_LIMIT = Decimal("1e12")


class AnswerError(ValueError):
    """A message for the respondent."""


def people_slots(question: Question) -> int:
    return question.max_choices or DEFAULT_PEOPLE_CHOICES


def field_names(question: Question) -> list[str]:
    """The names of the inputs a question posts."""
    if question.type == Question.Type.MATRIX:
        return [f"{question.code}__{index}" for index in range(1, len(question.statements) + 1)]
    if question.type == Question.Type.PEOPLE:
        return [f"{question.code}__{rank}" for rank in range(1, people_slots(question) + 1)]
    return [question.code]


def raw_from_post(questions: Iterable[Question], data) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for question in questions:
        if question.type == Question.Type.MULTIPLE:
            raw[question.code] = [item for item in data.getlist(question.code) if item]
        elif question.type in {Question.Type.MATRIX, Question.Type.PEOPLE}:
            raw[question.code] = [data.get(name, "").strip() for name in field_names(question)]
        else:
            raw[question.code] = data.get(question.code, "").strip()
    return raw


def _is_empty(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | tuple):
        return all(_is_empty(item) for item in raw)
    return False


def _as_text(raw: Any) -> str:
    if not isinstance(raw, str):
        raise AnswerError(_("Ответ не распознан."))
    return raw.strip()


def _clean_single(question: Question, raw: Any) -> str:
    value = _as_text(raw)
    if value not in question.options:
        raise AnswerError(_("Выберите один из предложенных вариантов."))
    return value


def _clean_multiple(question: Question, raw: Any) -> list[str]:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list | tuple) or any(not isinstance(item, str) for item in raw):
        raise AnswerError(_("Ответ не распознан."))
    chosen = list(dict.fromkeys(item.strip() for item in raw if item.strip()))
    if any(item not in question.options for item in chosen):
        raise AnswerError(_("Выберите варианты из предложенных."))
    if question.max_choices and len(chosen) > question.max_choices:
        raise AnswerError(_("Можно выбрать не больше %(count)s.") % {"count": question.max_choices})
    # Stored in the order of the options, whatever order the browser sent.
    return [option for option in question.options if option in chosen]


def _scale_point(question: Question, raw: Any) -> int:
    text = _as_text(raw) if not isinstance(raw, int) else str(raw)
    try:
        value = int(text)
    except ValueError:
        raise AnswerError(_("Выберите значение на шкале.")) from None
    if not question.scale_min <= value <= question.scale_max:
        raise AnswerError(
            _("Выберите значение от %(min)s до %(max)s.")
            % {"min": question.scale_min, "max": question.scale_max}
        )
    return value


def _clean_matrix(question: Question, raw: Any, *, partial: bool) -> list[int | None]:
    if not isinstance(raw, list | tuple) or len(raw) != len(question.statements):
        raise AnswerError(_("Ответ не распознан."))
    values: list[int | None] = []
    missing = 0
    for item in raw:
        if _is_empty(item):
            values.append(None)
            missing += 1
        else:
            values.append(_scale_point(question, item))
    if missing and question.required and not partial:
        raise AnswerError(_("Оцените каждое утверждение (не оценено: %(count)s).") % {"count": missing})
    return values


def _clean_short_text(question: Question, raw: Any) -> str:
    value = _as_text(raw)
    if len(value) > SHORT_TEXT_MAX:
        raise AnswerError(_("Не длиннее %(count)s знаков.") % {"count": SHORT_TEXT_MAX})
    return value


def _clean_long_text(question: Question, raw: Any) -> str:
    value = _as_text(raw)
    if len(value) > LONG_TEXT_MAX:
        raise AnswerError(_("Не длиннее %(count)s знаков.") % {"count": LONG_TEXT_MAX})
    return value


def _clean_number(question: Question, raw: Any) -> int | float:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raw = str(raw)
    text = _as_text(raw).replace(" ", "").replace("\u00a0", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise AnswerError(_("Введите число, например 12 или 3,5.")) from None
    if not number.is_finite() or abs(number) >= NUMBER_LIMIT:
        raise AnswerError(_("Введите число, например 12 или 3,5."))
    if number == number.to_integral_value():
        return int(number)
    value = float(number)
    if math.isnan(value):
        raise AnswerError(_("Введите число, например 12 или 3,5."))
    return value


def _clean_date(question: Question, raw: Any) -> str:
    text = _as_text(raw)
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            value = datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if not 1900 <= value.year <= 2100:
            break
        return value.isoformat()
    raise AnswerError(_("Введите дату в виде ДД.ММ.ГГГГ."))


def _clean_people(question: Question, raw: Any, *, allowed_people: set[int] | None) -> list[int]:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list | tuple):
        raise AnswerError(_("Ответ не распознан."))
    chosen: list[int] = []
    for item in raw:
        if _is_empty(item):
            continue
        try:
            person_id = int(str(item).strip())
        except ValueError:
            raise AnswerError(_("Выберите людей из списка.")) from None
        if allowed_people is not None and person_id not in allowed_people:
            raise AnswerError(_("Выберите людей из списка."))
        if person_id in chosen:
            raise AnswerError(_("Один и тот же человек выбран дважды."))
        chosen.append(person_id)
    if len(chosen) > people_slots(question):
        raise AnswerError(_("Можно выбрать не больше %(count)s.") % {"count": people_slots(question)})
    return chosen


def clean_value(
    question: Question, raw: Any, *, partial: bool = False, allowed_people: set[int] | None = None
) -> Any:
    """The stored value for one question, None when unanswered; raises AnswerError."""
    if _is_empty(raw):
        if question.required and not partial:
            raise AnswerError(_("Ответьте на этот вопрос."))
        return None
    kind = Question.Type
    if question.type == kind.SINGLE:
        return _clean_single(question, raw)
    if question.type == kind.MULTIPLE:
        return _clean_multiple(question, raw)
    if question.type == kind.SCALE:
        return _scale_point(question, raw)
    if question.type == kind.MATRIX:
        return _clean_matrix(question, raw, partial=partial)
    if question.type == kind.SHORT_TEXT:
        return _clean_short_text(question, raw)
    if question.type == kind.LONG_TEXT:
        return _clean_long_text(question, raw)
    if question.type == kind.NUMBER:
        return _clean_number(question, raw)
    if question.type == kind.DATE:
        return _clean_date(question, raw)
    if question.type == kind.PEOPLE:
        return _clean_people(question, raw, allowed_people=allowed_people)
    raise AnswerError(_("Неизвестный тип вопроса."))


def clean_answers(
    questions: Iterable[Question],
    raw: Mapping[str, Any],
    *,
    partial: bool = False,
    allowed_people: Mapping[str, set[int]] | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """({code: value} of the answered questions, {code: message} of the wrong ones). `partial` (a draft)
    lets required questions stay empty."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for question in questions:
        try:
            value = clean_value(
                question,
                raw.get(question.code),
                partial=partial,
                allowed_people=(allowed_people or {}).get(question.code),
            )
        except AnswerError as error:
            errors[question.code] = str(error)
            continue
        if value is not None:
            cleaned[question.code] = value
    return cleaned, errors


def value_to_raw(question: Question, value: Any) -> Any:
    """The form's strings for a stored value, to show a submitted response again for editing."""
    if value is None:
        return None
    if question.type == Question.Type.MATRIX:
        return ["" if item is None else str(item) for item in value]
    if question.type == Question.Type.PEOPLE:
        return [str(item) for item in value] + [""] * (people_slots(question) - len(value))
    if question.type == Question.Type.MULTIPLE:
        return list(value)
    return str(value)

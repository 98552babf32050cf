"""Ready questionnaires shipped with the app: `fixtures/survey_templates/<key>.json`.

A template file is a questionnaire in a small format of its own, the same one `questionnaire_spec` writes
when a questionnaire is duplicated:

    {"title": "...", "purpose": "satisfaction", "audience": "mentees", "is_anonymous": false,
     "instructions": "...", "description": "for the list of templates",
     "sections": [{"title": "...", "description": "",
                   "questions": [{"code": "Q01", "type": "scale", "text": "...", "required": true,
                                  "scale": [1, 10, "совсем нет", "полностью"]}, ...]}]}

Question keys: code, type, text, help_text, required, options (single/multiple), statements (matrix),
scale [min, max, min label, max label] (scale/matrix), people_source and max_choices (people, multiple).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Question, Questionnaire

TEMPLATES_DIR = Path(settings.BASE_DIR) / "fixtures" / "survey_templates"


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise ValidationError(message)


def validate_spec(spec: Any) -> dict:
    """Check a questionnaire spec's shape (not its wording); raises ValidationError in Russian."""
    _check(isinstance(spec, dict), _("Шаблон анкеты должен быть объектом."))
    _check(bool(str(spec.get("title", "")).strip()), _("У шаблона нет названия."))
    _check(spec.get("purpose", "other") in Questionnaire.Purpose.values, _("Неизвестное назначение анкеты."))
    _check(
        spec.get("audience", "all_participants") in Questionnaire.Audience.values,
        _("Неизвестная аудитория анкеты."),
    )
    sections = spec.get("sections")
    _check(isinstance(sections, list) and bool(sections), _("В шаблоне нет разделов."))
    codes = set()
    for section in sections:
        _check(isinstance(section, dict) and bool(section.get("title")), _("У раздела нет названия."))
        for question in section.get("questions", []):
            _check(isinstance(question, dict), _("Вопрос шаблона не распознан."))
            _check(question.get("type") in Question.Type.values, _("Неизвестный тип вопроса."))
            code = question.get("code", "")
            _check(bool(code) and code not in codes, _("Код вопроса пуст или повторяется: %s") % code)
            codes.add(code)
            scale = question.get("scale", [1, 10, "", ""])
            _check(isinstance(scale, list) and len(scale) == 4, _("Шкала вопроса %s не распознана.") % code)
    return spec


@lru_cache(maxsize=1)
def _load_all() -> dict[str, dict]:
    templates = {}
    for path in sorted(TEMPLATES_DIR.glob("*.json")):
        with path.open(encoding="utf-8") as handle:
            templates[path.stem] = validate_spec(json.load(handle))
    return templates


def template_list() -> list[dict]:
    return [
        {
            "key": key,
            "title": spec["title"],
            "description": spec.get("description", ""),
            "purpose": Questionnaire.Purpose(spec.get("purpose", "other")).label,
            "question_count": sum(len(section.get("questions", [])) for section in spec["sections"]),
        }
        for key, spec in _load_all().items()
    ]


def template_get(key: str) -> dict | None:
    return _load_all().get(key)

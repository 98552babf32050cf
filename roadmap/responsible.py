"""Who a roadmap's «Ответственный» text names: roles by their words, people by surname and initials."""

from __future__ import annotations

import re
from collections.abc import Iterable

from mentoring.models import Person, Role

_ROLE_WORDS = [
    (Role.CURATOR, r"куратор"),
    (Role.DIRECTOR, r"директор|заведующ|руководител\w* (?:оо|организац|учрежден)"),
    (Role.PSYCHOLOGIST, r"психолог"),
]


def roles_in_text(text: str) -> list[str]:
    lowered = (text or "").lower()
    return [str(code) for code, pattern in _ROLE_WORDS if re.search(pattern, lowered)]


def people_in_text(text: str, people: Iterable[Person]) -> list[Person]:
    """«Н.Ф. Кустова», «Кустова Н.Ф.», «Кустова Наталья Фёдоровна»: only names with initials or in full,
    a bare surname is too ambiguous to link."""
    text = (text or "").replace("ё", "е").replace("Ё", "Е")
    found = []
    for person in people:
        last = re.escape(person.last_name.replace("ё", "е"))
        if not last or not re.search(last, text):
            continue
        first = (person.first_name or "")[:1]
        middle = (person.patronymic or "")[:1]
        initials = rf"{re.escape(first)}\.\s*" + (rf"{re.escape(middle)}\.?\s*" if middle else "")
        patterns = [
            rf"(?<![\w]){initials}{last}(?!\w)",
            rf"(?<![\w]){last}\s+{initials}",
            rf"(?<![\w]){last}\s+{re.escape(person.first_name.replace('ё', 'е'))}",
        ]
        if any(re.search(pattern, text) for pattern in patterns):
            found.append(person)
    return found

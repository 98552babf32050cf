"""Words that agree with a person's gender: «выведен» or «выведена», never «выведен(а)».

Plurals do not live here: they go through the translation catalogue (`ngettext` in Python,
`{% blocktranslate count counter=… %}…{% plural %}…{% endblocktranslate %}` in templates), whose Russian
entries in locale/ru/LC_MESSAGES/django.po carry the three forms (1 пара, 2 пары, 5 пар).

The gender of a person: a `gender` attribute when people have one (the hook: «m» or «f»; the field does not
exist yet), else the patronymic's ending («-вич», «-оглы» / «-вна», «-кызы»), else unknown — and then the
caller's neutral wording, or the masculine one, the grammatical default of Russian.
"""

from __future__ import annotations

MASCULINE, FEMININE = "m", "f"

_MASCULINE_ENDINGS = ("вич", "ич", "оглы", "улы", "уулу")
_FEMININE_ENDINGS = ("вна", "ична", "инична", "кызы", "гызы", "кизи")


def gender_of(person_or_gender: object) -> str | None:
    """«m», «f» or None: from a gender given as such, the person's `gender`, or their patronymic."""
    if person_or_gender in (MASCULINE, FEMININE):
        return str(person_or_gender)
    gender = getattr(person_or_gender, "gender", None)
    if gender in (MASCULINE, FEMININE):
        return str(gender)
    patronymic = str(getattr(person_or_gender, "patronymic", "") or "").strip().lower().replace("ё", "е")
    last = patronymic.split()[-1] if patronymic else ""
    if last.endswith(_FEMININE_ENDINGS):
        return FEMININE
    if last.endswith(_MASCULINE_ENDINGS):
        return MASCULINE
    return None


def gendered(person_or_gender: object, *, masculine: str, feminine: str, neutral: str | None = None) -> str:
    """The wording that agrees with the person: `feminine` for a woman, `masculine` for a man, and for
    someone whose gender cannot be told `neutral` when given, else `masculine`."""
    gender = gender_of(person_or_gender)
    if gender == FEMININE:
        return feminine
    if gender == MASCULINE or neutral is None:
        return masculine
    return neutral

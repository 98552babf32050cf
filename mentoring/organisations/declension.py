"""The one home of Russian declension: people's names and their positions in a grammatical case.

Names go through pytrovich (the rules of the petrovich project: double surnames, «оглы»/«кызы», surnames
that do not decline — Дюма, Шоу, a woman's Ковальчук, Черных, Шевченко), positions through pymorphy3
(«заместитель директора по УВР» → «заместителя директора по УВР»: only the head noun phrase declines, the
tail «директора по УВР» stays). Cases are named as in pymorphy: nomn, gent, datv, accs, ablt, loct.

Both analysers load their dictionaries once, lazily, on first use (module-level caches).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from common.wording import FEMININE, MASCULINE, gender_of

if TYPE_CHECKING:
    from pytrovich.detector import PetrovichGenderDetector
    from pytrovich.maker import PetrovichDeclinationMaker

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


@functools.cache
def _maker() -> PetrovichDeclinationMaker:
    from pytrovich.maker import PetrovichDeclinationMaker

    return PetrovichDeclinationMaker()


@functools.cache
def _detector() -> PetrovichGenderDetector:
    from pytrovich.detector import PetrovichGenderDetector

    return PetrovichGenderDetector()


@functools.cache
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def _check_case(case: str) -> str:
    if case not in CASES:
        raise ValueError(f"unknown case «{case}»: one of {', '.join(CASES)}")
    return case


def _pytrovich_case(case: str) -> Any:
    from pytrovich.enums import Case

    return {
        "nomn": Case.NOMINATIVE,
        "gent": Case.GENITIVE,
        "datv": Case.DATIVE,
        "accs": Case.ACCUSATIVE,
        "ablt": Case.INSTRUMENTAL,
        "loct": Case.PREPOSITIONAL,
    }[_check_case(case)]


# --- Gender ------------------------------------------------------------------------------------------------


def gender_from_patronymic(patronymic: str, *, first_name: str = "") -> str:
    """«m», «f», or "" when neither the patronymic nor the first name can tell («Саша», a foreign name)."""
    from pytrovich.enums import Gender

    patronymic, first_name = (patronymic or "").strip(), (first_name or "").strip()
    detected = _detector().detect(middlename=patronymic) if patronymic else None
    if detected not in (Gender.MALE, Gender.FEMALE) and first_name:
        # Pupils and many staff lists have no patronymic: the first name usually tells («Алина», «Никита»).
        detected = _detector().detect(firstname=first_name)
    if detected == Gender.MALE:
        return MASCULINE
    return FEMININE if detected == Gender.FEMALE else ""


# --- Names -------------------------------------------------------------------------------------------------


def _part(kind: str, value: str, gender: str | None, case: str) -> str:
    from pytrovich.enums import Gender, NamePart

    if not value or case == "nomn":
        return value
    name_part = {"last": NamePart.LASTNAME, "first": NamePart.FIRSTNAME, "middle": NamePart.MIDDLENAME}[kind]
    if kind == "middle" and re.search(r"\s(оглы|кызы|улы|уулу|гызы)$", value, re.IGNORECASE):
        # «Гасан оглы», «Рашид кызы»: the Turkic patronymic does not decline.
        return value
    known = gender in (MASCULINE, FEMININE)
    pytrovich_gender = {MASCULINE: Gender.MALE, FEMININE: Gender.FEMALE}.get(gender or "", Gender.ANDROGYNOUS)
    return _maker().make(name_part, pytrovich_gender, _pytrovich_case(case), value, known_gender=known)


def decline_name(
    *,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    gender: str | None,
    case: str,
    short: bool = False,
) -> str:
    """«Кузнецову Ольгу Петровну» (full) or «Кузнецовой О. П.» (short) in the case."""
    _check_case(case)
    last = _part("last", last_name.strip(), gender, case)
    if short:
        initials = " ".join(f"{part.strip()[0]}." for part in (first_name, patronymic) if part.strip())
        return f"{last} {initials}".strip()
    parts = [
        last,
        _part("first", first_name.strip(), gender, case),
        _part("middle", patronymic.strip(), gender, case),
    ]
    return " ".join(part for part in parts if part)


def person_name(person: object, case: str = "nomn", *, short: bool = False) -> str:
    """The person's name in the case: full («Кузнецову Ольгу Петровну») or short («Кузнецовой О. П.»)."""
    if person is None or person == "":
        return ""
    return decline_name(
        last_name=str(getattr(person, "last_name", "") or ""),
        first_name=str(getattr(person, "first_name", "") or ""),
        patronymic=str(getattr(person, "patronymic", "") or ""),
        gender=gender_of(person),
        case=case,
        short=short,
    )


# --- Positions ---------------------------------------------------------------------------------------------

_MODIFIERS = {"ADJF", "PRTF"}


def _nominative(word: str, pos: set[str]) -> Any:
    """The first parse of `word` as one of `pos` in the nominative, or None."""
    for parse in _morph().parse(word):
        if parse.tag.POS in pos and parse.tag.case == "nomn":
            return parse
    return None


def _keep_capitals(original: str, inflected: str) -> str:
    if original.isupper() and len(original) > 1:
        return inflected.upper()
    if original[:1].isupper():
        return inflected[:1].upper() + inflected[1:]
    return inflected


def _inflect(parse: Any, grammemes: set[str], original: str) -> str:
    inflected = parse.inflect(grammemes)
    if inflected is None:
        return original
    return _keep_capitals(original, inflected.word)


def position_in_case(text: str, case: str) -> str:
    """The position in the case, declining its head noun phrase only: «старший воспитатель» → «старшего
    воспитателя», «педагог-психолог» → «педагога-психолога», «заместитель директора по УВР» → «заместителя
    директора по УВР». A text whose head cannot be found is returned unchanged."""
    _check_case(case)
    text = (text or "").strip()
    if not text or case == "nomn":
        return text
    words = text.split(" ")
    modifiers: list[tuple[int, Any]] = []
    head_index = None
    head_parses: list[Any] = []
    for index, word in enumerate(words):
        if not re.fullmatch(r"[А-Яа-яЁё-]+", word) or (word.isupper() and len(word) > 1):
            break
        pieces = word.split("-")
        nouns = [_nominative(piece, {"NOUN"}) for piece in pieces]
        adjective = _nominative(word, _MODIFIERS) if len(pieces) == 1 else None
        following = words[index + 1] if index + 1 < len(words) else ""
        if (
            adjective is not None
            and following
            and (_nominative(following.split("-")[0], {"NOUN"}) or _nominative(following, _MODIFIERS))
        ):
            modifiers.append((index, adjective))
            continue
        if all(nouns):
            head_index, head_parses = index, nouns
        elif adjective is not None:
            # A participle or adjective standing for the noun: «заведующий» → «заведующему».
            head_index, head_parses = index, [adjective]
        break
    if head_index is None:
        return text
    head = head_parses[-1]
    out = list(words)
    out[head_index] = "-".join(
        _inflect(parse, {case}, piece)
        for parse, piece in zip(head_parses, words[head_index].split("-"), strict=True)
    )
    agreement = {case}
    if head.tag.number == "plur":
        agreement.add("plur")
    elif head.tag.gender:
        agreement.add(head.tag.gender)
    if case == "accs" and head.tag.animacy == "anim":
        agreement.add("anim")
    for index, parse in modifiers:
        out[index] = _inflect(parse, agreement, words[index])
    return " ".join(out)

"""Cells as values: each reader takes what a cell holds (text, a number, an Excel date) and returns the value,
or raises `CellError` with a Russian sentence saying what is wrong and how to write it."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel


class CellError(ValueError):
    pass


# Files written before the one .xlsx writer kept texts that start like a formula behind an apostrophe.
_OLD_ESCAPED_START = ("=", "+", "-", "@", "\t", "\r")


_SPACES = re.compile(r"\s+")


def text(value: Any) -> str:
    """A cell as trimmed text with single spaces; a whole number written by Excel as 12.0 is «12»."""
    if value is None:
        return ""
    if type(value) is str:
        result = value.strip()
        if "  " in result or "\xa0" in result or "\n" in result or "\t" in result:
            result = _SPACES.sub(" ", result.replace("\xa0", " "))
    elif isinstance(value, float) and value.is_integer():
        result = str(int(value))
    elif isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d.%m.%Y")
    else:
        result = _SPACES.sub(" ", str(value)).strip()
    if result.startswith("'") and result[1:2] in _OLD_ESCAPED_START:
        result = result[1:]
    return result


_EMPTY = ("", "-", "—", "–")


def is_empty(value: Any) -> bool:
    return value is None or text(value) in _EMPTY


# --- Names -------------------------------------------------------------------------------------------------

PATRONYMIC_PARTICLES = {"оглы", "кызы", "улы", "уулу", "кизи", "угли", "оглу"}
_PATRONYMIC_ENDINGS = ("вич", "вна", "ична", "инична", "ьич")
_INITIAL = re.compile(r"^[А-ЯЁA-Z]\.?$|^([А-ЯЁA-Z]\.){1,2}$", re.IGNORECASE)


def name_case(word: str) -> str:
    """«ИВАНОВА-ПЕТРОВА» and «иванова» → «Иванова-Петрова», «Иванова»; a word written in mixed case
    («МакКартни») and ё stay as written; the particles «оглы», «кызы» are lower case."""
    if word.lower() in PATRONYMIC_PARTICLES:
        return word.lower()
    if word.isupper() or word.islower():
        return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))
    return word


def _is_patronymic(word: str) -> bool:
    return word.lower().endswith(_PATRONYMIC_ENDINGS) and len(word) > 4


def split_full_name(value: Any) -> tuple[str, str, str]:
    """«Иванова Мария Сергеевна» → (surname, name, patronymic).

    Double surnames by hyphen or by a space («Петрова Водкина Анна Ивановна»), «оглы»/«кызы» patronymics
    («Алиев Рашид Гасан оглы»), no patronymic («Ким Анна»), the name first («Мария Сергеевна Иванова»),
    CAPITALS and extra spaces are read; initials alone are refused, the full name is needed."""
    words = [name_case(word) for word in text(value).replace(",", " ").split()]
    words = [word.strip(".") if not _INITIAL.match(word) else word for word in words]
    words = [word for word in words if word]
    if not words:
        raise CellError(_("не заполнено"))
    if any(_INITIAL.match(word) for word in words[1:]):
        raise CellError(
            _("«%(value)s» — здесь инициалы, а нужны имя и отчество полностью.") % {"value": text(value)}
        )
    if len(words) == 1:
        raise CellError(
            _("в «%(value)s» одно слово: нужны фамилия и имя (и отчество, если есть).") % {"value": words[0]}
        )
    if len(words) >= 4 and words[-1].lower() in PATRONYMIC_PARTICLES:
        return " ".join(words[:-3]), words[-3], f"{words[-2]} {words[-1]}"
    if len(words) == 2:
        return words[0], words[1], ""
    if len(words) == 3 and _is_patronymic(words[1]) and not _is_patronymic(words[2]):
        return words[2], words[0], words[1]  # the name first: «Мария Сергеевна Иванова»
    if _is_patronymic(words[-1]) or len(words) == 3:
        return " ".join(words[:-2]), words[-2], words[-1]
    # Four words or more without a patronymic ending: a double surname and a name, or a foreign name.
    return " ".join(words[:-2]), words[-2], words[-1]


def name_part(value: Any) -> str:
    words = text(value).split()
    return " ".join(name_case(word) for word in words)


# --- Dates -------------------------------------------------------------------------------------------------

_DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")


def date(value: Any) -> datetime.date | None:
    """An Excel date cell, an Excel date number in a cell formatted as a number, or «дд.мм.гггг» text
    (also «12.04.1999 г.»)."""
    if is_empty(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 80000:  # 1900-01-01 … 2118: Excel's serial days
            return from_excel(value).date()
        raise CellError(_("«%(value)s» — не дата: пишите ДД.ММ.ГГГГ.") % {"value": text(value)})
    raw = text(value)
    cleaned = re.sub(r"\s*(г\.?|года?)$", "", raw).strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(cleaned, fmt).date()  # noqa: DTZ007 (a date, not a moment)
        except ValueError:
            continue
    if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", cleaned):
        # Written exactly as asked: the hint would repeat the form; the day or the month is wrong.
        raise CellError(_("даты «%(value)s» нет в календаре — проверьте день и месяц.") % {"value": raw})
    raise CellError(_("дата «%(value)s» не распознана — пишите ДД.ММ.ГГГГ.") % {"value": raw})


# --- Numbers and experience --------------------------------------------------------------------------------

_YEARS = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:лет|года|год|г\.?|л\.?)(?![а-я])", re.IGNORECASE)
_MONTHS = re.compile(r"(\d+)\s*(?:мес|м\.?)(?:[а-я.]*)(?![а-я])", re.IGNORECASE)
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
_NONE_WORDS = ("нет", "без стажа", "не имеет", "менее года", "меньше года", "менее 1 года", "до года")


def experience(value: Any) -> int | None:
    """Whole years of experience: 12, «12», «12 лет», «3 года», «1 год», «8 мес.» (0), «12 лет 3 мес.» (12),
    «Педагогический стаж: 12 лет», «менее года» (0)."""
    if is_empty(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        raw = text(value).lower().replace("ё", "е")
        body = raw.split(":", 1)[-1].strip()
        if _NUMBER.match(body):
            number = float(body.replace(",", "."))
        elif (match := _YEARS.search(body)) is not None:
            number = float(match.group(1).replace(",", "."))
        elif _MONTHS.search(body) is not None or body.startswith(_NONE_WORDS):
            number = 0
        else:
            raise CellError(
                _("стаж «%(value)s» не распознан — пишите число лет: «12» или «12 лет».")
                % {"value": text(value)}
            )
    if number < 0 or number > 70:
        raise CellError(_("стаж %(value)s лет — так не бывает: от 0 до 70.") % {"value": text(value)})
    return int(number)


def whole_number(value: Any, minimum: int, maximum: int) -> int | None:
    if is_empty(value):
        return None
    raw = text(value).replace(",", ".")
    try:
        number = float(raw)
    except ValueError:
        raise CellError(_("«%(value)s» — не число.") % {"value": text(value)}) from None
    if not number.is_integer() or not minimum <= number <= maximum:
        raise CellError(
            _("нужно целое число от %(min)s до %(max)s, а не «%(value)s».")
            % {"min": minimum, "max": maximum, "value": text(value)}
        )
    return int(number)


def yes_no(value: Any) -> bool | None:
    raw = text(value).lower()
    if raw in ("",):
        return None
    if raw in ("нет", "no", "0", "false", "-", "—", "ложь"):
        return False
    if raw in ("да", "yes", "1", "true", "+", "истина", "пройдено", "проведено", "v", "✓"):
        return True
    raise CellError(_("пишите «да» или «нет», а не «%(value)s».") % {"value": text(value)})


# --- Choices -----------------------------------------------------------------------------------------------

QUALIFICATION_WORDS = {
    "highest": ("высшая", "высш", "вкк"),
    "first": ("первая", "1", "i", "перв", "1 кк", "1кк"),
    "conformity": ("соответствие занимаемой должности", "соответствие", "сзд", "соотв"),
    "methodist": ("педагог методист", "методист"),
    "mentor": ("педагог наставник",),
    "": ("без категории", "нет", "б к", "бк", "не имеет", "без кк", "молодой специалист"),
}


def _words(value: Any) -> str:
    raw = text(value).lower().replace("ё", "е")
    raw = re.sub(r"[^\wа-я]+", " ", raw)
    raw = re.sub(r"\b(квалификационная|квалиф|кв|категория|кат)\b", " ", raw)
    return re.sub(r"\s+", " ", raw).strip()


def qualification(value: Any) -> str | None:
    """«Высшая», «высшая категория», «ВКК», «Первая», «I», «Соответствие занимаемой должности», «СЗД»,
    «без категории»… → the category's code ("" for none); None for an empty cell."""
    if is_empty(value):
        return None
    words = _words(value)
    for code, spellings in QUALIFICATION_WORDS.items():
        if words in spellings or any(words.startswith(s) for s in spellings if len(s) > 4):
            return code
    raise CellError(
        _(
            "категория «%(value)s» не распознана: пишите «Высшая», «Первая», «Соответствие занимаемой "
            "должности» или «Без категории»."
        )
        % {"value": text(value)}
    )


def choice(value: Any, choices, *, what: str, extra: dict[str, str] | None = None) -> str | None:
    """A code of a Django choices list, by its label or code (case and ё ignored) or by a word of `extra`."""
    if is_empty(value):
        return None
    raw = text(value).lower().replace("ё", "е")
    for code, label in choices:
        if raw in (str(code).lower(), str(label).lower().replace("ё", "е")):
            return code
    for word, code in (extra or {}).items():
        if raw.startswith(word):
            return code
    allowed = ", ".join(f"«{label}»" for _code, label in choices)
    raise CellError(
        _("%(what)s «%(value)s» — такого нет; подойдут: %(allowed)s.")
        % {"what": what, "value": text(value), "allowed": allowed}
    )


def email(value: Any) -> str | None:
    raw = text(value).lower().replace(" ", "")
    if not raw:
        return None
    raw = raw.removeprefix("mailto:")
    try:
        validate_email(raw)
    except ValidationError:
        raise CellError(_("«%(value)s» — не адрес электронной почты.") % {"value": text(value)}) from None
    return raw


def phone(value: Any) -> str | None:
    raw = text(value)
    if not raw:
        return None
    if len(re.sub(r"\D", "", raw)) < 5:
        raise CellError(_("«%(value)s» — не номер телефона.") % {"value": raw})
    return raw


_CLASS = re.compile(r"^(\d{1,2})\s*[-–«\"]?\s*([а-яё])?\s*[»\"]?\s*(?:класс|кл\.?)?$", re.IGNORECASE)


def school_class(value: Any) -> str | None:
    """«7б», «7 «Б»», «7-Б класс» → «7Б»; a class written otherwise («подготовительная группа») is kept as
    written."""
    raw = text(value)
    if not raw:
        return None
    match = _CLASS.match(raw)
    if match:
        number, letter = match.group(1), (match.group(2) or "").upper()
        if not 1 <= int(number) <= 11:
            raise CellError(_("класс «%(value)s» — номер класса от 1 до 11.") % {"value": raw})
        return f"{number}{letter}"
    return raw


def plain(value: Any, max_length: int) -> str | None:
    raw = text(value)
    if not raw:
        return None
    if len(raw) > max_length:
        raise CellError(
            _("слишком длинный текст: %(length)s знаков, можно %(max)s.")
            % {"length": len(raw), "max": max_length}
        )
    return raw


def tag_list(value: Any) -> list[str]:
    raw = "" if value is None else str(value)
    return [re.sub(r"\s+", " ", part).strip() for part in re.split(r"[,;\n]", raw) if part.strip()]

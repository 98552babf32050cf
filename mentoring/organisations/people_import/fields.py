"""What a column of a people list can be, and the words people write in its header.

A field's `code` is the key of the row's values, of the preview's changes and of `import_people --json`;
for a person it is the `Person` field name, for a base record the record's field under the base's prefix
where the names would clash (`mentor_status`, `mentee_category`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

PEOPLE, MENTORS, MENTEES = "people", "mentors", "mentees"
TARGETS = (PEOPLE, MENTORS, MENTEES)
ALL = frozenset(TARGETS)

SKIP = ""  # a column that is not loaded
NUMBER = "number"  # «№ п/п»: recognised, never loaded
FULL_NAME = "full_name"  # «ФИО»: split into the three name fields


@dataclass(frozen=True)
class ImportField:
    code: str
    label: object  # lazy Russian text
    targets: frozenset[str] = ALL
    person: bool = True  # a field of `Person` (else of the base record, or virtual)


FIELDS: list[ImportField] = [
    ImportField(FULL_NAME, _("ФИО (одним столбцом)"), person=False),
    ImportField("last_name", _("Фамилия")),
    ImportField("first_name", _("Имя")),
    ImportField("patronymic", _("Отчество")),
    ImportField("birth_date", _("Дата рождения")),
    ImportField("position", _("Должность")),
    ImportField("subjects", _("Предметы")),
    ImportField("qualification_category", _("Квалификационная категория")),
    ImportField("teaching_experience", _("Педагогический стаж")),
    ImportField("email", _("Электронная почта")),
    ImportField("phone", _("Телефон")),
    ImportField("school_class", _("Класс")),
    # The mentor base
    ImportField("mentor_status", _("Статус наставника"), frozenset({MENTORS}), person=False),
    ImportField("capacity", _("Мест для наставляемых"), frozenset({MENTORS}), person=False),
    ImportField("competencies", _("Компетенции"), frozenset({MENTORS}), person=False),
    ImportField("experience_note", _("Опыт, достижения"), frozenset({MENTORS}), person=False),
    ImportField("training_date", _("Дата обучения"), frozenset({MENTORS}), person=False),
    ImportField("training_course", _("Курс обучения"), frozenset({MENTORS}), person=False),
    ImportField("training_hours", _("Часов обучения"), frozenset({MENTORS}), person=False),
    ImportField("trained", _("Обучение пройдено"), frozenset({MENTORS}), person=False),
    ImportField("interview_done", _("Собеседование проведено"), frozenset({MENTORS}), person=False),
    # The mentee base
    ImportField("mentee_category", _("Категория наставляемого"), frozenset({MENTEES}), person=False),
    ImportField("mentee_status", _("Статус наставляемого"), frozenset({MENTEES}), person=False),
    ImportField("request", _("Запрос"), frozenset({MENTEES}), person=False),
    ImportField("request_tags", _("Запросы по перечню компетенций"), frozenset({MENTEES}), person=False),
    ImportField("preferred_form", _("Желаемая форма наставничества"), frozenset({MENTEES}), person=False),
    # Both bases
    ImportField("consent_date", _("Дата согласия"), frozenset({MENTORS, MENTEES}), person=False),
]
BY_CODE = {field.code: field for field in FIELDS}
PERSON_CODES = [field.code for field in FIELDS if field.person]
NAME_CODES = ("last_name", "first_name", "patronymic")


def fields_for(target: str) -> list[ImportField]:
    return [field for field in FIELDS if target in field.targets]


def label(code: str) -> str:
    field = BY_CODE.get(code)
    return str(field.label) if field else code


def normalise_header(text: object) -> str:
    """«Ф.И.О. (полностью)» → «ф и о»; «E-mail:» → «e mail»; ё → е; what is in brackets is dropped."""
    value = str(text or "").lower().replace("ё", "е")
    value = re.sub(r"\([^)]*\)", " ", value)
    value = re.sub(r"[^\wа-я№]+", " ", value)
    return re.sub(r"\s+", " ", value).strip()


# Header text (normalised) → field, per target where the word means different things («Категория» of a
# mentee list is the mentee's category; elsewhere the qualification category).
_SYNONYMS: dict[str, str] = {
    # The name
    "фио": FULL_NAME,
    "ф и о": FULL_NAME,
    "фамилия имя отчество": FULL_NAME,
    "фамилия имя отчество полностью": FULL_NAME,
    "фамилия и имя": FULL_NAME,
    "фамилия имя": FULL_NAME,
    "фио полностью": FULL_NAME,
    "фамилия": "last_name",
    "имя": "first_name",
    "отчество": "patronymic",
    "отчество при наличии": "patronymic",
    # Dates, work
    "дата рождения": "birth_date",
    "д р": "birth_date",
    "дата рожд": "birth_date",
    "число месяц год рождения": "birth_date",
    "должность": "position",
    "занимаемая должность": "position",
    "должность по штатному расписанию": "position",
    "предмет": "subjects",
    "предметы": "subjects",
    "преподаваемый предмет": "subjects",
    "преподаваемые предметы": "subjects",
    "преподаваемые дисциплины": "subjects",
    "дисциплины": "subjects",
    "направление": "subjects",
    "направления": "subjects",
    "предметы направления": "subjects",
    "квалификационная категория": "qualification_category",
    "кв категория": "qualification_category",
    "квалиф категория": "qualification_category",
    "категория квалификационная": "qualification_category",
    "квалификация": "qualification_category",
    "стаж": "teaching_experience",
    "стаж лет": "teaching_experience",
    "педагогический стаж": "teaching_experience",
    "пед стаж": "teaching_experience",
    "педстаж": "teaching_experience",
    "стаж педагогической работы": "teaching_experience",
    "педагогический стаж лет": "teaching_experience",
    "стаж работы": "teaching_experience",
    "стаж работы в должности": "teaching_experience",
    # Contacts
    "электронная почта": "email",
    "эл почта": "email",
    "эл адрес": "email",
    "адрес электронной почты": "email",
    "e mail": "email",
    "email": "email",
    "почта": "email",
    "телефон": "phone",
    "тел": "phone",
    "контактный телефон": "phone",
    "мобильный телефон": "phone",
    "номер телефона": "phone",
    # Students
    "класс": "school_class",
    "класс группа": "school_class",
    "класс обучения": "school_class",
    # The mentor base
    "статус наставника": "mentor_status",
    "мест для наставляемых": "capacity",
    "количество наставляемых": "capacity",
    "компетенции": "competencies",
    "перечень компетенций": "competencies",
    "опыт достижения": "experience_note",
    "дата обучения": "training_date",
    "курс обучения": "training_course",
    "часов обучения": "training_hours",
    "обучение пройдено": "trained",
    "собеседование проведено": "interview_done",
    # The mentee base
    "категория наставляемого": "mentee_category",
    "статус наставляемого": "mentee_status",
    "запрос": "request",
    "запросы": "request",
    "запрос на наставничество": "request",
    "профессиональные затруднения": "request",
    "затруднения": "request",
    "профессиональные дефициты": "request",
    "дефициты": "request",
    "запросы по перечню компетенций": "request_tags",
    "желаемая форма наставничества": "preferred_form",
    "форма наставничества": "preferred_form",
    "дата согласия": "consent_date",
    "дата согласия на обработку персональных данных": "consent_date",
    # Numbering
    "№": NUMBER,
    "№ п п": NUMBER,
    "п п": NUMBER,
    "no": NUMBER,
    "номер": NUMBER,
}
_BY_TARGET: dict[str, dict[str, str]] = {
    MENTORS: {"статус": "mentor_status", "категория": "qualification_category"},
    MENTEES: {"статус": "mentee_status", "категория": "mentee_category"},
    PEOPLE: {"категория": "qualification_category"},
}
# Longer headers, by how they start: «ФИО педагога», «Стаж педагогической работы на 01.09.2025».
_PREFIXES: list[tuple[str, str]] = [
    ("фио ", FULL_NAME),
    ("ф и о ", FULL_NAME),
    ("фамилия имя отчество ", FULL_NAME),
    ("дата рождения ", "birth_date"),
    ("педагогический стаж ", "teaching_experience"),
    ("стаж педагогической работы ", "teaching_experience"),
    ("квалификационная категория ", "qualification_category"),
    ("электронная почта ", "email"),
    ("e mail ", "email"),
    ("преподаваемые предметы ", "subjects"),
    ("должность ", "position"),
    ("телефон ", "phone"),
]
MAX_HEADER_LENGTH = 80  # a longer text is a title, not a column name


def field_for_header(text: object, target: str) -> str | None:
    """The field a column header names for this target, NUMBER for «№», None when not recognised."""
    header = normalise_header(text)
    if not header or len(header) > MAX_HEADER_LENGTH:
        return None
    code = _BY_TARGET.get(target, {}).get(header) or _SYNONYMS.get(header)
    if code is None:
        for prefix, prefixed in _PREFIXES:
            if header.startswith(prefix):
                code = prefixed
                break
    if code is None or code == NUMBER:
        return code
    return code if target in BY_CODE[code].targets else None

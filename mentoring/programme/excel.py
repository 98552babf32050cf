"""Excel export and import of people and the mentor and mentee bases.

Export: the mentor base, the mentee base and the pairs through the one .xlsx writer (`common.xlsx`): Russian
headers, real dates and numbers, every text a string cell (never a formula); the sample files of the import
are written the same way, with the columns the import reads.

Import: the pipeline of `mentoring.organisations.people_import` (header row found, columns recognised by
synonyms, ФИО split, preview with every change, one transaction, a recorded batch); `run_import` here is its
short form for callers that accept every change of the preview.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any, Protocol

from django.db.models import Choices, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import dates, downloads, xlsx
from mentoring.models import MenteeProfile, MentorProfile, Organisation, Pair, Person
from mentoring.organisations.people_import import fields as people_import_fields
from mentoring.organisations.people_import import pipeline
from mentoring.organisations.types import Actor
from mentoring.programme import personal_data, selectors

XLSX_CONTENT_TYPE = downloads.XLSX


PERSON_COLUMNS = [
    ("last_name", "Фамилия"),
    ("first_name", "Имя"),
    ("patronymic", "Отчество"),
    ("birth_date", "Дата рождения"),
    ("position", "Должность"),
    ("subjects", "Предметы"),
    ("teaching_experience", "Стаж, лет"),
    ("email", "Электронная почта"),
    ("phone", "Телефон"),
]


# --- Export ----------------------------------------------------------------------------------------------

# The kind of every column that is not text, by its header: the export, the sample files and the import
# share the headers, so a date is a date cell wherever it is written.
COLUMN_KINDS = {
    "Дата рождения": xlsx.Kind.DATE,
    "Стаж, лет": xlsx.Kind.NUMBER,
    "Мест для наставляемых": xlsx.Kind.NUMBER,
    "Занято мест": xlsx.Kind.NUMBER,
    "Дата обучения": xlsx.Kind.DATE,
    "Часов обучения": xlsx.Kind.NUMBER,
    "Обучение пройдено": xlsx.Kind.BOOLEAN,
    "Собеседование проведено": xlsx.Kind.BOOLEAN,
    "Дата согласия": xlsx.Kind.DATE,
    "Начало": xlsx.Kind.DATE,
    "Окончание": xlsx.Kind.DATE,
    "Утверждена": xlsx.Kind.DATE,
    "План выполнен, %": xlsx.Kind.NUMBER,
    "Последняя встреча": xlsx.Kind.DATE,
}


def typed_columns(headers: Iterable[str]) -> list[xlsx.Column]:
    return [xlsx.Column(header, COLUMN_KINDS.get(header, xlsx.Kind.TEXT)) for header in headers]


def labels(choices: type[Choices]) -> dict[str, str]:
    """The labels of a choices class, translated once for a whole export (Django's `get_FOO_display`
    translates again for every row)."""
    return {value: str(label) for value, label in choices.choices}


def _person_values(person: Person) -> list[Any]:
    """The person's columns first, in the order the import reads them (`PERSON_COLUMNS`)."""
    return [
        person.last_name,
        person.first_name,
        person.patronymic,
        person.birth_date,
        person.position,
        person.subjects,
        person.teaching_experience,
        person.email,
        person.phone,
    ]


class MentorBaseExport(xlsx.ListExporter):
    name = gettext_lazy("База наставников")
    print_setup = True  # a register: landscape, fitted to the width, the header on every page
    sheet_title = gettext_lazy("Наставники")
    columns = typed_columns(
        [
            *(header for _name, header in PERSON_COLUMNS),
            "Статус",
            "Мест для наставляемых",
            "Занято мест",
            "Компетенции",
            "Опыт, достижения",
            "Дата обучения",
            "Курс обучения",
            "Часов обучения",
            "Обучение пройдено",
            "Собеседование проведено",
            "Дата согласия",
        ]
    )

    def __init__(self, profiles: Iterable[MentorProfile]) -> None:
        self.profiles = profiles

    def rows(self) -> Iterator[list[Any]]:
        status = labels(MentorProfile.Status)
        for profile in self.profiles:
            yield [
                *_person_values(profile.person),
                status.get(profile.status, profile.status),
                profile.capacity,
                getattr(profile, "taken", None),
                ", ".join(c.name for c in profile.competencies.all()),
                profile.experience_note,
                profile.training_date,
                profile.training_course,
                profile.training_hours,
                profile.is_trained,
                profile.interview_done,
                getattr(profile, "consent_on", None),
            ]


class MenteeBaseExport(xlsx.ListExporter):
    name = gettext_lazy("База наставляемых")
    print_setup = True  # a register: landscape, fitted to the width, the header on every page
    sheet_title = gettext_lazy("Наставляемые")
    columns = typed_columns(
        [
            *(header for _name, header in PERSON_COLUMNS),
            "Категория",
            "Статус",
            "Запросы",
            "Запросы по перечню компетенций",
            "Желаемая форма наставничества",
            "Дата согласия",
        ]
    )

    def __init__(self, profiles: Iterable[MenteeProfile]) -> None:
        self.profiles = profiles

    def rows(self) -> Iterator[list[Any]]:
        category, status = labels(MenteeProfile.Category), labels(MenteeProfile.Status)
        for profile in self.profiles:
            yield [
                *_person_values(profile.person),
                category.get(profile.category, profile.category),
                status.get(profile.status, profile.status),
                profile.requests,
                ", ".join(c.name for c in profile.request_tags.all()),
                str(profile.preferred_form) if profile.preferred_form else None,
                getattr(profile, "consent_on", None),
            ]


class PairsExport(xlsx.ListExporter):
    name = gettext_lazy("Наставнические пары и группы")
    print_setup = True  # a register: landscape, fitted to the width, the header on every page
    sheet_title = gettext_lazy("Пары и группы")
    columns = typed_columns(
        [
            "Наставник",
            "Наставляемые",
            "Пара или группа",
            "Форма наставничества",
            "Цель",
            "Начало",
            "Окончание",
            "Статус",
            "Утверждена",
            "План выполнен, %",
            "Последняя встреча",
        ]
    )

    def __init__(self, pairs: Iterable[Pair]) -> None:
        self.pairs = pairs

    def rows(self) -> Iterator[list[Any]]:
        status = labels(Pair.Status)
        group, pair_word = _("группа"), _("пара")
        for pair in self.pairs:
            # The plan's progress is annotated by `selectors.pairs_for` (a list from the admin has none).
            total = getattr(pair, "items_total", 0)
            done = getattr(pair, "items_done", 0)
            yield [
                pair.mentor.full_name,
                ", ".join(link.mentee.full_name for link in pair.pair_mentees.all()),
                group if pair.is_group else pair_word,
                str(pair.form),
                pair.goal,
                pair.start_date,
                pair.end_date,
                status.get(pair.status, pair.status),
                pair.approved_at,
                round(100 * done / total) if total else None,
                getattr(pair, "last_meeting", None),
            ]


class ExportSelector(Protocol):
    """The organisation's list of one kind (`selectors.mentor_profiles_for`, ...)."""

    def __call__(self, organisation: Organisation, *, status: str = "") -> QuerySet[Any]: ...


# Each kind's exporter takes the rows its selector gives.
EXPORTS: dict[str, tuple[Callable[[list[Any]], xlsx.ListExporter], ExportSelector]] = {
    "mentors": (MentorBaseExport, selectors.mentor_profiles_for),
    "mentees": (MenteeBaseExport, selectors.mentee_profiles_for),
    "pairs": (PairsExport, selectors.pairs_for),
}


def export_xlsx(kind: str, queryset: QuerySet[Any]) -> bytes:
    """The .xlsx bytes of a list (the queryset is already the organisation's, or the admin's)."""
    exporter_class = EXPORTS[kind][0]
    # One query (and one per prefetch) for the whole list.
    return exporter_class(list(queryset)).render()


def export_for(organisation: Organisation, kind: str) -> tuple[bytes, str]:
    exporter_class, selector = EXPORTS[kind]
    queryset = selector(organisation)
    if kind == "mentors":
        queryset = selector(organisation, status="")  # everyone but the archived
    # 152-ФЗ: a person who withdrew consent is in no export (nor a pair they were in).
    withdrawn = personal_data.withdrawn_people(organisation).values("pk")
    if kind == "pairs":
        queryset = queryset.exclude(mentor__in=withdrawn).exclude(pair_mentees__mentee__in=withdrawn)
    else:
        queryset = queryset.exclude(person__in=withdrawn)
    exporter = exporter_class(list(queryset))
    return exporter.render(), exporter.filename(organisation.short_name, dates.today(organisation))


# --- Import ---------------------------------------------------------------------------------------------
# The import reads the lists schools keep (`mentoring.organisations.people_import`); the sample files below
# are written with the columns it recognises.

MENTOR_COLUMNS = [
    "Статус",
    "Мест для наставляемых",
    "Компетенции",
    "Опыт, достижения",
    "Дата обучения",
    "Курс обучения",
    "Часов обучения",
    "Обучение пройдено",
    "Собеседование проведено",
    "Дата согласия",
]
MENTEE_COLUMNS = [
    "Категория",
    "Статус",
    "Запросы",
    "Запросы по перечню компетенций",
    "Желаемая форма наставничества",
    "Дата согласия",
]
IMPORTS = people_import_fields.TARGETS

TEMPLATE_ROWS = {
    "people": [
        [
            "Иванова",
            "Мария",
            "Сергеевна",
            datetime.date(1999, 4, 12),
            "Учитель биологии",
            "Биология",
            1,
            "ivanova@school.example",
            "+7 914 123-45-67",
        ]
    ],
    "mentors": [
        [
            "Петрова",
            "Елена",
            "Ивановна",
            datetime.date(1972, 3, 14),
            "Учитель математики",
            "Математика",
            28,
            "petrova@school.example",
            "+7 914 000-00-01",
            "Готов к работе",
            2,
            "Подготовка к ОГЭ/ЕГЭ, Проектирование урока по ФГОС",
            "Победитель конкурса «Учитель года»",
            datetime.date(2025, 10, 15),
            "Наставничество в образовании",
            36,
            True,
            True,
            datetime.date(2025, 9, 1),
        ]
    ],
    "mentees": [
        [
            "Смирнов",
            "Дмитрий",
            "Олегович",
            datetime.date(2001, 3, 14),
            "Учитель математики",
            "Математика",
            1,
            "smirnov@school.example",
            "",
            "Молодой специалист",
            "Кандидат",
            "Как держать дисциплину в 7-х классах",
            "Дисциплина на уроке, Работа с родителями",
            "учитель – учитель",
            datetime.date(2025, 9, 1),
        ]
    ],
}


TEMPLATE_NAMES = {
    "people": gettext_lazy("Образец — люди организации"),
    "mentors": gettext_lazy("Образец — база наставников"),
    "mentees": gettext_lazy("Образец — база наставляемых"),
}


def template_filename(kind: str, organisation: Organisation) -> str:
    return xlsx.filename(str(TEMPLATE_NAMES[kind]), organisation.short_name, dates.today(organisation))


def template_xlsx(kind: str) -> bytes:
    """A sample file with the right header row and one example line."""
    headers = [column for _name, column in PERSON_COLUMNS]
    if kind == "mentors":
        headers += list(MENTOR_COLUMNS)
    elif kind == "mentees":
        headers += list(MENTEE_COLUMNS)
    return xlsx.render(
        xlsx.Sheet(title=_("Образец"), columns=typed_columns(headers), rows=TEMPLATE_ROWS[kind])
    )


def run_import(
    *,
    organisation: Organisation,
    actor: Actor,
    kind: str,
    content: bytes,
    dry_run: bool,
    filename: str = "",
    updates: Collection[int] | None = None,
) -> pipeline.Preview:
    """Import a file (or only preview it, `dry_run`), all or nothing; a caller that names no `updates`
    accepts every change the preview shows. The preview tells what happened (`ok`, `new`, `updated`,
    `errors`, `file_error`)."""
    if dry_run:
        return pipeline.preview(organisation=organisation, target=kind, content=content, filename=filename)
    try:
        result, _batch = pipeline.import_confirm(
            organisation=organisation,
            actor=actor,
            target=kind,
            content=content,
            filename=filename,
            updates=updates,
        )
    except pipeline.ImportRefused as refused:
        if refused.preview is not None:
            return refused.preview
        return pipeline.Preview(target=kind, file_error=" ".join(refused.messages))
    return result

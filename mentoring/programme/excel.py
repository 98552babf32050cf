"""Excel export and import of people and the mentor and mentee bases.

Export: the mentor base, the mentee base and the pairs through the one .xlsx writer (`common.xlsx`): Russian
headers, real dates and numbers, every text a string cell (never a formula); the sample files of the import
are written the same way, with the columns the import reads.

Import, through django-import-export: one resource over `Person` for the three kinds of file (people,
mentors, mentees); the extra columns of a base become that person's record in the base (and a consent, if
its date is given). The file is first imported as a dry run inside a transaction that is rolled back, which
gives the preview and the row errors; only a file with no error at all can be confirmed, and the confirmed
import runs again in one transaction that is rolled back on any error, so nothing is written unless every
row is valid.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.formats.base_formats import XLSX
from import_export.results import RowResult

from common import dates, downloads, xlsx
from mentoring.models import (
    Competency,
    Consent,
    Membership,
    MembershipRole,
    MenteeProfile,
    MentoringForm,
    MentorProfile,
    Organisation,
    Pair,
    Person,
    Role,
)
from mentoring.organisations import services as organisation_services
from mentoring.organisations.types import Actor
from mentoring.programme import personal_data, selectors, services

XLSX_CONTENT_TYPE = downloads.XLSX
# Files written before the one .xlsx writer kept such texts behind a leading apostrophe; reading them back,
# the apostrophe is dropped.
_OLD_ESCAPED_START = ("=", "+", "-", "@", "\t", "\r")


def unescape_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("'") and value[1:2] in _OLD_ESCAPED_START:
        return value[1:]
    return value


# --- Widgets that read what people type in Excel and complain in Russian -----------------------------------


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        value = unescape_cell(value)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        value = unescape_cell(value)
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
            try:
                return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date, not a moment)
            except ValueError:
                continue
        raise ValueError(_("дата «%(value)s» не распознана, пишите ДД.ММ.ГГГГ") % {"value": text})


class NumberWidget(widgets.Widget):
    def __init__(self, minimum: int = 0, maximum: int = 100):
        super().__init__()
        self.minimum, self.maximum = minimum, maximum

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            number = float(str(value).replace(",", ".").strip())
        except ValueError:
            raise ValueError(_("«%(value)s» — не число") % {"value": value}) from None
        if not number.is_integer() or not self.minimum <= number <= self.maximum:
            raise ValueError(
                _("число должно быть целым от %(min)s до %(max)s")
                % {"min": self.minimum, "max": self.maximum}
            )
        return int(number)


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


def _choice_code(choices, value: str, what: str) -> str:
    text = str(unescape_cell(value) or "").strip().lower()
    for code, label in choices:
        if text in (str(code).lower(), str(label).lower()):
            return code
    allowed = ", ".join(f"«{label}»" for _code, label in choices)
    raise ValueError(
        _("%(what)s «%(value)s» не из списка: %(allowed)s")
        % {"what": what, "value": value, "allowed": allowed}
    )


def _yes(value) -> bool:
    text = str(unescape_cell(value) or "").strip().lower()
    if text in ("", "нет", "no", "0", "false", "-"):
        return False
    if text in ("да", "yes", "1", "true", "+"):
        return True
    raise ValueError(_("пишите «да» или «нет», а не «%(value)s»") % {"value": value})


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


def labels(choices) -> dict[str, str]:
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

    def __init__(self, profiles: Iterable[MentorProfile]):
        self.profiles = profiles

    def rows(self):
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

    def __init__(self, profiles: Iterable[MenteeProfile]):
        self.profiles = profiles

    def rows(self):
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

    def __init__(self, pairs: Iterable[Pair]):
        self.pairs = pairs

    def rows(self):
        status = labels(Pair.Status)
        group, pair_word = _("группа"), _("пара")
        for pair in self.pairs:
            total = getattr(pair, "items_total", 0)
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
                round(100 * pair.items_done / total) if total else None,
                getattr(pair, "last_meeting", None),
            ]


EXPORTS = {
    "mentors": (MentorBaseExport, selectors.mentor_profiles_for),
    "mentees": (MenteeBaseExport, selectors.mentee_profiles_for),
    "pairs": (PairsExport, selectors.pairs_for),
}


def export_xlsx(kind: str, queryset: QuerySet) -> bytes:
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


# --- Import ----------------------------------------------------------------------------------------------


MENTOR_COLUMNS = {
    "Статус": "status",
    "Мест для наставляемых": "capacity",
    "Компетенции": "competencies",
    "Опыт, достижения": "experience_note",
    "Дата обучения": "training_date",
    "Курс обучения": "training_course",
    "Часов обучения": "training_hours",
    "Обучение пройдено": "trained",
    "Собеседование проведено": "interview_done",
    "Дата согласия": "consent_date",
}
MENTEE_COLUMNS = {
    "Категория": "category",
    "Статус": "status",
    "Запросы": "requests",
    "Запросы по перечню компетенций": "request_tags",
    "Желаемая форма наставничества": "preferred_form",
    "Дата согласия": "consent_date",
}
IMPORT_CONSENT_VERSION = "Согласие из файла Excel"


class PersonImportResource(resources.ModelResource):
    """A row is a person of the organisation: found by e-mail, or by full name and birth date; created
    (with the role «Педагог» for staff) when not found."""

    kind_columns: dict[str, str] = {}

    class Meta:
        model = Person
        fields = ()
        clean_model_instances = True
        skip_unchanged = False
        use_transactions = True

    def __init__(self, *, organisation: Organisation, actor: Actor):
        super().__init__()
        self.organisation = organisation
        self.actor = actor
        self.seen: dict[tuple, int] = {}
        self.competency_by_name = {c.name.lower(): c for c in Competency.objects.all()}
        self.forms_by_name = {f.name.lower(): f for f in MentoringForm.objects.all()}
        for name, column in PERSON_COLUMNS:
            widget = {
                "birth_date": DateWidget(),
                "teaching_experience": NumberWidget(0, 70),
            }.get(name, TextWidget())
            self.fields[name] = fields.Field(attribute=name, column_name=column, widget=widget)

    # The header row must be ours: a file of another kind should not be half understood.
    def before_import(self, dataset, **kwargs):
        headers = [str(h or "").strip() for h in dataset.headers or []]
        dataset.headers = headers
        missing = [column for column in ("Фамилия", "Имя") if column not in headers]
        if missing:
            raise ValidationError(
                _("В первой строке файла нет столбцов: %(columns)s. Скачайте образец и заполните его.")
                % {"columns": ", ".join(missing)}
            )

    def get_instance(self, instance_loader, row):
        email = str(unescape_cell(row.get("Электронная почта")) or "").strip().lower()
        # An anonymised person is never matched again: the row makes a new person (152-ФЗ).
        members = personal_data.people_matchable(
            Person.objects.filter(memberships__organisation=self.organisation)
        )
        if email:
            found = members.filter(email__iexact=email).first()
            if found:
                return found
        last = str(row.get("Фамилия") or "").strip()
        first = str(row.get("Имя") or "").strip()
        patronymic = str(row.get("Отчество") or "").strip()
        if not last or not first:
            return None
        candidates = members.filter(
            last_name__iexact=last, first_name__iexact=first, patronymic__iexact=patronymic
        )
        try:
            birth = DateWidget().clean(row.get("Дата рождения"))
        except ValueError:
            birth = None
        if birth:
            candidates = candidates.filter(birth_date=birth)
        return candidates.first() if candidates.count() == 1 else None

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not instance.last_name:
            errors.setdefault("last_name", []).append(ValidationError(_("не заполнена фамилия")))
        if not instance.first_name:
            errors.setdefault("first_name", []).append(ValidationError(_("не заполнено имя")))
        key = (
            instance.last_name.lower(),
            instance.first_name.lower(),
            instance.patronymic.lower(),
            instance.birth_date,
        )
        number = kwargs.get("row_number")
        if instance.last_name and key in self.seen:
            errors.setdefault("last_name", []).append(
                ValidationError(
                    _("этот человек уже есть в строке %(row)s файла") % {"row": self.seen[key] + 1}
                )
            )
        else:
            self.seen[key] = number
        self.extra = {}
        for column, name in self.kind_columns.items():
            if column not in row:
                continue
            try:
                self.extra[name] = self.clean_extra(name, row[column])
            except ValueError as error:
                errors.setdefault(name, []).append(ValidationError(str(error)))
        if errors:
            raise ValidationError(errors)

    def clean_extra(self, name: str, value):
        return value

    def _tags(self, value) -> list[Competency]:
        text = str(unescape_cell(value) or "")
        names = [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]
        unknown = [name for name in names if name.lower() not in self.competency_by_name]
        if unknown:
            raise ValueError(
                _("нет в перечне компетенций: %(names)s") % {"names": ", ".join(f"«{n}»" for n in unknown)}
            )
        return [self.competency_by_name[name.lower()] for name in names]

    def after_save_instance(self, instance, row, **kwargs):
        membership, created = Membership.objects.get_or_create(
            person=instance, organisation=self.organisation
        )
        if created and instance.kind == Person.Kind.STAFF:
            MembershipRole.objects.get_or_create(membership=membership, role=Role.TEACHER)
        consent_date = self.extra.get("consent_date")
        if (
            consent_date
            and not Consent.objects.filter(
                organisation=self.organisation, person=instance, withdrawn_on__isnull=True
            ).exists()
        ):
            services.consent_give(
                organisation=self.organisation,
                person=instance,
                given_on=consent_date,
                text_version=IMPORT_CONSENT_VERSION,
                actor=self.actor,
            )
        self.save_base_record(instance)

    def save_base_record(self, person: Person) -> None:
        pass


class PeopleImportResource(PersonImportResource):
    pass


class MentorImportResource(PersonImportResource):
    kind_columns = MENTOR_COLUMNS

    def clean_extra(self, name, value):
        if name == "status":
            if value in (None, ""):
                return MentorProfile.Status.POTENTIAL
            return _choice_code(MentorProfile.Status.choices, value, _("статус"))
        if name == "capacity":
            return NumberWidget(1, 10).clean(value) or 1
        if name == "competencies":
            return self._tags(value)
        if name in ("training_date", "consent_date"):
            parsed = DateWidget().clean(value)
            if parsed and parsed > dates.today():
                raise ValueError(_("дата не может быть в будущем"))
            return parsed
        if name == "training_hours":
            return NumberWidget(1, 500).clean(value)
        if name in ("trained", "interview_done"):
            return _yes(value)
        return TextWidget().clean(value)

    def save_base_record(self, person):
        data = {
            key: value for key, value in self.extra.items() if key not in ("competencies", "consent_date")
        }
        services.mentor_profile_save(
            organisation=self.organisation,
            person=person,
            actor=self.actor,
            data=data,
            competencies=self.extra.get("competencies"),
        )


class MenteeImportResource(PersonImportResource):
    kind_columns = MENTEE_COLUMNS

    def clean_extra(self, name, value):
        if name == "category":
            if value in (None, ""):
                return MenteeProfile.Category.YOUNG_SPECIALIST
            return _choice_code(MenteeProfile.Category.choices, value, _("категория"))
        if name == "status":
            if value in (None, ""):
                return MenteeProfile.Status.CANDIDATE
            return _choice_code(MenteeProfile.Status.choices, value, _("статус"))
        if name == "request_tags":
            return self._tags(value)
        if name == "preferred_form":
            text = str(unescape_cell(value) or "").strip().lower().replace("-", "–")
            if not text:
                return None
            form = self.forms_by_name.get(text) or self.forms_by_name.get(text.replace(" – ", "–"))
            if form is None:
                raise ValueError(_("неизвестная форма наставничества «%(value)s»") % {"value": value})
            return form
        if name == "consent_date":
            parsed = DateWidget().clean(value)
            if parsed and parsed > dates.today():
                raise ValueError(_("дата не может быть в будущем"))
            return parsed
        return TextWidget().clean(value)

    def save_base_record(self, person):
        data = {
            key: value for key, value in self.extra.items() if key not in ("request_tags", "consent_date")
        }
        services.mentee_profile_save(
            organisation=self.organisation,
            person=person,
            actor=self.actor,
            data=data,
            request_tags=self.extra.get("request_tags"),
        )


IMPORTS = {"people": PeopleImportResource, "mentors": MentorImportResource, "mentees": MenteeImportResource}

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


@dataclass
class ImportReport:
    total: int = 0
    new: int = 0
    updated: int = 0
    rows: list[dict] = field(default_factory=list)  # number, action, name
    errors: list[dict] = field(default_factory=list)  # number, messages
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error and self.total > 0


def _field_label(name: str) -> str:
    for attribute, column in PERSON_COLUMNS:
        if attribute == name:
            return column
    for mapping in (MENTOR_COLUMNS, MENTEE_COLUMNS):
        for column, attribute in mapping.items():
            if attribute == name:
                return column
    return "" if name == "__all__" else name


def read_dataset(content: bytes):
    try:
        dataset = XLSX().create_dataset(content)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ValidationError(_("Не удалось прочитать файл Excel: он повреждён или это не .xlsx.")) from error
    # Blank lines at the end of a sheet are common: drop them.
    rows = [row for row in dataset if any(cell not in (None, "") for cell in row)]
    del dataset[:]
    for row in rows:
        dataset.append(row)
    return dataset


def run_import(
    *, organisation: Organisation, actor: Actor, kind: str, content: bytes, dry_run: bool
) -> ImportReport:
    """Import a file (or only try it, `dry_run`); all or nothing."""
    report = ImportReport()
    try:
        dataset = read_dataset(content)
    except ValidationError as error:
        report.file_error = error.messages[0]
        return report
    if len(dataset) == 0:
        report.file_error = _("В файле нет ни одной строки с данными.")
        return report
    if len(dataset) > 5000:
        report.file_error = _("В файле больше 5000 строк: разделите его на части.")
        return report
    resource = IMPORTS[kind](organisation=organisation, actor=actor)
    result = resource.import_data(
        dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True
    )
    report.total = result.total_rows
    for error in result.base_errors:
        message = error.error.messages[0] if isinstance(error.error, ValidationError) else str(error.error)
        report.file_error = message
    for number, row_result in enumerate(result.rows, start=1):
        name = " ".join(
            str(part) for part in (dataset[number - 1][:3] if len(dataset) >= number else []) if part
        )
        if row_result.import_type == RowResult.IMPORT_TYPE_INVALID:
            messages = []
            for attribute, errors in row_result.validation_error.message_dict.items():
                label = _field_label(attribute)
                messages.extend(f"{label}: {message}" if label else message for message in errors)
            report.errors.append({"number": number + 1, "name": name, "messages": messages})
        elif row_result.import_type == RowResult.IMPORT_TYPE_ERROR:
            messages = []
            for error in row_result.errors:
                if isinstance(error.error, ValidationError):
                    messages.extend(error.error.messages)
                else:
                    messages.append(_("не удалось сохранить строку: %(error)s") % {"error": error.error})
            report.errors.append({"number": number + 1, "name": name, "messages": messages})
        else:
            is_new = row_result.import_type == RowResult.IMPORT_TYPE_NEW
            report.new += is_new
            report.updated += not is_new
            report.rows.append(
                {"number": number + 1, "name": name, "action": _("новый") if is_new else _("обновление")}
            )
    if not dry_run and report.ok:
        organisation_services.audit_entry_create(
            actor=actor,
            organisation=organisation,
            action="excel.imported",
            changes={
                "kind": dict(ImportFormKinds).get(kind, kind),
                "new": report.new,
                "updated": report.updated,
            },
        )
    return report


ImportFormKinds = [("people", "люди"), ("mentors", "база наставников"), ("mentees", "база наставляемых")]

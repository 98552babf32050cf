"""The import itself: `preview` reads the whole file and says, row by row, what would happen; `import_confirm`
does it, in one transaction, as a recorded `ImportBatch`; `import_batch_undo` takes a batch back.

Queries do not grow with the file: the organisation's people, their base records, valid consents and the
catalogues are read once (`Lookups`); the confirmation writes with bulk statements.

Either step starts from the file's bytes or from the sheets an earlier preview read from them
(`Preview.parsed`): the pages' confirmation takes the sheets kept with the staged upload and does not open
the workbook again. It still compares every row with the database anew, under the organisation's lock, and
refuses (`ImportChanged`, with the new preview) when the outcome is not the one shown (`Preview.fingerprint`).
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from common import dates
from mentoring.models import (
    AuditEntry,
    Competency,
    Consent,
    ImportBatch,
    ImportBatchItem,
    Membership,
    MembershipRole,
    MenteeProfile,
    MentoringForm,
    MentorProfile,
    Organisation,
    Person,
    Role,
)
from mentoring.organisations import removal
from mentoring.organisations.services import audit_entry_create

from . import columns, fields, parsing, reader
from .fields import MENTEES, MENTORS, PEOPLE
from .matching import RULE, Directory

IMPORT_CONSENT_VERSION = "Согласие из файла Excel"
CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
ACTION_LABELS = {
    CREATE: gettext_lazy("добавить"),
    UPDATE: gettext_lazy("изменить"),
    UNCHANGED: gettext_lazy("без изменений"),
    ERROR: gettext_lazy("ошибка"),
}
TOTAL_WORDS = ("итого", "всего")

# The base record's field behind each import field.
MENTOR_ATTRS = {
    "mentor_status": "status",
    "capacity": "capacity",
    "experience_note": "experience_note",
    "training_date": "training_date",
    "training_course": "training_course",
    "training_hours": "training_hours",
    "trained": "trained",
    "interview_done": "interview_done",
}
MENTEE_ATTRS = {
    "mentee_category": "category",
    "mentee_status": "status",
    "request": "requests",
    "preferred_form": "preferred_form",
}
PERSON_OUT = [
    "last_name",
    "first_name",
    "patronymic",
    "birth_date",
    "kind",
    "position",
    "subjects",
    "qualification_category",
    "teaching_experience",
    "email",
    "phone",
    "school_class",
]
BASE_OUT = {
    PEOPLE: [],
    MENTORS: [*MENTOR_ATTRS, "competencies", "consent_date"],
    MENTEES: [*MENTEE_ATTRS, "request_tags", "consent_date"],
}
MAX_LENGTHS = {
    "position": 255,
    "subjects": 500,
    "phone": 50,
    "experience_note": 2000,
    "training_course": 500,
    "request": 5000,
}


class ImportRefused(ValidationError):
    """The file has errors (or was confirmed already): nothing was written."""

    def __init__(self, message: str, preview: Preview | None = None):
        super().__init__(message)
        self.preview = preview


class ImportChanged(ImportRefused):
    """The rows compared with the database now do not give what the preview showed (someone changed or added
    a person meanwhile): nothing was written, `preview` is what the rows would do now."""


# --- What the preview says --------------------------------------------------------------------------------


@dataclass
class RowResult:
    row: int
    action: str = CREATE
    values: dict[str, Any] = field(default_factory=dict)
    person: Person | None = None
    record: Model | None = None
    matched_by: str = ""
    changes: dict[str, list[Any]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    out: dict[str, Any] = field(default_factory=dict)
    kind: str = Person.Kind.STAFF
    new_record: bool = False
    consent_on: datetime.date | None = None

    @property
    def name(self) -> str:
        if self.person is not None and not self.changes.keys() & set(fields.NAME_CODES):
            return self.person.full_name
        return " ".join(self.out.get(code) or "" for code in fields.NAME_CODES).strip()

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS[self.action])

    @property
    def change_list(self) -> list[dict[str, Any]]:
        """The changes for a template: label, old and new as people read them."""
        return [
            {
                "code": code,
                "label": fields.label(code) if code != "kind" else _("Категория участника"),
                "old": _shown(code, old),
                "new": _shown(code, new),
            }
            for code, (old, new) in self.changes.items()
        ]

    def shown(self) -> tuple[Any, ...]:
        """What of the row the preview shows and the confirmation writes: whom it is about, what happens,
        every change (old and new), the errors, and a new person's values."""
        return (
            self.row,
            self.action,
            self.person.pk if self.person is not None else None,
            self.record.pk if self.record is not None else None,
            [(code, _key(old), _key(new)) for code, (old, new) in self.changes.items()],
            self.errors,
            # The codes come in one order for a target; a catalogue entry (a form) goes by its key.
            [value if not isinstance(value, Model) else _key(value) for value in self.out.values()]
            if self.action == CREATE
            else None,
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "action": self.action,
            "person": {key: _json(value) for key, value in self.out.items()},
            "changes": {code: [_json(old), _json(new)] for code, (old, new) in self.changes.items()},
            "errors": list(self.errors),
        }


def _key(value: Any) -> Any:
    """A value as `repr` writes it the same in every process: a row of the database by its primary key."""
    if isinstance(value, Model):
        return (value._meta.label, value.pk)
    if isinstance(value, list | tuple):
        return tuple(_key(item) for item in value)
    return value


def _json(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Model):
        return getattr(value, "code", None) or str(value)
    if isinstance(value, list | tuple | set):
        return [_json(item) for item in value]
    return value


def _shown(code: str, value: Any) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, bool):
        return _("да") if value else _("нет")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    labels = _CHOICE_LABELS.get(code)
    if labels:
        return str(labels.get(value, value))
    return str(value)


_CHOICE_LABELS = {
    "qualification_category": dict(Person.Category.choices),
    "kind": dict(Person.Kind.choices),
    "mentor_status": dict(MentorProfile.Status.choices),
    "mentee_category": dict(MenteeProfile.Category.choices),
    "mentee_status": dict(MenteeProfile.Status.choices),
}


@dataclass
class Preview:
    target: str
    filename: str = ""
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    header_row: int = 0
    columns: list[columns.Column] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # blank, «Итого» and repeated header rows
    file_error: str = ""
    students: bool = False
    # The sheets read from the file, for a later step to start from instead of the file.
    parsed: list[reader.Sheet] = field(default_factory=list, repr=False)

    rule = RULE

    @property
    def fingerprint(self) -> str:
        """A digest of what the preview shows: the sheet and columns read, and every row's outcome. Two
        previews with the same fingerprint write the same."""
        digest = hashlib.sha256(
            repr(
                (self.target, self.sheet, self.students, [(c.index, c.field) for c in self.columns])
            ).encode()
        )
        for row in self.rows:
            digest.update(repr(row.shown()).encode())
        return digest.hexdigest()

    @property
    def target_label(self) -> str:
        return str(ImportBatch.Target(self.target).label)

    @property
    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys((CREATE, UPDATE, UNCHANGED), 0)
        counts["errors"] = 0
        for row in self.rows:
            counts["errors" if row.action == ERROR else row.action] += 1
        return counts

    @property
    def error_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.action == ERROR]

    @property
    def update_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.action == UPDATE]

    @property
    def ok(self) -> bool:
        return not self.file_error and bool(self.rows) and not self.error_rows

    # What the earlier import's callers read.
    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def new(self) -> int:
        return self.summary[CREATE]

    @property
    def updated(self) -> int:
        return self.summary[UPDATE]

    @property
    def errors(self) -> list[dict[str, Any]]:
        return [{"number": row.row, "name": row.name, "messages": row.errors} for row in self.error_rows]

    def as_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "summary": self.summary,
            "rows": [row.as_json() for row in self.rows],
        }


# --- Everything the rows are compared with, loaded once ---------------------------------------------------


class Lookups:
    def __init__(self, organisation: Organisation, target: str):
        self.organisation = organisation
        self.target = target
        self.directory = Directory(organisation)
        self.records: dict[int, Model] = {}
        if target == MENTORS:
            mentors = MentorProfile.objects.filter(organisation=organisation).prefetch_related(
                Prefetch("competencies", queryset=Competency.objects.order_by("name"))
            )
            self.records = {profile.person_id: profile for profile in mentors}
        elif target == MENTEES:
            mentees = MenteeProfile.objects.filter(organisation=organisation).prefetch_related(
                Prefetch("request_tags", queryset=Competency.objects.order_by("name"))
            )
            self.records = {profile.person_id: profile for profile in mentees}
        self.consented: set[int] = set()
        self.competencies: dict[str, Competency] = {}
        self.forms: dict[str, MentoringForm] = {}
        if target in (MENTORS, MENTEES):
            self.consented = set(
                Consent.objects.filter(organisation=organisation, withdrawn_on__isnull=True).values_list(
                    "person_id", flat=True
                )
            )
            self.competencies = {c.name.lower(): c for c in Competency.objects.all()}
        if target == MENTEES:
            self.forms = {_form_key(f.name): f for f in MentoringForm.objects.all()}
        self.today = dates.today(organisation)


def _form_key(name: str) -> str:
    return " ".join(name.lower().replace("—", "–").replace(" - ", " – ").replace("-", "–").split())


# --- Reading a row ----------------------------------------------------------------------------------------

MENTOR_STATUS_WORDS: dict[str, str] = {
    "готов": MentorProfile.Status.READY,
    "потенц": MentorProfile.Status.POTENTIAL,
    "работает": MentorProfile.Status.ACTIVE,
    "в паре": MentorProfile.Status.ACTIVE,
    "архив": MentorProfile.Status.ARCHIVED,
}
MENTEE_CATEGORY_WORDS: dict[str, str] = {
    "молод": MenteeProfile.Category.YOUNG_SPECIALIST,
    "вновь": MenteeProfile.Category.NEWLY_HIRED,
    "новый": MenteeProfile.Category.NEWLY_HIRED,
    "в новой": MenteeProfile.Category.NEW_POSITION,
    "испытыва": MenteeProfile.Category.IN_DIFFICULTY,
    "с трудност": MenteeProfile.Category.IN_DIFFICULTY,
    "обучающ": MenteeProfile.Category.STUDENT,
    "ученик": MenteeProfile.Category.STUDENT,
    "ученица": MenteeProfile.Category.STUDENT,
    "студент": MenteeProfile.Category.STUDENT,
}


def _read_cell(code: str, value: Any, lookups: Lookups) -> Any:
    """The value of one cell for the field `code`; None when the cell is empty."""
    if code in fields.NAME_CODES:
        return parsing.name_part(value) or None
    if code in ("birth_date", "training_date", "consent_date"):
        day = parsing.date(value)
        if day is not None and code != "birth_date" and day > lookups.today:
            raise parsing.CellError(_("дата %(date)s ещё не наступила.") % {"date": day.strftime("%d.%m.%Y")})
        return day
    if code == "teaching_experience":
        return parsing.experience(value)
    if code == "qualification_category":
        return parsing.qualification(value)
    if code == "email":
        return parsing.email(value)
    if code == "phone":
        return parsing.phone(value)
    if code == "school_class":
        return parsing.school_class(value)
    if code == "mentor_status":
        return parsing.choice(
            value, MentorProfile.Status.choices, what=_("статус"), extra=MENTOR_STATUS_WORDS
        )
    if code == "mentee_category":
        return parsing.choice(
            value, MenteeProfile.Category.choices, what=_("категория"), extra=MENTEE_CATEGORY_WORDS
        )
    if code == "mentee_status":
        return parsing.choice(value, MenteeProfile.Status.choices, what=_("статус"))
    if code == "capacity":
        return parsing.whole_number(value, 1, 10)
    if code == "training_hours":
        return parsing.whole_number(value, 1, 500)
    if code in ("trained", "interview_done"):
        return parsing.yes_no(value)
    if code in ("competencies", "request_tags"):
        names = parsing.tag_list(value)
        if not names:
            return None
        unknown = [name for name in names if name.lower() not in lookups.competencies]
        if unknown:
            raise parsing.CellError(
                _("нет в перечне компетенций: %(names)s.") % {"names": ", ".join(f"«{n}»" for n in unknown)}
            )
        return sorted({lookups.competencies[name.lower()].name for name in names})
    if code == "preferred_form":
        raw = parsing.text(value)
        if not raw:
            return None
        form = lookups.forms.get(_form_key(raw))
        if form is None:
            allowed = ", ".join(f"«{f.name}»" for f in lookups.forms.values())
            raise parsing.CellError(
                _("формы наставничества «%(value)s» нет; подойдут: %(allowed)s.")
                % {"value": raw, "allowed": allowed}
            )
        return form
    return parsing.plain(value, MAX_LENGTHS.get(code, 255))


def _is_total(cells: list[Any]) -> bool:
    first = next((parsing.text(cell).lower() for cell in cells if not parsing.is_empty(cell)), "")
    return first.startswith(TOTAL_WORDS)


def _read_row(number: int, cells: list[Any], layout: columns.Layout, lookups: Lookups) -> RowResult:
    result = RowResult(row=number)
    for column in layout.columns:
        if not column.field or column.index >= len(cells):
            continue
        value = cells[column.index]
        if parsing.is_empty(value):
            continue
        try:
            if column.field == fields.FULL_NAME:
                last, first, patronymic = parsing.split_full_name(value)
                result.values.update(
                    {"last_name": last, "first_name": first}
                    | ({"patronymic": patronymic} if patronymic else {})
                )
                continue
            parsed = _read_cell(column.field, value, lookups)
        except parsing.CellError as error:
            result.errors.append(_sentence(f"{fields.label(column.field)}: {error}"))
            continue
        if parsed is not None:
            result.values[column.field] = parsed
    return result


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


# --- The rules a person's values obey ---------------------------------------------------------------------


def _check_person(result: RowResult, merged: dict[str, Any], today: datetime.date) -> None:
    for code in ("last_name", "first_name", "patronymic", "school_class"):
        limit = getattr(Person._meta.get_field(code), "max_length", None) or 0
        if limit and len(merged.get(code) or "") > limit:
            result.errors.append(
                _("%(field)s: слишком длинно — можно %(max)s знаков.")
                % {"field": fields.label(code), "max": limit}
            )
    if not merged.get("last_name"):
        result.errors.append(_("Не заполнена фамилия."))
    if not merged.get("first_name"):
        result.errors.append(_("Не заполнено имя."))
    birth = merged.get("birth_date")
    if birth is not None:
        if birth > today:
            result.errors.append(
                _("Дата рождения: %(date)s ещё не наступила.") % {"date": birth.strftime("%d.%m.%Y")}
            )
        elif birth.year < today.year - 100:
            result.errors.append(_("Дата рождения: проверьте год — человеку больше 100 лет."))
        elif merged.get("kind") == Person.Kind.STAFF and (today - birth).days < 16 * 365:
            result.errors.append(
                _(
                    "Дата рождения: сотруднику организации не может быть меньше 16 лет (если это "
                    "обучающийся — "
                    "укажите класс)."
                )
            )
        experience = merged.get("teaching_experience")
        if experience is not None and experience > max((today - birth).days // 365 - 14, 0):
            result.errors.append(_("Педагогический стаж: больше возраста за вычетом 14 лет."))


# --- The preview ------------------------------------------------------------------------------------------


def preview(
    *,
    organisation: Organisation,
    target: str,
    content: bytes | None = None,
    sheets: list[reader.Sheet] | None = None,
    filename: str = "",
    sheet: str = "",
    mapping: dict[int, str] | None = None,
    students: bool = False,
) -> Preview:
    """What importing the file would do, row by row; writes nothing. The file is its `content`, or the
    `sheets` an earlier preview read from it (its `parsed`)."""
    if target not in fields.TARGETS:
        raise ValueError(target)
    if (content is None) == (sheets is None):
        raise TypeError("preview() takes the content or the sheets read from it")
    result = Preview(target=target, filename=filename, students=students)
    try:
        parsed = reader.read(content, filename) if content is not None else sheets or []
        result.parsed = parsed
        chosen, result.sheets = columns.choose_sheet(parsed, target, sheet)
        result.sheet = chosen.name
        layout = columns.layout_of(chosen, target, mapping)
    except ValidationError as error:
        result.file_error = " ".join(error.messages)
        return result
    result.header_row, result.columns = layout.header_row, layout.columns
    data = []
    headers = [c.header for c in layout.columns]
    for number, cells in layout.data:
        if all(parsing.is_empty(cell) for cell in cells) or _is_total(cells):
            result.skipped.append(number)
            continue
        # The first cell decides before the whole row is compared.
        if (not headers or parsing.text(cells[0]) == headers[0]) and [
            parsing.text(c) for c in cells[: len(headers)]
        ] == headers[: len(cells)]:
            result.skipped.append(number)  # the header repeated (a list printed on several pages)
            continue
        data.append((number, cells))
    if layout.data:
        # Blank rows are not kept by the reader: the gaps between the rows it kept.
        present = {number for number, _cells in layout.data}
        result.skipped += [n for n in range(layout.data_from, max(present)) if n not in present]
        result.skipped.sort()
    if not data:
        result.file_error = _("В файле нет ни одной строки с данными под строкой названий столбцов.")
        return result
    if len(data) > reader.MAX_ROWS:
        result.file_error = _("В файле больше %(max)s строк: разделите его на части.") % {
            "max": reader.MAX_ROWS
        }
        return result
    lookups = Lookups(organisation, target)
    seen_people: dict[int, int] = {}
    seen_new: dict[tuple, int] = {}
    seen_emails: dict[str, int] = {}
    for number, cells in data:
        row = _read_row(number, cells, layout, lookups)
        if all(not value for code, value in row.values.items() if code not in ("kind",)) and not row.errors:
            result.skipped.append(number)  # only a «№» or columns that are not loaded
            continue
        _resolve(row, lookups, students=students)
        # Two rows about one person.
        earlier = None
        if row.person is not None:
            earlier = seen_people.get(row.person.pk)
            seen_people.setdefault(row.person.pk, number)
        elif row.values.get("last_name") and row.values.get("first_name"):
            key = (*_name_key(row.out), row.out.get("birth_date"))
            earlier = seen_new.get(key)
            seen_new.setdefault(key, number)
        email = row.out.get("email")
        if earlier is None and email:
            earlier = seen_emails.get(email)
        if email:
            seen_emails.setdefault(email, number)
        if earlier is not None:
            row.errors.append(
                _("Этот человек уже есть в строке %(row)s файла (%(name)s): оставьте одну из строк.")
                % {"row": earlier, "name": row.name}
            )
        if row.errors:
            row.action = ERROR
        result.rows.append(row)
    return result


def _name_key(out: dict[str, Any]) -> tuple[str, ...]:
    return tuple((out.get(code) or "").lower().replace("ё", "е") for code in fields.NAME_CODES)


def _resolve(row: RowResult, lookups: Lookups, *, students: bool) -> None:
    """Match the row to a person, compute the changes and what the person and record would be."""
    values = row.values
    match = lookups.directory.find(
        email=values.get("email"),
        last=values.get("last_name", ""),
        first=values.get("first_name", ""),
        patronymic=values.get("patronymic", ""),
        birth=values.get("birth_date"),
    )
    if match.error:
        row.errors.append(match.error)
    row.person, row.matched_by = match.person, match.how
    person = row.person
    student = students or "school_class" in values
    if person is None:
        row.kind = Person.Kind.STUDENT if student else Person.Kind.STAFF
        merged = {code: values.get(code, _blank(code)) for code in PERSON_OUT if code != "kind"}
        merged["kind"] = row.kind
    else:
        row.kind = Person.Kind.STUDENT if student else person.kind
        merged = {code: getattr(person, code) for code in PERSON_OUT}
        for code in PERSON_OUT:
            new = row.kind if code == "kind" else values.get(code)
            if new is None:
                continue  # an empty cell never blanks a value
            if new != merged[code]:
                row.changes[code] = [merged[code], new]
                merged[code] = new
    _check_person(row, merged, lookups.today)
    row.out = dict(merged)
    if lookups.target != PEOPLE:
        _resolve_record(row, lookups)
    if not row.errors:
        row.action = CREATE if person is None else (UPDATE if row.changes else UNCHANGED)


def _blank(code: str) -> Any:
    return None if code in ("birth_date", "teaching_experience") else ""


def _record_defaults(target: str, kind: str) -> dict[str, Any]:
    if target == MENTORS:
        return {"mentor_status": MentorProfile.Status.POTENTIAL, "capacity": 1}
    student = kind == Person.Kind.STUDENT
    return {
        "mentee_category": MenteeProfile.Category.STUDENT
        if student
        else MenteeProfile.Category.YOUNG_SPECIALIST,
        "mentee_status": MenteeProfile.Status.CANDIDATE,
    }


def _record_current(record: Model, code: str, attrs: dict[str, str]) -> Any:
    if code in ("competencies", "request_tags"):
        return [c.name for c in getattr(record, code).all()]
    return getattr(record, attrs[code])


def _resolve_record(row: RowResult, lookups: Lookups) -> None:
    target, values = lookups.target, row.values
    attrs = MENTOR_ATTRS if target == MENTORS else MENTEE_ATTRS
    codes = BASE_OUT[target]
    record = lookups.records.get(row.person.pk) if row.person is not None else None
    row.record = record
    given = {code: values[code] for code in codes if code in values and code != "consent_date"}
    if target == MENTORS and given.get("training_date") and "trained" not in given:
        given["trained"] = True
    if record is None:
        row.new_record = True
        state = {**_record_defaults(target, row.kind), **given}
        current = dict.fromkeys(codes)
        for code, value in state.items():
            if row.person is not None:
                row.changes[code] = [None, value]
    else:
        current = {code: _record_current(record, code, attrs) for code in codes if code != "consent_date"}
        state = dict(current)
        for code, value in given.items():
            old = current[code]
            if (old.pk if isinstance(old, Model) else old) != (
                value.pk if isinstance(value, Model) else value
            ):
                row.changes[code] = [old, value]
                state[code] = value
    consented = row.person is not None and row.person.pk in lookups.consented
    consent_on = values.get("consent_date")
    if consent_on is not None and not consented:
        row.consent_on = consent_on
        if row.person is not None:
            row.changes["consent_date"] = [None, consent_on]
    state["consent_date"] = consent_on
    status = state.get("mentor_status")
    if status in (MentorProfile.Status.READY, MentorProfile.Status.ACTIVE) and not (consented or consent_on):
        row.errors.append(
            _(
                "Статус наставника: «%(status)s» можно поставить только при действующем согласии "
                "на обработку "
                "персональных данных — укажите дату согласия."
            )
            % {"status": MentorProfile.Status(status).label}
        )
    for code in codes:
        row.out[code] = state.get(code, current.get(code))


# --- The confirmation -------------------------------------------------------------------------------------


def _content_type(model) -> ContentType:
    return ContentType.objects.get_for_model(model)


@transaction.atomic
def import_confirm(
    *,
    organisation: Organisation,
    actor,
    target: str,
    content: bytes | None = None,
    sheets: list[reader.Sheet] | None = None,
    filename: str = "",
    sheet: str = "",
    mapping: dict[int, str] | None = None,
    students: bool = False,
    updates: Collection[int] | None = (),
    upload_token: str | None = None,
    shown: str | None = None,
) -> tuple[Preview, ImportBatch]:
    """Import the file (its `content`, or the `sheets` its preview read): every row or none. `updates` are
    the row numbers whose changes to existing people were ticked (None: all of them); an update row not
    ticked is left as it is. `shown`, the fingerprint of the preview the user saw: when the rows compared
    with the database now give anything else, `ImportChanged` and nothing is written. Returns the preview
    the import was made from and its batch."""
    # One import at a time per organisation: the rows are compared with the database again under the lock,
    # so that two imports confirmed together cannot both add the same person.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    result = preview(
        organisation=organisation,
        target=target,
        content=content,
        sheets=sheets,
        filename=filename,
        sheet=sheet,
        mapping=mapping,
        students=students,
    )
    if not result.ok:
        raise ImportRefused(result.file_error or _("В файле есть ошибки: ничего не загружено."), result)
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                organisation=organisation,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                target=target,
                filename=filename[:255],
                sheet=result.sheet[:255],
                upload_token=upload_token,
            )
    except IntegrityError:
        raise ImportRefused(_("Этот файл уже загружен.")) from None
    # After the batch: a second confirmation of one upload (another tab) is told it was imported, though its
    # rows, compared with the people the first one added, now differ too. The batch goes with the refusal.
    if shown is not None and result.fingerprint != shown:
        raise ImportChanged(
            _(
                "После проверки файла данные в системе изменились, поэтому ничего не загружено. "
                "Посмотрите строки ещё раз и подтвердите загрузку."
            ),
            result,
        )
    ticked = [row for row in result.update_rows if updates is None or row.row in updates]
    writer = _Writer(organisation=organisation, actor=actor, batch=batch, target=target)
    writer.create_people([row for row in result.rows if row.action == CREATE])
    writer.update_people(ticked)
    if target != PEOPLE:
        writer.save_records([row for row in result.rows if row.action == CREATE] + ticked)
    writer.finish()
    batch.created_count = result.summary[CREATE]
    batch.updated_count = len(ticked)
    batch.unchanged_count = result.summary[UNCHANGED] + result.summary[UPDATE] - len(ticked)
    batch.save(update_fields=["created_count", "updated_count", "unchanged_count"])
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="excel.imported",
        target=batch,
        changes={
            "kind": result.target_label,
            "new": batch.created_count,
            "updated": batch.updated_count,
            "unchanged": batch.unchanged_count,
        },
    )
    return result, batch


class _Writer:
    """The writes of one confirmation, in bulk."""

    def __init__(self, *, organisation: Organisation, actor, batch: ImportBatch, target: str):
        self.organisation, self.actor, self.batch, self.target = organisation, actor, batch, target
        self.items: list[ImportBatchItem] = []
        self.audit: list[AuditEntry] = []
        self.now = timezone.now()
        self.user = actor if getattr(actor, "is_authenticated", False) else None

    def item(self, row: int, obj: Model, action: str, changes: dict | None = None) -> None:
        # By ids: the related-object descriptors cost more than the rest of the item, row after row.
        self.items.append(
            ImportBatchItem(
                batch_id=self.batch.pk,
                row=row,
                action=action,
                target_type_id=_content_type(type(obj)).pk,
                target_id=obj.pk,
                changes=changes or {},
            )
        )

    def create_people(self, rows: list[RowResult]) -> None:
        people = []
        for row in rows:
            person = Person(**{code: row.out[code] for code in PERSON_OUT})
            people.append(person)
            row.person = person
        Person.objects.bulk_create(people, batch_size=500)
        organisation_id = self.organisation.pk
        memberships = Membership.objects.bulk_create(
            [Membership(person_id=person.pk, organisation_id=organisation_id) for person in people],
            batch_size=500,
        )
        MembershipRole.objects.bulk_create(
            [
                MembershipRole(membership_id=membership.pk, role=Role.TEACHER)
                for membership, person in zip(memberships, people, strict=True)
                if person.kind == Person.Kind.STAFF
            ],
            batch_size=500,
        )
        for row, person in zip(rows, people, strict=True):
            self.item(row.row, person, ImportBatchItem.Action.CREATED)

    def update_people(self, rows: list[RowResult]) -> None:
        changed_fields: set[str] = set()
        people: list[Person] = []
        email_of_user: dict[int, str] = {}
        for row in rows:
            person = row.person
            person_changes = {code: pair for code, pair in row.changes.items() if code in PERSON_OUT}
            if person is None or not person_changes:
                continue
            for code, (_old, new) in person_changes.items():
                setattr(person, code, new)
                changed_fields.add(code)
            person.updated_at = self.now
            people.append(person)
            if "email" in person_changes and person.user_id:
                email_of_user[person.user_id] = person.email
            jsonable = {code: [_json(old), _json(new)] for code, (old, new) in person_changes.items()}
            self.item(row.row, person, ImportBatchItem.Action.UPDATED, jsonable)
            self.audit.append(self._audit("person.updated", person, jsonable))
        if people:
            Person.objects.bulk_update(people, [*sorted(changed_fields), "updated_at"], batch_size=500)
        if email_of_user:
            # The login's e-mail follows the person's: a password reset goes to the new address.
            users = list(get_user_model().objects.filter(pk__in=email_of_user))
            for user in users:
                user.email = email_of_user[user.pk]
            get_user_model().objects.bulk_update(users, ["email"])

    def _audit(self, action: str, target: Model, changes: dict) -> AuditEntry:
        return AuditEntry(
            organisation=self.organisation,
            actor=self.user,
            action=action,
            target_type=_content_type(type(target)),
            target_id=target.pk,
            target_repr=str(target)[:500],
            changes=changes,
        )

    def save_records(self, rows: list[RowResult]) -> None:
        model: Any = MentorProfile if self.target == MENTORS else MenteeProfile
        attrs = MENTOR_ATTRS if self.target == MENTORS else MENTEE_ATTRS
        tags_field = "competencies" if self.target == MENTORS else "request_tags"
        through = getattr(model, tags_field).through
        owner = f"{model._meta.model_name}_id"
        new_records: list[Any] = []
        changed_records: list[Any] = []
        changed_fields: set[str] = set()
        tags: dict[int, list[str]] = {}
        record_rows: list[tuple[RowResult, Any, bool]] = []
        for row in rows:
            if row.new_record:
                record = model(organisation=self.organisation, person=row.person)
                for code, attr in attrs.items():
                    value = row.out.get(code)
                    if value is not None:
                        setattr(record, attr, value)
                # The values are parsed and bounded already; `full_clean` would ask the database about the
                # record's constraints once per row.
                record.clean_fields(exclude=["organisation", "person"])
                new_records.append(record)
                record_rows.append((row, record, True))
            else:
                record = row.record
                if record is None:
                    continue
                record_changes = {code: pair for code, pair in row.changes.items() if code in attrs}
                if record_changes:
                    for code, (_old, new) in record_changes.items():
                        setattr(record, attrs[code], new)
                        changed_fields.add(attrs[code])
                    changed_records.append(record)
                if record_changes or tags_field in row.changes:
                    record_rows.append((row, record, False))
        model.objects.bulk_create(new_records, batch_size=500)
        if changed_records:
            model.objects.bulk_update(changed_records, sorted(changed_fields), batch_size=500)
        for row, record, created in record_rows:
            if created:
                if row.out.get(tags_field):
                    tags[record.pk] = row.out[tags_field]
                self.item(row.row, record, ImportBatchItem.Action.CREATED)
            else:
                if tags_field in row.changes:
                    tags[record.pk] = row.changes[tags_field][1]
                record_changes = {
                    code: [_json(old), _json(new)]
                    for code, (old, new) in row.changes.items()
                    if code in attrs or code == tags_field
                }
                self.item(row.row, record, ImportBatchItem.Action.UPDATED, record_changes)
                action = "mentor.saved" if model is MentorProfile else "mentee.saved"
                self.audit.append(self._audit(action, record, record_changes))
        if tags:
            catalogue = {c.name: c for c in Competency.objects.all()}
            through.objects.filter(**{f"{owner}__in": list(tags)}).delete()
            through.objects.bulk_create(
                [
                    through(**{owner: record_id, "competency_id": catalogue[name].pk})
                    for record_id, names in tags.items()
                    for name in names
                ],
                batch_size=500,
            )
        consents = [
            Consent(
                organisation=self.organisation,
                person=row.person,
                given_on=row.consent_on,
                text_version=IMPORT_CONSENT_VERSION,
                recorded_by=self.user,
            )
            for row in rows
            if row.consent_on is not None
        ]
        Consent.objects.bulk_create(consents, batch_size=500)
        by_person = {consent.person_id: consent for consent in consents}
        for row in rows:
            if row.consent_on is not None and row.person is not None:
                self.item(row.row, by_person[row.person.pk], ImportBatchItem.Action.CREATED)

    def finish(self) -> None:
        ImportBatchItem.objects.bulk_create(self.items, batch_size=500)
        AuditEntry.objects.bulk_create(self.audit, batch_size=500)


# --- Undo -------------------------------------------------------------------------------------------------

# What may go with a person when their batch is undone: what the batch itself created around them.
_OWN_WITH_PERSON = (Membership, MembershipRole, MentorProfile, MenteeProfile, Consent)


ItemsByModel = dict[type[Model], list[ImportBatchItem]]


def _items_by_model(batch: ImportBatch) -> tuple[ItemsByModel, ItemsByModel]:
    created: ItemsByModel = {}
    updated: ItemsByModel = {}
    for item in batch.items.select_related("target_type").order_by("pk"):
        model = item.target_type.model_class()
        if model is None:
            continue
        (created if item.action == ImportBatchItem.Action.CREATED else updated).setdefault(model, []).append(
            item
        )
    return created, updated


def undo_blockers(batch: ImportBatch) -> list[str]:
    """Why the batch cannot be undone (empty: it can): what refers to the people and records it created."""
    if batch.undone_at is not None:
        return [_("Эта загрузка уже отменена.")]
    created, _updated = _items_by_model(batch)
    person_ids = [item.target_id for item in created.get(Person, [])]
    record_items = created.get(MentorProfile, []) + created.get(MenteeProfile, [])
    consent_ids = {item.target_id for item in created.get(Consent, [])}
    reasons: list[str] = []
    people = list(Person.objects.filter(pk__in=person_ids))
    with_login = [person for person in people if person.user_id]
    if with_login:
        reasons.append(
            ngettext(
                "у %(count)s человека из этой загрузки уже есть вход в систему (%(names)s)",
                "у %(count)s человек из этой загрузки уже есть вход в систему (%(names)s)",
                len(with_login),
            )
            % {"count": len(with_login), "names": ", ".join(p.short_name for p in with_login[:5])}
        )
    allowed = set(_OWN_WITH_PERSON) | removal.TAG_THROUGHS

    def own(obj: Model) -> bool:
        if isinstance(obj, Consent):
            return obj.pk in consent_ids
        if isinstance(obj, Membership):
            return obj.organisation_id == batch.organisation_id
        return True

    reasons += removal.references(people, allowed=allowed, own=own)
    records = [
        model._default_manager.filter(pk=item.target_id).first()
        for item in record_items
        if (model := item.target_type.model_class()) is not None
    ]
    reasons += removal.references([r for r in records if r is not None], allowed=removal.TAG_THROUGHS)
    return sorted(set(reasons))


@transaction.atomic
def import_batch_undo(*, batch: ImportBatch, actor) -> ImportBatch:
    """Take back a batch: delete the people, records and consents it created, put back the fields it changed
    (where they still hold the imported value). Refused while anything else refers to its people."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    blockers = undo_blockers(batch)
    if blockers:
        raise ValidationError(
            _(
                "Загрузку нельзя отменить: %(reasons)s. Удалите или измените это, "
                "либо исправьте людей вручную."
            )
            % {"reasons": "; ".join(blockers)}
        )
    created, updated = _items_by_model(batch)
    reverted = 0
    for model, items in updated.items():
        objects = {
            obj.pk: obj for obj in model._default_manager.filter(pk__in=[item.target_id for item in items])
        }
        for item in items:
            obj = objects.get(item.target_id)
            if obj is None:
                continue
            reverted += _revert(obj, item.changes)
    for model in (Consent, MentorProfile, MenteeProfile, Person):
        ids = [item.target_id for item in created.get(model, [])]
        if ids:
            model.objects.filter(pk__in=ids).delete()
    batch.undone_at = timezone.now()
    batch.undone_by = actor if getattr(actor, "is_authenticated", False) else None
    batch.save(update_fields=["undone_at", "undone_by"])
    audit_entry_create(
        actor=actor,
        organisation=batch.organisation,
        action="excel.undone",
        target=batch,
        changes={
            "removed": len(created.get(Person, [])),
            "restored_fields": reverted,
        },
    )
    return batch


def _revert(obj: Model, changes: dict[str, list[Any]]) -> int:
    """Put back the fields an import changed, where they still hold the imported value."""
    attrs = {**MENTOR_ATTRS, **MENTEE_ATTRS} if not isinstance(obj, Person) else {}
    changed = []
    for code, (old, new) in changes.items():
        if code in ("competencies", "request_tags"):
            manager = getattr(obj, code)
            if sorted(c.name for c in manager.all()) == sorted(new or []):
                manager.set(Competency.objects.filter(name__in=old or []))
                changed.append(code)
            continue
        attr = attrs.get(code, code)
        if not hasattr(obj, attr) or code == "consent_date":
            continue
        current = getattr(obj, attr)
        field_obj: Any = obj._meta.get_field(attr)
        if field_obj.is_relation:
            if _json(current) == new:
                related = field_obj.related_model._default_manager
                setattr(obj, attr, related.filter(code=old).first() if old else None)
                changed.append(attr)
            continue
        if _json(current) == new:
            setattr(
                obj, attr, field_obj.to_python(old) if old is not None else (None if field_obj.null else "")
            )
            changed.append(attr)
    plain = [name for name in changed if name not in ("competencies", "request_tags")]
    if plain:
        obj.save(update_fields=plain + (["updated_at"] if isinstance(obj, Person) else []))
        if isinstance(obj, Person) and "email" in plain and obj.user_id:
            get_user_model().objects.filter(pk=obj.user_id).update(email=obj.email)
    return len(changed)


def people_of(batch: ImportBatch) -> Iterable[int]:
    return batch.items.filter(target_type=_content_type(Person)).values_list("target_id", flat=True)

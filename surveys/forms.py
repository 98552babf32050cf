from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.widgets import ChoiceWidget
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mentoring.models import MentoringForm, Organisation, Person
from mentoring.organisations.forms import DateInput
from mentoring.programme.pickers import PeoplePickField, people_groups, picker_search

from . import selectors
from .models import Invitation, Question, Questionnaire, Section

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class QuestionnaireForm(forms.ModelForm):
    chosen_people = PeoplePickField(
        label=_("Выбранные люди"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Только для аудитории «Выбранные люди»: отметьте каждого или выберите группу."),
    )

    class Meta:
        model = Questionnaire
        fields = [
            "title",
            "purpose",
            "instructions",
            "audience",
            "mentoring_form",
            "opens_on",
            "closes_on",
            "is_anonymous",
            "allow_edit_until_close",
        ]
        widgets = {
            "instructions": forms.Textarea(attrs={"rows": 3}),
            "opens_on": DateInput(),
            "closes_on": DateInput(),
        }

    def __init__(self, *args, organisation, search_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentoring_form"].queryset = MentoringForm.objects.filter(is_active=True)
        self.fields["chosen_people"].setup(
            people=Person.objects.filter(memberships__organisation=organisation).order_by(
                "last_name", "first_name", "patronymic"
            ),
            groups=people_groups(organisation),
            search=picker_search(self, "chosen_people"),
            search_url=search_url,
        )
        for name in ("opens_on", "closes_on"):
            self.fields[name].input_formats = DATE_FORMATS
        if self.instance.pk:
            self.fields["chosen_people"].initial = list(
                self.instance.chosen_people.values_list("pk", flat=True)
            )


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class QuestionForm(forms.ModelForm):
    options = forms.CharField(
        label=_("Варианты ответа"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "По одному в строке. Для сравнения волн варианты могут начинаться с числа: «5 — отлично»."
        ),
    )
    statements = forms.CharField(
        label=_("Утверждения"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("По одному в строке; каждое оценивается по шкале."),
    )

    class Meta:
        model = Question
        fields = [
            "section",
            "code",
            "type",
            "text",
            "help_text",
            "required",
            "options",
            "statements",
            "scale_min",
            "scale_max",
            "scale_min_label",
            "scale_max_label",
            "lower_is_better",
            "people_source",
            "max_choices",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = questionnaire.sections.order_by("order", "id")
        self.fields["section"].empty_label = None
        if self.instance.pk:
            self.initial["options"] = "\n".join(self.instance.options)
            self.initial["statements"] = "\n".join(self.instance.statements)

    def clean_options(self):
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]

    def clean_statements(self):
        return [line.strip() for line in self.cleaned_data["statements"].splitlines() if line.strip()]

    def _post_clean(self):
        # The service checks the question as a whole (its type's rules, a unique code); skip the model's.
        pass


class FinalWaveForm(forms.Form):
    opens_on = forms.DateField(
        label=_("Открывается"), required=False, widget=DateInput(), input_formats=DATE_FORMATS
    )
    closes_on = forms.DateField(
        label=_("Закрывается"), required=False, widget=DateInput(), input_formats=DATE_FORMATS
    )

    def clean(self):
        data = super().clean() or self.cleaned_data
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("Дата закрытия раньше даты открытия."))
        return data


class ResultsFilterForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Роль"),
        required=False,
        choices=[
            ("", _("Все")),
            (Invitation.Role.MENTOR, _("Наставники")),
            (Invitation.Role.MENTEE, _("Наставляемые")),
        ],
    )
    form = forms.TypedChoiceField(
        label=_("Форма наставничества"), required=False, coerce=int, empty_value=None
    )
    pair = forms.TypedChoiceField(label=_("Пара/группа"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, forms_choices, pairs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = [("", _("Все"))] + [(form.pk, form.name) for form in forms_choices]
        self.fields["pair"].choices = [("", _("Все"))] + [
            (pair.pk, f"{pair.mentor.short_name} — {', '.join(m.short_name for m in pair.mentees.all())}")
            for pair in pairs
        ]


# Answering a questionnaire ------------------------------------------------------------------------------
#
# One dynamic form: a field per question, named by the question's code and chosen by its type from
# `ANSWER_FIELDS`; each field cleans to the JSON value stored for that type (see `Answer.value`). A draft is
# the same form with `partial=True`: nothing is required and a matrix may be half rated. What a respondent
# typed, per question code, is a string, or a list of strings for multiple choice, matrix rows and ranked
# people: the mapping a draft keeps and the one `services.response_submit` receives and checks again with
# this form, so nothing reaches the database unchecked whoever calls it.

SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 5000
DEFAULT_PEOPLE_CHOICES = 3
NUMBER_LIMIT = Decimal("1e12")
ANSWER_DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
REQUIRED = {"required": _("Ответьте на этот вопрос.")}
NOT_RECOGNISED = _("Ответ не распознан.")
ROW_TYPES = {Question.Type.MATRIX, Question.Type.PEOPLE}


def people_slots(question: Question) -> int:
    return question.max_choices or DEFAULT_PEOPLE_CHOICES


def is_unanswered(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return all(is_unanswered(item) for item in value)
    return False


class RowsInput(forms.Widget):
    """One input per row, named `<code>__1`, `<code>__2`, …: a matrix's statements, the ranks of a people
    choice. Numbered inputs beyond the rows (a forged post) are read too, so the field refuses them instead
    of dropping them silently. The template draws the inputs; this widget only reads them."""

    def __init__(self, rows: int):
        super().__init__()
        self.rows = rows

    def value_from_datadict(self, data, files, name) -> list[str]:
        values = []
        index = 1
        while index <= self.rows or f"{name}__{index}" in data:
            value = data.get(f"{name}__{index}", "")
            values.append(value.strip() if isinstance(value, str) else value)
            index += 1
        return values

    def value_omitted_from_data(self, data, files, name) -> bool:
        return False


class OptionsField(forms.MultipleChoiceField):
    """Several options, at most `max_choices`, stored in the order of the options."""

    def __init__(self, *, max_choices: int | None, **kwargs):
        super().__init__(**kwargs)
        self.max_choices = max_choices

    def to_python(self, value) -> list[str]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple) or any(not isinstance(item, str) for item in value):
            raise ValidationError(NOT_RECOGNISED, code="invalid_list")
        return list(dict.fromkeys(item.strip() for item in value if item.strip()))

    def validate(self, value) -> None:
        super().validate(value)
        if self.max_choices and len(value) > self.max_choices:
            raise ValidationError(
                _("Можно выбрать не больше %(count)s.") % {"count": self.max_choices}, code="too_many"
            )

    def clean(self, value) -> list[str]:
        chosen = super().clean(value)
        options = cast("list[tuple[str, str]]", self.choices)  # set in __init__ from the question's options
        return [option for option, _label in options if option in chosen]


def _scale_field(question: Question) -> forms.IntegerField:
    out_of_range = _("Выберите значение от %(min)s до %(max)s.") % {
        "min": question.scale_min,
        "max": question.scale_max,
    }
    return forms.IntegerField(
        min_value=question.scale_min,
        max_value=question.scale_max,
        widget=forms.RadioSelect(choices=[(point, point) for point in question.scale_values]),
        error_messages={
            **REQUIRED,
            "invalid": _("Выберите значение на шкале."),
            "min_value": out_of_range,
            "max_value": out_of_range,
        },
    )


class MatrixField(forms.Field):
    """Each statement rated on the question's scale: a list of integers, None for a statement not rated
    (allowed in a draft or in an optional question, never in a required one on submission)."""

    def __init__(self, *, question: Question, **kwargs):
        super().__init__(widget=RowsInput(len(question.statements)), **kwargs)
        self.point = _scale_field(question)
        self.rows = len(question.statements)

    def clean(self, value) -> list[int | None] | None:
        if not isinstance(value, list | tuple) or len(value) != self.rows:
            raise ValidationError(NOT_RECOGNISED, code="invalid_list")
        if is_unanswered(value):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        values = [None if is_unanswered(item) else self.point.clean(item) for item in value]
        missing = values.count(None)
        if missing and self.required:
            raise ValidationError(
                _("Оцените каждое утверждение (не оценено: %(count)s).") % {"count": missing},
                code="incomplete",
            )
        return values


class NumberField(forms.Field):
    """A number as people type it: «12», «3,5», «1 200»; an integer when it is whole."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control survey-number"})
    default_error_messages = {"invalid": _("Введите число, например 12 или 3,5.")}

    def to_python(self, value) -> int | float | None:
        if value in self.empty_values:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        text = str(value).strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not number.is_finite() or abs(number) >= NUMBER_LIMIT:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if number == number.to_integral_value():
            return int(number)
        return float(number)


DAY_MONTH_YEAR = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}")


class AnswerDateField(forms.DateField):
    """A date between 1900 and 2100, stored as ISO text."""

    default_error_messages = {
        "invalid": _("Введите дату в виде ДД.ММ.ГГГГ."),
        # The hint about the form only when the value is not in that form («31.02.2026» is).
        "no_such_date": _("Такой даты нет в календаре: проверьте день и месяц."),
        "year": _("Укажите год от 1900 до 2100."),
    }

    def to_python(self, value) -> datetime.date | None:
        if value not in self.empty_values and not isinstance(value, str | datetime.date):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            date = super().to_python(value)
        except ValidationError:
            if isinstance(value, str) and DAY_MONTH_YEAR.fullmatch(value.strip()):
                raise ValidationError(self.error_messages["no_such_date"], code="no_such_date") from None
            raise
        if date is not None and not 1900 <= date.year <= 2100:
            raise ValidationError(self.error_messages["year"], code="year")
        return date

    def clean(self, value) -> str | None:
        date = super().clean(value)
        return date.isoformat() if date else None


class PeopleField(forms.Field):
    """People ranked by preference, most wanted first: a list of person ids from `people`."""

    def __init__(self, *, question: Question, people: list[Person], **kwargs):
        self.slots = people_slots(question)
        super().__init__(widget=RowsInput(self.slots), **kwargs)
        self.people = people
        self.allowed = {person.pk for person in people}

    def clean(self, value) -> list[int] | None:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple):
            raise ValidationError(NOT_RECOGNISED, code="invalid_list")
        chosen: list[int] = []
        for item in value:
            if is_unanswered(item):
                continue
            try:
                person_id = int(str(item).strip())
            except ValueError:
                person_id = None
            if person_id not in self.allowed:
                raise ValidationError(_("Выберите людей из списка."), code="invalid_choice")
            if person_id in chosen:
                raise ValidationError(_("Один и тот же человек выбран дважды."), code="repeated")
            chosen.append(person_id)
        if len(chosen) > self.slots:
            raise ValidationError(
                _("Можно выбрать не больше %(count)s.") % {"count": self.slots}, code="too_many"
            )
        if not chosen:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        return chosen


def _options(question: Question) -> list[tuple[str, str]]:
    return [(option, option) for option in question.options]


def _text_field(max_length: int, widget: forms.Widget) -> forms.CharField:
    return forms.CharField(
        max_length=max_length,
        widget=widget,
        error_messages={
            **REQUIRED,
            "max_length": ngettext("Не длиннее %(count)s знака.", "Не длиннее %(count)s знаков.", max_length)
            % {"count": max_length},
        },
    )


# The field of each question type: (question, the people it may name) → an unbound form field.
ANSWER_FIELDS: dict[str, Callable[[Question, list[Person]], forms.Field]] = {
    Question.Type.SINGLE: lambda question, people: forms.ChoiceField(
        choices=_options(question),
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={**REQUIRED, "invalid_choice": _("Выберите один из предложенных вариантов.")},
    ),
    Question.Type.MULTIPLE: lambda question, people: OptionsField(
        choices=_options(question),
        max_choices=question.max_choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={**REQUIRED, "invalid_choice": _("Выберите варианты из предложенных.")},
    ),
    Question.Type.SCALE: lambda question, people: _scale_field(question),
    Question.Type.MATRIX: lambda question, people: MatrixField(question=question, error_messages=REQUIRED),
    Question.Type.SHORT_TEXT: lambda question, people: _text_field(
        SHORT_TEXT_MAX, forms.TextInput(attrs={"class": "form-control"})
    ),
    Question.Type.LONG_TEXT: lambda question, people: _text_field(
        LONG_TEXT_MAX, forms.Textarea(attrs={"class": "form-control", "rows": 4})
    ),
    Question.Type.NUMBER: lambda question, people: NumberField(error_messages=REQUIRED),
    Question.Type.DATE: lambda question, people: AnswerDateField(
        input_formats=ANSWER_DATE_FORMATS,
        widget=DateInput(attrs={"class": "form-control survey-date"}),
        error_messages=REQUIRED,
    ),
    Question.Type.PEOPLE: lambda question, people: PeopleField(
        question=question, people=people, error_messages=REQUIRED
    ),
}


class AnswerBoundField(forms.BoundField):
    """What the question's template needs besides the input: the question, its rows, its error."""

    @property
    def question(self) -> Question:
        return self.field.question

    @property
    def error_text(self) -> str:
        return " ".join(str(message) for message in self.errors)

    @property
    def is_group(self) -> bool:
        """Several inputs (options, scale points, rows) under one title: a fieldset with a legend."""
        return self.question.type not in {
            Question.Type.SHORT_TEXT,
            Question.Type.LONG_TEXT,
            Question.Type.NUMBER,
            Question.Type.DATE,
        }

    def _row_values(self) -> list:
        value = self.value()
        return list(value) if isinstance(value, list | tuple) else []

    @property
    def rows(self) -> list[dict[str, Any]]:
        """A matrix's statements, each with its input name and the point chosen so far."""
        values = self._row_values()
        return [
            {
                "name": f"{self.html_name}__{index}",
                "statement": statement,
                "value": values[index - 1] if index <= len(values) else "",
            }
            for index, statement in enumerate(self.question.statements, start=1)
        ]

    @property
    def slots(self) -> list[dict[str, Any]]:
        """A people question's ranks, each with its input name and the person chosen so far."""
        values = [*self._row_values(), *[""] * self.field.slots]
        return [
            {"rank": rank, "name": f"{self.html_name}__{rank}", "value": str(values[rank - 1] or "")}
            for rank in range(1, self.field.slots + 1)
        ]


class AnswersForm(forms.Form):
    """The answers to one questionnaire: one field per question, named by its code.

    `people` are found here for the people questions (the respondent never among them). `partial` makes a
    draft: nothing required, a matrix may be half rated, and `typed_answers()` keeps the valid answers."""

    bound_field_class = AnswerBoundField
    use_required_attribute = False

    def __init__(
        self,
        data=None,
        *,
        questions: list[Question],
        organisation: Organisation,
        respondent: Person | None = None,
        partial: bool = False,
        **kwargs,
    ):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(data, **kwargs)
        self.questions = questions
        self.partial = partial
        for question in questions:
            people = (
                selectors.people_to_choose(organisation, question, exclude=respondent)
                if question.type == Question.Type.PEOPLE
                else []
            )
            field = ANSWER_FIELDS[question.type](question, people)
            field.question = question
            field.label = question.text
            field.help_text = question.help_text
            if question.type == Question.Type.PEOPLE and selectors.chooses_mentees(
                organisation, question, respondent
            ):
                field.help_text = _(
                    "Вы в базе наставников: выберите наставляемых, которых хотели бы наставлять."
                )
            field.required = question.required and not partial
            if not isinstance(field.widget, ChoiceWidget | RowsInput):
                field.widget.attrs["aria-describedby"] = f"{question.code}-help {question.code}-error"
            self.fields[question.code] = field

    @classmethod
    def from_typed(cls, typed: Mapping[str, Any], **kwargs) -> AnswersForm:
        """The form bound to a mapping of typed answers by question code (a draft, a caller's answers)."""
        data: MultiValueDict[str, Any] = MultiValueDict()
        for question in kwargs["questions"]:
            value = typed.get(question.code)
            if question.type in ROW_TYPES and isinstance(value, list | tuple):
                for index, item in enumerate(value, start=1):
                    data[f"{question.code}__{index}"] = "" if item is None else item
            elif question.type == Question.Type.MULTIPLE and isinstance(value, list | tuple):
                data.setlist(question.code, list(value))
            elif question.type == Question.Type.PEOPLE and value is not None:
                data[f"{question.code}__1"] = value
            elif value is not None:
                data[question.code] = value
        return cls(data, **kwargs)

    def answers(self) -> dict[str, Any]:
        """{code: stored value} of the answered questions among the valid ones (all of them once valid)."""
        cleaned = getattr(self, "cleaned_data", {})
        return {code: value for code, value in cleaned.items() if not is_unanswered(value)}

    def typed_answers(self) -> dict[str, Any]:
        """{code: what was typed} of the valid answered questions: what a draft keeps."""
        return {code: self[code].data for code in self.answers()}

    def messages_by_code(self) -> dict[str, str]:
        """{code: message} of the wrong answers, in the order of the questions."""
        return {code: self[code].error_text for code in self.fields if code in self.errors}

    def sections(self) -> list[dict[str, Any]]:
        """The questions' bound fields grouped by section, in the questionnaire's order."""
        blocks: list[dict[str, Any]] = []
        for question in self.questions:
            if not blocks or blocks[-1]["section"].pk != question.section_id:
                blocks.append({"section": question.section, "fields": []})
            blocks[-1]["fields"].append(self[question.code])
        return blocks


def typed_from_stored(question: Question, value: Any) -> Any:
    """What the form shows for a stored value, to correct a submitted response."""
    if question.type == Question.Type.MATRIX:
        return ["" if item is None else str(item) for item in value]
    if question.type in {Question.Type.PEOPLE, Question.Type.MULTIPLE}:
        return [str(item) for item in value]
    return str(value)

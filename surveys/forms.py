from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.models import MentoringForm, Person
from mentoring.organisations.forms import DateInput

from .models import Invitation, Question, Questionnaire, Section

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class QuestionnaireForm(forms.ModelForm):
    chosen_people = forms.ModelMultipleChoiceField(
        label=_("Выбранные люди"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Только для аудитории «Выбранные люди». Удерживайте Ctrl, чтобы выбрать несколько."),
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

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentoring_form"].queryset = MentoringForm.objects.filter(is_active=True)
        self.fields["chosen_people"].queryset = Person.objects.filter(
            memberships__organisation=organisation
        ).order_by("last_name", "first_name", "patronymic")
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
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "По одному в строке. Для сравнения волн варианты могут начинаться с числа: «5 — отлично»."
        ),
    )
    statements = forms.CharField(
        label=_("Утверждения"),
        required=False,
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
        data = super().clean()
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

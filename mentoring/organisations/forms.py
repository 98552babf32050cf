from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Field, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from common import dates
from mentoring.models import Person, Role
from mentoring.organisations.access import OrganisationAccess
from mentoring.organisations.declension import gender_from_patronymic


class DateInput(forms.DateInput):
    """The browser's own date picker (phones show their native one); the server also accepts dd.mm.yyyy."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def roles_grantable_by(access: OrganisationAccess) -> list[str]:
    """A curator or director hands out working roles; only an administrator makes administrators, and
    municipal coordinators are appointed in the administration panel."""
    roles: list[str] = [Role.DIRECTOR, Role.CURATOR, Role.PSYCHOLOGIST, Role.TEACHER]
    if access.has({Role.ADMIN}):
        roles.insert(0, Role.ADMIN)
    return roles


class PersonForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("Роли в организации"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Person
        fields = [
            "last_name",
            "first_name",
            "patronymic",
            "gender",
            "birth_date",
            "kind",
            "position",
            "subjects",
            "qualification_category",
            "teaching_experience",
            "email",
            "phone",
        ]
        widgets = {"birth_date": DateInput(), "phone": forms.TextInput(attrs={"inputmode": "tel"})}

    def __init__(self, *args, access: OrganisationAccess, current_roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        grantable = roles_grantable_by(access)
        self.fields["roles"].choices = [(code, Role(code).label) for code in grantable]
        self.fields["roles"].initial = [code for code in current_roles if code in grantable]
        self.kept_roles = [code for code in current_roles if code not in grantable]
        self.fields["teaching_experience"].widget.attrs.update({"min": 0, "max": 70})
        self.fields["gender"].choices = [("", _("определить по отчеству")), *Person.Gender.choices]
        self.fields["gender"].help_text = _("Документы склоняют имя и согласуют слова с полом.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("last_name", css_class="col-md-4"),
                Column("first_name", css_class="col-md-4"),
                Column("patronymic", css_class="col-md-4"),
            ),
            Row(
                Column("gender", css_class="col-md-4"),
                Column("birth_date", css_class="col-md-4"),
                Column("kind", css_class="col-md-4"),
            ),
            Row(Column("teaching_experience", css_class="col-md-4")),
            Row(
                Column("position", css_class="col-md-6"),
                Column("qualification_category", css_class="col-md-6"),
            ),
            Field("subjects"),
            Row(Column("email", css_class="col-md-6"), Column("phone", css_class="col-md-6")),
            Div(Field("roles"), css_class="border rounded p-3 mb-3 bg-light"),
            Submit("save", _("Сохранить"), css_class="btn-primary"),
        )

    def clean_last_name(self):
        return self.cleaned_data["last_name"].strip()

    def clean_first_name(self):
        return self.cleaned_data["first_name"].strip()

    def clean_birth_date(self):
        birth_date = self.cleaned_data.get("birth_date")
        if birth_date is None:
            return birth_date
        today = dates.today()
        if birth_date > today:
            raise forms.ValidationError(_("Дата рождения не может быть в будущем."))
        if birth_date.year < today.year - 100:
            raise forms.ValidationError(_("Проверьте год рождения: человеку больше 100 лет."))
        return birth_date

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        if not cleaned.get("gender") and "patronymic" in cleaned:
            # The patronymic tells the gender where it can («-вич», «-вна», «оглы», «кызы»); else it is asked,
            # for the documents decline the name and agree with it.
            cleaned["gender"] = gender_from_patronymic(cleaned.get("patronymic") or "")
            if not cleaned["gender"]:
                self.add_error(
                    "gender", _("Укажите пол: по отчеству его определить нельзя, а документы склоняют имя.")
                )
        birth_date, kind = cleaned.get("birth_date"), cleaned.get("kind")
        if birth_date and kind == Person.Kind.STAFF and (dates.today() - birth_date).days < 16 * 365:
            self.add_error("birth_date", _("Сотруднику организации не может быть меньше 16 лет."))
        experience = cleaned.get("teaching_experience")
        if birth_date and experience is not None:
            age = (dates.today() - birth_date).days // 365
            if experience > max(age - 14, 0):
                self.add_error(
                    "teaching_experience", _("Стаж не может быть больше возраста за вычетом 14 лет.")
                )
        if kind == Person.Kind.STUDENT and cleaned.get("roles"):
            self.add_error("roles", _("Обучающемуся нельзя назначить роль сотрудника."))
        return cleaned

    @property
    def final_roles(self) -> list[str]:
        return sorted(set(self.cleaned_data.get("roles") or []) | set(self.kept_roles))


class PeopleFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Поиск"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("ФИО, должность, предмет, почта"), "type": "search"}),
    )
    role = forms.ChoiceField(label=_("Роль"), required=False)
    kind = forms.ChoiceField(label=_("Категория"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("Все роли")), *Role.choices, ("none", _("Без роли"))]
        self.fields["kind"].choices = [("", _("Все")), *Person.Kind.choices]

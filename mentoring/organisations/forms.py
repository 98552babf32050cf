from __future__ import annotations

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Field, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from common import dates
from mentoring.models import Municipality, Organisation, Person, Role
from mentoring.organisations.access import OrganisationAccess
from mentoring.organisations.declension import gender_from_patronymic
from mentoring.organisations.models import TimeZone


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
            cleaned["gender"] = gender_from_patronymic(
                cleaned.get("patronymic") or "", first_name=cleaned.get("first_name") or ""
            )
            if not cleaned["gender"]:
                self.add_error(
                    "gender",
                    _("Укажите пол: по имени и отчеству его определить нельзя, а документы склоняют имя."),
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
    state = forms.ChoiceField(
        label=_("Показать"), required=False, choices=[("", _("В списке")), ("archived", _("В архиве"))]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("Все роли")), *Role.choices, ("none", _("Без роли"))]
        self.fields["kind"].choices = [("", _("Все")), *Person.Kind.choices]


class OrganisationForm(forms.ModelForm):
    """An organisation's details. Creating one, its director may be named (and given a login); editing, the
    director is chosen among its people."""

    director_full_name = forms.CharField(
        label=_("Директор (ФИО)"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("Иванова Мария Сергеевна")}),
    )
    director_email = forms.EmailField(label=_("Электронная почта директора"), required=False)
    director_login = forms.BooleanField(
        label=_("Выдать директору вход и права администратора организации"),
        required=False,
        initial=True,
        help_text=_("Ссылка для выбора пароля придёт директору на почту; дальше школа справится сама."),
    )
    director = forms.ModelChoiceField(label=_("Директор"), queryset=Person.objects.none(), required=False)

    class Meta:
        model = Organisation
        fields = [
            "kind",
            "name",
            "short_name",
            "slug",
            "municipality",
            "time_zone",
            "address",
            "email",
            "phone",
        ]
        help_texts = {
            "slug": _(
                "Латиницей, для адреса страниц; если оставить пустым, составится из краткого названия."
            ),
            "short_name": _("Как организацию называют в списках: «МБОУ СОШ № 5»."),
        }

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        creating = self.instance.pk is None
        self.fields["slug"].required = False
        self.fields["municipality"].queryset = municipalities
        self.fields["municipality"].empty_label = None
        if not creating and not municipalities.filter(pk=self.instance.municipality_id).exists():
            # The organisation's administrator does not move it to another municipality.
            self.fields["municipality"].queryset = Municipality.objects.filter(
                pk=self.instance.municipality_id
            )
            self.fields["municipality"].disabled = True
        self.fields["time_zone"].required = False
        self.fields["time_zone"].choices = [("", _("Как у муниципалитета")), *TimeZone.choices]
        if creating:
            self.initial.setdefault("time_zone", "")  # the municipality's, unless chosen
            del self.fields["director"]
        else:
            for name in ("director_full_name", "director_email", "director_login"):
                del self.fields[name]
            self.fields["director"].queryset = Person.objects.filter(
                memberships__organisation=self.instance, kind=Person.Kind.STAFF
            ).order_by("last_name", "first_name")
            current = self.fields["director"].queryset.filter(memberships__roles__role=Role.DIRECTOR).first()
            self.fields["director"].initial = current.pk if current else None
        self.helper = FormHelper()
        self.helper.form_tag = False
        director = (
            [
                Div(
                    Field("director_full_name"),
                    Field("director_email"),
                    Field("director_login"),
                    css_class="border rounded p-3 mb-3 bg-light",
                )
            ]
            if creating
            else [Field("director")]
        )
        self.helper.layout = Layout(
            Field("kind"),
            Field("name"),
            Row(Column("short_name", css_class="col-md-7"), Column("slug", css_class="col-md-5")),
            Row(Column("municipality", css_class="col-md-7"), Column("time_zone", css_class="col-md-5")),
            Field("address"),
            Row(Column("email", css_class="col-md-6"), Column("phone", css_class="col-md-6")),
            *director,
            Submit("save", _("Создать организацию") if creating else _("Сохранить"), css_class="btn-primary"),
        )

    def clean_slug(self):
        slug = (self.cleaned_data.get("slug") or "").strip().lower()
        if slug and not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
            raise forms.ValidationError(_("Код в адресе — латинские буквы, цифры и дефисы: «school-5»."))
        return slug

    def validate_unique(self):
        # The slug's uniqueness is checked by the service with a Russian sentence (and a blank slug is made
        # there); the model's own check would refuse a blank one.
        exclude = self._get_validation_exclusions()
        exclude.add("slug")
        try:
            self.instance.validate_unique(exclude=exclude)
        except forms.ValidationError as error:
            self._update_errors(error)

    def clean_director_full_name(self):
        from mentoring.organisations.people_import.parsing import CellError, split_full_name

        text = self.cleaned_data.get("director_full_name", "").strip()
        if not text:
            return None
        try:
            last, first, patronymic = split_full_name(text)
        except CellError as error:
            raise forms.ValidationError(_("ФИО директора: %(error)s") % {"error": error}) from None
        return {"last_name": last, "first_name": first, "patronymic": patronymic}

    def clean(self):
        cleaned = super().clean() or {}
        wants_login = cleaned.get("director_login") and cleaned.get("director_full_name")
        if self.instance.pk is None and wants_login and not cleaned.get("director_email"):
            self.add_error(
                "director_email", _("Укажите почту директора: на неё придёт ссылка для выбора пароля.")
            )
        return cleaned

    @property
    def director_data(self) -> dict | None:
        name = self.cleaned_data.get("director_full_name")
        if not name:
            return None
        return {**name, "email": self.cleaned_data.get("director_email") or ""}


class LoginsForm(forms.Form):
    """People to give a login to: ticked by hand, or everyone without a login."""

    people = forms.ModelMultipleChoiceField(queryset=Person.objects.none(), required=False)
    everyone = forms.BooleanField(required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["people"].queryset = Person.objects.filter(
            memberships__organisation=organisation, memberships__archived_at__isnull=True
        )
        self.fields["people"].error_messages["invalid_choice"] = _("Такого человека нет в этой организации.")

    def clean(self):
        cleaned = super().clean() or {}
        if not cleaned.get("everyone") and not cleaned.get("people"):
            raise forms.ValidationError(
                _("Отметьте людей, которым нужен вход, или выберите «всем без входа».")
            )
        return cleaned

    def chosen(self):
        if self.cleaned_data.get("everyone"):
            return self.fields["people"].queryset.filter(user__isnull=True)
        return self.cleaned_data["people"]


class LoginCodeForm(forms.Form):
    username = forms.CharField(
        label=_("Имя для входа"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocapitalize": "none", "autocomplete": "username", "spellcheck": "false"}
        ),
    )
    code = forms.CharField(
        label=_("Код из листка"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocapitalize": "none", "autocomplete": "one-time-code", "spellcheck": "false"}
        ),
    )

"""Forms of the mentoring programme: bases, consents, partners, matching, pairs, plans, meetings, Excel."""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Field, Layout, Row, Submit
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from common import dates, uploads
from common.uploads import UploadKind, validate_upload
from mentoring.models import (
    Competency,
    Meeting,
    MenteeProfile,
    MentoringForm,
    MentorProfile,
    Partner,
    Person,
    PlanAmendment,
    PlanItem,
    PlanTemplate,
)
from mentoring.organisations.forms import DateInput
from mentoring.programme import selectors
from mentoring.programme.pickers import PICKER_LIMIT

YES_NO = [("", _("Все")), ("yes", _("Есть")), ("no", _("Нет"))]


def _search_field(placeholder):
    return forms.CharField(
        label=_("Поиск"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": placeholder, "type": "search", "class": "form-control"}),
    )


def _select(**kwargs):
    return forms.Select(attrs={"class": "form-select"}, **kwargs)


class CompetencyChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(queryset=Competency.objects.order_by("order", "name"), required=False, **kwargs)


class MentorFilterForm(forms.Form):
    q = _search_field(_("ФИО, должность, предмет"))
    status = forms.ChoiceField(label=_("Статус"), required=False, widget=_select())
    competency = forms.ModelChoiceField(
        label=_("Компетенция"), required=False, queryset=Competency.objects.all(), widget=_select()
    )
    consent = forms.ChoiceField(label=_("Согласие"), required=False, choices=YES_NO, widget=_select())
    trained = forms.ChoiceField(label=_("Обучение"), required=False, choices=YES_NO, widget=_select())
    labour_consent = forms.ChoiceField(
        label=_("Согласие по ст. 351.8"), required=False, choices=YES_NO, widget=_select()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Кроме архива")), *MentorProfile.Status.choices]
        self.fields["competency"].empty_label = _("Любая")


class MenteeFilterForm(forms.Form):
    q = _search_field(_("ФИО, должность, предмет"))
    status = forms.ChoiceField(label=_("Статус"), required=False, widget=_select())
    category = forms.ChoiceField(label=_("Категория"), required=False, widget=_select())
    competency = forms.ModelChoiceField(
        label=_("Запрос"), required=False, queryset=Competency.objects.all(), widget=_select()
    )
    consent = forms.ChoiceField(label=_("Согласие"), required=False, choices=YES_NO, widget=_select())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Все")), *MenteeProfile.Status.choices]
        self.fields["category"].choices = [("", _("Все")), *MenteeProfile.Category.choices]
        self.fields["competency"].empty_label = _("Любой")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name}{', ' + obj.position if obj.position else ''}"


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class MentorProfileForm(forms.ModelForm):
    competencies = CompetencyChoiceField(label=_("Компетенции"))

    class Meta:
        model = MentorProfile
        fields = [
            "status",
            "capacity",
            "competencies",
            "experience_note",
            "training_date",
            "training_course",
            "training_hours",
            "trained",
            "interview_done",
            "intake_notes",
        ]
        widgets = {
            "training_date": DateInput(),
            "experience_note": forms.Textarea(attrs={"rows": 3}),
            "intake_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].widget.attrs.update({"min": 1, "max": 10})
        self.fields["training_hours"].widget.attrs.update({"min": 1, "max": 500})
        if people is not None:
            self.fields = {
                "person": PersonChoiceField(label=_("Человек из организации"), queryset=people),
                **self.fields,
            }
        self.helper = FormHelper()
        self.helper.form_tag = False
        layout = [Field("person")] if people is not None else []
        layout += [
            Row(Column("status", css_class="col-md-6"), Column("capacity", css_class="col-md-6")),
            Div(Field("competencies"), css_class="competency-grid"),
            Field("experience_note"),
            Div(
                Row(
                    Column("training_date", css_class="col-md-4"),
                    Column("training_course", css_class="col-md-5"),
                    Column("training_hours", css_class="col-md-3"),
                ),
                Row(Column("trained", css_class="col-md-6"), Column("interview_done", css_class="col-md-6")),
                css_class="border rounded p-3 mb-3 bg-light",
            ),
            Field("intake_notes"),
            Submit("save", _("Сохранить"), css_class="btn-primary"),
        ]
        self.helper.layout = Layout(*layout)

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity is not None and not 1 <= capacity <= 10:
            raise forms.ValidationError(_("Наставник может вести от 1 до 10 наставляемых."))
        return capacity

    def clean_training_date(self):
        value = self.cleaned_data.get("training_date")
        if value and value > dates.today():
            raise forms.ValidationError(_("Дата обучения не может быть в будущем."))
        return value


class MenteeProfileForm(forms.ModelForm):
    request_tags = CompetencyChoiceField(label=_("Запросы по перечню компетенций"))

    class Meta:
        model = MenteeProfile
        fields = ["category", "status", "requests", "request_tags", "preferred_form", "notes"]
        widgets = {"requests": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_form"].queryset = MentoringForm.objects.filter(is_active=True)
        self.fields["preferred_form"].empty_label = _("Не важно")
        if people is not None:
            self.fields = {
                "person": PersonChoiceField(label=_("Человек из организации"), queryset=people),
                **self.fields,
            }
        self.helper = FormHelper()
        self.helper.form_tag = False
        layout = [Field("person")] if people is not None else []
        layout += [
            Row(Column("category", css_class="col-md-6"), Column("status", css_class="col-md-6")),
            Field("requests"),
            Div(Field("request_tags"), css_class="competency-grid"),
            Field("preferred_form"),
            Field("notes"),
            Submit("save", _("Сохранить"), css_class="btn-primary"),
        ]
        self.helper.layout = Layout(*layout)


class ConsentForm(forms.Form):
    given_on = forms.DateField(label=_("Дата согласия"), widget=DateInput())
    text_version = forms.CharField(
        label=_("Редакция текста согласия"), max_length=100, initial=_("Форма согласия, ред. 2024 г.")
    )
    file = forms.FileField(
        label=_("Скан согласия"),
        required=False,
        help_text=format_lazy("{} {}", uploads.help_text(UploadKind.SCAN), _("Необязательно.")),
        widget=forms.ClearableFileInput(attrs={"accept": UploadKind.SCAN.rule.accept}),
    )

    def clean_given_on(self):
        value = self.cleaned_data["given_on"]
        if value > dates.today():
            raise forms.ValidationError(_("Дата согласия не может быть в будущем."))
        return value

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            validate_upload(upload, UploadKind.SCAN)
        return upload


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Дата отзыва"), widget=DateInput(), initial=datetime.date.today)
    reason = forms.CharField(label=_("Причина (необязательно)"), required=False, max_length=500)


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "agreement_number", "agreement_date", "contact_person", "phone", "email", "notes"]
        widgets = {
            "agreement_date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"inputmode": "tel"}),
        }

    def clean_agreement_date(self):
        value = self.cleaned_data.get("agreement_date")
        if value and value > dates.today() + datetime.timedelta(days=366):
            raise forms.ValidationError(_("Проверьте дату соглашения."))
        return value


class SuggestionAcceptForm(forms.Form):
    mentees = forms.MultipleChoiceField(label=_("Наставляемые"), widget=forms.CheckboxSelectMultiple)
    form = forms.ModelChoiceField(label=_("Форма наставничества"), queryset=MentoringForm.objects.none())
    goal = forms.CharField(
        label=_("Цель"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, suggestion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentees"].choices = [
            (str(item.mentee_id), item.mentee.full_name) for item in suggestion.items.all()
        ]
        self.fields["mentees"].initial = [str(item.mentee_id) for item in suggestion.items.all()]
        self.fields["form"].queryset = MentoringForm.objects.filter(is_active=True)


class PairForm(forms.Form):
    mentor = PersonChoiceField(label=_("Наставник"), queryset=None)
    mentees = PeopleChoiceField(label=_("Наставляемые"), queryset=None, widget=forms.CheckboxSelectMultiple)
    form = forms.ModelChoiceField(label=_("Форма наставничества"), queryset=MentoringForm.objects.none())
    goal = forms.CharField(
        label=_("Цель"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    start_date = forms.DateField(label=_("Начало"), required=False, widget=DateInput())
    end_date = forms.DateField(label=_("Окончание"), required=False, widget=DateInput())

    def __init__(self, *args, mentors, mentees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors
        self.fields["mentees"].queryset = mentees
        self.fields["form"].queryset = MentoringForm.objects.filter(is_active=True)

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Окончание не может быть раньше начала."))
        return cleaned


class PairEditForm(forms.Form):
    form = forms.ModelChoiceField(label=_("Форма наставничества"), queryset=MentoringForm.objects.none())
    goal = forms.CharField(
        label=_("Цель"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    start_date = forms.DateField(label=_("Начало"), required=False, widget=DateInput())
    end_date = forms.DateField(label=_("Окончание"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = MentoringForm.objects.filter(is_active=True)

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Окончание не может быть раньше начала."))
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Причина"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class PreferenceForm(forms.Form):
    """The curator enters one person's ranked choices. Each drop-down lists only the people its search box
    finds (and the person already chosen), at most `PICKER_LIMIT`: a school of thousands does not get
    thousands of options four times over, while validation still accepts anyone of both bases."""

    PICKED = ("chooser", "first", "second", "third")
    PICKER_LIMIT = PICKER_LIMIT

    chooser = PersonChoiceField(label=_("Кто выбирает"), queryset=Person.objects.none())
    first = PersonChoiceField(label=_("Первый выбор"), queryset=Person.objects.none())
    second = PersonChoiceField(label=_("Второй выбор"), queryset=Person.objects.none(), required=False)
    third = PersonChoiceField(label=_("Третий выбор"), queryset=Person.objects.none(), required=False)
    chooser_search = _search_field(_("Фамилия, имя, должность"))
    first_search = _search_field(_("Фамилия, имя, должность"))
    second_search = _search_field(_("Фамилия, имя, должность"))
    third_search = _search_field(_("Фамилия, имя, должность"))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.cut: dict[str, bool] = {}
        for name in self.PICKED:
            field = self.fields[name]
            field.queryset = people
            search = str(self._value(f"{name}_search") or "")[:200]
            found = selectors.people_found(people, search, limit=self.PICKER_LIMIT)
            self.cut[name] = len(found) > self.PICKER_LIMIT
            options = found[: self.PICKER_LIMIT]
            chosen = str(self._value(name) or "")
            if chosen.isdigit() and all(person.pk != int(chosen) for person in options):
                options += list(people.filter(pk=int(chosen)))
            # Set after the queryset, which would put every person back into the drop-down.
            field.widget.choices = [("", field.empty_label)] + [
                (str(person.pk), field.label_from_instance(person)) for person in options
            ]
            self.fields[f"{name}_search"].label = format_lazy(_("Поиск: {}"), field.label)

    def _value(self, name: str) -> object:
        return self.data.get(name) if self.is_bound else self.initial.get(name)

    @property
    def picks(self) -> list[dict[str, object]]:
        """Per drop-down: its field, its search box and whether the search found more than it shows."""
        return [
            {"name": name, "field": self[name], "search": self[f"{name}_search"], "cut": self.cut[name]}
            for name in self.PICKED
        ]

    @property
    def chosen(self):
        return [
            self.cleaned_data[name] for name in ("first", "second", "third") if self.cleaned_data.get(name)
        ]


class PlanCreateForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Начать с шаблона"), queryset=PlanTemplate.objects.none(), required=False
    )

    def __init__(self, *args, pair, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = PlanTemplate.objects.filter(is_active=True).order_by(
            models_case_form_first(pair.form_id), "name"
        )
        self.fields["template"].empty_label = _("Пустой план")


def models_case_form_first(form_id):
    from django.db.models import Case, Value, When

    return Case(When(form_id=form_id, then=Value(0)), default=Value(1))


class PlanItemForm(forms.ModelForm):
    evidence_link = forms.URLField(
        label=_("Ссылка на результат"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = PlanItem
        fields = ["title", "due_date", "expected_result", "evidence_link"]
        widgets = {"due_date": DateInput()}


class PlanAmendmentForm(forms.Form):
    """A change proposed to an approved plan: what to change, the item, its new title or deadline, why."""

    kind = forms.ChoiceField(label=_("Что изменить"), choices=PlanAmendment.Kind.choices)
    item = forms.ModelChoiceField(
        label=_("Пункт плана"),
        queryset=PlanItem.objects.none(),
        required=False,
        empty_label=_("— выберите пункт —"),
        help_text=_("Какой пункт изменить или убрать."),
    )
    title = forms.CharField(
        label=_("Название пункта"),
        required=False,
        max_length=500,
        help_text=_("Для нового пункта — его название; для изменения — новое название или прежнее."),
    )
    due_date = forms.DateField(
        label=_("Срок"),
        required=False,
        widget=DateInput(),
        help_text=_("Для изменения: пустой срок оставляет прежний."),
    )
    reason = forms.CharField(
        label=_("Причина изменения"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Директор увидит причину, когда будет решать."),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = plan.items.all()

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        kind = cleaned.get("kind")
        if kind == PlanAmendment.Kind.ADD and not (cleaned.get("title") or "").strip():
            self.add_error("title", _("Укажите название нового пункта."))
        if kind in (PlanAmendment.Kind.CHANGE, PlanAmendment.Kind.REMOVE) and not cleaned.get("item"):
            self.add_error("item", _("Выберите пункт плана."))
        return cleaned


class PairMembersForm(forms.Form):
    """The curator changes a pair's mentor or mentees, with the reason."""

    mentor = PersonChoiceField(label=_("Наставник"), queryset=None)
    mentees = PeopleChoiceField(
        label=_("Наставляемые"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Отмеченные остаются в паре или группе; снимите отметку, чтобы исключить."),
    )
    reason = forms.CharField(
        label=_("Причина изменения"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Будет видна в разделе «Изменения состава» на странице пары."),
    )

    def __init__(self, *args, mentors, mentees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors
        self.fields["mentees"].queryset = mentees


class PlanItemDoneForm(forms.Form):
    done = forms.BooleanField(label=_("Выполнено"), required=False)
    done_on = forms.DateField(label=_("Дата выполнения"), required=False, widget=DateInput())
    evidence_link = forms.URLField(
        label=_("Ссылка на результат"), required=False, max_length=500, assume_scheme="https"
    )
    evidence_file = forms.FileField(
        label=_("Файл"),
        required=False,
        help_text=uploads.help_text(UploadKind.EVIDENCE),
        widget=forms.ClearableFileInput(attrs={"accept": UploadKind.EVIDENCE.rule.accept}),
    )

    def clean_done_on(self):
        value = self.cleaned_data.get("done_on")
        if value and value > dates.today():
            raise forms.ValidationError(_("Дата выполнения не может быть в будущем."))
        return value

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            validate_upload(upload, UploadKind.EVIDENCE)
        return upload


class MeetingForm(forms.ModelForm):
    attendees = PeopleChoiceField(
        label=_("Присутствовали"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Meeting
        fields = ["kind", "date", "topic", "notes", "attendees"]
        widgets = {"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, members, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["attendees"].queryset = members
        self.fields["attendees"].initial = [person.pk for person in members]
        self.fields["date"].initial = lambda: dates.today(organisation)

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > dates.today(self.organisation):
            raise forms.ValidationError(
                _("Встреча ещё не прошла: записать можно только проведённую встречу.")
            )
        return value


class SupportNoteForm(forms.Form):
    date = forms.DateField(label=_("Дата"), widget=DateInput(), initial=datetime.date.today)
    note = forms.CharField(label=_("Что сделано"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > dates.today():
            raise forms.ValidationError(_("Дата не может быть в будущем."))
        return value


# --- ТК РФ ст. 351.8: the mentor's consent, the additional agreement, ending early; the settings ------------


def _payment_fields() -> dict[str, forms.Field]:
    from mentoring.models import ProgrammeSettings

    return {
        "payment_kind": forms.ChoiceField(
            label=_("Оплата наставничества"), choices=ProgrammeSettings.Payment.choices
        ),
        "payment_sum": forms.DecimalField(
            label=_("Сумма в месяц, руб."), required=False, min_value=0, max_digits=10, decimal_places=2
        ),
        "payment_percent": forms.DecimalField(
            label=_("Процент от ставки (оклада)"),
            required=False,
            min_value=0,
            max_value=100,
            decimal_places=2,
        ),
        "payment_conditions": forms.CharField(
            label=_("Условия выплаты"),
            required=False,
            max_length=500,
            help_text=_(
                "Например: «ежемесячно, вместе с заработной платой». «Без оплаты» — если так "
                "предусмотрено коллективным договором."
            ),
        ),
    }


class ProgrammeSettingsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        from mentoring.models import ProgrammeSettings

        super().__init__(*args, **kwargs)
        self.fields["audience"] = forms.ChoiceField(
            label=_("Для кого программы наставничества"),
            choices=ProgrammeSettings.Audience.choices,
            help_text=_("От этого зависят правовые основания в преамбулах приказов."),
        )
        self.fields.update(_payment_fields())


class MentoringConsentForm(forms.Form):
    signed_on = forms.DateField(label=_("Дата подписания согласия"), widget=DateInput())
    file = forms.FileField(
        label=_("Скан подписанного согласия"),
        required=False,
        help_text=format_lazy("{} {}", uploads.help_text(UploadKind.SCAN), _("Необязательно.")),
        widget=forms.ClearableFileInput(attrs={"accept": UploadKind.SCAN.rule.accept}),
    )

    def clean_signed_on(self):
        value = self.cleaned_data["signed_on"]
        if value > dates.today():
            raise forms.ValidationError(_("Дата подписания не может быть в будущем."))
        return value

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            validate_upload(upload, UploadKind.SCAN)
        return upload


class LabourAgreementForm(forms.Form):
    number = forms.CharField(label=_("Номер дополнительного соглашения"), max_length=50)
    signed_on = forms.DateField(label=_("Дата соглашения"), widget=DateInput())
    content = forms.CharField(
        label=_("Содержание наставничества"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("По умолчанию — цель из индивидуального плана пары."),
    )
    starts_on = forms.DateField(label=_("Начало наставничества"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Окончание наставничества"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_payment_fields())

    def clean(self):
        data = super().clean() or self.cleaned_data
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Окончание не может быть раньше начала."))
        return data


class EarlyEndForm(forms.Form):
    initiator = forms.ChoiceField(label=_("По чьей инициативе"), choices=())
    notice_date = forms.DateField(label=_("Дата письменного уведомления другой стороны"), widget=DateInput())
    end_date = forms.DateField(
        label=_("Дата прекращения наставничества"),
        widget=DateInput(),
        help_text=_("Не ранее чем через три рабочих дня после уведомления (по производственному календарю)."),
    )
    reason = forms.CharField(
        label=_("Причина"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        from mentoring.models import EarlyTermination

        super().__init__(*args, **kwargs)
        self.fields["initiator"].choices = EarlyTermination.Initiator.choices

"""Forms of the indicators, the year's documents, the bank of practices and the municipal pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common import uploads
from common.dates import AcademicYear
from common.uploads import UploadKind
from mentoring.models import Competency, MentorProfile
from mentoring.organisations.forms import DateInput
from reports.indicators.forms import academic_year_choices
from reports.models import Practice


class PracticeForm(forms.ModelForm):
    academic_year = forms.ChoiceField(label=_("Учебный год"), choices=academic_year_choices)
    file = forms.FileField(
        label=_("Файл"),
        required=False,
        help_text=uploads.help_text(UploadKind.PRACTICE),
        widget=forms.ClearableFileInput(attrs={"accept": UploadKind.PRACTICE.rule.accept}),
    )
    url = forms.URLField(
        label=_("Ссылка"),
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text=_("Например, страница на сайте школы или видео. Нужен файл или ссылка."),
    )
    remove_file = forms.BooleanField(label=_("Убрать приложенный файл"), required=False)

    class Meta:
        model = Practice
        fields = ["kind", "title", "summary", "authors", "academic_year", "url"]
        widgets = {
            "title": forms.TextInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "authors": _("ФИО авторов через запятую: наставник, наставляемый, куратор."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("academic_year", AcademicYear.current().label)
            del self.fields["remove_file"]
        elif not self.instance.file:
            del self.fields["remove_file"]


class MentorFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск"), required=False, max_length=100)
    organisation = forms.TypedChoiceField(
        label=_("Организация"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(label=_("Статус"), required=False)
    trained = forms.ChoiceField(
        label=_("Обучение"),
        required=False,
        choices=[("", _("Все")), ("yes", _("Обучение пройдено")), ("no", _("Не обучены"))],
    )
    competency = forms.TypedChoiceField(label=_("Компетенция"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", _("Все организации"))] + [
            (organisation.pk, organisation.short_name) for organisation in organisations
        ]
        self.fields["status"].choices = [("", _("Все, кроме архива"))] + list(MentorProfile.Status.choices)
        self.fields["competency"].choices = [("", _("Любая"))] + [
            (item.pk, item.name) for item in Competency.objects.order_by("order", "name")
        ]


class PracticeFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск"), required=False, max_length=100)
    organisation = forms.TypedChoiceField(
        label=_("Организация"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(label=_("Вид"), required=False)
    year = forms.ChoiceField(label=_("Учебный год"), required=False)

    def __init__(self, *args, organisations, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", _("Все организации"))] + [
            (organisation.pk, organisation.short_name) for organisation in organisations
        ]
        self.fields["kind"].choices = [("", _("Все виды"))] + list(Practice.Kind.choices)
        self.fields["year"].choices = [("", _("Все годы"))] + [(year, year) for year in years]


class OverviewForm(forms.Form):
    """The overview's sorting, filters and chart, from GET parameters (no script needed)."""

    sort = forms.ChoiceField(label=_("Сортировка"), required=False)
    desc = forms.BooleanField(label=_("По убыванию"), required=False)
    problem = forms.ChoiceField(label=_("Показать"), required=False)
    kind = forms.ChoiceField(label=_("Тип организации"), required=False)
    chart = forms.ChoiceField(label=_("Сравнить по показателю"), required=False)
    overdue_org = forms.TypedChoiceField(
        label=_("Просрочки организации"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, sorts, problems, kinds=(), organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sort"].choices = [(key, label) for key, (label, _getter) in sorts.items()]
        self.fields["problem"].choices = [("", _("Все"))] + [
            (key, label) for key, (label, _test) in problems.items()
        ]
        self.fields["kind"].choices = [("", _("Все типы"))] + list(kinds)
        self.fields["chart"].choices = [
            (definition.code, definition.short_name) for definition in indicator_definitions()
        ]
        self.fields["overdue_org"].choices = [("", _("Все организации"))] + [
            (organisation.pk, organisation.short_name) for organisation in organisations
        ]

    def values(self) -> dict:
        """The cleaned parameters; a forged value drops that parameter only."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "", False)}


def indicator_definitions():
    from reports.indicators.computation import DEFINITIONS

    return DEFINITIONS


class ReportCollectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Что собираем"))
    academic_year = forms.ChoiceField(label=_("Учебный год"), choices=academic_year_choices)
    due_on = forms.DateField(label=_("Срок сдачи"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        from reports.models import ReportCollection

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(ReportCollection.Kind.choices)
        self.initial.setdefault("academic_year", AcademicYear.current().label)
        # A compact one-line form on the collections page.
        for name, field in self.fields.items():
            base = "form-select" if name in {"kind", "academic_year"} else "form-control"
            field.widget.attrs["class"] = f"{base} {base}-sm"


class MonitoringRoundForm(forms.Form):
    title = forms.CharField(
        label=_("Название"), max_length=255, initial=_("Мониторинг реализации целевой модели")
    )
    academic_year = forms.ChoiceField(label=_("За учебный год"), choices=academic_year_choices)
    indicator_codes = forms.MultipleChoiceField(
        label=_("Какие показатели собрать"), widget=forms.CheckboxSelectMultiple
    )
    due_on = forms.DateField(label=_("Срок представления"), widget=DateInput())
    instructions = forms.CharField(
        label=_("Пояснение для муниципалитетов"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        definitions = indicator_definitions()
        self.fields["indicator_codes"].choices = [(item.code, item.name) for item in definitions]
        self.initial.setdefault("academic_year", AcademicYear.current().label)
        self.initial.setdefault("indicator_codes", [item.code for item in definitions if item.key])


class SubmissionForm(forms.Form):
    comment = forms.CharField(
        label=_("Комментарий для регионального центра"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Что исправить"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

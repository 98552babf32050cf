from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common import dates, uploads
from common.dates import AcademicYear
from common.uploads import UploadKind
from mentoring.models import Person, Role
from mentoring.organisations.forms import DateInput
from mentoring.programme.pickers import PeoplePickField, people_groups, picker_search

from . import catalog, indicator_links
from .importing import FIELDS, field_labels
from .models import Activity, Event, Publication, Roadmap, Stage, validate_academic_year


class AcademicYearField(forms.CharField):
    default_validators = [validate_academic_year]

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Учебный год"))
        kwargs.setdefault("max_length", 9)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"placeholder": "2025/2026", "inputmode": "numeric"})
        )
        super().__init__(**kwargs)


class RoadmapCreateForm(forms.Form):
    EMPTY, TEMPLATE, COPY = "empty", "template", "copy"
    mode = forms.ChoiceField(
        label=_("С чего начать"),
        widget=forms.RadioSelect,
        choices=[
            (TEMPLATE, _("С шаблона — готового плана по целевой модели")),
            (COPY, _("Копия прошлогодней: сроки на год вперёд, отметки о выполнении сброшены")),
            (EMPTY, _("С чистого листа")),
        ],
        initial=TEMPLATE,
    )
    academic_year = AcademicYearField()
    template = forms.ChoiceField(label=_("Шаблон"), required=False)
    source = forms.ModelChoiceField(
        label=_("Дорожная карта прошлого года"), queryset=Roadmap.objects.none(), required=False
    )
    title = forms.CharField(label=_("Название"), max_length=500, required=False)
    municipal = forms.BooleanField(
        label=_("План муниципалитета (для всех организаций округа)"), required=False
    )

    def __init__(self, *args, roadmaps, municipal_centre: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not municipal_centre:
            del self.fields["municipal"]
        self.fields["academic_year"].initial = AcademicYear.current().label
        self.fields["template"].choices = [
            (item["slug"], f"{item['name']} ({item['activity_count']} мероприятий)")
            for item in catalog.list_templates()
        ]
        self.fields["source"].queryset = roadmaps
        self.fields["source"].empty_label = None
        if not roadmaps.exists():
            self.fields["mode"].choices = [c for c in self.fields["mode"].choices if c[0] != self.COPY]

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        mode = cleaned.get("mode")
        if mode == self.TEMPLATE and not cleaned.get("template"):
            self.add_error("template", _("Выберите шаблон."))
        if mode == self.COPY and not cleaned.get("source"):
            self.add_error("source", _("Выберите дорожную карту, которую копировать."))
        return cleaned


class RoadmapForm(forms.ModelForm):
    academic_year = AcademicYearField()

    class Meta:
        model = Roadmap
        fields = ["title", "academic_year", "preamble", "approver_position", "approver_name"]
        widgets = {"preamble": forms.Textarea(attrs={"rows": 4}), "title": forms.Textarea(attrs={"rows": 2})}


class ApproveForm(forms.Form):
    approved_on = forms.DateField(label=_("Дата утверждения"), widget=DateInput())
    approver_position = forms.CharField(label=_("Должность"), max_length=255)
    approver_name = forms.CharField(label=_("Фамилия и инициалы"), max_length=255)

    def clean_approved_on(self):
        value = self.cleaned_data["approved_on"]
        if value > dates.today():
            raise forms.ValidationError(_("Дата утверждения не может быть в будущем."))
        return value


class StageForm(forms.ModelForm):
    class Meta:
        model = Stage
        fields = ["number", "title", "task", "expected_result"]
        widgets = {
            "title": forms.TextInput(),
            "task": forms.Textarea(attrs={"rows": 2}),
            "expected_result": forms.Textarea(attrs={"rows": 2}),
        }


class ActivityForm(forms.ModelForm):
    responsible_roles = forms.MultipleChoiceField(
        label=_("Ответственные роли"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            (Role.DIRECTOR, Role.DIRECTOR.label),
            (Role.CURATOR, Role.CURATOR.label),
            (Role.PSYCHOLOGIST, Role.PSYCHOLOGIST.label),
        ],
    )

    class Meta:
        model = Activity
        fields = [
            "number",
            "title",
            "deadline_text",
            "due_date",
            "responsible_text",
            "responsible_people",
            "responsible_roles",
            "participants",
            "result",
            "indicator_text",
            "indicator_code",
            "comments",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "due_date": DateInput(),
            "participants": forms.TextInput(),
            "result": forms.Textarea(attrs={"rows": 2}),
            "indicator_text": forms.Textarea(attrs={"rows": 2}),
            "comments": forms.Textarea(attrs={"rows": 2}),
            "responsible_people": forms.SelectMultiple(attrs={"size": 4}),
        }
        help_texts = {
            "deadline_text": _("Как в документе: «До 01.12.2025», «март», «ежегодно»."),
            "due_date": _("Если пусто — берётся из срока."),
        }

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        # The indicators other apps compute (see indicator_links): the activity shows the chosen one's value.
        self.fields["indicator_code"] = forms.ChoiceField(
            label=_("Связать с показателем"),
            required=False,
            choices=[("", _("— не связывать —")), *indicator_links.choices()],
            help_text=_(
                "Рядом с текстом показателя будет видно его текущее значение, посчитанное по данным."
            ),
        )
        self.fields["responsible_people"].queryset = people
        self.fields["responsible_people"].required = False
        self.initial.setdefault("responsible_roles", self.instance.role_codes if self.instance.pk else [])
        if self.instance.pk:
            self.initial["responsible_roles"] = self.instance.role_codes

    def clean_responsible_roles(self):
        return ",".join(self.cleaned_data.get("responsible_roles") or [])

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Введите название мероприятия."))
        return title


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Activity.Status.choices)
    completed_on = forms.DateField(required=False, widget=DateInput())

    def clean_completed_on(self):
        value = self.cleaned_data.get("completed_on")
        if value and value > dates.today():
            raise forms.ValidationError(_("Дата выполнения не может быть в будущем."))
        return value


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Название"), max_length=255, required=False)
    file = forms.FileField(
        label=_("Файл"),
        required=False,
        help_text=uploads.help_text(UploadKind.EVIDENCE),
        widget=forms.ClearableFileInput(attrs={"accept": UploadKind.EVIDENCE.rule.accept}),
    )
    url = forms.URLField(label=_("или ссылка"), required=False, max_length=1000, assume_scheme="https")

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        if bool(cleaned.get("file")) == bool(cleaned.get("url")):
            raise forms.ValidationError(_("Приложите файл или укажите ссылку — что-то одно."))
        return cleaned


class FilterForm(forms.Form):
    stage = forms.TypedChoiceField(label=_("Раздел"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Статус"), required=False)
    responsible = forms.ChoiceField(label=_("Ответственный"), required=False)
    overdue = forms.BooleanField(label=_("Просроченные"), required=False)
    soon = forms.BooleanField(label=_("Срок в ближайшие 14 дней"), required=False)

    def __init__(self, *args, stages, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", _("Все разделы"))] + [
            (stage.pk, f"{stage.number} {stage.title}".strip()[:80]) for stage in stages
        ]
        self.fields["status"].choices = [("", _("Любой статус")), *Activity.Status.choices]
        self.fields["responsible"].choices = (
            [("", _("Все ответственные"))]
            + [(f"r{code}", Role(code).label) for code in (Role.DIRECTOR, Role.CURATOR, Role.PSYCHOLOGIST)]
            + [(f"p{person.pk}", person.short_name) for person in people]
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Файл дорожной карты"),
        required=False,
        help_text=_("Word (.docx), Excel (.xlsx) или текст (.txt), до 5 МБ."),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.xlsx,.txt,.tsv"}),
    )
    text = forms.CharField(
        label=_("или вставьте таблицу"),
        required=False,
        max_length=200_000,
        widget=forms.Textarea(
            attrs={
                "rows": 6,
                "placeholder": _("Выделите таблицу в Word или Excel, скопируйте и вставьте сюда."),
            }
        ),
    )

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        if not cleaned.get("file") and not (cleaned.get("text") or "").strip():
            raise forms.ValidationError(_("Выберите файл или вставьте таблицу."))
        if cleaned.get("file") and (cleaned.get("text") or "").strip():
            raise forms.ValidationError(_("Загрузите файл или вставьте текст — что-то одно."))
        return cleaned


class MappingForm(forms.Form):
    """One select per source column, and the academic year and title the import will use. The title is
    typed, or picked from the lines of the document (`title_line`), which then wins."""

    academic_year = AcademicYearField()
    title = forms.CharField(
        label=_("Название"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    title_line = forms.ChoiceField(label=_("или строка документа"), required=False)
    shift_dates = forms.BooleanField(label=_("Перенести даты на этот учебный год"), required=False)
    municipal = forms.BooleanField(
        label=_("План муниципалитета (для всех организаций округа)"), required=False
    )

    def __init__(self, *args, columns, title_candidates=(), municipal_centre: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not municipal_centre:
            del self.fields["municipal"]
        labels = field_labels()
        self.columns = columns
        self.title_candidates = list(title_candidates)
        self.fields["title_line"].choices = [("", _("— как в поле «Название» —"))] + [
            (str(index), text if len(text) <= 140 else text[:139] + "…")
            for index, text in enumerate(self.title_candidates)
        ]
        for column in columns:
            self.fields[f"col_{column.index}"] = forms.ChoiceField(
                label=column.label,
                choices=[(name, labels[name]) for name in FIELDS],
                initial=column.field,
            )

    @property
    def column_fields(self):
        return [(column, self[f"col_{column.index}"]) for column in self.columns]

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or self.cleaned_data
        line = cleaned.get("title_line")
        if line:
            cleaned["title"] = self.title_candidates[int(line)][:500]
        if not (cleaned.get("title") or "").strip() and "title" not in self.errors:
            self.add_error("title", _("Введите название или выберите строку документа."))
        return cleaned

    def mapping(self, width: int) -> list[str]:
        result = ["skip"] * width
        for column in self.columns:
            if column.index < width:
                result[column.index] = self.cleaned_data[f"col_{column.index}"]
        return result


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm):
    invited = PeoplePickField(label=_("Приглашённые"), queryset=Person.objects.none(), required=False)

    class Meta:
        model = Event
        fields = ["kind", "title", "starts_at", "ends_at", "place", "activity", "description"]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self, *args, people, activities, with_invited: bool, organisation=None, search_url: str = "", **kwargs
    ):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M"]
        self.fields["activity"].queryset = activities
        self.fields["activity"].label_from_instance = lambda activity: str(activity)[:90]
        if with_invited:
            self.fields["invited"].setup(
                people=people,
                groups=people_groups(organisation) if organisation is not None else None,
                search=picker_search(self, "invited"),
                search_url=search_url,
            )
        else:
            del self.fields["invited"]

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("Окончание раньше начала."))
        return cleaned


class InviteMoreForm(forms.Form):
    """More invitees on the event's page: the picker's field, sent together with the attendance form."""

    invited = PeoplePickField(
        label=_("Добавить приглашённых"), queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args, people, organisation, search_url: str = "", **kwargs):
        kwargs.setdefault("auto_id", "more_%s")
        super().__init__(*args, **kwargs)
        self.fields["invited"].setup(
            people=people,
            groups=people_groups(organisation),
            search=picker_search(self, "invited"),
            search_url=search_url,
        )


class AttendanceForm(forms.Form):
    # The invited so far and those the picker adds: people, or groups (`group:<key>`) expanded here.
    invited = PeoplePickField(queryset=Person.objects.none(), required=False)
    attended = forms.ModelMultipleChoiceField(queryset=Person.objects.none(), required=False)

    def __init__(self, *args, people, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invited"].setup(people=people, groups=people_groups(organisation), search="")
        self.fields["attended"].queryset = people


class PublicationForm(forms.ModelForm):
    url = forms.URLField(label=_("Ссылка"), max_length=1000, assume_scheme="https")

    class Meta:
        model = Publication
        fields = ["title", "url", "published_on", "activity"]
        widgets = {"published_on": DateInput()}

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities
        self.fields["activity"].label_from_instance = lambda activity: str(activity)[:90]
        self.initial.setdefault("published_on", dates.today())

    def clean_published_on(self):
        value = self.cleaned_data["published_on"]
        if value > dates.today():
            raise forms.ValidationError(_("Дата публикации не может быть в будущем."))
        return value

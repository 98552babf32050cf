"""The minutes form: the heading (number, date, chair, secretary) and the agenda as a formset. Rows are added
and removed by the server («Добавить вопрос», «Удалить вопрос»), so the page needs no script."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mentoring.models import Person
from mentoring.organisations.forms import DateInput
from mentoring.programme.forms import PersonChoiceField
from reports.council.models import TEXT_LIMIT, CouncilMinutes
from reports.council.services import AgendaItem

ITEMS_PREFIX = "items"
MAX_ITEMS = 30


class VoteField(forms.IntegerField):
    """A number of votes; left empty it is 0 (so an untouched blank row stays unchanged)."""

    def __init__(self, **kwargs):
        super().__init__(min_value=0, max_value=9999, initial=0, required=False, **kwargs)
        self.widget.attrs.update(inputmode="numeric")

    def to_python(self, value):
        value = super().to_python(value)
        return 0 if value is None else value


class MinutesForm(forms.Form):
    number = forms.CharField(
        label=_("Номер протокола"),
        max_length=20,
        help_text=_("Протоколы нумеруются по порядку в пределах календарного года."),
    )
    held_on = forms.DateField(label=_("Дата заседания"), widget=DateInput())
    chair = PersonChoiceField(label=_("Председатель"), queryset=Person.objects.none())
    secretary = PersonChoiceField(label=_("Секретарь"), queryset=Person.objects.none())
    attendance_list = forms.ChoiceField(
        label=_("Присутствующие в протоколе"),
        choices=CouncilMinutes.AttendanceList.choices,
        help_text=_("Поимённо — для небольшого совета; для всего коллектива — списком в приложении."),
    )

    def __init__(self, *args, people: QuerySet[Person], **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("chair", "secretary"):
            self.fields[name].queryset = people

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chair, secretary = data.get("chair"), data.get("secretary")
        if chair is not None and secretary is not None and chair.pk == secretary.pk:
            self.add_error("secretary", _("Председатель и секретарь — разные люди."))
        return data


class MinutesItemForm(forms.Form):
    title = forms.CharField(label=_("Вопрос повестки дня"), max_length=500)
    speaker = PersonChoiceField(
        label=_("Докладчик"), queryset=Person.objects.none(), required=False, empty_label=_("— не указан —")
    )
    heard = forms.CharField(
        label=_("Слушали"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("О чём доложил докладчик, кратко."),
    )
    spoke = forms.CharField(
        label=_("Выступили"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Кто ещё выступил и что сказал; можно оставить пустым."),
    )
    decided = forms.CharField(
        label=_("Постановили"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 3})
    )
    votes_for = VoteField(label=_("За"))
    votes_against = VoteField(label=_("Против"))
    votes_abstained = VoteField(label=_("Воздержались"))

    def __init__(self, *args, people: QuerySet[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].queryset = people

    def agenda_item(self) -> AgendaItem:
        data = self.cleaned_data
        return AgendaItem(
            title=data["title"],
            speaker=data.get("speaker"),
            heard=data["heard"],
            spoke=data.get("spoke") or "",
            decided=data["decided"],
            votes_for=data.get("votes_for") or 0,
            votes_against=data.get("votes_against") or 0,
            votes_abstained=data.get("votes_abstained") or 0,
        )


class BaseItemsFormSet(forms.BaseFormSet):
    def initial_form_count(self) -> int:
        # A sent row may be left blank (it is then skipped); the service wants at least one filled.
        return 0 if self.is_bound else super().initial_form_count()

    def agenda(self) -> list[AgendaItem]:
        """The filled rows in their order, without those ticked «Удалить» and the untouched blank ones."""
        return [
            form.agenda_item()
            for form in self.forms
            if form.has_changed() and not (self.can_delete and self._should_delete_form(form))
        ]


ItemsFormSet = forms.formset_factory(
    MinutesItemForm,
    formset=BaseItemsFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_ITEMS,
    absolute_max=MAX_ITEMS,
    validate_max=True,
)

ITEM_FIELDS = list(MinutesItemForm.base_fields)


def rows_from(data, *, prefix: str = ITEMS_PREFIX) -> list[dict[str, Any]]:
    """The rows the visitor typed (without those ticked for removal), as initial data: «Добавить вопрос»
    shows them again, with one blank row more, and without complaining about the rows not finished yet."""
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), MAX_ITEMS)
    except ValueError:
        total = 0
    rows = []
    for index in range(total):
        if data.get(f"{prefix}-{index}-DELETE"):
            continue
        rows.append({name: data.get(f"{prefix}-{index}-{name}", "") for name in ITEM_FIELDS})
    return rows


def item_initial(minutes: CouncilMinutes) -> list[dict[str, Any]]:
    return [
        {
            "title": item.title,
            "speaker": item.speaker_id,
            "heard": item.heard,
            "spoke": item.spoke,
            "decided": item.decided,
            "votes_for": item.votes_for,
            "votes_against": item.votes_against,
            "votes_abstained": item.votes_abstained,
        }
        for item in minutes.items.all()
    ]

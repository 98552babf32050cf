from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common import dates
from mentoring.models import Organisation, Pair, PairMentee, Person, Plan
from reports.models import Order
from reports.orders import selectors
from roadmap.models import Event, Roadmap
from roadmap.selectors import roadmaps_for


class PairChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, pair: Pair) -> str:
        mentees = ", ".join(item.mentee.short_name for item in pair.pair_mentees.all())
        label = f"{pair.mentor.short_name} → {mentees or '—'} ({pair.form.name})"
        if pair.status != Pair.Status.PROPOSED:
            # Issue 13: a working pair whose people changed after the order that fixed it.
            label += " — " + str(_("состав изменён после приказа"))
        return label


class OrderChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, order: Order) -> str:
        return f"{order.short_label} «{order.title}»"


class PlanChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, plan: Plan) -> str:
        mentees = ", ".join(item.mentee.short_name for item in plan.pair.pair_mentees.all())
        return f"{plan.pair.mentor.short_name} → {mentees or '—'} ({plan.pair.form.name})"


class RoadmapChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, roadmap: Roadmap) -> str:
        return f"{roadmap.title} ({roadmap.academic_year}, {roadmap.get_status_display().lower()})"


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, event: Event) -> str:
        return f"{timezone.localtime(event.starts_at):%d.%m.%Y} — {event.title} ({event.get_kind_display()})"


def plans_to_approve(organisation: Organisation) -> QuerySet[Plan]:
    """Plans an order may approve: not yet approved, of working pairs."""
    return (
        Plan.objects.filter(
            Pair.working_q("pair__"), pair__organisation=organisation, approved_at__isnull=True
        )
        .select_related("pair__mentor", "pair__form")
        .prefetch_related(
            Prefetch(
                "pair__pair_mentees",
                queryset=PairMentee.objects.select_related("mentee").order_by("mentee__last_name"),
            )
        )
        .order_by("pair__mentor__last_name", "pk")
    )


# Which of the object fields each kind of order uses; the others are cleared.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "plans": (Order.Kind.PLANS,),
    "roadmap": (Order.Kind.ROADMAP,),
    "event": (Order.Kind.FINAL_EVENT, Order.Kind.REWARD),
}


class _OrderFieldsMixin(forms.Form):
    def _setup(self, organisation: Organisation, *, exclude_order: Order | None = None) -> None:
        self.fields["pairs"].queryset = selectors.proposed_pairs(organisation)
        cancels = selectors.signed_orders(organisation)
        if exclude_order is not None:
            cancels = cancels.exclude(pk=exclude_order.pk)
        self.fields["cancels"].queryset = cancels
        if "plans" in self.fields:
            self.fields["plans"].queryset = plans_to_approve(organisation)
        if "roadmap" in self.fields:
            self.fields["roadmap"].queryset = (
                roadmaps_for(organisation)
                .exclude(status=Roadmap.Status.ARCHIVED)
                .order_by("-academic_year", "-created_at")
            )
        if "event" in self.fields:
            self.fields["event"].queryset = organisation.events.order_by("-starts_at")

    def _clean_objects(self, data: dict[str, Any], kind: str | None) -> dict[str, Any]:
        if kind == Order.Kind.PLANS and "plans" in self.fields and not data.get("plans"):
            self.add_error("plans", _("Отметьте хотя бы один индивидуальный план."))
        for name, own_kinds in KIND_FIELDS.items():
            if name in self.fields and kind not in own_kinds:
                data[name] = [] if name == "plans" else None
        return data


def _object_fields() -> dict[str, forms.Field]:
    return {
        "roadmap": RoadmapChoiceField(
            label=_("Утверждаемая дорожная карта"),
            queryset=Roadmap.objects.none(),
            required=False,
            help_text=_(
                "Станет приложением к приказу; черновик дорожной карты утвердится при подписании приказа."
            ),
        ),
        "plans": PlanChoiceField(
            label=_("Утверждаемые индивидуальные планы"),
            queryset=Plan.objects.none(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_(
                "Ещё не утверждённые планы работающих пар; при подписании приказа они будут утверждены."
            ),
        ),
        "event": EventChoiceField(
            label=_("Итоговое мероприятие"),
            queryset=Event.objects.none(),
            required=False,
            help_text=_(
                "Дата, место и ответственные попадут в текст приказа; для приказа о поощрении — "
                "наставники, выдвинутые по итогам этого мероприятия."
            ),
        ),
    }


class OrderCreateForm(_OrderFieldsMixin):
    # The order ending a pair early is drafted from the pair's page, with its notice.
    kind = forms.ChoiceField(
        label=_("Вид приказа"),
        choices=[(value, label) for value, label in Order.Kind.choices if value != Order.Kind.END_PAIR],
    )
    title = forms.CharField(
        label=_("Заголовок"),
        max_length=500,
        required=False,
        help_text=_("Для типовых приказов заполнится сам; для иного приказа обязателен."),
    )
    pairs = PairChoiceField(
        label=_("Закрепляемые пары/группы"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Только для приказа о закреплении: предложенные пары, ещё не утверждённые директором."),
    )
    cancels = OrderChoiceField(
        label=_("Отменяет приказы"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Если новый приказ признаёт утратившими силу прежние."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_object_fields())
        self._setup(organisation)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        kind = data.get("kind")
        data = self._clean_objects(data, kind)
        if kind == Order.Kind.FREE and not data.get("title", "").strip():
            self.add_error("title", _("Укажите заголовок иного приказа."))
        if kind == Order.Kind.PAIRS and not data.get("pairs"):
            self.add_error("pairs", _("Отметьте хотя бы одну пару/группу."))
        if kind and kind != Order.Kind.PAIRS and data.get("pairs"):
            self.add_error("pairs", _("Пары закрепляются только приказом о закреплении пар/групп."))
        return data


class OrderEditForm(_OrderFieldsMixin):
    title = forms.CharField(label=_("Заголовок"), max_length=500)
    body = forms.CharField(
        label=_("Текст приказа"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Каждая строка — отдельный абзац; «ПРИКАЗЫВАЮ:» выделится в документе сам."),
    )
    pairs = PairChoiceField(
        label=_("Закрепляемые пары/группы"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cancels = OrderChoiceField(
        label=_("Отменяет приказы"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, data: Mapping[str, Any] | None = None, *, order: Order, **kwargs: Any) -> None:
        initial: dict[str, object] = {
            "title": order.title,
            "body": order.body,
            "pairs": list(order.pairs.all()),
            "cancels": list(order.cancels.all()),
        }
        initial.update(plans=list(order.plans.all()), roadmap=order.roadmap_id, event=order.event_id)
        super().__init__(data, initial=initial, **kwargs)
        self.kind = order.kind
        for name, field in _object_fields().items():
            if order.kind in KIND_FIELDS[name]:
                self.fields[name] = field
        self._setup(order.organisation, exclude_order=order)
        if order.kind != Order.Kind.PAIRS:
            del self.fields["pairs"]

    def clean(self) -> dict[str, Any]:
        return self._clean_objects(super().clean() or self.cleaned_data, self.kind)


class OrderFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Год"), coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label=_("Вид"), required=False)
    status = forms.ChoiceField(label=_("Статус"), required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Все годы"))] + [(year, str(year)) for year in years]
        self.fields["kind"].choices = [("", _("Все виды"))] + list(Order.Kind.choices)
        self.fields["status"].choices = [("", _("Все"))] + list(Order.Status.choices)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"


class RegisterForm(forms.Form):
    number_format = forms.CharField(
        label=_("Формат номера"),
        max_length=50,
        help_text=_("{n} — порядковый номер за год, {year} — год. Например: {n}-ОД."),
    )
    year = forms.IntegerField(label=_("Год"), min_value=2000, max_value=2100)
    last_sequence = forms.IntegerField(
        label=_("Последний выданный номер за этот год"),
        min_value=0,
        max_value=1_000_000,
        help_text=_("Следующий подписанный приказ получит номер на единицу больше."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = dates.today().year


class WordingForm(forms.Form):
    text = forms.CharField(
        label=_("Текст приказа"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 16, "class": "font-monospace"}),
        help_text=_(
            "До строки «ПРИКАЗЫВАЮ:» — преамбула, после неё каждая строка — отдельный пункт (номера "
            "проставятся сами). {{ имя }} подставляет данные, список — ниже."
        ),
    )


class NominationForm(forms.Form):
    mentor: forms.ModelChoiceField[Person] = forms.ModelChoiceField(
        label=_("Наставник"), queryset=None, empty_label=_("Выберите наставника")
    )
    reason = forms.CharField(
        label=_("За что"),
        max_length=500,
        help_text=_("Коротко, продолжая «благодарность за…»: «высокие результаты молодого специалиста»."),
    )

    def __init__(self, *args: Any, mentors: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors
        self.fields["mentor"].label_from_instance = lambda person: (
            f"{person.full_name}, {person.position}" if person.position else person.full_name
        )

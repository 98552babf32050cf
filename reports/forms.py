from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Order


class PairChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, pair) -> str:
        mentees = ", ".join(item.mentee.short_name for item in pair.pair_mentees.all())
        return f"{pair.mentor.short_name} → {mentees or '—'} ({pair.form.name})"


class OrderChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, order) -> str:
        return f"{order.short_label} «{order.title}»"


class _OrderFieldsMixin:
    def _setup(self, organisation, *, exclude_order=None):
        self.fields["pairs"].queryset = selectors.proposed_pairs(organisation)
        cancels = selectors.signed_orders(organisation)
        if exclude_order is not None:
            cancels = cancels.exclude(pk=exclude_order.pk)
        self.fields["cancels"].queryset = cancels


class OrderCreateForm(_OrderFieldsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Вид приказа"), choices=Order.Kind.choices)
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

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup(organisation)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Order.Kind.FREE and not data.get("title", "").strip():
            self.add_error("title", _("Укажите заголовок иного приказа."))
        if kind == Order.Kind.PAIRS and not data.get("pairs"):
            self.add_error("pairs", _("Отметьте хотя бы одну пару/группу."))
        if kind and kind != Order.Kind.PAIRS and data.get("pairs"):
            self.add_error("pairs", _("Пары закрепляются только приказом о закреплении пар/групп."))
        return data


class OrderEditForm(_OrderFieldsMixin, forms.Form):
    title = forms.CharField(label=_("Заголовок"), max_length=500)
    body = forms.CharField(
        label=_("Текст приказа"),
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

    def __init__(self, *args, order: Order, **kwargs):
        initial = {
            "title": order.title,
            "body": order.body,
            "pairs": list(order.pairs.all()),
            "cancels": list(order.cancels.all()),
        }
        super().__init__(*args, initial=initial, **kwargs)
        self._setup(order.organisation, exclude_order=order)
        if order.kind != Order.Kind.PAIRS:
            del self.fields["pairs"]


class OrderFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Год"), coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label=_("Вид"), required=False)
    status = forms.ChoiceField(label=_("Статус"), required=False)

    def __init__(self, *args, years: list[int], **kwargs):
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

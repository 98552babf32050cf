"""The form renderer writes Django's `select.html` and `input.html` markup in Python: character for
character what Django's own templates write, for every kind of drop-down and input the app has, and the
templates still for what it cannot say."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from common.form_renderer import FormRenderer, select_html
from mentoring.models import Competency


class Choices(forms.Form):
    plain = forms.ChoiceField(choices=[("", "Все"), ("a", "Первый"), ("b", "Второй")], required=False)
    lazy = forms.ChoiceField(choices=[("x", _("Статус")), ("y", _("Категория"))])
    grouped = forms.ChoiceField(
        choices=[("Группа «А & Б»", [("1", "Один"), ("2", "Два")]), ("3", "Три")],
    )
    many = forms.MultipleChoiceField(choices=[(str(n), f"№ {n}") for n in range(5)], required=False)
    tricky = forms.ChoiceField(
        choices=[("<&>", 'Кавычки " и <теги> & амперсанд'), ("safe", mark_safe("<b>жирный</b>"))],
        widget=forms.Select(
            attrs={"class": "form-select", "data-x": 'a"b', "autofocus": True, "hidden": False}
        ),
    )
    yes_no = forms.NullBooleanField()
    numbers = forms.TypedChoiceField(choices=[(1, "один"), (2, "два")], coerce=int)
    disabled = forms.ChoiceField(choices=[("a", "А")], disabled=True, required=False)
    text = forms.CharField(
        max_length=20, required=False, widget=forms.TextInput(attrs={"placeholder": '"<>"'})
    )
    email = forms.EmailField(required=False)
    number = forms.IntegerField(min_value=1, required=False)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    moment = forms.DateTimeField(required=False)


DATA = {
    "plain": "b",
    "lazy": "y",
    "grouped": "2",
    "many": ["1", "3"],
    "tricky": "<&>",
    "numbers": "2",
    "text": 'Иванова "Мария" <script>',
    "email": "a@b.ru",
    "number": "abc",
    "day": "2026-09-01",
    "secret": "x&y",
    "hidden": "7",
    "moment": "01.09.2026 10:00",
}


@pytest.fixture
def renderers(settings):
    return FormRenderer(), DjangoTemplates()


@pytest.mark.parametrize(
    "data", [None, DATA, {"grouped": "3", "many": ["9"], "yes_no": "true", "text": "", "day": "32.13.2026"}]
)
def test_every_drop_down_is_written_as_django_templates_write_it(renderers, data):
    fast, templates = renderers
    for name in Choices.base_fields:
        ours = Choices(data, renderer=fast)[name].as_widget()
        django = Choices(data, renderer=templates)[name].as_widget()
        assert ours == django, name
    assert 'data-x="a&quot;b"' in str(Choices(renderer=fast)["tricky"])
    assert "<b>жирный</b>" in str(Choices(renderer=fast)["tricky"])
    assert "&lt;теги&gt;" in str(Choices(renderer=fast)["tricky"])
    assert 'value="Иванова &quot;Мария&quot; &lt;script&gt;"' in str(Choices(DATA, renderer=fast)["text"])


@pytest.mark.django_db
def test_a_model_choice_drop_down_is_the_same(renderers):
    Competency.objects.create(name="Цифровая & грамотность", group="", order=1)
    field = forms.ModelChoiceField(queryset=Competency.objects.all(), empty_label="Любой")
    fast, templates = renderers
    widget_context = field.widget.get_context("competency", "", {"id": "id_competency"})
    assert fast.render("django/forms/widgets/select.html", widget_context) == templates.render(
        "django/forms/widgets/select.html", widget_context
    )
    assert "Цифровая &amp; грамотность" in fast.render("django/forms/widgets/select.html", widget_context)


def test_what_only_the_templates_can_say_goes_through_them(renderers):
    fast, templates = renderers
    dated = forms.ChoiceField(choices=[("d", datetime.date(2026, 9, 1))])
    context = dated.widget.get_context("d", "d", {})
    assert select_html(context["widget"]) is None
    assert fast.render("django/forms/widgets/select.html", context) == templates.render(
        "django/forms/widgets/select.html", context
    )

    class OwnOption(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    context = OwnOption(choices=[("a", "А")]).get_context("own", "a", {})
    assert select_html(context["widget"]) is None


def test_the_project_uses_it(settings):
    from django.forms.renderers import get_default_renderer

    assert settings.FORM_RENDERER == "common.form_renderer.FormRenderer"
    assert isinstance(get_default_renderer(), FormRenderer)

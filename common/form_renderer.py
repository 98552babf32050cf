"""The form renderer (`FORM_RENDERER`): Django's template renderer, except for drop-downs and text inputs.

Django renders a `<select>` by including a template for every `<option>` (and another for its attributes):
a filter bar of four drop-downs cost 11.6 ms of a 50-row list's page, and a text input is two templates
too. This renderer writes Django's own `select.html` and `input.html` markup in Python, character for
character (tests/common/test_form_renderer.py compares it with the templates), from the context the widget
built, so which option is selected, the attributes and the escaping are still Django's. A widget with its
own templates, or a label that is not text (which the template would localise), goes through the
templates as before.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
# The widgets whose template is nothing but `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{kind}.html"
    for kind in ("text", "email", "number", "url", "password", "hidden", "search", "tel", "date", "datetime")
    + ("time", "color")
)


def _attrs(attrs: dict[str, Any]) -> str:
    """`django/forms/widgets/attrs.html`: False leaves the attribute out, True writes its bare name."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


def _is_text(value: object) -> bool:
    return isinstance(value, str | Promise)


def select_html(widget: dict[str, Any]) -> str | None:
    """The markup of `select.html` for the widget's context, or None when only the templates can say it (each
    option ends with the line break that ends `select_option.html`)."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            if not _is_text(group_name):
                return None
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE or not _is_text(option["label"]):
                return None
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def input_html(widget: dict[str, Any]) -> str:
    """The markup of `input.html`."""
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(str(value))}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


class FormRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if "widget" in context:
            if template_name in INPUT_TEMPLATES:
                return input_html(context["widget"])
            if template_name == SELECT_TEMPLATE:
                html = select_html(context["widget"])
                if html is not None:
                    return html
        return super().render(template_name, context, request=request)

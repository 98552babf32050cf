import re

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from common import hyphenation, wording
from mentoring.models import Role
from mentoring.organisations import audit_labels, declension

register = template.Library()


@register.filter
def soft_hyphens(text: object) -> str:
    """`{{ heading|soft_hyphens }}`: long words may break at their syllables, with a hyphen."""
    return hyphenation.soft_hyphens(str(text))


@register.filter
def audit_action(code: str) -> str:
    return audit_labels.label_for(code)


def _field(model, name: str):
    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _field_label(model, name: str) -> str:
    """«Статус», «Дата»: the field's verbose_name (or a registered key's name), never the code."""
    if name == "roles":
        return _capitalised(_("роли"))
    field = _field(model, name)
    label = getattr(field, "verbose_name", None)
    if str(label) == name.replace("_", " "):
        label = None  # Django's default «target type»: not a Russian name
    if label is None and name not in audit_labels.registered_fields():
        related = getattr(field, "related_model", None)
        if related is not None:
            # A reverse relation (stages, evidence...) has no verbose_name of its own: its model's plural;
            # a foreign key without one (a pair's «pair»): the model's name.
            meta = related._meta
            reverse = field.auto_created and not field.concrete
            label = meta.verbose_name_plural if reverse else meta.verbose_name
    return _capitalised(str(label or audit_labels.field_label(name)))


def _choice_value(model, name: str, value):
    """«запланировано» for the stored code "planned" of a field with choices."""
    field = _field(model, name)
    choices = getattr(field, "flatchoices", None) if field is not None else None
    if choices and not isinstance(value, (list, dict)):
        labels = {str(code): label for code, label in choices}
        if str(value) in labels:
            return str(labels[str(value)])
    return value


ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _value(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return _("да") if value else _("нет")
    if isinstance(value, str) and (match := ISO_DATE.match(value)):
        year, month, day = match.groups()
        return f"{day}.{month}.{year}"
    if isinstance(value, list):
        return ", ".join(str(Role(item).label) if item in Role.values else str(item) for item in value) or "—"
    if isinstance(value, dict):
        parts = []
        if value.get("added"):
            parts.append(_("добавлено: %s") % _value(value["added"]))
        if value.get("removed"):
            parts.append(_("снято: %s") % _value(value["removed"]))
        return "; ".join(parts) or "—"
    return str(value)


@register.filter
def audit_changes(entry) -> str:
    model = entry.target_type.model_class() if entry.target_type_id else None
    parts = []
    for name, change in entry.changes.items():
        if isinstance(change, list) and len(change) == 2 and name != "roles":
            before, after = (_value(_choice_value(model, name, value)) for value in change)
            parts.append(f"{_field_label(model, name)}: {before} → {after}")
        else:
            parts.append(f"{_field_label(model, name)}: {_value(_choice_value(model, name, change))}")
    return "; ".join(parts)


@register.simple_tag
def role_badges(codes) -> str:
    return ", ".join(str(Role(code).label) for code in codes)


@register.simple_tag
def gendered(person, masculine: str, feminine: str) -> str:
    """`{% gendered person _("выведен") _("выведена") %}`: the word that agrees with the person (see
    common.wording). Plurals are `{% blocktranslate count %}` through the catalogue, not a tag."""
    return wording.gendered(person, masculine=masculine, feminine=feminine)


@register.filter
def name_case(person, case: str = "nomn") -> str:
    """`{{ person|name_case:"accs" }}`: «Кузнецову Ольгу Петровну» (mentoring.organisations.declension)."""
    return declension.person_name(person, case)


@register.filter
def short_name_case(person, case: str = "nomn") -> str:
    """`{{ person|short_name_case:"gent" }}`: «Кузнецовой О. П.»."""
    return declension.person_name(person, case, short=True)


@register.filter
def position_case(position, case: str = "nomn") -> str:
    """`{{ person.position|position_case:"datv" }}`: «заместителю директора по УВР»."""
    return declension.position_in_case(str(position or ""), case)

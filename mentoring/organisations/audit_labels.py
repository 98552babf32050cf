"""Human names for audit actions; apps add theirs with `register`."""

from django.utils.translation import gettext_lazy as _

_labels = {
    "person.created": _("Добавлен человек"),
    "person.updated": _("Изменены данные человека"),
    "account.created": _("Создана учётная запись"),
    "preferences.replaced": _("Записаны предпочтения"),
    "pair.approved": _("Пара утверждена"),
}


def register(code: str, label) -> None:
    _labels[code] = label


def label_for(code: str) -> str:
    return str(_labels.get(code, code))


_field_labels: dict[str, object] = {}


def register_field(key: str, label) -> None:
    """A Russian name for a key of an audit entry's changes that is not a model field ("invited")."""
    _field_labels[key] = label


def field_label(key: str) -> str:
    return str(_field_labels.get(key, key))

"""Human names for audit actions; apps add theirs with `register`."""

from django.utils.translation import gettext_lazy as _

_labels = {
    "person.created": _("Добавлен человек"),
    "person.updated": _("Изменены данные человека"),
    "preferences.replaced": _("Записаны предпочтения"),
    "pair.approved": _("Пара утверждена"),
}


def register(code: str, label) -> None:
    _labels[code] = label


def label_for(code: str) -> str:
    return str(_labels.get(code, code))

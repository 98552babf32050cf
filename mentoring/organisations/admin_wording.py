"""The Django admin's generic «Добавить %(name)s» and «%(name)s … был успешно добавлен» do not agree with a
feminine or neuter model name («Добавить организация», «Организация … был успешно добавлен»). Each model the
admin shows gets its accusative and gender here; `RussianWordingAdmin` puts them into the titles, the
«Добавить …» button and the success messages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MASCULINE, FEMININE, NEUTER = "m", "f", "n"

# model label → (the name in the accusative, «Добавить организацию»; gender of the nominative)
WORDS: dict[str, tuple[object, str]] = {
    "auth.user": (gettext_lazy("пользователя"), MASCULINE),
    "auth.group": (gettext_lazy("группу"), FEMININE),
    "mentoring.region": (gettext_lazy("регион"), MASCULINE),
    "mentoring.municipality": (gettext_lazy("муниципалитет"), MASCULINE),
    "mentoring.organisation": (gettext_lazy("организацию"), FEMININE),
    "mentoring.membership": (gettext_lazy("участие в организации"), NEUTER),
    "mentoring.person": (gettext_lazy("человека"), MASCULINE),
    "mentoring.mentoringform": (gettext_lazy("форму наставничества"), FEMININE),
    "mentoring.pair": (gettext_lazy("наставническую пару/группу"), FEMININE),
    "mentoring.preference": (gettext_lazy("предпочтение"), NEUTER),
    "mentoring.auditentry": (gettext_lazy("запись журнала"), FEMININE),
    "mentoring.competency": (gettext_lazy("компетенцию"), FEMININE),
    "mentoring.mentorprofile": (gettext_lazy("наставника в базу"), MASCULINE),
    "mentoring.menteeprofile": (gettext_lazy("наставляемого в базу"), MASCULINE),
    "mentoring.consent": (gettext_lazy("согласие на обработку персональных данных"), NEUTER),
    "mentoring.partner": (gettext_lazy("организацию-партнёра"), FEMININE),
    "mentoring.plantemplate": (gettext_lazy("шаблон плана"), MASCULINE),
    "mentoring.meeting": (gettext_lazy("встречу"), FEMININE),
    "mentoring.supportnote": (gettext_lazy("запись о поддержке"), FEMININE),
    "reports.order": (gettext_lazy("приказ"), MASCULINE),
    "reports.orderregister": (gettext_lazy("книгу приказов"), FEMININE),
}


def add_label(opts) -> str:
    """«Добавить организацию»; a model without its words: «Добавить: <название>»."""
    words = WORDS.get(opts.label_lower)
    if words is None:
        return _("Добавить: %(name)s") % {"name": opts.verbose_name}
    return _("Добавить %(name)s") % {"name": words[0]}


def _done(opts, *, added: bool) -> str:
    gender = WORDS.get(opts.label_lower, (None, MASCULINE))[1]
    if added:
        return {MASCULINE: _("добавлен"), FEMININE: _("добавлена"), NEUTER: _("добавлено")}[gender]
    return {MASCULINE: _("изменён"), FEMININE: _("изменена"), NEUTER: _("изменено")}[gender]


def saved_message(opts, obj, *, added: bool) -> str:
    """«Организация «Школа № 5» добавлена.», «Приказ «№ 12» изменён.»"""
    return format_html(
        _("{name} «{obj}» {done}."),
        name=capfirst(str(opts.verbose_name)),
        obj=str(obj),
        done=_done(opts, added=added),
    )


if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin

    _Base = ModelAdmin
else:
    _Base = object


class RussianWordingAdmin(_Base):
    """Mixed in before `admin.ModelAdmin`."""

    def add_view(self, request, form_url="", extra_context=None):
        return super().add_view(request, form_url, {"title": add_label(self.opts), **(extra_context or {})})

    def response_add(self, request, obj, post_url_continue=None):
        request._wording_saved = (obj, True)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        request._wording_saved = (obj, False)
        return super().response_change(request, obj)

    def message_user(self, request, message, level=messages.INFO, extra_tags="", fail_silently=False):
        saved = getattr(request, "_wording_saved", None)
        if saved is not None and level == messages.SUCCESS:
            del request._wording_saved
            message = saved_message(self.opts, saved[0], added=saved[1])
        super().message_user(request, message, level, extra_tags, fail_silently)

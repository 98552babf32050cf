"""The Django admin writes into the app's journal (AuditEntry) too: a change an administrator makes to a
protected model (orders, the register, people, consents) shows in the organisation's «Журнал» like any
other, next to Django's own LogEntry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from mentoring.organisations import audit_labels
from mentoring.organisations.services import audit_entry_create

audit_labels.register("admin.added", _("Добавлено в панели администрирования"))
audit_labels.register("admin.changed", _("Изменено в панели администрирования"))
audit_labels.register("admin.deleted", _("Удалено в панели администрирования"))
audit_labels.register_field("admin_model", _("раздел"))
audit_labels.register_field("admin_fields", _("поля"))


if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin

    _Base = ModelAdmin
else:
    _Base = object


def _changed_fields(message) -> list[str]:
    fields: list[str] = []
    for part in message if isinstance(message, list) else []:
        for key in ("changed", "added", "deleted"):
            if key in part:
                fields += [str(name) for name in part[key].get("fields", [])] or [
                    str(part[key].get("name", key))
                ]
    return fields


class JournalledAdmin(_Base):
    """Mixed in before `admin.ModelAdmin`. `journal_organisations(obj)` names the organisations whose
    journals get the entry (by default `obj.organisation`; a person: each organisation they belong to)."""

    def journal_organisations(self, obj) -> list:
        organisation = getattr(obj, "organisation", None)
        return [organisation] if organisation is not None else [None]

    def _journal(self, request, obj, action: str, fields=None) -> None:
        changes = {"admin_model": str(obj._meta.verbose_name)}
        if fields:
            changes["admin_fields"] = ", ".join(fields)
        for organisation in self.journal_organisations(obj):
            audit_entry_create(
                actor=request.user, organisation=organisation, action=action, target=obj, changes=changes
            )

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._journal(request, obj, "admin.added")
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._journal(request, obj, "admin.changed", _changed_fields(message))
        return entry

    def log_deletions(self, request, queryset):
        entries = super().log_deletions(request, queryset)
        for obj in queryset:
            self._journal(request, obj, "admin.deleted")
        return entries

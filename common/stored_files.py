"""A stored file lives as long as its row: deleting the row, or replacing (or clearing) the file in it,
deletes the old file from the storage once the transaction commits (a rolled-back change keeps it)."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save, pre_save


def _delete_later(storage: Storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name) if storage.exists(name) else None)


def delete_files_with_rows(model: type[Model], *fields: str) -> None:
    """Connect the signals for `model`'s FileFields named in `fields`."""
    uid = f"stored_files:{model._meta.label}"

    def remember_old(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
        if raw or instance.pk is None:
            return
        old = sender._base_manager.filter(pk=instance.pk).values(*fields).first() or {}
        instance.__dict__["_stored_files_before"] = old

    def delete_replaced(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
        before = getattr(instance, "_stored_files_before", None) or {}
        for field in fields:
            old, new = before.get(field) or "", getattr(instance, field).name or ""
            if old and old != new:
                _delete_later(getattr(instance, field).storage, old)
        instance.__dict__["_stored_files_before"] = {
            field: getattr(instance, field).name or "" for field in fields
        }

    def delete_with_row(sender: type[Model], instance: Model, **kwargs: Any) -> None:
        for field in fields:
            file = getattr(instance, field)
            _delete_later(file.storage, file.name or "")

    pre_save.connect(remember_old, sender=model, weak=False, dispatch_uid=f"{uid}:pre")
    post_save.connect(delete_replaced, sender=model, weak=False, dispatch_uid=f"{uid}:post")
    post_delete.connect(delete_with_row, sender=model, weak=False, dispatch_uid=f"{uid}:delete")

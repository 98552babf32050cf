"""Queries of the import: the organisation's batches and what each one brought."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet

from mentoring.models import ImportBatch, ImportBatchItem, Organisation

from . import fields


def batches_for(organisation: Organisation) -> QuerySet[ImportBatch]:
    return organisation.import_batches.select_related("actor", "actor__person", "undone_by")


def batch_get(organisation: Organisation, batch_id: int) -> ImportBatch | None:
    return batches_for(organisation).filter(pk=batch_id).first()


@dataclass
class BatchItemRow:
    """An item of a batch as its page shows it."""

    item: ImportBatchItem
    obj: Model | None  # None once deleted
    kind: str  # the model's name: "person", "mentorprofile"…
    kind_label: str
    change_rows: list[tuple[str, str, str]]  # label, old, new

    @property
    def row(self) -> int:
        return self.item.row

    def get_action_display(self) -> str:
        return str(self.item.get_action_display())


def batch_items(batch: ImportBatch) -> list[BatchItemRow]:
    """The batch's items in file order, each with its object: one query per kind of object."""
    items = list(batch.items.select_related("target_type").order_by("row", "pk"))
    ids: dict[int, set[int]] = defaultdict(set)
    for item in items:
        ids[item.target_type_id].add(item.target_id)
    objects: dict[int, dict[Any, Model]] = {}
    labels: dict[int, str] = {}
    for item in items:
        key = item.target_type_id
        if key in objects:
            continue
        model = item.target_type.model_class()
        if model is None:  # a model since removed
            objects[key], labels[key] = {}, ""
            continue
        queryset = model._default_manager.all()
        if hasattr(model, "person"):
            queryset = queryset.select_related("person")
        objects[key], labels[key] = queryset.in_bulk(ids[key]), str(model._meta.verbose_name)
    return [
        BatchItemRow(
            item=item,
            obj=objects[item.target_type_id].get(item.target_id),
            kind=item.target_type.model,
            kind_label=labels[item.target_type_id],
            change_rows=[
                (fields.label(code), _shown(old), _shown(new)) for code, (old, new) in item.changes.items()
            ],
        )
        for item in items
    ]


def _shown(value: object) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, list):
        return ", ".join(str(part) for part in value)
    text = str(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":  # an ISO date
        return f"{text[8:10]}.{text[5:7]}.{text[:4]}"
    return text

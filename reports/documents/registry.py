"""The registry of the kinds of documents: every `Document` class the app makes, keyed by `key`.

Each family module lists its classes (`DOCUMENTS`); this module gathers them in order (the order of the
buttons on a page and of the background documents on the hub). A new kind is a class in its family module
plus its template — no URL, view or task (see `reports.documents.base`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentoring.organisations import page_actions
from reports.council import documents as council_documents
from reports.documents import annual, foundation, labour, programme, registers
from reports.documents.base import Document
from reports.orders import documents as order_documents

if TYPE_CHECKING:
    from mentoring.organisations.access import OrganisationAccess

_kinds: dict[str, type[Document]] = {}


def register(kind: type[Document]) -> type[Document]:
    """Add a kind (usable as a class decorator); a second kind under the same key is a mistake."""
    if kind.key in _kinds and _kinds[kind.key] is not kind:
        raise ValueError(f"two documents are registered as «{kind.key}»")
    _kinds[kind.key] = kind
    return kind


def get(key: str) -> type[Document] | None:
    return _kinds.get(key)


def all_kinds() -> list[type[Document]]:
    return list(_kinds.values())


def background_kinds_for(access: OrganisationAccess) -> list[type[Document]]:
    """The kinds the visitor may order built on the documents hub."""
    return [kind for kind in _kinds.values() if kind.background and kind.generic and access.has(kind.perm)]


def register_page_actions() -> None:
    """Put each kind's buttons on the pages it names (called once, from the app's `ready`)."""
    for kind in _kinds.values():
        for slot in kind.pages:
            page_actions.register(slot, kind.page_actions)


for _kind in [
    *programme.DOCUMENTS,
    *labour.DOCUMENTS,
    *foundation.DOCUMENTS,
    *registers.DOCUMENTS,
    *annual.DOCUMENTS,
    *order_documents.DOCUMENTS,
    *council_documents.DOCUMENTS,
]:
    register(_kind)

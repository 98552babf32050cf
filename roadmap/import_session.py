"""Between the upload and the confirmation the source stays out of the roadmap tables: the file (or the
pasted text) is staged in the project's storage (`common.staging`) with the read document kept beside
it, and the session remembers its token and the choices made in the preview.

One staged upload gives at most one roadmap: the roadmap keeps a digest of the token in its unique
`import_token`, so that a second confirmation (a double click, another tab, another server) finds the
roadmap already made instead of making another one.
"""

from __future__ import annotations

import hashlib

from common import staging

from .importing import ParsedRoadmap, RawDocument, normalise, read_upload
from .models import Roadmap

SESSION_KEY = "roadmap_import"
PURPOSE = "roadmap-import"


class StagedUploadGone(LookupError):
    """The staged upload is no longer there (cleaned up, or used by a confirmation in another tab)."""


def store(
    session, *, organisation_slug: str, owner_id: int, name: str, data: bytes, raw: RawDocument
) -> None:
    """Stage the upload with its read document; the session remembers it (a previous one is dropped)."""
    discard(session)
    token = staging.staged_upload_save(
        file=data, owner_id=owner_id, purpose=PURPOSE, name=name, data={"raw": raw.as_json()}
    )
    session[SESSION_KEY] = {
        "org": organisation_slug,
        "token": token,
        "name": name,
        "mapping": None,
        "year": "",
        "title": "",
    }


def load(session, organisation_slug: str) -> dict | None:
    state = session.get(SESSION_KEY)
    if not state or state.get("org") != organisation_slug or not state.get("token"):
        return None
    return state


def update(session, **values) -> None:
    state = dict(session.get(SESSION_KEY) or {})
    state.update(values)
    session[SESSION_KEY] = state


def import_token(state: dict) -> str:
    """What the roadmap made from this upload keeps (a digest: the token itself names a file)."""
    return hashlib.sha256(state["token"].encode()).hexdigest()


def imported_roadmap(*, organisation, state: dict) -> Roadmap | None:
    """The roadmap already made from this upload, if any (for this organisation or its municipality)."""
    roadmap = Roadmap.objects.filter(import_token=import_token(state)).first()
    if roadmap is None:
        return None
    if roadmap.organisation_id == organisation.pk or (
        roadmap.organisation_id is None and roadmap.municipality_id == organisation.municipality_id
    ):
        return roadmap
    return None


def raw_document(state: dict, *, owner_id: int) -> RawDocument:
    """The read document kept with the staged upload; the file is read again only if it was kept by
    other readers than these."""
    try:
        staged = staging.staged_upload_get(token=state["token"], owner_id=owner_id, purpose=PURPOSE)
        raw = RawDocument.from_json(staged.data.get("raw"))
        if raw is None:
            content = staging.staged_upload_open(token=state["token"], owner_id=owner_id, purpose=PURPOSE)
            raw = read_upload(staged.name if "." in staged.name else "text.txt", content)
            staging.staged_upload_update(
                token=state["token"], owner_id=owner_id, purpose=PURPOSE, data={"raw": raw.as_json()}
            )
    except staging.StagedUploadMissing as error:
        raise StagedUploadGone(state.get("token")) from error
    return raw


def parse(state: dict, *, owner_id: int) -> ParsedRoadmap:
    return normalise(
        raw_document(state, owner_id=owner_id),
        mapping=state.get("mapping"),
        academic_year=state.get("year") or "",
        shift_dates=bool(state.get("shift")),
    )


def discard(session) -> None:
    """Forget the upload and delete the staged file."""
    state = session.pop(SESSION_KEY, None)
    if state and state.get("token"):
        staging.staged_upload_delete(token=state["token"])


def finish(session, state: dict) -> None:
    """After the confirmation: the staged file goes, the session keeps the token so that a second
    confirmation is told where the roadmap is."""
    staging.staged_upload_delete(token=state["token"])
    session[SESSION_KEY] = {"org": state["org"], "token": state["token"], "name": state.get("name", "")}

"""Between the upload and the confirmation the source stays out of the database: pasted text in the
session, an uploaded file in a private temporary folder under a random name the session remembers."""

from __future__ import annotations

import secrets
import tempfile
import time
from pathlib import Path

from .importing import ParsedRoadmap, normalise, read_text, read_upload

SESSION_KEY = "roadmap_import"
MAX_AGE_SECONDS = 24 * 3600


def _folder() -> Path:
    folder = Path(tempfile.gettempdir()) / "nastavnik-roadmap-import"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _sweep() -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in _folder().glob("*.upload"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


def store(session, *, organisation_slug: str, name: str = "", data: bytes = b"", text: str = "") -> None:
    discard(session)
    _sweep()
    state = {"org": organisation_slug, "name": name, "mapping": None, "year": "", "title": ""}
    if data:
        token = secrets.token_hex(16)
        (_folder() / f"{token}.upload").write_bytes(data)
        state["file"] = token
    else:
        state["text"] = text
    session[SESSION_KEY] = state


def load(session, organisation_slug: str) -> dict | None:
    state = session.get(SESSION_KEY)
    if not state or state.get("org") != organisation_slug:
        return None
    if "file" in state and not (_folder() / f"{state['file']}.upload").exists():
        return None
    return state


def update(session, **values) -> None:
    state = dict(session.get(SESSION_KEY) or {})
    state.update(values)
    session[SESSION_KEY] = state


def parse(state: dict) -> ParsedRoadmap:
    if "file" in state:
        raw = read_upload(state["name"], (_folder() / f"{state['file']}.upload").read_bytes())
    else:
        raw = read_text(state["text"])
    return normalise(
        raw,
        mapping=state.get("mapping"),
        academic_year=state.get("year") or "",
        shift_dates=bool(state.get("shift")),
    )


def discard(session) -> None:
    state = session.pop(SESSION_KEY, None)
    if state and state.get("file"):
        path = _folder() / f"{state['file']}.upload"
        path.unlink(missing_ok=True)

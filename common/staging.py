"""Uploads kept between a preview and its confirmation, in the project's storage (`default_storage`).

An upload is staged under a random, unguessable name in `staged/`, with a small JSON file beside it
(its owner, purpose, original name, time and whatever the caller keeps with it, e.g. the parsed result),
so that any application server sharing the storage finds it. The caller gets an opaque token; reading it
back needs the same owner and purpose. It is deleted on confirmation, and abandoned ones by
`manage.py cleanup_staged_uploads` (cron).
"""

from __future__ import annotations

import datetime
import json
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.utils import timezone

FOLDER = "staged"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
_PURPOSE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


class StagedUploadMissing(LookupError):
    """No staged upload for this token, owner and purpose (never saved, expired or already used)."""


@dataclass(frozen=True)
class StagedUpload:
    token: str
    owner_id: int
    purpose: str
    name: str
    size: int
    created_at: datetime.datetime
    data: dict[str, Any] = field(default_factory=dict[str, Any])


def _paths(token: str) -> tuple[str, str]:
    if not isinstance(token, str) or not _TOKEN.match(token):
        raise StagedUploadMissing(token)
    return f"{FOLDER}/{token}.upload", f"{FOLDER}/{token}.json"


def _write_meta(path: str, meta: dict[str, Any]) -> None:
    if default_storage.exists(path):
        default_storage.delete(path)
    saved = default_storage.save(path, ContentFile(json.dumps(meta, ensure_ascii=False).encode("utf-8")))
    if saved != path:  # pragma: no cover - a storage that renamed the file would lose it
        default_storage.delete(saved)
        raise OSError(f"storage renamed {path} to {saved}")


def _read_meta(path: str) -> dict[str, Any] | None:
    try:
        with default_storage.open(path, "rb") as handle:
            meta = json.loads(handle.read().decode("utf-8"))
    except (FileNotFoundError, OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def staged_upload_save(
    *,
    file: bytes | File[Any],
    owner_id: int,
    purpose: str,
    name: str = "",
    data: dict[str, Any] | None = None,
) -> str:
    """Keep `file` (bytes or a Django file) for `owner_id`; returns the token to find it again."""
    if not _PURPOSE.match(purpose):
        raise ValueError(f"bad purpose {purpose!r}")
    content = file if isinstance(file, bytes) else file.read()
    token = secrets.token_urlsafe(24)  # 32 characters of [A-Za-z0-9_-]
    upload_path, meta_path = _paths(token)
    saved = default_storage.save(upload_path, ContentFile(content))
    if saved != upload_path:  # pragma: no cover - 192 random bits never collide
        default_storage.delete(saved)
        raise OSError(f"storage renamed {upload_path} to {saved}")
    meta = {
        "owner_id": int(owner_id),
        "purpose": purpose,
        "name": name or getattr(file, "name", "") or "",
        "size": len(content),
        "created_at": timezone.now().isoformat(),
        "data": data or {},
    }
    _write_meta(meta_path, meta)
    return token


def staged_upload_get(*, token: str, owner_id: int, purpose: str) -> StagedUpload:
    """The staged upload's description; `StagedUploadMissing` if it is not there for this owner."""
    upload_path, meta_path = _paths(token)
    meta = _read_meta(meta_path)
    if (
        meta is None
        or meta.get("owner_id") != int(owner_id)
        or meta.get("purpose") != purpose
        or not default_storage.exists(upload_path)
    ):
        raise StagedUploadMissing(token)
    return StagedUpload(
        token=token,
        owner_id=meta["owner_id"],
        purpose=meta["purpose"],
        name=meta.get("name", ""),
        size=int(meta.get("size", 0)),
        created_at=datetime.datetime.fromisoformat(meta["created_at"]),
        data=meta.get("data") or {},
    )


def staged_upload_open(*, token: str, owner_id: int, purpose: str) -> bytes:
    """The staged file's content."""
    staged_upload_get(token=token, owner_id=owner_id, purpose=purpose)
    upload_path, _meta_path = _paths(token)
    try:
        with default_storage.open(upload_path, "rb") as handle:
            content: bytes = handle.read()
            return content
    except (FileNotFoundError, OSError) as error:
        raise StagedUploadMissing(token) from error


def staged_upload_update(*, token: str, owner_id: int, purpose: str, data: dict[str, Any]) -> None:
    """Replace what the caller keeps with the upload (e.g. a parsed result computed later)."""
    staged = staged_upload_get(token=token, owner_id=owner_id, purpose=purpose)
    _upload_path, meta_path = _paths(token)
    _write_meta(
        meta_path,
        {
            "owner_id": staged.owner_id,
            "purpose": staged.purpose,
            "name": staged.name,
            "size": staged.size,
            "created_at": staged.created_at.isoformat(),
            "data": data,
        },
    )


def staged_upload_delete(*, token: str) -> bool:
    """Delete the upload and its description; True if there was something to delete."""
    try:
        paths = _paths(token)
    except StagedUploadMissing:
        return False
    found = False
    for path in paths:
        if default_storage.exists(path):
            default_storage.delete(path)
            found = True
    return found


def staged_uploads_cleanup(*, older_than: datetime.timedelta, now: datetime.datetime | None = None) -> int:
    """Delete the uploads staged before `now - older_than`; returns how many were deleted. A file
    without its description (a save cut short) goes by the storage's modification time."""
    cutoff = (now or timezone.now()) - older_than
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except (FileNotFoundError, OSError):
        return 0
    tokens = {name.rsplit(".", 1)[0] for name in files if name.endswith((".upload", ".json"))}
    deleted = 0
    for token in sorted(tokens):
        try:
            upload_path, meta_path = _paths(token)
        except StagedUploadMissing:
            continue
        meta = _read_meta(meta_path)
        created = None
        if meta is not None:
            try:
                created = datetime.datetime.fromisoformat(meta["created_at"])
            except (KeyError, TypeError, ValueError):
                created = None
        if created is None:
            path = upload_path if default_storage.exists(upload_path) else meta_path
            try:
                created = default_storage.get_modified_time(path)
            except (FileNotFoundError, OSError, NotImplementedError):
                continue
        if timezone.is_naive(created):
            created = timezone.make_aware(created, datetime.UTC)
        if created < cutoff and staged_upload_delete(token=token):
            deleted += 1
    return deleted

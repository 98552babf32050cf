"""Storage names nobody can guess: every stored file is `<folder>/<uuid4 hex><.ext>`, derived from nothing
about its object (no person, year, number or original name). The human name goes to the browser through
Content-Disposition at download time (`common.downloads.download`)."""

from __future__ import annotations

import re
import uuid
from pathlib import PurePosixPath

from django.utils.deconstruct import deconstructible

_EXTENSION = re.compile(r"^\.[a-z0-9]{1,8}$")


def extension(filename: str) -> str:
    """The file's extension, lower-cased, if it is a plain one («.pdf», «.xlsx»), else ''."""
    suffix = PurePosixPath(filename or "").suffix.lower()
    return suffix if _EXTENSION.match(suffix) else ""


def random_name(folder: str, filename: str = "") -> str:
    return f"{folder.strip('/')}/{uuid.uuid4().hex}{extension(filename)}"


@deconstructible
class RandomName:
    """`upload_to=RandomName("consents")`: a random name in a folder of its kind."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance: object, filename: str) -> str:
        return random_name(self.folder, filename)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash(("RandomName", self.folder))


def human_name(title: str, stored_name: str, *, fallback: str = "file") -> str:
    """The name a download is saved under: the object's title with the stored file's extension, without
    characters a file system refuses."""
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", title or "").strip(" .") or fallback
    suffix = extension(stored_name)
    if suffix and stem.lower().endswith(suffix):
        stem = stem[: -len(suffix)]
    return f"{stem[:120].rstrip()}{suffix}"

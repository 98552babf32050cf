"""PDF rendering: Django templates → HTML → WeasyPrint, A4, with the embedded Tinos serif.

The only resources a document may load are the application's own static files, addressed as
`static:/<path>` (the `{% pdf_static %}` tag writes them) and found through Django's staticfiles finders or
storage. Every other URL — `file://`, `http(s)://`, `data:`, relative paths — is refused without being
opened, so text typed by a user can never pull a local file or a network address into a document (and user
text is escaped by the templates anyway).
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import posixpath
from collections.abc import Callable, Iterable
from pathlib import Path

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string

# WeasyPrint reports each layout step at INFO (also while importing), fontTools each WOFF2 it decodes; only
# their warnings matter here.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint.document import Document  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

STATIC_SCHEME = "static:"
# The font files the PDF stylesheet names; the test suite checks each exists.
FONT_FILES = [
    f"vendor/tinos/tinos-{subset}-{weight}-{style}.woff2"
    for subset in ("latin", "cyrillic")
    for weight in (400, 700)
    for style in ("normal", "italic")
]


class StaticFilesOnlyFetcher(URLFetcher):
    """Serves `static:/path` from the app's static files; refuses everything else, recording it."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=(), fail_on_errors=False)
        self.refused: list[str] = []
        self.served: list[str] = []

    def refuse(self, url: str, reason: str):
        self.refused.append(url)
        raise ValueError(f"{reason}: {url[:200]}")

    def fetch(self, url, headers=None):
        if not isinstance(url, str) or not url.startswith(STATIC_SCHEME):
            self.refuse(str(url), "only the application's static files may be loaded")
        raw = url[len(STATIC_SCHEME) :].split("?")[0].split("#")[0]
        path = posixpath.normpath(raw.lstrip("/"))
        if not raw.strip("/") or path.startswith("..") or path.startswith("/") or "\\" in raw or "\0" in raw:
            self.refuse(url, "not a static file path")
        data = static_file_bytes(path)
        if data is None:
            self.refuse(url, "no such static file")
        self.served.append(path)
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if path.endswith(".woff2"):
            content_type = "font/woff2"
        return URLFetcherResponse(url, body=data, headers={"Content-Type": content_type})


def static_file_bytes(path: str) -> bytes | None:
    """A static file by its static path: from the finders (development, tests), else collected storage."""
    found = finders.find(path)
    if found:
        return Path(found).read_bytes()
    try:
        if staticfiles_storage.exists(path):
            with staticfiles_storage.open(path) as handle:
                return handle.read()
    except (OSError, ValueError, NotImplementedError):
        return None
    return None


def render_html(template: str, context: dict) -> str:
    return render_to_string(template, context)


def render_document(template: str, context: dict, *, fetcher: URLFetcher | None = None) -> Document:
    """Lay out one document (pages, not yet written): several can be joined into one file."""
    html = render_html(template, context)
    return HTML(string=html, base_url=None, url_fetcher=fetcher or StaticFilesOnlyFetcher()).render()


def render_pdf(template: str, context: dict, *, fetcher: URLFetcher | None = None) -> bytes:
    return render_document(template, context, fetcher=fetcher).write_pdf()


def html_to_pdf(html: str, *, fetcher: URLFetcher | None = None) -> bytes:
    return HTML(string=html, base_url=None, url_fetcher=fetcher or StaticFilesOnlyFetcher()).write_pdf()


def join_pdf(
    parts: Iterable[tuple[str, dict]], *, progress: Callable[[int, int], None] | None = None
) -> bytes:
    """Lay out each (template, context) in turn, then write all their pages as one PDF."""
    parts = list(parts)
    documents = []
    for index, (template, context) in enumerate(parts, start=1):
        documents.append(render_document(template, context))
        if progress:
            progress(index, len(parts))
    if not documents:
        raise ValueError("nothing to render")
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

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
import multiprocessing
import os
import posixpath
import re
import resource
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ValidationError
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


# A run of this many non-space characters in a document's text gets a zero-width space every BREAK_EVERY
# characters: the line breaker then finds a break without trying every character (WeasyPrint needs minutes
# and gigabytes for one 100,000-letter word, seconds with the breaks). Markup and style sheets are untouched.
LONG_RUN = 60
BREAK_EVERY = 30
_LONG_RUN = re.compile(rf"[^\s<>&\u200b]{{{LONG_RUN},}}")
_TEXT_OR_SKIPPED = re.compile(r"(<style\b.*?</style>|<script\b.*?</script>|<[^>]*>)", re.S | re.I)


def _break_run(match: re.Match) -> str:
    run = match.group(0)
    return "\u200b".join(run[index : index + BREAK_EVERY] for index in range(0, len(run), BREAK_EVERY))


def breakable(html: str) -> str:
    """`html` with zero-width spaces inside very long unbroken words of its text (never inside a tag)."""
    parts = _TEXT_OR_SKIPPED.split(html)
    for index in range(0, len(parts), 2):  # even parts are text between tags
        if len(parts[index]) >= LONG_RUN:
            parts[index] = _LONG_RUN.sub(_break_run, parts[index])
    return "".join(parts)


def render_html(template: str, context: dict) -> str:
    return breakable(render_to_string(template, context))


# --- Bounded rendering ------------------------------------------------------------------------------------
# WeasyPrint lays a document out in a child process (fork) with an address-space limit and a deadline, so a
# document that would take minutes or gigabytes (a pathological text) ends with a clear message while the
# server goes on serving. The HTML is rendered here, in the parent (templates may query the database); the
# child only turns HTML into PDF and never touches the database.


class RenderTooHeavy(ValidationError):
    """A document exceeded the time or memory limit for rendering; its message is for the user (a
    ValidationError, so the views that show a service's refusal show this one too; GET views get it through
    reports.documents.middleware)."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or "Документ слишком сложный для вывода в PDF: в нём есть очень длинные тексты без пробелов или "
            "слишком много строк. Сократите такие тексты и сформируйте документ ещё раз."
        )


def render_limits(*, background: bool = False) -> tuple[float, int]:
    """(seconds, megabytes) one document may take: PDF_RENDER_TIMEOUT (PDF_RENDER_BACKGROUND_TIMEOUT for the
    task worker's long documents), PDF_RENDER_MEMORY_MB."""
    name, default = ("PDF_RENDER_BACKGROUND_TIMEOUT", 600) if background else ("PDF_RENDER_TIMEOUT", 60)
    return float(getattr(settings, name, default)), int(getattr(settings, "PDF_RENDER_MEMORY_MB", 1024))


def _vm_size() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _child(connection, htmls: list[str], memory_bytes: int) -> None:
    try:
        # The budget comes on top of what the forked interpreter already maps.
        limit = _vm_size() + memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        documents = []
        for index, html in enumerate(htmls, start=1):
            documents.append(HTML(string=html, base_url=None, url_fetcher=StaticFilesOnlyFetcher()).render())
            connection.send(("progress", index, len(htmls)))
        pages = [page for document in documents for page in document.pages]
        data = documents[0].copy(pages).write_pdf()
        connection.send(("done", data))
    except MemoryError:
        connection.send(("memory", None))
    except BaseException as error:  # noqa: BLE001 — reported to the parent, which raises it there
        connection.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        connection.close()


def _render_in_child(
    htmls: list[str], *, progress: Callable[[int, int], None] | None = None, background: bool = False
) -> bytes:
    if not htmls:
        raise ValueError("nothing to render")
    seconds, megabytes = render_limits(background=background)
    context = multiprocessing.get_context("fork")
    parent_end, child_end = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(child_end, htmls, megabytes * 1024 * 1024), daemon=True)
    process.start()
    child_end.close()
    deadline = time.monotonic() + seconds
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not parent_end.poll(remaining):
                raise RenderTooHeavy()
            try:
                message = parent_end.recv()
            except EOFError as error:  # the child died (killed by the memory limit inside a C library)
                raise RenderTooHeavy() from error
            if message[0] == "progress":
                if progress:
                    progress(message[1], message[2])
                continue
            if message[0] == "done":
                return message[1]
            if message[0] == "memory":
                raise RenderTooHeavy()
            raise RuntimeError(f"PDF rendering failed: {message[1]}")
    finally:
        parent_end.close()
        if process.is_alive():
            process.kill()
        process.join(5)


def bounded() -> bool:
    """Render in a limited child process (PDF_RENDER_IN_CHILD, on by default; only where fork exists)."""
    return getattr(settings, "PDF_RENDER_IN_CHILD", True) and hasattr(os, "fork")


def render_document(template: str, context: dict, *, fetcher: URLFetcher | None = None) -> Document:
    """Lay out one document (pages, not yet written): several can be joined into one file."""
    html = render_html(template, context)
    return HTML(string=html, base_url=None, url_fetcher=fetcher or StaticFilesOnlyFetcher()).render()


def render_pdf(template: str, context: dict, *, fetcher: URLFetcher | None = None) -> bytes:
    """One document as PDF bytes, within the time and memory limits (RenderTooHeavy past them). A caller
    that passes its own `fetcher` (tests recording what was loaded) renders in this process."""
    if fetcher is None and bounded():
        return _render_in_child([render_html(template, context)])
    return render_document(template, context, fetcher=fetcher).write_pdf()


def html_to_pdf(html: str, *, fetcher: URLFetcher | None = None) -> bytes:
    html = breakable(html)
    if fetcher is None and bounded():
        return _render_in_child([html])
    return HTML(string=html, base_url=None, url_fetcher=fetcher or StaticFilesOnlyFetcher()).write_pdf()


def join_pdf(
    parts: Iterable[tuple[str, dict]],
    *,
    progress: Callable[[int, int], None] | None = None,
    background: bool = False,
) -> bytes:
    """Lay out each (template, context) in turn, then write all their pages as one PDF."""
    parts = list(parts)
    if parts and bounded():
        return _render_in_child(
            [render_html(template, context) for template, context in parts],
            progress=progress,
            background=background,
        )
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

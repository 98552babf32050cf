"""Every file the app hands out goes through `download`: the Content-Disposition header carries both an ASCII
fallback and the UTF-8 name (RFC 6266, Django's `content_disposition_header`, the one `FileResponse` writes),
so a Russian file name reaches the browser as written."""

from __future__ import annotations

import mimetypes
from typing import IO

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ICALENDAR = "text/calendar; charset=utf-8"


def download(
    content: bytes | IO[bytes], *, filename: str, content_type: str | None = None, inline: bool = False
) -> HttpResponse | FileResponse:
    """A response that saves `content` as `filename` (or shows it in the browser with `inline=True`); without
    a `content_type` it is guessed from the file name. Bytes made in memory are sent as they are; an open
    file is streamed."""
    if not isinstance(content, bytes | bytearray):
        return FileResponse(content, as_attachment=not inline, filename=filename, content_type=content_type)
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = HttpResponse(content, content_type=content_type)
    disposition = content_disposition_header(not inline, filename)
    if disposition:
        response["Content-Disposition"] = disposition
    return response

"""Every file the app hands out goes through `download`: the Content-Disposition header carries both an ASCII
fallback and the UTF-8 name (RFC 6266, Django's `content_disposition_header`, the one `FileResponse` writes),
so a Russian file name reaches the browser as written."""

from __future__ import annotations

import mimetypes
from typing import IO
from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile
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
    file is streamed — or, a stored file with `MEDIA_ACCEL_REDIRECT` set, handed to nginx by
    X-Accel-Redirect."""
    accel = getattr(settings, "MEDIA_ACCEL_REDIRECT", "")
    if accel and isinstance(content, FieldFile):
        # nginx sends the stored file from its internal location; the access check has been made here.
        name = content.name or ""
        content.close()
        response = HttpResponse(
            content_type=content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        )
        response["X-Accel-Redirect"] = f"{accel.rstrip('/')}/{quote(name)}"
        response["Content-Disposition"] = content_disposition_header(not inline, filename) or ""
        return response
    if not isinstance(content, bytes | bytearray):
        return FileResponse(content, as_attachment=not inline, filename=filename, content_type=content_type)
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = HttpResponse(content, content_type=content_type)
    disposition = content_disposition_header(not inline, filename)
    if disposition:
        response["Content-Disposition"] = disposition
    return response

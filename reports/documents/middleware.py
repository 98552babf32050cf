"""A PDF that would exceed the rendering limits (reports.documents.pdf.RenderTooHeavy) answers with a page
in the site's layout that says why, instead of an error 500."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reports.documents.pdf import RenderTooHeavy


class RenderTooHeavyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RenderTooHeavy):
            context = {"message": exception.messages[0]}
            return render(request, "reports/documents/pdf_too_heavy.html", context, status=422)
        return None

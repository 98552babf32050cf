"""A stand-in for WeasyPrint in the test suite: a valid PDF without the layout.

`reports.documents.pdf` renders every document through WeasyPrint's `HTML(...).render()` or
`.write_pdf()`; laying out an order takes 0.5–2 s, and most tests only need *a* PDF (signing an order, a
download's status). Outside the tests of the PDFs themselves, `tests/conftest.py` swaps that module's `HTML`
for `StandInHTML`: the templates and their contexts are still rendered to HTML (so a template error still
fails), and each document becomes one blank A4 page titled as a stand-in. The app itself always renders
with WeasyPrint.

The tests that read a PDF's text, fonts or pages carry `@pytest.mark.real_pdf` (benchmarks use the real
renderer too).
"""

from __future__ import annotations

import io

from pypdf import PdfWriter

A4_POINTS = (595.28, 841.89)
STAND_IN_TITLE = "stand-in PDF (tests/pdf_stand_in.py)"


class StandInDocument:
    """The part of `weasyprint.document.Document` that the app uses: pages, copy, write_pdf."""

    def __init__(self, pages: list[str]) -> None:
        self.pages = pages

    def copy(self, pages=None) -> StandInDocument:
        return StandInDocument(list(self.pages if pages is None else pages))

    def write_pdf(self, target=None, **_options) -> bytes | None:
        writer = PdfWriter()
        for _page in self.pages or [""]:
            writer.add_blank_page(*A4_POINTS)
        writer.add_metadata({"/Title": STAND_IN_TITLE})
        buffer = io.BytesIO()
        writer.write(buffer)
        data = buffer.getvalue()
        if target is not None:
            target.write(data)
            return None
        return data


class StandInHTML:
    """`weasyprint.HTML(string=..., base_url=..., url_fetcher=...)` without fetching or laying out."""

    def __init__(self, guess=None, *, string: str | None = None, **_options) -> None:
        if string is None:
            raise TypeError("the stand-in renders HTML given as a string only, as the app does")
        self.string = string

    def render(self, **_options) -> StandInDocument:
        return StandInDocument([self.string])

    def write_pdf(self, target=None, **options) -> bytes | None:
        return self.render().write_pdf(target, **options)

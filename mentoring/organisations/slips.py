"""Login slips as a PDF: rendered here with WeasyPrint from a mentoring template (`mentoring` does not use the
reports app's document machinery). The slip loads nothing: no image, no web font — the page uses the fonts
of the system (DejaVu, Liberation), and any URL is refused without being opened."""

from __future__ import annotations

import logging

from django.template.loader import render_to_string

from mentoring.organisations.accounts import Slip, site_address

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)


def _refuse(url, *args, **kwargs):
    raise ValueError(f"login slips load nothing: {str(url)[:200]}")


def slips_pdf(slips: list[Slip], *, organisation_name: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "mentoring/accounts/pdf/login_slips.html",
        {"slips": slips, "organisation_name": organisation_name, "address": site_address()},
    )
    return HTML(string=html, url_fetcher=_refuse).write_pdf()

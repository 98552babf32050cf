"""Template helpers for the PDF documents."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from reports.documents.pdf import STATIC_SCHEME

register = template.Library()

MONTHS_GENITIVE = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]


@register.simple_tag
def pdf_static(path: str) -> str:
    """The address under which the PDF fetcher serves one of the app's static files."""
    return f"{STATIC_SCHEME}/{path.lstrip('/')}"


@register.filter
def initials_first(person) -> str:
    """«А.Б. Ткаченко», as the signature line of a Russian document writes a name."""
    if person is None:
        return ""
    initials = "".join(f"{part[0]}." for part in (person.first_name, person.patronymic) if part)
    return f"{initials} {person.last_name}".strip()


@register.filter
def lower_first(text) -> str:
    text = str(text or "")
    return text[:1].lower() + text[1:]


@register.filter
def sentence(text) -> str:
    """The text ended with one full stop: «…открытому уроку.» stays as it is, never «уроку..»."""
    text = str(text or "").rstrip()
    return text if not text or text.endswith((".", "!", "?", "…")) else f"{text}."


@register.filter
def long_date(value) -> str:
    """«25» ноября 2022 г."""
    if not value:
        return "«___» ____________ 20___ г."
    return f"«{value.day:02d}» {MONTHS_GENITIVE[value.month - 1]} {value.year} г."


@register.filter
def paragraphs(text: str) -> str:
    """Plain text as escaped paragraphs: one per line; «ПРИКАЗЫВАЮ:» set apart as Russian orders do."""
    parts = []
    for line in (text or "").splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        # «№ 23» is never broken across two lines.
        escaped = conditional_escape(stripped).replace("№ ", "№\u00a0")
        if stripped.rstrip(":").upper() in {"ПРИКАЗЫВАЮ", "ПОСТАНОВЛЯЮ", "ОБЯЗУЮ"}:
            parts.append(f'<p class="order-verb">{escaped}</p>')
        else:
            parts.append(f"<p>{escaped}</p>")
    return mark_safe("\n".join(parts))  # noqa: S308  (every line went through conditional_escape)

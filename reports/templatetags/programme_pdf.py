"""Template helpers of the programme documents (numbers written the Russian way)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def at(items, index):
    """`items|at:i`: the i-th element, or None."""
    try:
        return items[int(index)]
    except (IndexError, TypeError, ValueError, KeyError):
        return None


@register.filter
def decimal(value, places: int = 2) -> str:
    """3.5 → «3,50»; None → «—»."""
    if value is None or value == "":
        return "—"
    return f"{float(value):.{int(places)}f}".replace(".", ",")


@register.filter
def signed(value, places: int = 2) -> str:
    """A change: «+1,15», «−0,50» (a true minus sign), «0,00»; None → «—»."""
    if value is None or value == "":
        return "—"
    number = round(float(value), int(places))
    text = f"{abs(number):.{int(places)}f}".replace(".", ",")
    if number > 0:
        return f"+{text}"
    if number < 0:
        return f"\u2212{text}"
    return text

"""Russian hyphenation for narrow table headings, from the dictionary WeasyPrint already uses (pyphen)."""

from __future__ import annotations

import functools
import re

import pyphen


@functools.cache
def _russian_hyphenation() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="ru_RU")


def soft_hyphens(text: str, *, longer_than: int = 7) -> str:
    """Soft hyphens (U+00AD) at the Russian hyphenation points of every long word: a narrow table heading
    then breaks «Наставля-емые» with a hyphen, at a syllable, and never mid-syllable or without one (browsers
    have no Russian dictionary of their own for `hyphens: auto`)."""
    dictionary = _russian_hyphenation()
    return re.sub(
        rf"\w{{{longer_than + 1},}}",
        lambda match: dictionary.inserted(match.group(0), hyphen="\u00ad"),
        text,
    )

"""Items of one cell: «1) … 2) …», «2. …», «а) … б) …», «– …», «• …» or one paragraph each.

Used where a cell holds a list (the content of a stage in the stage-as-column layouts, or a deadline
given per item). A numbered list counts only when its numbers run 1, 2, 3 (or а, б, в), so dates and
numbers inside the text never split it; a dash counts at the start or after a «:», «;» or «.».
"""

from __future__ import annotations

import re

_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"
_NUMBERED = re.compile(r"(?:(?<=^)|(?<=[\s;:,.]))(\d{1,2})[.)](?=\s+\S)(?!\d)")
_LETTERED = re.compile(r"(?:(?<=^)|(?<=[\s;:,.]))([а-яё])\)(?=\s+\S)")
_BULLET = re.compile(r"[•·▪●◦■□➢►✓✔]")
_DASH = re.compile(r"(?:^|(?<=[:;.!?]))\s*[–—-]\s+")
_LEADING = re.compile(r"^\s*(?:\d{1,2}[.)](?!\d)|[а-яё]\)|[•·▪●◦■□➢►✓✔]|[–—-])\s+")
_ABBREVIATIONS = (" г.", "т.д.", "т.п.", "т. д.", "т. п.", "др.", "гг.", "мес.")


def _sequence(matches: list[re.Match], value) -> list[re.Match]:
    """The markers whose values run on from the first one (1, 2, 3 …)."""
    chosen: list[re.Match] = []
    expected = None
    for match in matches:
        current = value(match.group(1))
        if current is None:
            continue
        if expected is None:
            if current != 1:
                continue
            chosen.append(match)
            expected = 2
        elif current == expected:
            chosen.append(match)
            expected += 1
    return chosen


def _letter_value(letter: str) -> int | None:
    index = _LETTERS.find(letter.lower())
    return index + 1 if index >= 0 else None


def _cut(text: str, starts: list[int]) -> tuple[str, list[str]]:
    """Intro before the first marker, and the pieces from each marker on."""
    intro = text[: starts[0]].strip()
    pieces = [text[start:end].strip() for start, end in zip(starts, [*starts[1:], len(text)], strict=True)]
    return intro, pieces


def _split_line(text: str) -> tuple[str, list[str]]:
    """(intro, items) of one line; no items when the line is not a list."""
    for pattern, value in ((_NUMBERED, int), (_LETTERED, _letter_value)):
        chosen = _sequence(list(pattern.finditer(text)), value)
        if len(chosen) >= 2:
            return _cut(text, [match.start() for match in chosen])
    bullets = list(_BULLET.finditer(text))
    if bullets:
        return _cut(text, [match.start() for match in bullets])
    dashes = list(_DASH.finditer(text))
    if dashes and (
        dashes[0].start() == 0 or len(dashes) >= 2 or text[: dashes[0].start()].rstrip().endswith(":")
    ):
        return _cut(text, [match.start() for match in dashes])
    return "", []


def tidy(text: str, *, capitalise: bool = True) -> str:
    """An item without its marker and the list punctuation after it."""
    text = _LEADING.sub("", text.strip()).strip()
    text = text.rstrip(" ;,").strip()
    if text.endswith(".") and not text.endswith(_ABBREVIATIONS) and not text.endswith(".."):
        text = text[:-1].rstrip()
    if capitalise and text[:1].islower():
        text = text[0].upper() + text[1:]
    return text


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def with_context(context: str, item: str) -> str:
    """«Организация работы пар» + «Пробная встреча» → «Организация работы пар: пробная встреча»."""
    context = context.strip().rstrip(" :;,.")
    if not context:
        return item
    if not item:
        return context
    return f"{context}: {_lower_first(item)}"


def split_items(paragraphs: list[str], *, capitalise: bool = True) -> list[str]:
    """The items of a cell given as its paragraphs. An intro ending with «:» before a list is put in
    front of each item; a paragraph goes on the previous item only when that one breaks off at a comma
    or a hyphen (or it opens with a bracket)."""
    pieces: list[str] = []
    intro = ""
    previous = ""
    for index, paragraph in enumerate(paragraph for paragraph in paragraphs if paragraph.strip()):
        line_intro, line_items = _split_line(paragraph)
        if line_items:
            if line_intro:
                if index == 0 and line_intro.endswith(":"):
                    intro = line_intro
                else:
                    pieces.append(line_intro)
            pieces.extend(line_items)
            previous = line_items[-1]
            continue
        text = paragraph.strip()
        starts_marker = bool(_LEADING.match(text))
        if pieces and not starts_marker and (previous.rstrip().endswith((",", "-", "(")) or text[:1] in "(,"):
            pieces[-1] = f"{pieces[-1]} {text}"
        elif index == 0 and text.endswith(":") and len(paragraphs) > 1:
            intro = text
        else:
            pieces.append(text)
        previous = pieces[-1] if pieces else text
    items = [tidy(piece, capitalise=capitalise) for piece in pieces]
    items = [item for item in items if item]
    if intro:
        items = [with_context(intro, item) for item in items] or [tidy(intro, capitalise=capitalise)]
    return items

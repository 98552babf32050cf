"""The lines above the table: the title, the preamble, and what belongs to the source document only.

The approval block («УТВЕРЖДАЮ», the signer, the date), the other blocks of the source's own paperwork
(«ПРИНЯТО … Протокол …», «СОГЛАСОВАНО …», «Приложение № 2 к приказу …») and its order references
(«Приказ № 680-ОД от 25.11.2022») are the *source's*: they are shown in the preview as taken from the
original document and never become the new roadmap's title, preamble or approval.
"""

from __future__ import annotations

import contextlib
import datetime
import re
from collections.abc import Sequence

from django.utils.translation import gettext as _

TITLE_RE = re.compile(r"^(?:план\b|дорожн\w* карт|комплекс мер|план-график)", re.IGNORECASE)
_APPROVE = re.compile(r"^\s*утверждаю\b", re.IGNORECASE)
_BLOCK = re.compile(
    r"^\s*(?:утвержд[её]н\w*|согласован\w*|принят\w*|рассмотрен\w*|одобрен\w*|приложени\w*)\b", re.IGNORECASE
)
_ORDER_REF = re.compile(
    r"^\s*(?:к\s+)?(?:приказ\w*|распоряжени\w*|постановлени\w*|протокол\w*|решени\w* педагогическ\w*)\b"
    r".{0,160}?(?:№|\bN\s*\d|\bот\s+«?\s*\d)",
    re.IGNORECASE,
)
_BLOCK_LINE = re.compile(
    r"(?:№|_{2,}|\d{1,2}\s*[./]\s*\d{1,2}\s*[./]\s*\d{2,4}|«\s*\d{1,2}\s*»|\b(?:19|20)\d{2}\s*г|протокол|приказ"
    r"|распоряжени|^\s*(?:к|от|на|с|в)\s|^\s*(?:директор|заведующ|председател|руководител|начальник|и\.\s?о\.|м\.\s?п\.)"
    r"|педагогическ\w* совет|общ\w* собрани|профсоюз)",
    re.IGNORECASE,
)
_NOT_TITLE = re.compile(
    r"^(?:цел[ьи]\b|задач[аи]\b|ожидаем|основани|в соответствии|нормативн)", re.IGNORECASE
)
_DATE = re.compile(r"«?\s*(\d{1,2})\s*»?\s*[. ]\s*(\d{1,2})\s*\.?\s*((?:19|20)\d{2})")
_DATE_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})")
_MONTHS = (
    "январ",
    "феврал",
    "март",
    "апрел",
    "ма",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
)
_DATE_WORDS = re.compile(r"«?\s*(\d{1,2})\s*»?\s+([а-яё]+)\s+((?:19|20)\d{2})", re.IGNORECASE)
_SIGNER = re.compile(r"^(?P<position>[^_]*?)\s*_{2,}\s*(?P<name>.+)$")


def _is_heading(line) -> bool:
    return bool(getattr(line, "heading", False))


def _date_in(text: str) -> datetime.date | None:
    match = _DATE.search(text) or _DATE_DOTTED.search(text)
    if match:
        day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
    else:
        match = _DATE_WORDS.search(text)
        if not match:
            return None
        word = match.group(2).lower()
        month = next((number for number, stem in enumerate(_MONTHS, 1) if word.startswith(stem)), 0)
        day, year = int(match.group(1)), int(match.group(3))
    with contextlib.suppress(ValueError):
        return datetime.date(year, month, day)
    return None


def _approval(lines: list[str], start: int, parsed) -> int:
    """The «УТВЕРЖДАЮ» block from `start`: the signer and date go to the parsed roadmap (shown as the
    source's approval). Returns the index after the block."""
    index = start + 1
    taken = 0
    while index < len(lines) and taken < 3:
        text = lines[index]
        if TITLE_RE.match(text) or _APPROVE.match(text) or _BLOCK.match(text):
            break
        date = _date_in(text)
        signer = _SIGNER.match(text)
        if date is not None and not signer:
            parsed.approved_on = parsed.approved_on or date
        elif signer and not parsed.approver_name:
            parsed.approver_position = signer.group("position").strip() or parsed.approver_position
            parsed.approver_name = signer.group("name").strip()
        elif not parsed.approver_position and len(text) < 160 and not _ORDER_REF.match(text):
            parsed.approver_position = text
        elif not _BLOCK_LINE.search(text):
            break
        index += 1
        taken += 1
    return index


def _other_block(lines: list[str], start: int) -> int:
    index = start + 1
    while index < len(lines) and index - start <= 4:
        text = lines[index]
        if TITLE_RE.match(text) or _APPROVE.match(text) or _BLOCK.match(text) or len(text) > 160:
            break
        if not _BLOCK_LINE.search(text):
            break
        index += 1
    return index


def source_lines(lines: list[str], parsed) -> tuple[set[int], set[int]]:
    """Indices of the source's own lines, and of those in its «УТВЕРЖДАЮ» block."""
    source: set[int] = set()
    approval: set[int] = set()
    index = 0
    while index < len(lines):
        text = lines[index]
        if _APPROVE.match(text):
            end = _approval(lines, index, parsed)
            approval.update(range(index, end))
        elif _BLOCK.match(text):
            end = _other_block(lines, index)
        elif _ORDER_REF.match(text) and len(text) < 200 or re.match(r"^\s*м\.\s?п\.?\s*$", text, re.I):
            end = index + 1
        else:
            index += 1
            continue
        source.update(range(index, end))
        index = end
    return source, approval


def read_preamble(paragraphs: Sequence[str], parsed) -> None:
    """Fill the title, preamble, title candidates and the source's lines of `parsed`."""
    lines = [line for line in paragraphs if str(line).strip()]
    source, approval = source_lines(lines, parsed)
    parsed.source_lines = [str(lines[index]) for index in sorted(source)]
    own = [index for index in range(len(lines)) if index not in source]

    def first(condition) -> int | None:
        return next((index for index in own if condition(lines[index])), None)

    start = None
    for condition in (
        lambda line: _is_heading(line) and TITLE_RE.match(line),
        TITLE_RE.match,
        lambda line: _is_heading(line) and not _NOT_TITLE.match(line),
    ):
        start = first(condition)
        if start is not None:
            break
    if start is None:
        start = own[-1] if own else None
    title_indices: list[int] = []
    if start is not None:
        title_indices.append(start)
        heading = _is_heading(lines[start])
        for index in range(start + 1, len(lines)):
            text = lines[index]
            if len(title_indices) == 3 or index in source or _NOT_TITLE.match(text):
                break
            if heading and not _is_heading(text):
                break
            if not heading and _is_heading(text):
                break
            title_indices.append(index)
    parsed.title = " ".join(str(lines[index]) for index in title_indices).strip()
    parsed.preamble = "\n".join(
        str(lines[index])
        for index in range(len(lines))
        if index not in approval and index not in title_indices
    ).strip()
    candidates: list[str] = []
    for text in [parsed.title, *[str(lines[index]) for index in own if _is_heading(lines[index])]]:
        if text and text not in candidates:
            candidates.append(text[:500])
    for index in own:
        text = str(lines[index])[:500]
        if text not in candidates:
            candidates.append(text)
    parsed.title_candidates = candidates[:20]
    if not parsed.title:
        parsed.warnings.append(_("Над таблицей нет названия: введите название дорожной карты."))

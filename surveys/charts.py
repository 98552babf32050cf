"""Server-rendered SVG charts: pure functions returning an SVG string, so a page and a PDF (WeasyPrint draws
inline SVG) show the same picture. Labels are escaped text in a font with Cyrillic; nothing is scripted."""

from __future__ import annotations

from xml.sax.saxutils import escape

FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
BAR = "#1f4e79"
BAR_LIGHT = "#9fb8d3"
GRID = "#dee2e6"
TEXT = "#212529"
MUTED = "#6c757d"


def _fmt(value: float) -> str:
    text = f"{value:.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def _wrap(label: str, width: int) -> list[str]:
    """At most two lines of about `width` characters; the rest is cut with an ellipsis."""
    words, lines, line = str(label).split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if len(candidate) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], lines[1][: width - 1] + "…"]
    return [item if len(item) <= width else item[: width - 1] + "…" for item in lines] or [""]


def bar_chart(
    bars: list[tuple[str, float]],
    *,
    max_value: float | None = None,
    suffix: str = "",
    width: int = 560,
    title: str = "",
) -> str:
    """Horizontal bars, one per (label, value), the value written at the end of the bar."""
    label_width = 220
    bar_area = width - label_width - 60
    row_height = 34
    top = 24 if title else 6
    height = top + row_height * max(len(bars), 1) + 6
    top_value = max_value or max((value for _label, value in bars), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{escape(title or "диаграмма", {chr(34): "&quot;"})}" '
        f'font-family="{FONT}" font-size="12" class="survey-chart">'
    ]
    if title:
        parts.append(f'<text x="0" y="15" fill="{TEXT}" font-weight="bold">{escape(title)}</text>')
    for index, (label, value) in enumerate(bars):
        y = top + index * row_height
        lines = _wrap(label, 28)
        for line_number, line in enumerate(lines):
            dy = 21 if len(lines) == 1 else 14 + line_number * 13
            parts.append(
                f'<text x="{label_width - 8}" y="{y + dy}" text-anchor="end" fill="{TEXT}">'
                f"{escape(line)}</text>"
            )
        length = max(0.0, min(1.0, value / top_value)) * bar_area
        parts.append(
            f'<rect x="{label_width}" y="{y + 7}" width="{length:.1f}" height="18" rx="2" fill="{BAR}"/>'
        )
        parts.append(
            f'<text x="{label_width + length + 6:.1f}" y="{y + 21}" fill="{TEXT}">'
            f"{escape(_fmt(value) + suffix)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def histogram(
    counts: list[tuple[int, int]], *, width: int = 560, min_label: str = "", max_label: str = ""
) -> str:
    """Vertical columns for the points of a scale: [(point, how many chose it)], the ends labelled."""
    height = 170
    left, right, bottom, top = 10, 10, 44, 18
    plot_height = height - bottom - top
    slot = (width - left - right) / max(len(counts), 1)
    top_count = max((count for _point, count in counts), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="распределение оценок" font-family="{FONT}" font-size="12" class="survey-chart">',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" '
        f'stroke="{GRID}"/>',
    ]
    for index, (point, count) in enumerate(counts):
        x = left + index * slot
        bar_height = plot_height * count / top_count
        y = height - bottom - bar_height
        parts.append(
            f'<rect x="{x + slot * 0.15:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{bar_height:.1f}" '
            f'rx="2" fill="{BAR}"/>'
        )
        if count:
            parts.append(
                f'<text x="{x + slot / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" fill="{TEXT}">'
                f"{count}</text>"
            )
        parts.append(
            f'<text x="{x + slot / 2:.1f}" y="{height - bottom + 15}" text-anchor="middle" fill="{TEXT}">'
            f"{point}</text>"
        )
    if min_label:
        parts.append(
            f'<text x="{left}" y="{height - 8}" fill="{MUTED}">{escape(_wrap(min_label, 40)[0])}</text>'
        )
    if max_label:
        parts.append(
            f'<text x="{width - right}" y="{height - 8}" text-anchor="end" fill="{MUTED}">'
            f"{escape(_wrap(max_label, 40)[0])}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def comparison_chart(
    rows: list[tuple[str, float | None, float | None, float | None]],
    *,
    width: int = 560,
    entry_label: str = "Входная",
    final_label: str = "Итоговая",
) -> str:
    """Two bars per item, entry (light) and final (dark), each item on its own scale (the fourth element
    of the row: the top of the scale, or None for the largest value shown), with a legend."""
    label_width = 220
    bar_area = width - label_width - 50
    row_height = 44
    top = 26
    height = top + row_height * max(len(rows), 1) + 4
    largest = max((value or 0 for row in rows for value in row[1:3]), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="сравнение волн" font-family="{FONT}" font-size="12" class="survey-chart">',
        f'<rect x="{label_width}" y="4" width="12" height="12" fill="{BAR_LIGHT}"/>',
        f'<text x="{label_width + 16}" y="14" fill="{TEXT}">{escape(entry_label)}</text>',
        f'<rect x="{label_width + 110}" y="4" width="12" height="12" fill="{BAR}"/>',
        f'<text x="{label_width + 126}" y="14" fill="{TEXT}">{escape(final_label)}</text>',
    ]
    for index, (label, entry, final, top_of_scale) in enumerate(rows):
        y = top + index * row_height
        scale = top_of_scale or largest
        lines = _wrap(label, 28)
        for line_number, line in enumerate(lines):
            parts.append(
                f'<text x="{label_width - 8}" y="{y + 17 + line_number * 13}" text-anchor="end" '
                f'fill="{TEXT}">{escape(line)}</text>'
            )
        for offset, value, colour in ((4, entry, BAR_LIGHT), (20, final, BAR)):
            if value is None:
                continue
            length = max(0.0, min(1.0, value / scale)) * bar_area
            parts.append(
                f'<rect x="{label_width}" y="{y + offset}" width="{length:.1f}" height="14" rx="2" '
                f'fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{label_width + length + 5:.1f}" y="{y + offset + 11}" fill="{TEXT}">'
                f"{_fmt(value)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)

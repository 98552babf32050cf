"""The overview's chart comparing organisations (or municipalities) on one indicator: a server-rendered SVG
with its own <title> and <desc> (read by screen readers through `aria-labelledby`), the target drawn as a
line, bars that reached it in green; no script. The page puts the same figures in a table beside it."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reports.indicators.computation import PERCENT, IndicatorValue

FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
MET = "#198754"
NOT_MET = "#1f4e79"
NO_TARGET = "#1f4e79"
TARGET = "#dc3545"
TEXT = "#212529"
MUTED = "#6c757d"
GRID = "#dee2e6"


def _number(value: float) -> str:
    text = f"{value:.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def _label(text: str, width: int = 24) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _attr(text: str) -> str:
    return escape(str(text), {'"': "&quot;"})


def indicator_chart(bars: list[tuple[str, IndicatorValue]], *, title: str, chart_id: str = "chart") -> str:
    """Horizontal bars, one per (name, value) in the given order; a value without data is written as such."""
    label_width, value_width, width, row = 190, 70, 540, 26
    area = width - label_width - value_width
    top = 8
    height = top + row * max(len(bars), 1) + 22
    definition = bars[0][1].definition if bars else None
    percent = definition is not None and definition.unit == PERCENT
    target = definition.target if definition is not None else None
    known = [value.value for _name, value in bars if value.value is not None]
    scale = 100.0 if percent else max([*known, target or 0, 1])
    described = "; ".join(
        f"{name}: {value.display if value.value is not None else 'нет данных'}" for name, value in bars
    )
    if definition is not None and target is not None:
        described = f"Норматив {definition.target_display}. " + described
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="{FONT}" font-size="12" '
        f'class="overview-chart" data-testid="overview-chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(described)}</desc>',
    ]
    for step in range(0, 5):
        x = label_width + area * step / 4
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 18}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle" fill="{MUTED}" font-size="10">'
            f"{escape(_number(scale * step / 4))}{' %' if percent else ''}</text>"
        )
    for index, (name, value) in enumerate(bars):
        y = top + index * row
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" fill="{TEXT}">'
            f"<title>{escape(str(name))}</title>{escape(_label(name))}</text>"
        )
        if value.value is None:
            parts.append(f'<text x="{label_width + 4}" y="{y + 17}" fill="{MUTED}">нет данных</text>')
            continue
        length = max(0.0, min(1.0, value.value / scale)) * area
        colour = NO_TARGET if value.met is None else (MET if value.met else NOT_MET)
        parts.append(
            f'<rect x="{label_width}" y="{y + 5}" width="{length:.1f}" height="16" rx="2" fill="{colour}"/>'
        )
        x = label_width + length + 6
        parts.append(f'<text x="{x:.1f}" y="{y + 17}" fill="{TEXT}">{escape(value.display)}</text>')
    if target is not None:
        x = label_width + min(1.0, target / scale) * area
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 18}" stroke="{TARGET}" '
            f'stroke-width="2" stroke-dasharray="4 3"/>'
        )
    parts.append("</svg>")
    return "".join(parts)

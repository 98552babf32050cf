"""A chart of a document as a picture for its Word copy: the very SVG the PDF shows, drawn into a PNG with
Pillow.

The charts are our own server-rendered SVG (surveys/charts.py, reports/municipal/charts.py): a viewBox, and
inside it only rectangles, straight lines and text with a fill, a font size, a weight and an anchor. This
module draws exactly that subset, so the Word copy shows the same bars, numbers and labels as the PDF; an
SVG without a viewBox gets no picture (the caller writes a note instead).
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass
from typing import Any

from lxml import etree
from PIL import Image, ImageDraw, ImageFont

# Pixels per SVG unit: the PNG is sharp at the width Word prints it (an A4 text width at about 250 dpi).
SCALE = 3
# One CSS pixel (an SVG unit at its natural size) in EMU, the unit of a Word drawing.
EMU_PER_PX = 9525
DEFAULT_SIZE = 16.0
FONTS = {
    False: ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "Arial.ttf"),
    True: ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "Arial Bold.ttf"),
}
_NUMBER = re.compile(r"^\s*(-?[\d.]+)")
_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


@dataclass(frozen=True)
class Chart:
    """A chart drawn: the PNG, its natural width and height in SVG units, and its text for alt text."""

    png: bytes
    width: float
    height: float
    label: str

    @property
    def width_emu(self) -> int:
        return int(self.width * EMU_PER_PX)


def _tag(element: Any) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rsplit("}", 1)[-1].lower()


def _attributes(element: Any) -> dict[str, str]:
    """The attributes by their lower-case name (the HTML parser lower-cases `viewBox`, XML keeps it)."""
    return {str(name).rsplit("}", 1)[-1].lower(): str(value) for name, value in element.attrib.items()}


def _number(value: str | None, default: float = 0.0) -> float:
    match = _NUMBER.match(value or "")
    if not match:
        return default
    try:
        return float(match.group(1))
    except ValueError:
        return default


def _colour(value: str | None, default: str | None) -> str | None:
    if value is None:
        return default
    value = value.strip()
    if not value or value in {"none", "transparent"}:
        return None
    return value


@functools.lru_cache(maxsize=32)
def _font(size: int, bold: bool) -> Any:
    for name in FONTS[bold]:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def _text_of(element: Any) -> str:
    """The words a <text> shows: its own text and what follows its children (a <title> is a tooltip)."""
    pieces = [element.text or ""]
    for child in element:
        if _tag(child) not in {"title", "desc"}:
            pieces.append(_text_of(child))
        pieces.append(child.tail or "")
    return " ".join("".join(pieces).split())


def _parse(svg: str | Any) -> Any | None:
    if not isinstance(svg, str):
        return svg
    try:
        return etree.fromstring(svg.encode())
    except etree.XMLSyntaxError:
        return None


def _dashed(
    draw: Any, start: tuple[float, float], end: tuple[float, float], dashes: list[float], **ink
) -> None:
    (x1, y1), (x2, y2) = start, end
    length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
    if length == 0 or not dashes or sum(dashes) <= 0:
        draw.line([start, end], **ink)
        return
    position, index = 0.0, 0
    while position < length:
        step = dashes[index % len(dashes)]
        if index % 2 == 0:
            stop = min(position + step, length)
            draw.line(
                [
                    (x1 + (x2 - x1) * position / length, y1 + (y2 - y1) * position / length),
                    (x1 + (x2 - x1) * stop / length, y1 + (y2 - y1) * stop / length),
                ],
                **ink,
            )
        position += step
        index += 1


class _Painter:
    def __init__(self, width: float, height: float, left: float, top: float) -> None:
        self.left, self.top = left, top
        self.image = Image.new("RGB", (max(1, round(width * SCALE)), max(1, round(height * SCALE))), "white")
        self.draw = ImageDraw.Draw(self.image)

    def point(self, x: float, y: float) -> tuple[float, float]:
        return ((x - self.left) * SCALE, (y - self.top) * SCALE)

    def element(self, element: Any, inherited: dict[str, str]) -> None:
        tag = _tag(element)
        if tag in {"title", "desc", "defs", "style", "script"} or not tag:
            return
        style = {**inherited, **_attributes(element)}
        if tag == "rect":
            self.rect(style)
        elif tag == "line":
            self.line(style)
        elif tag == "text":
            self.text(style, _text_of(element))
            return
        for child in element:
            self.element(child, {key: style[key] for key in style if key in INHERITED})

    def rect(self, style: dict[str, str]) -> None:
        fill = _colour(style.get("fill"), "black")
        width, height = _number(style.get("width")), _number(style.get("height"))
        if fill is None or width <= 0 or height <= 0:
            return
        x0, y0 = self.point(_number(style.get("x")), _number(style.get("y")))
        x1, y1 = x0 + width * SCALE, y0 + height * SCALE
        radius = min(_number(style.get("rx")) * SCALE, (x1 - x0) / 2, (y1 - y0) / 2)
        if radius >= 1:
            self.draw.rounded_rectangle([x0, y0, x1, y1], radius=radius, fill=fill)
        else:
            self.draw.rectangle([x0, y0, x1, y1], fill=fill)

    def line(self, style: dict[str, str]) -> None:
        stroke = _colour(style.get("stroke"), None)
        if stroke is None:
            return
        start = self.point(_number(style.get("x1")), _number(style.get("y1")))
        end = self.point(_number(style.get("x2")), _number(style.get("y2")))
        ink = {"fill": stroke, "width": max(1, round(_number(style.get("stroke-width"), 1.0) * SCALE))}
        dashes = [
            _number(part) * SCALE for part in re.split(r"[\s,]+", style.get("stroke-dasharray", "")) if part
        ]
        _dashed(self.draw, start, end, dashes, **ink)

    def text(self, style: dict[str, str], words: str) -> None:
        fill = _colour(style.get("fill"), "black")
        if not words or fill is None:
            return
        size = max(1, round(_number(style.get("font-size"), DEFAULT_SIZE) * SCALE))
        bold = style.get("font-weight", "normal").strip() in {"bold", "bolder", "600", "700", "800", "900"}
        anchor = _ANCHORS.get(style.get("text-anchor", "start").strip(), "ls")
        x, y = self.point(_number(style.get("x")), _number(style.get("y")))
        self.draw.text((x, y), words, fill=fill, font=_font(size, bold), anchor=anchor)

    def png(self) -> bytes:
        output = io.BytesIO()
        # The fastest zlib level: a chart is flat colour, so it stays some tens of KB, and `optimize=True`
        # (which tries every filter) took a third of a second per chart.
        self.image.save(output, format="PNG", compress_level=1)
        return output.getvalue()


INHERITED = {"fill", "font-size", "font-weight", "text-anchor", "stroke", "stroke-width"}


def chart_picture(svg: str | Any) -> Chart | None:
    """The SVG (a string or a parsed element) drawn as a PNG, or None when it is not a chart we can draw."""
    root = _parse(svg)
    if root is None or _tag(root) != "svg":
        return None
    attributes = _attributes(root)
    box = [_number(part) for part in re.split(r"[\s,]+", attributes.get("viewbox", "").strip()) if part]
    if len(box) != 4 or box[2] <= 0 or box[3] <= 0:
        return None
    left, top, width, height = box
    painter = _Painter(width, height, left, top)
    painter.element(root, {})
    title = next((_text_of(child) for child in root if _tag(child) == "title"), "")
    return Chart(
        png=painter.png(), width=width, height=height, label=title or attributes.get("aria-label", "")
    )


__all__ = ["Chart", "chart_picture"]

"""Server-side SVG charts: bars (grouped or stacked), horizontal bars and lines.

Each chart is an <svg role="img"> named by its <title> and <desc> (aria-labelledby), drawn on
its own white card so it reads the same in the admin's light and dark themes. Series differ by
colour *and* by pattern (bars) or marker shape and dash (lines), and carry a legend; every
colour has at least 4.5:1 contrast with white. The numbers themselves are always in the data
table beside the chart; the chart is the picture, the table is the record.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Contrast with white: 8.6, 5.0, 5.5, 7.1, 6.0, 10.3 to 1.
COLOURS = ["#1d4ed8", "#b45309", "#047857", "#7e22ce", "#be123c", "#374151"]
PATTERNS = ["solid", "stripes", "dots", "crosshatch", "horizontal", "vertical"]
MARKERS = ["circle", "square", "triangle", "diamond", "circle", "square"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "", "6 3"]
TEXT = "#1f2937"
GRID = "#d1d5db"
WIDTH = 720
FONT = 12


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | int | None]


def _fmt(value: float | int | None, unit: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.1f}"
    else:
        text = f"{int(value):,}"
    return f"{text}{unit}"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1.2, 2, 4, 6, 8, 10):  # quarters of these are round numbers
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _defs(chart_id: str, count: int) -> str:
    parts = []
    for index in range(count):
        colour = COLOURS[index % len(COLOURS)]
        kind = PATTERNS[index % len(PATTERNS)]
        pid = f"{chart_id}-p{index}"
        base = f'<rect width="8" height="8" fill="{colour}"/>'
        mark = {
            "solid": "",
            "stripes": '<path d="M-2 2 L2 -2 M0 8 L8 0 M6 10 L10 6" stroke="#fff" stroke-width="1.5"/>',
            "dots": '<circle cx="4" cy="4" r="1.6" fill="#fff"/>',
            "crosshatch": '<path d="M0 0 L8 8 M8 0 L0 8" stroke="#fff" stroke-width="1.2"/>',
            "horizontal": '<path d="M0 4 H8" stroke="#fff" stroke-width="1.5"/>',
            "vertical": '<path d="M4 0 V8" stroke="#fff" stroke-width="1.5"/>',
        }[kind]
        parts.append(
            f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="8" height="8">{base}{mark}</pattern>'
        )
    return f"<defs>{''.join(parts)}</defs>"


def _open(chart_id: str, title: str, description: str, height: int) -> list[str]:
    return [
        f'<svg class="insights-chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg" '
        f'font-size="{FONT}" font-family="system-ui, sans-serif">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]


def _legend(chart_id: str, labels: Sequence[str], y: int, *, lines: bool = False) -> str:
    parts, x = [], 8
    for index, label in enumerate(labels):
        width = 26 + 7 * len(label)
        if x + width > WIDTH:
            x, y = 8, y + 18
        if lines:
            colour = COLOURS[index % len(COLOURS)]
            dash = DASHES[index % len(DASHES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<line x1="{x}" y1="{y + 5}" x2="{x + 16}" y2="{y + 5}" stroke="{colour}" '
                f'stroke-width="2.5"{dash_attr}/>'
                + _marker(MARKERS[index % len(MARKERS)], x + 8, y + 5, colour)
            )
        else:
            parts.append(
                f'<rect x="{x}" y="{y}" width="14" height="12" fill="url(#{chart_id}-p{index})" '
                f'stroke="{TEXT}" stroke-width="0.5"/>'
            )
        parts.append(f'<text x="{x + 20}" y="{y + 10}" fill="{TEXT}">{escape(label)}</text>')
        x += width
    return "".join(parts)


def _legend_height(labels: Sequence[str]) -> int:
    rows, x = 1, 8
    for label in labels:
        width = 26 + 7 * len(label)
        if x + width > WIDTH:
            rows, x = rows + 1, 8
        x += width
    return rows * 18


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if kind == "triangle":
        return f'<path d="M{x:.1f} {y - 4.5:.1f} L{x + 4.5:.1f} {y + 3.5:.1f} L{x - 4.5:.1f} {y + 3.5:.1f} Z" fill="{colour}"/>'
    if kind == "diamond":
        return f'<path d="M{x:.1f} {y - 5:.1f} L{x + 5:.1f} {y:.1f} L{x:.1f} {y + 5:.1f} L{x - 5:.1f} {y:.1f} Z" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'


def _axis(top: int, bottom: int, left: int, right: int, top_value: float, unit: str) -> str:
    parts = []
    for step in range(5):
        value = top_value * step / 4
        y = bottom - (bottom - top) * step / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{TEXT}">{_fmt(value, unit)}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{TEXT}" stroke-width="1"/>'
    )
    return "".join(parts)


def _category_labels(categories: Sequence[str], left: int, step: float, y: int) -> str:
    # Long runs show every second (or third…) label so they never overlap.
    every = max(1, math.ceil(len(categories) * 60 / (WIDTH - left)))
    return "".join(
        f'<text x="{left + step * (index + 0.5):.1f}" y="{y}" text-anchor="middle" fill="{TEXT}">{escape(label)}</text>'
        for index, label in enumerate(categories)
        if index % every == 0
    )


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    stacked: bool = False,
    unit: str = "",
) -> SafeString:
    """Vertical bars per category: one per series side by side, or stacked."""
    labels = [item.label for item in series]
    legend_h = _legend_height(labels) if len(series) > 1 else 0
    top, bottom, left, right = 12, 220, 56, WIDTH - 8
    height = bottom + 24 + legend_h + 8
    if stacked:
        peak = max(
            (sum(item.values[i] or 0 for item in series) for i in range(len(categories))),
            default=0,
        )
    else:
        peak = max((value or 0 for item in series for value in item.values), default=0)
    top_value = _nice_max(peak)
    step = (right - left) / max(len(categories), 1)
    parts = _open(chart_id, title, description, height)
    parts.append(_defs(chart_id, len(series)))
    parts.append(_axis(top, bottom, left, right, top_value, unit))
    bar_w = step * 0.7 / (1 if stacked else max(len(series), 1))
    for index in range(len(categories)):
        x0 = left + step * index + step * 0.15
        base = bottom
        for number, item in enumerate(series):
            value = item.values[index] or 0
            h = (bottom - top) * value / top_value
            if stacked:
                x, y = x0, base - h
                base -= h
            else:
                x, y = x0 + bar_w * number, bottom - h
            if h > 0:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                    f'fill="url(#{chart_id}-p{number})" stroke="#ffffff" stroke-width="1"/>'
                )
    parts.append(_category_labels(categories, left, step, bottom + 16))
    if len(series) > 1:
        parts.append(_legend(chart_id, labels, bottom + 30))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped


def hbar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    values: Sequence[float | int | None],
    unit: str = "",
    maximum: float | None = None,
) -> SafeString:
    """Horizontal bars with the value written at the end of each: good for long names."""
    row_h, left, right = 28, 220, WIDTH - 70
    height = row_h * len(categories) + 16
    top_value = maximum or _nice_max(max((value or 0 for value in values), default=0))
    parts = _open(chart_id, title, description, height)
    parts.append(_defs(chart_id, 1))
    for index, (label, value) in enumerate(zip(categories, values, strict=True)):
        y = 8 + row_h * index
        width = (right - left) * (value or 0) / top_value if top_value else 0
        short = label if len(label) <= 32 else label[:31] + "…"
        parts.append(
            f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" fill="{TEXT}">{escape(short)}</text>'
            f'<rect x="{left}" y="{y + 3}" width="{width:.1f}" height="{row_h - 10}" fill="url(#{chart_id}-p0)"/>'
            f'<text x="{left + width + 6:.1f}" y="{y + 15}" fill="{TEXT}">{_fmt(value, unit)}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="4" x2="{left}" y2="{height - 4}" stroke="{TEXT}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
) -> SafeString:
    """Lines over categories (weeks); each series has its own colour, dash and marker shape."""
    labels = [item.label for item in series]
    legend_h = _legend_height(labels) if len(series) > 1 else 0
    top, bottom, left, right = 12, 220, 56, WIDTH - 8
    height = bottom + 24 + legend_h + 8
    peak = max((value or 0 for item in series for value in item.values), default=0)
    top_value = _nice_max(peak)
    step = (right - left) / max(len(categories), 1)
    parts = _open(chart_id, title, description, height)
    parts.append(_axis(top, bottom, left, right, top_value, unit))
    for number, item in enumerate(series):
        colour = COLOURS[number % len(COLOURS)]
        points = []
        for index, value in enumerate(item.values):
            if value is None:
                continue
            x = left + step * (index + 0.5)
            y = bottom - (bottom - top) * value / top_value
            points.append((x, y))
        if not points:
            continue
        dash = DASHES[number % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
        )
        parts.extend(_marker(MARKERS[number % len(MARKERS)], x, y, colour) for x, y in points)
    parts.append(_category_labels(categories, left, step, bottom + 16))
    if len(series) > 1:
        parts.append(_legend(chart_id, labels, bottom + 30, lines=True))
    parts.append("</svg>")
    return mark_safe("".join(parts))

"""A KPI series as an inline SVG line chart with its spikes marked, and as a text sparkline.

Like :mod:`~socialmaturity.render.charts`, the geometry is built here so it can be tested, every
piece of text goes through :func:`markupsafe.escape`, and shapes carry their colours as
presentation attributes so a PDF draws them without the page's style sheet.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

from socialmaturity.render.charts import ACCENT, FONT, GUIDE, INK, MUTED, SOFT, SPARKS

WIDTH, HEIGHT = 760, 210
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 34
#: The colour of a spike, in the charts and in the workbook's Evidence sheet.
SPIKE = "#b91c1c"
#: More points than this are drawn as a line without a dot on each.
DOTS_UP_TO = 60
#: A sparkline has at most this many characters; longer series are averaged into buckets.
SPARK_WIDTH = 48


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """About ``count`` round values (1, 2 or 5 times a power of ten apart) covering low..high."""
    if high <= low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def tick_text(value: float, step: float) -> str:
    """A tick's value with as many decimals as the step between ticks needs."""
    decimals = max(0, -math.floor(math.log10(step))) if step > 0 else 0
    return f"{value:,.{decimals}f}"


def kpi_chart_svg(
    points: Sequence[tuple[str, int, float]],
    spikes: Sequence[str],
    *,
    title: str,
    window: int,
    year_starts: Sequence[tuple[int, str]] = (),
    accent: str = ACCENT,
) -> Markup:
    """The series (period, position, value) as a line; spikes as red rings.

    ``window`` shades the last ``window`` positions (the last year, where yoy and spikes are
    read); ``year_starts`` are the (position, year) of the year boundaries to label.
    """
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    span = max(points[-1][1], 1) if points else 1
    values = [value for _, _, value in points] or [0.0]
    ticks = nice_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]

    def x(position: int) -> float:
        return LEFT + plot_w * position / span

    def y(value: float) -> float:
        return TOP + plot_h * (1 - (value - low) / (high - low))

    spiked = set(spikes)
    description = ", ".join(f"{period} {value:g}" for period, _, value in points)
    if spikes:
        description += "; spikes: " + ", ".join(spikes)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" class="chart kpi-chart" font-family="{FONT}">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(description)}</desc>",
    ]
    if points and window and span >= window:
        start = x(max(span - window + 1, 0))
        parts.append(
            f'<rect x="{start:.1f}" y="{TOP}" width="{LEFT + plot_w - start:.1f}" '
            f'height="{plot_h}" fill="{SOFT}" class="window"/>'
        )
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    for tick in ticks:
        parts.append(
            f'<line x1="{LEFT}" y1="{y(tick):.1f}" x2="{LEFT + plot_w}" y2="{y(tick):.1f}" '
            f'stroke="{GUIDE}" stroke-dasharray="3 3" class="guide"/>'
            f'<text x="{LEFT - 8}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="{MUTED}" class="guide-label">{escape(tick_text(tick, step))}</text>'
        )
    for position, year in year_starts:
        parts.append(
            f'<line x1="{x(position):.1f}" y1="{TOP + plot_h}" x2="{x(position):.1f}" '
            f'y2="{TOP + plot_h + 5}" stroke="{MUTED}"/>'
            f'<text x="{x(position):.1f}" y="{HEIGHT - BOTTOM + 20}" text-anchor="middle" '
            f'font-size="11" fill="{MUTED}" class="guide-label">{escape(year)}</text>'
        )
    if len(points) > 1:
        path = " ".join(f"{x(p):.1f},{y(v):.1f}" for _, p, v in points)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{accent}" stroke-width="2" '
            'stroke-linejoin="round"/>'
        )
    for period, position, value in points:
        if period in spiked:
            parts.append(
                f'<circle cx="{x(position):.1f}" cy="{y(value):.1f}" r="6" fill="none" '
                f'stroke="{SPIKE}" stroke-width="2.5" class="spike"/>'
                f'<text x="{x(position):.1f}" y="{max(y(value) - 10, TOP + 9):.1f}" '
                f'text-anchor="middle" font-size="11" font-weight="700" fill="{SPIKE}">'
                f"{escape(period)}</text>"
            )
        elif len(points) <= DOTS_UP_TO:
            parts.append(
                f'<circle cx="{x(position):.1f}" cy="{y(value):.1f}" r="2.5" fill="{accent}"/>'
            )
    parts.append(
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def kpi_sparkline(values: Sequence[float]) -> str:
    """The series as block characters from its lowest to its highest value, for Markdown.

    A long series is averaged into :data:`SPARK_WIDTH` buckets first.
    """
    if not values:
        return ""
    if len(values) > SPARK_WIDTH:
        size = len(values) / SPARK_WIDTH
        values = [
            sum(chunk) / len(chunk)
            for n in range(SPARK_WIDTH)
            if (chunk := values[round(n * size) : round((n + 1) * size)])
        ]
    low, high = min(values), max(values)
    if high == low:
        return SPARKS[len(SPARKS) // 2] * len(values)
    top = len(SPARKS) - 1
    return "".join(SPARKS[round(top * (v - low) / (high - low))] for v in values)

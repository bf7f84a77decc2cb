"""The dimension-score chart as inline SVG, and as text bars for Markdown.

The SVG is built here rather than in the template so its geometry is testable; every piece of
user text in it goes through :func:`markupsafe.escape`, so the result is safe to embed as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

WIDTH = 760
LABEL_WIDTH = 230
RIGHT_PAD = 70
ROW = 46
TOP = 44
LABEL_ROOM = 84  # pixels a level name needs before the next one


@dataclass(frozen=True)
class Bar:
    """One dimension in the chart: today's score and optionally the baseline's."""

    label: str
    score: float | None
    level_name: str | None
    baseline: float | None = None
    capped: bool = False
    total: bool = False


@dataclass(frozen=True)
class Threshold:
    """A level's lower bound, drawn as a guide line."""

    min_score: float
    name: str


def _x(score: float) -> float:
    return LABEL_WIDTH + (WIDTH - LABEL_WIDTH - RIGHT_PAD) * max(0.0, min(score, 100.0)) / 100


def bar_chart_svg(
    bars: Sequence[Bar], thresholds: Sequence[Threshold], *, title: str, with_baseline: bool
) -> Markup:
    """Horizontal bars (0-100) with level guide lines; baseline bars beneath when given."""
    height = TOP + ROW * len(bars) + (34 if with_baseline else 14)
    positions = [_x(t.min_score) for t in thresholds]
    crowded = any(b - a < LABEL_ROOM for a, b in pairwise(positions))
    description = "; ".join(
        f"{b.label}: {'no score' if b.score is None else f'{b.score:.1f}'}"
        + (f" ({b.level_name})" if b.level_name else "")
        + (f", earlier {b.baseline:.1f}" if with_baseline and b.baseline is not None else "")
        for b in bars
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="chart-title chart-desc" class="chart">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(description)}</desc>',
        '<defs><pattern id="capped" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" class="bar"/>'
        '<line x1="3" y1="0" x2="3" y2="6" class="hatch"/></pattern></defs>',
    ]
    bottom = TOP + ROW * len(bars) - 6
    for i, threshold in enumerate(thresholds):
        x = _x(threshold.min_score)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{bottom}" class="guide"/>'
        )
        anchor = "start"
        label_y = 30 if crowded and i % 2 else 24
        parts.append(
            f'<text x="{x + 3:.1f}" y="{label_y}" class="guide-label" text-anchor="{anchor}">'
            f"{escape(threshold.name)}</text>"
        )
    for i, bar in enumerate(bars):
        y = TOP + ROW * i
        if bar.total:
            parts.append(
                f'<line x1="12" y1="{y - 4}" x2="{WIDTH - 12}" y2="{y - 4}" class="rule"/>'
            )
        label_class = "bar-label total" if bar.total else "bar-label"
        parts.append(
            f'<text x="{LABEL_WIDTH - 12}" y="{y + 17}" class="{label_class}" text-anchor="end">'
            f"{escape(bar.label)}</text>"
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{WIDTH - LABEL_WIDTH - RIGHT_PAD}" '
            f'height="18" class="track"/>'
        )
        if bar.score is not None:
            width = _x(bar.score) - LABEL_WIDTH
            fill = ' fill="url(#capped)"' if bar.capped else ""
            kind = "bar total" if bar.total else "bar"
            note = " (held back by a cap)" if bar.capped else ""
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{width:.1f}" height="18" '
                f'class="{kind}"{fill}><title>{escape(bar.label)}: {bar.score:.1f}{note}'
                "</title></rect>"
            )
            parts.append(
                f'<text x="{_x(bar.score) + 6:.1f}" y="{y + 18}" class="bar-value">'
                f"{bar.score:.1f}{' capped' if bar.capped else ''}</text>"
            )
        else:
            parts.append(
                f'<text x="{LABEL_WIDTH + 6}" y="{y + 18}" class="bar-value">not scored</text>'
            )
        if with_baseline and bar.baseline is not None:
            width = _x(bar.baseline) - LABEL_WIDTH
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 25}" width="{width:.1f}" height="7" '
                f'class="baseline"><title>earlier: {bar.baseline:.1f}</title></rect>'
            )
    if with_baseline:
        legend_y = height - 12
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{legend_y - 9}" width="14" height="10" class="bar"/>'
            f'<text x="{LABEL_WIDTH + 20}" y="{legend_y}" class="guide-label">today</text>'
            f'<rect x="{LABEL_WIDTH + 80}" y="{legend_y - 7}" width="14" height="6" '
            f'class="baseline"/>'
            f'<text x="{LABEL_WIDTH + 100}" y="{legend_y}" class="guide-label">earlier</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def text_bar(score: float | None, width: int = 20) -> str:
    """A score as a bar of block characters, for Markdown tables."""
    if score is None:
        return "░" * width
    filled = round(width * max(0.0, min(score, 100.0)) / 100)
    return "█" * filled + "░" * (width - filled)


PALETTE = ("#1f5f8b", "#c2410c", "#15803d", "#7c3aed", "#b91c1c", "#0e7490", "#a16207", "#be185d")


@dataclass(frozen=True)
class Series:
    """One line of a trend chart: a name and a score per date (None where not scored)."""

    name: str
    scores: tuple[float | None, ...]
    total: bool = False


def line_chart_svg(dates: Sequence[str], series: Sequence[Series], *, title: str) -> Markup:
    """Scores over time: one line per series, dates evenly spaced, 0 to 100 upwards."""
    width, height, left, right, top, bottom = 760, 300, 48, 240, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(i: int) -> float:
        return left + (plot_w * i / (len(dates) - 1) if len(dates) > 1 else plot_w / 2)

    def y(score: float) -> float:
        return top + plot_h * (1 - max(0.0, min(score, 100.0)) / 100)

    description = "; ".join(
        f"{s.name}: "
        + ", ".join(
            f"{d} {'–' if v is None else f'{v:.1f}'}" for d, v in zip(dates, s.scores, strict=True)
        )
        for s in series
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        'role="img" aria-labelledby="trend-title trend-desc" class="chart">',
        f'<title id="trend-title">{escape(title)}</title>',
        f'<desc id="trend-desc">{escape(description)}</desc>',
    ]
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{left}" y1="{y(tick):.1f}" x2="{left + plot_w}" y2="{y(tick):.1f}" '
            f'class="guide"/><text x="{left - 8}" y="{y(tick) + 4:.1f}" class="guide-label" '
            f'text-anchor="end">{tick}</text>'
        )
    for i, date in enumerate(dates):
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - bottom + 18}" class="guide-label" '
            f'text-anchor="middle">{escape(date)}</text>'
        )
    for n, line in enumerate(series):
        colour = "#1d2733" if line.total else PALETTE[n % len(PALETTE)]
        stroke = 3.5 if line.total else 2
        points = [(x(i), y(v)) for i, v in enumerate(line.scores) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="{stroke}"/>'
            )
        parts += [
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}"/>' for px, py in points
        ]
        legend_y = top + 14 + 20 * n
        parts.append(
            f'<line x1="{width - right + 16}" y1="{legend_y - 4}" x2="{width - right + 36}" '
            f'y2="{legend_y - 4}" stroke="{colour}" stroke-width="{stroke}"/>'
            f'<text x="{width - right + 42}" y="{legend_y}" class="bar-label">'
            f"{escape(line.name)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(scores: Sequence[float | None]) -> str:
    """Scores (0-100) as block characters, one per date; a space where not scored."""
    return "".join(
        " " if s is None else SPARKS[min(int(max(s, 0.0) / 100 * len(SPARKS)), len(SPARKS) - 1)]
        for s in scores
    )

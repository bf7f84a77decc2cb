"""The dimension-score chart as inline SVG, and as text bars for Markdown.

The SVG is built here rather than in the template so its geometry is testable; every piece of
user text in it goes through :func:`markupsafe.escape`, so the result is safe to embed as markup.

Every shape carries its colours and every text its size as presentation attributes, so a chart
looks the same without the page's style sheet (PDF renderers draw SVG on its own); in a browser
the page's CSS, which wins over those attributes, still styles it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from math import cos, pi, sin

from markupsafe import Markup, escape

from socialmaturity.i18n import N_, _, colon, decimal_text, semicolon

WIDTH = 760
LABEL_WIDTH = 230
RIGHT_PAD = 70
ROW = 46
TOP = 44
LABEL_ROOM = 84  # pixels a level name needs before the next one

#: The report's colours, for the presentation attributes (the page's CSS may override them).
ACCENT = "#1f5f8b"
INK = "#1d2733"
MUTED = "#5b6876"
SOFT = "#f4f6f8"
GUIDE = "#b9c2cc"
EARLIER = "#9aa7b4"
HATCH = "#f4c27a"
RULE = "#d9dee4"
#: "Report Sans" is the font a PDF embeds (render/pdf.py); browsers pass over it.
FONT = "Report Sans, Segoe UI, Helvetica Neue, Arial, Liberation Sans, DejaVu Sans, sans-serif"


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


def _one(value: float) -> str:
    """A score on a chart: one decimal, as the report's language writes it."""
    return decimal_text(f"{value:.1f}")


def _x(score: float) -> float:
    return LABEL_WIDTH + (WIDTH - LABEL_WIDTH - RIGHT_PAD) * max(0.0, min(score, 100.0)) / 100


def _guide_label(x: float, y: float, text: str, anchor: str = "start") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" class="guide-label" text-anchor="{anchor}" '
        f'font-size="11" fill="{MUTED}">{escape(text)}</text>'
    )


def bar_chart_svg(
    bars: Sequence[Bar],
    thresholds: Sequence[Threshold],
    *,
    title: str,
    with_baseline: bool,
    accent: str = ACCENT,
) -> Markup:
    """Horizontal bars (0-100) with level guide lines; baseline bars beneath when given."""
    height = TOP + ROW * len(bars) + (34 if with_baseline else 14)
    positions = [_x(t.min_score) for t in thresholds]
    crowded = any(b - a < LABEL_ROOM for a, b in pairwise(positions))
    no_score = _("no score")
    description = semicolon().join(
        f"{b.label}{colon()} {no_score if b.score is None else _one(b.score)}"
        + (f" ({b.level_name})" if b.level_name else "")
        + (
            _(", earlier {score}").format(score=_one(b.baseline))
            if with_baseline and b.baseline is not None
            else ""
        )
        for b in bars
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="chart-title chart-desc" class="chart" '
        f'font-family="{FONT}">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(description)}</desc>',
        '<defs><pattern id="capped" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" class="bar" fill="{accent}"/>'
        f'<line x1="3" y1="0" x2="3" y2="6" class="hatch" stroke="{HATCH}" stroke-width="3"/>'
        "</pattern></defs>",
    ]
    bottom = TOP + ROW * len(bars) - 6
    for i, threshold in enumerate(thresholds):
        x = _x(threshold.min_score)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{bottom}" class="guide" '
            f'stroke="{GUIDE}" stroke-dasharray="3 3"/>'
        )
        label_y = 30 if crowded and i % 2 else 24
        parts.append(_guide_label(x + 3, label_y, threshold.name))
    capped, earlier = " " + escape(_("capped")), escape(_("earlier"))
    for i, bar in enumerate(bars):
        y = TOP + ROW * i
        if bar.total:
            parts.append(
                f'<line x1="12" y1="{y - 4}" x2="{WIDTH - 12}" y2="{y - 4}" class="rule" '
                f'stroke="{RULE}"/>'
            )
        label_class = "bar-label total" if bar.total else "bar-label"
        weight = ' font-weight="700"' if bar.total else ""
        parts.append(
            f'<text x="{LABEL_WIDTH - 12}" y="{y + 17}" class="{label_class}" text-anchor="end" '
            f'font-size="13" fill="{INK}"{weight}>{escape(bar.label)}</text>'
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{WIDTH - LABEL_WIDTH - RIGHT_PAD}" '
            f'height="18" class="track" fill="{SOFT}"/>'
        )
        value_text = f'class="bar-value" font-size="13" font-weight="650" fill="{INK}"'
        if bar.score is not None:
            width = _x(bar.score) - LABEL_WIDTH
            colour = INK if bar.total else accent
            # an inline style, so the page's CSS for bars cannot paint over the hatching
            fill = (
                ' fill="url(#capped)" style="fill: url(#capped)"'
                if bar.capped
                else f' fill="{colour}"'
            )
            kind = "bar total" if bar.total else "bar"
            note = " " + _("(held back by a cap)") if bar.capped else ""
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{width:.1f}" height="18" '
                f'class="{kind}"{fill}><title>{escape(bar.label)}{colon()} {_one(bar.score)}{note}'
                "</title></rect>"
            )
            parts.append(
                f'<text x="{_x(bar.score) + 6:.1f}" y="{y + 18}" {value_text}>'
                f"{_one(bar.score)}{capped if bar.capped else ''}</text>"
            )
        else:
            unscored = escape(_("not scored"))
            parts.append(f'<text x="{LABEL_WIDTH + 6}" y="{y + 18}" {value_text}>{unscored}</text>')
        if with_baseline and bar.baseline is not None:
            width = _x(bar.baseline) - LABEL_WIDTH
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 25}" width="{width:.1f}" height="7" '
                f'class="baseline" fill="{EARLIER}">'
                f"<title>{earlier}{colon()} {_one(bar.baseline)}</title>"
                "</rect>"
            )
    if with_baseline:
        legend_y = height - 12
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{legend_y - 9}" width="14" height="10" class="bar" '
            f'fill="{accent}"/>'
            + _guide_label(LABEL_WIDTH + 20, legend_y, _("today"))
            + f'<rect x="{LABEL_WIDTH + 80}" y="{legend_y - 7}" width="14" height="6" '
            f'class="baseline" fill="{EARLIER}"/>'
            + _guide_label(LABEL_WIDTH + 100, legend_y, _("earlier"))
        )
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class RadarSeries:
    """One polygon of the radar chart: a level per axis (None: not scored, drawn at the centre).

    ``kind`` picks the drawing: ``today`` (solid, filled, round markers), ``earlier`` (dashed,
    square markers) or ``target`` (dotted, diamond markers), told apart without colour.
    """

    name: str
    levels: tuple[int | None, ...]
    kind: str = "today"


RADAR_WIDTH = 660
RADAR_RADIUS = 170
RADAR_TOP = 56
#: Axis labels longer than this are set on two lines.
RADAR_LABEL_CHARS = 18

_RADAR_STYLE = {
    "today": ("", 2.5),
    "earlier": ("7 4", 2.0),
    "target": ("2 3", 2.0),
}


#: How each series says a dimension's level in the radar's text (translated where shown).
_SERIES_AT = {
    "today": N_("today {level}"),
    "earlier": N_("earlier {level}"),
    "target": N_("target {level}"),
}


def _radar_marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "earlier":
        return (
            f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="#ffffff" '
            f'stroke="{colour}" stroke-width="1.5"/>'
        )
    if kind == "target":
        return (
            f'<path d="M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y:.1f} L{x:.1f},{y + 5:.1f} '
            f'L{x - 5:.1f},{y:.1f} Z" fill="#ffffff" stroke="{colour}" stroke-width="1.5"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def _label_lines(text: str) -> list[str]:
    """An axis label on one line, or two split at the space nearest the middle."""
    if len(text) <= RADAR_LABEL_CHARS or " " not in text:
        return [text]
    middle = len(text) / 2
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return [text[:cut], text[cut + 1 :]]


def radar_chart_svg(
    axes: Sequence[str],
    level_names: Sequence[str],
    series: Sequence[RadarSeries],
    *,
    title: str,
    accent: str = ACCENT,
) -> Markup:
    """A radar (spider) chart of levels: one axis per dimension, one ring per level.

    Rings are labelled with the level names; each series is a polygon of its levels. The
    ``desc`` element states every value, so the chart has a full text alternative.
    """
    count = max(len(axes), 1)
    top = max(len(level_names), 1)
    cx, cy = RADAR_WIDTH / 2, RADAR_TOP + RADAR_RADIUS
    legend_y = cy + RADAR_RADIUS + 62
    height = legend_y + 16

    def point(axis: int, level: float) -> tuple[float, float]:
        angle = -pi / 2 + 2 * pi * axis / count
        radius = RADAR_RADIUS * max(0.0, min(level, top)) / top
        return cx + radius * cos(angle), cy + radius * sin(angle)

    def shown(level: int | None) -> str:
        if level is None:
            return _("not scored")
        name = level_names[level - 1] if 1 <= level <= len(level_names) else ""
        return _("level {number} {name}").format(number=level, name=name).rstrip()

    def at(line: RadarSeries, level: int | None) -> str:
        """``today level 3 Coordinated``: one message per series, so a language can order it."""
        phrase = _SERIES_AT.get(line.kind)
        if phrase is None:  # a series of a user's own
            return f"{line.name} {shown(level)}"
        return _(phrase).format(level=shown(level))

    description = semicolon().join(
        f"{axis}{colon()} " + ", ".join(at(s, s.levels[i]) for s in series)
        for i, axis in enumerate(axes)
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {RADAR_WIDTH} {height:.0f}" '
        'width="100%" role="img" aria-labelledby="radar-title radar-desc" class="chart radar" '
        f'font-family="{FONT}">',
        f'<title id="radar-title">{escape(title)}</title>',
        f'<desc id="radar-desc">{escape(description)}</desc>',
    ]
    for ring in range(1, top + 1):
        corners = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(count)))
        outline = (
            f'<polygon points="{corners}"'
            if count > 2
            else (f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{RADAR_RADIUS * ring / top:.1f}"')
        )
        parts.append(f'{outline} class="ring" fill="none" stroke="{RULE}" stroke-width="1"/>')
    for i, axis in enumerate(axes):
        x, y = point(i, top)
        parts.append(
            f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" class="axis" '
            f'stroke="{GUIDE}" stroke-width="1"/>'
        )
        angle = -pi / 2 + 2 * pi * i / count
        lx, ly = cx + (RADAR_RADIUS + 16) * cos(angle), cy + (RADAR_RADIUS + 16) * sin(angle)
        anchor = "middle" if abs(cos(angle)) < 0.3 else ("start" if cos(angle) > 0 else "end")
        lines = _label_lines(axis)
        if sin(angle) < -0.3:
            ly -= 14 * (len(lines) - 1) + 2
        elif sin(angle) > 0.3:
            ly += 12
        else:
            ly += 4 - 7 * (len(lines) - 1)
        spans = "".join(
            f'<tspan x="{lx:.1f}" y="{ly + 14 * n:.1f}">{escape(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        parts.append(
            f'<text class="bar-label axis-label" text-anchor="{anchor}" font-size="13" '
            f'fill="{INK}">'
            f"{spans}</text>"
        )
    colours = {"today": accent, "earlier": MUTED, "target": INK}
    for line in series:
        dash, width = _RADAR_STYLE.get(line.kind, _RADAR_STYLE["today"])
        colour = colours.get(line.kind, accent)
        points = [point(i, level or 0) for i, level in enumerate(line.levels)]
        corners = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        fill = f'fill="{colour}" fill-opacity="0.16"' if line.kind == "today" else 'fill="none"'
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polygon points="{corners}" class="series series-{escape(line.kind)}" {fill} '
            f'stroke="{colour}" stroke-width="{width}"{dashes} stroke-linejoin="round">'
            f"<title>{escape(line.name)}</title></polygon>"
        )
        for (x, y), axis, level in zip(points, axes, line.levels, strict=True):
            parts.append(
                f"<g><title>{escape(axis)}{colon()} {escape(at(line, level))}</title>"
                f"{_radar_marker(line.kind, x, y, colour)}</g>"
            )
    for ring, name in enumerate(level_names, start=1):  # on top, each on a light backing
        y = cy - RADAR_RADIUS * ring / top
        label = f"{ring} {name}"
        parts.append(
            f'<rect x="{cx + 3:.1f}" y="{y - 12:.1f}" width="{5.4 * len(label) + 4:.1f}" '
            f'height="12" fill="#ffffff" fill-opacity="0.85"/>'
            f'<text x="{cx + 5:.1f}" y="{y - 3:.1f}" class="ring-label" '
            f'font-size="10" fill="{MUTED}">{escape(label)}</text>'
        )
    x = cx - 110 * len(series) / 2
    for line in series:
        dash, width = _RADAR_STYLE.get(line.kind, _RADAR_STYLE["today"])
        colour = colours.get(line.kind, accent)
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x:.1f}" y1="{legend_y - 4:.1f}" x2="{x + 30:.1f}" '
            f'y2="{legend_y - 4:.1f}" stroke="{colour}" stroke-width="{width}"{dashes}/>'
            + _radar_marker(line.kind, x + 15, legend_y - 4, colour)
            + f'<text x="{x + 36:.1f}" y="{legend_y:.1f}" class="bar-label" font-size="12" '
            f'fill="{INK}">{escape(line.name)}</text>'
        )
        x += 110
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

    description = semicolon().join(
        f"{s.name}{colon()} "
        + ", ".join(
            f"{d} {'–' if v is None else f'{v:.1f}'}" for d, v in zip(dates, s.scores, strict=True)
        )
        for s in series
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="trend-title trend-desc" class="chart" font-family="{FONT}">',
        f'<title id="trend-title">{escape(title)}</title>',
        f'<desc id="trend-desc">{escape(description)}</desc>',
    ]
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{left}" y1="{y(tick):.1f}" x2="{left + plot_w}" y2="{y(tick):.1f}" '
            f'class="guide" stroke="{GUIDE}" stroke-dasharray="3 3"/>'
            + _guide_label(left - 8, y(tick) + 4, str(tick), "end")
        )
    for i, date in enumerate(dates):
        parts.append(_guide_label(x(i), height - bottom + 18, date, "middle"))
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
            f'<text x="{width - right + 42}" y="{legend_y}" class="bar-label" font-size="11.5" '
            f'fill="{INK}">{escape(line.name)}</text>'
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

"""The charts of a report or a trend, drawn from its context for the html and pdf renderers.

A context holds only data (numbers, texts, lists): its ``chart`` and ``radar`` entries (for a
trend, each organization's ``chart``) say what to draw. Here they become the inline SVG the
templates place as ``chart_svg`` and ``radar_svg``, so formats that show no charts (Markdown, a
workbook, JSON) never draw one.
"""

from __future__ import annotations

from typing import Any

from socialmaturity.render.charts import (
    Bar,
    RadarSeries,
    Series,
    Threshold,
    bar_chart_svg,
    line_chart_svg,
    radar_chart_svg,
)


def with_figures(document: str, context: dict[str, Any]) -> dict[str, Any]:
    """The context with its charts drawn: a new dict, the context itself unchanged."""
    if document == "trend":
        return context | {
            "trends": [t | {"chart_svg": _lines(t["chart"])} for t in context["trends"]]
        }
    return context | {"chart_svg": _bars(context["chart"]), "radar_svg": _radar(context["radar"])}


def _bars(chart: dict[str, Any]) -> Any:
    return bar_chart_svg(
        [Bar(**bar) for bar in chart["bars"]],
        [Threshold(**threshold) for threshold in chart["thresholds"]],
        title=chart["title"],
        with_baseline=chart["with_baseline"],
        accent=chart["accent"],
    )


def _radar(radar: dict[str, Any]) -> Any:
    return radar_chart_svg(
        radar["axes"],
        radar["levels"],
        [RadarSeries(s["name"], tuple(s["levels"]), s["kind"]) for s in radar["series"]],
        title=radar["title"],
        accent=radar["accent"],
    )


def _lines(chart: dict[str, Any]) -> Any:
    return line_chart_svg(
        chart["dates"],
        [Series(s["name"], tuple(s["scores"]), s["total"]) for s in chart["series"]],
        title=chart["title"],
    )

"""The charts of a report or a trend: what they show, and their drawing for html and pdf.

A context holds only data (numbers, texts, lists): its ``chart`` and ``radar`` entries (for a
trend, each organization's ``chart``), built here from the results, say what to draw. The html
and pdf renderers turn them into the inline SVG the templates place as ``chart_svg`` and
``radar_svg``, so formats that show no charts (Markdown, a workbook, JSON) never draw one.
"""

from __future__ import annotations

from typing import Any

from socialmaturity.engine.scoring import DimensionResult, Result
from socialmaturity.i18n import _
from socialmaturity.render.charts import (
    ACCENT,
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
    drawn = {"chart_svg": _bars(context["chart"]), "radar_svg": _radar(context["radar"])}
    if context.get("long_haul") is not None:
        accent = context["chart"]["accent"]
        drawn["long_haul"] = [
            entry
            | {"chart_svg": _kpi_line(entry["chart"], accent) if entry["chart"]["points"] else None}
            for entry in context["long_haul"]
        ]
    return context | drawn


def _kpi_line(chart: dict[str, Any], accent: str) -> Any:
    from socialmaturity.render.kpi_charts import kpi_chart_svg

    return kpi_chart_svg(
        [tuple(point) for point in chart["points"]],
        chart["spikes"],
        title=chart["title"],
        window=chart["window"],
        year_starts=[tuple(start) for start in chart["year_starts"]],
        accent=accent,
    )


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


def bar_chart_data(
    result: Result,
    before: dict[str, DimensionResult],
    baseline: Result | None,
    accent: str = ACCENT,
) -> dict[str, Any]:
    """What the dimension-score chart shows (drawn by :mod:`~socialmaturity.render.figures`)."""
    q = result.questionnaire
    bars = [
        {
            "label": d.dimension.name,
            "score": d.score,
            "level_name": q.level_name(d.level),
            "baseline": before[d.id].score if d.id in before else None,
            "capped": d.capped,
            "total": False,
        }
        for d in result.dimensions
    ]
    bars.append(
        {
            "label": _("Overall"),
            "score": result.score,
            "level_name": q.level_name(result.level),
            "baseline": baseline.score if baseline is not None else None,
            "capped": False,
            "total": True,
        }
    )
    response = result.response
    organization = response.organization if response else ""
    return {
        "title": _("Dimension scores, {organization}").format(organization=organization),
        "bars": bars,
        "thresholds": [{"min_score": level.min_score, "name": level.name} for level in q.levels],
        "with_baseline": baseline is not None,
        "accent": accent,
    }


def radar_data(
    result: Result, targets: list[dict[str, Any]], baseline: Result | None, accent: str
) -> dict[str, Any]:
    """Levels on a radar: today's, the target's and, with a baseline, the earlier ones."""
    q = result.questionnaire
    series = [{"name": _("today"), "levels": [d.level for d in result.dimensions], "kind": "today"}]
    if baseline is not None:
        earlier = {d.id: d.level for d in baseline.dimensions}
        series.append(
            {
                "name": _("earlier"),
                "levels": [earlier.get(d.id) for d in result.dimensions],
                "kind": "earlier",
            }
        )
    series.append({"name": _("target"), "levels": [t["target"] for t in targets], "kind": "target"})
    organization = result.response.organization if result.response else ""
    return {
        "title": _("Levels by dimension: today and target, {organization}").format(
            organization=organization
        ),
        "axes": [d.dimension.name for d in result.dimensions],
        "levels": [level.name for level in q.levels],
        "series": series,
        "accent": accent,
    }

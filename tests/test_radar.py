"""The radar (spider) chart: one axis per dimension, rings per level, today / earlier / target."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from socialmaturity.engine.roadmap import parse_targets
from socialmaturity.engine.scoring import score_response
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.loading import load_response
from socialmaturity.render.charts import RadarSeries, radar_chart_svg
from socialmaturity.render.figures import with_figures
from socialmaturity.render.report import report_context

from conftest import REPO, run_cli

SVG = "{http://www.w3.org/2000/svg}"
DEMO = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"
LEVELS = ["Experimenting", "Emerging", "Coordinated", "Integrated", "Social business"]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def radar(axes: list[str], *series: RadarSeries, levels: list[str] = LEVELS) -> ET.Element:
    return parse(str(radar_chart_svg(axes, levels, list(series), title="Levels <today>")))


@pytest.mark.parametrize("count", [1, 2, 3, 5, 8])
def test_one_axis_per_dimension_and_one_ring_per_level(count: int) -> None:
    axes = [f"Dimension {n}" for n in range(count)]
    root = radar(axes, RadarSeries("today", tuple([2] * count)))
    assert len(by_class(root, "axis")) == count
    assert len(by_class(root, "ring")) == len(LEVELS)
    labels = [e.text for e in by_class(root, "ring-label")]
    assert labels == [f"{n} {name}" for n, name in enumerate(LEVELS, start=1)]
    names = [" ".join(t.itertext()) for t in by_class(root, "axis-label")]
    assert names == axes
    long = radar(["Relationships over transactions"], RadarSeries("today", (3,)))
    (label,) = by_class(long, "axis-label")
    assert [t.text for t in label] == ["Relationships", "over transactions"]  # two lines


def test_polygons_and_their_points_sit_on_the_rings() -> None:
    root = radar(
        ["A", "B", "C", "D"],
        RadarSeries("today", (1, 2, 3, 4)),
        RadarSeries("earlier", (1, 1, 2, None), "earlier"),
        RadarSeries("target", (2, 3, 4, 5), "target"),
    )
    polygons = by_class(root, "series")
    assert [p.get("class") for p in polygons] == [
        "series series-today",
        "series series-earlier",
        "series series-target",
    ]
    axis = by_class(root, "axis")[0]
    cx, cy = float(axis.get("x1") or 0), float(axis.get("y1") or 0)
    top = math.dist((cx, cy), (float(axis.get("x2") or 0), float(axis.get("y2") or 0)))
    for polygon, levels in zip(polygons, [(1, 2, 3, 4), (1, 1, 2, 0), (2, 3, 4, 5)], strict=True):
        points = [tuple(map(float, p.split(","))) for p in (polygon.get("points") or "").split()]
        radii = [math.dist((cx, cy), point) / top * len(LEVELS) for point in points]
        assert radii == pytest.approx(levels, abs=0.02)


def test_series_differ_without_colour_and_the_chart_is_accessible() -> None:
    root = radar(
        ["A", "B", "C"],
        RadarSeries("today", (1, 2, 3)),
        RadarSeries("earlier", (1, 1, 2), "earlier"),
        RadarSeries("target", (2, 3, 4), "target"),
    )
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "radar-title radar-desc"
    assert root.find(f"{SVG}title").text == "Levels <today>"  # type: ignore[union-attr]
    desc = root.find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
    assert "A: today level 1 Experimenting, earlier level 1 Experimenting" in desc
    assert "C: today level 3 Coordinated, earlier level 2 Emerging, target level 4" in desc
    dashes = [p.get("stroke-dasharray") for p in by_class(root, "series")]
    assert len(set(dashes)) == 3  # solid, dashed, dotted: told apart in greyscale print
    groups = list(root.iter(f"{SVG}g"))
    markers = {child.tag for g in groups for child in g if child.tag != f"{SVG}title"}
    assert markers == {f"{SVG}circle", f"{SVG}rect", f"{SVG}path"}  # round, square, diamond


def test_every_text_is_escaped() -> None:
    hostile = 'A <script>alert("x")</script> & B'
    svg = str(
        radar_chart_svg(
            [hostile, "Plain"],
            ["<b>Low</b>", "High & mighty"],
            [RadarSeries("<i>today</i>", (1, 2))],
            title="</svg><script>",
        )
    )
    assert "<script" not in svg and "<b>" not in svg and "<i>" not in svg
    root = parse(svg)  # still well-formed XML
    texts = " ".join("".join(e.itertext()) for e in root.iter())
    assert hostile in texts and "<b>Low</b>" in texts and "High & mighty" in texts


def test_no_level_is_drawn_at_the_centre_and_said_in_words() -> None:
    root = radar(["A", "B", "C"], RadarSeries("today", (None, 2, 3)))
    desc = root.find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
    assert "A: today not scored" in desc
    axis = by_class(root, "axis")[0]
    first = (by_class(root, "series")[0].get("points") or "").split()[0]
    assert first == f"{float(axis.get('x1') or 0):.1f},{float(axis.get('y1') or 0):.1f}"


def test_report_radar_shows_today_target_and_baseline() -> None:
    response, q = load_response(str(DEMO), Catalog())
    result = score_response(q, response)
    targets = parse_targets(["measurement=5"], q)
    context = report_context(result, targets=targets, baseline=result)
    assert [t["target"] for t in context["targets"]] == [4, 3, 4, 5, 5]
    root = parse(str(with_figures("report", context)["radar_svg"]))
    kinds = [p.get("class") for p in by_class(root, "series")]
    assert kinds == ["series series-today", "series series-earlier", "series series-target"]
    assert len(by_class(root, "axis")) == len(q.dimensions)
    desc = root.find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
    assert "Long-haul measurement: today level 2 Emerging" in desc
    assert "target level 5 Social business" in desc


def test_html_report_has_the_radar_beside_the_bar_chart(tmp_path: Path) -> None:
    done = run_cli("report", DEMO, "--format", "html", "--target", "4")
    assert done.code == 0, done.stderr
    html = done.stdout
    bar, radar_at = html.index('aria-labelledby="chart-title'), html.index('class="chart radar"')
    assert bar < radar_at < html.index("<table", bar)
    assert re.search(r"<figcaption>Levels by dimension, one ring per level", html)
    assert html.count('class="series series-target"') == 1

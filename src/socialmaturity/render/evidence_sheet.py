"""The ``Evidence`` sheet of a report workbook: the long-haul figures, the series, their charts.

The first rows hold one row per metric with the figures of SPEC section 9 as numbers (never
rounded: the cells' formats round what is shown). Below them each metric with data has a block
of its series (period, value, and the value again in a ``spike`` column where the period is a
spike), with a native line chart beside it whose spikes are red rings, so a consultant can
re-plot or re-check every figure in Excel.
"""

from __future__ import annotations

from typing import Any

from socialmaturity.i18n import colon
from socialmaturity.render.kpi_charts import SPIKE
from socialmaturity.render.sheets import Sheet, header

EVIDENCE_COLUMNS = [
    "metric",
    "name",
    "unit",
    "periods",
    "first",
    "last",
    "last value",
    "history",
    "yoy",
    "t12m change",
    "trend",
    "p",
    "sen slope",
    "verdict",
    "spikes",
    "claims",
]
SERIES_COLUMNS = ["period", "value", "spike"]
#: A block of a series is at least this many rows high, so its chart never covers the next one.
BLOCK_ROWS = 17
CHART_SIZE = {"width": 640, "height": 300}


def evidence_sheet(workbook: Any, formats: dict[str, Any], context: dict[str, Any]) -> Sheet:
    """Add the ``Evidence`` sheet of a report context that has long-haul evidence."""
    figure = workbook.add_format({"num_format": "#,##0.00##", "valign": "top"})
    # a p under 0.0001 in scientific notation: "0.0000" would read as no chance at all
    small = workbook.add_format({"num_format": "[<0.0001]0.0E+00;0.0000", "valign": "top"})
    sheet = Sheet(workbook, "Evidence", formats | {"figure": figure, "p": small})
    header(sheet, EVIDENCE_COLUMNS)
    entries = context["long_haul"]
    for entry in entries:
        cells = [
            entry["metric"],
            entry["name"],
            entry["unit"],
            entry["periods"],
            entry["first"],
            entry["last"],
            entry["last_value"],
            entry["history"],
            entry["yoy"],
            entry["t12m_change"],
            entry["trend"],
            entry["p"],
            entry["sen_slope"],
            entry["verdict"],
            "; ".join(f"{s['period']} (z {s['z']:+.1f})" for s in entry["spikes"]),
            "; ".join(entry["claims"]),
        ]
        for column, value in enumerate(cells):
            name = EVIDENCE_COLUMNS[column]
            style = "p" if name == "p" else "figure" if isinstance(value, float) else None
            sheet.write(sheet.row, column, value, style)
        sheet.row += 1
    sheet.row += 1
    accent = (context.get("brand") or {}).get("accent") or context["chart"]["accent"]
    for entry in entries:
        if entry["periods"]:
            _series_block(workbook, sheet, entry, accent)
    return sheet


def _series_block(workbook: Any, sheet: Sheet, entry: dict[str, Any], accent: str) -> None:
    """A metric's series under a title row, and its line chart beside it."""
    unit = f" ({entry['unit']})" if entry["unit"] else ""
    title_row = sheet.row
    sheet.write(title_row, 0, f"{entry['name']}{unit}", "label")
    sheet.row += 1
    header(sheet, SERIES_COLUMNS)
    first = sheet.row
    spiked = {spike["period"] for spike in entry["spikes"]}
    for period, _, value in entry["chart"]["points"]:
        sheet.write(sheet.row, 0, period)
        sheet.write(sheet.row, 1, value, "figure")
        if period in spiked:
            sheet.write(sheet.row, 2, value, "figure")
        sheet.row += 1
    last = sheet.row - 1
    chart = workbook.add_chart({"type": "line"})
    chart.add_series(
        {
            "name": entry["name"],
            "categories": ["Evidence", first, 0, last, 0],
            "values": ["Evidence", first, 1, last, 1],
            "line": {"color": accent, "width": 2},
        }
    )
    if spiked:
        chart.add_series(
            {
                "name": "spike",
                "categories": ["Evidence", first, 0, last, 0],
                "values": ["Evidence", first, 2, last, 2],
                "line": {"none": True},
                "marker": {
                    "type": "circle",
                    "size": 9,
                    "border": {"color": SPIKE, "width": 2},
                    "fill": {"none": True},
                },
            }
        )
    chart.set_title({"name": f"{entry['name']}{unit}{colon()} {entry['verdict_text']}"})
    chart.set_legend({"position": "bottom"} if spiked else {"none": True})
    chart.set_x_axis({"label_position": "low", "num_font": {"rotation": -45}})
    chart.set_size(CHART_SIZE)
    sheet.sheet.insert_chart(title_row, 4, chart)
    sheet.row = max(sheet.row, title_row + BLOCK_ROWS) + 1

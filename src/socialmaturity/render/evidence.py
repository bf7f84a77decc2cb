"""The ``Long-haul evidence`` section as a report shows it: plain data for every format.

:func:`long_haul_view` turns the engine's :class:`~socialmaturity.engine.kpis.MetricEvidence`
into the report context's ``long_haul`` entries: the figures unrounded (for JSON and the
workbook), the same figures as text, the chart's points and the claims with the answers behind
them. :func:`mark_claims` prints "claimed, not shown by the data" beside those answers wherever
the report shows answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from socialmaturity.engine.kpi_statistics import ALPHA
from socialmaturity.engine.kpis import MetricEvidence, analyse_kpis
from socialmaturity.engine.roadmap import AnswerLevel
from socialmaturity.i18n import _, colon, decimal_text, ngettext, number_text, percent_text
from socialmaturity.model.kpi_file import SEASONS, KpiFile
from socialmaturity.model.questionnaire import Questionnaire
from socialmaturity.render.kpi_charts import kpi_sparkline


def not_shown_mark() -> str:
    """How an answer the KPI data does not support is marked beside it (SPEC section 9)."""
    return _("claimed, not shown by the data")


#: The keys of each entry of ``kpis`` in ``report --format json`` (SPEC section 9), in order.
JSON_KEYS = (
    "metric",
    "name",
    "unit",
    "periods",
    "first",
    "last",
    "last_value",
    "history",
    "yoy",
    "t12m_change",
    "trend",
    "p",
    "sen_slope",
    "spikes",
    "verdict",
    "claims",
)


def amount(value: float | None, unit: str | None) -> str:
    """A value with its unit: ``23.4%``, ``12,400 people``, ``0.84``; a dash for none.

    A no-break space keeps a number and its unit on one line (a table's narrow column would
    otherwise end a line between them).
    """
    if value is None:
        return "–"
    size = abs(value)
    text = number_text(value, 0 if size >= 100 else 1 if size >= 10 else 2)
    if not unit:
        return text
    return percent_text(text) if unit == "%" else f"{text}\u00a0{unit}"


def change(value: float | None, unit: str | None) -> str:
    """A change with its sign and unit; a change of a percentage is in percentage points."""
    if value is None:
        return "–"
    text = amount(value, None if unit == "%" else unit)
    if not any(digit in text for digit in "123456789"):  # float noise rounds to no change
        value = 0.0
        text = amount(value, None if unit == "%" else unit)
    if value > 0:
        text = "+" + text
    elif value == 0:
        text = "±" + text
    return _("{change} pp").format(change=text) if unit == "%" else text


def p_text(p: float) -> str:
    """A p-value as it is read: ``p < 0.001`` or ``p = 0.042``, kept on one line."""
    if p < 0.001:
        return "p\u00a0<\u00a0" + decimal_text("0.001")
    shown = f"{p:.3f}"
    if (p < ALPHA) != (float(shown) < ALPHA):  # 0.0497 is not "0.050"
        shown = f"{p:.4f}"
    return "p\u00a0=\u00a0" + decimal_text(shown)


def add_long_haul(
    context: dict[str, Any], kpis: KpiFile, q: Questionnaire, answers: Mapping[str, AnswerLevel]
) -> None:
    """Analyse the KPI series against the answers' levels; show the result and its claims."""
    levels = {qid: answer.level for qid, answer in answers.items()}
    found = analyse_kpis(kpis.series, q.metrics, levels)
    context["long_haul"] = long_haul_view(found, q, answers)
    mark_claims(context)


def long_haul_view(
    evidence: Sequence[MetricEvidence], q: Questionnaire, answers: Mapping[str, AnswerLevel]
) -> list[dict[str, Any]]:
    """One entry per metric: the JSON figures, their text, the chart and the claims."""
    claimed_at = {m.id: m.claimed_at for m in q.metrics}
    return [
        {
            "metric": e.metric,
            "name": e.name,
            "unit": e.unit,
            "periods": e.periods,
            "first": e.first,
            "last": e.last,
            "last_value": e.last_value,
            "history": e.history,
            "yoy": e.yoy,
            "t12m_change": e.t12m_change,
            "trend": e.trend,
            "p": e.p,
            "sen_slope": e.sen_slope,
            "spikes": [{"period": s.period, "value": s.value, "z": s.z} for s in e.spikes],
            "verdict": e.verdict,
            "claims": list(e.claims),
            # what the report prints
            "verdict_text": _verdict_text(e),
            "enough": e.history == "enough",
            "direction": e.direction,
            "kind": e.kind,
            "window_name": _("last 52 weeks") if e.kind == "week" else _("last 12 months"),
            "periods_text": _periods_text(e),
            "count_text": _count_text(e),
            "range_text": _("{first} to {last}").format(first=e.first, last=e.last)
            if e.periods
            else "",
            "claimed_at": claimed_at.get(e.metric),
            "last_value_text": amount(e.last_value, e.unit),
            "yoy_text": change(e.yoy, e.unit),
            "t12m_text": change(e.t12m_change, e.unit),
            "trend_name": _trend_name(e.trend),
            "trend_text": "–"
            if e.trend is None or e.p is None
            else f"{_trend_name(e.trend)} ({p_text(e.p)})",
            "sen_text": "–"
            if e.sen_slope is None
            else _("{change} a year").format(change=change(e.sen_slope, e.unit)),
            "sen_change_text": change(e.sen_slope, e.unit),
            "p_text": None if e.p is None else p_text(e.p),
            "spike_rows": [
                {
                    "period": s.period,
                    "value_text": amount(s.value, e.unit),
                    "z_text": decimal_text(f"{s.z:+.1f}"),
                }
                for s in e.spikes
            ],
            "claim_rows": [
                {
                    "question": qid,
                    "text": q.question_by_id[qid][1].text,
                    "answer": " / ".join(answers[qid].labels),
                }
                for qid in e.claims
            ],
            "chart": _chart(e),
            "sparkline": kpi_sparkline([value for _, _, value in e.points]),
        }
        for e in evidence
    ]


def _periods_text(e: MetricEvidence) -> str:
    """How much data there is: ``36 months, 2023-11 to 2026-10``, or that there is none."""
    if not e.periods:
        return _count_text(e)
    return _("{count}, {first} to {last}").format(count=_count_text(e), first=e.first, last=e.last)


def _count_text(e: MetricEvidence) -> str:
    """How many periods there are: ``36 months``, or that there are none."""
    if not e.periods:
        return _("not in the file")
    if e.kind == "week":
        return ngettext("{n} week", "{n} weeks", e.periods).format(n=e.periods)
    return ngettext("{n} month", "{n} months", e.periods).format(n=e.periods)


def _trend_name(trend: str | None) -> str:
    """A trend as a report names it; JSON keeps SPEC's value."""
    names = {
        "increasing": _("increasing"),
        "decreasing": _("decreasing"),
        "no trend": _("no trend"),
    }
    return "–" if trend is None else names.get(trend, trend)


def _verdict_text(e: MetricEvidence) -> str:
    """The verdict as a report names it; JSON keeps SPEC's value."""
    if e.verdict is None:
        return _("too little history") if e.periods else _("not in the file")
    names = {
        "long-haul gain": _("long-haul gain"),
        "long-haul loss": _("long-haul loss"),
        "spikes only": _("spikes only"),
        "flat": _("flat"),
    }
    return names.get(e.verdict, e.verdict)


def _chart(e: MetricEvidence) -> dict[str, Any]:
    """What the metric's line chart shows (drawn by :mod:`~socialmaturity.render.figures`)."""
    if e.kind is None or not e.points:
        return {"points": [], "spikes": [], "window": 0, "year_starts": [], "title": e.name}
    period = SEASONS[e.kind]
    first = e.points[0][0]
    year = int(first[:4])
    season = int(first[-2:]) - 1
    span = e.points[-1][1]
    year_starts = [
        [position, str(year + (season + position) // period)]
        for position in range(-season % period, span + 1, period)
    ]
    unit = f" ({e.unit})" if e.unit else ""
    return {
        "title": f"{e.name}{unit}, {e.first} to {e.last}",
        "points": [list(point) for point in e.points],
        "spikes": [s.period for s in e.spikes],
        "window": period if e.history == "enough" else 0,
        "year_starts": year_starts,
    }


def mark_claims(context: dict[str, Any]) -> None:
    """Write the claims not shown by the data beside the answers that make them.

    An answer row is marked when its question claims a metric whose history is insufficient
    and the row's own answer is anchored at or above the metric's ``claimed_at`` (for an
    organization, a respondent's low answer is not marked). A row is marked once, however many
    lists share it and however often this runs (an organization's report marks again the
    answers it lists per respondent); the row keeps the metrics it was marked for, and copies of
    it carry them.
    """
    claims: dict[str, list[tuple[str, int]]] = {}
    for entry in context.get("long_haul") or ():
        for qid in entry["claims"]:
            claims.setdefault(qid, []).append((entry["name"], entry["claimed_at"]))
    if not claims:
        return
    rows = [
        row
        for sections in (
            context["appendix"],
            *(person["sections"] for person in context["answers_by_respondent"]),
        )
        for section in sections
        for row in section["answers"]
    ]
    rows += [row for d in context["dimensions"] for side in d["sides"] for row in side["answers"]]
    for row in rows:
        level = row.get("level")
        names = [
            name for name, at in claims.get(row["id"], ()) if level is not None and level >= at
        ]
        if names and "not_shown" not in row:
            row["not_shown"] = names
            row["answer"] = f"{row['answer']} ({not_shown_mark()}{colon()} {', '.join(names)})"

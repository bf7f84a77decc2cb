"""Long-haul evidence (SPEC section 9): what a client's KPI series say, beside its answers.

Pure functions of the series read by :mod:`~socialmaturity.model.kpi_file`, the questionnaire's
declared ``metrics`` and the answers' levels: no I/O. Each metric gets its history rule, the
year-over-year change (median of the seasonal differences of the last year), the change of the
trailing twelve months, the seasonal Mann-Kendall trend and Sen slope, the spikes of the last
year, a verdict, and the answers that claim it without the data showing it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean, median

from socialmaturity.engine.kpi_statistics import (
    SPIKE_Z,
    robust_z_scores,
    seasonal_differences,
    seasonal_mann_kendall,
    seasonal_sen_slope,
)
from socialmaturity.model.kpi_file import SEASONS, Kind, KpiSeries, period_label
from socialmaturity.model.metric_rules import metric_key
from socialmaturity.model.questionnaire import Metric

#: A history is enough with at least two years from the first to the last period, inclusive.
YEARS_NEEDED = 2

GAIN = "long-haul gain"
LOSS = "long-haul loss"
SPIKES_ONLY = "spikes only"
FLAT = "flat"


@dataclass(frozen=True)
class Spike:
    """A period of the last year whose seasonal difference stands out (robust z above 3.5)."""

    period: str
    value: float
    z: float


@dataclass(frozen=True)
class MetricEvidence:
    """What one metric's series shows; the figures are None where the history is insufficient."""

    metric: str
    name: str
    unit: str | None
    direction: str
    kind: Kind | None  # None for a declared metric absent from the file
    periods: int
    first: str | None
    last: str | None
    last_value: float | None
    history: str  # "enough" or "insufficient"
    yoy: float | None
    t12m_change: float | None
    trend: str | None
    p: float | None
    sen_slope: float | None
    spikes: tuple[Spike, ...]
    verdict: str | None
    #: The ``evidences`` questions whose answers claim the metric while the data cannot show it.
    claims: tuple[str, ...]
    #: The series, for charts: (period, periods since the first, value) in period order.
    points: tuple[tuple[str, int, float], ...] = ()


def analyse_kpis(
    series: Sequence[KpiSeries],
    metrics: Sequence[Metric],
    answer_levels: Mapping[str, int],
) -> tuple[MetricEvidence, ...]:
    """Every declared metric (in questionnaire order), then the file's undeclared ones.

    ``answer_levels`` holds each answered question's level anchor (for an organization, the
    lower median of the respondents' anchors).
    """
    by_key = {s.key: s for s in series}
    declared = {metric_key(m.id) for m in metrics}
    found = [_evidence(by_key.get(metric_key(m.id)), m, answer_levels) for m in metrics]
    found += [_evidence(s, None, answer_levels) for s in series if s.key not in declared]
    return tuple(found)


@dataclass(frozen=True)
class _Figures:
    """The figures of a metric with enough history."""

    yoy: float | None
    t12m_change: float | None
    trend: str
    p: float
    sen_slope: float | None
    spikes: tuple[Spike, ...]
    verdict: str


def _evidence(
    series: KpiSeries | None, metric: Metric | None, answer_levels: Mapping[str, int]
) -> MetricEvidence:
    values = dict(series.values) if series is not None else {}
    kind = series.kind if series is not None else None
    indices = sorted(values)
    unit = metric.unit if metric is not None else None
    if unit is None and series is not None:
        unit = series.unit
    direction = metric.direction if metric is not None else "up"
    enough = bool(
        kind is not None
        and indices
        and indices[-1] - indices[0] + 1 >= YEARS_NEEDED * SEASONS[kind]
    )
    figures = _figures(values, kind, direction) if enough and kind is not None else None
    claims: tuple[str, ...] = ()
    if metric is not None and not enough and metric.claimed_at is not None:
        claims = tuple(q for q in metric.evidences if answer_levels.get(q, 0) >= metric.claimed_at)
    written = series.metric if series is not None else ""
    labels = [period_label(i, kind) for i in indices] if kind is not None else []
    return MetricEvidence(
        metric=metric.id if metric is not None else written,
        name=metric.name if metric is not None else written,
        unit=unit,
        direction=direction,
        kind=kind,
        periods=len(values),
        first=labels[0] if labels else None,
        last=labels[-1] if labels else None,
        last_value=values[indices[-1]] if indices else None,
        history="enough" if figures is not None else "insufficient",
        yoy=figures.yoy if figures else None,
        t12m_change=figures.t12m_change if figures else None,
        trend=figures.trend if figures else None,
        p=figures.p if figures else None,
        sen_slope=figures.sen_slope if figures else None,
        spikes=figures.spikes if figures else (),
        verdict=figures.verdict if figures else None,
        claims=claims,
        points=tuple(
            (label, i - indices[0], values[i]) for label, i in zip(labels, indices, strict=True)
        ),
    )


def _figures(values: Mapping[int, float], kind: Kind, direction: str) -> _Figures:
    """The windows end at the last period: the last year, and the year before it."""
    period = SEASONS[kind]
    last = max(values)
    last_year = range(last - period + 1, last + 1)
    year_before = range(last - 2 * period + 1, last - period + 1)
    differences = seasonal_differences(values, period)
    recent = [differences[t] for t in last_year if t in differences]
    now = [values[t] for t in last_year if t in values]
    before = [values[t] for t in year_before if t in values]
    test = seasonal_mann_kendall(values, period)
    spikes = tuple(
        Spike(period_label(t, kind), values[t], z)
        for t, z in robust_z_scores(differences, list(last_year)).items()
        if abs(z) > SPIKE_Z
    )
    yoy = median(recent) if recent else None
    return _Figures(
        yoy=yoy,
        t12m_change=fmean(now) - fmean(before) if now and before else None,
        trend=test.trend,
        p=test.p,
        sen_slope=seasonal_sen_slope(values, period),
        spikes=spikes,
        verdict=verdict(test.trend, yoy, spikes, direction),
    )


def verdict(trend: str, yoy: float | None, spikes: Sequence[Spike], direction: str) -> str:
    """Gain or loss when the trend and yoy agree on a way; spikes only; else flat."""
    better = 1 if direction == "up" else -1
    trend_sign = {"increasing": 1, "decreasing": -1}.get(trend, 0)
    yoy_sign = 0 if yoy is None else (yoy > 0) - (yoy < 0)
    if trend_sign and trend_sign == yoy_sign:
        return GAIN if trend_sign == better else LOSS
    if trend == "no trend" and spikes:
        return SPIKES_ONLY
    return FLAT

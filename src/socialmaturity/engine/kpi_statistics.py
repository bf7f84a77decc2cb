"""The robust statistics of SPEC section 9, in plain Python (``statistics`` and ``math``).

scipy and statsmodels would take seconds to import; these few formulas take microseconds. A
seasonal series is given as a mapping from period index to value, ``period`` indices to a
year, so a season is ``index % period`` and the year of an index is ``index // period``; gaps
are simply absent indices. The tests compare every figure with pymannkendall's.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import median

#: The two-sided p-value under which a trend is called increasing or decreasing.
ALPHA = 0.05
#: A seasonal difference is a spike when its robust z-score is above this, in absolute value
#: (Iglewicz and Hoaglin's modified z-score).
SPIKE_Z = 3.5
#: Turns a median absolute deviation into a standard deviation of normal data (1 / 1.4826).
MAD_SCALE = 0.6745


@dataclass(frozen=True)
class MannKendall:
    """The seasonal Mann-Kendall test: statistic, variance, z, two-sided p and the verdict."""

    s: int
    var_s: float
    z: float
    p: float
    trend: str  # "increasing", "decreasing" or "no trend"


def seasons(values: Mapping[int, float], period: int) -> list[list[tuple[int, float]]]:
    """Each season's (index, value) pairs in time order; empty seasons left out."""
    found: dict[int, list[tuple[int, float]]] = {}
    for index in sorted(values):
        found.setdefault(index % period, []).append((index, values[index]))
    return [found[season] for season in sorted(found)]


def mann_kendall_s(values: Sequence[float]) -> int:
    """Mann-Kendall's S: pairs that rise minus pairs that fall, in time order."""
    s = 0
    for i, earlier in enumerate(values):
        for later in values[i + 1 :]:
            s += (later > earlier) - (later < earlier)
    return s


def mann_kendall_variance(values: Sequence[float]) -> float:
    """Var(S) with the correction for ties: ``(n(n-1)(2n+5) - Σ t(t-1)(2t+5)) / 18``."""
    n = len(values)
    ties = sum(t * (t - 1) * (2 * t + 5) for t in Counter(values).values())
    return (n * (n - 1) * (2 * n + 5) - ties) / 18


def two_sided_p(z: float) -> float:
    """The two-sided p-value of a standard normal z: ``erfc(|z| / √2)``."""
    return math.erfc(abs(z) / math.sqrt(2))


def seasonal_mann_kendall(values: Mapping[int, float], period: int) -> MannKendall:
    """Hirsch, Slack and Smith's seasonal test: S and Var(S) summed over the seasons.

    ``z = (S - 1) / √Var`` when S > 0, ``(S + 1) / √Var`` when S < 0, else 0 (and 0 when Var is
    0); the trend is increasing or decreasing when p < :data:`ALPHA`, by the sign of S.
    """
    s, var_s = 0, 0.0
    for season in seasons(values, period):
        series = [value for _, value in season]
        s += mann_kendall_s(series)
        var_s += mann_kendall_variance(series)
    corrected = s - 1 if s > 0 else s + 1  # the continuity correction
    z = 0.0 if s == 0 or var_s <= 0 else corrected / math.sqrt(var_s)
    p = two_sided_p(z)
    trend = "no trend"
    if p < ALPHA:
        trend = "increasing" if s > 0 else "decreasing"
    return MannKendall(s, var_s, z, p, trend)


def seasonal_sen_slope(values: Mapping[int, float], period: int) -> float | None:
    """The median over all pairs of one season of the change per year; None without a pair."""
    slopes = [
        (later - earlier) / ((j - i) // period)
        for season in seasons(values, period)
        for n, (i, earlier) in enumerate(season)
        for j, later in season[n + 1 :]
    ]
    return median(slopes) if slopes else None


def seasonal_differences(values: Mapping[int, float], period: int) -> dict[int, float]:
    """``x[t] - x[t - period]`` for every t that has both values."""
    return {
        index: value - values[index - period]
        for index, value in values.items()
        if index - period in values
    }


def robust_z_scores(differences: Mapping[int, float], indices: Sequence[int]) -> dict[int, float]:
    """The robust z-score ``0.6745 (d - median(D)) / MAD(D)`` of the differences at ``indices``.

    D is all the differences; an index without a difference gets none, and with a MAD of 0
    (more than half of the differences equal) there are none at all.
    """
    if not differences:
        return {}
    centre = median(differences.values())
    mad = median(abs(d - centre) for d in differences.values())
    if mad == 0:
        return {}
    return {
        index: MAD_SCALE * (differences[index] - centre) / mad
        for index in indices
        if index in differences
    }

"""The seasonal Mann-Kendall test and Sen slope against pymannkendall, on synthetic series.

pymannkendall's conventions, and how the comparison follows them:
- ``seasonal_test(x, period)`` and ``seasonal_sens_slope(x, period)`` take one flat array whose
  position ``i`` is season ``i % period``: the series is given from its first period to its last,
  with NaN at the gaps;
- per season it drops the NaNs before S and Var(S), and keeps them (as NaN pairs, left out by
  ``nanmedian``) in the Sen slope, whose pairs are divided by their distance in rows, i.e. in
  years: a slope per season-cycle, the same unit as SPEC section 9's per year;
- its p is ``2 * (1 - norm.cdf(|z|))``, which loses digits far in the tail where ``erfc`` does
  not, so p is compared to an absolute 1e-12.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pymannkendall as mk
import pytest

from socialmaturity.engine.kpi_statistics import (
    mann_kendall_variance,
    robust_z_scores,
    seasonal_differences,
    seasonal_mann_kendall,
    seasonal_sen_slope,
    two_sided_p,
)


def synthetic(
    seed: int,
    *,
    years: int,
    period: int,
    trend: float = 0.0,
    season: float = 0.0,
    noise: float = 1.0,
    spikes: int = 0,
    gaps: float = 0.0,
    rounding: int | None = None,
) -> dict[int, float]:
    """A series starting at index 2020 * period: trend per year, a seasonal wave, noise, spikes,
    gaps (a share of the periods left out) and rounding (which makes ties)."""
    rng = random.Random(seed)
    start = 2020 * period + rng.randrange(period)
    values: dict[int, float] = {}
    for n in range(years * period):
        if gaps and rng.random() < gaps and 0 < n < years * period - 1:
            continue
        x = (
            50
            + trend * n / period
            + season * math.sin(2 * math.pi * ((start + n) % period) / period)
            + rng.gauss(0, noise)
        )
        values[start + n] = x if rounding is None else round(x, rounding)
    for index in rng.sample(sorted(values), spikes):
        values[index] += rng.choice((-1, 1)) * 25 * noise
    return values


def dense(values: dict[int, float]) -> np.ndarray:
    """The series as pymannkendall takes it: first to last period, NaN at the gaps."""
    first, last = min(values), max(values)
    return np.array([values.get(i, np.nan) for i in range(first, last + 1)], dtype=float)


CASES = [
    {"years": 5, "period": 12, "trend": 2.0, "season": 5.0},
    {"years": 3, "period": 12, "trend": 0.0, "season": 8.0},
    {"years": 4, "period": 12, "trend": -1.5, "season": 3.0, "noise": 2.0},
    {"years": 5, "period": 12, "trend": 0.5, "season": 4.0, "spikes": 4},
    {"years": 6, "period": 12, "trend": 0.2, "noise": 1.0, "rounding": 0},  # many ties
    {"years": 5, "period": 12, "trend": 1.0, "season": 6.0, "gaps": 0.25},
    {"years": 5, "period": 52, "trend": 1.0, "season": 6.0, "noise": 1.5},
    {"years": 3, "period": 52, "trend": 0.0, "season": 2.0, "spikes": 3, "gaps": 0.1},
    {"years": 4, "period": 52, "trend": -0.3, "rounding": 0, "gaps": 0.05},
    {"years": 2, "period": 12, "trend": 3.0, "noise": 0.5},
]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(f"{k}{v}" for k, v in c.items()))
def test_seasonal_test_and_slope_match_pymannkendall(case: dict, seed: int) -> None:
    values = synthetic(seed, **case)
    period = case["period"]
    ours = seasonal_mann_kendall(values, period)
    theirs = mk.seasonal_test(dense(values), period=period)
    assert ours.s == theirs.s
    assert ours.var_s == pytest.approx(theirs.var_s, rel=1e-12)
    assert ours.z == pytest.approx(theirs.z, rel=1e-12, abs=1e-15)
    assert ours.p == pytest.approx(theirs.p, abs=1e-12)
    assert ours.trend == theirs.trend
    slope = mk.seasonal_sens_slope(dense(values), period=period).slope
    assert seasonal_sen_slope(values, period) == pytest.approx(slope, rel=1e-12, abs=1e-12)


def test_the_trend_follows_a_clear_slope_and_its_size_per_year() -> None:
    values = {2020 * 12 + n: 10 + 0.25 * n for n in range(36)}  # +3 a year, no noise
    test = seasonal_mann_kendall(values, 12)
    assert test.trend == "increasing" and test.s == 12 * 3  # three rising pairs per month
    assert seasonal_sen_slope(values, 12) == pytest.approx(3.0)
    falling = {i: -v for i, v in values.items()}
    assert seasonal_mann_kendall(falling, 12).trend == "decreasing"


def test_ties_lower_the_variance_by_the_formula() -> None:
    # n = 5 with a group of 3 tied values and one of 2: (5*4*15 - 3*2*11 - 2*1*9) / 18
    assert mann_kendall_variance([1.0, 2.0, 2.0, 2.0, 3.0, 3.0][1:]) == pytest.approx(
        (5 * 4 * 15 - 3 * 2 * 11 - 2 * 1 * 9) / 18
    )
    assert mann_kendall_variance([4.0, 4.0]) == 0


def test_a_series_of_equal_values_has_no_trend() -> None:
    values = {2020 * 12 + n: 7.0 for n in range(30)}
    test = seasonal_mann_kendall(values, 12)
    assert (test.s, test.var_s, test.z, test.p, test.trend) == (0, 0, 0, 1.0, "no trend")
    assert seasonal_sen_slope(values, 12) == 0


def test_one_value_per_season_has_no_pairs() -> None:
    values = {2020 * 12 + n: float(n) for n in range(12)}
    assert seasonal_mann_kendall(values, 12).trend == "no trend"
    assert seasonal_sen_slope(values, 12) is None


def test_the_normal_tail() -> None:
    assert two_sided_p(0) == 1.0
    assert two_sided_p(1.959963984540054) == pytest.approx(0.05, abs=1e-12)
    assert two_sided_p(-1.959963984540054) == pytest.approx(0.05, abs=1e-12)
    assert 0 < two_sided_p(12) < 1e-30  # 1 - cdf would be 0 here


def test_robust_z_scores_by_hand() -> None:
    # differences 1, 2, 3, 4, 100: median 3, deviations 2, 1, 0, 1, 97 -> MAD 1
    differences = {1: 1.0, 2: 2.0, 3: 3.0, 4: 4.0, 5: 100.0}
    z = robust_z_scores(differences, [4, 5, 6])
    assert z == {4: pytest.approx(0.6745), 5: pytest.approx(0.6745 * 97)}
    assert robust_z_scores({1: 2.0, 2: 2.0, 3: 2.0, 4: 9.0}, [4]) == {}  # MAD 0: no spikes
    assert robust_z_scores({}, [1]) == {}


def test_seasonal_differences_skip_gaps() -> None:
    values = {0: 1.0, 1: 5.0, 12: 4.0, 14: 9.0, 24: 10.0}
    assert seasonal_differences(values, 12) == {12: 3.0, 24: 6.0}

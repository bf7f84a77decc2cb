"""Long-haul evidence (SPEC section 9): the KPI file reader and the per-metric analysis.

The figures below are worked out by hand; the statistics themselves are compared with
pymannkendall in test_kpi_statistics.py.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from socialmaturity.engine.kpis import (
    FLAT,
    GAIN,
    LOSS,
    SPIKES_ONLY,
    MetricEvidence,
    Spike,
    analyse_kpis,
    verdict,
)
from socialmaturity.errors import InputError
from socialmaturity.model.kpi_file import KpiFile, kpis_from_text, load_kpis
from socialmaturity.model.questionnaire import Metric

from conftest import write


def csv(*rows: str, header: str = "metric,period,value") -> str:
    return "\n".join([header, *rows]) + "\n"


def months(metric: str, start: tuple[int, int], values: list[float]) -> list[str]:
    year, month = start
    rows = []
    for value in values:
        rows.append(f"{metric},{year}-{month:02d},{value!r}")
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return rows


def analyse(
    text: str,
    metrics: list[Metric] | None = None,
    levels: dict[str, int] | None = None,
) -> tuple[MetricEvidence, ...]:
    return analyse_kpis(kpis_from_text(text, "k.csv").series, metrics or [], levels or {})


def one(text: str, **metric: object) -> MetricEvidence:
    declared = [Metric(id="m", name="M", **metric)] if metric else []  # type: ignore[arg-type]
    return analyse(text, declared)[0]


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        kpis_from_text(text, "k.csv")
    return [str(problem) for problem in caught.value.problems]


# --- the analysis, by hand ----------------------------------------------------------------------


def test_exactly_24_months_is_enough_and_every_figure_by_hand() -> None:
    e = one(csv(*months("m", (2024, 1), [float(n) for n in range(24)])))
    assert (e.history, e.periods, e.first, e.last, e.last_value) == (
        "enough",
        24,
        "2024-01",
        "2025-12",
        23.0,
    )
    assert e.yoy == 12  # every month is 12 above the same month a year before
    assert e.t12m_change == 12  # mean(12..23) - mean(0..11)
    # each month: 2 values rising, S = 1 and Var = 2*1*9/18 = 1; 12 months: S = 12, Var = 12
    z = (12 - 1) / math.sqrt(12)
    assert e.p == pytest.approx(math.erfc(z / math.sqrt(2)))
    assert e.trend == "increasing" and e.sen_slope == 12
    assert e.spikes == ()  # every seasonal difference is 12: MAD 0, no spikes
    assert e.verdict == GAIN


def test_23_months_are_not_enough_and_show_nothing() -> None:
    e = one(csv(*months("m", (2024, 1), [float(n) for n in range(23)])))
    assert e.history == "insufficient" and e.periods == 23
    assert (e.yoy, e.t12m_change, e.trend, e.p, e.sen_slope, e.verdict) == (None,) * 6
    assert e.spikes == ()


def test_history_counts_from_first_to_last_period_gaps_included() -> None:
    rows = months("m", (2024, 1), [1.0]) + months("m", (2025, 12), [2.0])
    e = one(csv(*rows))
    assert (e.history, e.periods) == ("enough", 2)
    assert e.yoy is None and e.t12m_change == 1.0  # no month has the one a year before
    assert e.trend == "no trend" and e.sen_slope is None and e.verdict == FLAT


# A flat series (50 each year, the second year a little off) and the same with a campaign spike
# in June of its last year. The seasonal differences D of the flat one are e, then -e.
WOBBLE = [0.1, -0.1, 0.2, -0.2, 0.1, -0.1, 0.2, -0.2, 0.0, 0.0, 0.1, -0.1]


def wobbly(spike: float = 0.0) -> list[float]:
    second = [50 + w for w in WOBBLE]
    third = [50.0] * 12
    third[5] += spike
    return [50.0] * 12 + second + third


def test_a_campaign_spike_without_a_trend_by_hand() -> None:
    e = one(csv(*months("m", (2024, 1), wobbly(spike=5.0))))
    # Each month's values go 50, 50+w, 50: S = sign(w) + 0 + sign(-w) = 0; June (w = -0.1)
    # goes 50, 49.9, 55: S = 1. In all S = 1, so z = 0 and p = 1.
    assert (e.trend, e.p) == ("no trend", 1.0)
    # D: 24 differences with median 0 and MAD 0.1; June's last difference is 5.1
    assert e.spikes == (Spike("2026-06", 55.0, pytest.approx(0.6745 * 5.1 / 0.1)),)
    assert e.yoy == pytest.approx(0.0, abs=1e-12)  # the median of -w, June 5.1 included
    assert e.t12m_change == pytest.approx(5 / 12)  # the wobble sums to 0
    assert e.verdict == SPIKES_ONLY


def test_the_same_series_without_the_spike_is_flat() -> None:
    e = one(csv(*months("m", (2024, 1), wobbly())))
    assert (e.trend, e.spikes, e.verdict) == ("no trend", (), FLAT)


def test_spikes_are_looked_for_in_the_last_year_only() -> None:
    values = wobbly()
    values[12 + 5] += 5  # a spike in June of the second year: its difference stands out...
    e = one(csv(*months("m", (2024, 1), values)))
    # ... and so does the third June's, which falls back by as much: that one is reported
    assert [s.period for s in e.spikes] == ["2026-06"] and e.spikes[0].z < 0


def test_direction_down_turns_a_rise_into_a_loss() -> None:
    rising = csv(*months("m", (2024, 1), [float(n) for n in range(24)]))
    assert one(rising, direction="down").verdict == LOSS
    falling = csv(*months("m", (2024, 1), [float(-n) for n in range(24)]))
    assert one(falling).verdict == LOSS
    assert one(falling, direction="down").verdict == GAIN


@pytest.mark.parametrize(
    ("trend", "yoy", "spikes", "direction", "expected"),
    [
        ("increasing", 1.0, (), "up", GAIN),
        ("increasing", -1.0, (), "up", FLAT),  # the trend and the last year disagree
        ("increasing", None, (), "up", FLAT),
        ("increasing", 0.0, (), "up", FLAT),
        ("decreasing", -1.0, (), "up", LOSS),
        ("decreasing", -1.0, (), "down", GAIN),
        ("increasing", 1.0, (Spike("2026-01", 1, 9),), "up", GAIN),
        ("no trend", 1.0, (Spike("2026-01", 1, 9),), "up", SPIKES_ONLY),
        ("no trend", 1.0, (), "up", FLAT),
        ("increasing", -1.0, (Spike("2026-01", 1, 9),), "up", FLAT),
    ],
)
def test_verdicts(
    trend: str, yoy: float | None, spikes: tuple[Spike, ...], direction: str, expected: str
) -> None:
    assert verdict(trend, yoy, spikes, direction) == expected


def test_104_weeks_are_enough_and_week_53_is_dropped_and_not_counted() -> None:
    # 2020 has an ISO week 53: 2020-W01 .. 2021-W52 are 105 weeks, 104 once W53 is dropped
    rows = [f"m,2020-W{w:02d},{w}" for w in range(1, 54)]
    rows += [f"m,2021-W{w:02d},{w + 1}" for w in range(1, 53)]
    e = one(csv(*rows))
    assert (e.history, e.periods, e.first, e.last) == ("enough", 104, "2020-W01", "2021-W52")
    assert e.yoy == 1 and e.sen_slope == 1 and e.trend == "increasing"
    assert "2020-W53" not in [period for period, _, _ in e.points]
    # from W02 there are 104 ISO weeks but only 103 once W53 is left out: not enough
    assert one(csv(*rows[1:])).history == "insufficient"


def test_days_are_averaged_into_months() -> None:
    e = one(csv("m,2024-01-01,10", "m,2024-01-31,20", "m,2024-02-10,7"))
    assert e.points == (("2024-01", 0, 15.0), ("2024-02", 1, 7.0))
    assert (e.first, e.last, e.periods) == ("2024-01", "2024-02", 2)


def test_declared_metrics_come_first_and_absent_ones_have_an_entry_and_claims() -> None:
    text = csv("Share-of voice,2026-01,3", "other thing,2026-01,1", "share_of_voice,2026-02,4")
    metrics = [
        Metric(id="sentiment", name="Net sentiment", evidences=["q1"], claimed_at=3),
        Metric(
            id="share_of_voice",
            name="Share of voice",
            unit="%",
            evidences=["q2", "q3"],
            claimed_at=4,
        ),
    ]
    found = analyse(text, metrics, {"q1": 3, "q2": 4, "q3": 2})
    assert [e.metric for e in found] == ["sentiment", "share_of_voice", "other thing"]
    absent, short, other = found
    assert (absent.periods, absent.first, absent.last, absent.last_value) == (0, None, None, None)
    assert absent.history == "insufficient" and absent.claims == ("q1",)
    assert (short.name, short.unit, short.periods, short.claims) == (
        "Share of voice",
        "%",
        2,
        ("q2",),
    )
    assert (other.name, other.unit, other.direction, other.claims) == (
        "other thing",
        None,
        "up",
        (),
    )


def test_a_metric_with_enough_history_claims_nothing() -> None:
    text = csv(*months("sentiment", (2024, 1), [float(n) for n in range(24)]))
    metric = Metric(id="sentiment", name="S", evidences=["q1"], claimed_at=3)
    assert analyse(text, [metric], {"q1": 5})[0].claims == ()


def test_the_unit_is_the_declared_one_else_the_first_non_empty_cell() -> None:
    text = csv(
        "a,2024-01,1,", "a,2024-02,1,people", "a,2024-03,1,eur", header="metric,period,value,unit"
    )
    assert analyse(text)[0].unit == "people"
    assert analyse(text, [Metric(id="a", name="A", unit="%")])[0].unit == "%"


# --- the file -----------------------------------------------------------------------------------


def test_columns_in_any_order_others_ignored_semicolons_and_a_byte_order_mark(
    tmp_path: Path,
) -> None:
    path = tmp_path / "k.csv"
    path.write_bytes(
        "\ufeffsource;Value;note;PERIOD;metric\nGA;1.5;x;2024-01;a\n\nGA;-2e1;;2024-02;a\n".encode()
    )
    kpis = load_kpis(path)
    assert isinstance(kpis, KpiFile) and kpis.path == str(path)
    assert [(s.metric, dict(s.values)) for s in kpis.series] == [
        ("a", {2024 * 12: 1.5, 2024 * 12 + 1: -20.0})
    ]


def test_every_bad_row_is_located_at_its_cell() -> None:
    found = problems(
        csv(
            "a,2024-13,1",  # line 2
            "a,2024-02,1.000,5",  # extra cells are ignored
            "a,2024-03,12%",  # line 4
            "a,2024-04,nan",
            "a,2024-05,inf",
            "a,2024-06,",
            ",2024-07,1",
            "a,2021-W53,1",  # 2021 has no week 53
            "a,2024-02-30,1",
            "a,2024-2,1",
        )
    )
    assert found == [
        "k.csv:2:2: error: cannot read '2024-13' as a period: write a month YYYY-MM, an ISO "
        "week YYYY-Www or a day YYYY-MM-DD",
        "k.csv:4:3: error: cannot read '12%' as a number: a value is a finite number written "
        "with a '.' for decimals (no thousands separators, units or %)",
        *[found[2]],
        *[found[3]],
        "k.csv:7:3: error: cannot read an empty value as a number: a value is a finite number "
        "written with a '.' for decimals (no thousands separators, units or %)",
        "k.csv:8:1: error: the metric is empty",
        *found[6:],
    ]
    assert [f.split(": error")[0] for f in found] == [
        "k.csv:2:2",
        "k.csv:4:3",
        "k.csv:5:3",
        "k.csv:6:3",
        "k.csv:7:3",
        "k.csv:8:1",
        "k.csv:9:2",
        "k.csv:10:2",
        "k.csv:11:2",
    ]


def test_a_duplicate_is_the_later_row_at_its_period_whatever_the_spelling() -> None:
    found = problems(csv("Net sentiment,2024-01,1", "x,2024-01,1", "net_SENTIMENT,2024-01,2"))
    assert found == [
        "k.csv:4:2: error: a second value for metric 'net_SENTIMENT' in 2024-01 (also row 2)"
    ]
    assert problems(csv("a,2024-01-05,1", "a,2024-01-05,2"))[0].startswith("k.csv:3:2: error")


def test_a_metric_mixing_kinds_is_the_later_row_at_its_period() -> None:
    found = problems(csv("a,2024-01,1", "b,2024-W01,1", "a,2024-02-01,1", "a,2024-W02,1"))
    assert found == [
        "k.csv:4:2: error: metric 'a' mixes kinds of period: months from row 2, a day here; "
        "one metric uses one kind",
        "k.csv:5:2: error: metric 'a' mixes kinds of period: months from row 2, a week here; "
        "one metric uses one kind",
    ]


def test_rows_are_counted_as_lines_where_a_quoted_cell_spans_several() -> None:
    text = 'metric,period,value,note\na,2024-01,1,"two\nlines"\na,2024-02,x,\n'
    assert problems(text) == [
        "k.csv:4:3: error: cannot read 'x' as a number: a value is a finite number written "
        "with a '.' for decimals (no thousands separators, units or %)"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "k.csv:1:1: error: the file is empty"),
        ("metric,period\na,2024-01\n", "k.csv:1:1: error: the header has no 'value' column"),
        ("metric,value,Value,period\n", "k.csv:1:3: error: the header names 'value' twice"),
    ],
)
def test_a_bad_header(text: str, expected: str) -> None:
    assert problems(text)[0].startswith(expected)


def test_a_header_alone_has_no_series() -> None:
    assert kpis_from_text("metric,period,value\n", "k.csv").series == ()


def test_an_unreadable_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"k\.csv"):
        load_kpis(tmp_path / "k.csv")
    bad = write(tmp_path / "bad.csv", "metric,period,value\n")
    bad.write_bytes(b"metric,period,value\na,2024-01,\xff\n")
    with pytest.raises(InputError, match="not valid UTF-8"):
        load_kpis(bad)


@pytest.mark.parametrize("period", ["0000-W53", "0000-W01", "0000-01", "0000-01-01"])
def test_year_zero_is_no_period_in_any_kind(period: str) -> None:
    """No year 0 in the calendar: a day said so; week 53 of year 0 was an internal error."""
    found = problems(csv(f"a,{period},1", "a,2024-01,1"))
    assert found[0].startswith(f"k.csv:2:2: error: cannot read '{period}' as a period")

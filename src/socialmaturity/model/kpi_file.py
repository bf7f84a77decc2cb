"""The client's KPI series: the long CSV of ``report --kpis`` (SPEC section 9), read at one seam.

One row per metric and period: ``metric``, ``period`` and ``value`` columns in any order
(``unit`` optional; ``source``, ``note`` and any other column are ignored), separated by ``,``
or ``;``. A period is a month ``YYYY-MM``, an ISO week ``YYYY-Www`` or a day ``YYYY-MM-DD``; one
metric uses one kind. Days are averaged into months and ISO week 53 is dropped here, so the
engine sees each metric as values on a regular calendar: months numbered ``year * 12 + month -
1`` and weeks ``year * 52 + week - 1``, one season per month or week of the year.

Every bad row is reported, each at ``FILE:ROW:COLUMN`` (ROW: the line its record starts on, the
header being line 1; COLUMN: the 1-based column number), and nothing is analysed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from socialmaturity.errors import InputError, Location, Problem, input_errors

Kind = Literal["month", "week"]

#: Seasons in a year: calendar months, or ISO weeks 1 to 52 (week 53 is dropped).
SEASONS: Mapping[Kind, int] = {"month": 12, "week": 52}
REQUIRED = ("metric", "period", "value")

_MONTH = re.compile(r"(\d{4})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
#: A plain decimal number: a ``.`` for decimals, no thousands separators, units or ``%``.
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


@dataclass(frozen=True)
class KpiSeries:
    """One metric's values, by period index, in period order."""

    #: The metric's name as first written in the file.
    metric: str
    #: The name as it is matched (:func:`metric_key`).
    key: str
    kind: Kind
    values: Mapping[int, float]
    #: The first non-empty ``unit`` cell of the metric, if any.
    unit: str | None = None


@dataclass(frozen=True)
class KpiFile:
    """A KPI file's series, in the order their metrics first appear."""

    path: str
    series: tuple[KpiSeries, ...]


def metric_key(name: str) -> str:
    """A metric's name as it is matched: ignoring case, with ``-``, ``_`` and spaces the same."""
    return name.strip().casefold().replace("-", "_").replace(" ", "_")


def period_label(index: int, kind: Kind) -> str:
    """A period index written back as the file writes it: ``2026-03`` or ``2026-W09``."""
    year, season = divmod(index, SEASONS[kind])
    return f"{year:04d}-{season + 1:02d}" if kind == "month" else f"{year:04d}-W{season + 1:02d}"


def load_kpis(path: str | Path) -> KpiFile:
    """Read and check a KPI file; every bad row is a located error."""
    from socialmaturity.model.reading import read_text

    return kpis_from_text(read_text(path), str(path))


@dataclass
class _Metric:
    """A metric while its rows are read."""

    name: str
    kind: str  # "month", "week" or "day", as written
    kind_row: int
    unit: str | None
    seen: dict[str, int]  # period as written (normalized) -> row
    values: dict[int, list[float]]


def kpis_from_text(text: str, path: str) -> KpiFile:
    """The series of a KPI file's text; ``path`` names it in errors."""
    import csv
    import io

    lines = text.splitlines(keepends=True)
    first = lines[0] if lines else ""
    delimiter = ";" if ";" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        header = next(reader, None)
        columns = _columns(header, path)
        metrics: dict[str, _Metric] = {}
        problems: list[Problem] = []
        start = reader.line_num + 1
        for record in reader:
            if any(cell.strip() for cell in record):
                problems += _read_row(record, start, columns, metrics, path)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"not a readable CSV file: {exc}", Location(path, start)) from None
    if problems:
        raise input_errors(problems)
    return KpiFile(path, tuple(_series(metric) for metric in metrics.values()))


def _columns(header: list[str] | None, path: str) -> dict[str, int]:
    """The column of each name the header gives (lower case); the required ones must be there."""
    if header is None:
        raise InputError(
            "the file is empty: a KPI file starts with a header naming metric, period and value",
            Location(path, 1, 1),
        )
    columns: dict[str, int] = {}
    for number, cell in enumerate(header):
        name = cell.strip().casefold()
        if name in columns and name in (*REQUIRED, "unit"):
            raise InputError(
                f"the header names '{name}' twice (also column {columns[name] + 1})",
                Location(path, 1, number + 1),
            )
        columns.setdefault(name, number)
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise InputError(
            f"the header has no {', '.join(repr(m) for m in missing)} column: a KPI file's "
            "header names at least metric, period and value (any order)",
            Location(path, 1, 1),
        )
    return columns


def _read_row(
    record: list[str],
    row: int,
    columns: dict[str, int],
    metrics: dict[str, _Metric],
    path: str,
) -> Iterator[Problem]:
    """Check one record and add its value to its metric; yields its problems."""

    def cell(name: str) -> str:
        at = columns.get(name)
        return record[at].strip() if at is not None and at < len(record) else ""

    def where(name: str) -> Location:
        return Location(path, row, columns[name] + 1)

    name, period_text, value_text = cell("metric"), cell("period"), cell("value")
    bad = False
    if not name:
        yield Problem("the metric is empty", where("metric"))
        bad = True
    period = _period(period_text)
    if period is None:
        shown = f"'{period_text}'" if period_text else "an empty period"
        yield Problem(
            f"cannot read {shown} as a period: write a month YYYY-MM, an ISO week YYYY-Www "
            "or a day YYYY-MM-DD",
            where("period"),
        )
        bad = True
    value = _number(value_text)
    if value is None:
        shown = f"'{value_text}'" if value_text else "an empty value"
        yield Problem(
            f"cannot read {shown} as a number: a value is a finite number written with a '.' "
            "for decimals (no thousands separators, units or %)",
            where("value"),
        )
        bad = True
    if bad or period is None or value is None:
        return
    kind, index, written = period
    key = metric_key(name)
    metric = metrics.get(key)
    if metric is None:
        metric = metrics[key] = _Metric(name, kind, row, None, {}, {})
    if metric.kind != kind:
        yield Problem(
            f"metric '{name}' mixes kinds of period: {_kinds[metric.kind]} from row "
            f"{metric.kind_row}, a {_kinds[kind][:-1]} here; one metric uses one kind",
            where("period"),
        )
        return
    if written in metric.seen:
        yield Problem(
            f"a second value for metric '{name}' in {written} (also row {metric.seen[written]})",
            where("period"),
        )
        return
    metric.seen[written] = row
    if metric.unit is None and cell("unit"):
        metric.unit = cell("unit")
    if index is not None:
        metric.values.setdefault(index, []).append(value)


_kinds = {"month": "months", "week": "weeks", "day": "days"}


def _period(text: str) -> tuple[str, int | None, str] | None:
    """(kind, index, the period normalized) of a period; index None for a dropped week 53.

    A day's index is its month's: days are averaged into months.
    """
    if found := _MONTH.fullmatch(text):
        year, month = int(found[1]), int(found[2])
        if 1 <= month <= 12:
            return "month", year * 12 + month - 1, text
        return None
    if found := _WEEK.fullmatch(text):
        year, week = int(found[1]), int(found[2])
        try:
            dt.date.fromisocalendar(year, week, 1)
        except ValueError:
            return None
        return "week", (year * 52 + week - 1) if week <= 52 else None, text
    if found := _DAY.fullmatch(text):
        try:
            day = dt.date(int(found[1]), int(found[2]), int(found[3]))
        except ValueError:
            return None
        return "day", day.year * 12 + day.month - 1, text
    return None


def _number(text: str) -> float | None:
    """A finite number, or None."""
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if value not in (float("inf"), float("-inf")) else None


def _series(metric: _Metric) -> KpiSeries:
    kind: Kind = "week" if metric.kind == "week" else "month"
    values = {index: math.fsum(days) / len(days) for index, days in sorted(metric.values.items())}
    return KpiSeries(metric.name, metric_key(metric.name), kind, values, metric.unit)

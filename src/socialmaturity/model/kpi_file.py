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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from socialmaturity.errors import InputError, Location, Problem, input_errors
from socialmaturity.model.metric_rules import metric_key

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


@lru_cache(maxsize=8192)  # the same periods come back for every metric of a file
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
    seen: dict[str, int]  # period as written -> row
    values: dict[int, list[float]]


def kpis_from_text(text: str, path: str) -> KpiFile:
    """The series of a KPI file's text; ``path`` names it in errors."""
    from socialmaturity.model.survey_csv import csv_records

    first = text[: text.find("\n")] if "\n" in text else text
    delimiter = ";" if ";" in first and "," not in first else ","
    records = csv_records(path, text, delimiter)
    header = next(records, None)
    rows = _Rows(path, _columns(None if header is None else list(header.cells), path))
    for record in records:
        if any(cell.strip() for cell in record.cells):
            rows.read(record.cells, record.line)
    if rows.problems:
        raise input_errors(rows.problems)
    return KpiFile(path, tuple(_series(key, metric) for key, metric in rows.metrics.items()))


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


class _Rows:
    """The records of a file, read one by one into their metrics; the problems found."""

    def __init__(self, path: str, columns: dict[str, int]) -> None:
        self.path = path
        self.metric, self.period, self.value = (columns[name] for name in REQUIRED)
        self.unit = columns.get("unit")
        self.metrics: dict[str, _Metric] = {}
        self.keys: dict[str, str] = {}  # name as written -> metric_key
        self.problems: list[Problem] = []

    def _problem(self, message: str, row: int, column: int) -> None:
        self.problems.append(Problem(message, Location(self.path, row, column + 1)))

    def read(self, record: Sequence[str], row: int) -> None:
        """Check one record and add its value to its metric."""
        width = len(record)
        name = record[self.metric].strip() if self.metric < width else ""
        period_text = record[self.period].strip() if self.period < width else ""
        value_text = record[self.value].strip() if self.value < width else ""
        if not name:
            self._problem("the metric is empty", row, self.metric)
        period = _period(period_text)
        if period is None:
            shown = f"'{period_text}'" if period_text else "an empty period"
            self._problem(
                f"cannot read {shown} as a period: write a month YYYY-MM, an ISO week YYYY-Www "
                "or a day YYYY-MM-DD",
                row,
                self.period,
            )
        value = _number(value_text)
        if value is None:
            shown = f"'{value_text}'" if value_text else "an empty value"
            self._problem(
                f"cannot read {shown} as a number: a value is a finite number written with a "
                "'.' for decimals (no thousands separators, units or %)",
                row,
                self.value,
            )
        if not name or period is None or value is None:
            return
        kind, index = period
        key = self.keys.get(name)
        if key is None:
            key = self.keys[name] = metric_key(name)
        metric = self.metrics.get(key)
        if metric is None:
            metric = self.metrics[key] = _Metric(name, kind, row, None, {}, {})
        if metric.kind != kind:
            self._problem(
                f"metric '{name}' mixes kinds of period: {_kinds[metric.kind]} from row "
                f"{metric.kind_row}, a {_kinds[kind][:-1]} here; one metric uses one kind",
                row,
                self.period,
            )
            return
        if period_text in metric.seen:
            self._problem(
                f"a second value for metric '{name}' in {period_text} (also row "
                f"{metric.seen[period_text]})",
                row,
                self.period,
            )
            return
        metric.seen[period_text] = row
        if metric.unit is None and self.unit is not None and self.unit < width:
            metric.unit = record[self.unit].strip() or None
        if index is not None:
            metric.values.setdefault(index, []).append(value)


_kinds = {"month": "months", "week": "weeks", "day": "days"}


def _period(text: str) -> tuple[str, int | None] | None:
    """(kind, index) of a period; index None for a dropped week 53.

    A day's index is its month's: days are averaged into months.
    """
    if found := _MONTH.fullmatch(text):
        year, month = int(found[1]), int(found[2])
        if year >= 1 and 1 <= month <= 12:  # no year 0, as for a day
            return "month", year * 12 + month - 1
        return None
    if found := _WEEK.fullmatch(text):
        year, week = int(found[1]), int(found[2])
        if year < 1:
            return None
        if 1 <= week <= 52:
            return "week", year * 52 + week - 1
        if week == 53 and dt.date(year, 12, 28).isocalendar()[1] == 53:  # a long ISO year
            return "week", None
        return None
    if found := _DAY.fullmatch(text):
        try:
            day = dt.date(int(found[1]), int(found[2]), int(found[3]))
        except ValueError:
            return None
        return "day", day.year * 12 + day.month - 1
    return None


def _number(text: str) -> float | None:
    """A finite number, or None."""
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if value not in (float("inf"), float("-inf")) else None


def _series(key: str, metric: _Metric) -> KpiSeries:
    kind: Kind = "week" if metric.kind == "week" else "month"
    values = {index: math.fsum(days) / len(days) for index, days in sorted(metric.values.items())}
    return KpiSeries(metric.name, key, kind, values, metric.unit)

"""Maturity over the years: each organization's assessments in date order, with their changes.

Responses are grouped by questionnaire and organization; those of one date are combined as one
assessment (:mod:`socialmaturity.engine.organization`). Each assessment carries its change since the
previous one and since about a year before (the nearest assessment 10 to 14 months earlier).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from socialmaturity.engine.organization import Combined, combine, group_key
from socialmaturity.engine.scoring import Result, score_change

#: "About a year before": between these many months earlier, the one nearest 12 months.
YEAR_WINDOW = (10.0, 14.0)
DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class Trend:
    """One organization's assessments of one questionnaire, oldest first."""

    organization: str
    assessments: tuple[Combined, ...]


def trends(results: Iterable[Result]) -> list[Trend]:
    """Group dated results into trends, each assessment combining its date's respondents."""
    by_organization: dict[tuple[str, str], dict[str, list[Result]]] = {}
    for result in results:
        questionnaire_id, organization, date = group_key(result)
        by_organization.setdefault((questionnaire_id, organization), {}).setdefault(
            date, []
        ).append(result)
    found = []
    for by_date in by_organization.values():
        assessments = tuple(combine(by_date[date]) for date in sorted(by_date))
        found.append(Trend(assessments[0].organization, assessments))
    return found


def _months_between(earlier: str, later: str) -> float:
    days = (dt.date.fromisoformat(later) - dt.date.fromisoformat(earlier)).days
    return days / DAYS_PER_MONTH


def year_before(assessments: tuple[Combined, ...], index: int) -> Combined | None:
    """The assessment nearest 12 months before ``index``, within 10 to 14 months; or None."""
    current = assessments[index].date
    if current is None:
        return None
    low, high = YEAR_WINDOW
    candidates = [
        (abs(months - 12.0), a)
        for a in assessments[:index]
        if a.date is not None and low <= (months := _months_between(a.date, current)) <= high
    ]
    return min(candidates, key=lambda pair: pair[0])[1] if candidates else None


def changes(now: Combined, before: Combined | None) -> dict[str, float | None] | None:
    """Score changes in points: overall and per dimension id; None without an earlier one."""
    if before is None:
        return None
    found: dict[str, float | None] = {"overall": score_change(now.score, before.score)}
    for mine, theirs in zip(now.dimensions, before.dimensions, strict=True):
        found[mine.id] = score_change(mine.score, theirs.score)
    return found

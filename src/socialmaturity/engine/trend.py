"""Maturity over the years: each organization's assessments in date order, with their changes.

Responses are grouped by questionnaire and organization; those of one date are combined as one
assessment (:mod:`socialmaturity.engine.organization`). Each assessment carries its change since the
previous one and since about a year before (the nearest assessment 10 to 14 months earlier).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from socialmaturity.engine.organization import (
    DEFAULT_WINDOW,
    Combined,
    combine_members,
    respondent_rounds,
)
from socialmaturity.engine.respondents import Respondent
from socialmaturity.engine.scoring import score_change
from socialmaturity.i18n import _

#: "About a year before": between these many months earlier, the one nearest 12 months.
YEAR_WINDOW = (10.0, 14.0)
DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class Trend:
    """One organization's assessments of one questionnaire, oldest first."""

    organization: str
    assessments: tuple[Combined, ...]


def trends(respondents: Iterable[Respondent], window: int = DEFAULT_WINDOW) -> Iterator[Trend]:
    """Group dated respondents into trends, each assessment combining one round's respondents.

    One organization's trend at a time, organizations in the order they first appear: a batch's
    trends need not all be held at once.
    """
    assessments: list[Combined] = []
    key: tuple[str, str] | None = None
    for group in respondent_rounds(respondents, window):  # an organization's rounds together
        if group[0].key != key and assessments:
            yield _trend(assessments)
            assessments = []
        key = group[0].key
        assessments.append(combine_members(group))
    if assessments:
        yield _trend(assessments)


def _trend(assessments: list[Combined]) -> Trend:
    """One organization's trend: its assessments as :func:`respondent_rounds` yields them.

    That is oldest first: rounds come by their earliest date, which is each assessment's date.
    """
    return Trend(assessments[0].organization, tuple(assessments))


def comparison_notes(now: Combined, before: Combined | None) -> list[str]:
    """What makes a change between two assessments more than the company's own doing."""
    if before is None:
        return []
    notes = []
    if now.people != before.people:
        notes.append(_("different people answered"))
    if now.versions != before.versions:
        earlier = ", ".join(sorted(before.versions))
        later = ", ".join(sorted(now.versions))
        notes.append(
            _("the model changed between them ({earlier} to {later})").format(
                earlier=earlier, later=later
            )
        )
    return notes


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

"""Maturity over the years: each organization's assessments in date order, with their changes.

Responses are grouped by questionnaire and organization; those of one date are combined as one
assessment (:mod:`socialmaturity.engine.organization`). Each assessment carries its change since the
previous one and since one year before (the nearest assessment 10 to 14 calendar months earlier).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction

from socialmaturity.engine.organization import (
    DEFAULT_WINDOW,
    Combined,
    combine_members,
    respondent_rounds,
)
from socialmaturity.engine.respondents import Respondent
from socialmaturity.engine.scoring import score_change
from socialmaturity.i18n import _

#: "One year before": from this many calendar months earlier to this many (inclusive), the one
#: nearest 12 months earlier (SPEC section 5).
YEAR_WINDOW = (14, 10)


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


def comparison_notes(
    now: Combined, before: Combined | None, gettext: Callable[[str], str] = _
) -> list[str]:
    """What makes a change between two assessments more than the company's own doing.

    In the language in use, or in the one ``gettext`` writes: warnings are English.
    """
    if before is None:
        return []
    notes = []
    if _people_differ(now, before):
        notes.append(gettext("different people answered"))
    if now.versions != before.versions:
        earlier = ", ".join(sorted(before.versions))
        later = ", ".join(sorted(now.versions))
        notes.append(
            gettext("the model changed between them ({earlier} to {later})").format(
                earlier=earlier, later=later
            )
        )
    return notes


def _people_differ(now: Combined, before: Combined) -> bool:
    """Whether others answered, as far as the files tell.

    Named on both sides, by their names (the same people answering twice in a round are still
    the same people); else by how many answered; else, as many and a role for each on both
    sides, by their roles. A response that names nobody could otherwise be anyone.
    """
    if now.people is not None and before.people is not None:
        return now.people != before.people
    if len(now.members) != len(before.members):
        return True
    return now.roles is not None and before.roles is not None and now.roles != before.roles


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` calendar months before ``day``.

    In a month too short for it, the month's last day: 10 months before 31 October is
    31 December, 12 months before 29 February is 28 February.
    """
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def months_between(earlier: dt.date, later: dt.date) -> Fraction:
    """How many calendar months ``earlier`` lies before ``later``, exactly.

    The whole months counted back by :func:`months_before`, then the part of the next month
    back as a share of its days: 15 March is 13 months before 15 April a year on, 15 May 11,
    and 30 March 12 and 16/31 months before 15 April a year on.
    """
    whole = max((later.year - earlier.year) * 12 + later.month - earlier.month, 0)
    while whole > 0 and months_before(later, whole) < earlier:
        whole -= 1
    while months_before(later, whole + 1) >= earlier:
        whole += 1
    start, end = months_before(later, whole), months_before(later, whole + 1)
    return whole + Fraction((start - earlier).days, (start - end).days)


def year_before(assessments: tuple[Combined, ...], index: int) -> Combined | None:
    """The assessment one year before ``index``, or None (SPEC section 5).

    Among those dated from 14 to 10 calendar months before it (inclusive, same day of the
    month), the one nearest to 12 months before, in calendar months (:func:`months_between`);
    the older on a tie, so of two exactly 11 and 13 months before, the one 13 months before.
    """
    current = assessments[index].date
    if current is None:
        return None
    now = dt.date.fromisoformat(current)
    earliest, latest = (months_before(now, months) for months in YEAR_WINDOW)
    candidates = []
    for assessment in assessments[:index]:  # oldest first: min keeps the older on a tie
        if assessment.date is not None:
            when = dt.date.fromisoformat(assessment.date)
            if earliest <= when <= latest:
                candidates.append((abs(months_between(when, now) - 12), assessment))
    return min(candidates, key=lambda pair: pair[0])[1] if candidates else None


def changes(now: Combined, before: Combined | None) -> dict[str, float | None] | None:
    """Score changes in points: overall and per dimension id; None without an earlier one."""
    if before is None:
        return None
    found: dict[str, float | None] = {"overall": score_change(now.score, before.score)}
    for mine, theirs in zip(now.dimensions, before.dimensions, strict=True):
        found[mine.id] = score_change(mine.score, theirs.score)
    return found

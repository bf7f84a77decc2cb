"""Several respondents of one organization combined into one assessment (SPEC section 5).

Responses with the same questionnaire id and organization (trimmed, case-insensitive) that belong
to the same *round* form one assessment: a round is named in the responses (``round:``), or,
for unnamed ones, made of the dates within a window (31 days by default) of its earliest date.
Dimension scores are the mean of the respondents' scores, a cap holds when it holds for at least
half of them (the lower median), and the questions where respondents' answers lie far apart are
the disagreements to resolve with the client. Pure functions, like scoring.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from socialmaturity.engine.scoring import Result, level_for, overall_of
from socialmaturity.model.questionnaire import Dimension, Questionnaire

#: Values a median is taken of: answers' norms (floats) or levels and caps (whole numbers).
Ordered = TypeVar("Ordered", int, float)

#: Two respondents disagree on a question when their norms are this far apart or more.
DISAGREEMENT = 0.5
#: Unnamed responses join a round when dated at most this many days after its earliest date.
DEFAULT_WINDOW = 31


def organization_key(result: Result) -> tuple[str, str]:
    """Whose assessment a response is part of: questionnaire id, organization (folded)."""
    response = result.response
    organization = response.organization.strip().casefold() if response else ""
    return (result.questionnaire.id, organization)


def round_name(result: Result) -> str | None:
    """The round a response names, trimmed; None when it names none."""
    response = result.response
    name = response.round.strip() if response and response.round else ""
    return name or None


def rounds(results: Iterable[Result], window: int = DEFAULT_WINDOW) -> list[tuple[Result, ...]]:
    """The organization assessments among ``results``, each a tuple of its respondents.

    Named rounds group by name (case-insensitive); unnamed, dated responses group by date: in
    date order, each joins the current round when at most ``window`` days after that round's
    earliest date, else starts a new one; undated unnamed responses form one round. Named and
    unnamed responses never share a round. Assessments come per organization in order of first
    appearance, each organization's in order of their earliest date (undated last).
    """
    by_organization: dict[tuple[str, str], list[Result]] = {}
    for result in results:
        by_organization.setdefault(organization_key(result), []).append(result)
    found: list[tuple[Result, ...]] = []
    for members in by_organization.values():
        named: dict[str, list[Result]] = {}
        dated: list[Result] = []
        undated: list[Result] = []
        for result in members:
            name = round_name(result)
            if name is not None:
                named.setdefault(name.casefold(), []).append(result)
            elif result.response is not None and result.response.date:
                dated.append(result)
            else:
                undated.append(result)
        groups = [tuple(group) for group in named.values()]
        groups += _by_date(dated, window)
        if undated:
            groups.append(tuple(undated))
        groups.sort(key=lambda group: (earliest(group) is None, earliest(group) or ""))
        found += groups
    return found


def _by_date(dated: list[Result], window: int) -> list[tuple[Result, ...]]:
    ordered = sorted(dated, key=lambda r: (r.response.date or "") if r.response else "")
    groups: list[list[Result]] = []
    start: dt.date | None = None
    for result in ordered:
        day = dt.date.fromisoformat(
            result.response.date if result.response and result.response.date else ""
        )
        if start is None or (day - start).days > window:
            groups.append([])
            start = day
        groups[-1].append(result)
    return [tuple(group) for group in groups]


def earliest(respondents: Iterable[Result]) -> str | None:
    """The earliest date among responses (ISO dates sort as text), or None."""
    dates = [r.response.date for r in respondents if r.response and r.response.date]
    return min(dates) if dates else None


def label_of(result: Result) -> str:
    """How a respondent is named in disagreements: their name, else their file."""
    response = result.response
    if response is None:
        return ""
    return response.respondent or response.path


@dataclass(frozen=True)
class CombinedDimension:
    """One dimension across respondents."""

    dimension: Dimension
    score: float | None
    level: int | None
    cap: int | None
    spread: float | None
    answered: int

    @property
    def id(self) -> str:
        """The dimension's id (so overall_of can treat it like a DimensionResult)."""
        return self.dimension.id


@dataclass(frozen=True)
class Disagreement:
    """A question whose answers are far apart, with each respondent's answer."""

    question: str
    dimension: str
    answers: dict[str, object]
    spread: float = 0.0  # highest minus lowest norm


@dataclass(frozen=True)
class Combined:
    """An organization assessment: respondents of one organization on one date."""

    questionnaire: Questionnaire
    organization: str
    date: str | None  # the earliest of ``dates``
    respondents: tuple[Result, ...]
    dimensions: tuple[CombinedDimension, ...]
    score: float | None
    level: int | None
    disagreements: tuple[Disagreement, ...]
    round: str | None = None
    dates: tuple[str, ...] = ()

    @property
    def people(self) -> frozenset[str]:
        """Who answered, as names folded for comparison (the file where a name is missing)."""
        return frozenset(label_of(r).strip().casefold() for r in self.respondents)

    @property
    def versions(self) -> frozenset[str]:
        """The questionnaire versions the responses were answered on (as they say)."""
        return frozenset(
            r.response.questionnaire_version or r.questionnaire.version
            for r in self.respondents
            if r.response is not None
        )

    @property
    def files(self) -> list[str]:
        """The response files combined, in input order."""
        return [r.response.path for r in self.respondents if r.response]


def lower_median(values: Iterable[Ordered]) -> Ordered:
    """The middle value, or the lower of the two middle ones: always a value that was given."""
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def median_answer(given: Sequence[tuple[Ordered, str]]) -> tuple[Ordered, tuple[str, ...]]:
    """The lower median of answers given as (value, label), and the labels given at it, once."""
    median = lower_median(value for value, _ in given)
    return median, tuple(dict.fromkeys(label for value, label in given if value == median))


def anonymous_labels(
    results: Sequence[Result], positions: Sequence[int] | None = None
) -> list[str]:
    """Respondents by role, never by name (``--anonymous``, SPEC section 4).

    A role held by one respondent names them; a file without a role is ``Respondent N``, N its
    position among the files (``positions``, else its place in ``results``); a role held by
    several is told apart by that position too.
    """
    roles = [((r.response.role or "").strip() if r.response else "") for r in results]
    counts = Counter(role.casefold() for role in roles if role)
    labels = []
    for n, role in zip(positions or range(1, len(roles) + 1), roles, strict=True):
        if not role:
            labels.append(f"Respondent {n}")
        elif counts[role.casefold()] > 1:
            labels.append(f"{role} (respondent {n})")
        else:
            labels.append(role)
    return labels


def anonymized(results: Sequence[Result], positions: Sequence[int] | None = None) -> list[Result]:
    """The results with each respondent's name replaced by their anonymous label.

    Everything shown of a respondent then names them by role; notes are kept.
    """
    return [
        r
        if r.response is None
        else dataclasses.replace(r, response=dataclasses.replace(r.response, respondent=label))
        for r, label in zip(results, anonymous_labels(results, positions), strict=True)
    ]


def respondent_labels(results: tuple[Result, ...]) -> list[str]:
    """Respondent labels, falling back to the file where a name is missing or repeated."""
    names = [label_of(r) for r in results]
    return [
        name if names.count(name) == 1 else (r.response.path if r.response else name)
        for name, r in zip(names, results, strict=True)
    ]


def combine(results: Iterable[Result]) -> Combined:
    """Combine the results of one organization assessment (same questionnaire, org and round)."""
    respondents = tuple(results)
    if not respondents:
        raise ValueError("nothing to combine")
    q = respondents[0].questionnaire
    top = q.top_level
    dimensions = []
    for index, dimension in enumerate(q.dimensions):
        parts = [r.dimensions[index] for r in respondents]
        scores = [p.score for p in parts if p.score is not None]
        score = sum(scores) / len(scores) if scores else None
        caps = [min((c.level for c in p.caps), default=top) for p in parts]
        cap = lower_median(caps)
        level = level_for(q, score)
        if level is not None:
            level = min(level, cap)
        answered = sum(
            1
            for n in range(len(dimension.questions))
            if any(p.questions[n].answered for p in parts)
        )
        dimensions.append(
            CombinedDimension(
                dimension,
                score,
                level,
                cap if cap < top else None,
                max(scores) - min(scores) if scores else None,
                answered,
            )
        )
    score, level = overall_of(q, dimensions)
    first = respondents[0].response
    dates = sorted({r.response.date for r in respondents if r.response and r.response.date})
    return Combined(
        q,
        first.organization if first else "",
        dates[0] if dates else None,
        respondents,
        tuple(dimensions),
        score,
        level,
        _disagreements(respondents),
        next((name for r in respondents if (name := round_name(r))), None),
        tuple(dates),
    )


def _disagreements(respondents: tuple[Result, ...]) -> tuple[Disagreement, ...]:
    labels = respondent_labels(respondents)
    found = []
    q = respondents[0].questionnaire
    for index, dimension in enumerate(q.dimensions):
        for n, question in enumerate(dimension.questions):
            norms = [
                norm
                for r in respondents
                if (norm := r.dimensions[index].questions[n].norm) is not None
            ]
            if len(norms) < 2 or max(norms) - min(norms) < DISAGREEMENT - 1e-9:
                continue
            answers: dict[str, object] = {}
            for label, r in zip(labels, respondents, strict=True):
                value = r.dimensions[index].questions[n].value
                if value is not None:
                    answers[label] = list(value) if isinstance(value, tuple) else value
            found.append(Disagreement(question.id, dimension.id, answers, max(norms) - min(norms)))
    return tuple(found)


def combine_all(results: Iterable[Result], window: int = DEFAULT_WINDOW) -> list[Combined]:
    """Group results into organization assessments (rounds) and combine each."""
    return [combine(group) for group in rounds(results, window)]

"""Several respondents of one organization combined into one assessment (SPEC section 5).

Responses with the same questionnaire id, organization (trimmed, case-insensitive) and date form
one assessment: dimension scores are the mean of the respondents' scores, a cap holds when it
holds for at least half of them (the lower median), and the questions where respondents' answers
lie far apart are the disagreements to resolve with the client. Pure functions, like scoring.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from socialmaturity.engine.scoring import Result, level_for, overall_of
from socialmaturity.model.questionnaire import Dimension, Questionnaire

#: Two respondents disagree on a question when their norms are this far apart or more.
DISAGREEMENT = 0.5


def group_key(result: Result) -> tuple[str, str, str]:
    """What makes responses one assessment: questionnaire id, organization, date."""
    response = result.response
    organization = response.organization.strip().casefold() if response else ""
    date = (response.date or "") if response else ""
    return (result.questionnaire.id, organization, date)


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
    date: str | None
    respondents: tuple[Result, ...]
    dimensions: tuple[CombinedDimension, ...]
    score: float | None
    level: int | None
    disagreements: tuple[Disagreement, ...]

    @property
    def files(self) -> list[str]:
        """The response files combined, in input order."""
        return [r.response.path for r in self.respondents if r.response]


def _lower_median(values: list[int]) -> int:
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def respondent_labels(results: tuple[Result, ...]) -> list[str]:
    """Respondent labels, falling back to the file where a name is missing or repeated."""
    names = [label_of(r) for r in results]
    return [
        name if names.count(name) == 1 else (r.response.path if r.response else name)
        for name, r in zip(names, results, strict=True)
    ]


def combine(results: Iterable[Result]) -> Combined:
    """Combine the results of one organization assessment (same questionnaire, org and date)."""
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
        cap = _lower_median(caps)
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
    return Combined(
        q,
        first.organization if first else "",
        first.date if first else None,
        respondents,
        tuple(dimensions),
        score,
        level,
        _disagreements(respondents),
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


def combine_all(results: Iterable[Result]) -> list[Combined]:
    """Group results into organization assessments (in order of first appearance) and combine."""
    groups: dict[tuple[str, str, str], list[Result]] = {}
    for result in results:
        groups.setdefault(group_key(result), []).append(result)
    return [combine(group) for group in groups.values()]

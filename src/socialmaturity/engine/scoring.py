"""Scoring exactly as SPEC section 3, as pure functions of (questionnaire, answers).

Nothing here reads files or keeps state, so batch scoring, reports, ``explain`` and regression
cases share one implementation, and property tests can call it directly. Scores stay unrounded in
results; rounding happens only where they are shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from socialmaturity.model.questionnaire import Dimension, Question, Questionnaire
from socialmaturity.model.response import NA, Answer, AnswerValue, Response

#: Scores this close under a threshold still reach it (float noise in weighted means).
TOLERANCE = 1e-9


@dataclass(frozen=True)
class CapHit:
    """A chosen option that caps its dimension's level (whether or not it lowered it)."""

    question: str
    option: str
    level: int


@dataclass(frozen=True)
class QuestionScore:
    """How one question counted: ``norm`` is None when unanswered or na.

    An answered weight-0 question has a norm but is not ``scored``.
    """

    question: Question
    value: AnswerValue
    norm: float | None

    @property
    def answered(self) -> bool:
        """Whether the question has an answer (na included)."""
        return self.value is not None

    @property
    def scored(self) -> bool:
        """Whether the answer enters the dimension score."""
        return self.norm is not None and self.question.weight > 0


@dataclass(frozen=True)
class DimensionResult:
    """One dimension's unrounded score, its level before and after caps, and its answers."""

    dimension: Dimension
    score: float | None
    uncapped_level: int | None
    level: int | None
    caps: tuple[CapHit, ...]
    answered: int
    questions: tuple[QuestionScore, ...]

    @property
    def id(self) -> str:
        """The dimension's id."""
        return self.dimension.id

    @property
    def capped(self) -> bool:
        """Whether a cap lowered the level."""
        return self.level != self.uncapped_level

    @property
    def lowering_caps(self) -> tuple[CapHit, ...]:
        """The chosen capping options that lowered the level (those below the score's level)."""
        if self.uncapped_level is None:
            return ()
        return tuple(cap for cap in self.caps if cap.level < self.uncapped_level)


@dataclass(frozen=True)
class Result:
    """The full, unrounded outcome of scoring one response."""

    questionnaire: Questionnaire
    response: Response | None
    score: float | None
    level: int | None
    dimensions: tuple[DimensionResult, ...]
    answered: int

    @property
    def completeness(self) -> float:
        """Answered questions over all questions of the questionnaire."""
        return self.answered / self.questionnaire.question_count

    def dimension(self, dimension_id: str) -> DimensionResult:
        """The result of one dimension by id."""
        for result in self.dimensions:
            if result.id == dimension_id:
                return result
        raise KeyError(dimension_id)


def level_for(questionnaire: Questionnaire, score: float | None) -> int | None:
    """The highest level whose ``min_score`` the unrounded score reaches."""
    if score is None:
        return None
    reached = 1
    for level in questionnaire.levels:
        if level.min_score <= score + TOLERANCE:
            reached = level.level
    return reached


def norm_of(question: Question, value: AnswerValue) -> float | None:
    """The normalised 0..1 value of one answer; None for unanswered or na."""
    if value is None or value == NA:
        return None
    if isinstance(value, str):
        return question.single_norms[value]
    if isinstance(value, tuple):
        # Sum the chosen points first, then divide: the formula's own order.
        options = question.option_by_value
        chosen = sum(options[v].points for v in value)
        return chosen / question.points_total
    low = question.min or 0
    return (value - low) / ((question.max or 0) - low)


def score_dimension(
    questionnaire: Questionnaire, dimension: Dimension, answers: Mapping[str, Answer]
) -> DimensionResult:
    """Score one dimension from the answers (SPEC section 3)."""
    weighted = 0.0
    weights = 0.0
    answered = 0
    caps: list[CapHit] = []
    scores: list[QuestionScore] = []
    for question in dimension.questions:
        answer = answers.get(question.id)
        value = None if answer is None else answer.value
        norm = None
        if value is not None:
            answered += 1
            if value != NA:
                norm = norm_of(question, value)
                if question.kind == "single" and isinstance(value, str):
                    cap = question.option_by_value[value].cap
                    if cap is not None:
                        caps.append(CapHit(question.id, value, cap))
                if question.weight > 0 and norm is not None:
                    weighted += question.weight * norm
                    weights += question.weight
        scores.append(QuestionScore(question, value, norm))
    score = 100 * weighted / weights if weights > 0 else None
    uncapped = level_for(questionnaire, score)
    level = uncapped
    if level is not None and caps:
        level = min(level, *(cap.level for cap in caps))
    return DimensionResult(dimension, score, uncapped, level, tuple(caps), answered, tuple(scores))


class Scored(Protocol):
    """What the overall rule needs of a dimension: its score, level and weight."""

    @property
    def dimension(self) -> Dimension: ...  # noqa: D102

    @property
    def score(self) -> float | None: ...  # noqa: D102

    @property
    def level(self) -> int | None: ...  # noqa: D102


def overall_of(
    questionnaire: Questionnaire, dimensions: Sequence[Scored]
) -> tuple[float | None, int | None]:
    """Overall score and level from dimension results (mean or minimum rule)."""
    scored = [d for d in dimensions if d.score is not None]
    if not scored:
        return None, None
    total_weight = sum(d.dimension.weight for d in scored)
    score = sum(d.dimension.weight * (d.score or 0.0) for d in scored) / total_weight
    if questionnaire.overall == "minimum":
        return score, min(d.level for d in scored if d.level is not None)
    return score, level_for(questionnaire, score)


def score_answers(
    questionnaire: Questionnaire,
    answers: Mapping[str, Answer],
    response: Response | None = None,
) -> Result:
    """Score a set of answers against a questionnaire."""
    dimensions = tuple(score_dimension(questionnaire, d, answers) for d in questionnaire.dimensions)
    score, level = overall_of(questionnaire, dimensions)
    answered = sum(d.answered for d in dimensions)
    return Result(questionnaire, response, score, level, dimensions, answered)


def score_response(questionnaire: Questionnaire, response: Response) -> Result:
    """Score a validated response."""
    return score_answers(questionnaire, response.answers, response)


def rounded(score: float | None) -> float | None:
    """A score as reported: one decimal, or None."""
    return None if score is None else round(score, 1)


def score_change(now: float | None, before: float | None) -> float | None:
    """A change in score points, between the scores as reported (so the numbers add up)."""
    if now is None or before is None:
        return None
    return round(round(now, 1) - round(before, 1), 1)

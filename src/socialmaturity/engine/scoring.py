"""Scoring exactly as SPEC section 3, as pure functions of (questionnaire, answers).

Nothing here reads files or keeps state, so batch scoring, reports, ``explain`` and regression
cases share one implementation, and property tests can call it directly. Scores stay unrounded in
results; rounding happens only where they are shown.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple, Protocol

from socialmaturity.model.derived import derived
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
    """One dimension's unrounded score, its level before and after caps, and its answers.

    ``answers`` is None for a result that has none of its own (an organization's combined one).
    """

    dimension: Dimension
    score: float | None
    uncapped_level: int | None
    level: int | None
    caps: tuple[CapHit, ...]
    answered: int
    answers: Mapping[str, Answer] | None = field(default=None, repr=False, hash=False)

    @cached_property
    def questions(self) -> tuple[QuestionScore, ...]:
        """How each question counted, in questionnaire order.

        Built when first asked for: a batch of scores never needs them, reports and trends do.
        """
        if self.answers is None:
            return ()
        scores = []
        for question in self.dimension.questions:
            answer = self.answers.get(question.id)
            value = None if answer is None else answer.value
            scores.append(QuestionScore(question, value, norm_of(question, value)))
        return tuple(scores)

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
    """The normalised 0..1 value of one answer; None for unanswered or na.

    A scale's ``(v - min) / (max - min)`` is a division of whole numbers, which Python rounds
    exactly once, however large they are: no scale a questionnaire may set overflows a float.
    """
    if value is None or value == NA:
        return None
    if isinstance(value, str):
        return question.single_norms[value]
    if isinstance(value, tuple):
        # Sum the chosen points first, then divide: the formula's own order. Both sums are
        # exact before rounding, so choosing every option gives exactly 1.
        options = question.option_by_value
        chosen = math.fsum(options[v].points for v in value)
        return chosen / question.points_total
    low = question.min or 0
    return (value - low) / ((question.max or 0) - low)


def scaled_weights(weights: Sequence[float]) -> list[float]:
    """The weights times one power of two that brings the largest near 1 (an exact step).

    Weights may be as small as the smallest positive float: scaled, their products with norms
    neither underflow to zero nor lose digits, while every ratio between them stays the same.
    """
    top = max(weights, default=0.0)
    if top <= 0:
        return list(weights)
    _, exponent = math.frexp(top)
    ldexp = math.ldexp
    return [ldexp(weight, -exponent) for weight in weights]


def weighted_sums(pairs: Iterable[tuple[float, float]]) -> tuple[float, float] | None:
    """``Σ(weight * value)`` and ``Σ(weight)`` over pairs with weight > 0, or None if none.

    Weights are scaled first (:func:`scaled_weights`, which leaves every weighted mean as it is)
    and both sums are exact before their one rounding (``math.fsum``), so neither the size of
    the weights nor the number of questions can move a score across a level threshold.
    """
    kept = [(weight, value) for weight, value in pairs if weight > 0]
    if not kept:
        return None
    return _sums(scaled_weights([weight for weight, _ in kept]), [value for _, value in kept])


def _sums(scaled: list[float], values: list[float]) -> tuple[float, float]:
    """:func:`weighted_sums` of weights already scaled and their values, given as two lists."""
    weighted = math.fsum([weight * value for weight, value in zip(scaled, values, strict=True)])
    return weighted, math.fsum(scaled)


class _Row(NamedTuple):
    """What scoring needs of one question, looked up once per dimension (:func:`_rows_of`)."""

    id: str
    weight: float
    #: the weight as :func:`scaled_weights` scales it whenever a weight of the dimension's
    #: largest binary exponent is among those answered, which is what :attr:`sets_scale` says
    scaled: float
    sets_scale: bool
    norms: dict[str, float]
    #: the cap each capping option sets, made once: the same value in every result
    cap_hits: dict[str, CapHit]
    question: Question


def _rows_of(dimension: Dimension) -> tuple[_Row, ...]:
    """Each question's :class:`_Row`, in order.

    :func:`scaled_weights` divides by the power of two of the largest weight answered. The
    exponent of a largest weight is the largest exponent, so whenever one answered weight has
    the dimension's largest exponent the scaling is the one computed here, once.
    """
    positive = [question.weight for question in dimension.questions if question.weight > 0]
    exponent = math.frexp(max(positive))[1] if positive else 0
    return tuple(
        _Row(
            question.id,
            question.weight,
            math.ldexp(question.weight, -exponent),
            question.weight > 0 and math.frexp(question.weight)[1] == exponent,
            question.single_norms,
            {
                value: CapHit(question.id, value, cap)
                for value, cap in question.cap_by_value.items()
                if cap
            },
            question,
        )
        for question in dimension.questions
    )


def score_dimension(
    questionnaire: Questionnaire, dimension: Dimension, answers: Mapping[str, Answer]
) -> DimensionResult:
    """Score one dimension from the answers (SPEC section 3).

    The loop a batch runs for every question of every file: a chosen option (the usual answer)
    is looked up in the question's tables instead of going through :func:`norm_of`, and the
    weights come scaled already when the usual scale applies.
    """
    weights: list[float] = []
    scaled: list[float] = []
    norms: list[float] = []
    answered = 0
    caps: list[CapHit] = []
    scale_set = False
    get = answers.get
    for question_id, weight, scaled_weight, sets_scale, norms_of, cap_hits, question in derived(
        dimension, _rows_of
    ):
        answer = get(question_id)
        if answer is None or (value := answer.value) is None:
            continue
        answered += 1
        norm: float | None
        if type(value) is str:
            if value == NA:
                continue
            norm = norms_of[value]
            if cap_hits and (hit := cap_hits.get(value)) is not None:
                caps.append(hit)
        else:
            norm = norm_of(question, value)  # a scale or multi answer
            if norm is None:
                continue
        if weight > 0:
            weights.append(weight)
            scaled.append(scaled_weight)
            norms.append(norm)
            scale_set = scale_set or sets_scale
    score = None
    if weights:
        weighted, total = _sums(scaled if scale_set else scaled_weights(weights), norms)
        score = 100 * weighted / total
    uncapped = level_for(questionnaire, score)
    level = uncapped
    if level is not None and caps:
        level = min(level, *(cap.level for cap in caps))
    return DimensionResult(dimension, score, uncapped, level, tuple(caps), answered, answers)


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
    sums = weighted_sums((d.dimension.weight, d.score or 0.0) for d in scored)
    if sums is None:
        return None, None
    score = sums[0] / sums[1]
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

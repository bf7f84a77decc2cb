"""How a score was reached, and the quickest single-answer changes that raise a level.

:func:`explain` is pure (it rescores dimensions with one answer changed at a time);
:func:`render_explanation` prints it for a consultant at a terminal.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from socialmaturity.engine.scoring import (
    DimensionResult,
    Result,
    scaled_weights,
    score_dimension,
)
from socialmaturity.model.questionnaire import Question
from socialmaturity.model.response import NA, Answer, AnswerValue

if TYPE_CHECKING:
    pass


def answer_label(question: Question, value: AnswerValue) -> str:
    """An answer as the client would read it: option labels rather than values."""
    if value is None:
        return "not answered"
    if value == NA:
        return "not applicable"
    if isinstance(value, str):
        return question.option_by_value[value].label
    if isinstance(value, tuple):
        chosen = [question.option_by_value[v].label for v in value]
        return "; ".join(chosen) if chosen else "none of these"
    label = (question.labels or {}).get(value)
    if label:
        return f"{value} ({label})"
    return f"{value} on a scale of {question.min} to {question.max}"


#: The largest whole number a float holds exactly: scale values beyond it have no points shown.
EXACT_FLOAT_INT = 2**53


def answer_points(question: Question, value: AnswerValue) -> float | None:
    """The raw points of an answer (the scale value for scale questions).

    None where there are none, and for a scale value too large to be shown exactly as a float
    (scales may run to thousands of digits; the answer's label shows the value itself).
    """
    if value is None or value == NA:
        return None
    if isinstance(value, str):
        return question.option_by_value[value].points
    if isinstance(value, tuple):
        return math.fsum(question.option_by_value[v].points for v in value)
    if abs(value) > EXACT_FLOAT_INT:
        return None
    return float(value)


@dataclass(frozen=True)
class Line:
    """One question's part in its dimension score."""

    question: Question
    value: AnswerValue
    label: str
    points: float | None
    norm: float | None
    contribution: float | None
    note: str | None


@dataclass(frozen=True)
class Win:
    """A single answer change that would raise a dimension's level."""

    question: Question
    before: str
    after: str
    value: AnswerValue
    step: float
    score: float | None
    level: int


@dataclass(frozen=True)
class DimensionExplanation:
    """A dimension's score broken down, with its quickest wins."""

    result: DimensionResult
    lines: tuple[Line, ...]
    wins: tuple[Win, ...]


def _alternatives(
    question: Question, value: AnswerValue, raises: Callable[[AnswerValue], bool]
) -> Iterator[AnswerValue]:
    """Answers reachable by changing this one question's answer once, worth trying.

    A scale can span millions of values, but a higher value never lowers the score, so only
    the smallest value that raises the level is tried (found by bisection).
    """
    if question.kind == "single":
        yield from (o.value for o in question.options or () if o.value != value)
    elif question.kind == "scale":
        low = value + 1 if isinstance(value, int) else question.min or 0
        high = question.max or 0
        if low > high or not raises(high):
            return
        while low < high:
            middle = (low + high) // 2
            if raises(middle):
                high = middle
            else:
                low = middle + 1
        yield low
    else:
        chosen = value if isinstance(value, tuple) else ()
        for option in question.options or ():
            if option.value not in chosen:
                yield (*chosen, option.value)


def _wins(result: Result, dimension: DimensionResult) -> tuple[Win, ...]:
    questionnaire = result.questionnaire
    answers = dict(result.response.answers) if result.response else {}
    current = dimension.level or 1  # nothing answered counts as level 1, as on the roadmap
    wins: list[Win] = []
    for position, scored in enumerate(dimension.questions):
        question = scored.question
        before_norm = scored.norm or 0.0
        old = answers.get(question.id)

        def rescore(
            alternative: AnswerValue, question_id: str = question.id, old: Answer | None = old
        ) -> DimensionResult:
            trial = dict(answers)
            trial[question_id] = replace(old, value=alternative) if old else Answer(alternative)
            return score_dimension(questionnaire, dimension.dimension, trial)

        def raises(alternative: AnswerValue) -> bool:
            level = rescore(alternative).level
            return level is not None and level > current

        best: Win | None = None
        for alternative in _alternatives(question, scored.value, raises):
            changed = rescore(alternative)
            if changed.level is None or changed.level <= current:
                continue
            step = (changed.questions[position].norm or 0.0) - before_norm
            win = Win(
                question,
                answer_label(question, scored.value),
                answer_label(question, alternative),
                alternative,
                step,
                changed.score,
                changed.level,
            )
            if best is None or (step, -win.level) < (best.step, -best.level):
                best = win
        if best is not None:
            wins.append(best)
    wins.sort(key=lambda w: (w.step, -w.level))
    return tuple(wins)


def explain(result: Result) -> tuple[DimensionExplanation, ...]:
    """Break every dimension's score down question by question."""
    answers = result.response.answers if result.response else {}
    explanations = []
    for dimension in result.dimensions:
        # the weights scaled as in scoring, so tiny weights contribute what they should
        weights = scaled_weights([q.question.weight for q in dimension.questions])
        total_weight = math.fsum(
            w for w, q in zip(weights, dimension.questions, strict=True) if q.scored
        )
        lines = []
        for weight, scored in zip(weights, dimension.questions, strict=True):
            question = scored.question
            contribution = None
            if scored.scored and total_weight > 0:
                contribution = 100 * weight * (scored.norm or 0.0) / total_weight
            answer = answers.get(question.id)
            lines.append(
                Line(
                    question,
                    scored.value,
                    answer_label(question, scored.value),
                    answer_points(question, scored.value),
                    scored.norm,
                    contribution,
                    answer.note if answer else None,
                )
            )
        explanations.append(DimensionExplanation(dimension, tuple(lines), _wins(result, dimension)))
    return tuple(explanations)

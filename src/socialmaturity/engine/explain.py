"""How a score was reached, and the quickest single-answer changes that raise a level.

:func:`explain` is pure (it rescores dimensions with one answer changed at a time);
:func:`render_explanation` prints it for a consultant at a terminal.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING

from socialmaturity.engine.scoring import (
    DimensionResult,
    Result,
    level_for,
    norm_of,
    scaled_weights,
    weighted_sums,
)
from socialmaturity.i18n import _, semicolon
from socialmaturity.model.questionnaire import Question
from socialmaturity.model.response import NA, AnswerValue

if TYPE_CHECKING:
    pass


def answer_label(question: Question, value: AnswerValue) -> str:
    """An answer as the client would read it: option labels rather than values.

    The words around them are the tool's, in the language in use (SPEC section 8).
    """
    if value is None:
        return _("not answered")
    if value == NA:
        return _("not applicable")
    if isinstance(value, str):
        return question.option_by_value[value].label
    if isinstance(value, tuple):
        chosen = [question.option_by_value[v].label for v in value]
        return semicolon().join(chosen) if chosen else _("none of these")
    label = (question.labels or {}).get(value)
    if label:
        return f"{value} ({label})"
    return _("{value} on a scale of {min} to {max}").format(
        value=value, min=question.min, max=question.max
    )


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
    claimed: bool = False  # the answer says ``evidence: claimed``: taken on trust, not seen


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
        options = question.options or ()
        for option in options:
            if option.value not in chosen:
                yield (*chosen, option.value)
        # one change may also choose several options at once: the fewest of the best-scoring
        # options not chosen yet that, added together, raise the level (options never cap)
        best = sorted(
            (o for o in options if o.value not in chosen and o.points > 0),
            key=lambda o: -o.points,
        )
        grown = chosen
        for option in best:
            grown = (*grown, option.value)
            if len(grown) - len(chosen) > 1 and raises(grown):
                yield grown
                break


class _Rescorer:
    """A dimension's level and score with one answer changed, in constant time per change.

    The weighted sums are kept exactly (as fractions, so no rounding can differ from scoring the
    whole dimension again) and the chosen caps are counted, so trying every alternative answer
    of every question costs time linear in their number, not quadratic.
    """

    def __init__(self, result: Result, dimension: DimensionResult) -> None:
        self.questionnaire = result.questionnaire
        self.weighted = Fraction(0)
        self.weights = Fraction(0)
        self.caps: Counter[int] = Counter()
        self.parts: list[tuple[Fraction, Fraction, int | None]] = []
        self.pairs = [
            (s.question.weight, s.norm if s.norm is not None and s.question.weight > 0 else -1.0)
            for s in dimension.questions
        ]
        for scored in dimension.questions:
            weight, value = self._part(scored.question, scored.value)
            cap = self._cap(scored.question, scored.value)
            self.parts.append((weight, value, cap))
            self.weighted += weight * value
            self.weights += weight
            if cap is not None:
                self.caps[cap] += 1
        # What scoring sums, kept exactly: math.fsum returns the correctly rounded exact sum of
        # its floats, so a total of their exact values, one term swapped, rounds to the same.
        kept = [weight for weight, norm in self.pairs if norm >= 0 and weight > 0]
        self.top = max(kept, default=0.0)
        self.exponent = math.frexp(self.top)[1] if self.top > 0 else 0
        self.kept_at_top = sum(1 for weight in kept if weight == self.top)
        self.shown_terms = [self._terms(weight, norm) for weight, norm in self.pairs]
        self.shown_weighted = sum((t[0] for t in self.shown_terms), Fraction(0))
        self.shown_weights = sum((t[1] for t in self.shown_terms), Fraction(0))

    def _terms(self, weight: float, norm: float) -> tuple[Fraction, Fraction]:
        """A question's exact terms of scoring's two sums, at today's scale (0 when not kept)."""
        if norm < 0 or weight <= 0:
            return Fraction(0), Fraction(0)
        scaled = math.ldexp(weight, -self.exponent)
        return Fraction(scaled * norm), Fraction(scaled)

    @staticmethod
    def _part(question: Question, value: AnswerValue) -> tuple[Fraction, Fraction]:
        """(weight, norm) as this answer counts in the score: weight 0 when it does not."""
        norm = norm_of(question, value)
        if norm is None or question.weight <= 0:
            return Fraction(0), Fraction(0)
        return Fraction(question.weight), Fraction(norm)

    @staticmethod
    def _cap(question: Question, value: AnswerValue) -> int | None:
        if question.kind != "single" or not isinstance(value, str) or value == NA:
            return None
        return question.option_by_value[value].cap

    def score(self, position: int, question: Question, value: AnswerValue) -> float | None:
        """The score with one answer changed, summed exactly as scoring sums it (to show it).

        In constant time while the change leaves the largest counted weight (scoring's scale)
        where it is; otherwise, rarely, by summing the dimension again.
        """
        norm = norm_of(question, value)
        new = (question.weight, norm if norm is not None else -1.0)
        old_weight, old_norm = self.pairs[position]
        was_kept, kept = old_norm >= 0 and old_weight > 0, new[1] >= 0 and new[0] > 0
        top_moves = (kept and new[0] > self.top) or (
            was_kept and not kept and old_weight == self.top and self.kept_at_top == 1
        )
        if top_moves or self.top <= 0:
            pairs = list(self.pairs)
            pairs[position] = new
            sums = weighted_sums((w, n) for w, n in pairs if n >= 0)
            return None if sums is None else 100 * sums[0] / sums[1]
        old_terms, new_terms = self.shown_terms[position], self._terms(*new)
        weights = float(self.shown_weights - old_terms[1] + new_terms[1])
        if weights == 0:
            return None
        weighted = float(self.shown_weighted - old_terms[0] + new_terms[0])
        return 100 * weighted / weights

    def trial(
        self, position: int, question: Question, value: AnswerValue
    ) -> tuple[float | None, int | None]:
        """The dimension's score and level with question ``position`` answered ``value``."""
        old_weight, old_norm, old_cap = self.parts[position]
        weight, norm = self._part(question, value)
        weights = self.weights - old_weight + weight
        if weights == 0:
            return None, None
        weighted = self.weighted - old_weight * old_norm + weight * norm
        score = float(100 * weighted / weights)
        level = level_for(self.questionnaire, score)
        caps = self.caps.copy()
        if old_cap is not None:
            caps[old_cap] -= 1
        cap = self._cap(question, value)
        if cap is not None:
            caps[cap] += 1
        held = [level for level, count in caps.items() if count > 0]
        if level is not None and held:
            level = min(level, *held)
        return score, level


def _wins(result: Result, dimension: DimensionResult) -> tuple[Win, ...]:
    current = dimension.level or 1  # nothing answered counts as level 1, as on the roadmap
    rescorer = _Rescorer(result, dimension)
    wins: list[Win] = []
    for position, scored in enumerate(dimension.questions):
        question = scored.question
        before_norm = scored.norm or 0.0

        def raises(
            alternative: AnswerValue, position: int = position, question: Question = question
        ) -> bool:
            level = rescorer.trial(position, question, alternative)[1]
            return level is not None and level > current

        best: Win | None = None
        for alternative in _alternatives(question, scored.value, raises):
            score, level = rescorer.trial(position, question, alternative)
            if level is None or level <= current:
                continue
            step = (norm_of(question, alternative) or 0.0) - before_norm
            win = Win(
                question,
                answer_label(question, scored.value),
                answer_label(question, alternative),
                alternative,
                step,
                score,
                level,
            )
            if best is None or (step, -win.level) < (best.step, -best.level):
                best = win
        if best is not None:  # its score as the scoring engine would show it
            wins.append(replace(best, score=rescorer.score(position, question, best.value)))
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
                    answer is not None and answer.evidence == "claimed",
                )
            )
        explanations.append(DimensionExplanation(dimension, tuple(lines), _wins(result, dimension)))
    return tuple(explanations)

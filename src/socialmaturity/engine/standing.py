"""Where the client stands (SPEC section 3): the strength, what holds it back, the groups.

Each dimension's answers are grouped above, at and below its level.

The report states these as findings, so they follow one rule each, written here once: the
strength is the dimension with the highest level, holding back the lowest of the others, never
the same dimension.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from socialmaturity.engine.roadmap import AnswerLevel
from socialmaturity.engine.scoring import TOLERANCE, DimensionResult, Result


@dataclass(frozen=True)
class Standing:
    """The strength and what holds the company back, as dimension ids (None: there is none)."""

    strength: str | None
    holding_back: str | None


def standing_of(result: Result) -> Standing:
    """The strength and holding back of a result, by the rule of SPEC section 3.

    Only scored dimensions count. The strength has the highest level (ties: the highest score,
    then questionnaire order); holding back, among the others, the lowest level (ties: one that a
    cap lowers first, then the lowest score, then questionnaire order). Scores within
    :data:`~socialmaturity.engine.scoring.TOLERANCE` tie, as SPEC 3 compares them.
    """
    scored = [d for d in result.dimensions if d.level is not None]
    if not scored:
        return Standing(None, None)
    strength = _first_best(scored, _stronger)
    others = [d for d in scored if d is not strength]
    if not others:
        return Standing(strength.id, None)
    return Standing(strength.id, _first_best(others, _weaker).id)


def _first_best(
    dimensions: list[DimensionResult], better: Callable[[DimensionResult, DimensionResult], bool]
) -> DimensionResult:
    """The first dimension (questionnaire order) that no later one is ``better`` than.

    A walk rather than a sort key: scores within :data:`TOLERANCE` tie, and a key cannot say so.
    """
    best = dimensions[0]
    for dimension in dimensions[1:]:
        if better(dimension, best):
            best = dimension
    return best


def _stronger(one: DimensionResult, other: DimensionResult) -> bool:
    """A higher level, or the same and a higher score."""
    if _level(one) != _level(other):
        return _level(one) > _level(other)
    return _score(one) > _score(other) + TOLERANCE


def _weaker(one: DimensionResult, other: DimensionResult) -> bool:
    """A lower level, or the same and lowered by a cap where the other is not, or a lower score."""
    if _level(one) != _level(other):
        return _level(one) < _level(other)
    if bool(one.lowering_caps) != bool(other.lowering_caps):
        return bool(one.lowering_caps)
    return _score(one) < _score(other) - TOLERANCE


def _level(dimension: DimensionResult) -> int:
    return dimension.level or 1


def _score(dimension: DimensionResult) -> float:
    return dimension.score or 0.0


@dataclass(frozen=True)
class AnswerGroups:
    """A dimension's questions by where their answer level sits against the dimension's level."""

    above: tuple[str, ...]
    at: tuple[str, ...]
    below: tuple[str, ...]


def answer_groups(dimension: DimensionResult, answers: Mapping[str, AnswerLevel]) -> AnswerGroups:
    """The question ids of a dimension above, at and below its level, in questionnaire order.

    Questions without an answer level (unanswered, ``na``, or an option without an anchor) are
    in none; a dimension without a level counts as level 1.
    """
    level = dimension.level or 1
    found: dict[str, list[str]] = {"above": [], "at": [], "below": []}
    for question in dimension.dimension.questions:
        answer = answers.get(question.id)
        if answer is None:
            continue
        side = "above" if answer.level > level else "at" if answer.level == level else "below"
        found[side].append(question.id)
    return AnswerGroups(tuple(found["above"]), tuple(found["at"]), tuple(found["below"]))

"""Where the client stands (SPEC section 3): the strength, what holds it back, the groups.

Each dimension's answers are grouped above, at and below its level.

The report states these as findings, so they follow one rule each, written here once: the
strength is the dimension with the highest level, holding back the lowest of the others, never
the same dimension.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from socialmaturity.engine.roadmap import AnswerLevel
from socialmaturity.engine.scoring import DimensionResult, Result


@dataclass(frozen=True)
class Standing:
    """The strength and what holds the company back, as dimension ids (None: there is none)."""

    strength: str | None
    holding_back: str | None


def standing_of(result: Result) -> Standing:
    """The strength and holding back of a result, by the rule of SPEC section 3.

    Only scored dimensions count. The strength has the highest level (ties: the highest score,
    then questionnaire order); holding back, among the others, the lowest level (ties: one that a
    cap lowers first, then the lowest score, then questionnaire order).
    """
    scored = [(n, d) for n, d in enumerate(result.dimensions) if d.level is not None]
    if not scored:
        return Standing(None, None)
    _, strength = min(scored, key=lambda found: (-_level(found[1]), -_score(found[1]), found[0]))
    others = [(n, d) for n, d in scored if d is not strength]
    if not others:
        return Standing(strength.id, None)
    _, held = min(
        others,
        key=lambda found: (
            _level(found[1]),
            0 if found[1].lowering_caps else 1,
            _score(found[1]),
            found[0],
        ),
    )
    return Standing(strength.id, held.id)


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

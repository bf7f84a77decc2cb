"""The roadmap of SPEC section 3 as a plan: steps up to each target, gaps, and phases.

A *step up* takes a dimension from its level towards its target; a *gap* is a recommendation
under the reached level that addresses a question answered below the recommendation's level.
Phases follow from ``after`` and from the order of levels in each dimension.

``--target`` values are parsed here too, so the command line and library callers agree on what a
valid target is (a level of the questionnaire; above the top level is a usage error).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from socialmaturity.engine.organization import median_answer
from socialmaturity.engine.scoring import Result
from socialmaturity.errors import UsageError, did_you_mean
from socialmaturity.model.questionnaire import Dimension, Question, Questionnaire, Recommendation
from socialmaturity.model.response import AnswerValue


@dataclass(frozen=True)
class Targets:
    """Target levels: one for every dimension and/or one per dimension id."""

    every: int | None = None
    per_dimension: tuple[tuple[str, int], ...] = ()

    def for_dimension(self, dimension_id: str, current: int, top: int) -> int:
        """The target of one dimension: explicit, else the global one, else one level up."""
        explicit = dict(self.per_dimension)
        if dimension_id in explicit:
            return explicit[dimension_id]
        if self.every is not None:
            return self.every
        return min(current + 1, top)


def parse_targets(values: Iterable[str], questionnaire: Questionnaire) -> Targets:
    """Parse ``--target LEVEL`` and ``--target DIMENSION=LEVEL`` options."""
    every: int | None = None
    per: dict[str, int] = {}
    top = questionnaire.top_level
    for raw in values:
        name, sep, level_text = raw.rpartition("=")
        name = name.strip()
        try:
            level = int(level_text.strip())
        except ValueError:
            raise UsageError(
                f"--target {raw!r}: expected LEVEL or DIMENSION=LEVEL with a whole number"
            ) from None
        if not 1 <= level <= top:
            raise UsageError(f"--target {raw!r}: the levels of '{questionnaire.id}' are 1..{top}")
        if not sep:
            every = level
            continue
        if name not in questionnaire.dimension_by_id:
            known = ", ".join(questionnaire.dimension_by_id)
            hint = did_you_mean(name, questionnaire.dimension_by_id)
            raise UsageError(f"--target {raw!r}: no dimension '{name}'{hint} (dimensions: {known})")
        per[name] = level
    return Targets(every, tuple(per.items()))


@dataclass(frozen=True)
class AnswerLevel:
    """Where a question's answer sits: the level anchor of the chosen option.

    For several respondents it is the lower median of the anchors of those who chose an anchored
    option; ``labels`` are the chosen options' labels at that level.
    """

    level: int
    labels: tuple[str, ...]


#: The weak answers a gap addresses: each question with where its answer sits.
Gaps = tuple[tuple[Question, AnswerLevel], ...]


@dataclass(frozen=True)
class PlanStep:
    """One recommendation on the plan, in its phase.

    ``gaps`` is empty for a step up; for a gap it holds the weak answers the step addresses.
    ``waits_for`` are the ids of the plan's steps that must come first.
    """

    recommendation: Recommendation
    dimension: Dimension
    phase: int
    gaps: Gaps
    waits_for: tuple[str, ...]

    @property
    def is_gap(self) -> bool:
        """Whether the step closes a gap under a level the dimension already reaches."""
        return bool(self.gaps)


@dataclass(frozen=True)
class DimensionPlan:
    """A dimension's level (None counted as 1) and the target the plan takes it to."""

    dimension: Dimension
    current: int
    target: int


@dataclass(frozen=True)
class Plan:
    """The roadmap of SPEC section 3: steps up and gaps, in phases."""

    dimensions: tuple[DimensionPlan, ...]
    steps: tuple[PlanStep, ...]
    answers: Mapping[str, AnswerLevel] = field(default_factory=dict)  # the levels it used

    def phases(self) -> list[tuple[int, tuple[PlanStep, ...]]]:
        """The steps grouped by phase, phase 1 first."""
        numbers = sorted({step.phase for step in self.steps})
        return [(n, tuple(s for s in self.steps if s.phase == n)) for n in numbers]


def answer_levels(
    q: Questionnaire, answer_sets: Sequence[Mapping[str, AnswerValue]]
) -> dict[str, AnswerLevel]:
    """Each question's answer level over one or several respondents' answers.

    Unanswered and ``na`` answers, and options without an anchor, do not count.
    """
    found: dict[str, AnswerLevel] = {}
    for question_id, (_, question) in q.question_by_id.items():
        if question.kind != "single":
            continue
        anchored: list[tuple[int, str]] = []
        for answers in answer_sets:
            value = answers.get(question_id)
            if isinstance(value, str) and value in question.option_by_value:
                option = question.option_by_value[value]
                if option.level is not None:
                    anchored.append((option.level, option.label))
        if anchored:
            found[question_id] = AnswerLevel(*median_answer(anchored))
    return found


def plan(
    q: Questionnaire,
    levels: Mapping[str, int | None],
    answers: Mapping[str, AnswerLevel],
    targets: Targets | None = None,
) -> Plan:
    """Steps up to each target, gaps under the reached level, and the phase of each.

    ``levels`` are the dimensions' levels by id (None: nothing answered, counts as 1);
    ``answers`` the answer levels of :func:`answer_levels`.
    """
    chosen = targets or Targets()
    top = q.top_level
    dimension_plans = []
    picked: list[
        tuple[int, int, Dimension, Recommendation, tuple[tuple[Question, AnswerLevel], ...]]
    ]
    picked = []
    for d, dimension in enumerate(q.dimensions):
        level = levels.get(dimension.id)
        current = level if level is not None else 1
        target = chosen.for_dimension(dimension.id, current, top)
        dimension_plans.append(DimensionPlan(dimension, current, target))
        questions = {question.id: question for question in dimension.questions}
        for r, rec in enumerate(dimension.recommendations):
            if current < rec.level <= target:
                picked.append((d, r, dimension, rec, ()))
            elif rec.level <= min(current, target):
                gaps = tuple(
                    (questions[qid], answers[qid])
                    for qid in rec.addresses
                    if qid in answers and qid in questions and answers[qid].level < rec.level
                )
                if gaps:
                    picked.append((d, r, dimension, rec, gaps))
    in_plan = {rec.id: (d, rec) for d, _, _, rec, _ in picked}
    before: dict[str, tuple[str, ...]] = {}
    for d, _, _, rec, _ in picked:
        same = [
            other.id
            for other_d, other in in_plan.values()
            if other_d == d and other.level < rec.level
        ]
        listed = [other for other in rec.after if other in in_plan and other not in same]
        before[rec.id] = tuple(same + listed)
    phase = _phases(before)
    steps = [
        PlanStep(rec, dimension, phase[rec.id], gaps, before[rec.id])
        for d, r, dimension, rec, gaps in sorted(
            picked, key=lambda p: (phase[p[3].id], p[0], p[3].level, p[1])
        )
    ]
    return Plan(tuple(dimension_plans), tuple(steps), answers)


def _phases(before: Mapping[str, tuple[str, ...]]) -> dict[str, int]:
    """1 + the highest phase of the steps that come before; steps with none are phase 1.

    Kahn's order, so long chains need no recursion; the questionnaire's rules guarantee that
    ``after`` and the order of levels form no cycle.
    """
    waiting = {step: len(needs) for step, needs in before.items()}
    unlocks: dict[str, list[str]] = {step: [] for step in before}
    for step, needs in before.items():
        for need in needs:
            unlocks[need].append(step)
    phase = {step: 1 for step, count in waiting.items() if count == 0}
    ready = list(phase)
    while ready:
        done = ready.pop()
        for step in unlocks[done]:
            phase[step] = max(phase.get(step, 1), phase[done] + 1)
            waiting[step] -= 1
            if waiting[step] == 0:
                ready.append(step)
    return phase


def plan_for(
    result: Result, targets: Targets | None = None, respondents: Sequence[Result] = ()
) -> Plan:
    """The plan of one scored response, or of an organization assessment.

    For an organization, ``result`` carries the combined levels and ``respondents`` the
    results whose answers decide the gaps.
    """
    answer_sets = [
        {scored.question.id: scored.value for d in r.dimensions for scored in d.questions}
        for r in respondents or [result]
    ]
    return plan(
        result.questionnaire,
        {d.id: d.level for d in result.dimensions},
        answer_levels(result.questionnaire, answer_sets),
        targets,
    )

"""The roadmap of SPEC section 3 as a plan: steps up to each target, gaps, and phases.

A *step up* takes a dimension from its level towards its target; a *gap* is a recommendation
under the reached level that addresses a question answered below the recommendation's level. A
would-be step up whose addressed answers already reach its level is *in place*, never a step.
A step waits for the steps named in its ``after``, its dimension's lower steps, and the step
that appoints its owner; steps are placed one at a time by priority into phases of limited
room, and the first three placed in phase 1 are the *first moves*.

``--target`` values are parsed here too, so the command line and library callers agree on what a
valid target is (a level of the questionnaire; above the top level is a usage error).
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from socialmaturity.engine.organization import median_answer
from socialmaturity.engine.scoring import Result
from socialmaturity.errors import UsageError, did_you_mean
from socialmaturity.model.open_slots import OpenSlots
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
    option; ``values`` and ``labels`` are the chosen options at that level, and ``claimed`` says
    that one of the answers at that level was marked ``evidence: claimed`` (taken on trust).
    """

    level: int
    labels: tuple[str, ...]
    claimed: bool = False
    values: tuple[str, ...] = ()
    #: How many anchored answers the level is the median of, when they are not all one option.
    differing: int = 0


#: Addressed questions answered below a step's level, with where each answer sits.
Gaps = tuple[tuple[Question, AnswerLevel], ...]

#: Steps per phase unless ``--steps-per-phase`` says otherwise; 0 means no limit.
STEPS_PER_PHASE = 5
#: How many of the first steps placed in phase 1 are the first moves.
FIRST_MOVES = 3


@dataclass(frozen=True)
class PlanStep:
    """One recommendation on the plan, in its phase.

    ``why`` holds every question the step addresses whose answer sits below the step's level,
    with that answer; a gap always has one. ``waits_for`` are the ids of the plan's steps that
    must come first.
    """

    recommendation: Recommendation
    dimension: Dimension
    phase: int
    kind: Literal["gap", "step"]
    why: Gaps
    waits_for: tuple[str, ...]

    @property
    def is_gap(self) -> bool:
        """Whether the step closes a gap under a level the dimension already reaches."""
        return self.kind == "gap"

    @property
    def gaps(self) -> Gaps:
        """For a gap, the weak answers it closes; nothing for a step up."""
        return self.why if self.is_gap else ()


@dataclass(frozen=True)
class DimensionPlan:
    """A dimension's level (None counted as 1) and the target the plan takes it to."""

    dimension: Dimension
    current: int
    target: int


@dataclass(frozen=True)
class Plan:
    """The roadmap of SPEC section 3: steps up and gaps, in phases, in the order placed."""

    dimensions: tuple[DimensionPlan, ...]
    steps: tuple[PlanStep, ...]
    answers: Mapping[str, AnswerLevel] = field(default_factory=dict)  # the levels it used
    #: Would-be steps up whose answers show them done, in questionnaire order.
    in_place: tuple[Recommendation, ...] = ()
    #: The ids of the first steps placed in phase 1.
    first_moves: tuple[str, ...] = ()

    def phases(self) -> list[tuple[int, tuple[PlanStep, ...]]]:
        """The steps grouped by phase, phase 1 first, each phase in the order placed."""
        grouped: dict[int, list[PlanStep]] = {}
        for step in self.steps:
            grouped.setdefault(step.phase, []).append(step)
        return [(n, tuple(grouped[n])) for n in sorted(grouped)]


def answer_levels(
    q: Questionnaire,
    answer_sets: Sequence[Mapping[str, AnswerValue]],
    claims: Sequence[Collection[str]] = (),
) -> dict[str, AnswerLevel]:
    """Each question's answer level over one or several respondents' answers.

    Unanswered and ``na`` answers, and options without an anchor, do not count. ``claims``
    holds, for each set of answers, the questions whose answer is marked ``evidence: claimed``.
    """
    found: dict[str, AnswerLevel] = {}
    for question_id, (_, question) in q.question_by_id.items():
        if question.kind != "single":
            continue
        anchored: list[tuple[int, str]] = []
        claimed_at: set[int] = set()
        for n, answers in enumerate(answer_sets):
            value = answers.get(question_id)
            if isinstance(value, str) and value in question.option_by_value:
                option = question.option_by_value[value]
                if option.level is not None:
                    anchored.append((option.level, option.value))
                    if n < len(claims) and question_id in claims[n]:
                        claimed_at.add(option.level)
        if anchored:
            level, values = median_answer(anchored)
            labels = tuple(dict.fromkeys(question.option_by_value[v].label for v in values))
            differing = len(anchored) if len({value for _, value in anchored}) > 1 else 0
            found[question_id] = AnswerLevel(level, labels, level in claimed_at, values, differing)
    return found


def plan(
    q: Questionnaire,
    levels: Mapping[str, int | None],
    answers: Mapping[str, AnswerLevel],
    targets: Targets | None = None,
    *,
    lowered_by: Iterable[str] = (),
    steps_per_phase: int = STEPS_PER_PHASE,
) -> Plan:
    """Steps up to each target, gaps under the reached level, and the phase of each.

    ``levels`` are the dimensions' levels by id (None: nothing answered, counts as 1);
    ``answers`` the answer levels of :func:`answer_levels`; ``lowered_by`` the ids of the
    questions whose chosen option's cap lowered its dimension's level (their steps come first);
    ``steps_per_phase`` the room in each phase (0: no limit).
    """
    chosen = targets or Targets()
    top = q.top_level
    capping = set(lowered_by)
    dimension_plans = []
    candidates: list[_Candidate] = []
    in_place: list[Recommendation] = []
    for d, dimension in enumerate(q.dimensions):
        level = levels.get(dimension.id)
        current = level if level is not None else 1
        target = chosen.for_dimension(dimension.id, current, top)
        dimension_plans.append(DimensionPlan(dimension, current, target))
        for r, rec in enumerate(dimension.recommendations):
            why = tuple(
                (q.question_by_id[qid][1], answers[qid])
                for qid in rec.addresses
                if qid in answers and answers[qid].level < rec.level
            )
            if current < rec.level <= target:
                if is_in_place(rec, answers):
                    in_place.append(rec)
                    continue
                kind: Literal["gap", "step"] = "step"
            elif rec.level <= min(current, target) and why:
                kind = "gap"
            else:
                continue
            rank = 0 if capping.intersection(rec.addresses) else 1 if kind == "gap" else 2
            candidates.append(_Candidate(rec, dimension, kind, why, (rank, current, d, r)))
    waits = _Waits(q, candidates)
    placed = _place(candidates, waits, steps_per_phase)
    steps = tuple(
        PlanStep(c.recommendation, c.dimension, phase, c.kind, c.why, waits.of(c))
        for c, phase in sorted(placed, key=lambda found: found[1])  # stable: placement order
    )
    first = tuple(step.recommendation.id for step in steps if step.phase == 1)[:FIRST_MOVES]
    return Plan(tuple(dimension_plans), steps, answers, tuple(in_place), first)


def is_in_place(recommendation: Recommendation, answers: Mapping[str, AnswerLevel]) -> bool:
    """Whether the answers show a recommendation done (SPEC section 3, *in place*).

    At least one question it addresses has an answer level, and every one that has one sits at
    or above the recommendation's level. Without ``addresses``, never.
    """
    found = [answers[qid].level for qid in recommendation.addresses if qid in answers]
    return bool(found) and all(level >= recommendation.level for level in found)


def missing_outside(q: Questionnaire, plan: Plan) -> dict[str, tuple[Recommendation, ...]]:
    """By step id: what it builds on that the answers show not done and the plan leaves out.

    A step waits only for steps of the roadmap (SPEC section 3): what it names in ``after``, or
    the appointment of its owner, may lie beyond the plan's targets. When the answers show that
    recommendation not done (a question it addresses answered below its level), the report says
    so beside the step rather than leave the plan to claim what the answers deny.
    """
    planned = {step.recommendation.id for step in plan.steps}
    found: dict[str, tuple[Recommendation, ...]] = {}
    for step in plan.steps:
        rec = step.recommendation
        missing = []
        for other_id in dict.fromkeys((*rec.after, *q.appointers_of(rec))):
            if other_id in planned or other_id not in q.recommendation_by_id:
                continue
            other = q.recommendation_by_id[other_id][1]
            levels = [plan.answers[qid].level for qid in other.addresses if qid in plan.answers]
            if any(level < other.level for level in levels):
                missing.append(other)
        if missing:
            found[rec.id] = tuple(missing)
    return found


@dataclass(frozen=True)
class _Candidate:
    """A recommendation that will be a step, before it is placed in a phase."""

    recommendation: Recommendation
    dimension: Dimension
    kind: Literal["gap", "step"]
    why: Gaps
    #: (cap-lifting 0 / gap 1 / step up 2, the dimension's level, questionnaire order)
    priority: tuple[int, int, int, int]


class _Waits:
    """What each step waits for: ``after``, its dimension's lower steps, its owner's appointment.

    Only steps of the plan count; each id once, in the order found. A step waits for every step
    of its dimension towards a lower level (SPEC section 3), so those lists grow with the square
    of a dimension's steps; they are built once per dimension and level and shared, and the plan
    is placed with one count per level instead of one per pair of steps.
    """

    def __init__(self, q: Questionnaire, candidates: Sequence[_Candidate]) -> None:
        in_plan = {c.recommendation.id for c in candidates}
        by_dimension: dict[str, list[_Candidate]] = {}
        for c in candidates:
            by_dimension.setdefault(c.dimension.id, []).append(c)
        #: The ids of a dimension's steps towards a level below the given one, in plan order.
        self.lower: dict[tuple[str, int], tuple[str, ...]] = {}
        lower_sets: dict[tuple[str, int], set[str]] = {}
        #: The other steps each step waits for, none of them among its lower ones.
        self.extra: dict[str, tuple[str, ...]] = {}
        for c in candidates:
            rec = c.recommendation
            key = (c.dimension.id, rec.level)
            if key not in self.lower:
                self.lower[key] = tuple(
                    other.recommendation.id
                    for other in by_dimension[c.dimension.id]
                    if other.recommendation.level < rec.level
                )
                lower_sets[key] = set(self.lower[key])
            named = [other for other in rec.after if other in in_plan]
            named += [other for other in q.appointers_of(rec) if other in in_plan]
            self.extra[rec.id] = tuple(o for o in dict.fromkeys(named) if o not in lower_sets[key])

    def of(self, c: _Candidate) -> tuple[str, ...]:
        """Every step ``c`` waits for, its dimension's lower steps first."""
        lower = self.lower[c.dimension.id, c.recommendation.level]
        extra = self.extra[c.recommendation.id]
        return lower + extra if extra else lower


def _place(
    candidates: Sequence[_Candidate], waits: _Waits, room: int
) -> list[tuple[_Candidate, int]]:
    """Each step with its phase, in the order placed (SPEC section 3).

    Among the steps whose waited-for steps are all placed, the first by priority goes next, into
    the earliest phase after all of theirs that has room. The questionnaire's rules guarantee
    that the waits form no cycle. A dimension's steps towards one level wait for all of its
    lower steps at once: that wait ends, with the latest phase among them, when the last of them
    is placed; and full phases are passed over in one jump. So the work grows with the steps,
    not with the pairs of them.
    """
    by_id = {c.recommendation.id: c for c in candidates}
    levels: dict[str, list[int]] = {}  # each dimension's levels with steps, lowest first
    left: dict[tuple[str, int], int] = {}  # steps not yet placed, per dimension and level
    for c in candidates:
        key = (c.dimension.id, c.recommendation.level)
        left[key] = left.get(key, 0) + 1
    for dimension_id, level in sorted(left):
        levels.setdefault(dimension_id, []).append(level)
    at_level: dict[tuple[str, int], list[str]] = {}
    waiting: dict[str, int] = {}
    unlocks: dict[str, list[str]] = {step: [] for step in by_id}
    for step, c in by_id.items():
        key = (c.dimension.id, c.recommendation.level)
        at_level.setdefault(key, []).append(step)
        waiting[step] = len(waits.extra[step]) + (1 if waits.lower[key] else 0)
        for need in waits.extra[step]:
            unlocks[need].append(step)
    reached = dict.fromkeys(levels, 0)  # per dimension: levels whose steps are all placed
    lower_phase: dict[tuple[str, int], int] = {}  # the latest phase among the steps below
    latest: dict[tuple[str, int], int] = {}  # the latest phase among a level's placed steps
    ready = [(by_id[step].priority, step) for step, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    phase_of: dict[str, int] = {}
    used: dict[int, int] = {}
    placed: list[tuple[_Candidate, int]] = []

    with_room = OpenSlots()  # the phases that are not full

    def unlock(step: str) -> None:
        waiting[step] -= 1
        if waiting[step] == 0:
            heapq.heappush(ready, (by_id[step].priority, step))

    while ready:
        _, step = heapq.heappop(ready)
        c = by_id[step]
        key = (c.dimension.id, c.recommendation.level)
        phase = with_room.first_open(
            1 + max(lower_phase.get(key, 0), *(phase_of[need] for need in waits.extra[step]), 0)
        )
        phase_of[step] = phase
        used[phase] = used.get(phase, 0) + 1
        if room and used[phase] >= room:
            with_room.take(phase)
        placed.append((c, phase))
        latest[key] = max(latest.get(key, 0), phase)
        left[key] -= 1
        for other in unlocks[step]:
            unlock(other)
        dimension_id, order = c.dimension.id, levels[c.dimension.id]
        while (
            reached[dimension_id] < len(order)
            and not left[dimension_id, order[reached[dimension_id]]]
        ):
            done = (dimension_id, order[reached[dimension_id]])
            reached[dimension_id] += 1
            if reached[dimension_id] < len(order):
                following = (dimension_id, order[reached[dimension_id]])
                lower_phase[following] = max(lower_phase.get(done, 0), latest[done])
                for other in at_level[following]:
                    unlock(other)
    return placed


def plan_for(
    result: Result,
    targets: Targets | None = None,
    respondents: Sequence[Result] = (),
    *,
    steps_per_phase: int = STEPS_PER_PHASE,
) -> Plan:
    """The plan of one scored response, or of an organization assessment.

    For an organization, ``result`` carries the combined levels and caps, and ``respondents``
    the results whose answers decide the gaps.
    """
    answer_sets = [
        {scored.question.id: scored.value for d in r.dimensions for scored in d.questions}
        for r in respondents or [result]
    ]
    claims = [claimed_answers(r) for r in respondents or [result]]
    return plan(
        result.questionnaire,
        {d.id: d.level for d in result.dimensions},
        answer_levels(result.questionnaire, answer_sets, claims),
        targets,
        lowered_by=[cap.question for d in result.dimensions for cap in d.lowering_caps],
        steps_per_phase=steps_per_phase,
    )


def claimed_answers(result: Result) -> set[str]:
    """The questions a result's response answers with ``evidence: claimed``."""
    if result.response is None:
        return set()
    return {qid for qid, answer in result.response.answers.items() if answer.evidence == "claimed"}

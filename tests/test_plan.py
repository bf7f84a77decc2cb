"""SPEC section 3: the roadmap as a plan (steps up, gaps, phases), by hand and as properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialmaturity.engine.roadmap import (
    Plan,
    Targets,
    answer_levels,
    parse_targets,
    plan,
    plan_for,
)
from socialmaturity.engine.scoring import score_answers
from socialmaturity.model.questionnaire import Questionnaire, load_questionnaire
from socialmaturity.model.response import Answer

# Levels 0/25/50/75; options a..d anchored 1..4 with points 0..3 (norms 0, 1/3, 2/3, 1).
OPTIONS = """\
        options:
          - {value: a, label: A, points: 0, level: 1}
          - {value: b, label: B, points: 1, level: 2}
          - {value: c, label: C, points: 2, level: 3}
          - {value: d, label: D, points: 3, level: 4}
"""
TEXT = f"""\
id: plan-q
version: "1"
title: Plan test
levels:
  - {{level: 1, name: One, min_score: 0}}
  - {{level: 2, name: Two, min_score: 25}}
  - {{level: 3, name: Three, min_score: 50}}
  - {{level: 4, name: Four, min_score: 75}}
dimensions:
  - id: alpha
    name: Alpha
    questions:
      - id: a1
        text: A1?
{OPTIONS}      - id: a2
        text: A2?
{OPTIONS}      - id: a3
        text: A3?
        kind: multi
        options:
          - {{value: x, label: X, points: 1}}
          - {{value: y, label: Y, points: 1}}
    recommendations:
      - {{id: a_legal, level: 2, title: Legal first, addresses: [a1]}}
      - {{id: a_link, level: 3, title: Link profiles, addresses: [a1, a2], after: [a_legal]}}
      - {{id: a_cohorts, level: 4, title: Cohorts, addresses: [a2, a3]}}
  - id: beta
    name: Beta
    questions:
      - id: b1
        text: B1?
{OPTIONS}      - id: b2
        text: B2?
{OPTIONS}    recommendations:
      - {{id: b_two, level: 2, title: B two, addresses: [b1]}}
      - {{id: b_three, level: 3, title: B three, addresses: [b2], after: [a_link]}}
      - {{id: b_four, level: 4, title: B four, addresses: [b1, b2], after: [a_cohorts]}}
"""


@pytest.fixture(scope="module")
def q(tmp_path_factory: pytest.TempPathFactory) -> Questionnaire:
    path: Path = tmp_path_factory.mktemp("plan") / "q.yaml"
    path.write_text(TEXT, encoding="utf-8")
    return load_questionnaire(path)


def plan_of(q: Questionnaire, targets: list[str] | None = None, **answers: str) -> Plan:
    given_answers = {k: Answer(v if k != "a3" else tuple(v.split(","))) for k, v in answers.items()}
    result = score_answers(q, given_answers)
    return plan_for(result, parse_targets(targets or [], q))


def summary(p: Plan) -> list[tuple[int, str, bool]]:
    return [(s.phase, s.recommendation.id, s.is_gap) for s in p.steps]


def test_steps_up_and_phases_follow_after_across_dimensions(q: Questionnaire) -> None:
    # alpha: a1=a, a2=a -> 0 -> level 1; beta: b1=a, b2=a -> level 1. Target 3 everywhere.
    p = plan_of(q, ["3"], a1="a", a2="a", b1="a", b2="a")
    assert summary(p) == [
        (1, "a_legal", False),
        (1, "b_two", False),
        (2, "a_link", False),
        (3, "b_three", False),  # after a_link (phase 2) and b_two (its own lower level)
    ]
    waits = {s.recommendation.id: s.waits_for for s in p.steps}
    assert waits["b_three"] == ("b_two", "a_link")


def test_a_gap_under_the_reached_level(q: Questionnaire) -> None:
    # alpha: a1=b (level 2 answer), a2=c -> (1/3 + 2/3)/2 = 50 -> level 3; a_legal (2) is
    # reached, but a1's answer is level 2, not below 2: no gap. a_link (3) addresses a1 at 2 < 3.
    # a_cohorts (4) addresses a2, answered at 3: a step up, not in place.
    p = plan_of(q, a1="b", a2="c", b1="d", b2="d")
    alpha = [(s.recommendation.id, s.is_gap) for s in p.steps if s.dimension.id == "alpha"]
    assert alpha == [("a_link", True), ("a_cohorts", False)]
    gap = next(s for s in p.steps if s.recommendation.id == "a_link")
    assert [(question.id, answer.level) for question, answer in gap.gaps] == [("a1", 2)]
    # the gap is closed before the next step up: a_cohorts waits for it
    cohorts = next(s for s in p.steps if s.recommendation.id == "a_cohorts")
    assert cohorts.phase == gap.phase + 1 and "a_link" in cohorts.waits_for


def test_after_is_not_followed_through_a_step_outside_the_plan(q: Questionnaire) -> None:
    # beta at level 2 (b1=c, b2=a: 33.3); alpha at level 4: a_link is not in the plan, so
    # b_three (after a_link) starts in phase 1
    p = plan_of(q, a1="d", a2="d", a3="x,y", b1="c", b2="a")
    assert ("b_three", ()) in [(s.recommendation.id, s.waits_for) for s in p.steps]
    assert next(s.phase for s in p.steps if s.recommendation.id == "b_three") == 1


def test_unanswered_na_and_unanchored_answers_are_never_gaps(q: Questionnaire) -> None:
    p = plan_of(q, a2="d", a3="x", b1="d", b2="d")  # a1 unanswered, a3 is multi
    assert not any(s.is_gap for s in p.steps)


def test_gap_uses_the_lower_median_of_respondents(q: Questionnaire) -> None:
    sets: list[dict[str, str | None]] = [{"a1": "a"}, {"a1": "c"}, {"a1": "d"}, {"a1": None}]
    assert answer_levels(q, sets)["a1"].level == 3  # anchors 1, 3, 4 -> lower median 3
    sets.append({"a1": "b"})
    assert answer_levels(q, sets)["a1"].level == 2  # 1, 2, 3, 4 -> lower median 2
    p = plan(q, {"alpha": 3, "beta": 4}, answer_levels(q, sets))
    assert [s.recommendation.id for s in p.steps if s.is_gap] == ["a_link"]


def test_target_below_the_level_limits_gaps(q: Questionnaire) -> None:
    # alpha at 3 with a1 at level 1: a_legal (2) and a_link (3) are gaps; --target alpha=2 keeps
    # only gaps up to level 2
    levels = answer_levels(q, [{"a1": "a"}])
    full = plan(q, {"alpha": 3, "beta": 4}, levels)
    assert [s.recommendation.id for s in full.steps if s.is_gap] == ["a_legal", "a_link"]
    limited = plan(q, {"alpha": 3, "beta": 4}, levels, Targets(per_dimension=(("alpha", 2),)))
    assert [s.recommendation.id for s in limited.steps] == ["a_legal"]


# --- properties ------------------------------------------------------------------------------

SINGLE = ["a1", "a2", "b1", "b2"]
answers_strategy = st.fixed_dictionaries(
    {qid: st.sampled_from([None, "a", "b", "c", "d"]) for qid in SINGLE}
)
targets_strategy = st.lists(
    st.sampled_from(["1", "2", "3", "4", "alpha=2", "alpha=4", "beta=1", "beta=3"]), max_size=2
)


def _plan(q: Questionnaire, answers: dict[str, str | None], targets: list[str]) -> Plan:
    result = score_answers(q, {k: Answer(v) for k, v in answers.items()})
    return plan_for(result, parse_targets(targets, q))


@settings(max_examples=200, deadline=None)
@given(answers=answers_strategy, targets=targets_strategy)
def test_property_no_step_precedes_a_step_it_must_follow(
    q: Questionnaire, answers: dict[str, str | None], targets: list[str]
) -> None:
    p = _plan(q, answers, targets)
    phase = {s.recommendation.id: s.phase for s in p.steps}
    for step in p.steps:
        for other in step.recommendation.after:
            if other in phase:
                assert phase[other] < step.phase
        for other in p.steps:
            same = other.dimension.id == step.dimension.id
            if same and other.recommendation.level < step.recommendation.level:
                assert other.phase < step.phase
    assert [s.phase for s in p.steps] == sorted(s.phase for s in p.steps)


@settings(max_examples=200, deadline=None)
@given(answers=answers_strategy, targets=targets_strategy)
def test_property_targets_bound_the_steps(
    q: Questionnaire, answers: dict[str, str | None], targets: list[str]
) -> None:
    p = _plan(q, answers, targets)
    bounds = {d.dimension.id: (d.current, d.target) for d in p.dimensions}
    for step in p.steps:
        current, target = bounds[step.dimension.id]
        if step.is_gap:
            assert step.recommendation.level <= min(current, target)
        else:
            assert current < step.recommendation.level <= target


@settings(max_examples=300, deadline=None)
@given(
    answers=answers_strategy,
    targets=targets_strategy,
    question=st.sampled_from(SINGLE),
    raised=st.sampled_from(["b", "c", "d"]),
)
def test_property_raising_an_answer_never_adds_a_gap_for_it(
    q: Questionnaire,
    answers: dict[str, str | None],
    targets: list[str],
    question: str,
    raised: str,
) -> None:
    before_value = answers[question]
    if before_value is None or before_value >= raised:
        return
    before = _plan(q, answers, targets)
    after = _plan(q, answers | {question: raised}, targets)

    def gaps_for(p: Plan) -> set[str]:
        return {
            s.recommendation.id for s in p.steps if any(found.id == question for found, _ in s.gaps)
        }

    planned_before = {s.recommendation.id for s in before.steps}
    # a gap for this question after raising it was a gap before, or already a step up
    assert gaps_for(after) <= gaps_for(before) | planned_before
    same_levels = [d.current for d in before.dimensions] == [d.current for d in after.dimensions]
    if same_levels:
        assert gaps_for(after) <= gaps_for(before)


def test_a_step_up_whose_answers_reach_its_level_is_in_place_not_a_step(q: Questionnaire) -> None:
    # alpha at level 3 (a1=b, a2=d: 66.7); a_cohorts (4) addresses a2 answered at 4 and a3
    # (multi, no answer level): in place, listed apart, and nothing waits for it
    p = plan_of(q, a1="b", a2="d", b1="d", b2="d")
    assert [r.id for r in p.in_place] == ["a_cohorts"]
    assert "a_cohorts" not in [s.recommendation.id for s in p.steps]
    assert all("a_cohorts" not in s.waits_for for s in p.steps)


APPOINTING = """\
id: appoint-q
version: "1"
title: Appointing
levels:
  - {level: 1, name: One, min_score: 0}
  - {level: 2, name: Two, min_score: 50}
dimensions:
  - id: lead
    name: Lead
    questions:
      - id: l1
        text: L1?
        options:
          - {value: a, label: A, points: 0, level: 1}
          - {value: b, label: B, points: 1, level: 2}
    recommendations:
      - {id: hire, level: 2, title: Hire a head of social, owner: CEO, appoints: Head of Social}
  - id: talk
    name: Talk
    questions:
      - id: t1
        text: T1?
        options:
          - {value: a, label: A, points: 0, level: 1}
          - {value: b, label: B, points: 1, level: 2}
    recommendations:
      - {id: listen, level: 2, title: Listen, owner: head of social}
      - {id: answer, level: 2, title: Answer, owner: CMO}
"""


@pytest.fixture(scope="module")
def appointing(tmp_path_factory: pytest.TempPathFactory) -> Questionnaire:
    path: Path = tmp_path_factory.mktemp("appoint") / "q.yaml"
    path.write_text(APPOINTING, encoding="utf-8")
    return load_questionnaire(path)


def test_nobody_owns_work_before_the_role_exists(appointing: Questionnaire) -> None:
    p = plan_of(appointing, l1="a", t1="a")
    phases = {s.recommendation.id: (s.phase, s.waits_for) for s in p.steps}
    assert phases == {"hire": (1, ()), "answer": (1, ()), "listen": (2, ("hire",))}
    # once the role is filled (the lead dimension reaches level 2), nothing waits for it
    p = plan_of(appointing, l1="b", t1="a")
    assert {s.recommendation.id: s.phase for s in p.steps} == {"listen": 1, "answer": 1}


def test_phases_hold_at_most_n_steps_placed_by_priority(q: Questionnaire) -> None:
    # everything at level 1, target 4: a_legal, b_two (phase 1 by waits), then the rest
    answers = {"a1": "a", "a2": "a", "b1": "a", "b2": "a"}
    unlimited = plan_of(q, ["4"], **answers)
    result = score_answers(q, {k: Answer(v) for k, v in answers.items()})
    one = plan_for(result, parse_targets(["4"], q), steps_per_phase=1)
    assert [len(steps) for _, steps in one.phases()] == [1] * len(unlimited.steps)
    assert one.first_moves == (one.steps[0].recommendation.id,)
    for step in one.steps:  # a step's phase is later than every phase it waits for
        phase = {s.recommendation.id: s.phase for s in one.steps}
        assert all(phase[other] < step.phase for other in step.waits_for)
    assert len(unlimited.first_moves) <= 3
    assert set(unlimited.first_moves) <= {
        s.recommendation.id for s in unlimited.steps if s.phase == 1
    }

"""SPEC section 3: the scoring formulas, levels, caps, overall rules, rounding and the roadmap.

Every expected number is worked out by hand from tests/fixtures/scoring/test-scoring.yaml (its
header comment lists each question's norm formula); the arithmetic is written next to each
assertion. Thresholds there: level 1 from 0, 2 from 30, 3 from 60, 4 from 85; dimension weights
alpha 2, beta 1, gamma 1; 8 questions in all.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialmaturity.engine.roadmap import parse_targets, plan_for
from socialmaturity.engine.scoring import Result, score_answers
from socialmaturity.errors import UsageError
from socialmaturity.model.questionnaire import Questionnaire, load_questionnaire
from socialmaturity.model.response import Answer
from socialmaturity.render.records import result_record

from conftest import FIXTURES

QUESTIONNAIRE_PATH = FIXTURES / "scoring" / "test-scoring.yaml"
QUESTIONNAIRE_TEXT = QUESTIONNAIRE_PATH.read_text(encoding="utf-8")

Q = load_questionnaire(QUESTIONNAIRE_PATH)
Q_MINIMUM = load_questionnaire(
    "minimum.yaml", text=QUESTIONNAIRE_TEXT.replace("overall: mean", "overall: minimum")
)

ABS = 1e-9


def answers(**values: object) -> dict[str, Answer]:
    """Answers from plain values; lists become tuples (multi answers)."""
    return {
        qid: Answer(tuple(value) if isinstance(value, list) else value)  # type: ignore[arg-type]
        for qid, value in values.items()
    }


def score(questionnaire: Questionnaire = Q, **values: object) -> Result:
    return score_answers(questionnaire, answers(**values))


# A complete answer set used by several tests ("case 1").
FULL = {
    "a_single": "all",  # norm (5-1)/4 = 1
    "a_multi": ["blog", "care"],  # norm (1+3)/6 = 4/6
    "a_scale": 4,  # norm (4-1)/4 = 0.75
    "a_gate": "open",  # weight 0, no cap
    "b_single": "mid",  # norm 1/3, cap 3
    "b_optional": 7,  # norm 0.7
    "g_scale": "na",  # left out of the score, counted as answered
    "g_yesno": "yes",  # norm 1
}
# alpha = 100*(1*1 + 3*4/6 + 2*0.75)/(1+3+2) = 100*4.5/6 = 75 -> level 3
# beta  = 100*(1/3 + 0.7)/2 = 51.666... -> level 2 (cap 3 listed, no effect)
# gamma = 100*1/1 = 100 -> level 4
# overall = (2*75 + 1*51.666... + 1*100)/4 = 301.666.../4 = 75.41666... -> level 3


# --- formulas -------------------------------------------------------------------------------


def test_full_answer_set_exact_scores_and_levels() -> None:
    result = score(**FULL)
    alpha, beta, gamma = result.dimensions
    assert [d.id for d in result.dimensions] == ["alpha", "beta", "gamma"]
    assert alpha.score == pytest.approx(75.0, abs=ABS)
    assert alpha.level == 3
    assert beta.score == pytest.approx(51.666666666666667, abs=ABS)
    assert beta.level == 2
    assert gamma.score == pytest.approx(100.0, abs=ABS)
    assert gamma.level == 4
    assert result.score == pytest.approx(75.416666666666667, abs=ABS)
    assert result.level == 3
    # every question answered (na included): 8/8
    assert [d.answered for d in result.dimensions] == [4, 2, 2]
    assert result.completeness == pytest.approx(1.0, abs=ABS)


def test_single_norm_uses_min_and_max_points() -> None:
    # some: (2-1)/(5-1) = 0.25 -> 25, not 2/5 = 40
    assert score(a_single="some").dimension("alpha").score == pytest.approx(25.0, abs=ABS)
    # none: (1-1)/4 = 0 -> 0, not 1/5 = 20
    assert score(a_single="none").dimension("alpha").score == pytest.approx(0.0, abs=ABS)
    # b_single mid: (1-0)/(3-0) = 1/3 -> 33.333...
    assert score(b_single="mid").dimension("beta").score == pytest.approx(100 / 3, abs=ABS)


def test_multi_norm_is_chosen_over_all_points() -> None:
    # [forum, care]: (2+3)/6 -> 83.333...
    assert score(a_multi=["forum", "care"]).dimension("alpha").score == pytest.approx(
        500 / 6, abs=ABS
    )
    # an empty multi answer is an answer worth 0 (and counts as answered)
    empty = score(a_multi=[]).dimension("alpha")
    assert empty.score == pytest.approx(0.0, abs=ABS)
    assert empty.answered == 1
    # a zero-point option adds nothing: [blog, other] = (1+0)/6
    assert score(a_multi=["blog", "other"]).dimension("alpha").score == pytest.approx(
        100 / 6, abs=ABS
    )


def test_scale_norm_with_nonzero_minimum() -> None:
    # a_scale 1..5: value 2 -> (2-1)/(5-1) = 0.25 -> 25 (not 2/5 = 40)
    assert score(a_scale=2).dimension("alpha").score == pytest.approx(25.0, abs=ABS)
    # value 1 -> 0 (the minimum is worth nothing)
    assert score(a_scale=1).dimension("alpha").score == pytest.approx(0.0, abs=ABS)
    # g_scale 0..4: 3 -> 0.75 -> 75
    assert score(g_scale=3).dimension("gamma").score == pytest.approx(75.0, abs=ABS)


def test_question_weights_within_a_dimension() -> None:
    # alpha: a_single all (1, w1), a_scale 1 (0, w2): 100*(1*1 + 2*0)/(1+2) = 33.333... -> level 2
    alpha = score(a_single="all", a_scale=1).dimension("alpha")
    assert alpha.score == pytest.approx(100 / 3, abs=ABS)
    assert alpha.level == 2
    # a_single none (0, w1), a_multi [care] (3/6, w3): 100*(0 + 3*0.5)/4 = 37.5
    alpha = score(a_single="none", a_multi=["care"]).dimension("alpha")
    assert alpha.score == pytest.approx(37.5, abs=ABS)


def test_unanswered_questions_are_left_out() -> None:
    # only a_scale 5 answered in alpha: 100*(2*1)/2 = 100, not diluted by the other questions
    result = score(a_scale=5, a_single=None)
    alpha = result.dimension("alpha")
    assert alpha.score == pytest.approx(100.0, abs=ABS)
    assert alpha.level == 4
    assert alpha.answered == 1  # None is "not answered yet"
    # completeness 1/8
    assert result.completeness == pytest.approx(0.125, abs=ABS)


def test_na_is_left_out_but_counted_as_answered() -> None:
    # beta: b_single na, b_optional 4 -> 100*0.4/1 = 40 (not 100*(0+0.4)/2 = 20)
    beta = score(b_single="na", b_optional=4).dimension("beta")
    assert beta.score == pytest.approx(40.0, abs=ABS)
    assert beta.level == 2
    assert beta.answered == 2


def test_weight_zero_answer_is_counted_but_not_scored() -> None:
    # a_single all (1, w1) + a_gate open (weight 0): 100*1/1 = 100, not 100*(1+1)/2
    result = score(a_single="all", a_gate="open")
    alpha = result.dimension("alpha")
    assert alpha.score == pytest.approx(100.0, abs=ABS)
    assert alpha.answered == 2
    assert result.completeness == pytest.approx(2 / 8, abs=ABS)


def test_dimension_with_nothing_scored_is_null_and_left_out_of_overall() -> None:
    # alpha: a_single some -> 25; beta: only na -> null; gamma: only na -> null
    result = score(a_single="some", b_single="na", g_scale="na")
    beta = result.dimension("beta")
    gamma = result.dimension("gamma")
    assert (beta.score, beta.level, beta.answered) == (None, None, 1)
    assert (gamma.score, gamma.level, gamma.answered) == (None, None, 1)
    # overall = (2*25)/2 = 25: the null dimensions' weights are not in the denominator
    assert result.score == pytest.approx(25.0, abs=ABS)
    assert result.level == 1
    # answered: a_single, b_single (na), g_scale (na) = 3 of 8
    assert result.completeness == pytest.approx(3 / 8, abs=ABS)


def test_only_weight_zero_answer_gives_null_score_but_counts() -> None:
    alpha = score(a_gate="open").dimension("alpha")
    assert (alpha.score, alpha.level, alpha.answered) == (None, None, 1)


def test_nothing_answered_at_all() -> None:
    result = score()
    assert result.score is None
    assert result.level is None
    assert all(d.score is None and d.level is None and d.answered == 0 for d in result.dimensions)
    assert result.completeness == 0


# --- caps -----------------------------------------------------------------------------------


def test_cap_on_weight_zero_question_lowers_level() -> None:
    # a_single all, a_multi all three scoring options, a_scale 5: 100*(1 + 3*1 + 2*1)/6 = 100
    # -> uncapped level 4; a_gate partial caps at 3
    alpha = score(
        a_single="all", a_multi=["blog", "forum", "care"], a_scale=5, a_gate="partial"
    ).dimension("alpha")
    assert alpha.score == pytest.approx(100.0, abs=ABS)
    assert alpha.uncapped_level == 4
    assert alpha.level == 3
    assert [(c.question, c.option, c.level) for c in alpha.caps] == [("a_gate", "partial", 3)]
    assert alpha.capped


def test_cap_is_listed_even_when_it_does_not_lower_the_level() -> None:
    # beta: b_single mid (1/3, cap 3), b_optional 7 (0.7): 100*(1/3 + 0.7)/2 = 51.67 -> level 2
    beta = score(**FULL).dimension("beta")
    assert beta.uncapped_level == 2
    assert beta.level == 2
    assert [(c.question, c.option, c.level) for c in beta.caps] == [("b_single", "mid", 3)]
    assert not beta.capped


def test_smallest_cap_wins() -> None:
    # a_single none (0, cap 2), a_multi all three (1), a_scale 5 (1), a_gate partial (cap 3):
    # 100*(0 + 3*1 + 2*1)/6 = 83.333... -> uncapped level 3; caps 2 and 3 -> level 2
    alpha = score(
        a_single="none", a_multi=["blog", "forum", "care"], a_scale=5, a_gate="partial"
    ).dimension("alpha")
    assert alpha.score == pytest.approx(500 / 6, abs=ABS)
    assert alpha.uncapped_level == 3
    assert alpha.level == 2
    assert sorted((c.question, c.option, c.level) for c in alpha.caps) == [
        ("a_gate", "partial", 3),
        ("a_single", "none", 2),
    ]


def test_cap_to_level_one_and_overall_mean_uses_uncapped_scores() -> None:
    # a_single all -> alpha 100 (uncapped 4), a_gate closed caps alpha at 1
    result = score(a_single="all", a_gate="closed", g_yesno="no")
    alpha = result.dimension("alpha")
    assert (alpha.uncapped_level, alpha.level) == (4, 1)
    # overall mean = (2*100 + 1*0)/3 = 66.666... -> level 3 by thresholds (caps do not touch
    # scores, and the mean rule takes the level of the overall score)
    assert result.score == pytest.approx(200 / 3, abs=ABS)
    assert result.level == 3


def test_cap_of_unanswered_or_na_question_does_not_apply() -> None:
    # no answer to a_single / a_gate: no caps; alpha = a_scale 5 only = 100 -> level 4
    alpha = score(a_scale=5).dimension("alpha")
    assert alpha.caps == ()
    assert alpha.level == 4


# --- level thresholds -------------------------------------------------------------------------

TOLERANCE_Q = load_questionnaire(
    "tolerance.yaml",
    text="""\
id: tolerance
version: "1"
title: Threshold tolerance
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: High, min_score: 70}
dimensions:
  - id: d
    name: D
    questions:
      - {id: s1, text: One, kind: scale, min: 0, max: 10}
      - {id: s2, text: Two, kind: scale, min: 0, max: 10}
      - {id: s3, text: Three, kind: scale, min: 0, max: 10}
  - id: e
    name: E
    questions:
      - {id: fine, text: Fine-grained, kind: scale, min: 0, max: 10000}
""",
)


def test_score_exactly_at_threshold_despite_float_noise_reaches_it() -> None:
    # 100*(0.7 + 0.7 + 0.7)/3 is mathematically 70 but is computed just below it in floats
    assert 100 * (0.7 + 0.7 + 0.7) / 3 < 70
    result = score(TOLERANCE_Q, s1=7, s2=7, s3=7)
    d = result.dimension("d")
    assert d.score == pytest.approx(70.0, abs=ABS)
    assert d.level == 2
    assert result.level == 2  # overall = d alone = 70 -> level 2


def test_level_comes_from_unrounded_score() -> None:
    # fine 6996 of 0..10000 -> 69.96: rounds to 70.0 for display, but level stays 1
    result = score(TOLERANCE_Q, fine=6996)
    e = result.dimension("e")
    assert e.score == pytest.approx(69.96, abs=ABS)
    assert e.level == 1
    record = result_record(result, "x.yaml")
    assert record["dimensions"][1]["score"] == 70.0
    assert record["dimensions"][1]["level"] == 1
    assert record["overall"] == {"score": 70.0, "level": 1, "level_name": "Low"}


WIDE_WEIGHTS_Q = load_questionnaire(
    "wide.yaml",
    text="""\
id: wide
version: "1"
title: Weights far apart
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: High, min_score: 50}
dimensions:
  - id: d
    name: D
    questions:
      - {id: heavy, text: Heavy, kind: scale, min: 0, max: 4, weight: 1000000}
      - {id: light, text: Light, kind: scale, min: 0, max: 4, weight: 5.0e-324}
      - {id: lighter, text: Lighter, kind: scale, min: 0, max: 4, weight: 5.0e-324}
""",
)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"heavy": 4, "light": 0}, 100.0),  # the tiny weight cannot move the heavy one
        ({"light": 3}, 75.0),  # the heaviest unanswered: scaled by the lightest answered
        ({"light": 4, "lighter": 2}, 75.0),
    ],
)
def test_weights_far_apart_score_exactly(values: dict[str, int], expected: float) -> None:
    assert score(WIDE_WEIGHTS_Q, **values).dimension("d").score == expected


@pytest.mark.parametrize(
    ("value", "expected_level"),
    [
        # g_yesno no (0) + g_scale v: 100*(v/4 + 0)/2 = 12.5*v
        (0, 1),  # 0
        (2, 1),  # 25 < 30
        (3, 2),  # 37.5
    ],
)
def test_levels_by_threshold(value: int, expected_level: int) -> None:
    gamma = score(g_scale=value, g_yesno="no").dimension("gamma")
    assert gamma.score == pytest.approx(12.5 * value, abs=ABS)
    assert gamma.level == expected_level


def test_score_exactly_on_thresholds() -> None:
    # b_optional alone: 100*v/10 -> 30 is level 2 (min_score <= score), 60 is level 3
    assert score(b_optional=3).dimension("beta").level == 2
    assert score(b_optional=6).dimension("beta").level == 3
    # g_scale alone 4/4 = 100 -> top level 4; 0 -> level 1
    assert score(g_scale=4).dimension("gamma").level == 4
    assert score(g_scale=0).dimension("gamma").level == 1


# --- overall ---------------------------------------------------------------------------------


def test_overall_mean_is_weighted_by_dimension_weights() -> None:
    # alpha a_scale 5 -> 100 (weight 2), beta b_optional 0 -> 0 (weight 1), gamma null
    # overall = (2*100 + 1*0)/(2+1) = 66.666... -> level 3 (an unweighted mean would give 50)
    result = score(a_scale=5, b_optional=0)
    assert result.score == pytest.approx(200 / 3, abs=ABS)
    assert result.level == 3


def test_overall_minimum_rule_takes_lowest_dimension_level_after_caps() -> None:
    result = score(Q_MINIMUM, **FULL)
    # same scores as with the mean rule: alpha 75 (3), beta 51.67 (2), gamma 100 (4)
    assert [d.level for d in result.dimensions] == [3, 2, 4]
    assert result.score == pytest.approx(75.416666666666667, abs=ABS)
    assert result.level == 2  # min(3, 2, 4); the mean rule would say 3

    # with a cap: alpha 100 capped at 1 by a_gate closed, gamma g_yesno yes 100 -> 4, beta null
    capped = score(Q_MINIMUM, a_single="all", a_gate="closed", g_yesno="yes")
    assert [d.level for d in capped.dimensions] == [1, None, 4]
    # overall score (2*100 + 1*100)/3 = 100, level = min(1, 4) = 1 (null beta ignored)
    assert capped.score == pytest.approx(100.0, abs=ABS)
    assert capped.level == 1


def test_overall_minimum_with_nothing_scored_is_null() -> None:
    result = score(Q_MINIMUM, b_single="na")
    assert (result.score, result.level) == (None, None)


# --- rounding in records -------------------------------------------------------------------------


def test_record_rounds_with_python_round_only_at_output() -> None:
    # alpha: a_single some (0.25, w1), a_multi [] (0, w3): 100*(0.25 + 0)/4 = 6.25 exactly
    result = score(a_single="some", a_multi=[])
    assert result.dimension("alpha").score == 6.25
    record = result_record(result, "r.yaml")
    # round(6.25, 1) == 6.2 (6.25 is exact in binary: half to even), not 6.3
    assert record["dimensions"][0]["score"] == 6.2
    assert record["overall"]["score"] == 6.2  # overall = 2*6.25/2 = 6.25
    # beta null -> null score and level
    assert record["dimensions"][1]["score"] is None
    assert record["dimensions"][1]["level"] is None
    assert record["dimensions"][1]["level_name"] is None

    # a_single some, a_multi [blog, forum]: 100*(0.25 + 3*3/6)/4 = 100*1.75/4 = 43.75 -> 43.8
    other = result_record(score(a_single="some", a_multi=["blog", "forum"]), "r.yaml")
    assert other["dimensions"][0]["score"] == 43.8


def test_record_of_full_answer_set() -> None:
    record = result_record(score(**FULL), "full.yaml")
    assert record["overall"] == {"score": 75.4, "level": 3, "level_name": "Grow"}
    assert [(d["id"], d["score"], d["level"], d["level_name"]) for d in record["dimensions"]] == [
        ("alpha", 75.0, 3, "Grow"),
        ("beta", 51.7, 2, "Build"),
        ("gamma", 100.0, 4, "Lead"),
    ]
    assert [(d["answered"], d["questions"]) for d in record["dimensions"]] == [
        (4, 4),
        (2, 2),
        (2, 2),
    ]
    assert record["dimensions"][1]["caps"] == [
        {"question": "b_single", "option": "mid", "level": 3}
    ]
    assert record["completeness"] == 1.0


# --- roadmap ---------------------------------------------------------------------------------


def roadmap(result, targets=None):
    return plan_for(result, targets)


def ids(plan, dimension: str) -> list[str]:
    return [s.recommendation.id for s in plan.steps if s.dimension.id == dimension]


def test_roadmap_default_target_is_one_level_up_never_above_top() -> None:
    # FULL: alpha 3, beta 2, gamma 4 (top)
    steps = roadmap(score(**FULL), parse_targets([], Q))
    assert ids(steps, "alpha") == ["a_rec4"]  # 3 < level <= 4
    assert ids(steps, "beta") == ["b_rec3"]  # 2 < level <= 3
    assert ids(steps, "gamma") == []  # at the top: target stays 4, nothing above it
    targets = {s.dimension.id: (s.current, s.target) for s in steps.dimensions}
    assert targets == {"alpha": (3, 4), "beta": (2, 3), "gamma": (4, 4)}


def test_roadmap_without_targets_argument_defaults_too() -> None:
    steps = roadmap(score(**FULL))
    assert ids(steps, "beta") == ["b_rec3"]


def test_roadmap_target_for_every_dimension_orders_by_level() -> None:
    # --target 4: beta 2 -> 4 gets b_rec3 (3) then b_rec4 (4), file order is b_rec4, b_rec3
    steps = roadmap(score(**FULL), parse_targets(["4"], Q))
    assert ids(steps, "alpha") == ["a_rec4"]
    assert ids(steps, "beta") == ["b_rec3", "b_rec4"]
    assert ids(steps, "gamma") == []


def test_roadmap_null_level_counts_as_level_one() -> None:
    # nothing answered: every dimension counts as level 1, default target 2
    steps = roadmap(score(), parse_targets([], Q))
    assert ids(steps, "alpha") == ["a_rec2"]
    assert ids(steps, "beta") == ["b_rec2"]
    assert ids(steps, "gamma") == []  # gamma's only recommendation is for level 4
    # --target 3 from (null ->) 1: alpha gets levels 2, 3, 3 in level order
    steps = roadmap(score(), parse_targets(["3"], Q))
    alpha_recs = [s.recommendation for s in steps.steps if s.dimension.id == "alpha"]
    assert [r.level for r in alpha_recs] == [2, 3, 3]
    assert {r.id for r in alpha_recs} == {"a_rec2", "a_rec3", "a_rec3b"}


def test_roadmap_capped_level_is_the_current_level() -> None:
    # alpha 100 capped at 1 by a_gate closed: roadmap starts from level 1
    steps = roadmap(score(a_single="all", a_gate="closed"), parse_targets([], Q))
    assert ids(steps, "alpha") == ["a_rec2"]


def test_roadmap_per_dimension_targets() -> None:
    # every dimension 4, but beta=2 (already there: none) and alpha=3 (already there: none)
    steps = roadmap(score(**FULL), parse_targets(["4", "beta=2", "alpha=3"], Q))
    assert ids(steps, "alpha") == []
    assert ids(steps, "beta") == []
    assert ids(steps, "gamma") == []
    # only beta=4; the others keep the default (one up)
    steps = roadmap(score(**FULL), parse_targets(["beta=4"], Q))
    assert ids(steps, "beta") == ["b_rec3", "b_rec4"]
    assert ids(steps, "alpha") == ["a_rec4"]


def test_roadmap_target_below_current_gives_nothing() -> None:
    steps = roadmap(score(**FULL), parse_targets(["1"], Q))
    assert steps.steps == ()


@pytest.mark.parametrize("value", ["5", "alpha=5", "0", "beta=0"])
def test_target_outside_the_levels_is_a_usage_error(value: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_targets([value], Q)
    assert caught.value.exit_code == 2


@pytest.mark.parametrize("value", ["delta=3", "x", "alpha=high"])
def test_target_unknown_dimension_or_not_a_number_is_a_usage_error(value: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_targets([value], Q)
    assert caught.value.exit_code == 2


# --- properties --------------------------------------------------------------------------------


def _value_strategy(question) -> st.SearchStrategy:  # type: ignore[no-untyped-def]
    choices: list[st.SearchStrategy] = [st.none()]
    if question.allow_na:
        choices.append(st.just("na"))
    if question.kind == "single":
        choices.append(st.sampled_from([o.value for o in question.options]))
    elif question.kind == "multi":
        values = [o.value for o in question.options]
        choices.append(
            st.lists(st.sampled_from(values), unique=True, max_size=len(values)).map(tuple)
        )
    else:
        choices.append(st.integers(min_value=question.min, max_value=question.max))
    return st.one_of(*choices)


ALL_QUESTIONS = [q for d in Q.dimensions for q in d.questions]
DIMENSION_OF = {q.id: d.id for d in Q.dimensions for q in d.questions}
answer_sets = st.fixed_dictionaries({q.id: _value_strategy(q) for q in ALL_QUESTIONS})
questionnaires = st.sampled_from([Q, Q_MINIMUM])
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _as_answers(values: dict[str, object]) -> dict[str, Answer]:
    return {qid: Answer(value) for qid, value in values.items()}  # type: ignore[arg-type]


def _summary(result: Result) -> tuple:
    return (
        result.score,
        result.level,
        result.completeness,
        tuple(
            (d.id, d.score, d.level, d.uncapped_level, d.caps, d.answered)
            for d in result.dimensions
        ),
    )


@PROPERTY
@given(questionnaire=questionnaires, values=answer_sets)
def test_scores_stay_within_0_and_100_and_levels_are_valid(
    questionnaire: Questionnaire, values: dict[str, object]
) -> None:
    result = score_answers(questionnaire, _as_answers(values))
    top = questionnaire.top_level
    for d in result.dimensions:
        if d.score is None:
            assert d.level is None
        else:
            assert -ABS <= d.score <= 100 + ABS
            assert d.level is not None and 1 <= d.level <= top
    if result.score is not None:
        assert -ABS <= result.score <= 100 + ABS
        assert result.level is not None and 1 <= result.level <= top
    assert 0 <= result.completeness <= 1


@PROPERTY
@given(questionnaire=questionnaires, values=answer_sets)
def test_a_cap_never_raises_a_level(
    questionnaire: Questionnaire, values: dict[str, object]
) -> None:
    result = score_answers(questionnaire, _as_answers(values))
    for d in result.dimensions:
        if d.level is not None:
            assert d.uncapped_level is not None
            assert d.level <= d.uncapped_level
            if d.caps:
                assert d.level <= min(c.level for c in d.caps)
            else:
                assert d.level == d.uncapped_level


@PROPERTY
@given(values=answer_sets, data=st.data())
def test_a_better_answer_never_lowers_its_dimension_score(
    values: dict[str, object], data: st.DataObject
) -> None:
    candidates = [
        q
        for q in ALL_QUESTIONS
        if q.weight > 0 and q.kind in ("single", "scale") and values[q.id] not in (None, "na")
    ]
    if not candidates:
        return
    question = data.draw(st.sampled_from(candidates))
    current = values[question.id]
    if question.kind == "single":
        points = question.option_by_value[current].points
        better = [o.value for o in question.options if o.points > points]
        if not better:
            return
        raised = data.draw(st.sampled_from(better))
    else:
        if current == question.max:
            return
        raised = current + 1
    before = score_answers(Q, _as_answers(values)).dimension(DIMENSION_OF[question.id])
    after = score_answers(Q, _as_answers({**values, question.id: raised})).dimension(
        DIMENSION_OF[question.id]
    )
    assert before.score is not None and after.score is not None
    assert after.score >= before.score - ABS
    # (the level may still drop when the new option carries a cap, so only uncapped levels)
    assert (after.uncapped_level or 0) >= (before.uncapped_level or 0)


@PROPERTY
@given(questionnaire=questionnaires, values=answer_sets, seed=st.integers(0, 10_000))
def test_order_of_answers_does_not_matter(
    questionnaire: Questionnaire, values: dict[str, object], seed: int
) -> None:
    items = list(_as_answers(values).items())
    random.Random(seed).shuffle(items)
    shuffled = dict(items)
    assert _summary(score_answers(questionnaire, shuffled)) == _summary(
        score_answers(questionnaire, _as_answers(values))
    )


def test_fixture_questionnaire_is_what_the_tests_assume() -> None:
    """Pins the facts the hand computations rely on."""
    assert Q.top_level == 4
    assert [lv.min_score for lv in Q.levels] == [0, 30, 60, 85]
    assert [(d.id, d.weight, len(d.questions)) for d in Q.dimensions] == [
        ("alpha", 2, 4),
        ("beta", 1, 2),
        ("gamma", 1, 2),
    ]
    assert Q.question_count == 8
    assert Q.overall == "mean" and Q_MINIMUM.overall == "minimum"

"""Property-based fuzzing of reading, validating and scoring, on a fixed, modest budget.

Whatever the input, reading and validating end in a value or in :class:`SocialMaturityError`s
whose every problem names the file; scoring a valid input ends in finite scores from 0 to 100
that strict JSON can carry. Each property runs a fixed number of examples (no deadline, so a
slow machine does not fail them), the whole file in well under twenty seconds; the longest
property is marked ``slow`` (CI runs it in its second step).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialmaturity.engine.explain import explain
from socialmaturity.engine.scoring import (
    Result,
    norm_of,
    score_answers,
    score_dimension,
    weighted_sums,
)
from socialmaturity.errors import SocialMaturityError
from socialmaturity.model.questionnaire import Dimension, Questionnaire, load_questionnaire
from socialmaturity.model.response import (
    Answer,
    load_response_document,
    response_from,
    response_header,
)
from socialmaturity.model.yaml_reader import load_yaml
from socialmaturity.render.records import result_record

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SMALL = settings(FUZZ, max_examples=60)


def assert_located(error: SocialMaturityError, name: str) -> None:
    """Every problem of the error points into the file ``name``."""
    assert error.problems
    for problem in error.problems:
        assert problem.location is not None, problem
        assert problem.location.path == name, problem
        assert "\n" not in str(problem)


def read(text: str, name: str = "f.yaml", *, aliases: bool) -> Any:
    """The values of ``text``, or None when it was refused with located problems."""
    try:
        return load_yaml(name, allow_aliases=aliases, text=text).data
    except SocialMaturityError as error:
        assert_located(error, name)
        return None


# --- the YAML reader -------------------------------------------------------------------------

FRAGMENTS = [
    *("a", "b", "0", "1", "-1", "1.5", "1e400", ".nan", "-.inf", "~", "null", "true", "yes"),
    *("9" * 4400, "-" + "9" * 4301, "0x" + "f" * 4000, "0o" + "7" * 6000, "1" * 4300),
    *("!", "! ", "!!str ", "!!int ", "!!float ", "!!map ", "!!python/object:os.system ", "!x "),
    *("&a ", "&b ", "*a", "*b", "<<: ", "? ", "- ", ": ", ", ", "[", "]", "{", "}"),
    *("'", '"', "|", ">", "#", "%YAML 1.2\n", "---\n", "...\n", "\n", "  ", "\t"),
    *("\x01", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\ufffe", "é", "😀", "\\"),
    *("[" * 70, "]" * 70, "- " * 70, "a: 1\na: 2\n", "&x [*x]", "k: &s [1, 2]\nl: [*s, *s]\n"),
]


@FUZZ
@given(st.text())
def test_the_reader_takes_any_text(text: str) -> None:
    for aliases in (True, False):
        read(text, aliases=aliases)


@FUZZ
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_the_reader_takes_yaml_made_of_awkward_pieces(text: str) -> None:
    for aliases in (True, False):
        data = read(text, aliases=aliases)
        if data is not None:
            json.dumps(data, default=str)  # plain values only: no objects were built


@SMALL
@given(st.binary(max_size=300))
def test_the_reader_takes_any_bytes(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(raw)
    try:
        load_yaml(path, allow_aliases=True)
    except SocialMaturityError as error:
        assert_located(error, str(path))


# --- the validators --------------------------------------------------------------------------

HUGE = [10**400, -(10**4000), 2**63, 2**64 + 1, 10**15 + 1, 5e-324, 1e308, -0.0]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(HUGE),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.sampled_from(["na", "single", "multi", "scale", "mean", "minimum", "1.0", "a", "b"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def mutated(draw: st.DrawFn, base: Any) -> Any:
    """``base`` with up to three changes: a value replaced, a key removed or a key added."""
    for _ in range(draw(st.integers(0, 3))):
        node = base
        for _ in range(draw(st.integers(0, 5))):
            children = list(node) if isinstance(node, dict) else list(range(len(node)))
            inner = [c for c in children if isinstance(node[c], (dict, list)) and node[c]]
            if not inner:
                break
            node = node[draw(st.sampled_from(inner))]
        change = draw(st.sampled_from(["replace", "remove", "add"]))
        if isinstance(node, dict) and node and change != "add":
            key = draw(st.sampled_from(sorted(node, key=str)))
            if change == "remove":
                del node[key]
            else:
                node[key] = draw(VALUES)
        elif isinstance(node, dict):
            node[draw(st.sampled_from(["extra", "weight", "id", "cap", "value"]))] = draw(VALUES)
        elif isinstance(node, list) and node:
            node[draw(st.integers(0, len(node) - 1))] = draw(VALUES)
    return base


WEIGHTS = st.one_of(
    st.integers(0, 1_000_000),
    st.floats(0, 1_000_000),
    st.sampled_from([0, 5e-324, 1e-300, 1e-9, 1_000_000, 999_999.999999]),
)
POINTS = WEIGHTS
BOUNDS = st.one_of(
    st.integers(-5, 20),
    st.integers(-(2**70), 2**70),
    st.sampled_from([-(10**300), 10**300, 10**4000, -(10**4000), 2**53, 2**53 + 1]),
)


@st.composite
def questionnaires(draw: st.DrawFn) -> dict[str, Any]:
    """A valid questionnaire as plain data: weights and points up to 1,000,000, huge scales."""
    top = draw(st.integers(2, 6))
    thresholds = sorted(draw(st.sets(st.floats(0.001, 100), min_size=top - 1, max_size=top - 1)))
    levels = [
        {"level": n + 1, "name": f"L{n + 1}", "min_score": score}
        for n, score in enumerate([0.0, *thresholds])
    ]
    dimensions = []
    number = 0
    for d in range(draw(st.integers(1, 3))):
        questions = []
        for _ in range(draw(st.integers(1, 4))):
            kind = draw(st.sampled_from(["single", "multi", "scale"]))
            question: dict[str, Any] = {
                "id": f"q{number}",
                "text": "Q",
                "kind": kind,
                "weight": draw(WEIGHTS),
                "allow_na": draw(st.booleans()),
            }
            number += 1
            if kind == "scale":
                low, high = sorted(draw(st.sets(BOUNDS, min_size=2, max_size=2)))
                question |= {"min": low, "max": high}
            else:
                count = draw(st.integers(2, 4))
                points = draw(st.lists(POINTS, min_size=count, max_size=count))
                if kind == "single" and len(set(points)) == 1:
                    points[0] = 1_000_000 if points[0] != 1_000_000 else 0
                if kind == "multi" and sum(points) <= 0:
                    points[0] = draw(st.sampled_from([5e-324, 1, 1_000_000]))
                options = []
                for i, value in enumerate(points):
                    option: dict[str, Any] = {"value": f"o{i}", "label": "O", "points": value}
                    if kind == "single" and draw(st.booleans()):
                        option["cap"] = draw(st.integers(1, top))
                    options.append(option)
                question["options"] = options
            questions.append(question)
        dimensions.append(
            {
                "id": f"d{d}",
                "name": "D",
                "weight": draw(WEIGHTS.filter(lambda weight: weight > 0)),
                "questions": questions,
            }
        )
    return {
        "id": "fuzz",
        "version": "1",
        "title": "Fuzz",
        "levels": levels,
        "overall": draw(st.sampled_from(["mean", "minimum"])),
        "dimensions": dimensions,
    }


def dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def load(data: dict[str, Any]) -> Questionnaire:
    return load_questionnaire("q.yaml", text=dump(data))


@st.composite
def answers_for(draw: st.DrawFn, questionnaire: Questionnaire) -> dict[str, Any]:
    """Valid answers (as written in a response file) to some of the questions."""
    answers: dict[str, Any] = {}
    for dimension in questionnaire.dimensions:
        for question in dimension.questions:
            choice = draw(st.sampled_from(["skip", "empty", "na", "answer", "answer"]))
            if choice == "skip":
                continue
            if choice == "empty" or (choice == "na" and not question.allow_na):
                answers[question.id] = None
            elif choice == "na":
                answers[question.id] = "na"
            elif question.kind == "scale":
                low, high = question.min or 0, question.max or 0
                answers[question.id] = draw(
                    st.one_of(st.integers(low, high), st.sampled_from([low, high]))
                )
            elif question.kind == "single":
                answers[question.id] = draw(st.sampled_from(list(question.option_by_value)))
            else:
                values = list(question.option_by_value)
                answers[question.id] = draw(st.lists(st.sampled_from(values), unique=True))
    return answers


@FUZZ
@given(st.data())
def test_questionnaire_validation_reports_every_problem_located(data: st.DataObject) -> None:
    text = dump(data.draw(mutated(data.draw(questionnaires()))))
    try:
        load_questionnaire("q.yaml", text=text)
    except SocialMaturityError as error:
        assert_located(error, "q.yaml")


@FUZZ
@given(st.data())
def test_response_validation_reports_every_problem_located(data: st.DataObject) -> None:
    questionnaire = load(data.draw(questionnaires()))
    response = {
        "questionnaire": "fuzz",
        "organization": "Acme",
        "answers": data.draw(answers_for(questionnaire)),
    }
    if data.draw(st.booleans()):
        response["answers"]["unknown_question"] = "o0"
    if data.draw(st.booleans()) and response["answers"]:
        key = data.draw(st.sampled_from(sorted(response["answers"])))
        response["answers"][key] = {"value": response["answers"][key], "note": data.draw(VALUES)}
    text = dump(data.draw(mutated(response)))
    try:
        doc = load_response_document("r.yaml", text=text)
        response_from(doc, response_header(doc), questionnaire)
    except SocialMaturityError as error:
        assert_located(error, "r.yaml")


# --- the scorer ------------------------------------------------------------------------------


def assert_sound(result: Result) -> None:
    """Finite scores from 0 to 100, levels of the questionnaire, strict JSON."""
    top = result.questionnaire.top_level
    for score, level in [(d.score, d.level) for d in result.dimensions] + [
        (result.score, result.level)
    ]:
        assert (score is None) == (level is None)
        if score is not None:
            assert math.isfinite(score) and -1e-9 <= score <= 100 + 1e-9, score
            assert level is not None and 1 <= level <= top
    json.dumps(result_record(result, "r.yaml"), allow_nan=False)


@pytest.mark.slow  # the longest property here: 150 questionnaires written, read and scored
@FUZZ
@given(st.data())
def test_valid_inputs_always_score_finitely(data: st.DataObject) -> None:
    questionnaire = load(data.draw(questionnaires()))
    written = data.draw(answers_for(questionnaire))
    doc = load_response_document(
        "r.yaml",
        text=dump({"questionnaire": "fuzz", "organization": "Acme", "answers": written}),
    )
    response = response_from(doc, response_header(doc), questionnaire)
    result = score_answers(questionnaire, response.answers, response)
    assert_sound(result)
    for dimension in explain(result):
        for line in dimension.lines:
            for number in (line.points, line.norm, line.contribution):
                assert number is None or math.isfinite(number)
        for win in dimension.wins:
            assert win.level > (dimension.result.level or 1)
            assert win.score is None or math.isfinite(win.score)


def formula_score(dimension: Dimension, answers: dict[str, Answer]) -> float | None:
    """SPEC section 3's dimension score, step by step: the mean of norms weighted by weight."""
    pairs = []
    for question in dimension.questions:
        answer = answers.get(question.id)
        norm = norm_of(question, None if answer is None else answer.value)
        if norm is not None:
            pairs.append((question.weight, norm))
    sums = weighted_sums(pairs)
    return None if sums is None else 100 * sums[0] / sums[1]


@FUZZ
@given(st.data())
def test_the_scoring_loop_gives_the_formula_to_the_last_bit(data: st.DataObject) -> None:
    """Batch scoring scales weights ahead of time; the score it reaches is the formula's.

    Weights of very different sizes, some left unanswered, exercise both the scaling done once
    per dimension and the one done when the largest weights are not answered.
    """
    questionnaire = load(data.draw(questionnaires()))
    written = data.draw(answers_for(questionnaire))
    answers = {
        key: Answer(tuple(value) if isinstance(value, list) else value)
        for key, value in written.items()
    }
    for dimension in questionnaire.dimensions:
        expected = formula_score(dimension, answers)
        assert score_dimension(questionnaire, dimension, answers).score == expected


@FUZZ
@given(st.data())
def test_raising_one_answer_never_lowers_a_score_even_with_extreme_numbers(
    data: st.DataObject,
) -> None:
    questionnaire = load(data.draw(questionnaires()))
    scales = [q for d in questionnaire.dimensions for q in d.questions if q.kind == "scale"]
    if not scales:
        return
    question = data.draw(st.sampled_from(scales))
    low, high = question.min or 0, question.max or 0
    before, after = sorted(data.draw(st.lists(st.integers(low, high), min_size=2, max_size=2)))
    first = score_answers(questionnaire, {question.id: Answer(before)})
    second = score_answers(questionnaire, {question.id: Answer(after)})
    assert_sound(first)
    assert_sound(second)
    assert (second.score or 0.0) >= (first.score or 0.0)

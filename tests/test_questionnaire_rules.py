"""SPEC section 1: every rule of a questionnaire file, each reported at its exact line:column.

Each test starts from BASE, a small valid questionnaire, and breaks one thing in it. Line numbers
in the tables are BASE's line numbers (``test_base_line_numbers`` pins the important ones); an
inserted line takes the number after the line it is inserted after. Columns are 1-based and were
counted by hand from the indentation written here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import ValidationError

from socialmaturity.errors import InputError, Problem
from socialmaturity.model import questionnaire as model
from socialmaturity.model.questionnaire import Questionnaire, load_questionnaire

from conftest import REPO

BASE_LINES = """\
id: test-q
version: "1.0"
title: Test questionnaire
levels:
  - level: 1
    name: Low
    min_score: 0
  - level: 2
    name: Mid
    min_score: 40
  - level: 3
    name: High
    min_score: 70
overall: mean
dimensions:
  - id: dim_a
    name: Dimension A
    weight: 1
    level_descriptions:
      1: Starting out
      3: Leading
    questions:
      - id: q_single
        text: A single question?
        kind: single
        weight: 1
        options:
          - value: none
            label: Nothing yet
            points: 0
            cap: 2
          - value: some
            label: Some of it
            points: 1
          - value: all
            label: All of it
            points: 2
      - id: q_multi
        text: A multi question?
        kind: multi
        options:
          - value: blog
            label: A blog
            points: 1
          - value: forum
            label: A forum
            points: 1
      - id: q_scale
        text: A scale question?
        kind: scale
        min: 0
        max: 4
        labels: {0: Never, 4: Always}
    recommendations:
      - id: rec_a
        level: 2
        title: A first step
        effort: low
  - id: dim_b
    name: Dimension B
    questions:
      - id: q_b
        text: Yes or no?
        options:
          - value: no
            label: No
            points: 0
          - value: yes
            label: Yes
            points: 3
    recommendations:
      - id: rec_b
        level: 3
        title: A bigger step
""".splitlines()

Edit = Callable[[list[str]], None]


def value(line: int, new: str) -> Edit:
    """Keep line ``line``'s key and replace what follows ``key: ``."""

    def apply(lines: list[str]) -> None:
        key, sep, _ = lines[line - 1].partition(":")
        assert sep, lines[line - 1]
        lines[line - 1] = f"{key}: {new}"

    return apply


def replace(line: int, new: str) -> Edit:
    """Replace the whole of line ``line``."""

    def apply(lines: list[str]) -> None:
        lines[line - 1] = new

    return apply


def insert(after: int, *new: str) -> Edit:
    """Insert lines after line ``after`` (they become lines after+1, after+2, ...)."""

    def apply(lines: list[str]) -> None:
        lines[after:after] = list(new)

    return apply


def drop(first: int, last: int | None = None) -> Edit:
    """Remove lines ``first``..``last`` (inclusive)."""

    def apply(lines: list[str]) -> None:
        del lines[first - 1 : (last or first)]

    return apply


def questionnaire(*edits: Edit) -> str:
    """BASE with ``edits`` applied in the order given (list them bottom-up when they move lines)."""
    lines = list(BASE_LINES)
    for edit in edits:
        edit(lines)
    return "\n".join(lines) + "\n"


def problems_of(text: str) -> tuple[Problem, ...]:
    with pytest.raises(InputError) as caught:
        load_questionnaire("q.yaml", text=text)
    return caught.value.problems


def assert_only_problem(text: str, line: int, column: int, fragment: str) -> None:
    problems = problems_of(text)
    assert len(problems) == 1, "\n".join(map(str, problems))
    problem = problems[0]
    assert str(problem).startswith(f"q.yaml:{line}:{column}: error: "), str(problem)
    assert fragment in problem.message, str(problem)


# --- the valid starting point ----------------------------------------------------------------


def test_base_line_numbers() -> None:
    pinned = {
        1: "id: test-q",
        7: "    min_score: 0",
        16: "  - id: dim_a",
        23: "      - id: q_single",
        28: "          - value: none",
        38: "      - id: q_multi",
        48: "      - id: q_scale",
        55: "      - id: rec_a",
        59: "  - id: dim_b",
        65: "          - value: no",
        72: "      - id: rec_b",
        74: "        title: A bigger step",
    }
    for number, text in pinned.items():
        assert BASE_LINES[number - 1] == text
    assert len(BASE_LINES) == 74


def test_base_is_valid() -> None:
    q = load_questionnaire("q.yaml", text=questionnaire())
    assert isinstance(q, Questionnaire)
    assert q.id == "test-q" and q.version == "1.0" and q.top_level == 3
    assert [d.id for d in q.dimensions] == ["dim_a", "dim_b"]
    # YAML 1.2: unquoted no/yes/No/Yes are text, usable as option values and labels
    assert [(o.value, o.label) for o in q.dimensions[1].questions[0].options or ()] == [
        ("no", "No"),
        ("yes", "Yes"),
    ]
    assert q.dimensions[0].questions[2].labels == {0: "Never", 4: "Always"}
    assert q.dimensions[0].level_descriptions == {1: "Starting out", 3: "Leading"}


def test_defaults_are_applied() -> None:
    q = load_questionnaire("q.yaml", text=questionnaire(drop(18), drop(14)))
    assert q.overall == "mean"
    dim_a = q.dimensions[0]
    assert dim_a.weight == 1
    multi = dim_a.questions[1]
    assert (multi.weight, multi.required, multi.allow_na) == (1, True, False)
    assert q.dimensions[1].questions[0].kind == "single"


@pytest.mark.parametrize(
    "edits",
    [
        pytest.param([value(14, "minimum")], id="overall-minimum"),
        pytest.param([value(26, "0")], id="question-weight-0"),
        pytest.param([value(18, "0.5")], id="dimension-weight-fraction"),
        pytest.param([value(55, "q_single")], id="recommendation-id-equals-question-id"),
        pytest.param([value(56, "3")], id="recommendation-at-top-level"),
        pytest.param([value(31, "3")], id="cap-at-top-level"),
        pytest.param([value(31, "1")], id="cap-1"),
        pytest.param([value(44, "0")], id="multi-some-points-0"),
        pytest.param([value(2, "1.0.0")], id="version-unquoted-text"),
        pytest.param([value(34, "1.5")], id="fractional-points"),
        pytest.param([value(13, "100")], id="min-score-100"),
        pytest.param([replace(21, "      2: Doing it")], id="level-description-2"),
        pytest.param([value(53, "{-2: Never}"), value(51, "-5")], id="negative-scale"),
        pytest.param([drop(71, 74)], id="no-recommendations"),
        pytest.param([drop(19, 21)], id="no-level-descriptions"),
        pytest.param(
            [insert(3, "description: >-", "  Folded", "  text.")], id="optional-description"
        ),
        pytest.param(
            [
                insert(
                    58,
                    "        detail: Why it matters",
                    "        horizon: 3-6 months",
                    "        kpis: [share of voice, response time]",
                    "        owner: CMO",
                )
            ],
            id="recommendation-optional-keys",
        ),
        pytest.param(
            [
                insert(
                    39,
                    "        help: Ask around",
                    "        required: false",
                    "        allow_na: true",
                )
            ],
            id="question-optional-keys",
        ),
    ],
)
def test_allowed_variations(edits: list[Edit]) -> None:
    assert isinstance(load_questionnaire("q.yaml", text=questionnaire(*edits)), Questionnaire)


def test_options_may_be_shared_through_an_alias() -> None:
    text = questionnaire(
        replace(64, "        options: *yes_no"),
        drop(65, 70),
        replace(41, "        options: &yes_no"),
        value(47, "2"),
    )
    q = load_questionnaire("q.yaml", text=text)
    assert q.dimensions[1].questions[0].options == q.dimensions[0].questions[1].options


def test_eleven_levels_are_refused_but_ten_accepted() -> None:
    def with_levels(count: int) -> str:
        levels = []
        for n in range(1, count + 1):
            levels += [f"  - level: {n}", f"    name: L{n}", f"    min_score: {(n - 1) * 9}"]
        return questionnaire(drop(5, 13), insert(4, *levels))

    assert load_questionnaire("q.yaml", text=with_levels(10)).top_level == 10
    # the levels list starts at the "-" of its first entry: line 5, column 3
    assert_only_problem(with_levels(11), 5, 3, "levels can have at most 10 entries")


# --- one rule at a time ----------------------------------------------------------------------

RULES = [
    # missing required keys: reported at the mapping that lacks them
    ("missing-id", [drop(1)], 1, 1, "missing required key 'id'"),
    ("missing-version", [drop(2)], 1, 1, "missing required key 'version'"),
    ("missing-title", [drop(3)], 1, 1, "missing required key 'title'"),
    ("missing-levels", [drop(4, 13)], 1, 1, "missing required key 'levels'"),
    ("missing-dimensions", [drop(15, 74)], 1, 1, "missing required key 'dimensions'"),
    ("missing-level-name", [drop(9)], 8, 5, "missing required key 'name' in levels[1]"),
    ("missing-min-score", [drop(7)], 5, 5, "missing required key 'min_score' in levels[0]"),
    ("missing-dim-id", [drop(60), replace(59, "  - name: X")], 59, 5, "key 'id' in dimensions[1]"),
    ("missing-dimension-name", [drop(17)], 16, 5, "missing required key 'name' in dimensions[0]"),
    ("missing-questions", [drop(61, 70)], 59, 5, "missing required key 'questions'"),
    ("missing-question-text", [drop(39)], 38, 9, "missing required key 'text'"),
    (
        "missing-question-id",
        [drop(63), replace(62, "      - text: Q?")],
        62,
        9,
        "required key 'id'",
    ),
    ("missing-option-label", [drop(43)], 42, 13, "missing required key 'label'"),
    ("missing-option-points", [drop(34)], 32, 13, "missing required key 'points'"),
    (
        "missing-value",
        [drop(69), replace(68, "          - label: Y")],
        68,
        13,
        "required key 'value'",
    ),
    ("missing-rec-title", [drop(57)], 55, 9, "missing required key 'title'"),
    ("missing-rec-level", [drop(73)], 72, 9, "missing required key 'level'"),
    # unknown keys: at the key, with a hint for a near typo
    ("unknown-top", [insert(3, "titel: X")], 4, 1, "unknown key 'titel' (did you mean 'title'?)"),
    ("unknown-level", [insert(6, "    nmae: X")], 7, 5, "key 'nmae' (did you mean 'name'?)"),
    ("unknown-dim", [insert(18, "    wieght: 2")], 19, 5, "(did you mean 'weight'?)"),
    ("unknown-question", [insert(24, "        hlep: x")], 25, 9, "(did you mean 'help'?)"),
    ("unknown-option", [insert(30, "            point: 3")], 31, 13, "(did you mean 'points'?)"),
    ("unknown-rec", [replace(58, "        efort: low")], 58, 9, "(did you mean 'effort'?)"),
    # id pattern ^[a-z][a-z0-9_-]*$
    ("id-capitals", [value(1, "Test-Q")], 1, 5, "'Test-Q' is not a valid identifier"),
    ("id-space", [value(16, "dim a")], 16, 9, "'dim a' is not a valid identifier"),
    ("id-digit-first", [value(23, "9lives")], 23, 13, "'9lives' is not a valid identifier"),
    ("id-empty", [value(55, "''")], 55, 13, "is not a valid identifier"),
    ("id-dot", [value(72, "rec.b")], 72, 13, "'rec.b' is not a valid identifier"),
    # version must be text
    ("version-float", [value(2, "1.0")], 2, 10, 'quote it, as in version: "1.0"'),
    ("version-int", [value(2, "2")], 2, 10, 'quote it, as in version: "2"'),
    ("version-keeps-zeros", [value(2, "1.10")], 2, 10, 'version: "1.10"'),
    ("title-empty", [value(3, "''")], 3, 8, "title must not be empty"),
    # levels
    ("one-level", [drop(8, 13)], 5, 3, "levels needs at least 2 entries"),
    ("levels-not-list", [drop(5, 13), value(4, "three")], 4, 9, "levels must be a list"),
    ("level-number-skips", [value(11, "4")], 11, 12, "levels[2].level must be 3"),
    ("level-number-order", [value(8, "3")], 8, 12, "levels[1].level must be 2"),
    ("first-min-not-0", [value(7, "10")], 7, 16, "the first level's min_score must be 0"),
    ("min-not-increasing", [value(13, "40")], 13, 16, "greater than the previous level's (40)"),
    ("min-decreasing", [value(10, "80")], 13, 16, "greater than the previous level's (80)"),
    ("min-above-100", [value(13, "101")], 13, 16, "less than or equal to 100"),
    ("min-negative", [value(7, "-5")], 7, 16, "greater than or equal to 0"),
    ("min-text", [value(10, "forty")], 10, 16, "must be a number, not text ('forty')"),
    # overall
    ("overall-median", [value(14, "median")], 14, 10, "'mean' or 'minimum'"),
    # dimensions
    ("dimension-id-twice", [value(59, "dim_a")], 59, 9, "duplicate dimension id 'dim_a'"),
    ("dimension-weight-0", [value(18, "0")], 18, 13, "greater than 0"),
    ("dimension-weight-negative", [value(18, "-1")], 18, 13, "greater than 0"),
    ("dimensions-empty", [drop(16, 74), value(15, "[]")], 15, 13, "needs at least 1 entry"),
    ("questions-empty", [drop(62, 70), value(61, "[]")], 61, 16, "needs at least 1 entry"),
    # questions
    ("question-weight-negative", [value(26, "-1")], 26, 17, "greater than or equal to 0"),
    ("question-id-twice-across", [value(62, "q_single")], 62, 13, "duplicate question id"),
    ("question-id-twice-within", [value(38, "q_single")], 38, 13, "duplicate question id"),
    ("kind-unknown", [value(25, "triple")], 25, 15, "'single', 'multi' or 'scale'"),
    ("required-not-bool", [insert(24, "        required: yes")], 25, 19, "must be true or false"),
    # options of single and multi questions
    ("single-one-option", [drop(32, 37)], 28, 11, "a single question needs at least 2 options"),
    ("multi-one-option", [drop(45, 47)], 42, 11, "a multi question needs at least 2 options"),
    ("single-no-options", [drop(27, 37)], 23, 9, "a single question needs options"),
    ("multi-no-options", [drop(41, 47)], 38, 9, "a multi question needs options"),
    ("value-pattern", [value(32, "Some")], 32, 20, "'Some' is not a valid identifier"),
    ("value-na", [value(42, "na")], 42, 20, "na is reserved"),
    ("value-true", [value(42, "true")], 42, 20, "true is reserved"),
    ("value-false-quoted", [value(42, '"false"')], 42, 20, "false is reserved"),
    ("value-null", [value(42, "null")], 42, 20, "null is reserved"),
    ("value-null-quoted", [value(42, "'null'")], 42, 20, "null is reserved"),
    ("value-number", [value(42, "7")], 42, 20, "quote it"),
    ("value-twice", [value(35, "some")], 35, 20, "duplicate option value 'some'"),
    ("points-negative", [value(30, "-1")], 30, 21, "greater than or equal to 0"),
    ("points-text", [value(30, "lots")], 30, 21, "must be a number, not text ('lots')"),
    ("points-inf", [value(30, ".inf")], 30, 21, "must be a finite number"),
    ("single-equal-points", [value(37, "0"), value(34, "0")], 28, 11, "all options have the same"),
    ("multi-zero-points", [value(47, "0"), value(44, "0")], 42, 11, "must add up to more than 0"),
    ("label-empty", [value(33, "''")], 33, 20, "must not be empty"),
    # scale questions
    ("scale-no-min", [drop(51)], 48, 9, "a scale question needs min"),
    ("scale-no-max", [drop(52)], 48, 9, "a scale question needs max"),
    ("scale-min-float", [value(51, "1.5")], 51, 14, "must be a whole number, not a number (1.5)"),
    ("scale-max-text", [value(52, '"4"')], 52, 14, "must be a whole number, not text ('4')"),
    ("scale-min-eq-max", [drop(53), value(51, "4")], 51, 14, "min (4) must be less than max (4)"),
    ("scale-min-gt-max", [drop(53), value(52, "-1")], 51, 14, "min (0) must be less than max (-1)"),
    ("scale-label-high", [value(53, "{0: Never, 5: Always}")], 53, 28, "key 5 outside min..max"),
    ("scale-label-low", [value(53, "{-1: Never}")], 53, 18, "key -1 outside min..max (0..4)"),
    (
        "scale-options",
        [insert(53, "        options: [{value: a, label: A, points: 1}]")],
        54,
        9,
        "options are only for single and multi questions",
    ),
    ("single-min", [insert(26, "        min: 0")], 27, 9, "min is only for scale questions"),
    ("single-max", [insert(26, "        max: 4")], 27, 9, "max is only for scale questions"),
    ("multi-labels", [insert(40, "        labels: {1: x}")], 41, 9, "labels is only for scale"),
    # caps
    ("cap-on-multi", [insert(44, "            cap: 2")], 45, 13, "cap is only allowed on options"),
    ("cap-above-top", [value(31, "4")], 31, 18, "cap must be a level between 1 and 3, not 4"),
    ("cap-0", [value(31, "0")], 31, 18, "greater than or equal to 1"),
    # recommendations
    ("rec-id-twice", [value(72, "rec_a")], 72, 13, "duplicate recommendation id 'rec_a'"),
    ("rec-level-1", [value(56, "1")], 56, 16, "between 2 and 3"),
    ("rec-level-above-top", [value(73, "4")], 73, 16, "between 2 and 3"),
    ("effort-huge", [value(58, "huge")], 58, 17, "'low', 'medium' or 'high'"),
    ("kpis-not-list", [insert(58, "        kpis: reach")], 59, 15, "kpis must be a list"),
    # level descriptions
    ("level-description-4", [replace(21, "      4: Beyond")], 21, 7, "has a key 4, but the"),
    ("level-description-0", [replace(20, "      0: Nothing")], 20, 7, "has a key 0, but the"),
]


@pytest.mark.parametrize(
    ("edits", "line", "column", "fragment"),
    [pytest.param(*row[1:], id=row[0]) for row in RULES],
)
def test_rule(edits: list[Edit], line: int, column: int, fragment: str) -> None:
    assert_only_problem(questionnaire(*edits), line, column, fragment)


def test_unknown_key_without_a_near_match_has_no_hint() -> None:
    problems = problems_of(questionnaire(insert(14, "colour: blue")))
    assert list(map(str, problems)) == ["q.yaml:15:1: error: unknown key 'colour'"]


@pytest.mark.parametrize(
    ("edits", "line", "column", "key"),
    [
        pytest.param([insert(53, "        cap: 2")], 54, 9, "cap", id="cap-on-scale-question"),
        pytest.param([insert(24, "        points: 2")], 25, 9, "points", id="points-on-question"),
        pytest.param([insert(3, "questions: []")], 4, 1, "questions", id="questions-at-top"),
    ],
)
def test_key_valid_elsewhere_is_not_suggested_as_itself(
    edits: list[Edit], line: int, column: int, key: str
) -> None:
    problems = problems_of(questionnaire(*edits))
    assert len(problems) == 1
    assert (problems[0].location.line, problems[0].location.column) == (line, column)
    assert f"unknown key '{key}'" in problems[0].message
    assert f"did you mean '{key}'" not in problems[0].message


@pytest.mark.parametrize("key", ["1", "~", "true"])
def test_non_text_unknown_key_is_reported_at_the_key(key: str) -> None:
    problems = problems_of(questionnaire(insert(3, f"{key}: x")))
    assert [(p.location.line, p.location.column) for p in problems if p.location] == [(4, 1)]
    assert "unknown key" in problems[0].message


@pytest.mark.parametrize(
    ("edits", "line", "column"),
    [
        pytest.param([replace(21, "      three: Leading")], 21, 7, id="level-descriptions"),
        pytest.param([value(53, "{'0': Never}")], 53, 18, id="labels-quoted-key"),
    ],
)
def test_non_integer_level_key_is_reported_at_the_key(
    edits: list[Edit], line: int, column: int
) -> None:
    problems = problems_of(questionnaire(*edits))
    assert len(problems) == 1
    assert (problems[0].location.line, problems[0].location.column) == (line, column)
    assert "[key]" not in problems[0].message


def test_number_in_a_text_list_hint() -> None:
    problems = problems_of(questionnaire(insert(58, "        kpis: [a, 1]")))
    assert len(problems) == 1
    assert (problems[0].location.line, problems[0].location.column) == (59, 19)
    assert "quote it" in problems[0].message
    assert '1: "1"' not in problems[0].message


@pytest.mark.parametrize("written", ["[a, b]", "{a: 1}"])
def test_option_value_that_is_a_list_or_mapping(written: str) -> None:
    problems = problems_of(questionnaire(value(32, written)))
    assert [(p.location.line, p.location.column) for p in problems if p.location] == [(32, 20)]


def test_file_that_is_not_a_mapping() -> None:
    assert_only_problem("- id: x\n- id: y\n", 1, 1, "the file must be a mapping")


def test_renamed_key_reports_both_the_missing_and_the_unknown_key() -> None:
    problems = problems_of(questionnaire(replace(3, "titel: Test questionnaire")))
    assert sorted(map(str, problems)) == [
        "q.yaml:1:1: error: missing required key 'title'",
        "q.yaml:3:1: error: unknown key 'titel' (did you mean 'title'?)",
    ]


def test_several_shape_errors_are_all_reported() -> None:
    text = questionnaire(
        value(58, "huge"), value(30, "-1"), insert(6, "    nmae: X"), value(1, "Bad")
    )
    problems = problems_of(text)
    found = sorted((p.location.line, p.location.column) for p in problems if p.location)
    # the insert after line 6 moves BASE lines 7.. down by one
    assert found == [(1, 5), (7, 5), (31, 21), (59, 17)]
    assert len(str(InputError("x", problems=problems)).splitlines()) == 4


def test_several_rule_errors_are_all_reported() -> None:
    text = questionnaire(value(72, "rec_a"), value(62, "q_single"), value(31, "4"), value(11, "4"))
    problems = problems_of(text)
    assert [(p.location.line, p.location.column) for p in problems if p.location] == [
        (11, 12),
        (31, 18),
        (62, 13),
        (72, 13),
    ]


# --- the command line ------------------------------------------------------------------------


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.yaml"
    path.write_text(questionnaire(), encoding="utf-8")
    return path


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(questionnaire(value(72, "rec_a"), value(62, "q_single")), encoding="utf-8")
    return path


def test_cli_validate_good(cli, good: Path) -> None:
    run = cli("validate", good)
    assert (run.code, run.stdout, run.stderr) == (0, f"{good}: ok\n", "")


def test_cli_validate_bad(cli, bad: Path) -> None:
    run = cli("validate", bad)
    assert run.code == 1
    assert "Traceback" not in run.stderr + run.stdout
    assert "ok" not in run.stdout
    assert run.stderr.splitlines() == [
        f"{bad}:62:13: error: duplicate question id 'q_single' (also dimensions[0].questions[0]);"
        " question ids are unique in the whole questionnaire",
        f"{bad}:72:13: error: duplicate recommendation id 'rec_a' (also dimensions[0]"
        ".recommendations[0])",
        "2 errors in 1 file",
    ]


def test_cli_validate_good_and_bad_together(cli, good: Path, bad: Path) -> None:
    run = cli("validate", good, bad)
    assert run.code == 1
    assert run.stdout == f"{good}: ok\n"
    assert all(line.startswith(f"{bad}:") for line in run.stderr.splitlines()[:-1])
    assert run.stderr.splitlines()[-1] == "2 errors in 1 file"


def test_cli_validate_yaml_error(cli, write_file) -> None:
    path = write_file("dup.yaml", "id: a\ndimensions: []\nid: b\n")
    run = cli("validate", path)
    assert run.code == 1
    assert run.stderr == f"{path}:3:1: error: duplicate key 'id'\n1 error in 1 file\n"


def test_cli_validate_missing_file(cli, tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    run = cli("validate", path)
    assert run.code == 1
    assert str(path) in run.stderr and "error" in run.stderr
    assert "Traceback" not in run.stderr


def test_cli_unknown_option(cli, good: Path) -> None:
    run = cli("validate", "--no-such-option", good)
    assert run.code == 2
    assert "Traceback" not in run.stderr


def test_cli_schema_questionnaire(cli) -> None:
    run = cli("schema", "questionnaire")
    assert run.code == 0
    schema = json.loads(run.stdout)
    assert "properties" in schema
    assert {"id", "version", "levels", "dimensions"} <= set(schema["properties"])


def test_cli_schema_unknown_kind(cli) -> None:
    run = cli("schema", "xml")
    assert run.code == 2
    assert run.stdout == ""


def test_cli_version(cli) -> None:
    from socialmaturity import __version__

    run = cli("--version")
    assert run.code == 0
    assert __version__ in run.stdout
    assert re.search(r"\d+\.\d+", run.stdout)


def test_cli_validate_bundled_questionnaires(cli) -> None:
    bundled = sorted((REPO / "questionnaires").glob("*.yaml"))
    assert bundled, "no bundled questionnaires"
    run = cli("validate", *bundled)
    assert run.code == 0, run.stderr
    assert run.stdout.splitlines() == [f"{path}: ok" for path in bundled]


def test_a_questionnaire_read_from_yaml_is_made_of_its_frozen_models() -> None:
    """One set of classes: what pydantic checks in a file is what the engine and reports use."""
    q = load_questionnaire(REPO / "questionnaires" / "social-maturity.yaml")
    dimension = q.dimensions[0]
    question = dimension.questions[0]
    found = [q, q.levels[0], dimension, question, dimension.recommendations[0], *q.migrations]
    found += question.options or []
    assert all(type(item).__module__ == model.__name__ for item in found), found
    for item in found:
        with pytest.raises(ValidationError, match="frozen"):
            item.id = "changed"  # type: ignore[misc]


def test_derived_lookups_are_not_fields() -> None:
    """Values computed on first use never reach the schema, equality or a dump of the model."""
    q = load_questionnaire(REPO / "questionnaires" / "social-maturity.yaml")
    again = load_questionnaire(REPO / "questionnaires" / "social-maturity.yaml")
    assert q.question_by_id and q.dimensions[0].questions[0].option_by_value
    assert q == again
    assert "question_by_id" not in q.model_dump()
    assert "question_by_id" not in json.dumps(Questionnaire.model_json_schema())

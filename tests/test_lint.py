"""SPEC section 6: `lint` finds what `validate` accepts but what makes results misleading.

CLEAN is a small questionnaire with no findings (uneven thresholds 0/40/70, a question whose
options skip a level, a weight-0 question with a cap); each test breaks one thing in it and
checks the code, the line and column of the node concerned, and the exit status.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from socialmaturity.engine.lint import CODES, lint
from socialmaturity.model.questionnaire import load_questionnaire

from conftest import REPO, Run

CLEAN = """\
id: lint-q
version: "1"
title: Lint test
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: Mid, min_score: 40}
  - {level: 3, name: High, min_score: 70}
dimensions:
  - id: dim_a
    name: Dimension A
    level_descriptions: {1: low, 2: mid, 3: high}
    questions:
      - id: q_one
        text: First question?
        options:
          - {value: none, label: None, points: 0, level: 1, cap: 1}
          - {value: some, label: Some, points: 1, level: 2}
          - {value: all, label: All, points: 2, level: 3}
      - id: q_skip
        text: Second question?
        options:
          - {value: none, label: None, points: 0, level: 1}
          - {value: all, label: All, points: 5, level: 3}
      - id: q_zero
        text: Asked but not scored?
        weight: 0
        options:
          - {value: no, label: No, points: 0, level: 1, cap: 2}
          - {value: yes, label: Yes, points: 1, level: 3}
      - id: q_multi
        text: Which of these?
        kind: multi
        options:
          - {value: a, label: A, points: 1}
          - {value: b, label: B, points: 1}
    recommendations:
      - {id: step_two, level: 2, title: Two, addresses: [q_one, q_zero]}
      - {id: step_three, level: 3, title: Three, addresses: [q_skip], after: [step_two]}
"""
#: Lines of CLEAN (1-based) that the tests point at.
LINE = {
    "dim_a": 9,
    "q_one": 13,
    "q_one.none": 16,
    "q_one.some": 17,
    "q_skip": 19,
    "q_zero": 24,
    "q_zero.no": 28,
    "rec3": 38,
}


def lint_text(tmp_path: Path, text: str, name: str = "q.yaml") -> list[tuple[str, int, int]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    from socialmaturity.commands.linting import lint_document
    from socialmaturity.model.yaml_reader import load_yaml

    return [
        (f.code, f.line or 0, f.column or 0)
        for f in lint_document(load_yaml(path, allow_aliases=True))
    ]


def test_clean_lines_are_where_the_tests_say() -> None:
    lines = CLEAN.splitlines()
    assert lines[LINE["dim_a"] - 1].strip() == "- id: dim_a"
    assert "value: none" in lines[LINE["q_one.none"] - 1]
    assert "value: some" in lines[LINE["q_one.some"] - 1]
    assert lines[LINE["q_skip"] - 1].strip() == "- id: q_skip"
    assert lines[LINE["q_one"] - 1].strip() == "- id: q_one"
    assert "value: no," in lines[LINE["q_zero.no"] - 1]
    assert lines[LINE["q_zero"] - 1].strip() == "- id: q_zero"
    assert "id: step_three" in lines[LINE["rec3"] - 1]


def test_clean_file_has_no_findings(tmp_path: Path, cli: Callable[..., Run]) -> None:
    path = tmp_path / "q.yaml"
    path.write_text(CLEAN, encoding="utf-8")
    run = cli("lint", path)
    assert (run.code, run.stdout, run.stderr) == (0, "", "0 findings in 1 files\n")


def test_anchor_band(tmp_path: Path) -> None:
    # some: 1 of 0..2 is a norm of 0.5 -> score 50 -> level 2 (40..70); anchored 3 it is wrong
    text = CLEAN.replace("points: 1, level: 2}", "points: 1, level: 3}")
    column = text.splitlines()[LINE["q_one.some"] - 1].index("level: 3") + len("level: ") + 1
    assert lint_text(tmp_path, text) == [("anchor-band", LINE["q_one.some"], column)]


def test_anchor_band_follows_uneven_thresholds(tmp_path: Path) -> None:
    # 1.9 of 0..5 is 38: just under the 40 threshold, so level 1 and not 2
    text = CLEAN.replace(
        "- {value: all, label: All, points: 5, level: 3}",
        "- {value: half, label: Half, points: 1.9, level: 2}\n"
        "          - {value: all, label: All, points: 5, level: 3}",
    )
    assert [code for code, *_ in lint_text(tmp_path, text)] == ["anchor-band"]
    assert lint_text(tmp_path, text.replace("points: 1.9", "points: 2")) == []


def test_anchor_partial_points_at_the_question(tmp_path: Path) -> None:
    text = CLEAN.replace("points: 1, level: 2}", "points: 1}")
    assert lint_text(tmp_path, text) == [("anchor-partial", LINE["q_one"], 9)]


def test_cap_never_binds(tmp_path: Path) -> None:
    # a cap at the top level on the best answer can never lower anything
    text = CLEAN.replace("level: 3}\n      - id: q_skip", "level: 3, cap: 3}\n      - id: q_skip")
    column = text.splitlines()[LINE["q_one"] + 4].index("cap: 3") + len("cap: ") + 1
    assert lint_text(tmp_path, text) == [("cap-never-binds", LINE["q_one"] + 5, column)]


def test_cap_on_a_middle_option_that_cannot_bind(tmp_path: Path) -> None:
    # some (0.5) with q_skip at 1 scores 75 -> level 3: cap 2 binds; with q_skip weighted 0 it
    # scores 50 -> level 2, so cap 2 cannot bind
    text = CLEAN.replace("points: 1, level: 2}", "points: 1, level: 2, cap: 2}")
    assert lint_text(tmp_path, text) == []
    text = text.replace("      - id: q_skip\n", "      - id: q_skip\n        weight: 0\n")
    text = text.replace("        kind: multi\n", "        kind: multi\n        weight: 0\n")
    found = lint_text(tmp_path, text)  # q_one alone: 'none' scores 0 and 'some' 50
    assert [(code, line) for code, line, _ in found] == [
        ("cap-never-binds", LINE["q_one.none"]),
        ("cap-never-binds", LINE["q_one.some"]),
    ]


def test_cap_on_a_weight_zero_question_binds_when_the_others_can_reach_above(
    tmp_path: Path,
) -> None:
    assert lint_text(tmp_path, CLEAN) == []  # q_zero's cap 2 binds: the others reach level 3
    text = CLEAN.replace("points: 0, level: 1, cap: 2}", "points: 0, level: 1, cap: 3}")
    found = lint_text(tmp_path, text)
    assert [(code, line) for code, line, _ in found] == [("cap-never-binds", LINE["q_zero.no"])]


def test_cap_when_the_dimension_has_no_other_weighted_question(tmp_path: Path) -> None:
    text = CLEAN.replace(
        "        text: First question?\n", "        text: First question?\n        weight: 0\n"
    )
    text = text.replace("      - id: q_skip\n", "      - id: q_skip\n        weight: 0\n")
    text = text.replace("        kind: multi\n", "        kind: multi\n        weight: 0\n")
    found = lint_text(tmp_path, text)
    assert [code for code, *_ in found] == ["cap-never-binds", "cap-never-binds"]


def test_step_missing_one_finding_per_level(tmp_path: Path) -> None:
    text = CLEAN.replace(
        "      - {id: step_two, level: 2, title: Two, addresses: [q_one, q_zero]}\n", ""
    ).replace("addresses: [q_skip], after: [step_two]", "addresses: [q_skip, q_one, q_zero]")
    assert lint_text(tmp_path, text) == [("step-missing", LINE["dim_a"], 9)]
    text = text.replace("    recommendations:\n", "").replace(
        "      - {id: step_three, level: 3, title: Three, addresses: [q_skip, q_one, q_zero]}\n",
        "",
    )
    unaddressed = [("question-unaddressed", LINE[q], 13) for q in ("q_one", "q_skip", "q_zero")]
    assert lint_text(tmp_path, text) == [("step-missing", LINE["dim_a"], 9)] * 2 + unaddressed


def test_description_missing_one_finding_per_level(tmp_path: Path) -> None:
    text = CLEAN.replace(
        "level_descriptions: {1: low, 2: mid, 3: high}", "level_descriptions: {2: mid}"
    )
    assert lint_text(tmp_path, text) == [("description-missing", LINE["dim_a"], 9)] * 2


def test_gap_unanchored(tmp_path: Path) -> None:
    text = CLEAN.replace("addresses: [q_skip]", "addresses: [q_skip, q_multi]")
    column = text.splitlines()[LINE["rec3"] - 1].index("q_multi") + 1
    assert lint_text(tmp_path, text) == [("gap-unanchored", LINE["rec3"], column)]
    unanchored = text.replace("points: 0, level: 1}", "points: 0}").replace(
        "points: 5, level: 3}", "points: 5}"
    )
    assert ("gap-unanchored", LINE["rec3"], column - 8) in lint_text(tmp_path, unanchored)


def test_question_unaddressed_at_the_questions_id(tmp_path: Path) -> None:
    text = CLEAN.replace("addresses: [q_one, q_zero]}", "addresses: [q_one]}")
    assert lint_text(tmp_path, text) == [("question-unaddressed", LINE["q_zero"], 13)]
    # a multi question has no anchors, and one without anchors is never unaddressed
    unanchored = text.replace("level: 1, cap: 2}", "cap: 2}").replace(
        "points: 1, level: 3}", "points: 1}"
    )
    assert lint_text(tmp_path, unanchored) == []


def test_duplicate_text_at_the_later_question(tmp_path: Path) -> None:
    text = CLEAN.replace("text: Second question?", "text: '  first QUESTION? '")
    assert lint_text(tmp_path, text) == [("duplicate-text", LINE["q_skip"], 9)]


def test_json_output_and_exit_status(tmp_path: Path, cli: Callable[..., Run]) -> None:
    path = tmp_path / "q.yaml"
    path.write_text(CLEAN.replace("text: Second question?", "text: First question?"), "utf-8")
    run = cli("lint", "--format", "json", path)
    assert run.code == 1
    assert json.loads(run.stdout) == [
        {
            "file": str(path),
            "line": LINE["q_skip"],
            "column": 9,
            "code": "duplicate-text",
            "message": "question 'q_skip' has the same text as 'q_one'",
        }
    ]
    assert run.stderr == "1 findings in 1 files\n"


def test_text_output_format(tmp_path: Path, cli: Callable[..., Run]) -> None:
    path = tmp_path / "q.yaml"
    path.write_text(CLEAN.replace("text: Second question?", "text: First question?"), "utf-8")
    run = cli("lint", path)
    assert run.stdout == (
        f"{path}:{LINE['q_skip']}:9: warning: question 'q_skip' has the same text as 'q_one' "
        "[duplicate-text]\n"
    )


def test_folders_responses_and_invalid_files(tmp_path: Path, cli: Callable[..., Run]) -> None:
    (tmp_path / "models" / "deep").mkdir(parents=True)
    (tmp_path / "models" / "deep" / "q.yml").write_text(
        CLEAN.replace("level: 3}\n      - id: q_skip", "level: 2}\n      - id: q_skip"), "utf-8"
    )
    (tmp_path / "models" / "r.yaml").write_text(
        "questionnaire: lint-q\norganization: X\nanswers: {}\n", "utf-8"
    )
    (tmp_path / "models" / "bad.yaml").write_text("id: x\nversion: 1\n", "utf-8")
    run = cli("lint", tmp_path / "models")
    assert run.code == 1
    assert run.stdout.count("[anchor-band]") == 1 and "deep/q.yml:" in run.stdout
    assert "bad.yaml:2:10: error:" in run.stderr
    assert run.stderr.endswith("1 findings in 2 files\n")


def test_invalid_questionnaire_alone_exits_1(tmp_path: Path, cli: Callable[..., Run]) -> None:
    path = tmp_path / "q.yaml"
    path.write_text(CLEAN.replace("after: [step_two]", "after: [nope]"), "utf-8")
    run = cli("lint", path)
    assert (run.code, run.stdout) == (1, "")
    assert "error: after names an unknown recommendation 'nope'" in run.stderr
    assert run.stderr.endswith("0 findings in 1 files\n")


def test_a_path_that_cannot_be_read_is_an_error_not_a_file_read(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    """SPEC 6: M counts every questionnaire file *read*; a missing path is an error, not one."""
    path = tmp_path / "q.yaml"
    path.write_text(CLEAN, "utf-8")
    run = cli("lint", tmp_path / "missing.yaml", path)
    assert run.code == 1
    assert "missing.yaml: error: no such file" in run.stderr
    assert run.stderr.endswith("0 findings in 1 files\n")


def test_every_code_is_documented() -> None:
    page = (REPO / "docs" / "lint.md").read_text(encoding="utf-8")
    for code in CODES:
        assert f"`{code}`" in page


@pytest.mark.parametrize("name", ["social-maturity.yaml", "social-maturity-quick.yaml"])
def test_bundled_questionnaires_are_lint_clean_and_anchored(name: str) -> None:
    questionnaire = load_questionnaire(REPO / "questionnaires" / name)
    assert lint(questionnaire) == []
    for dimension in questionnaire.dimensions:
        for question in dimension.questions:
            if question.kind == "single":
                assert all(option.level is not None for option in question.options or ())


def test_a_loop_of_links_is_an_error_of_that_file_and_the_batch_goes_on(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    """SPEC 4: a file that cannot be read (a loop of links) is an error for that file, and a
    batch goes on with the others (lint ended in "internal error: RuntimeError" at once)."""
    good = tmp_path / "q.yaml"
    good.write_text(CLEAN.replace("level: 3}\n      - id: q_skip", "level: 2}\n      - id: q_skip"))
    (tmp_path / "loop1.yaml").symlink_to("loop2.yaml")
    (tmp_path / "loop2.yaml").symlink_to("loop1.yaml")
    (tmp_path / "q.de.yaml").symlink_to("q.fr.yaml")  # translations beside it, in a loop too
    (tmp_path / "q.fr.yaml").symlink_to("q.de.yaml")
    (tmp_path / "q.es.yaml").write_text("translation_of: lint-q\nlanguage: es\nnope: 1\n")
    run = cli("lint", tmp_path / "loop1.yaml", good)
    assert run.code == 1
    assert "internal error" not in run.stderr
    assert "loop1.yaml: error: cannot read: symbolic links form a loop" in run.stderr
    assert "q.de.yaml: error: cannot read: symbolic links form a loop" in run.stderr
    assert "q.es.yaml:3:1: error: unknown key 'nope'" in run.stderr  # linted all the same
    assert run.stdout.count("[anchor-band]") == 1  # the good file is linted all the same
    assert run.stderr.endswith("1 findings in 2 files\n")  # q.yaml and q.es.yaml were read


def test_a_score_just_under_a_threshold_is_never_printed_as_the_threshold(tmp_path: Path) -> None:
    """39.99996 rounded to "40" read as reaching Mid, the very level the finding says it misses."""
    from conftest import run_cli

    text = CLEAN.replace(
        "          - {value: some, label: Some, points: 1, level: 2}\n",
        "          - {value: some, label: Some, points: 1, level: 2}\n"
        "          - {value: near, label: Near, points: 0.7999992, level: 2}\n",
    )
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    run = run_cli("lint", path)
    line = next(line for line in run.stdout.splitlines() if "'near'" in line)
    assert "points score 39.99996, which is level 1 (Low)" in line

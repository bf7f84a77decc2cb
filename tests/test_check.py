"""``check``: regression cases with expect: blocks, --update keeping the file, --junit."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import run_cli, run_process, write

QUESTIONNAIRE = """
id: cases
version: "1"
title: Cases
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: Mid, min_score: 40}
  - {level: 3, name: High, min_score: 80}
dimensions:
  - id: a
    name: A
    questions:
      - id: a1
        text: A1?
        options:
          - {value: none, label: None, points: 0, cap: 1}
          - {value: half, label: Half, points: 1}
          - {value: full, label: Full, points: 2}
      - {id: a2, text: A2?, kind: scale, min: 0, max: 3}
  - id: b
    name: B
    questions:
      - {id: b1, text: B1?, kind: scale, min: 0, max: 4}
"""

# a: a1=half (0.5), a2=2 (2/3) -> 100 * (0.5 + 0.6667) / 2 = 58.333... -> level 2
# b: b1=1 -> 25.0 -> level 1; overall (58.333 + 25) / 2 = 41.666... -> level 2
CASE = """\
# A client profile we never want to change level silently.
questionnaire: cases
organization: Acme   # the reference client
answers:
  a1: half
  a2: 2
  b1: 1
expect:
  # overall first
  overall: {level: 2, score: 41.7}
  dimensions:
    a: {level: 2, score: 58.3}
    b:
      level: 1
respondent: kept after the block
"""


def setup(tmp_path: Path, text: str = CASE) -> tuple[Path, Path]:
    return write(tmp_path / "q.yaml", QUESTIONNAIRE), write(tmp_path / "cases" / "c.yaml", text)


def test_passing_case(tmp_path: Path) -> None:
    questionnaire, case = setup(tmp_path)
    run = run_cli("check", case, "-q", questionnaire)
    assert run.code == 0, run.stdout + run.stderr
    assert run.stdout == f"pass {case}\n"
    assert run.stderr == "1 passed, 0 failed\n"


def test_score_tolerance_is_five_hundredths(tmp_path: Path) -> None:
    # actual overall 41.6666...: 41.62 is 0.0467 away (pass), 41.61 is 0.0567 away (fail)
    questionnaire, case = setup(tmp_path, CASE.replace("score: 41.7", "score: 41.62"))
    assert run_cli("check", case, "-q", questionnaire).code == 0
    case.write_text(CASE.replace("score: 41.7", "score: 41.61"), encoding="utf-8")
    run = run_cli("check", case, "-q", questionnaire)
    assert run.code == 1
    assert "overall.score: expected 41.61, actual 41.6667" in run.stdout


def test_failing_case_shows_expected_and_actual(tmp_path: Path) -> None:
    questionnaire, case = setup(tmp_path, CASE.replace("a1: half", "a1: none"))
    # a1=none caps a at level 1; a = 100 * (0 + 0.6667) / 2 = 33.3
    run = run_cli("check", case, "-q", questionnaire)
    assert run.code == 1
    assert f"FAIL {case}" in run.stdout
    assert "dimensions.a.level: expected 2, actual 1" in run.stdout
    assert "dimensions.a.score: expected 58.3, actual 33.3333" in run.stdout
    assert run.stderr.endswith("0 passed, 1 failed\n")


def test_case_without_expectations_fails(tmp_path: Path) -> None:
    questionnaire, case = setup(tmp_path, CASE.split("expect:")[0])
    run = run_cli("check", case, "-q", questionnaire)
    assert run.code == 1
    assert "no expectations" in run.stdout


def test_unknown_dimension_in_expect_fails(tmp_path: Path) -> None:
    questionnaire, case = setup(tmp_path, CASE.replace("    a: {level", "    zz: {level"))
    run = run_cli("check", case, "-q", questionnaire)
    assert run.code == 1 and "dimensions.zz" in run.stdout


def test_update_rewrites_only_the_expect_block(tmp_path: Path) -> None:
    questionnaire, case = setup(tmp_path, CASE.replace("a2: 2", "a2: 3"))
    run = run_cli("check", case, "-q", questionnaire, "--update")
    assert run.code == 0, run.stderr
    # a = 100 * (0.5 + 1) / 2 = 75.0 -> level 2; overall (75 + 25) / 2 = 50.0 -> level 2
    assert case.read_text(encoding="utf-8") == (
        "# A client profile we never want to change level silently.\n"
        "questionnaire: cases\n"
        "organization: Acme   # the reference client\n"
        "answers:\n"
        "  a1: half\n"
        "  a2: 3\n"
        "  b1: 1\n"
        "expect:\n"
        "  overall: {level: 2, score: 50.0}\n"
        "  dimensions:\n"
        "    a: {level: 2, score: 75.0}\n"
        "    b: {level: 1, score: 25.0}\n"
        "respondent: kept after the block\n"
    )
    assert run_cli("check", case, "-q", questionnaire).code == 0


def test_update_appends_a_block_and_keeps_null_dimensions(tmp_path: Path) -> None:
    questionnaire, case = setup(
        tmp_path, "questionnaire: cases\norganization: A\nanswers:\n  a1: full\n  b1:\n"
    )
    run = run_cli("check", case, "-q", questionnaire, "--update")
    assert run.code == 0, run.stderr
    text = case.read_text(encoding="utf-8")
    assert text.endswith(
        "  b1:\nexpect:\n  overall: {level: 3, score: 100.0}\n  dimensions:\n"
        "    a: {level: 3, score: 100.0}\n    b: {level: null, score: null}\n"
    )
    assert run_cli("check", case, "-q", questionnaire).code == 0


def test_update_fails_only_for_cases_that_cannot_be_scored(tmp_path: Path) -> None:
    questionnaire, case = setup(tmp_path)
    write(
        tmp_path / "cases" / "bad.yaml", "questionnaire: cases\norganization: A\nanswers: {zz: 1}\n"
    )
    run = run_cli("check", tmp_path / "cases", "-q", questionnaire, "--update")
    assert run.code == 1
    assert "bad.yaml:3:11: error: unknown question 'zz'" in run.stderr
    assert f"updated {case}" in run.stdout


def test_junit_report(tmp_path: Path) -> None:
    questionnaire, case = setup(tmp_path)
    write(tmp_path / "cases" / "d.yaml", CASE.replace("level: 2, score: 41.7", "level: 3"))
    report = tmp_path / "junit.xml"
    run = run_cli("check", tmp_path / "cases", "-q", questionnaire, "--junit", report)
    assert run.code == 1
    suite = ET.parse(report).getroot()
    assert suite.tag == "testsuite" and suite.get("tests") == "2" and suite.get("failures") == "1"
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [str(case), str(tmp_path / "cases" / "d.yaml")]
    failure = cases[1].find("failure")
    assert failure is not None and "overall.level: expected 3, actual 2" in (failure.text or "")


def test_junit_to_stdout_leaves_stdout_to_the_xml(tmp_path: Path) -> None:
    """``--junit -``: a CI system reads stdout as XML; the case lines go to stderr."""
    questionnaire, case = setup(tmp_path)
    run = run_process("check", tmp_path / "cases", "-q", questionnaire, "--junit", "-")
    assert run.code == 0, run.stderr
    suite = ET.fromstring(run.stdout)
    assert suite.tag == "testsuite" and suite.get("tests") == "1"
    assert f"pass {case}" in run.stderr


def test_update_keeps_text_holding_characters_python_calls_line_breaks(tmp_path: Path) -> None:
    """U+2028, U+2029 and U+0085 are ordinary characters in YAML 1.2, not line breaks.

    Carriage returns are line breaks to both, alone or before a line feed.
    """
    odd = "Jane\u2028Doe\u2029Jr\x85Sr"
    text = (
        "questionnaire: cases\r\n"
        f"organization: Acme {odd}\r"
        f"respondent: {odd}\n"
        "expect:\n"
        "  overall: {level: 1}\n"
        f"role: {odd}\n"
        "answers:\n"
        "  a1: half\n"
        "  a2: 3\n"
        "  b1: 1\n"
    )
    questionnaire, case = setup(tmp_path, "")
    case.write_bytes(text.encode("utf-8"))
    run = run_cli("check", case, "-q", questionnaire, "--update")
    assert run.code == 0, run.stderr
    assert case.read_bytes().decode("utf-8") == text.replace(
        "  overall: {level: 1}\n",
        "  overall: {level: 2, score: 50.0}\n"
        "  dimensions:\n"
        "    a: {level: 2, score: 75.0}\n"
        "    b: {level: 1, score: 25.0}\n",
    )
    assert run_cli("check", case, "-q", questionnaire).code == 0


def test_only_check_reads_the_expect_block(tmp_path: Path) -> None:
    """SPEC 2: "expect: ... only check reads it": a case whose expectations check refuses still
    scores, reports, explains and migrates; check (and validate, which checks the whole file)
    says where the block is wrong."""
    questionnaire, case = setup(tmp_path, CASE.replace("score: 41.7", "score: 150"))
    for command in (["score"], ["report", "--format", "json"], ["explain"]):
        run = run_cli(*command, case, "-q", questionnaire)
        assert (run.code, run.stderr) == (0, ""), (command, run.stderr)
    for command in ("check", "validate"):
        run = run_cli(command, case, "-q", questionnaire)
        assert run.code == 1 and "expect.overall.score" in run.stderr, command


@pytest.mark.parametrize("end", ["...\n", "...\n# the end\n", "# a last comment\n"])
def test_update_appends_before_the_document_ends(tmp_path: Path, end: str) -> None:
    """A block after ``...`` would be a second document the file cannot hold."""
    text = "---\nquestionnaire: cases\norganization: A\nanswers:\n  a1: full\n  b1: 1\n" + end
    questionnaire, case = setup(tmp_path, text)
    run = run_cli("check", case, "-q", questionnaire, "--update")
    assert run.code == 0, run.stderr
    updated = case.read_text(encoding="utf-8")
    assert updated.startswith(text[: -len(end)] + "expect:\n")
    assert updated.endswith(end)
    assert run_cli("check", case, "-q", questionnaire).code == 0


@pytest.mark.parametrize("last", ["\r\n", ""], ids=["final newline", "no final newline"])
def test_update_writes_the_block_with_the_file_s_line_endings(tmp_path: Path, last: str) -> None:
    text = "questionnaire: cases\r\norganization: A\r\nanswers:\r\n  a1: full\r\n  b1: 1" + last
    questionnaire, case = setup(tmp_path, text)
    assert run_cli("check", case, "-q", questionnaire, "--update").code == 0
    updated = case.read_bytes()
    assert updated.count(b"\n") == updated.count(b"\r\n")
    assert run_cli("check", case, "-q", questionnaire).code == 0


@pytest.mark.parametrize(
    "block", ["expect: {}\n", "expect:\n  overall: {}\n  dimensions: {a: {}}\n"]
)
def test_an_expect_block_that_checks_nothing_is_no_expectations(tmp_path: Path, block: str) -> None:
    text = "questionnaire: cases\norganization: A\nanswers:\n  a1: full\n  b1: 1\n" + block
    questionnaire, case = setup(tmp_path, text)
    run = run_cli("check", case, "-q", questionnaire)
    assert run.code == 1
    assert run.stdout == f"FAIL {case}: no expectations\n"

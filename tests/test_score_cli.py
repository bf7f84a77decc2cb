"""SPEC section 4: ``score``, ``validate`` (responses) and ``explain`` run for real, end to end.

The questionnaire is tests/fixtures/scoring/test-scoring.yaml, found with ``-q PATH`` or through
SOCIALMATURITY_PATH. Expected numbers are computed by hand (see its header comment and
tests/test_scoring.py): thresholds 0/30/60/85, dimension weights alpha 2, beta 1, gamma 1.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, NORTHWIND, Run, run_process

QUESTIONNAIRE = FIXTURES / "scoring" / "test-scoring.yaml"
QUESTIONNAIRE_TEXT = QUESTIONNAIRE.read_text(encoding="utf-8")

Cli = Callable[..., Run]
Write = Callable[[str, str], Path]

FULL = """\
questionnaire: test-scoring
questionnaire_version: "2.0"
organization: Acme Corp
respondent: Jane Doe
role: CMO
date: 2026-11-20
answers:
  a_single: all
  a_multi: [blog, care]
  a_scale: 4
  a_gate: open
  b_single: mid
  b_optional: 7
  g_scale: na
  g_yesno: "yes"
"""
# alpha = 100*(1*1 + 3*(1+3)/6 + 2*(4-1)/4)/(1+3+2) = 100*4.5/6 = 75 -> 75.0, level 3 Grow
# beta  = 100*(1/3 + 7/10)/2 = 51.666... -> 51.7, level 2 Build (cap mid=3 listed, no effect)
# gamma = g_scale na left out; g_yesno yes = 1 -> 100.0, level 4 Lead
# overall = (2*75 + 51.666... + 100)/4 = 75.41666... -> 75.4, level 3 Grow; 8/8 answered


def full_record(file: str) -> dict:
    return {
        "file": file,
        "organization": "Acme Corp",
        "respondent": "Jane Doe",
        "role": "CMO",
        "date": "2026-11-20",
        "questionnaire": {"id": "test-scoring", "version": "2.0"},
        "overall": {"score": 75.4, "level": 3, "level_name": "Grow"},
        "dimensions": [
            {
                "id": "alpha",
                "name": "Alpha",
                "score": 75.0,
                "level": 3,
                "level_name": "Grow",
                "answered": 4,
                "questions": 4,
                "caps": [],
            },
            {
                "id": "beta",
                "name": "Beta",
                "score": 51.7,
                "level": 2,
                "level_name": "Build",
                "answered": 2,
                "questions": 2,
                "caps": [{"question": "b_single", "option": "mid", "level": 3}],
            },
            {
                "id": "gamma",
                "name": "Gamma",
                "score": 100.0,
                "level": 4,
                "level_name": "Lead",
                "answered": 2,
                "questions": 2,
                "caps": [],
            },
        ],
        "completeness": 1.0,
    }


SPARSE = """\
questionnaire: test-scoring
organization: Beta Ltd
answers:
  a_single: some
  a_multi: []
  a_gate: closed
  b_single: na
"""
# alpha = 100*(1*(2-1)/4 + 3*0)/(1+3) = 6.25 -> round(6.25, 1) = 6.2, level 1 (cap closed=1)
# beta: only na -> null; gamma: nothing -> null
# overall = 2*6.25/2 = 6.25 -> 6.2, level 1 Start; answered 3 + 1 + 0 = 4 of 8 -> 0.5


def sparse_record(file: str) -> dict:
    return {
        "file": file,
        "organization": "Beta Ltd",
        "respondent": None,
        "role": None,
        "date": None,
        "questionnaire": {"id": "test-scoring", "version": "2.0"},
        "overall": {"score": 6.2, "level": 1, "level_name": "Start"},
        "dimensions": [
            {
                "id": "alpha",
                "name": "Alpha",
                "score": 6.2,
                "level": 1,
                "level_name": "Start",
                "answered": 3,
                "questions": 4,
                "caps": [{"question": "a_gate", "option": "closed", "level": 1}],
            },
            {
                "id": "beta",
                "name": "Beta",
                "score": None,
                "level": None,
                "level_name": None,
                "answered": 1,
                "questions": 2,
                "caps": [],
            },
            {
                "id": "gamma",
                "name": "Gamma",
                "score": None,
                "level": None,
                "level_name": None,
                "answered": 0,
                "questions": 2,
                "caps": [],
            },
        ],
        "completeness": 0.5,
    }


BAD = """\
questionnaire: test-scoring
organization: Broken Inc
answers:
  a_single: some
  a_scale: 9
"""
# a_scale is 1..5: error at line 5, column 12


CSV_HEADER = (
    "file,organization,respondent,role,date,overall_score,overall_level,"
    "alpha_score,alpha_level,beta_score,beta_level,gamma_score,gamma_level"
)


def no_traceback(run: Run) -> Run:
    assert "Traceback" not in run.stderr, run.stderr
    assert "internal error" not in run.stderr, run.stderr
    return run


def questionnaire_folder(tmp_path: Path, text: str = QUESTIONNAIRE_TEXT, name: str = "q") -> Path:
    folder = tmp_path / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "test-scoring.yaml").write_text(text, encoding="utf-8")
    return folder


# --- json / jsonl ------------------------------------------------------------------------------


def test_score_json_has_exactly_the_spec_record(cli: Cli, write_file: Write) -> None:
    full = write_file("full.yaml", FULL)
    sparse = write_file("sparse.yaml", SPARSE)
    run = no_traceback(cli("score", sparse, full, "-q", QUESTIONNAIRE, "--format", "json"))
    assert run.code == 0, run.stderr
    data = json.loads(run.stdout)
    # input order, not alphabetical
    assert data == [sparse_record(str(sparse)), full_record(str(full))]
    # exact key sets and order of keys as in SPEC
    assert list(data[1]) == [
        "file",
        "organization",
        "respondent",
        "role",
        "date",
        "questionnaire",
        "overall",
        "dimensions",
        "completeness",
    ]
    assert list(data[1]["dimensions"][0]) == [
        "id",
        "name",
        "score",
        "level",
        "level_name",
        "answered",
        "questions",
        "caps",
    ]


def test_score_through_socialmaturity_path(cli: Cli, write_file: Write, tmp_path: Path) -> None:
    folder = questionnaire_folder(tmp_path)
    full = write_file("full.yaml", FULL)
    env = {"SOCIALMATURITY_PATH": str(folder)}
    run = no_traceback(cli("score", full, "--format", "json", env=env))
    assert run.code == 0, run.stderr
    assert json.loads(run.stdout) == [full_record(str(full))]
    # -q may also name it by id
    run = no_traceback(cli("score", full, "-q", "test-scoring", "--format", "json", env=env))
    assert run.code == 0, run.stderr
    assert json.loads(run.stdout) == [full_record(str(full))]


def test_earlier_folder_on_socialmaturity_path_wins(
    cli: Cli, write_file: Write, tmp_path: Path
) -> None:
    first = questionnaire_folder(
        tmp_path, QUESTIONNAIRE_TEXT.replace('version: "2.0"', 'version: "2.0-first"'), "first"
    )
    second = questionnaire_folder(tmp_path, QUESTIONNAIRE_TEXT, "second")
    sparse = write_file("sparse.yaml", SPARSE)
    env = {"SOCIALMATURITY_PATH": f"{first}{os.pathsep}{second}"}
    run = no_traceback(cli("score", sparse, "--format", "json", env=env))
    assert run.code == 0, run.stderr
    assert json.loads(run.stdout)[0]["questionnaire"] == {
        "id": "test-scoring",
        "version": "2.0-first",
    }


def test_unknown_questionnaire_without_path_is_an_error(cli: Cli, write_file: Write) -> None:
    full = write_file("full.yaml", FULL)
    run = no_traceback(cli("score", full, "--format", "json"))
    assert run.code == 1
    assert f"{full}:" in run.stderr and "test-scoring" in run.stderr


def test_score_jsonl_is_one_object_per_line(cli: Cli, write_file: Write) -> None:
    full = write_file("full.yaml", FULL)
    sparse = write_file("sparse.yaml", SPARSE)
    run = no_traceback(cli("score", full, sparse, "-q", QUESTIONNAIRE, "--format", "jsonl"))
    assert run.code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 2
    assert [json.loads(line) for line in lines] == [
        full_record(str(full)),
        sparse_record(str(sparse)),
    ]


def test_score_json_with_no_good_file_is_an_empty_array(cli: Cli, write_file: Write) -> None:
    bad = write_file("bad.yaml", BAD)
    run = no_traceback(cli("score", bad, "-q", QUESTIONNAIRE, "--format", "json"))
    assert run.code == 1
    assert json.loads(run.stdout) == []
    assert f"{bad}:5:12: error:" in run.stderr


# --- csv -------------------------------------------------------------------------------------


def test_score_csv_header_and_rows(cli: Cli, write_file: Write) -> None:
    full = write_file("full.yaml", FULL)
    sparse = write_file("sparse.yaml", SPARSE)
    run = no_traceback(cli("score", full, sparse, "-q", QUESTIONNAIRE, "--format", "csv"))
    assert run.code == 0, run.stderr
    assert run.stdout.splitlines()[0] == CSV_HEADER
    rows = list(csv.reader(io.StringIO(run.stdout)))[1:]
    assert len(rows) == 2
    full_row, sparse_row = rows
    assert full_row[:5] == [str(full), "Acme Corp", "Jane Doe", "CMO", "2026-11-20"]
    numbers = [float(cell) for cell in full_row[5:]]
    # overall 75.4/3, alpha 75.0/3, beta 51.7/2, gamma 100.0/4
    assert numbers == [75.4, 3, 75.0, 3, 51.7, 2, 100.0, 4]
    # nulls are empty cells: respondent, role, date, beta and gamma
    assert sparse_row[:5] == [str(sparse), "Beta Ltd", "", "", ""]
    assert [float(sparse_row[5]), int(sparse_row[6]), float(sparse_row[7]), int(sparse_row[8])] == [
        6.2,
        1,
        6.2,
        1,
    ]
    assert sparse_row[9:] == ["", "", "", ""]


def test_csv_file_of_another_questionnaire_is_an_error_rest_written(
    cli: Cli, write_file: Write, tmp_path: Path
) -> None:
    folder = questionnaire_folder(tmp_path)
    full = write_file("full.yaml", FULL)
    other = write_file(
        "other.yaml", "questionnaire: social-maturity\norganization: Other Co\nanswers: {}\n"
    )
    sparse = write_file("sparse.yaml", SPARSE)
    env = {"SOCIALMATURITY_PATH": str(folder)}
    run = no_traceback(cli("score", full, other, sparse, "--format", "csv", env=env))
    assert run.code == 1
    lines = run.stdout.splitlines()
    assert lines[0] == CSV_HEADER
    assert [row[0] for row in csv.reader(io.StringIO(run.stdout))][1:] == [str(full), str(sparse)]
    assert str(other) in run.stderr
    assert "error" in run.stderr


# --- folders and bad files ---------------------------------------------------------------------


def test_folder_means_every_yaml_inside_recursively(
    cli: Cli, write_file: Write, tmp_path: Path
) -> None:
    a = write_file("responses/a.yaml", FULL)
    b = write_file("responses/sub/b.yml", SPARSE)
    c = write_file("responses/sub/deeper/c.yaml", FULL.replace("Acme Corp", "Cee Corp"))
    write_file("responses/notes.txt", "not a response")
    write_file("responses/sub/readme.md", "# not a response")
    run = no_traceback(
        cli("score", tmp_path / "responses", "-q", QUESTIONNAIRE, "--format", "json")
    )
    assert run.code == 0, run.stderr
    data = json.loads(run.stdout)
    assert sorted(Path(r["file"]).resolve() for r in data) == sorted(p.resolve() for p in (a, b, c))
    assert {r["organization"] for r in data} == {"Acme Corp", "Beta Ltd", "Cee Corp"}


def test_bad_file_among_good_ones(cli: Cli, write_file: Write) -> None:
    first = write_file("first.yaml", FULL)
    bad = write_file("bad.yaml", BAD)
    last = write_file("last.yaml", SPARSE)
    run = no_traceback(cli("score", first, bad, last, "-q", QUESTIONNAIRE, "--format", "json"))
    assert run.code == 1
    assert json.loads(run.stdout) == [full_record(str(first)), sparse_record(str(last))]
    assert f"{bad}:5:12: error: " in run.stderr
    assert "Broken Inc" not in run.stdout


def test_bad_yaml_file_reports_line_and_column(cli: Cli, write_file: Write) -> None:
    good = write_file("good.yaml", FULL)
    broken = write_file("broken.yaml", "questionnaire: test-scoring\norganization: [oops\n")
    run = no_traceback(cli("score", good, broken, "-q", QUESTIONNAIRE, "--format", "jsonl"))
    assert run.code == 1
    assert len(run.stdout.splitlines()) == 1
    assert any(
        line.startswith(f"{broken}:") and ": error: " in line for line in run.stderr.splitlines()
    )


def test_missing_file_is_exit_1_and_others_still_scored(
    cli: Cli, write_file: Write, tmp_path: Path
) -> None:
    good = write_file("good.yaml", FULL)
    missing = tmp_path / "nope.yaml"
    run = no_traceback(cli("score", missing, good, "-q", QUESTIONNAIRE, "--format", "json"))
    assert run.code == 1
    assert str(missing) in run.stderr
    assert json.loads(run.stdout) == [full_record(str(good))]


def test_only_a_missing_file(cli: Cli, tmp_path: Path) -> None:
    run = no_traceback(cli("score", tmp_path / "nope.yaml", "-q", QUESTIONNAIRE))
    assert run.code == 1
    assert "nope.yaml" in run.stderr


def test_table_format_is_the_default(cli: Cli, write_file: Write) -> None:
    full = write_file("full.yaml", FULL)
    run = no_traceback(cli("score", full, "-q", QUESTIONNAIRE))
    assert run.code == 0, run.stderr
    assert "Acme Corp" in run.stdout
    assert "\x1b[" not in run.stdout  # NO_COLOR, not a terminal


# --- --jobs --------------------------------------------------------------------------------------


def generated_response(i: int) -> str:
    multi = [v for bit, v in enumerate(["blog", "forum", "care", "other"]) if i >> bit & 1]
    lines = [
        "questionnaire: test-scoring",
        f"organization: Org {i:02d}",
        f"respondent: Person {i}",
        "answers:",
        f"  a_single: {['none', 'some', 'all'][i % 3]}",
        f"  a_multi: [{', '.join(multi)}]",
        f"  a_scale: {1 + i % 5}",
        f"  a_gate: {['closed', 'partial', 'open', ''][i % 4]}",
        f"  b_single: {['low', 'mid', 'high', 'na'][i % 4]}",
        f"  b_optional: {'' if i % 7 == 0 else i % 11}",
        f"  g_scale: {'na' if i % 6 == 0 else i % 5}",
        f"  g_yesno: {'yes' if i % 2 else 'no'}",
    ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("output_format", ["json", "jsonl", "csv"])
def test_jobs_give_identical_output(
    cli: Cli, write_file: Write, tmp_path: Path, output_format: str
) -> None:
    for i in range(30):
        write_file(f"batch/r{i:02d}.yaml", generated_response(i))
    write_file("batch/r15-bad.yaml", BAD)
    folder = tmp_path / "batch"
    runs = [
        no_traceback(
            # worker processes are forked from a real command, not from the test run
            (cli if jobs == "1" else run_process)(
                "score", folder, "-q", QUESTIONNAIRE, "--format", output_format, "--jobs", jobs
            )
        )
        for jobs in ("1", "2", "0")
    ]
    assert runs[0].code == 1  # the bad file
    assert "r15-bad.yaml:5:12: error:" in runs[0].stderr
    if output_format == "json":
        assert len(json.loads(runs[0].stdout)) == 30
    elif output_format == "jsonl":
        assert [json.loads(line)["file"][-7:] for line in runs[0].stdout.splitlines()] == [
            f"{i:02d}.yaml" for i in range(30)
        ]
    else:
        assert len(runs[0].stdout.splitlines()) == 31
    for other in runs[1:]:
        assert other.code == runs[0].code
        assert other.stdout == runs[0].stdout
        assert other.stderr == runs[0].stderr


# --- usage errors and --strict -------------------------------------------------------------------


def test_unknown_format_is_a_usage_error(cli: Cli, write_file: Write) -> None:
    full = write_file("full.yaml", FULL)
    run = no_traceback(cli("score", full, "-q", QUESTIONNAIRE, "--format", "xml"))
    assert run.code == 2
    assert run.stdout == ""


def test_unknown_option_is_a_usage_error(cli: Cli, write_file: Write) -> None:
    full = write_file("full.yaml", FULL)
    run = no_traceback(cli("score", full, "-q", QUESTIONNAIRE, "--bogus"))
    assert run.code == 2


def test_negative_jobs_is_a_usage_error(cli: Cli, write_file: Write) -> None:
    full = write_file("full.yaml", FULL)
    run = no_traceback(cli("score", full, "-q", QUESTIONNAIRE, "--jobs", "-1"))
    assert run.code == 2


@pytest.mark.parametrize("jobs", ["99999999999999999999", "1025", "-1"])
def test_jobs_out_of_range_is_a_usage_error(cli: Cli, jobs: str) -> None:
    run = cli("score", NORTHWIND, "--jobs", jobs)
    assert run.code == 2 and "--jobs" in run.stderr and "Traceback" not in run.stderr


def test_strict_makes_unanswered_required_questions_errors(cli: Cli, write_file: Write) -> None:
    sparse = write_file("sparse.yaml", SPARSE)
    full = write_file("full.yaml", FULL)
    relaxed = no_traceback(cli("score", sparse, full, "-q", QUESTIONNAIRE, "--format", "json"))
    assert relaxed.code == 0, relaxed.stderr
    strict = no_traceback(
        cli("score", sparse, full, "-q", QUESTIONNAIRE, "--format", "json", "--strict")
    )
    assert strict.code == 1
    # FULL answers everything; SPARSE leaves a_scale, g_scale, g_yesno unanswered
    assert json.loads(strict.stdout) == [full_record(str(full))]
    for qid in ("a_scale", "g_scale", "g_yesno"):
        assert qid in strict.stderr
    assert "b_optional" not in strict.stderr  # required: false
    assert all(line.startswith(f"{sparse}:") for line in strict.stderr.splitlines() if line)


# --- validate ----------------------------------------------------------------------------------


def test_validate_response_prints_ok(cli: Cli, write_file: Write, tmp_path: Path) -> None:
    full = write_file("full.yaml", FULL)
    run = no_traceback(cli("validate", full, "-q", QUESTIONNAIRE))
    assert run.code == 0, run.stderr
    assert run.stdout == f"{full}: ok\n"
    folder = questionnaire_folder(tmp_path)
    run = no_traceback(cli("validate", full, env={"SOCIALMATURITY_PATH": str(folder)}))
    assert run.code == 0, run.stderr
    assert run.stdout == f"{full}: ok\n"


def test_validate_reads_a_response_once_and_still_refuses_its_anchors(
    write_file: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``validate`` reads a file before it knows it is a response; that read serves the
    response too, unless the file may hold an anchor, which a response may not."""
    from typer.testing import CliRunner

    from socialmaturity.cli import app
    from socialmaturity.model import yaml_reader

    composed: list[str] = []
    compose = yaml_reader._compose

    def counted(name: str, *rest: object) -> object:
        composed.append(name)
        return compose(name, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(yaml_reader, "_compose", counted)
    full = write_file("full.yaml", FULL)
    run = CliRunner().invoke(app, ["validate", str(full), "-q", str(QUESTIONNAIRE)])
    assert run.exit_code == 0, run.output
    assert composed.count(str(full)) == 1
    anchored = write_file("anchored.yaml", FULL.replace("organization:", "x: &a 1\norganization:"))
    run = CliRunner().invoke(app, ["validate", str(anchored), "-q", str(QUESTIONNAIRE)])
    assert run.exit_code == 1
    assert f"{anchored}:3:4: error: anchors and aliases are not allowed in response files" in (
        run.output
    )


@pytest.mark.parametrize("key", ["1", "true", "null", "1.5"])
def test_an_answer_key_that_is_not_text_is_a_located_error_not_a_crash(
    cli: Cli, write_file: Write, key: str
) -> None:
    """The header's error names the key; the answers' own checks pass it over."""
    bad = write_file(
        "bad.yaml", f"questionnaire: test-scoring\norganization: O\nanswers:\n  {key}: x\n"
    )
    for command in (["validate", bad], ["score", bad], ["report", bad]):
        run = no_traceback(cli(*command, "-q", QUESTIONNAIRE))
        assert run.code == 1, run.stderr
        assert f"{bad}:4:3: error: the keys of answers must be text" in run.stderr
        assert "internal error" not in run.stderr


def test_validate_bad_response_reports_location(cli: Cli, write_file: Write) -> None:
    full = write_file("full.yaml", FULL)
    bad = write_file("bad.yaml", BAD)
    run = no_traceback(cli("validate", full, bad, "-q", QUESTIONNAIRE))
    assert run.code == 1
    assert run.stdout == f"{full}: ok\n"
    assert run.stderr.startswith(f"{bad}:5:12: error: ")


def test_validate_strict(cli: Cli, write_file: Write) -> None:
    sparse = write_file("sparse.yaml", SPARSE)
    assert no_traceback(cli("validate", sparse, "-q", QUESTIONNAIRE)).code == 0
    run = no_traceback(cli("validate", sparse, "-q", QUESTIONNAIRE, "--strict"))
    assert run.code == 1
    assert "a_scale" in run.stderr


def test_version_mismatch_is_a_warning_with_exit_0(cli: Cli, write_file: Write) -> None:
    old = write_file(
        "old.yaml", FULL.replace('questionnaire_version: "2.0"', 'questionnaire_version: "1.0"')
    )
    run = no_traceback(cli("validate", old, "-q", QUESTIONNAIRE))
    assert run.code == 0, run.stderr
    assert run.stdout == f"{old}: ok\n"
    assert f"{old}: warning: " in run.stderr  # SPEC 4: path: warning: message
    assert "error" not in run.stderr
    run = no_traceback(cli("score", old, "-q", QUESTIONNAIRE, "--format", "json"))
    assert run.code == 0, run.stderr
    assert "warning" in run.stderr
    record = json.loads(run.stdout)[0]
    assert record["overall"] == {"score": 75.4, "level": 3, "level_name": "Grow"}


def test_validate_response_for_another_questionnaire_with_q(cli: Cli, write_file: Write) -> None:
    other = write_file(
        "other.yaml", "questionnaire: social-maturity\norganization: Other Co\nanswers: {}\n"
    )
    run = no_traceback(cli("validate", other, "-q", QUESTIONNAIRE))
    assert run.code == 1
    assert run.stderr.startswith(f"{other}:1:16: error: ")


# --- explain -----------------------------------------------------------------------------------

EXPLAINED = (
    FULL.replace("a_multi: [blog, care]", "a_multi: [blog, forum, care]")
    .replace("a_scale: 4", "a_scale: 5")
    .replace("a_gate: open", "a_gate: partial")
)
# alpha = 100*(1 + 3*6/6 + 2*1)/6 = 100 -> level 4, capped at 3 by a_gate partial
# beta 51.67 -> level 2 (cap mid=3, no effect): b_single high would make it
#   100*(1 + 0.7)/2 = 85 -> level 4, a quickest win; gamma 100 -> level 4 (top)


def test_explain_names_every_question_the_caps_and_quickest_wins(
    cli: Cli, write_file: Write
) -> None:
    path = write_file("explained.yaml", EXPLAINED)
    run = no_traceback(cli("explain", path, "-q", QUESTIONNAIRE))
    assert run.code == 0, run.stderr
    out = run.stdout
    for qid in (
        "a_single",
        "a_multi",
        "a_scale",
        "a_gate",
        "b_single",
        "b_optional",
        "g_scale",
        "g_yesno",
    ):
        assert qid in out, qid
    cap_lines = [line for line in out.splitlines() if "cap" in line.lower()]
    assert any("a_gate" in line and "partial" in line for line in cap_lines), cap_lines
    assert any("b_single" in line and "mid" in line for line in cap_lines), cap_lines
    assert "quickest wins" in out.lower()
    for name in ("Alpha", "Beta", "Gamma"):
        assert name in out


def test_explain_through_socialmaturity_path(cli: Cli, write_file: Write, tmp_path: Path) -> None:
    folder = questionnaire_folder(tmp_path)
    path = write_file("sparse.yaml", SPARSE)
    run = no_traceback(cli("explain", path, env={"SOCIALMATURITY_PATH": str(folder)}))
    assert run.code == 0, run.stderr
    assert "a_gate" in run.stdout and "closed" in run.stdout


def test_explain_bad_file_is_exit_1_with_location(cli: Cli, write_file: Write) -> None:
    bad = write_file("bad.yaml", BAD)
    run = no_traceback(cli("explain", bad, "-q", QUESTIONNAIRE))
    assert run.code == 1
    assert run.stderr.startswith(f"{bad}:5:12: error: ")


MULTI = """\
id: tiny2
version: "1.0.0"
title: Tiny two
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: Mid, min_score: 40}
dimensions:
  - id: dim_c
    name: Dim C
    questions:
      - id: c1
        text: Which of these?
        kind: multi
        options:
          - {value: x, label: Ex, points: 1}
          - {value: y, label: Why, points: 1}
          - {value: z, label: Zed, points: 1}
          - {value: w, label: Dub, points: 1}
"""


@pytest.mark.parametrize(
    ("chosen", "win"),
    [
        ("[]", "c1: none of these → Ex; Why raises it to level 2 Mid (score 50.0)"),
        ("[z]", "c1: Zed → Zed; Ex raises it to level 2 Mid (score 50.0)"),
    ],
)
def test_explain_finds_a_multi_answer_that_chooses_several_options_at_once(
    tmp_path: Path, chosen: str, win: str
) -> None:
    """One answer change may choose two options at once (SPEC 4: which single answer changes)."""
    from conftest import run_cli, write

    q = write(tmp_path / "q.yaml", MULTI)
    response = write(
        tmp_path / "r.yaml", f"questionnaire: tiny2\norganization: A\nanswers:\n  c1: {chosen}\n"
    )
    run = run_cli("explain", response, "-q", q)
    assert run.code == 0, run.stderr
    assert win in run.stdout
    assert "no single answer change" not in run.stdout

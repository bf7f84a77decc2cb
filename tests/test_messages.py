"""Validation that tells everything at once, with hints a person can act on."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, run_cli, write

DEMO = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"


def test_header_errors_and_answer_errors_come_in_one_run(tmp_path: Path) -> None:
    path = write(
        tmp_path / "r.yaml",
        "questionnaire: social-maturity\norganization: A\ndate: 2026-13-45\nrespondnt: x\n"
        "answers:\n  exec_planning: nne\n  exec_sponsr: none\n",
    )
    run = run_cli("validate", path)
    assert run.code == 1
    lines = run.stderr.splitlines()
    assert lines[0].startswith(f"{path}:3:7: error: date:")
    assert lines[1].startswith(f"{path}:4:1: error: unknown key 'respondnt' (did you mean")
    assert (
        f"{path}:6:18: error: unknown option 'nne' for 'exec_planning' (did you mean 'none'?)"
        in lines[2]
    )
    assert (
        "unknown question 'exec_sponsr'" in lines[3] and "did you mean 'exec_sponsor'" in lines[3]
    )
    assert lines[-1] == "4 errors in 1 file"


def test_a_closing_count_of_errors_and_files(tmp_path: Path) -> None:
    bad = write(tmp_path / "a.yaml", "questionnaire: social-maturity\nanswers: {}\n")
    worse = write(
        tmp_path / "b.yaml", "questionnaire: social-maturity\norganization: ''\nanswers: [1]\n"
    )
    run = run_cli("validate", bad, worse, DEMO)
    assert run.code == 1
    assert run.stderr.splitlines()[-1].endswith("errors in 2 files")
    assert f"{DEMO}: ok" in run.stdout


def test_did_you_mean_for_a_questionnaire_id(tmp_path: Path) -> None:
    path = write(
        tmp_path / "r.yaml", "questionnaire: social-maturty\norganization: A\nanswers: {}\n"
    )
    run = run_cli("validate", path)
    assert "unknown questionnaire 'social-maturty' (did you mean 'social-maturity'?)" in run.stderr


def test_did_you_mean_for_a_target_dimension() -> None:
    run = run_cli("report", DEMO, "--target", "executve_buy_in=3")
    assert run.code == 2 and "did you mean 'executive_buy_in'?" in run.stderr


def test_a_tab_gets_a_plain_explanation(tmp_path: Path) -> None:
    path = write(
        tmp_path / "r.yaml",
        "questionnaire: social-maturity\norganization: A\nanswers:\n\texec_planning: none\n",
    )
    run = run_cli("validate", path)
    assert f"{path}:4:1: error: invalid YAML: tabs cannot indent YAML; use spaces" in run.stderr


def test_cryptic_yaml_messages_get_a_plain_explanation(tmp_path: Path) -> None:
    colon = write(tmp_path / "a.yaml", "organization: Acme: Corp\n")
    indent = write(tmp_path / "b.yaml", "a:\n  b: 1\n c: 2\n")
    run = run_cli("validate", colon, indent)
    assert (
        f"{colon}:1:19: error: invalid YAML: mapping values are not allowed in this context; "
        "a value holds ': ' (put it in quotes)" in run.stderr
    )
    assert (
        "did not find expected key (while parsing a block mapping); this line is not indented"
        in run.stderr
    )


def test_every_problem_stays_on_one_line(tmp_path: Path) -> None:
    response = write(
        tmp_path / "r.yaml",
        'questionnaire: social-maturity\norganization: A\nanswers: {"x\\ny": b}\n',
    )
    run = run_cli("validate", response)
    assert run.code == 1
    assert run.stderr.splitlines()[1:] == ["1 error in 1 file"] and "x\\x0ay" in run.stderr
    control = tmp_path / "c.yaml"
    control.write_bytes(b"questionnaire: social-maturity\norganization: O\x01rg\nanswers: {}\n")
    run = run_cli("validate", control)
    assert (
        run.stderr
        == f"{control}:2:16: error: invalid YAML: the control character U+0001 is not allowed\n"
        "1 error in 1 file\n"
    )


def test_date_with_time_gets_a_date_message(tmp_path: Path) -> None:
    response = write(
        tmp_path / "r.yaml",
        "questionnaire: social-maturity\norganization: A\ndate: 2026-01-01T10:00:00\nanswers: {}\n",
    )
    run = run_cli("validate", response)
    assert run.code == 1
    assert "date must be a date written YYYY-MM-DD" in run.stderr


def test_values_quoted_in_messages_show_line_breaks_and_tabs_as_xnn(tmp_path: Path) -> None:
    """SPEC 4: a message shows a value's control characters as \\xNN (repr wrote \\n, \\t)."""
    bad = write(
        tmp_path / "r.yaml",
        'questionnaire: social-maturity\norganization: A\ndate: "2026-01\\n01"\n'
        'answers:\n  exec_planning: {value: company_goal, evidence: "se\\ten"}\n',
    )
    run = run_cli("validate", bad)
    assert run.code == 1
    assert "not '2026-01\\x0a01'" in run.stderr and "('se\\x09en')" in run.stderr
    assert "\\n" not in run.stderr and "\\t" not in run.stderr


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("title: Interview\n", "title: Interview\nhorizn: soon\n", "unknown key 'horizn'\n"),
        (
            "{value: a, label: Option A, points: 0}",
            "{value: a, lable: Option A, label: Option A, points: 0}",
            "unknown key 'lable' (did you mean 'label'?)\n",
        ),
        (
            "    name: First\n",
            "    name: First\n    wieght: 2\n",
            "unknown key 'wieght' (did you mean 'weight'?)\n",
        ),
    ],
    ids=["top level", "option", "dimension"],
)
def test_a_mistyped_key_is_matched_against_the_keys_allowed_where_it_is(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    """'horizn' at the top was offered 'horizon', a recommendation's key refused there too."""
    from test_assess import QUESTIONNAIRE

    assert old in QUESTIONNAIRE
    path = write(tmp_path / "q.yaml", QUESTIONNAIRE.replace(old, new, 1))
    run = run_cli("validate", path)
    assert run.code == 1
    assert run.stderr.splitlines()[0].endswith("error: " + message.rstrip("\n"))


def test_a_blank_organization_is_said_to_be_blank(tmp_path: Path) -> None:
    path = write(
        tmp_path / "r.yaml", 'questionnaire: social-maturity\norganization: "   "\nanswers: {}\n'
    )
    run = run_cli("validate", path)
    assert run.code == 1
    assert f"{path}:2:15: error: organization: must not be blank" in run.stderr


def test_a_mistyped_key_of_a_migration_is_offered_as_files_write_it(tmp_path: Path) -> None:
    from test_assess import QUESTIONNAIRE

    text = QUESTIONNAIRE.replace(
        "title: Interview\n",
        'title: Interview\nmigrations:\n  - {from: "0", fromm: "0", questions: {}}\n',
        1,
    )
    run = run_cli("validate", write(tmp_path / "q.yaml", text))
    assert "unknown key 'fromm' (did you mean 'from'?)" in run.stderr

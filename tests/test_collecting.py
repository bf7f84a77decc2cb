"""Collecting answers (SPEC section 4, ``assess`` and ``template``): no typed line loses an
answer, review and revise, header options, comments kept, locks, and blank templates."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from socialmaturity.model.yaml_reader import load_yaml
from test_assess import QUESTIONNAIRE

from conftest import Run, run_cli, write

ENV = {k: v for k, v in os.environ.items() if k != "SOCIALMATURITY_PATH"} | {"NO_COLOR": "1"}


@pytest.fixture
def q(tmp_path: Path) -> Path:
    return write(tmp_path / "q.yaml", QUESTIONNAIRE)


def answers(path: Path) -> dict[str, object]:
    return load_yaml(path, allow_aliases=False).data["answers"]  # type: ignore[no-any-return]


def header(path: Path) -> dict[str, object]:
    data = load_yaml(path, allow_aliases=False).data
    return {k: v for k, v in data.items() if k not in ("answers", "expect")}


def assess(out: Path, q: Path, stdin: str, *args: str) -> Run:
    """``assess -o OUT -q Q ARGS`` with ``stdin`` typed in (a plain-line interview)."""
    return run_cli("assess", "-o", out, "-q", q, *args, stdin=stdin)


def interview_until(
    out: Path, q: Path, lines: str, key: str, value: object
) -> subprocess.Popen[str]:
    """An interview left running after typing ``lines``, once ``key`` is saved as ``value``.

    A process of its own: it holds the file's lock while the test runs other commands.
    """
    process = subprocess.Popen(
        [sys.executable, "-m", "socialmaturity", "assess", "-o", str(out), "-q", str(q)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
        text=True,
    )
    assert process.stdin is not None
    process.stdin.write(lines)
    process.stdin.flush()
    deadline = time.monotonic() + 30  # a busy machine may take a while; it rarely does
    while time.monotonic() < deadline:
        if out.exists() and answers(out).get(key) == value:
            break
        time.sleep(0.05)
    return process


# --- no typed line loses an answer --------------------------------------------------------------


def test_enter_on_an_answer_reached_with_back_keeps_it(tmp_path: Path, q: Path) -> None:
    out = tmp_path / "a.yaml"
    assess(out, q, "Acme\n2\n<\n\n1,3\n")
    assert answers(out)["one"] == "b" and answers(out)["many"] == ["x", "z"]


def test_dash_clears_an_answer_and_moves_on(tmp_path: Path, q: Path) -> None:
    out = tmp_path / "a.yaml"
    assess(out, q, "Acme\n2 # seen\n1\n<\n<\n-\n\n")
    found = answers(out)
    assert found["one"] is None  # cleared, note and all
    assert found["many"] == ["x"]  # Enter kept it


def test_back_crosses_the_point_where_a_resumed_interview_started(tmp_path: Path, q: Path) -> None:
    out = tmp_path / "a.yaml"
    assess(out, q, "Acme\n2\n1\n")
    run = assess(out, q, "<\n<\n1\n\n3\n")  # resume at years: back to many, back to one
    assert "This is the first question" not in run.stdout
    assert answers(out)["one"] == "a"  # revised
    assert answers(out)["many"] == ["x"]  # kept with Enter
    assert answers(out)["years"] == 3


def test_review_walks_every_question_and_keeps_what_enter_keeps(tmp_path: Path, q: Path) -> None:
    out = tmp_path / "a.yaml"
    assert assess(out, q, "Acme\n2\n1\n2\nna\n").code == 0
    before = out.read_bytes()
    run = assess(out, q, "\n\n\n\n", "--review")
    assert run.code == 0, run.stderr
    assert run.stdout.count("Answered before:") == 4
    assert out.read_bytes() == before  # nothing changed, nothing rewritten
    assess(out, q, "\n-\n\n\n", "--review")
    assert answers(out)["many"] is None and answers(out)["one"] == "b"


def test_review_of_a_missing_file_is_an_error(tmp_path: Path, q: Path) -> None:
    run = assess(tmp_path / "none.yaml", q, "", "--review")
    assert run.code == 1 and "no such file to review" in run.stderr
    assert not (tmp_path / "none.yaml").exists()


# --- header options -----------------------------------------------------------------------------


def test_date_and_round_are_recorded(tmp_path: Path, q: Path) -> None:
    out = tmp_path / "a.yaml"
    assess(out, q, "2\n", "--organization", " Acme ", "--date", "2026-10-01", "--round", "Q4")
    assert header(out) == {
        "questionnaire": "interview",
        "questionnaire_version": "1",
        "organization": "Acme",
        "date": "2026-10-01",
        "round": "Q4",
    }


@pytest.mark.parametrize(
    ("option", "value", "theirs"),
    [
        ("--organization", "Other Co", "'Acme'"),
        ("--respondent", "Someone Else", "'Jo'"),
        ("--date", "2026-10-02", "'2026-10-01'"),
        ("--round", "Q1", "'Q4'"),
    ],
)
def test_options_that_disagree_with_the_file_are_an_error(
    tmp_path: Path, q: Path, option: str, value: str, theirs: str
) -> None:
    out = tmp_path / "a.yaml"
    assess(
        out,
        q,
        "2\n",
        "--organization",
        "Acme",
        "--respondent",
        "Jo",
        "--date",
        "2026-10-01",
        "--round",
        "Q4",
    )
    before = out.read_bytes()
    run = assess(out, q, "1\n", option, value)
    assert run.code == 1
    assert repr(value) in run.stderr and theirs in run.stderr
    assert out.read_bytes() == before


def test_a_value_the_file_lacks_is_filled_in_and_the_same_value_is_fine(
    tmp_path: Path, q: Path
) -> None:
    out = tmp_path / "a.yaml"
    assess(out, q, "2\n", "--organization", "Acme")
    run = assess(out, q, "\n", "--organization", " Acme", "--role", "CMO", "--round", "Q4")
    assert run.code == 1  # input ended, but the header is filled in
    assert header(out)["role"] == "CMO" and header(out)["round"] == "Q4"


@pytest.mark.parametrize("date", ["2026-13-01", "26-1-1", "tomorrow"])
def test_a_bad_date_is_a_usage_error(tmp_path: Path, q: Path, date: str) -> None:
    run = assess(tmp_path / "a.yaml", q, "", "--organization", "A", "--date", date)
    assert run.code == 2 and "--date" in run.stderr
    assert not (tmp_path / "a.yaml").exists()


# --- what is saved reads back -------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["\x7f", "\x85", "\x9b", "\ufffe", "\x1b[2J"])
def test_a_line_that_could_not_be_read_back_is_refused_and_asked_again(
    tmp_path: Path, q: Path, bad: str
) -> None:
    out = tmp_path / "a.yaml"
    run = assess(out, q, f"Acme\n2 # note {bad} here\n2 # clean\n")
    assert "Not understood: the line holds a control character" in run.stdout
    assert answers(out)["one"] == {"value": "b", "note": "clean"}
    assert assess(out, q, "\n").code == 1  # the file resumes


def test_a_non_utf8_byte_is_explained(tmp_path: Path, q: Path) -> None:
    """The bytes go through a real pipe, decoded as Python decodes its standard input."""
    out = tmp_path / "a.yaml"
    run = subprocess.run(
        [sys.executable, "-m", "socialmaturity", "assess", "-o", str(out), "-q", str(q)],
        input=b"Acme\n2 # caf\xe9\n1\n",
        capture_output=True,
        env=ENV,
        timeout=60,
        check=False,
    )
    assert b"Traceback" not in run.stderr and b"internal error" not in run.stderr
    assert b"not valid UTF-8" in run.stdout
    assert answers(out)["one"] == "a"


def test_comments_expect_block_and_order_survive_every_save(tmp_path: Path, q: Path) -> None:
    out = write(
        tmp_path / "a.yaml",
        """\
        # Interview with Acme's CMO, first session
        questionnaire: interview
        organization: Acme   # the client
        answers:
          # the plan was shown on screen
          one: b
          many:
          # years: ask the CFO
          years:
          maybe:
        expect:
          overall: {level: 2}   # agreed with the client
        """,
    )
    assess(out, q, "1,2\n2\n")
    text = out.read_text()
    for kept in (
        "# Interview with Acme's CMO",
        "# the client",
        "# the plan was shown",
        "# years: ask the CFO",
        "expect:",
        "# agreed with the client",
    ):
        assert kept in text
    assert answers(out) == {"one": "b", "many": ["x", "y"], "years": 2, "maybe": None}
    assert text.index("questionnaire:") < text.index("organization:") < text.index("answers:")


def test_assess_writes_through_a_link_and_keeps_the_mode(tmp_path: Path, q: Path) -> None:
    real = tmp_path / "store" / "a.yaml"
    assess(real, q, "Acme\n2\n")
    real.chmod(0o600)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    assess(link, q, "1\n")
    assert link.is_symlink() and answers(real)["many"] == ["x"]
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


# --- one interview per file ---------------------------------------------------------------------


def test_a_second_interview_on_a_held_file_is_refused(tmp_path: Path, q: Path) -> None:
    out = tmp_path / "a.yaml"
    first = interview_until(out, q, "Acme\n2\n", "one", "b")
    second = assess(out, q, "1\n1\n")
    assert second.code == 1 and "is open in another interview" in second.stderr
    case = run_cli("check", out, "-q", q, "--update")
    assert case.code == 1 and "is open in another interview" in case.stderr
    first.stdin.write("3\n")
    first.stdin.close()
    first.wait(60)
    assert answers(out) == {"one": "b", "many": ["z"], "years": None, "maybe": None}
    assert not (tmp_path / ".a.yaml.lock").exists()
    assert assess(out, q, "1\n").code == 1  # free again


def test_a_killed_interview_leaves_a_stale_lock_that_is_taken_over(tmp_path: Path, q: Path) -> None:
    out = tmp_path / "a.yaml"
    first = interview_until(out, q, "Acme\n2\n1,3\n", "many", ["x", "z"])
    first.send_signal(signal.SIGKILL)
    first.wait(30)
    assert (tmp_path / ".a.yaml.lock").exists()
    assert run_cli("validate", out, "-q", q).code == 0
    run = assess(out, q, "2\nna\n")
    assert run.code == 0, run.stderr
    assert answers(out) == {"one": "b", "many": ["x", "z"], "years": 2, "maybe": "na"}
    assert not (tmp_path / ".a.yaml.lock").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_the_lock_is_released_on_ctrl_c_and_sigterm(tmp_path: Path, q: Path, signum: int) -> None:
    out = tmp_path / "a.yaml"
    first = interview_until(out, q, "Acme\n2\n", "one", "b")
    first.send_signal(signum)
    _, err = first.communicate(timeout=30)
    assert "Traceback" not in err
    assert first.returncode == (130 if signum == signal.SIGINT else 143)
    assert not (tmp_path / ".a.yaml.lock").exists()
    assert answers(out)["one"] == "b"


# --- template -----------------------------------------------------------------------------------


def test_template_is_a_commented_schema_linked_blank_response(tmp_path: Path, q: Path) -> None:
    run = run_cli("template", "-q", q, "--organization", "Acme", "--respondent", "Jo")
    assert run.code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("# yaml-language-server: $schema=")
    assert lines[0].endswith("response.schema.json")
    for shown in (
        "Pick one (choose one)",
        "a: Option A",
        "b: Option B",
        "Evidence: Ask for the plan.",
        "Pick several (choose any)",
        "from 0 to 3",
        "na: does not apply here",
    ):
        assert shown in run.stdout
    assert "points" not in run.stdout
    filled = write(tmp_path / "t.yaml", run.stdout)
    assert header(filled)["organization"] == "Acme" and header(filled)["respondent"] == "Jo"
    assert answers(filled) == {"one": None, "many": None, "years": None, "maybe": None}
    assert "\n  one:\n" in run.stdout
    assert run_cli("validate", filled, "-q", q).code == 0


def test_a_template_filled_in_by_hand_validates_and_scores(tmp_path: Path, q: Path) -> None:
    text = run_cli("template", "-q", q).stdout
    blank = write(tmp_path / "t.yaml", text)
    assert run_cli("validate", blank, "-q", q).code == 1  # organization is still empty
    text = text.replace("organization:", "organization: Acme", 1)
    text = text.replace("\n  one:\n", "\n  one: b\n").replace("\n  years:\n", "\n  years: 3\n")
    filled = write(tmp_path / "f.yaml", text)
    run = run_cli("score", filled, "-q", q, "--format", "json")
    assert run.code == 0, run.stderr
    assert '"level": 2' in run.stdout


def test_assess_writes_the_template_layout_and_keeps_it(tmp_path: Path, q: Path) -> None:
    out = tmp_path / "a.yaml"
    assess(out, q, "Acme\n2\n")
    template = run_cli("template", "-q", q, "--organization", "Acme").stdout
    text = out.read_text()
    for line in template.splitlines():
        if line.lstrip().startswith("#"):
            assert line in text


def test_template_output_rules(tmp_path: Path) -> None:
    out = tmp_path / "t.yaml"
    assert run_cli("template", "-o", out).code == 0
    again = run_cli("template", "-o", out)
    assert again.code == 1 and "already exists" in again.stderr
    assert run_cli("template", "-o", out, "--force", "-q", "social-maturity-quick").code == 0
    assert "social-maturity-quick" in out.read_text()


def test_bundled_template_validates_once_the_organization_is_set(tmp_path: Path) -> None:
    run = run_cli("template", "--organization", "Acme")
    filled = write(tmp_path / "t.yaml", run.stdout)
    assert run_cli("validate", filled).code == 0


def test_assess_resumes_a_blank_template(tmp_path: Path, q: Path) -> None:
    blank = tmp_path / "t.yaml"
    assert run_cli("template", "-q", q, "-o", blank).code == 0
    run = assess(blank, q, "2\n", "--organization", "Acme")
    assert run.code == 1, run.stderr  # input ended; the answer is saved
    assert header(blank)["organization"] == "Acme" and answers(blank)["one"] == "b"
    assert "# 1. Pick one" in blank.read_text()  # the template's comments stay
    other = tmp_path / "u.yaml"
    run_cli("template", "-q", q, "-o", other)
    assess(other, q, "Beta Co\n1\n")  # no --organization: asked first
    assert header(other)["organization"] == "Beta Co" and answers(other)["one"] == "a"

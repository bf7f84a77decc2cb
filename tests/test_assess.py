"""``assess``: scripted plain-line interviews, resume, a real terminal with Ctrl-C, and SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest

from socialmaturity.interview.session import parse_line
from socialmaturity.model.questionnaire import load_questionnaire
from socialmaturity.model.yaml_reader import load_yaml

from conftest import assess_command, run_cli, write

QUESTIONNAIRE = """
id: interview
version: "1"
title: Interview
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: High, min_score: 50}
dimensions:
  - id: d1
    name: First
    questions:
      - id: one
        text: Pick one
        help: Ask for the plan.
        options:
          - {value: a, label: Option A, points: 0}
          - {value: b, label: Option B, points: 1}
      - id: many
        text: Pick several
        kind: multi
        options:
          - {value: x, label: X, points: 1}
          - {value: y, label: Y, points: 1}
          - {value: z, label: Z, points: 2}
  - id: d2
    name: Second
    questions:
      - {id: years, text: How many years?, kind: scale, min: 0, max: 3}
      - id: maybe
        text: Applies?
        allow_na: true
        options:
          - {value: no_way, label: No, points: 0}
          - {value: yes_sir, label: Yes, points: 1}
"""


@pytest.fixture
def questionnaire(tmp_path: Path) -> Path:
    return write(tmp_path / "q.yaml", QUESTIONNAIRE)


def answers_of(path: Path) -> dict[str, object]:
    data = load_yaml(path, allow_aliases=False).data
    return data["answers"]  # type: ignore[no-any-return]


def test_parse_line_forms(questionnaire: Path) -> None:
    q = load_questionnaire(questionnaire)
    one, many = q.dimensions[0].questions
    years, maybe = q.dimensions[1].questions
    assert parse_line(one, "2").value == "b"
    assert parse_line(one, " 1 # seen the plan ").note == "seen the plan"
    assert parse_line(one, "").kind == "skip"
    assert parse_line(one, "# only a note").note == "only a note"
    assert parse_line(one, "<").kind == "back" and parse_line(one, "?").kind == "help"
    assert parse_line(one, "3").kind == "invalid" and parse_line(one, "1,2").kind == "invalid"
    assert parse_line(one, "na").kind == "invalid"
    assert parse_line(many, "1, 3").value == ("x", "z")
    assert parse_line(many, "0").value == ()
    assert parse_line(many, "1,1").kind == "invalid" and parse_line(many, "4").kind == "invalid"
    assert parse_line(years, "3").value == 3
    assert parse_line(years, "4").kind == "invalid" and parse_line(years, "1.5").kind == "invalid"
    assert parse_line(maybe, "NA").value == "na"


def test_scripted_interview_end_to_end(tmp_path: Path, questionnaire: Path) -> None:
    out = tmp_path / "acme.yaml"
    script = "\n".join(
        [
            "Acme Corp",  # organization, asked first
            "9",  # invalid: explained, asked again
            "?",  # help
            "2 # plan seen",  # one = b, with a note
            "",  # skip many
            "<",  # back to many
            "1,3",  # many = x, z
            "2",  # years = 2
            "na",  # maybe = na
        ]
    )
    run = run_cli("assess", "-o", out, "-q", questionnaire, "--role", "CMO", stdin=script + "\n")
    assert run.code == 0, run.stderr
    assert "Not understood: choose a number from 1 to 2" in run.stdout
    assert "Ask for the plan." in run.stdout
    assert "Question 1 of 4 · First" in run.stdout
    assert answers_of(out) == {
        "one": {"value": "b", "note": "plan seen"},
        "many": ["x", "z"],
        "years": 2,
        "maybe": "na",
    }
    data = load_yaml(out, allow_aliases=False).data
    assert data["organization"] == "Acme Corp" and data["role"] == "CMO"
    assert data["date"] == time.strftime("%Y-%m-%d")
    # one: 1.0; many: 3/4 -> d1 = 87.5 -> High; years 2/3 -> d2 66.7 -> High
    assert "First: 2 High (87.5)" in run.stdout
    assert run_cli("validate", out, "-q", questionnaire).code == 0


def test_input_ending_early_saves_and_resume_asks_only_the_rest(
    tmp_path: Path, questionnaire: Path
) -> None:
    out = tmp_path / "r.yaml"
    run = run_cli("assess", "-o", out, "-q", questionnaire, "--organization", "A", stdin="1\n\n")
    assert run.code == 1
    assert "saved to" in run.stderr and "resume" in run.stderr
    assert run.stderr.startswith(f"{out}: error: input ended with 3 questions unanswered")
    assert answers_of(out) == {"one": "a", "many": None, "years": None, "maybe": None}
    again = run_cli("assess", "-o", out, "-q", questionnaire, stdin="0\n1\n2\n")
    assert again.code == 0, again.stderr
    assert "Resuming" in again.stdout and "Pick one" not in again.stdout
    assert answers_of(out) == {"one": "a", "many": [], "years": 1, "maybe": "yes_sir"}


def test_no_organization_and_no_input_saves_nothing(tmp_path: Path, questionnaire: Path) -> None:
    out = tmp_path / "r.yaml"
    run = run_cli("assess", "-o", out, "-q", questionnaire, stdin="")
    assert run.code == 1 and not out.exists()
    assert run.stderr.startswith(f"{out}: error: input ended before the organization was given")


def test_existing_invalid_file_is_not_overwritten(tmp_path: Path, questionnaire: Path) -> None:
    out = write(
        tmp_path / "r.yaml", "questionnaire: interview\norganization: A\nanswers: {zz: 1}\n"
    )
    before = out.read_text(encoding="utf-8")
    run = run_cli("assess", "-o", out, "-q", questionnaire, stdin="1\n")
    assert run.code == 1 and "unknown question 'zz'" in run.stderr
    assert out.read_text(encoding="utf-8") == before


def test_real_terminal_ctrl_c_saves_and_exits_130(tmp_path: Path, questionnaire: Path) -> None:
    out = tmp_path / "t.yaml"
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "socialmaturity", "assess", "-o", str(out), "-q", str(questionnaire)],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 100),
    )
    child.expect("Organization")
    child.sendline("Tty Inc")
    child.expect("Respondent")  # asked on a terminal; Enter leaves it empty
    child.sendline("Jo")
    child.expect("Role")
    child.sendline("")
    child.expect("Pick one")
    child.sendline("2")
    child.expect("Pick several")
    child.sendline("1,2 # two of three")
    child.expect("How many years")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    data = load_yaml(out, allow_aliases=False).data
    assert data["respondent"] == "Jo" and data.get("role") is None
    assert answers_of(out) == {
        "one": "b",
        "many": {"value": ["x", "y"], "note": "two of three"},
        "years": None,
        "maybe": None,
    }


def test_sigkill_right_after_an_answer_loses_nothing(tmp_path: Path, questionnaire: Path) -> None:
    out = tmp_path / "k.yaml"
    process = subprocess.Popen(
        assess_command(out, questionnaire, "Killed Co"),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdin is not None
    process.stdin.write("2\n")
    process.stdin.flush()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if out.exists() and "one: b" in out.read_text(encoding="utf-8"):
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert answers_of(out)["one"] == "b"
    assert run_cli("validate", out, "-q", questionnaire).code == 0


def test_notes_survive_a_resume_and_resume_finds_the_questionnaire(
    tmp_path: Path, questionnaire: Path
) -> None:
    out = tmp_path / "n.yaml"
    folder = {"SOCIALMATURITY_PATH": str(tmp_path)}
    run = run_cli("assess", "-o", out, "-q", "interview", stdin="Acme\n# CEO absent\n", env=folder)
    assert run.code == 1
    assert "-q interview" in run.stderr  # the hint to resume names the questionnaire
    assert answers_of(out)["one"] == {"note": "CEO absent"}
    again = run_cli("assess", "-o", out, stdin="\n2\n", env=folder)  # no -q: the file says
    assert again.code == 1, again.stderr
    assert answers_of(out)["one"] == {"note": "CEO absent"}
    assert answers_of(out)["many"] == ["y"]
    last = run_cli("assess", "-o", out, stdin="2\n", env=folder)
    assert answers_of(out)["one"] == {"value": "b", "note": "CEO absent"}
    assert last.code == 1


CONTROLLED = r"""
id: controlled
version: "1"
title: "Title \e]0;owned\a"
levels:
  - {level: 1, name: "Low \e[2J", min_score: 0}
  - {level: 2, name: High, min_score: 50}
dimensions:
  - id: d1
    name: "First \e[41m"
    questions:
      - id: one
        text: "Pick \e[31mone\e[0m \u202eevil"
        help: "Ask for the plan \x9b1m,\nthen for the budget."
        options:
          - {value: a, label: "Option \e[33mA", points: 0}
          - {value: b, label: B, points: 1}
      - id: rate
        text: Rate it
        kind: scale
        min: 0
        max: 2
        labels: {0: "none \x07", 2: "all"}
"""


def test_scripted_interview_shows_control_characters_as_escapes(tmp_path: Path) -> None:
    """Without a terminal the interview prints plain lines; questionnaire text in them is shown
    the way every other command shows it: controls as escapes, line breaks kept."""
    write(tmp_path / "controlled.yaml", CONTROLLED)
    run = run_cli(
        "assess", "-o", tmp_path / "a.yaml", "-q", "controlled", "--organization", "A",
        stdin="?\n2\n1\n",
        env={"SOCIALMATURITY_PATH": str(tmp_path)},
    )  # fmt: skip
    assert run.code == 0, run.stderr
    shown = run.stdout + run.stderr
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert raw not in shown, repr(raw)
    for escaped in ("First \\x1b[41m", "Pick \\x1b[31mone", "\\u202eevil", "Option \\x1b[33mA"):
        assert escaped in run.stdout, escaped
    assert "none \\x07" in run.stdout
    assert "Ask for the plan \\x9b1m,\nthen for the budget." in run.stdout


def test_changing_an_answer_after_an_unanswered_one_keeps_every_comment(tmp_path: Path) -> None:
    """SPEC 4: comments survive every save. After an empty answer, the comment block above the
    next question is held by that question's key; changing its answer kept only the comment
    after it."""
    blank, out = tmp_path / "blank.yaml", tmp_path / "k.yaml"
    header = ["--organization", "Acme", "--date", "2026-01-01"]
    run_cli("template", "-q", "social-maturity-quick", *header, "-o", blank)
    run = run_cli("assess", "-q", "social-maturity-quick", "-o", out, *header, stdin="\n2\n<\n3\n")
    assert run.code == 1, run.stderr  # the input ends before the last question
    comments = [line for line in blank.read_text().splitlines() if line.lstrip().startswith("#")]
    kept = [line for line in out.read_text().splitlines() if line.lstrip().startswith("#")]
    assert kept == comments


def test_migrating_keeps_the_comment_above_a_renamed_answer(tmp_path: Path) -> None:
    """SPEC 4 migrate: every comment kept; the comment above q1 (renamed) stayed in its slot
    before the key, which the dropped q2's following comment overwrote. The comment above the
    dropped q2 stays where it was, above what follows it."""
    models = tmp_path / "models"
    write(
        models / "q.yaml",
        'id: tiny\nversion: "2.0.0"\ntitle: Tiny\nlevels:\n'
        "  - {level: 1, name: Low, min_score: 0}\n  - {level: 2, name: High, min_score: 50}\n"
        "dimensions:\n  - id: d\n    name: D\n    questions:\n"
        "      - {id: q1new, text: Q1?, options: [{value: a, label: A, points: 0},"
        " {value: b, label: B, points: 1}]}\n"
        "      - {id: q3, text: Q3?, kind: multi, options: [{value: x, label: X, points: 1},"
        " {value: y, label: Y, points: 1}]}\n"
        'migrations:\n  - from: "1.0.0"\n    questions: {q1: q1new, q2: null}\n',
    )
    old = write(
        tmp_path / "old.yaml",
        'questionnaire: tiny\nquestionnaire_version: "1.0.0"\norganization: A\nanswers:\n'
        "  # about q3\n  q3: [x]\n  # comment on q1\n  q1: b\n  # comment on q2\n  q2: 1\n"
        "  # comment at the end\n",
    )
    run = run_cli("migrate", old, "-o", tmp_path / "out", env={"SOCIALMATURITY_PATH": str(models)})
    assert run.code == 0, run.stderr
    text = (tmp_path / "out" / "old.yaml").read_text()
    assert text.endswith(
        "# dropped migrating 1.0.0 -> 2.0.0: q2: 1 (no longer asked)\nanswers:\n"
        "  # about q3\n  q3: [x]\n  # comment on q1\n  q1new: b\n  # comment on q2\n"
        "  # comment at the end\n"
    )


def test_header_options_equal_to_the_file_leave_its_text_alone(
    tmp_path: Path, questionnaire: Path
) -> None:
    """SPEC 4: an option fills in a value the file does not have yet; the rest survives as
    written (a value given again, the same once trimmed, is not rewritten)."""
    out = write(
        tmp_path / "r.yaml",
        'questionnaire: interview\norganization: " Acme "\ndate: 2025-01-01\nround: "  R1 "\n'
        "answers:\n  one: a\n  many: []\n  years: 1\n  maybe:\n",
    )
    header = out.read_text(encoding="utf-8").split("answers:")[0]
    run = run_cli(
        "assess", "-o", out, "-q", questionnaire,
        "--organization", "Acme", "--date", "2025-01-01", "--round", "R1", "--role", "CMO",
        stdin="na\n",
    )  # fmt: skip
    assert run.code == 0, run.stderr
    role_added = header.replace("date:", "role: CMO\ndate:")  # in the header's order
    assert out.read_text(encoding="utf-8").split("answers:")[0] == role_added


@pytest.mark.parametrize("typed", ["²", "①", "1_0", "9" * 5000, "+1", "٣"])
def test_a_line_that_is_not_plain_digits_is_not_an_option_number(
    questionnaire: Path, typed: str
) -> None:
    """``str.isdigit`` takes ``²``, and ``int`` took ``1_0``: neither is a number typed here."""
    q = load_questionnaire(questionnaire)
    one, many = q.dimensions[0].questions
    years, _ = q.dimensions[1].questions
    for question in (one, many, years):
        assert parse_line(question, typed).kind == "invalid"


@pytest.mark.parametrize("typed", [":²", ":" + "9" * 5000, "²", "9" * 5000])
def test_odd_digits_are_explained_and_asked_again_never_an_internal_error(
    tmp_path: Path, questionnaire: Path, typed: str
) -> None:
    out = tmp_path / "odd.yaml"
    run = run_cli(
        "assess",
        "-q",
        questionnaire,
        "-o",
        out,
        "--organization",
        "Acme",
        stdin=f"{typed}\n2\n",
    )
    assert "internal error" not in run.stderr + run.stdout
    assert answers_of(out)["one"] == "b"


def test_a_review_that_starts_at_odd_digits_is_a_clear_error(
    tmp_path: Path, questionnaire: Path
) -> None:
    out = tmp_path / "odd.yaml"
    assert (
        run_cli("assess", "-q", questionnaire, "-o", out, "--organization", "A", stdin="2\n").code
        == 1
    )
    run = run_cli("assess", "-q", questionnaire, "-o", out, "--review", "²", stdin="")
    assert "internal error" not in run.stderr and run.code in (1, 2)
    assert "²" in run.stderr


def test_the_way_to_resume_keeps_the_language_and_the_review(tmp_path: Path) -> None:
    from socialmaturity.commands.interviews import resume_command

    out = tmp_path / "r.yaml"
    assert resume_command(str(out), None, "exec_view", language="fr") == (
        f"socialmaturity assess -o {out} --review exec_view --lang fr"
    )
    run = run_cli(
        "assess",
        "-o",
        out,
        "-q",
        "social-maturity-quick",
        "--organization",
        "A",
        "--lang",
        "de",
        stdin="1\n",
    )
    assert run.code == 1
    assert "input ended with 9 questions unanswered" in run.stderr  # stderr stays English
    assert run.stderr.rstrip().endswith("-q social-maturity-quick --lang de")


def test_resuming_a_file_of_another_version_says_so(tmp_path: Path) -> None:
    out = tmp_path / "r.yaml"
    assert (
        run_cli(
            "assess", "-o", out, "-q", "social-maturity-quick", "--organization", "A", stdin="1\n"
        ).code
        == 1
    )
    text = out.read_text(encoding="utf-8")
    out.write_text(text.replace('questionnaire_version: "3.0.0"', 'questionnaire_version: "2.5.0"'))
    assert 'questionnaire_version: "2.5.0"' in out.read_text(encoding="utf-8")
    run = run_cli("assess", "-o", out, stdin="q\n")
    assert run.code == 0
    assert f"{out}: warning: answered with version 2.5.0" in run.stderr


def blank_ending(tmp_path: Path, ending: bytes) -> Path:
    """A blank of the quick scan whose lines end with ``ending``, as an editor saved it."""
    blank = tmp_path / "blank.yaml"
    assert (
        run_cli("template", "-q", "social-maturity-quick", "--organization", "A", "-o", blank).code
        == 0
    )
    blank.write_bytes(blank.read_bytes().replace(b"\n", ending))
    return blank


def test_resuming_a_crlf_file_keeps_every_line_ending_crlf(tmp_path: Path) -> None:
    """A blank an editor on Windows saved: every line the interview writes ends as the others."""
    blank = blank_ending(tmp_path, b"\r\n")
    run = run_cli("assess", "-o", blank, stdin="1\n2\nq\n")
    assert run.code == 0, run.stderr
    saved = blank.read_bytes()
    assert saved.count(b"\n") == saved.count(b"\r\n")
    assert run_cli("validate", blank).code == 0


def test_resuming_a_file_with_cr_line_endings_keeps_them(tmp_path: Path) -> None:
    blank = blank_ending(tmp_path, b"\r")
    assert run_cli("assess", "-o", blank, stdin="1\nq\n").code == 0
    saved = blank.read_bytes()
    assert b"\n" not in saved and saved.count(b"\r") > 50

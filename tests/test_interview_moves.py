"""``assess``: jumps (``:N``, ``:id``, ``--review QUESTION``), the quit key, notes after ``#``,
the skipped questions named, the organization said to be required, capped levels marked."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from socialmaturity.interview.conversation import PlainConversation
from socialmaturity.interview.session import Interview, parse_line
from socialmaturity.model.questionnaire import load_questionnaire
from socialmaturity.model.yaml_reader import load_yaml
from test_assess import QUESTIONNAIRE

from conftest import run_cli, write


@pytest.fixture
def questionnaire(tmp_path: Path) -> Path:
    return write(tmp_path / "q.yaml", QUESTIONNAIRE)


def answers_of(path: Path) -> dict[str, object]:
    return load_yaml(path, allow_aliases=False).data["answers"]  # type: ignore[no-any-return]


def assess(out: Path, questionnaire: Path, *args: str, stdin: str) -> tuple[int, str, str]:
    run = run_cli("assess", "-o", out, "-q", questionnaire, *args, stdin=stdin)
    return run.code, run.stdout, run.stderr


def test_a_note_needs_no_space_before_its_hash(questionnaire: Path) -> None:
    one = load_questionnaire(questionnaire).dimensions[0].questions[0]
    for line in ("2 #plan seen", "2# plan seen", "2 # plan seen", "2#plan seen"):
        parsed = parse_line(one, line)
        assert (parsed.kind, parsed.value, parsed.note) == ("answer", "b", "plan seen"), line


def test_jump_and_quit_lines(questionnaire: Path) -> None:
    one = load_questionnaire(questionnaire).dimensions[0].questions[0]
    assert (parse_line(one, ":3").kind, parse_line(one, ":3").target) == ("jump", "3")
    assert parse_line(one, " :maybe ").target == "maybe"
    assert parse_line(one, "q").kind == "quit" and parse_line(one, "Q").kind == "quit"
    assert parse_line(one, ":").kind == "invalid"


def test_colon_number_and_colon_id_jump(tmp_path: Path, questionnaire: Path) -> None:
    out = tmp_path / "a.yaml"
    # one = a, jump to 4, then back to years; moving on from there shows 4 again
    code, stdout, stderr = assess(
        out, questionnaire, "--organization", "A", stdin="1\n:4\n:years\n3\n2\n"
    )
    assert code == 0, stderr
    assert answers_of(out) == {"one": "a", "many": None, "years": 3, "maybe": "yes_sir"}
    assert stdout.count("Question 4 of 4") == 2  # jumped to, then reached again from years


def test_questions_a_forward_jump_passed_over_are_asked_before_the_end(
    tmp_path: Path, questionnaire: Path
) -> None:
    """Asks every question (SPEC 4): a jump ahead does not skip what it passed over."""
    out = tmp_path / "a.yaml"
    # one = a; at many (shown, so left as skipped), jump to 4; then years, passed over, is asked
    code, stdout, stderr = assess(out, questionnaire, "--organization", "A", stdin="1\n:4\nna\n2\n")
    assert code == 0, stderr
    assert answers_of(out) == {"one": "a", "many": None, "years": 2, "maybe": "na"}
    assert stdout.index("Question 3 of 4") > stdout.index("Question 4 of 4")
    assert "1 question skipped (2 many)" in stdout


def test_an_interview_that_starts_further_on_comes_back_for_the_first_questions(
    tmp_path: Path, questionnaire: Path
) -> None:
    out = tmp_path / "a.yaml"
    code, stdout, stderr = assess(
        out, questionnaire, "--organization", "A", "3", stdin="2\nna\n1\n0\n"
    )
    assert code == 0, stderr
    assert answers_of(out) == {"one": "a", "many": [], "years": 2, "maybe": "na"}
    assert "skipped" not in stdout


def test_a_jump_to_no_question_is_explained(tmp_path: Path, questionnaire: Path) -> None:
    out = tmp_path / "a.yaml"
    code, stdout, _ = assess(
        out, questionnaire, "--organization", "A", stdin=":9\n:nope\n1\n0\n1\nna\n"
    )
    assert code == 0
    assert "Not understood: there is no question 9: type :1 to :4 or : and a question id" in stdout
    assert "there is no question nope" in stdout


def test_skipped_questions_are_named(tmp_path: Path, questionnaire: Path) -> None:
    out = tmp_path / "a.yaml"
    code, stdout, _ = assess(out, questionnaire, "--organization", "A", stdin="1\n\n2\n\n")
    assert code == 0
    assert "2 questions skipped (2 many, 4 maybe)" in stdout
    code, stdout, _ = assess(out, questionnaire, stdin="0\n\n")
    assert "1 question skipped (4 maybe)" in stdout


def test_the_quit_key_saves_and_exits_0_with_the_resume_command(
    tmp_path: Path, questionnaire: Path
) -> None:
    out = tmp_path / "a.yaml"
    code, stdout, stderr = assess(out, questionnaire, "--organization", "A", stdin="2\nq\n")
    assert code == 0, stderr
    assert answers_of(out)["one"] == "b"
    assert "3 questions unanswered (2 many, 3 years, 4 maybe)" in stdout
    assert f"socialmaturity assess -o {out} -q {questionnaire}" in stdout
    code, stdout, _ = assess(out, questionnaire, stdin="q\n")
    assert code == 0 and "Question 2 of 4" in stdout


def test_quitting_a_review_resumes_the_review_where_it_stopped(
    tmp_path: Path, questionnaire: Path
) -> None:
    out = tmp_path / "a.yaml"
    assess(out, questionnaire, "--organization", "A", stdin="1\n0\n1\nna\n")
    code, stdout, _ = assess(out, questionnaire, "--review", stdin="\n\nq\n")
    assert code == 0
    assert f"socialmaturity assess -o {out} -q {questionnaire} --review years" in stdout
    code, stdout, _ = assess(out, questionnaire, "--review", "years", stdin="3\n\n")
    assert code == 0 and "Question 1 of 4" not in stdout
    assert answers_of(out)["years"] == 3


def test_review_starts_at_a_number_too(tmp_path: Path, questionnaire: Path) -> None:
    out = tmp_path / "a.yaml"
    assess(out, questionnaire, "--organization", "A", stdin="1\n0\n1\nna\n")
    code, stdout, _ = assess(out, questionnaire, "--review", "4", stdin="2\n")
    assert code == 0 and "Question 3 of 4" not in stdout
    assert answers_of(out)["maybe"] == "yes_sir"


def test_review_at_an_unknown_question_is_a_usage_error(
    tmp_path: Path, questionnaire: Path
) -> None:
    out = tmp_path / "a.yaml"
    assess(out, questionnaire, "--organization", "A", stdin="1\n0\n1\nna\n")
    code, _, stderr = assess(out, questionnaire, "--review", "yaers", stdin="")
    assert code == 2
    assert "error: no question 'yaers'" in stderr and "did you mean 'years'" in stderr


def test_end_of_scripted_input_names_what_is_unanswered(
    tmp_path: Path, questionnaire: Path
) -> None:
    out = tmp_path / "a.yaml"
    code, _, stderr = assess(out, questionnaire, "--organization", "A", stdin="1\n")
    assert code == 1  # SPEC: scripted input that ends early
    assert "input ended with 3 questions unanswered (2 many, 3 years, 4 maybe)" in stderr
    assert "(s)" not in stderr


def test_an_empty_organization_is_said_to_be_required(tmp_path: Path, questionnaire: Path) -> None:
    out = tmp_path / "a.yaml"
    code, stdout, _ = assess(out, questionnaire, stdin="\nAcme\n1\n0\n1\nna\n")
    assert code == 0
    assert "The organization is required: type its name." in stdout


def test_respondent_and_role_are_asked_only_on_a_terminal(
    tmp_path: Path, questionnaire: Path
) -> None:
    from socialmaturity.commands.interviews import asked_header

    talk = PlainConversation(io.StringIO("Jane Doe\n\n"), io.StringIO())
    header: dict[str, str | None] = {"organization": "A"}
    asked_header(header, talk, on_terminal=True)
    assert header == {"organization": "A", "respondent": "Jane Doe"}  # Enter: left empty
    header = {"organization": "A", "role": "CMO"}
    talk = PlainConversation(io.StringIO("Jane\n"), io.StringIO())
    asked_header(header, talk, on_terminal=True)
    assert header == {"organization": "A", "role": "CMO", "respondent": "Jane"}
    header = {"organization": "A"}
    asked_header(header, PlainConversation(io.StringIO("x\n"), io.StringIO()), on_terminal=False)
    assert header == {"organization": "A"}


def test_a_resumed_blank_asks_only_for_what_it_leaves_empty() -> None:
    """A template's blank with its role filled in: the role is kept, not asked again."""
    from socialmaturity.commands.interviews import asked_header

    talk = PlainConversation(io.StringIO("Jane\nIntruder\n"), io.StringIO())
    header: dict[str, str | None] = {"organization": "A"}
    asked_header(header, talk, on_terminal=True, empty=["organization", "respondent"])
    assert header == {"organization": "A", "respondent": "Jane"}


CAPPED = """
id: capped
version: "1"
title: Capped
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: Mid, min_score: 40}
  - {level: 3, name: High, min_score: 70}
dimensions:
  - id: lead
    name: Leadership
    questions:
      - id: sponsor
        text: Sponsor?
        options:
          - {value: none, label: None, points: 0, cap: 1}
          - {value: yes, label: Yes, points: 1}
      - id: plan
        text: Plan?
        weight: 9
        options:
          - {value: no, label: No, points: 0}
          - {value: yes, label: Yes, points: 1}
"""


def test_the_end_screen_marks_a_level_a_cap_holds_down(tmp_path: Path) -> None:
    q = write(tmp_path / "q.yaml", CAPPED)
    out = tmp_path / "a.yaml"
    code, stdout, _ = assess(out, q, "--organization", "A", stdin="1\n2\n")
    assert code == 0
    assert "Leadership: 1 Low, held there by a cap (the score alone: 3 High) (90.0)" in stdout


def test_interview_run_reports_a_quit(questionnaire: Path) -> None:
    q = load_questionnaire(questionnaire)
    from socialmaturity.interview.writer import blank_text

    saved: list[str] = []
    header: dict[str, str | None] = {"organization": "A"}
    interview = Interview(q, saved.append, blank_text(q, header, "schema.json"), header)
    talk = PlainConversation(io.StringIO("1\n:3\nq\n"), io.StringIO())
    assert interview.run(talk) == "quit"
    assert interview.stopped_at == "years"


def test_ctrl_d_on_a_terminal_stops_as_the_quit_key_does(
    tmp_path: Path, questionnaire: Path
) -> None:
    import os
    import sys

    import pexpect

    out = tmp_path / "t.yaml"
    child = pexpect.spawn(
        sys.executable,
        ["-m", "socialmaturity", "assess", "-o", str(out), "-q", str(questionnaire)],
        env={**os.environ, "TERM": "xterm", "COLUMNS": "100"},
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 100),
    )
    child.expect("Organization")
    child.sendline("Tty Inc")
    child.expect("Respondent")
    child.sendline("")
    child.expect("Role")
    child.sendline("CMO")
    child.expect("Pick one")
    child.sendline("2")
    child.expect("Pick several")
    child.sendeof()
    child.expect("To go on")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    data = load_yaml(out, allow_aliases=False).data
    assert data["role"] == "CMO" and data.get("respondent") is None
    assert data["answers"]["one"] == "b"


@pytest.mark.parametrize("width", [40, 60, 120])
def test_the_progress_line_is_never_cut_off_on_a_narrow_terminal(width: int) -> None:
    """``Question 7 of 10 · Conversations over campaigns`` whole, however narrow (SPEC 4)."""
    from rich.console import Console

    from socialmaturity.interview.conversation import TerminalConversation
    from socialmaturity.interview.session import steps_of
    from socialmaturity.model.catalog import Catalog

    shown = io.StringIO()
    talk = TerminalConversation(Console(file=shown, width=width, no_color=True))
    steps = steps_of(Catalog().resolve("social-maturity-quick"))
    talk.show_question(steps[6], None)
    flat = " ".join(shown.getvalue().split())
    assert f"Question 7 of 10 · {steps[6].dimension.name}" in flat


def test_ctrl_c_at_the_respondent_prompt_keeps_the_organization_typed(
    tmp_path: Path, questionnaire: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An interrupted interview loses at most the answer being typed (SPEC 4)."""
    import socialmaturity.commands.interviews as interviews

    def interrupted(header: dict[str, str | None], *args: object, **kwargs: object) -> None:
        header["respondent"] = "Jo"  # typed, then Ctrl-C at the role
        raise KeyboardInterrupt

    monkeypatch.setattr(interviews, "asked_header", interrupted)
    out = tmp_path / "a.yaml"
    code, _, _ = assess(out, questionnaire, "--organization", "Acme", stdin="")
    assert code == 130
    data = load_yaml(out, allow_aliases=False).data
    assert (data["organization"], data["respondent"]) == ("Acme", "Jo")

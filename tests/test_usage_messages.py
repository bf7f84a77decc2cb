"""Messages in one style: the parser's usage errors, dates, formats, counts, what differs."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from conftest import REPO, run_cli, write

DEMO = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"


@pytest.mark.parametrize(
    ("args", "first"),
    [
        (["report"], "error: missing argument 'FILE...'"),
        (["score", "--format", "xml", "x.yaml"], "error: invalid value for '--format' / '-f'"),
        (["scor"], "error: no such command 'scor' (did you mean 'score'?)"),
        (["score", "--bogus", "x.yaml"], "error: no such option: --bogus"),
        (["export", "xlsform"], "error: missing option '--output' / '-o'"),
    ],
)
def test_parser_errors_look_like_every_other_error(args: list[str], first: str) -> None:
    run = run_cli(*args)
    assert run.code == 2
    lines = run.stderr.splitlines()
    assert lines[0].startswith(first), run.stderr
    assert lines[1].startswith("Usage: socialmaturity") and lines[2].startswith("Try '")
    assert "Error:" not in run.stderr


def test_no_arguments_still_show_the_help() -> None:
    run = run_cli()
    assert "Commands:" in run.stdout + run.stderr and "error:" not in run.stderr


def test_a_date_that_is_no_day_of_the_calendar_is_said_so() -> None:
    run = run_cli("template", "--date", "2026-02-30")
    assert run.code == 2
    assert run.stderr == (
        "error: --date '2026-02-30' is written YYYY-MM-DD but is not a calendar date (there is "
        "no such day)\n"
    )
    run = run_cli("template", "--date", "2026-2-3")
    assert run.stderr == "error: --date '2026-2-3': give a date as YYYY-MM-DD\n"


def test_a_format_the_command_does_not_have_is_named_with_its_formats(tmp_path: Path) -> None:
    run = run_cli("score", DEMO, "-o", tmp_path / "s.pdf")
    assert run.code == 2
    assert run.stderr.startswith(
        f"error: score has no pdf output (the name {tmp_path / 's.pdf'} asks for it): its formats "
        "are table, json, jsonl, csv, xlsx"
    )
    assert not (tmp_path / "s.pdf").exists()


def test_lint_keeps_the_count_line_spec_fixes(tmp_path: Path) -> None:
    """SPEC section 6 writes lint's last line as `N findings in M files`, whatever the counts."""
    from test_assess import QUESTIONNAIRE

    run = run_cli("lint", write(tmp_path / "q.yaml", QUESTIONNAIRE))
    assert re.search(r"\n?\d+ findings in 1 files\n$", run.stderr), run.stderr


def test_an_organization_report_of_two_questionnaires_names_them(tmp_path: Path) -> None:
    quick = REPO / "questionnaires"
    ids = sorted(p.stem for p in quick.glob("*.yaml") if "." not in p.stem)  # not translations
    assert len(ids) >= 2
    first = write(
        tmp_path / "a.yaml", f"questionnaire: {ids[0]}\norganization: Globex\nanswers: {{}}\n"
    )
    second = write(
        tmp_path / "b.yaml", f"questionnaire: {ids[1]}\norganization: Globex\nanswers: {{}}\n"
    )
    run = run_cli("report", first, second)
    assert run.code == 1
    assert (
        f"{second}: error: an organization report needs respondents of one questionnaire: this "
        f"file answers '{ids[1]}', {first} answers '{ids[0]}'"
    ) in run.stderr
    assert "'Globex' differs from 'Globex'" not in run.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_steps_show_on_a_terminal_and_nowhere_else() -> None:
    from socialmaturity.terminal import progress_steps

    pipe = io.StringIO()
    with progress_steps(pipe, 2) as step:
        step("Writing report.pdf")
        step("Writing report.xlsx")
    assert pipe.getvalue() == ""
    terminal = _Terminal()
    with progress_steps(terminal, 2) as step:
        step("Writing report.pdf")
        step("Writing report.xlsx")
    assert "Writing report." in terminal.getvalue()


def test_demo_says_what_it_writes_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from socialmaturity.commands import reports
    from socialmaturity.render import formats

    said: list[str] = []
    monkeypatch.setattr(formats, "render", lambda *args, **kwargs: "x")
    monkeypatch.setattr(reports, "report_context_for", lambda *args, **kwargs: {})
    monkeypatch.setattr(sys, "stderr", _Terminal())
    original = reports.progress_steps if hasattr(reports, "progress_steps") else None
    assert original is None  # imported where it runs, not at start-up

    import socialmaturity.terminal as terminal

    real = terminal.progress_steps

    def spy(stream: io.StringIO, total: int):  # type: ignore[no-untyped-def]
        manager = real(stream, total)
        return _Spy(manager, said)

    monkeypatch.setattr(terminal, "progress_steps", spy)
    assert reports.demo(str(tmp_path / "demo"), force=False) == 0
    assert said[0].startswith("Scoring the sample")
    assert said[1:] == [
        f"Writing {tmp_path / 'demo' / n}"
        for n in ("report.md", "report.html", "report.pdf", "report.xlsx")
    ]


class _Spy:
    def __init__(self, manager, said: list[str]) -> None:  # type: ignore[no-untyped-def]
        self.manager, self.said = manager, said

    def __enter__(self):  # type: ignore[no-untyped-def]
        step = self.manager.__enter__()

        def spied(what: str) -> None:
            self.said.append(what)
            step(what)

        return spied

    def __exit__(self, *exc: object) -> None:
        self.manager.__exit__(*exc)

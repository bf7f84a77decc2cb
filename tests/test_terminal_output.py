"""What reaches a terminal: text from input files shown literally (rich markup, escape
sequences, bidirectional overrides), and tables laid out whatever COLUMNS and LINES say."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO, evil_response, run_cli, write

DEMO = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"


def test_rich_markup_in_names_is_shown_literally(tmp_path: Path) -> None:
    response = write(
        tmp_path / "r.yaml",
        'questionnaire: social-maturity\norganization: "[/bold] Acme [red]x"\n'
        "answers: {exec_planning: none}\n",
    )
    for columns in ("200", "80"):
        run = run_cli("score", response, env={"COLUMNS": columns})
        assert run.code == 0, run.stderr
        assert "[/bold] Acme [red]x" in run.stdout
    shutil.copy(REPO / "questionnaires" / "social-maturity-quick.yaml", tmp_path / "q.yaml")
    text = (tmp_path / "q.yaml").read_text(encoding="utf-8")
    (tmp_path / "q.yaml").write_text(
        text.replace("id: social-maturity-quick", "id: marked").replace(
            "title: Social Business Maturity — Quick Scan", 'title: "[/x] Marked"'
        ),
        encoding="utf-8",
    )
    run = run_cli("list", env={"SOCIALMATURITY_PATH": str(tmp_path)})
    assert run.code == 0, run.stderr
    assert "[/x] Marked" in run.stdout


@pytest.mark.parametrize(
    "args",
    [("score",), ("score", "--by", "organization"), ("explain",), ("trend",), ("check",)],
)
def test_terminal_escapes_from_input_are_shown_not_sent(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    response = evil_response(tmp_path)
    q = REPO / "tests" / "fixtures" / "social-maturity-1.0.0" / "questionnaire.yaml"
    run = run_cli(args[0], response, "-q", q, *args[1:], env={"COLUMNS": "200"})
    assert "\x1b" not in run.stdout + run.stderr and "\x07" not in run.stdout + run.stderr
    assert "\u202e" not in run.stdout + run.stderr


def test_columns_zero_still_prints(tmp_path: Path) -> None:
    run = run_cli("score", DEMO, env={"COLUMNS": "0"})
    assert run.code == 0 and "Northwind" in run.stdout


@pytest.mark.parametrize(
    "value", ["99999999999999999999", "9" * 5000, "\u00b2\u00b2", "\u0663\u0663", "0", "abc"]
)
def test_any_columns_or_lines_value_lays_out_or_is_ignored(value: str) -> None:
    for args in (("score", DEMO), ("explain", DEMO), ("trend", DEMO), ("list",)):
        run = run_cli(*args, env={"COLUMNS": value, "LINES": value})
        assert run.code == 0, (args, run.stderr)
        assert max(map(len, run.stdout.splitlines())) <= 1000


def test_line_breaks_and_tabs_from_input_are_shown_as_xnn(tmp_path: Path) -> None:
    """SPEC 4: control characters from input files are shown escaped "as \\xNN"; line feed,
    carriage return and tab among them (they were shown as \\n, \\r and \\t)."""
    text = REPO.joinpath("src", "socialmaturity", "data", "demo-response.yaml").read_text()
    response = write(
        tmp_path / "r.yaml",
        "\n".join(
            'organization: "A\\rB\\tC\\nD"' if line.startswith("organization:") else line
            for line in text.splitlines()
        )
        + "\n",
    )
    run = run_cli("explain", response, env={"COLUMNS": "200"})
    assert run.code == 0, run.stderr
    assert "A\\x0dB\\x09C\\x0aD" in run.stdout

"""SPEC section 4, "Output formats of report, score and trend": the suffix rules, end to end.

The suffix of ``-o`` chooses the format when ``--format`` is absent; a path without a suffix gets
the command's default; an unknown suffix, a ``--format`` that contradicts a known suffix, and a
binary format without ``-o`` are usage errors (exit 2), and a refused command writes nothing.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from socialmaturity.errors import UsageError
from socialmaturity.render.formats import COMMAND_FORMATS, choose

from conftest import Run, run_cli, write

QUESTIONNAIRE = """
id: fmt
version: "1"
title: Formats
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: High, min_score: 50}
dimensions:
  - id: a
    name: A
    questions:
      - id: a1
        text: A1?
        options:
          - {value: no, label: No, points: 0}
          - {value: yes, label: Yes, points: 1}
    recommendations:
      - {id: r_a, level: 2, title: Do A}
"""

COMMANDS = {command: COMMAND_FORMATS[command] for command in ("report", "score", "trend")}
DEFAULTS = {"report": "md", "score": "table", "trend": "table"}


@pytest.fixture
def files(tmp_path: Path) -> Path:
    write(tmp_path / "models" / "fmt.yaml", QUESTIONNAIRE)
    write(
        tmp_path / "r.yaml",
        "questionnaire: fmt\norganization: Acme\nrespondent: Jo\ndate: 2026-11-20\n"
        "answers:\n  a1: no\n",
    )
    return tmp_path


def run(folder: Path, *args: str | Path) -> Run:
    return run_cli(*args, env={"SOCIALMATURITY_PATH": str(folder / "models")})


# --- the rules, one by one ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "name", "expected"),
    [
        ("report", "r.md", "md"),
        ("report", "r.markdown", "md"),
        ("report", "r.html", "html"),
        ("report", "r.HTM", "html"),
        ("report", "r.pdf", "pdf"),
        ("report", "r.xlsx", "xlsx"),
        ("report", "out/report", "md"),
        ("score", "s.json", "json"),
        ("score", "s.jsonl", "jsonl"),
        ("score", "s.csv", "csv"),
        ("score", "s.xlsx", "xlsx"),
        ("score", "scores", "table"),
        ("trend", "t.md", "md"),
        ("trend", "t.html", "html"),
        ("trend", "t.json", "json"),
        ("trend", "t.pdf", "pdf"),
        ("trend", "t.xlsx", "xlsx"),
        ("trend", "/dev/stdout", "table"),
    ],
)
def test_the_suffix_chooses_the_format(command: str, name: str, expected: str) -> None:
    chosen = choose(command, None, name).name
    assert chosen == expected


@pytest.mark.parametrize(
    ("command", "name"),
    [
        ("report", "r.txt"),
        ("report", "r.jsonl"),  # a known suffix, but not a format of report
        ("report", "r.csv"),
        ("score", "s.pdf"),
        ("score", "s.md"),
        ("trend", "t.csv"),
        ("trend", "t.docx"),
    ],
)
def test_a_suffix_the_command_cannot_write_is_a_usage_error_naming_the_formats(
    command: str, name: str
) -> None:
    with pytest.raises(UsageError) as raised:
        choose(command, None, name)
    assert raised.value.exit_code == 2
    assert all(fmt in raised.value.message for fmt in COMMANDS[command])


@pytest.mark.parametrize(
    ("command", "requested", "name"),
    [
        ("report", "md", "r.pdf"),
        ("report", "html", "r.md"),
        ("report", "pdf", "r.xlsx"),
        ("score", "csv", "s.json"),
        ("score", "json", "s.xlsx"),
        ("trend", "html", "t.pdf"),
    ],
)
def test_a_format_that_contradicts_a_known_suffix_is_a_usage_error(
    command: str, requested: str, name: str
) -> None:
    with pytest.raises(UsageError, match="contradicts"):
        choose(command, requested, name)


@pytest.mark.parametrize(
    ("command", "requested", "name"),
    [
        ("report", "html", "r.txt"),
        ("report", "md", "notes.text"),
        ("score", "csv", "scores.tsv"),
        ("trend", "json", "trend.out"),
        ("report", "pdf", "out/report"),
    ],
)
def test_with_format_given_an_unknown_suffix_is_accepted(
    command: str, requested: str, name: str
) -> None:
    chosen = choose(command, requested, name).name
    assert chosen == requested


@pytest.mark.parametrize(
    ("command", "fmt"),
    [("report", "pdf"), ("report", "xlsx"), ("score", "xlsx"), ("trend", "pdf"), ("trend", "xlsx")],
)
def test_binary_formats_need_an_output_file(command: str, fmt: str) -> None:
    with pytest.raises(UsageError, match="-o FILE"):
        choose(command, fmt, None)


# --- end to end: what is written, and that nothing is when refused --------------------------------


def test_report_names_mean_what_they_say(files: Path) -> None:
    for name, start in [
        ("r.md", b"# Formats: Acme"),
        ("r.html", b"<!DOCTYPE html>"),
        ("r.pdf", b"%PDF-"),
        ("r.xlsx", b"PK\x03\x04"),
    ]:
        out = files / "out" / name
        done = run(files, "report", files / "r.yaml", "-o", out)
        assert done.code == 0, done.stderr
        assert out.read_bytes().startswith(start), name
        assert done.stdout == "" and f"wrote {out}" in done.stderr


def test_score_and_trend_write_the_format_of_the_name(files: Path) -> None:
    expected = run(files, "score", files / "r.yaml", "--format", "csv").stdout
    done = run(files, "score", files / "r.yaml", "-o", files / "s.csv")
    assert done.code == 0, done.stderr
    assert (files / "s.csv").read_text(encoding="utf-8") == expected
    done = run(files, "score", files / "r.yaml", "-o", files / "s.json")
    assert json.loads((files / "s.json").read_text(encoding="utf-8"))[0]["organization"] == "Acme"
    done = run(files, "score", files / "r.yaml", "-o", files / "s.jsonl")
    assert json.loads((files / "s.jsonl").read_text(encoding="utf-8"))["overall"]["level"] == 1
    done = run(files, "trend", files / "r.yaml", "-o", files / "t.json")
    assert done.code == 0, done.stderr
    assert json.loads((files / "t.json").read_text(encoding="utf-8"))[0]["organization"] == "Acme"
    done = run(files, "trend", files / "r.yaml", "-o", files / "t.md")
    assert (files / "t.md").read_text(encoding="utf-8").startswith("# Maturity over time")


@pytest.mark.parametrize(
    "args",
    [
        ("report", "-o", "{out}/r.txt"),
        ("report", "-o", "{out}/r.pdf", "--format", "md"),
        ("report", "-o", "{out}/r.jsonl"),
        ("report", "--format", "pdf"),
        ("report", "--format", "xlsx"),
        ("score", "-o", "{out}/s.pdf"),
        ("score", "-o", "{out}/s.csv", "--format", "json"),
        ("score", "--format", "xlsx"),
        ("trend", "-o", "{out}/t.csv"),
        ("trend", "-o", "{out}/t.md", "--format", "html"),
        ("trend", "--format", "pdf"),
        ("trend", "--format", "xlsx"),
    ],
)
def test_a_refused_command_is_a_usage_error_and_writes_nothing(
    files: Path, args: tuple[str, ...]
) -> None:
    out = files / "out"
    command, *rest = (arg.format(out=out) for arg in args)
    done = run(files, command, files / "r.yaml", *rest)
    assert done.code == 2, done.stderr
    assert done.stderr.startswith("error: ") and "Traceback" not in done.stderr
    assert done.stdout == ""
    assert not out.exists()  # not even the folder on the way


def test_an_existing_file_is_kept_without_force(files: Path) -> None:
    for command, name in [("report", "r.pdf"), ("score", "s.xlsx"), ("trend", "t.html")]:
        out = files / name
        out.write_text("keep me", encoding="utf-8")
        done = run(files, command, files / "r.yaml", "-o", out)
        assert done.code == 1 and "--force" in done.stderr, done.stderr
        assert out.read_text(encoding="utf-8") == "keep me"
        done = run(files, command, files / "r.yaml", "-o", out, "--force")
        assert done.code == 0, done.stderr
        assert out.read_bytes() != b"keep me"


def test_a_file_without_suffix_gets_the_default_format(files: Path) -> None:
    done = run(files, "report", files / "r.yaml", "-o", files / "report")
    assert done.code == 0, done.stderr
    assert (files / "report").read_text(encoding="utf-8").startswith("# Formats: Acme")
    done = run(files, "score", files / "r.yaml", "-o", files / "scores")
    assert done.code == 0, done.stderr
    assert "Acme" in (files / "scores").read_text(encoding="utf-8")  # the table


def _read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(path, "rb") as stream:
            into.append(stream.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize(("command", "start"), [("report", b"# Formats"), ("trend", b"")])
def test_a_named_pipe_gets_the_default_format(files: Path, command: str, start: bytes) -> None:
    pipe = files / "pipe"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = _read_fifo(pipe, got)
    done = run(files, command, files / "r.yaml", "-o", pipe)
    reader.join(timeout=30)
    assert done.code == 0, done.stderr
    assert got and got[0].startswith(start) and b"Acme" in got[0]
    assert pipe.is_fifo()  # written in place, never replaced


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_binary_format_can_go_to_a_named_pipe(files: Path) -> None:
    pipe = files / "pipe"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = _read_fifo(pipe, got)
    done = run(files, "score", files / "r.yaml", "-o", pipe, "--format", "xlsx")
    reader.join(timeout=30)
    assert done.code == 0, done.stderr
    assert got and got[0].startswith(b"PK\x03\x04")


def plain_data(value: object) -> bool:
    """Whether a value is made of JSON's kinds only: no markup, no objects of the engine."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain_data(v) for k, v in value.items())
    if isinstance(value, list):
        return all(plain_data(item) for item in value)
    return value is None or type(value) in (str, int, float, bool)


@pytest.mark.parametrize("document", ["report", "trend"])
def test_a_documents_context_is_data_and_its_charts_are_drawn_by_html(
    document: str, files: Path
) -> None:
    from socialmaturity.commands.reports import report_context_for
    from socialmaturity.commands.trends import _context
    from socialmaturity.render.figures import with_figures

    os.environ["SOCIALMATURITY_PATH"] = str(files / "models")
    try:
        context = report_context_for([str(files / "r.yaml")], None)
        if document == "trend":
            record = {
                "organization": "Acme",
                "assessments": [
                    {
                        "date": "2026-11-20",
                        "overall": {"score": 10.0},
                        "dimensions": [{"id": "a", "name": "A", "score": 10.0}],
                    }
                ],
            }
            context = _context([record], [[{"previous": [], "year_before": []}]])
    finally:
        del os.environ["SOCIALMATURITY_PATH"]
    assert plain_data(context)
    drawn = with_figures(document, context)
    svg = drawn["trends"][0]["chart_svg"] if document == "trend" else drawn["chart_svg"]
    assert str(svg).startswith("<svg")
    assert plain_data(context)  # drawing left the context as it was


def test_every_format_with_a_renderer_is_named_by_a_suffix() -> None:
    from socialmaturity.render.formats import FORMATS, SUFFIXES

    for command in ("report", "demo"):
        for name in COMMAND_FORMATS[command]:
            assert FORMATS[name].render is not None, (command, name)
    assert {SUFFIXES[s] for f in FORMATS.values() for s in f.suffixes} <= FORMATS.keys()

"""SPEC section 4, "Hardening (v3)": what client text can do to a spreadsheet or a terminal.

CSV cells never start a formula and every line break in a cell is quoted; JSON carries no raw
control character (U+009B, a terminal's CSI, included); whatever the format, output written to
a terminal carries no control character but newline and tab.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, run_cli, write

Q = REPO / "tests" / "fixtures" / "social-maturity-1.0.0" / "questionnaire.yaml"
NORTHWIND = REPO / "tests" / "fixtures" / "social-maturity-1.0.0" / "northwind-2026.yaml"
OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"


def response(tmp_path: Path, name: str = "r.yaml", **header: str) -> Path:
    """Northwind's answers with these header values (written as JSON strings: any character)."""
    lines = []
    for line in NORTHWIND.read_text().splitlines():
        key = line.partition(":")[0]
        if key in header:
            line = f"{key}: {json.dumps(header.pop(key))}"
        lines.append(line)
    lines[1:1] = [f"{key}: {json.dumps(value)}" for key, value in header.items()]
    return write(tmp_path / name, "\n".join(lines) + "\n")


# --- CSV ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_csv_cell_never_starts_a_formula(tmp_path: Path, start: str) -> None:
    formula = f'{start}HYPERLINK("https://evil.example","x")'
    path = response(tmp_path, organization=formula, respondent=start + "1+1", role="=cmd|' /C")
    run = run_cli("score", path, "-q", Q, "--format", "csv")
    assert run.code == 0, run.stderr
    header, row = list(csv.reader(io.StringIO(run.stdout, newline="")))
    cells = dict(zip(header, row, strict=True))
    assert cells["organization"] == "'" + formula
    assert cells["respondent"] == "'" + start + "1+1"
    assert cells["role"] == "'=cmd|' /C"
    assert cells["overall_score"][0].isdigit()  # numbers stay numbers


def test_a_bare_carriage_return_never_splits_a_csv_row(tmp_path: Path) -> None:
    first = response(tmp_path, "a.yaml", organization="Acme\rInjected,row", respondent="Jo\rX")
    second = response(tmp_path, "b.yaml", organization='Quote " Co', role="Line\nbreak")
    run = run_cli("score", first, second, "-q", Q, "--format", "csv")
    assert run.code == 0, run.stderr
    rows = list(csv.reader(io.StringIO(run.stdout, newline="")))
    assert len(rows) == 3 and len({len(row) for row in rows}) == 1
    assert rows[1][1:3] == ["Acme\rInjected,row", "Jo\rX"]
    assert rows[2][1] == 'Quote " Co' and rows[2][3] == "Line\nbreak"
    assert '"Acme\rInjected,row"' in run.stdout


# --- JSON ---------------------------------------------------------------------------------------

C1 = "Acme \x9b31m \x85 \x7f \x1b[2J end"


@pytest.mark.parametrize(
    "args",
    [
        ("score", "--format", "json"),
        ("score", "--format", "jsonl"),
        ("score", "--format", "jsonl", "--jobs", "2"),
        ("score", "--format", "json", "--by", "organization"),
        ("report", "--format", "json"),
        ("trend", "--format", "json"),
    ],
)
def test_json_carries_no_raw_control_character(tmp_path: Path, args: tuple[str, ...]) -> None:
    path = response(tmp_path, organization=C1, respondent=C1)
    run = run_cli(args[0], path, "-q", Q, *args[1:])
    assert run.code == 0, run.stderr
    assert not any((ord(c) < 0x20 and c not in "\n") or 0x7F <= ord(c) <= 0x9F for c in run.stdout)
    assert "\\u009b31m" in run.stdout
    found = json.loads(run.stdout.splitlines()[0] if "jsonl" in args else run.stdout)
    first = found[0] if isinstance(found, list) else found
    assert first["organization"] == C1


# --- a terminal ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("report", "--format", "md"),
        ("report", "--format", "html"),
        ("report", "--format", "json"),
        ("score", "--format", "csv"),
        ("score", "--format", "json"),
        ("trend", "--format", "md"),
        ("trend", "--format", "html"),
        ("trend", "--format", "json"),
    ],
)
def test_on_a_terminal_no_control_character_but_newline_and_tab(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    from socialmaturity import terminal

    monkeypatch.setattr(terminal, "is_terminal", lambda stream: stream is sys.stdout)
    path = response(tmp_path, organization=f"Evil {OSC52} \x9b2J Co", respondent="\rJo\x08\x08")
    run = run_cli(args[0], path, "-q", Q, *args[1:])
    assert run.code == 0, run.stderr
    controls = {c for c in run.stdout if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F} - {"\n", "\t"}
    assert controls == set()
    assert "Evil" in run.stdout


def test_to_a_pipe_the_document_is_exact(tmp_path: Path) -> None:
    """Markdown and CSV written to a pipe or a file are the documents themselves."""
    path = response(tmp_path, organization=f"Evil {OSC52} Co")
    run = run_cli("report", path, "-q", Q, "--format", "html")
    assert run.code == 0 and OSC52 in run.stdout


def test_a_real_terminal_gets_no_osc_52(tmp_path: Path) -> None:
    """The real command on a pseudo-terminal: the clipboard sequence arrives shown, not sent."""
    path = response(tmp_path, organization=f"Evil {OSC52} Co")
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "SOCIALMATURITY_PATH"} | {"NO_COLOR": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "socialmaturity", "report", str(path), "-q", str(Q)],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(follower)
    received = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal's other side closed: all is read
            break
        if not chunk:
            break
        received += chunk
    os.close(leader)
    assert process.wait(60) == 0, process.stderr.read() if process.stderr else ""
    assert b"Evil" in received
    assert b"\x1b" not in received and b"\x07" not in received
    assert b"Evil \\x1b" in received and b"52;c;ZWNobyBwd25lZA==\\x07 Co" in received


def test_a_link_to_a_terminal_as_o_gets_no_control_character(tmp_path: Path) -> None:
    """-o naming a link to a terminal writes to a terminal: escaped as -o - is (the name alone
    decided, so raw escape sequences reached the terminal through the link)."""
    path = response(tmp_path, organization=f"Evil {OSC52} Co")
    leader, follower = pty.openpty()
    link = tmp_path / "screen"
    link.symlink_to(os.ttyname(follower))
    env = {k: v for k, v in os.environ.items() if k != "SOCIALMATURITY_PATH"} | {"NO_COLOR": "1"}
    command = [sys.executable, "-m", "socialmaturity", "report", str(path), "-q", str(Q)]
    process = subprocess.Popen(
        [*command, "--format", "md", "-o", str(link)], stderr=subprocess.PIPE, env=env
    )
    received = b""  # read as it writes: a terminal's buffer is small, and it would wait
    deadline = time.monotonic() + 60
    while process.poll() is None or select.select([leader], [], [], 0.2)[0]:
        assert time.monotonic() < deadline, "the command did not end"
        if select.select([leader], [], [], 0.1)[0]:
            received += os.read(leader, 65536)
    os.close(follower)
    os.close(leader)
    assert process.returncode == 0, process.stderr.read() if process.stderr else ""
    assert b"Evil" in received
    assert b"\x1b" not in received and b"\x07" not in received

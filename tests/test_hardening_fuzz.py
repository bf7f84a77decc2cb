"""SPEC section 4, "Hardening (v3)", as a property: whatever text a client's file holds.

Random text (control characters, escape sequences, bidirectional controls, spreadsheet formula
starts, carriage returns, Markdown and HTML specials) goes into every client field (organization,
respondent, role, round, a note); every output format of ``score``, ``report``, ``trend`` and
``explain`` is checked, written to a pipe and to a terminal:

- nothing prints a traceback or an internal error;
- JSON reads back to exactly the text given, and carries no raw control character;
- CSV reads back to one row per file, each text cell the text given (after a leading ``'`` where
  it starts like a formula);
- tables and ``explain`` carry no control character but newline, to a pipe as to a terminal;
- on a terminal, no format carries a control character but newline and tab;
- HTML never gains markup from the text; workbooks open.

The terminal is the real one (a pseudo-terminal) in the slow test; the quick one has the tool
believe its stdout is a terminal.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Run, run_cli, write

QUESTIONNAIRE = """\
id: fuzzed
version: "1"
title: Fuzzed
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: High, min_score: 50}
dimensions:
  - id: d
    name: D
    questions:
      - id: q
        text: Q
        options:
          - {value: a, label: A, points: 0, level: 1}
          - {value: b, label: B, points: 1, level: 2}
      - {id: s, text: S, kind: scale, min: 0, max: 4}
    recommendations:
      - {id: up, level: 2, title: Step up, addresses: [q], kpis: [reach]}
"""

#: What an adversary types: escapes (OSC 52, CSI), C1 controls, bidi, formula starts, CR.
NASTY = [
    "\x1b]52;c;cHduZWQ=\x07",
    "\x1b[2J",
    "\x9b31m",
    "\x85",
    "\x7f",
    "\x00",
    "\x08",
    "\r",
    "\r\n",
    "\n",
    "\t",
    "\u202e",
    "\u2066",
    "\u2028",
    '=HYPERLINK("https://evil.example")',
    "+1",
    "-1",
    "@SUM(A1)",
    "<script>alert(1)</script>",
    "</td><img src=x onerror=alert(1)>",
    "| --- |",
    "[x](https://evil.example)",
    "&amp;",
    '"',
    ",",
    "#",
    "\\",
    "{{ 7 * 7 }}",
]

pieces = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=4),
)


@st.composite
def client_text(draw: st.DrawFn) -> str:
    text = "".join(draw(st.lists(pieces, min_size=1, max_size=5)))
    return text if text.strip() else "x" + text  # organization may not be blank


Fields = dict[str, str]

fields = st.fixed_dictionaries(
    {
        "organization": client_text(),
        "respondent": client_text(),
        "role": client_text(),
        "round": client_text(),
        "note": client_text(),
    }
)


def quoted(text: str) -> str:
    """``text`` as a YAML double-quoted string: what YAML cannot hold raw, escaped."""
    escaped = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            escaped.append("\\" + char)
        elif code < 0x20 or 0x7F <= code <= 0x9F or char in "\u2028\u2029\ufeff":
            escaped.append(f"\\u{code:04x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def response_text(given: Fields) -> str:
    """A response file holding the texts exactly."""
    quoted_ = {key: quoted(value) for key, value in given.items()}
    return (
        "questionnaire: fuzzed\n"
        f"organization: {quoted_['organization']}\n"
        f"respondent: {quoted_['respondent']}\n"
        f"role: {quoted_['role']}\n"
        f"round: {quoted_['round']}\n"
        "date: 2026-11-20\n"
        "answers:\n"
        f"  q: {{value: a, note: {quoted_['note']}}}\n"
        "  s: 3\n"
    )


def controls(text: str, allowed: str = "\n") -> set[str]:
    """The control characters (C0, DEL, C1) in ``text`` but those allowed."""
    return {c for c in text if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F} - set(allowed)


def clean(run: Run) -> None:
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    assert controls(run.stderr) == set(), run.stderr


TEXT_FORMATS = [
    ("score", "--format", "table"),
    ("score", "--format", "json"),
    ("score", "--format", "jsonl"),
    ("score", "--format", "csv"),
    ("score", "--format", "json", "--by", "organization"),
    ("report", "--format", "md"),
    ("report", "--format", "html"),
    ("report", "--format", "json"),
    ("trend", "--format", "table"),
    ("trend", "--format", "json"),
    ("trend", "--format", "md"),
    ("trend", "--format", "html"),
    ("explain",),
]


def check_pipe(args: tuple[str, ...], run: Run, given: Fields) -> None:
    """What a pipe receives, by format."""
    assert run.code == 0, (args, run.stderr)
    clean(run)
    out = run.stdout
    fmt = args[args.index("--format") + 1] if "--format" in args else "text"
    if fmt in ("table", "text"):
        assert controls(out) == set(), (args, out)
    elif fmt in ("json", "jsonl"):
        assert controls(out) == set(), (args, out)  # C0 escaped by JSON itself, DEL and C1 too
        lines = out.split("\n")[:-1]  # JSON may hold U+0085, U+2028: not line ends
        data = [json.loads(line) for line in lines] if fmt == "jsonl" else json.loads(out)
        first = data[0] if isinstance(data, list) else data
        assert first["organization"] == given["organization"]
        if args[0] == "report":
            assert first["respondents"][0]["respondent"] == given["respondent"]
            assert first["answers"][0]["note"] == given["note"]
            assert first["round"] == given["round"]
        elif args[0] == "score" and "--by" not in args:
            assert (first["respondent"], first["role"]) == (given["respondent"], given["role"])
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out, newline="")))
        assert len(rows) == 2 and len(rows[0]) == len(rows[1]), rows
        formula = ("=", "+", "-", "@", "\t", "\r")
        for column, key in ((1, "organization"), (2, "respondent"), (3, "role")):
            expected = given[key]
            expected = "'" + expected if expected.startswith(formula) else expected
            # the in-process runner reads CR LF back as LF (Click's result does)
            assert rows[1][column] == expected.replace("\r\n", "\n")
    elif fmt == "html":
        assert Markup.of(out) == Markup.of(BENIGN_HTML[args[0]]), args


class Markup(HTMLParser):
    """The elements and attribute names of an HTML document, whatever its text says."""

    def __init__(self) -> None:
        super().__init__()
        self.found: set[tuple[str, tuple[str, ...]]] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.add((tag, tuple(sorted(name for name, _ in attrs))))

    @classmethod
    def of(cls, html: str) -> set[tuple[str, tuple[str, ...]]]:
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser.found


#: The HTML of the same files with plain text in every field: the markup any text may yield.
BENIGN_HTML: dict[str, str] = {}


@pytest.fixture(scope="module", autouse=True)
def _benign_html(tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("benign")
    q = write(folder / "q.yaml", QUESTIONNAIRE)
    plain = dict.fromkeys(("organization", "respondent", "role", "round", "note"), "Plain")
    response = write(folder / "r.yaml", response_text(plain))
    for command in ("report", "trend"):
        BENIGN_HTML[command] = run_cli(command, response, "-q", q, "--format", "html").stdout


@settings(
    max_examples=int(os.environ.get("SOCIALMATURITY_PROPERTY_EXAMPLES", "10")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(given=fields)
def test_any_client_text_in_every_format_to_a_pipe_and_a_terminal(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, given: Fields
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    q = write(folder / "q.yaml", QUESTIONNAIRE)
    response = write(folder / "r.yaml", response_text(given))
    for args in TEXT_FORMATS:
        check_pipe(args, run_cli(args[0], response, "-q", q, *args[1:]), given)
    for args, name in ((("score",), "s.xlsx"), (("report",), "r.xlsx"), (("trend",), "t.xlsx")):
        run = run_cli(*args, response, "-q", q, "-o", folder / name)
        assert run.code == 0, run.stderr
        clean(run)
        openpyxl.load_workbook(folder / name)
    from socialmaturity import terminal

    with monkeypatch.context() as patched:
        patched.setattr(terminal, "is_terminal", lambda stream: stream is sys.stdout)
        for args in TEXT_FORMATS:
            run = run_cli(args[0], response, "-q", q, *args[1:])
            assert run.code == 0, run.stderr
            assert controls(run.stdout, "\n\t") == set(), (args, run.stdout)


def on_a_terminal(*args: str | Path) -> tuple[int, bytes, str]:
    """The tool run with its stdout a pseudo-terminal: status, what the terminal got, stderr."""
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "SOCIALMATURITY_PATH"} | {"NO_COLOR": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "socialmaturity", *map(str, args)],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(follower)
    received = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other side closed: everything is read
            break
        if not chunk:
            break
        received += chunk
    os.close(leader)
    _, err = process.communicate(timeout=120)
    return process.returncode, received, err.decode()


#: A style the tool itself sets on a terminal (SGR); text from files cannot make one.
STYLE = re.compile("\x1b\\[[0-9;]*m")


@pytest.mark.slow
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(given=fields)
def test_any_client_text_on_a_real_terminal_and_in_a_pdf(
    tmp_path_factory: pytest.TempPathFactory, given: Fields
) -> None:
    folder = tmp_path_factory.mktemp("pty")
    q = write(folder / "q.yaml", QUESTIONNAIRE)
    response = write(folder / "r.yaml", response_text(given))
    for args in TEXT_FORMATS:
        code, received, err = on_a_terminal(args[0], response, "-q", q, *args[1:])
        assert code == 0, err
        assert "Traceback" not in err
        shown = received.decode("utf-8", "replace").replace("\r\n", "\n")  # the terminal's ONLCR
        shown = STYLE.sub("", shown)  # the tool's own bold (explain); from text they are shown
        assert controls(shown, "\n\t") == set(), (args, shown)
    run = run_cli("report", response, "-q", q, "-o", folder / "r.pdf")
    assert run.code == 0, run.stderr
    clean(run)
    assert (folder / "r.pdf").read_bytes().startswith(b"%PDF")

"""Shared test helpers: write small YAML files inline, run the command line.

:func:`run_cli` runs the command line in this process (Typer's test runner), as the real command
would: the same streams, exit status, environment and folder. :func:`run_process` starts
``python -m socialmaturity`` for the tests where a real process is the point: signals, a
terminal, worker processes, standard streams that are real pipes or closed, the start-up.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from typer._click import formatting
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass(frozen=True)
class Run:
    """A finished command: exit status and both streams."""

    code: int
    stdout: str
    stderr: str


def one_bit_changes(original: bytes, count: int, seed: int = 5) -> Iterator[tuple[int, bytes]]:
    """``count`` copies of ``original``, each with one bit flipped, and where it was flipped."""
    rng = random.Random(seed)
    for position in rng.sample(range(len(original)), count):
        damaged = bytearray(original)
        damaged[position] ^= 1 << rng.randrange(8)
        yield position, bytes(damaged)


def write(path: Path, text: str) -> Path:
    """Write dedented text to ``path`` (creating folders) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str], Path]:
    """``write_file("name.yaml", text)`` writes a dedented file under tmp_path."""

    def _write(name: str, text: str) -> Path:
        return write(tmp_path / name, text)

    return _write


def _environment(env: dict[str, str] | None) -> dict[str, str]:
    """The environment a command runs in: this one, plain output, no search path unless given."""
    environment = {k: v for k, v in os.environ.items() if k != "SOCIALMATURITY_PATH"}
    environment.update({"NO_COLOR": "1", "COLUMNS": "120"})
    environment.update(env or {})
    return environment


class _Runner(CliRunner):
    """Typer's runner, minus what makes it differ from the real command: a help width of 80.

    The real command lays out help for the terminal's width (COLUMNS, at most 80, less 2); the
    runner forces 80 columns for the whole call (through Click's formatting module, which Typer
    0.28 vendors as ``typer._click``).
    """

    @contextlib.contextmanager
    def isolation(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        with super().isolation(*args, **kwargs) as streams:
            formatting.FORCED_WIDTH = None  # the runner puts its own value back afterwards
            yield streams


@contextlib.contextmanager
def _kept_process_state() -> Iterator[None]:
    """Put back what a command may change in this process: environment, folder, signals."""
    from socialmaturity import signals

    environment = dict(os.environ)
    folder = os.getcwd()
    handlers = {number: signal.getsignal(number) for number in signals.HANDLED_SIGNALS}
    try:
        yield
    finally:
        os.chdir(folder)
        os.environ.clear()
        os.environ.update(environment)
        for number, handler in handlers.items():
            if handler is not None:
                signal.signal(number, handler)
        signals._held.clear()
        signals._pressed.clear()


@pytest.fixture(autouse=True)
def _english_again() -> Iterator[None]:
    """Each test starts in English: ``--lang`` (and a test that renders in a language in this
    process) sets the language for the rest of the process."""
    from socialmaturity import i18n

    yield
    i18n.use(None)


def run_cli(
    *args: str | Path,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
) -> Run:
    """Run the command line in this process, as ``socialmaturity ARGS`` without a terminal.

    What the real command prints, and its exit status: an exception that escapes the command
    is a traceback on stderr and status 1, as Python ends a process with one.
    """
    from socialmaturity.cli import app_for

    arguments = [str(a) for a in args]
    with _kept_process_state():
        os.environ.clear()
        os.environ.update(_environment(env))
        if cwd is not None:
            os.chdir(cwd)
        done = _Runner().invoke(
            app_for(arguments),
            arguments,
            input=stdin if stdin is not None else "",
            prog_name="socialmaturity",
        )
    stderr = done.stderr
    if done.exception is not None and not isinstance(done.exception, SystemExit):
        stderr += "".join(traceback.format_exception(done.exception))
    return Run(done.exit_code, done.stdout, stderr)


def run_process(
    *args: str | Path,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
) -> Run:
    """Run ``python -m socialmaturity`` for real, in a process of its own, without a terminal."""
    done = subprocess.run(
        [sys.executable, "-m", "socialmaturity", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=_environment(env),
        input=stdin if stdin is not None else "",
        timeout=120,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


#: What ``python -X importtime`` writes once the tool's entry point is imported: its ``main``
#: runs next, and takes Ctrl-C and SIGTERM first thing.
_ENTRY_IMPORTED = b" socialmaturity.entry\n"


def started(*args: str, **popen: Any) -> tuple[subprocess.Popen[bytes], bytes]:
    """``python -m socialmaturity ARGS`` in a process of its own, once the tool's code runs.

    A signal that comes while Python itself starts (``site``, ``runpy``) ends the process with
    Python's own traceback, before the tool could act on it; on a busy machine that start can
    outlast a test's delay. So tests of how the tool takes signals wait until its entry point is
    imported (``-X importtime`` tells). Returns the process (both streams are pipes) and what it
    wrote to stderr meanwhile; the rest of stderr holds more ``import time:`` lines.
    """
    process = subprocess.Popen(
        [sys.executable, "-X", "importtime", "-m", "socialmaturity", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **popen,
    )
    assert process.stderr is not None
    early = b""
    while _ENTRY_IMPORTED not in early:
        chunk = os.read(process.stderr.fileno(), 65536)
        if not chunk:
            break
        early += chunk
    return process, early


def without_import_times(stderr: str) -> str:
    """``stderr`` of a process :func:`started`, without the lines ``-X importtime`` added."""
    return "".join(
        line for line in stderr.splitlines(keepends=True) if not line.startswith("import time:")
    )


@pytest.fixture
def cli() -> Callable[..., Run]:
    """The command line as a function: ``cli("score", path, "--format", "json")``."""
    return run_cli


# --- hostile input, shared by the tests of input limits and of input files ------------------------

HEAD = """\
id: tiny
version: "1"
title: Tiny
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: High, min_score: 50}
"""

TINY = (
    HEAD
    + """\
dimensions:
  - id: d
    name: D
    questions:
      - id: q
        text: Q
        options: [{value: a, label: A, points: 0}, {value: b, label: B, points: 1}]
      - {id: s, text: S, kind: scale, min: 0, max: 10}
"""
)

GOOD = "questionnaire: tiny\norganization: Good Co\nanswers: {q: b, s: 5}\n"


def assert_clean_failure(run: Run) -> None:
    """Exit status 1 with located errors only: no internal error, no traceback."""
    assert run.code == 1, (run.code, run.stderr)
    assert "internal error" not in run.stderr, run.stderr
    assert "Traceback" not in run.stderr, run.stderr


def csv_files(run: Run) -> list[str]:
    """The files named in the rows of ``score --format csv`` output."""
    return [line.split(",")[0] for line in run.stdout.splitlines()[1:]]


# --- hostile output, shared by the tests of terminal output and of reports ------------------------

NORTHWIND = FIXTURES / "social-maturity-1.0.0" / "northwind-2026.yaml"


def evil_response(tmp_path: Path) -> Path:
    """Northwind's response with terminal escapes (a title change, a screen clear), a
    right-to-left override and things Markdown would turn into links in its header."""
    lines = []
    for line in NORTHWIND.read_text().splitlines():
        if line.startswith("organization:"):
            line = 'organization: "Evil \\e]0;pwned\\a Co \\e[2J \\u202eRTL"'
        if line.startswith("respondent:"):
            line = (
                'respondent: "Jo \\x1b[31mred <https://evil.example> www.evil.example a@b.example"'
            )
        lines.append(line)
    return write(tmp_path / "evil.yaml", "\n".join(lines) + "\n")


#: The demo's response, as `demo` writes it.
DEMO_RESPONSE = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"


@cache
def demo_html(language: str) -> str:
    """The demo's HTML report, with its KPIs, in ``language``, as its PDF is made from it."""
    from socialmaturity import i18n
    from socialmaturity.commands.reports import report_context_for
    from socialmaturity.render.formats import Options, _html
    from socialmaturity.resources import bundled_dir

    tag = None if language == "en" else language
    i18n.use(tag)
    try:
        context = report_context_for(
            [str(DEMO_RESPONSE)],
            str(bundled_dir() / "social-maturity.yaml"),
            kpis=str(DEMO_RESPONSE.with_name("demo-kpis.csv")),
            language=tag,
        )
        return _html("report", context, Options(None, None))
    finally:
        i18n.use(None)


def assess_command(out: Path, q: str | Path, organization: str) -> list[str]:
    """``python -m socialmaturity assess`` of ``out`` for ``organization``, to run in a process."""
    command = [sys.executable, "-m", "socialmaturity", "assess", "-o", str(out), "-q", str(q)]
    return [*command, "--organization", organization]


def interview(out: Path, q: str | Path, lock: Path | None = None) -> subprocess.Popen[str]:
    """``assess`` in a process of its own, waiting for its first answer, once it holds ``out``.

    ``lock``: where its lock is, when not beside ``out`` (beside the file a link names).
    """
    process = subprocess.Popen(
        assess_command(out, q, "Acme"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_environment(None),
        text=True,
    )
    lock = lock or out.parent / f".{out.name}.lock"
    deadline = time.monotonic() + 60
    while not (lock.exists() and out.exists()) and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    assert lock.exists(), process.communicate(timeout=30)
    return process

"""Hardening of what the tool writes and prints: SPEC section 4's writing rules, signals,
terminal escapes, Markdown autolinks, bidirectional text and sandboxed templates."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from socialmaturity.errors import InputError
from socialmaturity.files import open_atomic, write_atomic

from conftest import REPO, run_cli, write

DEMO = REPO / "tests" / "fixtures" / "social-maturity-1.0.0" / "northwind-2026.yaml"

# --- writing files ------------------------------------------------------------------------------


def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    real = write(tmp_path / "real.txt", "old\n")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomic(link, "new\n", force=True)
    assert link.is_symlink() and real.read_text() == "new\n"


def test_a_dangling_link_creates_the_file_it_names(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "sub" / "made.txt")
    write_atomic(link, "x\n")
    assert link.is_symlink() and (tmp_path / "sub" / "made.txt").read_text() == "x\n"


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    secret = write(tmp_path / "secret.txt", "old\n")
    secret.chmod(0o600)
    write_atomic(secret, "new\n", force=True)
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600 and secret.read_text() == "new\n"


@contextlib.contextmanager
def fifo_read(fifo: Path) -> Iterator[list[bytes]]:
    """A FIFO made at ``fifo`` and read to its end by a thread: what it read, after the block."""
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    try:
        yield received
    finally:
        reader.join(30)


def test_a_fifo_is_written_directly_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    with fifo_read(fifo) as received:
        write_atomic(fifo, "through the pipe\n")  # no --force needed
    assert received == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


# --- streamed writes (score -o) ------------------------------------------------------------------


def test_a_streamed_file_appears_whole_at_the_end(tmp_path: Path) -> None:
    target = tmp_path / "scores.jsonl"
    line = "x" * 1000 + "\n"
    with open_atomic(target) as out:
        for _ in range(200):  # 200 kB: more than the buffer, so some of it is on disk already
            out.write(line)
        assert not target.exists()
        [temporary] = tmp_path.glob(".scores.jsonl.*.tmp")
        assert 0 < temporary.stat().st_size < 200 * len(line)
    assert target.read_text() == line * 200
    assert list(tmp_path.iterdir()) == [target]


def test_a_failed_streamed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = write(tmp_path / "scores.jsonl", "old\n")
    with pytest.raises(KeyboardInterrupt), open_atomic(target, force=True) as out:
        out.write("x" * 100_000)
        raise KeyboardInterrupt
    assert target.read_text() == "old\n"
    assert list(tmp_path.iterdir()) == [target]


def test_a_streamed_write_that_fails_is_one_error_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(descriptor: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    target = tmp_path / "out.txt"
    with pytest.raises(InputError) as raised, open_atomic(target) as out:
        monkeypatch.setattr("socialmaturity.files._write_all", full)
        out.write("x" * 200_000)  # more than the buffer: written, and refused, here
    assert [str(problem) for problem in raised.value.problems] == [
        f"{target}: error: cannot write: No space left on device"
    ]
    assert not isinstance(raised.value.__context__, InputError)  # no second failure on close
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_during_a_streamed_write_stays_ctrl_c(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What is still buffered is dropped, not written: a failing write must not replace it."""

    def full(descriptor: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(KeyboardInterrupt), open_atomic(tmp_path / "out.txt") as out:
        out.write("buffered, not yet written")
        monkeypatch.setattr("socialmaturity.files._write_all", full)
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_score_streams_into_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    with fifo_read(fifo) as received:
        run = run_cli("score", DEMO, "--format", "jsonl", "-o", fifo)
    assert run.code == 0
    assert received == [run_cli("score", DEMO, "--format", "jsonl").stdout.encode()]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("output_format", ["table", "json", "jsonl", "csv"])
def test_score_to_a_file_writes_what_stdout_shows(tmp_path: Path, output_format: str) -> None:
    target = tmp_path / f"scores.{output_format}"
    run = run_cli("score", DEMO, "--format", output_format, "-o", target)
    assert run.code == 0 and run.stdout == ""
    assert target.read_text() == run_cli("score", DEMO, "--format", output_format).stdout


def test_a_folder_is_an_error_and_nothing_is_written(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        write_atomic(tmp_path, "x", force=True)
    blocker = write(tmp_path / "file", "x")
    with pytest.raises(InputError, match="a file is in the way"):
        write_atomic(blocker / "below" / "out.txt", "x")
    assert os.listdir(tmp_path) == ["file"]


def test_an_existing_file_is_not_replaced_without_force(tmp_path: Path) -> None:
    kept = write(tmp_path / "kept.txt", "mine\n")
    with pytest.raises(InputError, match="already exists"):
        write_atomic(kept, "theirs\n")
    assert kept.read_text() == "mine\n"


def test_a_stale_temporary_file_of_a_dead_writer_is_removed(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    stale = write(tmp_path / f".out.txt.{dead.stdout.strip()}.0123abcd.tmp", "half")
    other = write(tmp_path / f".other.txt.{dead.stdout.strip()}.0123abcd.tmp", "keep")
    write_atomic(tmp_path / "out.txt", "whole\n")
    assert not stale.exists() and other.exists()
    assert sorted(os.listdir(tmp_path)) == [other.name, "out.txt"]


def test_concurrent_reports_to_one_new_path_exactly_one_wins(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.md"
    env = {k: v for k, v in os.environ.items() if k != "SOCIALMATURITY_PATH"}
    command = [
        sys.executable,
        "-m",
        "socialmaturity",
        "report",
        str(DEMO),
        "-q",
        str(REPO / "tests" / "fixtures" / "social-maturity-1.0.0" / "questionnaire.yaml"),
        "-o",
        str(target),
    ]
    runs = [
        subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
        )
        for _ in range(6)
    ]
    results = [(p.wait(60), p.stderr.read()) for p in runs]  # type: ignore[union-attr]
    assert sorted(code for code, _ in results) == [0, 1, 1, 1, 1, 1], results
    assert all("already exists" in err for code, err in results if code == 1)
    assert [p.name for p in target.parent.iterdir()] == ["report.md"]


def test_junit_to_a_fifo_is_not_replaced(tmp_path: Path) -> None:
    case = write(tmp_path / "case.yaml", DEMO.read_text() + "expect:\n  overall: {level: 3}\n")
    fifo = tmp_path / "junit.xml"
    q = REPO / "tests" / "fixtures" / "social-maturity-1.0.0" / "questionnaire.yaml"
    with fifo_read(fifo) as received:
        run = run_cli("check", case, "-q", q, "--junit", fifo)
    assert run.code == 0, run.stderr
    assert received and received[0].startswith(b"<?xml")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_check_update_writes_through_a_link_and_keeps_the_mode(tmp_path: Path) -> None:
    real = write(tmp_path / "cases" / "real.yaml", DEMO.read_text())
    real.chmod(0o600)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    q = REPO / "tests" / "fixtures" / "social-maturity-1.0.0" / "questionnaire.yaml"
    run = run_cli("check", link, "-q", q, "--update")
    assert run.code == 0, run.stderr
    assert link.is_symlink() and "expect:" in real.read_text()
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


# --- options, signals ---------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["99999999999999999999", "1025", "-1"])
def test_jobs_out_of_range_is_a_usage_error(jobs: str) -> None:
    run = run_cli("score", DEMO, "--jobs", jobs)
    assert run.code == 2 and "--jobs" in run.stderr and "Traceback" not in run.stderr


def test_ctrl_c_at_any_moment_of_start_up_prints_no_traceback() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOCIALMATURITY_PATH"}
    for delay in (0.05, 0.1, 0.15, 0.2, 0.3, 0.4):
        process = subprocess.Popen(
            [sys.executable, "-m", "socialmaturity", "list"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
        assert "Traceback" not in err, (delay, err)
        assert process.returncode in (0, 130, -signal.SIGINT), (delay, process.returncode)


def launched(
    *args: str, ignore: tuple[int, ...] = (), block: tuple[int, ...] = ()
) -> subprocess.Popen[str]:
    """The tool started with signals ignored or blocked, as a shell or a launcher leaves them."""

    def prepare() -> None:
        for number in ignore:
            signal.signal(number, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_BLOCK, block)

    env = {k: v for k, v in os.environ.items() if k != "SOCIALMATURITY_PATH"}
    return subprocess.Popen(
        [sys.executable, "-m", "socialmaturity", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
        preexec_fn=prepare,  # the test starts no threads, so this runs safely
    )


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["INT", "TERM"])
def test_a_signal_ignored_at_start_stays_ignored(number: int) -> None:
    """A background job of a script (``cmd &``) starts with SIGINT ignored, and keeps it so."""
    process = launched("score", str(DEMO), "--format", "jsonl", ignore=(number,))
    while process.poll() is None:  # the signal, again and again, through every stage of a run
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(number)
        time.sleep(0.002)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert json.loads(out)["overall"]["level"] == 3


@pytest.mark.parametrize(
    ("number", "status", "message"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
    ids=["INT", "TERM"],
)
def test_a_signal_blocked_by_the_launcher_is_acted_on_calmly(
    number: int, status: int, message: str
) -> None:
    """Started with INT and TERM blocked (``env --block-signal``), a signal sent at once waits
    until the tool's own handlers are in place: no start-up window prints a traceback."""
    process = launched("list", block=(signal.SIGINT, signal.SIGTERM))
    process.send_signal(number)
    _, err = process.communicate(timeout=30)
    assert (process.returncode, err) == (status, f"{message}\n")


def test_sigterm_exits_143_quietly(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOCIALMATURITY_PATH"}
    process = subprocess.Popen(
        [sys.executable, "-m", "socialmaturity", "assess", "-o", str(tmp_path / "a.yaml")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    time.sleep(1.5)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert "Traceback" not in err
    assert process.returncode in (143, -signal.SIGTERM)


# --- readers that go away -----------------------------------------------------------------------

CLEAN = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"  # nothing to warn about


@pytest.mark.parametrize(
    "args",
    [
        ("score", str(CLEAN), "--format", "jsonl"),  # small: all of it still buffered at the end
        ("score", str(CLEAN), "--format", "table"),
        ("list",),
        ("--help",),
    ],
)
def test_a_reader_gone_before_the_last_flush_ends_quietly(args: tuple[str, ...]) -> None:
    """As Unix tools do: status 1 and nothing on stderr, with stdout buffered as usual."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("SOCIALMATURITY_PATH", "PYTHONUNBUFFERED")
    }
    read, written = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "socialmaturity", *args],
            stdout=written,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
            timeout=60,
        )
    finally:
        os.close(written)
    assert done.stderr == ""
    assert done.returncode == 1


@pytest.mark.parametrize("closed", [">&-", "2>&-", ">&- 2>&-"])
@pytest.mark.parametrize("response", [CLEAN, "missing.yaml"])
def test_a_closed_standard_stream_is_no_error_of_ours(closed: str, response: object) -> None:
    """``>&-``: what would go to the closed stream is dropped, as print() drops it."""
    env = {k: v for k, v in os.environ.items() if k != "SOCIALMATURITY_PATH"}
    script = f'"$0" -m socialmaturity score "$1" {closed}; echo "status $?"'
    done = subprocess.run(
        ["sh", "-c", script, sys.executable, str(response)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    expected = 0 if response == CLEAN else 1
    assert done.stdout.endswith(f"status {expected}\n")
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert "Exception ignored" not in done.stderr


def test_a_closed_input_ends_an_interview_as_an_empty_one_does(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOCIALMATURITY_PATH"}
    runs = []
    for name, redirect in (("closed.yaml", "<&-"), ("empty.yaml", "</dev/null")):
        command = '"$0" -m socialmaturity assess -q social-maturity-quick -o "$1" --organization A'
        done = subprocess.run(
            ["sh", "-c", f"{command} {redirect}", sys.executable, str(tmp_path / name)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        runs.append((done.returncode, done.stderr.replace(name, "NAME")))
    assert runs[0] == runs[1]
    assert "internal error" not in runs[0][1] and "Traceback" not in runs[0][1]


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
def test_an_output_encoding_without_the_characters_escapes_them(
    tmp_path: Path, encoding: str
) -> None:
    """JSON stays valid and exact, and no command fails on a character it cannot write."""
    name = "Maren Holloway \U0001f680 \u2026 \u00e9"
    text = CLEAN.read_text(encoding="utf-8").replace(
        "respondent: Maren Holloway", f'respondent: "{name}"'
    )
    response = write(tmp_path / "r.yaml", text)
    env = {k: v for k, v in os.environ.items() if k != "SOCIALMATURITY_PATH"}
    env["PYTHONIOENCODING"] = encoding

    def run(*args: str | Path) -> tuple[int, str, str]:
        done = subprocess.run(
            [sys.executable, "-m", "socialmaturity", *map(str, args)],
            capture_output=True,
            env=env,
            timeout=60,
        )
        return done.returncode, done.stdout.decode(encoding), done.stderr.decode("utf-8", "replace")

    code, out, err = run("score", response, "--format", "json")
    assert code == 0, err
    assert json.loads(out) == json.loads(run_cli("score", response, "--format", "json").stdout)
    assert json.loads(out)[0]["respondent"] == name
    for args in (("score",), ("explain",), ("report", "--format", "md"), ("trend",), ("list",)):
        code, _, err = run(*args[:1], *([response] if args[0] != "list" else []), *args[1:])
        assert code == 0, (args, err)
        assert "internal error" not in err


@pytest.mark.parametrize(
    "value", ["99999999999999999999", "9" * 5000, "\u00b2\u00b2", "\u0663\u0663", "0", "abc"]
)
def test_any_columns_or_lines_value_lays_out_or_is_ignored(value: str) -> None:
    for args in (("score", CLEAN), ("explain", CLEAN), ("trend", CLEAN), ("list",)):
        run = run_cli(*args, env={"COLUMNS": value, "LINES": value})
        assert run.code == 0, (args, run.stderr)
        assert max(map(len, run.stdout.splitlines())) <= 1000


# --- what reaches a terminal or a renderer --------------------------------------------------------

EVIL_ORG = "Evil \x1b]0;pwned\x07 Co \x1b[2J \u202eRTL"


def _evil_response(tmp_path: Path) -> Path:
    lines = []
    for line in DEMO.read_text().splitlines():
        if line.startswith("organization:"):
            line = 'organization: "Evil \\e]0;pwned\\a Co \\e[2J \\u202eRTL"'
        if line.startswith("respondent:"):
            line = (
                'respondent: "Jo \\x1b[31mred <https://evil.example> www.evil.example a@b.example"'
            )
        lines.append(line)
    return write(tmp_path / "evil.yaml", "\n".join(lines) + "\n")


@pytest.mark.parametrize(
    "args",
    [("score",), ("score", "--by", "organization"), ("explain",), ("trend",), ("check",)],
)
def test_terminal_escapes_from_input_are_shown_not_sent(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    response = _evil_response(tmp_path)
    q = REPO / "tests" / "fixtures" / "social-maturity-1.0.0" / "questionnaire.yaml"
    run = run_cli(args[0], response, "-q", q, *args[1:], env={"COLUMNS": "200"})
    assert "\x1b" not in run.stdout + run.stderr and "\x07" not in run.stdout + run.stderr
    assert "\u202e" not in run.stdout + run.stderr


def test_markdown_has_no_autolinks_and_html_isolates_bidi(tmp_path: Path) -> None:
    response = _evil_response(tmp_path)
    q = REPO / "tests" / "fixtures" / "social-maturity-1.0.0" / "questionnaire.yaml"
    md = run_cli("report", response, "-q", q).stdout
    assert "https://evil" not in md and "www.evil" not in md and "a@b.example" not in md
    assert "https\\://evil.example" in md and "www\\.evil" in md
    html = run_cli("report", response, "-q", q, "--format", "html").stdout
    assert "\u2068Evil" in html and "RTL\u2069" in html  # isolated: FSI ... PDI


# --- templates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "{{ lipsum.__globals__['os'].popen('id').read() }}",
        "{{ organization.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{% include '/etc/passwd' %}",
        "{% extends 'report.md.j2' %}",
    ],
)
def test_a_user_template_cannot_reach_outside_its_variables(tmp_path: Path, body: str) -> None:
    template = write(tmp_path / "mine.md.j2", body + "\n")
    (tmp_path / "report.md.j2").write_text("{{ 1 }}")
    q = REPO / "tests" / "fixtures" / "social-maturity-1.0.0" / "questionnaire.yaml"
    run = run_cli("report", DEMO, "-q", q, "--template", template)
    assert run.code == 1, run.stdout
    assert str(template) in run.stderr and "uid=" not in run.stdout
    assert "internal error" not in run.stderr and "Traceback" not in run.stderr


def test_a_plain_user_template_still_works(tmp_path: Path) -> None:
    template = write(tmp_path / "mine.md.j2", "{{ organization | md }}: {{ overall.score_text }}\n")
    q = REPO / "tests" / "fixtures" / "social-maturity-1.0.0" / "questionnaire.yaml"
    run = run_cli("report", DEMO, "-q", q, "--template", template)
    assert (run.code, run.stdout) == (0, "Northwind Outdoor Gear: 52.7\n")


def test_explain_cuts_a_huge_note_and_stays_fast(tmp_path: Path) -> None:
    source = (REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml").read_text()
    lines, done = [], False
    for line in source.splitlines():
        key, _, value = line.strip().partition(": ")
        if (
            not done
            and line.startswith("  ")
            and not line.startswith("   ")
            and value.isidentifier()
        ):
            line = f'  {key}:\n    value: {value}\n    note: "' + "word " * 1_000_000 + '"'
            done = True
        lines.append(line)
    assert done
    big = write(tmp_path / "big.yaml", "\n".join(lines) + "\n")
    start = time.monotonic()
    run = run_cli("explain", big)
    assert run.code == 0, run.stderr
    assert time.monotonic() - start < 10
    assert "…" in run.stdout and len(run.stdout) < 100_000


def test_explain_on_thousands_of_questions_is_linear(tmp_path: Path) -> None:
    count = 3000
    questions = "".join(
        f"      - id: q{n}\n        text: Question {n}?\n        options:\n"
        f"          - {{value: a, label: A, points: 0}}\n"
        f"          - {{value: b, label: B, points: 1}}\n"
        f"          - {{value: c, label: C, points: 2}}\n"
        for n in range(count)
    )
    questionnaire = write(
        tmp_path / "q.yaml",
        'id: wide\nversion: "1"\ntitle: Wide\nlevels:\n  - {level: 1, name: Low, min_score: 0}\n'
        "  - {level: 2, name: High, min_score: 50}\ndimensions:\n  - id: d\n    name: D\n"
        "    questions:\n" + questions,
    )
    answers = "".join(f"  q{n}: {'a' if n == 0 else 'b'}\n" for n in range(count))
    response = write(
        tmp_path / "r.yaml", "questionnaire: wide\norganization: A\nanswers:\n" + answers
    )
    start = time.monotonic()
    run = run_cli("explain", response, "-q", questionnaire)
    assert run.code == 0, run.stderr
    assert time.monotonic() - start < 20  # about 65 s when every change rescored the dimension
    assert "raises it to level 2 High" in run.stdout


@pytest.mark.parametrize("number", ["999", "2147483648", "99999999999999999999"])
def test_a_descriptor_that_is_not_open_is_a_clear_error(number: str) -> None:
    for args in (("score", CLEAN), ("report", CLEAN), ("template",)):
        run = run_cli(*args, "-o", f"/dev/fd/{number}")
        assert (run.code, run.stdout) == (1, ""), run.stderr
        assert run.stderr == f"/dev/fd/{number}: error: cannot write: Bad file descriptor\n"


def run_entry(cli_main: str) -> subprocess.CompletedProcess[str]:
    """Run ``entry.main()`` for ``socialmaturity list`` in a fresh Python, with ``cli.main``
    replaced by the function ``cli_main`` defines (tests and the tool's modules importable)."""
    probe = (
        "import os, signal, sys, time\n"
        "from socialmaturity import cli, entry\n"
        "from test_hardening_output import _raise_while_a_class_is_made\n"
        "parse_and_run = cli.main\n"
        f"{cli_main}\n"
        "cli.main = replaced\n"
        "sys.argv = ['socialmaturity', 'list']\n"
        "entry.main()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent)}
    return subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60,
        check=False,
    )  # fmt: skip


def _raise_while_a_class_is_made(signal_exception: BaseException) -> None:
    """Raise as a signal's handler does when it fires while Python creates a class.

    Python 3.11 wraps what ``__set_name__`` raises in a RuntimeError (3.12 no longer does).
    """

    class Hook:
        def __set_name__(self, owner: type, name: str) -> None:
            raise signal_exception

    type("Owner", (), {"hook": Hook()})


@pytest.mark.parametrize(
    ("name", "status", "message"),
    [("KeyboardInterrupt", 130, "interrupted"), ("Terminated", 143, "terminated")],
)
def test_a_signal_inside_a_class_being_made_ends_calmly(
    name: str, status: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import typer

    from socialmaturity import cli, entry

    signal_exception = KeyboardInterrupt() if name == "KeyboardInterrupt" else entry.Terminated()
    command = cli.guarded(lambda: _raise_while_a_class_is_made(signal_exception))
    with pytest.raises(typer.Exit) as done:
        command()
    assert done.value.exit_code == status
    assert capsys.readouterr().err == f"{message}\n"


@pytest.mark.parametrize(("name", "status"), [("KeyboardInterrupt", 130), ("Terminated", 143)])
def test_a_signal_inside_a_class_being_made_before_a_command_runs_ends_calmly(
    name: str, status: int
) -> None:
    """The same, while the command line is parsed (Typer imports pydantic lazily there)."""
    error = "KeyboardInterrupt()" if name == "KeyboardInterrupt" else "entry.Terminated()"
    done = run_entry(f"def replaced():\n    _raise_while_a_class_is_made({error})")
    message = "interrupted" if status == 130 else "terminated"
    assert (done.returncode, done.stderr) == (status, f"{message}\n")


@pytest.mark.parametrize("length", [200, 240, 251])
def test_a_long_file_name_can_be_written(tmp_path: Path, length: int) -> None:
    """A name the system allows (up to 255 bytes) is written, though temporary and lock names
    beside it are longer than the name itself."""
    stem = "é" * ((length - 5) // 2) + "a" * ((length - 5) % 2)  # two bytes a character
    for args, suffix in (
        (("score", CLEAN, "--format", "json"), ".json"),
        (("template",), ".yaml"),
        (("assess", "--organization", "A"), ".yaml"),
    ):
        target = tmp_path / (stem + suffix)
        assert len(os.fsencode(target.name)) == length
        run = run_cli(*args, "-o", target, stdin="1\n")
        assert run.code in (0, 1) and target.exists(), run.stderr
        assert "Traceback" not in run.stderr and "too long" not in run.stderr, run.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == [target.name], "a file left behind"
        target.unlink()


@pytest.mark.parametrize(("name", "status"), [("SIGINT", 130), ("SIGTERM", 143)])
def test_a_signal_while_the_command_line_is_parsed_is_reported(name: str, status: int) -> None:
    """Typer turns a Ctrl-C during its parsing into a silent exit 130: the signal is held until
    the command runs (or the parsing ends), so it is reported like any other."""
    done = run_entry(
        "def replaced():  # as Typer parses\n"
        "    try:\n"
        f"        os.kill(os.getpid(), signal.{name})\n"
        "        time.sleep(0.2)\n"
        "    except KeyboardInterrupt:\n"
        "        sys.exit(130)\n"
    )
    message = "interrupted" if status == 130 else "terminated"
    assert (done.returncode, done.stderr) == (status, f"{message}\n")


def test_a_signal_held_until_a_command_starts_is_reported_once() -> None:
    done = run_entry(
        "def replaced():\n"
        "    os.kill(os.getpid(), signal.SIGINT)  # noted: held while the line is parsed\n"
        "    parse_and_run()\n"
    )
    assert (done.returncode, done.stdout, done.stderr) == (130, "", "interrupted\n")

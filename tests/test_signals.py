"""Ctrl-C and SIGTERM: at any moment of start-up, ignored or blocked by a launcher, during a
command, while the command line is parsed, and raised while Python creates a class.

Each runs the real command in a process of its own, except where the guard is called directly.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import REPO, interview, started, without_import_times

DEMO = REPO / "tests" / "fixtures" / "social-maturity-1.0.0" / "northwind-2026.yaml"


def test_ctrl_c_at_any_moment_of_start_up_prints_no_traceback() -> None:
    """From the moment the tool's own code runs: the imports, the parsing, the command.

    The races it once met now each have a test of their own: a signal in a weakref callback,
    while a validator is built, and while the command's end is made.
    """
    env = {k: v for k, v in os.environ.items() if k != "SOCIALMATURITY_PATH"}
    for delay in (0.05, 0.1, 0.15, 0.2, 0.3, 0.4):
        process, early = started("list", env=env)
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        _, late = process.communicate(timeout=30)
        err = without_import_times((early + late).decode())
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


@pytest.mark.parametrize(
    "number", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["INT", "TERM", "HUP"]
)
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
    [
        (signal.SIGINT, 130, "interrupted"),
        (signal.SIGTERM, 143, "terminated"),
        (signal.SIGHUP, 129, "hung up"),
    ],
    ids=["INT", "TERM", "HUP"],
)
def test_a_signal_blocked_by_the_launcher_is_acted_on_calmly(
    number: int, status: int, message: str
) -> None:
    """Started with INT and TERM blocked (``env --block-signal``), a signal sent at once waits
    until the tool's own handlers are in place: no start-up window prints a traceback."""
    process = launched("list", block=(signal.SIGINT, signal.SIGTERM, signal.SIGHUP))
    process.send_signal(number)
    _, err = process.communicate(timeout=30)
    assert (process.returncode, err) == (status, f"{message}\n")


def wait_for_output(process: subprocess.Popen[str], timeout: float = 30) -> None:
    """Wait until the process has written something to its stdout (a prompt, say)."""
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        ready, _, _ = select.select([process.stdout], [], [], 0.05)
        if ready:
            return


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
    wait_for_output(process)  # the interview asks for the organization
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert "Traceback" not in err
    assert process.returncode in (143, -signal.SIGTERM)


# --- a signal while Python creates a class, or while the command line is parsed -------------------


def assert_ended_by_signal(done: subprocess.CompletedProcess[str], status: int) -> None:
    """Ended as a signal ends the tool: its status, and one word on stderr (no traceback)."""
    message = {130: "interrupted", 143: "terminated", 129: "hung up"}[status]
    assert (done.returncode, done.stderr) == (status, f"{message}\n")


def run_entry(cli_main: str) -> subprocess.CompletedProcess[str]:
    """Run ``entry.main()`` for ``socialmaturity list`` in a fresh Python, with ``cli.main``
    replaced by the function ``cli_main`` defines (tests and the tool's modules importable)."""
    probe = (
        "import os, signal, sys, time\n"
        "from socialmaturity import cli, entry\n"
        "from test_signals import _raise_while_a_class_is_made\n"
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
    assert_ended_by_signal(done, status)


@pytest.mark.parametrize(("name", "status"), [("SIGINT", 130), ("SIGTERM", 143), ("SIGHUP", 129)])
def test_a_signal_while_the_command_ends_ends_it_calmly(name: str, status: int) -> None:
    """A signal that lands while the end of a command is being made (its handlers switched to
    end at once) ends it at once, as one after the end does: never with a traceback."""
    done = run_entry(
        "def replaced():\n"
        "    real = entry.ignored\n"
        "    def ignored(number):  # what ending the command asks first\n"
        "        entry.ignored = real\n"
        f"        os.kill(os.getpid(), signal.{name})\n"
        "        return real(number)\n"
        "    entry.ignored = ignored\n"
        "    sys.exit(0)\n"
    )
    assert_ended_by_signal(done, status)


@pytest.mark.parametrize(("name", "status"), [("SIGINT", 130), ("SIGTERM", 143), ("SIGHUP", 129)])
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
    assert_ended_by_signal(done, status)


def test_a_signal_held_until_a_command_starts_is_reported_once() -> None:
    done = run_entry(
        "def replaced():\n"
        "    os.kill(os.getpid(), signal.SIGINT)  # noted: held while the line is parsed\n"
        "    parse_and_run()\n"
    )
    assert (done.returncode, done.stdout, done.stderr) == (130, "", "interrupted\n")


def test_a_signal_raised_where_python_drops_exceptions_is_acted_on_again() -> None:
    """A SIGTERM that lands in a weakref callback was printed as "Exception ignored" and lost:
    the command went on and ended 0 or 1. Now it is kept, and the command ends with 143."""
    code = textwrap.dedent(
        """
        import sys, weakref
        from socialmaturity import entry

        class Thing:
            pass

        def callback(ref):
            raise entry.Terminated  # what the SIGTERM handler raises, in a weakref callback

        def run():
            thing = Thing()
            kept = weakref.ref(thing, callback)
            del thing  # the callback runs here; Python cannot pass its exception on
            for _ in range(1000):
                pass
            print("went on")

        sys.argv = ["socialmaturity", "list"]
        import socialmaturity.cli
        socialmaturity.cli.main = run
        entry.main()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 143, done.stderr
    assert done.stdout == "went on\n"  # what the command did, it finished
    assert done.stderr == "terminated\n"  # said once, and no "Exception ignored" traceback


def test_a_validator_is_built_with_signals_held_back() -> None:
    """pydantic reports what is raised while it builds a validator as a schema error (a Ctrl-C
    then ended the command as an internal error): the build runs with both signals held back,
    and one that came meanwhile is acted on as it ends."""
    from pydantic import BaseModel, ConfigDict
    from pydantic_core import core_schema

    from socialmaturity.model.validation import validate_model
    from socialmaturity.model.yaml_reader import load_yaml

    masks: list[set[int]] = []

    class Probe(int):
        @classmethod
        def __get_pydantic_core_schema__(cls, source: object, handler: object) -> object:
            masks.append(set(signal.pthread_sigmask(signal.SIG_BLOCK, [])))
            os.kill(os.getpid(), signal.SIGINT)  # lands in the middle of the build
            return core_schema.int_schema()

    class Model(BaseModel):
        model_config = ConfigDict(defer_build=True)
        x: Probe

    doc = load_yaml("m.yaml", allow_aliases=False, text="x: 1\n")
    with pytest.raises(KeyboardInterrupt):
        validate_model(Model, doc)
    assert masks and {signal.SIGINT, signal.SIGTERM} <= masks[0]
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])
    assert validate_model(Model, doc).x == 1  # built: used as usual


def test_a_closed_terminal_ends_an_interview_calmly_and_frees_its_file(tmp_path: Path) -> None:
    """SIGHUP (the window closed): the answers stay saved, the lock goes, exit 129."""
    out = tmp_path / "a.yaml"
    process = interview(out, "social-maturity-quick")
    lock = tmp_path / ".a.yaml.lock"
    process.send_signal(signal.SIGHUP)
    _, err = process.communicate(timeout=30)
    assert (process.returncode, err.splitlines()[-1:]) == (129, ["hung up"])
    assert "Traceback" not in err
    assert out.exists() and not lock.exists()

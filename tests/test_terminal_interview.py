"""``assess`` in a real terminal (tmux): back, Enter keeps, ``-`` clears, SIGKILL, resume."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from socialmaturity.model.yaml_reader import load_yaml
from test_assess import QUESTIONNAIRE

from conftest import write

TMUX = shutil.which("tmux")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)"),
]


class Pane:
    """One tmux session running a command, read with capture-pane."""

    def __init__(self, command: str) -> None:
        self.name = f"sm-{uuid.uuid4().hex[:8]}"
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", "100", "-y", "50", command],
            check=True,
        )

    def screen(self) -> str:
        done = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name, "-S", "-200"],
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout

    def wait_for(self, text: str, count: int = 1, timeout: float = 20) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            screen = self.screen()
            if screen.count(text) >= count:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} (x{count}) never appeared:\n{self.screen()}")

    def type(self, line: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", line], check=True)
        subprocess.run(["tmux", "send-keys", "-t", self.name, "Enter"], check=True)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True, check=False)


@pytest.fixture
def pane_factory() -> Iterator[list[Pane]]:
    panes: list[Pane] = []
    yield panes
    for pane in panes:
        pane.close()


def test_back_keep_clear_kill_and_resume(tmp_path: Path, pane_factory: list[Pane]) -> None:
    q = write(tmp_path / "q.yaml", QUESTIONNAIRE)
    out = tmp_path / "a.yaml"
    env = " ".join(
        f"{k}={shlex.quote(v)}" for k, v in {"PATH": os.environ["PATH"], "TERM": "xterm"}.items()
    )
    command = (
        f"env {env} {shlex.quote(sys.executable)} -m socialmaturity assess "
        f"-o {shlex.quote(str(out))} -q {shlex.quote(str(q))} --organization Acme "
        "--respondent Jo --role CMO; sleep 30"
    )
    pane = Pane(command)
    pane_factory.append(pane)
    pane.wait_for("Question 1 of 4")
    pane.type("2 # plan seen")
    pane.wait_for("Question 2 of 4")
    pane.type("1,3")
    pane.wait_for("Question 3 of 4")
    pane.type("<")  # back to many: its ticks show what is chosen
    pane.wait_for("Question 2 of 4", count=2)
    screen = pane.wait_for("[x] Z")  # the last option drawn: the screen is complete
    assert "[x] X" in screen and "[ ] Y" in screen and "[x] Z" in screen
    pane.type("<")
    pane.wait_for("Question 1 of 4", count=2)
    pane.type("")  # Enter keeps "b" and its note
    pane.wait_for("Question 2 of 4", count=3)
    pane.type("-")  # clears many
    pane.wait_for("Question 3 of 4", count=2)
    pane.type("2")
    pane.wait_for("Question 4 of 4")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        data = load_yaml(out, allow_aliases=False).data
        if data["answers"].get("years") == 2:
            break
        time.sleep(0.1)
    python = subprocess.run(
        ["pgrep", "-f", f"socialmaturity assess -o {out}"], capture_output=True, text=True
    ).stdout.split()
    assert python, "the interview is not running"
    for pid in python:
        os.kill(int(pid), 9)  # SIGKILL mid-interview
    time.sleep(0.3)
    data = load_yaml(out, allow_aliases=False).data
    assert data["answers"] == {
        "one": {"value": "b", "note": "plan seen"},
        "many": None,
        "years": 2,
        "maybe": None,
    }
    resumed = Pane(command)
    pane_factory.append(resumed)
    resumed.wait_for("Question 2 of 4")  # the first unanswered question
    resumed.type("3")
    resumed.wait_for("Question 4 of 4")
    resumed.type("na")
    screen = resumed.wait_for("Overall")
    assert "Levels" in screen
    data = load_yaml(out, allow_aliases=False).data
    assert data["answers"] == {
        "one": {"value": "b", "note": "plan seen"},
        "many": ["z"],
        "years": 2,
        "maybe": "na",
    }


def test_jump_quit_resume_skipped_named_and_role_asked(
    tmp_path: Path, pane_factory: list[Pane]
) -> None:
    q = write(tmp_path / "q.yaml", QUESTIONNAIRE)
    out = tmp_path / "b.yaml"
    env = " ".join(
        f"{k}={shlex.quote(v)}" for k, v in {"PATH": os.environ["PATH"], "TERM": "xterm"}.items()
    )
    command = (
        f"env {env} {shlex.quote(sys.executable)} -m socialmaturity assess "
        f"-o {shlex.quote(str(out))} -q {shlex.quote(str(q))}"
    )
    pane = Pane(f"{command} --organization Acme; echo status=$?; sleep 30")
    pane_factory.append(pane)
    pane.wait_for("Respondent")
    pane.type("")  # Enter leaves it empty
    pane.wait_for("Role")
    pane.type("CMO")
    pane.wait_for("Question 1 of 4")
    pane.type(":3")  # jump past two questions
    pane.wait_for("Question 3 of 4")
    pane.type("2")
    pane.wait_for("Question 4 of 4")
    pane.type("q")  # stop: saved, status 0, the command to go on shown
    screen = " ".join(pane.wait_for("status=0").split())  # long lines wrap at the pane's width
    assert "3 questions unanswered (1 one, 2 many, 4 maybe)" in screen
    assert f"To go on: socialmaturity assess -o {out} -q {q}" in screen
    data = load_yaml(out, allow_aliases=False).data
    assert data["role"] == "CMO" and data.get("respondent") is None
    assert data["answers"]["years"] == 2
    resumed = Pane(f"{command}; echo status=$?; sleep 30")
    pane_factory.append(resumed)
    resumed.wait_for("Question 1 of 4")  # the first unanswered question
    resumed.type("2 #plan seen")
    resumed.wait_for("Question 2 of 4")
    resumed.type(":maybe")
    resumed.wait_for("Question 4 of 4")
    resumed.type("na")
    screen = " ".join(resumed.wait_for("status=0").split())
    assert "1 question skipped (2 many)" in screen and "Overall" in screen
    data = load_yaml(out, allow_aliases=False).data
    assert data["answers"] == {
        "one": {"value": "b", "note": "plan seen"},
        "many": None,
        "years": 2,
        "maybe": "na",
    }

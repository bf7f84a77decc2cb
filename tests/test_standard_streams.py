"""Standard streams as a shell leaves them: a reader that goes away (``| head``), a closed
stream (``>&-``, ``<&-``) and an output encoding that cannot hold every character.

Each runs the real command in a process of its own: the streams are real pipes or closed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, run_cli, write

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

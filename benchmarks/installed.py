"""How every benchmark runs the tool: as it runs installed, the way a user runs it.

Through the ``socialmaturity`` script pip put beside this Python (``python -m socialmaturity``
where there is none), with Python's cache of compiled modules: ``PYTHONDONTWRITEBYTECODE`` is
dropped, because with it every run recompiles our sources (about 25 ms that no user pays).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO

#: The command line of the tool, to which a command's arguments are added.
SCRIPT = Path(sys.executable).with_name("socialmaturity")
CLI = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "socialmaturity"]
#: The environment the tool runs in.
ENVIRONMENT = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
#: The demo response the single-document benchmarks use.
DEMO = (
    Path(__file__).resolve().parents[1] / "src" / "socialmaturity" / "data" / "demo-response.yaml"
)


def measure(
    command: Sequence[str | Path],
    environment: dict[str, str] = ENVIRONMENT,
    stdout: IO[bytes] | None = None,
) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user and system, its children's too) of one run of a command.

    CPU time moves less than wall-clock time when other work shares the machine. The command
    must succeed; its output goes to ``stdout`` (or nowhere).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [str(part) for part in command],
        stdout=stdout if stdout is not None else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
        env=environment,
    )
    wall = time.perf_counter() - start
    if done.returncode:
        message = done.stderr.decode(errors="replace")
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{message}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


#: Runs one command and prints its exit status and the peak resident memory of that child
#: alone, in KiB (``RUSAGE_CHILDREN`` of a Python that runs nothing else); the command's own
#: standard error passes through.
_PEAK = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak(
    command: Sequence[str | Path],
    environment: dict[str, str] = ENVIRONMENT,
    allowed: Sequence[int] = (0,),
) -> tuple[int, float, float]:
    """The exit status, wall-clock seconds and peak resident MiB of one run of a command.

    A status not ``allowed`` ends the benchmark with the command's standard error.
    """
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *map(str, command)],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    seconds = time.perf_counter() - start
    status, kib = done.stdout.split()
    if int(status) not in allowed:
        command_line = " ".join(map(str, command))
        raise SystemExit(f"{command_line} failed with status {status}:\n{done.stderr}")
    return int(status), seconds, int(kib) / 1024

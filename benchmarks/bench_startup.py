"""Start-up and single-document times, each as a ratio to its reference, paired in one run.

    python benchmarks/bench_startup.py [ROUNDS]

Runs each command ROUNDS times (default 15), interleaved with the reference so both see the
same machine load, and prints the median times and their ratio. Goals (issue "Performance"):
--version at most 0.5x `import typer`, --help at most 1.3x, score of one file at most 2.5x;
report --format html of the demo at most 0.3 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

DEMO = (
    Path(__file__).resolve().parents[1] / "src" / "socialmaturity" / "data" / "demo-response.yaml"
)
CLI = [sys.executable, "-m", "socialmaturity"]
REFERENCE = [sys.executable, "-c", "import typer"]
COMMANDS = {
    "--version": [*CLI, "--version"],
    "--help": [*CLI, "--help"],
    "score one file": [*CLI, "score", str(DEMO), "--format", "jsonl"],
    "report --format html": [*CLI, "report", str(DEMO), "--format", "html"],
}


def seconds(command: list[str]) -> float:
    """Wall-clock time of one run."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    """Time each command against the reference, alternating runs."""
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    for label, command in COMMANDS.items():
        ours, theirs = [], []
        for _ in range(rounds):
            theirs.append(seconds(REFERENCE))
            ours.append(seconds(command))
        mine, base = statistics.median(ours), statistics.median(theirs)
        ratio = mine / base
        print(f"{label:<24} {mine * 1000:7.1f} ms   typer {base * 1000:6.1f} ms   {ratio:5.2f}x")


if __name__ == "__main__":
    main()

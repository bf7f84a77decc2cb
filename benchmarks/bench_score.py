"""Batch scoring against the floor of just parsing the same YAML files, paired in one run.

    python benchmarks/bench_score.py [N] [ROUNDS]

Generates N responses (default 5000) of the bundled questionnaire in a temporary folder. Each
round times, one after the other so all see the same machine load: the floor (a fresh Python
loading every file with PyYAML's ``CSafeLoader``; only its loop is timed, not its start-up),
``socialmaturity score --format jsonl`` with ``--jobs 1`` and with ``--jobs 2`` (wall-clock time,
start-up included). Prints the medians and the ratios to the floor. Goals (issue
"Performance"): at most 1.0x with one job (moonshot 0.7x), at most 0.6x with two; output
byte-identical. The tool runs as installed (see ``installed.py``).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate_responses import generate
from installed import CLI, ENVIRONMENT

FLOOR = """
import sys, time, yaml
files = sys.argv[1:]
start = time.perf_counter()
for path in files:
    with open(path, encoding="utf-8") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
print(time.perf_counter() - start)
"""


def floor_seconds(files: list[str]) -> float:
    """The time a fresh Python takes to load every file with CSafeLoader, start-up excluded."""
    done = subprocess.run(
        [sys.executable, "-c", FLOOR, *files],
        check=True,
        capture_output=True,
        text=True,
        env=ENVIRONMENT,
    )
    return float(done.stdout)


def cli_seconds(folder: Path, jobs: int) -> float:
    """Wall-clock time of ``socialmaturity score FOLDER --format jsonl --jobs JOBS``."""
    command = [*CLI, "score", str(folder)]
    start = time.perf_counter()
    subprocess.run(
        [*command, "--format", "jsonl", "--jobs", str(jobs)],
        check=True,
        stdout=subprocess.DEVNULL,
        env=ENVIRONMENT,
    )
    return time.perf_counter() - start


def main() -> None:
    """Generate, then time the floor and each way of scoring, alternating, ROUNDS times."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "responses"
        generate(folder, count, "social-maturity", 7)
        files = sorted(str(path) for path in folder.glob("*.yaml"))
        times: dict[str, list[float]] = {"floor": [], "jobs 1": [], "jobs 2": []}
        for _ in range(rounds):
            times["floor"].append(floor_seconds(files))
            times["jobs 1"].append(cli_seconds(folder, 1))
            times["jobs 2"].append(cli_seconds(folder, 2))
        floor = statistics.median(times["floor"])
        print(f"{count:,} files, median of {rounds} rounds")
        print(f"{'CSafeLoader load (floor)':<34} {floor:6.2f} s  {count / floor:7.0f} files/s")
        for label, goal in (("jobs 1", "goal 1.0x, moonshot 0.7x"), ("jobs 2", "goal 0.6x")):
            taken = statistics.median(times[label])
            print(
                f"{'score --format jsonl --' + label:<34} {taken:6.2f} s  "
                f"{count / taken:7.0f} files/s  {taken / floor:5.2f}x the floor ({goal})"
            )


if __name__ == "__main__":
    main()

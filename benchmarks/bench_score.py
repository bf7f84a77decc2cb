"""Batch scoring against the floor of just parsing the same YAML files, paired in one run.

    python benchmarks/bench_score.py [N] [ROUNDS]

Generates N responses (default 5000) of the bundled questionnaire in a temporary folder. Each
round times, one after the other so all see the same machine load: the floor (a fresh Python
loading every file with PyYAML's ``CSafeLoader``; only its loop is timed, not its start-up),
``socialmaturity score --format jsonl`` with ``--jobs 1`` and with ``--jobs 2`` (wall-clock time,
start-up included). Prints the median times, and the median of each round's ratio to the floor
with the range the rounds spanned (this machine's speed drifts between rounds, so ratios within
a round are the fairer comparison). The CPU seconds beside them (user and system time of the
process and its workers; for the floor, of its loop) move less with other machines' load.
Goals (issue "Performance"): at most 1.0x with one job (moonshot 0.7x), at most 0.6x with two;
output byte-identical. The tool runs as installed (see ``installed.py``).
"""

from __future__ import annotations

import resource
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
start, cpu = time.perf_counter(), time.process_time()
for path in files:
    with open(path, encoding="utf-8") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
print(time.perf_counter() - start, time.process_time() - cpu)
"""


def floor_seconds(files: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds a fresh Python takes to load every file with CSafeLoader.

    Only the loop is timed, not the start-up.
    """
    done = subprocess.run(
        [sys.executable, "-c", FLOOR, *files],
        check=True,
        capture_output=True,
        text=True,
        env=ENVIRONMENT,
    )
    wall, cpu = done.stdout.split()
    return float(wall), float(cpu)


def cli_seconds(folder: Path, jobs: int) -> tuple[float, float]:
    """Wall and CPU seconds of ``socialmaturity score FOLDER --format jsonl --jobs JOBS``."""
    command = [*CLI, "score", str(folder)]
    before = _children_cpu()
    start = time.perf_counter()
    subprocess.run(
        [*command, "--format", "jsonl", "--jobs", str(jobs)],
        check=True,
        stdout=subprocess.DEVNULL,
        env=ENVIRONMENT,
    )
    return time.perf_counter() - start, _children_cpu() - before


def _children_cpu() -> float:
    """User and system seconds of every finished child process (and its children) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    """Generate, then time the floor and each way of scoring, alternating, ROUNDS times."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "responses"
        generate(folder, count, "social-maturity", 7)
        files = sorted(str(path) for path in folder.glob("*.yaml"))
        runs: dict[str, list[tuple[float, float]]] = {"floor": [], "jobs 1": [], "jobs 2": []}
        for _ in range(rounds):
            runs["floor"].append(floor_seconds(files))
            runs["jobs 1"].append(cli_seconds(folder, 1))
            runs["jobs 2"].append(cli_seconds(folder, 2))
        floor = statistics.median(wall for wall, _ in runs["floor"])
        floor_cpu = statistics.median(cpu for _, cpu in runs["floor"])
        print(f"{count:,} files, {rounds} rounds (medians; each round runs the three in turn)")
        print(
            f"{'CSafeLoader load (floor)':<31} {floor:5.2f} s {count / floor:6.0f} files/s"
            f"   cpu {floor_cpu:5.2f} s"
        )
        for label, goal in (("jobs 1", "goal 1.0x, moonshot 0.7x"), ("jobs 2", "goal 0.6x")):
            taken = statistics.median(wall for wall, _ in runs[label])
            cpu = statistics.median(cpu for _, cpu in runs[label])
            ratios = sorted(
                wall / base for (wall, _), (base, _) in zip(runs[label], runs["floor"], strict=True)
            )
            name = f"score --format jsonl --{label}"
            print(
                f"{name:<31} {taken:5.2f} s {count / taken:6.0f} files/s"
                f"   cpu {cpu:5.2f} s   {statistics.median(ratios):4.2f}x the floor"
                f" (rounds {ratios[0]:.2f}x to {ratios[-1]:.2f}x; {goal})"
            )


if __name__ == "__main__":
    main()

"""Time batch scoring against the floor of just parsing the same YAML files.

    python benchmarks/bench_score.py [N]

Generates N responses (default 2000) in a temporary folder, then times: libyaml parsing alone
(the floor), the library scoring every file, and ``socialmaturity score`` in each format with
--jobs 1 and --jobs 0. Prints seconds and files per second.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from socialmaturity.commands.batch import expand_paths, score_files

sys.path.insert(0, str(Path(__file__).parent))
from generate_responses import generate


def timed(label: str, count: int, action: object) -> float:
    """Run ``action`` once and print its time and rate."""
    start = time.perf_counter()
    action()  # type: ignore[operator]
    seconds = time.perf_counter() - start
    print(f"{label:<40} {seconds:8.3f} s  {count / seconds:10.0f} files/s")
    return seconds


def main() -> None:
    """Generate, then time each way of reading the batch."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "responses"
        generate(folder, count, "social-maturity", 7)
        files = list(expand_paths([str(folder)]))

        def parse_only() -> None:
            for path in files:
                with open(path, encoding="utf-8") as handle:
                    yaml.load(handle, Loader=yaml.CSafeLoader)

        def score_library() -> None:
            for outcome in score_files(files):
                assert outcome.record is not None

        floor = timed("yaml.CSafeLoader parse only (floor)", count, parse_only)
        library = timed("library score_files, 1 job", count, score_library)
        print(f"{'':<40} library / floor = {library / floor:.2f}x")
        for fmt in ("jsonl", "csv", "json", "table"):
            for jobs in ("1", "0"):
                command = [
                    sys.executable,
                    "-m",
                    "socialmaturity",
                    "score",
                    str(folder),
                    "--format",
                    fmt,
                    "--jobs",
                    jobs,
                ]
                taken = timed(
                    f"cli score --format {fmt} --jobs {jobs}",
                    count,
                    lambda command=command: subprocess.run(  # type: ignore[misc]
                        command, check=True, stdout=subprocess.DEVNULL
                    ),
                )
                print(f"{'':<40} / floor = {taken / floor:.2f}x")


if __name__ == "__main__":
    main()

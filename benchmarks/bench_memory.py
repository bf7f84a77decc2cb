"""Peak memory of ``score`` in every format, for a batch and one ten times its size.

    python benchmarks/bench_memory.py [N]

Generates N (default 1000) and 10 x N responses, runs ``socialmaturity score`` over each in every
format, to stdout and to a file with ``-o`` (xlsx only to a file), and prints each run's peak
resident memory and the ratio between the two sizes. Goal (issue "Performance"): memory flat in
the batch size, at most 1.2x.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate_responses import generate
from installed import CLI, ENVIRONMENT

#: Runs one command and prints the peak resident memory of that child alone, in KiB.
PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_mib(folder: Path, fmt: str, out: Path | None) -> float:
    """Peak resident memory of ``score FOLDER`` in one format (into a file in ``out``), in MiB."""
    command = [*CLI, "score", str(folder), "--format", fmt]
    if out is not None:
        command += ["-o", str(out / f"scores.{fmt}"), "--force"]
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *command],
        check=True,
        capture_output=True,
        text=True,
        env=ENVIRONMENT,
    )
    return int(done.stdout) / 1024


def main() -> None:
    """Generate both batches, then measure every format on each."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "small", Path(tmp) / "large"
        generate(small, count, "social-maturity", 7)
        generate(large, 10 * count, "social-maturity", 7)
        print(f"{'format':<11} {count:>7,} files {10 * count:>8,} files   ratio (goal <= 1.2x)")
        for fmt in ("table", "json", "jsonl", "csv", "xlsx"):
            for out in (None, Path(tmp)) if fmt != "xlsx" else (Path(tmp),):
                few, many = peak_mib(small, fmt, out), peak_mib(large, fmt, out)
                label = fmt if out is None else f"{fmt} -o"
                print(f"{label:<11} {few:9.1f} MiB {many:9.1f} MiB   {many / few:5.2f}x")


if __name__ == "__main__":
    main()

"""Peak memory of ``score``, ``score --by organization`` and ``trend``, at N and 10 x N files.

    python benchmarks/bench_memory.py [N] [--only=scores|organizations]

Generates N (default 1000) and 10 x N responses, runs ``socialmaturity score`` over each in every
format, to stdout and to a file with ``-o`` (xlsx only to a file), and prints each run's peak
resident memory and the ratio between the two sizes. Then the organization views, over corpora
of 50 organizations assessed in 4 rounds (``generate_organizations.py``: N / 200 respondents a
round, their files spread over the batch): ``score --by organization`` in every format and
``trend --format json``; then both over ``score``'s own corpora (500 organizations, each with
files of several dates, so about as many assessments as files). Goal (issue "Performance"):
memory flat in the batch size, at most 1.2x. The organization views must keep something of every
file until all are read (a round closes only then), so theirs grows a little: a few hundred
bytes a file.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate_organizations import generate_organizations
from generate_responses import generate
from installed import CLI, peak


def peak_mib(
    folder: Path, fmt: str, out: Path | None, command_line: tuple[str, ...] = ("score",)
) -> float:
    """Peak resident memory of ``score FOLDER`` in one format (into a file in ``out``), in MiB.

    ``command_line`` is the command and its options before the folder.
    """
    command = [*CLI, *command_line, str(folder), "--format", fmt]
    if out is not None:
        command += ["-o", str(out / f"scores.{fmt}"), "--force"]
    return peak(command)[2]


def plain_corpora(tmp: Path, count: int) -> tuple[Path, Path]:
    """N and 10 x N responses of ``generate_responses.py`` (500 organizations, 7 dates)."""
    small, large = tmp / "small", tmp / "large"
    if not small.exists():
        generate(small, count, "social-maturity", 7)
        generate(large, 10 * count, "social-maturity", 7)
    return small, large


def scores(tmp: Path, count: int) -> None:
    """``score`` of one respondent's files, in every format."""
    small, large = plain_corpora(tmp, count)
    print(f"{'score':<26} {count:>7,} files {10 * count:>8,} files   ratio (goal <= 1.2x)")
    for fmt in ("table", "json", "jsonl", "csv", "xlsx"):
        for out in (None, tmp) if fmt != "xlsx" else (tmp,):
            few, many = peak_mib(small, fmt, out), peak_mib(large, fmt, out)
            label = fmt if out is None else f"{fmt} -o"
            print(f"{label:<26} {few:9.1f} MiB {many:9.1f} MiB   {many / few:5.2f}x")


def organizations(tmp: Path, count: int) -> None:
    """``score --by organization`` in every format and ``trend --format json``."""
    small, large = tmp / "organizations-small", tmp / "organizations-large"
    generate_organizations(small, count, organizations=50, rounds=4)
    generate_organizations(large, 10 * count, organizations=50, rounds=4)
    print(f"{'organization views':<26} {count:>7,} files {10 * count:>8,} files   ratio")
    by = ("score", "--by", "organization")
    runs: list[tuple[str, tuple[str, ...], str, Path | None]] = [
        ("trend json", ("trend",), "json", None),
        *((f"score --by org {fmt}", by, fmt, None) for fmt in ("table", "json", "jsonl", "csv")),
        ("score --by org xlsx -o", by, "xlsx", tmp),
    ]
    for label, command, fmt, out in runs:
        few = peak_mib(small, fmt, out, command)
        many = peak_mib(large, fmt, out, command)
        print(f"{label:<26} {few:9.1f} MiB {many:9.1f} MiB   {many / few:5.2f}x")
    # As many assessments as files: an organization's files of other dates are other rounds.
    small, large = plain_corpora(tmp, count)
    for label, command, fmt in (
        ("trend json, 500 orgs", ("trend",), "json"),
        ("score --by org json, 500", by, "json"),
    ):
        few = peak_mib(small, fmt, None, command)
        many = peak_mib(large, fmt, None, command)
        print(f"{label:<26} {few:9.1f} MiB {many:9.1f} MiB   {many / few:5.2f}x")


def main() -> None:
    """Generate the batches, then measure every format on each."""
    args = [arg for arg in sys.argv[1:] if not arg.startswith("--only")]
    only = next((arg.split("=", 1)[1] for arg in sys.argv[1:] if arg.startswith("--only=")), "")
    count = int(args[0]) if args else 1000
    with tempfile.TemporaryDirectory() as tmp:
        if only in ("", "scores"):
            scores(Path(tmp), count)
        if only in ("", "organizations"):
            organizations(Path(tmp), count)


if __name__ == "__main__":
    main()

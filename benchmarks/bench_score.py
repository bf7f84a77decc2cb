"""Batch scoring against the floor of just parsing the same YAML files, in every style, paired.

    python benchmarks/bench_score.py [N] [ROUNDS] [--styles dumper,flow,template]

Generates N responses (default 5000) of the bundled questionnaire in each style of
``generate_responses.py`` (the same answers written by PyYAML's default dumper, as flow lists,
and in the layout ``template`` and ``assess`` write, comments and all), in a temporary folder.
Each round times, for each style in turn so all see the same machine load: the floor (a fresh
Python loading every file with PyYAML's ``CSafeLoader``; only its loop is timed, not its
start-up), then ``socialmaturity score --format jsonl`` with ``--jobs 1`` and with ``--jobs 2``
(wall-clock time, start-up included), and the same of the style's first file alone, which is
what any run costs before its first file. Prints, per style, the median times and the median of
each round's ratio to that round's floor, with the range the rounds spanned (this machine's
speed drifts between rounds, so ratios within a round are the fairer comparison). The CPU
seconds beside them (user and system time of the process and its workers; for the floor, of its
loop) move less with other machines' load. Goals (issue "Performance"): at most 1.0x with one
job and at most 0.6x with two, in every style. The tool runs as installed (see ``installed.py``).

``--against REVISION`` also scores each style with one job by the working tree's code and by that
revision's (``baseline.py``; both as ``python -m socialmaturity``), in the same rounds, and prints
their paired ratio and whether both wrote the same JSON lines.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from baseline import Code, revision, working_tree
from generate_responses import STYLES, generate
from installed import CLI, ENVIRONMENT, measure

FLOOR = """
import sys, time, yaml
files = sys.argv[1:]
start, cpu = time.perf_counter(), time.process_time()
for path in files:
    with open(path, encoding="utf-8") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
print(time.perf_counter() - start, time.process_time() - cpu)
"""
#: The goal of each way of scoring, as a ratio to the floor.
GOALS = {"jobs 1": 1.0, "jobs 2": 0.6}


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


def cli_seconds(
    folder: Path, jobs: int, code: Code | None = None, out: Path | None = None
) -> tuple[float, float]:
    """Wall and CPU seconds of ``socialmaturity score FOLDER --format jsonl --jobs JOBS``.

    As installed, or as ``code`` (a revision's, or the working tree's, from ``baseline.py``);
    the JSON lines go to ``out`` when given.
    """
    command, environment = (CLI, ENVIRONMENT) if code is None else (code.command, code.environment)
    arguments = ["score", str(folder), "--format", "jsonl", "--jobs", str(jobs)]
    with open(out or os.devnull, "wb") as sink:
        return measure([*command, *arguments], environment, sink)


Runs = dict[str, list[tuple[float, float]]]


def time_rounds(
    folders: dict[str, Path], rounds: int, against: tuple[Code, Code] | None = None
) -> dict[str, Runs]:
    """Per style, the floor and each way of scoring: (wall, cpu) of every round.

    With ``against`` (the working tree's code and a revision's), both also score with one job,
    run the same way, in the same rounds.
    """
    files = {
        style: sorted(str(path) for path in folder.glob("*.yaml"))
        for style, folder in folders.items()
    }
    runs: dict[str, Runs] = {
        style: {"floor": [], "one file": [], "jobs 1": [], "jobs 2": []} for style in folders
    }
    for number in range(rounds):
        print(f"round {number + 1} of {rounds}", file=sys.stderr)
        for style, folder in folders.items():
            runs[style]["floor"].append(floor_seconds(files[style]))
            runs[style]["one file"].append(cli_seconds(Path(files[style][0]), 1))
            runs[style]["jobs 1"].append(cli_seconds(folder, 1))
            runs[style]["jobs 2"].append(cli_seconds(folder, 2))
            if against is not None:
                new, old = against
                runs[style].setdefault("new", []).append(cli_seconds(folder, 1, new))
                runs[style].setdefault("old", []).append(cli_seconds(folder, 1, old))
    return runs


def same_output(folder: Path, new: Code, old: Code) -> bool:
    """Whether both codes write the same JSON lines for the files of ``folder``."""
    with tempfile.TemporaryDirectory() as tmp:
        mine, theirs = Path(tmp) / "new.jsonl", Path(tmp) / "old.jsonl"
        cli_seconds(folder, 1, new, mine)
        cli_seconds(folder, 1, old, theirs)
        return mine.read_bytes() == theirs.read_bytes()


def report_against(style: str, runs: Runs, old: str, same: bool) -> None:
    """Print the working tree's ``--jobs 1`` against the revision's, paired round by round."""
    for index, kind in ((0, "wall"), (1, "cpu")):
        ratios = sorted(
            new[index] / base[index] for new, base in zip(runs["new"], runs["old"], strict=True)
        )
        print(
            f"  --jobs 1 against {old} ({kind}):  {statistics.median(ratios):4.2f}x"
            f" (rounds {ratios[0]:.2f}x to {ratios[-1]:.2f}x)"
        )
    print(f"  the same JSON lines as {old}: {'yes' if same else 'NO'}")


def report(style: str, count: int, runs: Runs) -> None:
    """Print one style's medians, and each way of scoring as a ratio to the floor."""
    floor = statistics.median(wall for wall, _ in runs["floor"])
    floor_cpu = statistics.median(cpu for _, cpu in runs["floor"])
    print(f"{style}:")
    print(
        f"  {'CSafeLoader load (floor)':<31} {floor:5.2f} s {count / floor:6.0f} files/s"
        f"   cpu {floor_cpu:5.2f} s"
    )
    for label, goal in GOALS.items():
        taken = statistics.median(wall for wall, _ in runs[label])
        cpu = statistics.median(cpu for _, cpu in runs[label])
        ratios = sorted(
            wall / base for (wall, _), (base, _) in zip(runs[label], runs["floor"], strict=True)
        )
        name = f"score --format jsonl --{label}"
        print(
            f"  {name:<31} {taken:5.2f} s {count / taken:6.0f} files/s"
            f"   cpu {cpu:5.2f} s   {statistics.median(ratios):4.2f}x the floor"
            f" (rounds {ratios[0]:.2f}x to {ratios[-1]:.2f}x; goal {goal}x)"
        )
    # Where one job's time goes: what any run costs before its first file, then each file.
    start = statistics.median(wall for wall, _ in runs["one file"])
    each = (statistics.median(wall for wall, _ in runs["jobs 1"]) - start) / max(count - 1, 1)
    print(
        f"    {'start-up (one file)':<29} {start:5.2f} s = {start / floor:4.2f}x the floor;"
        f" then {each * 1e6:4.0f} us a file, the floor's {floor / count * 1e6:4.0f} us"
        f" ({each * count / floor:4.2f}x)"
    )


def main() -> None:
    """Generate every style, then time the floor and each way of scoring, ROUNDS times."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int, nargs="?", default=5000)
    parser.add_argument("rounds", type=int, nargs="?", default=5)
    parser.add_argument("--styles", default=",".join(STYLES))
    parser.add_argument("--against", metavar="REVISION", help="pair --jobs 1 with a revision's")
    args = parser.parse_args()
    styles = [style for style in args.styles.split(",") if style]
    with tempfile.TemporaryDirectory() as tmp:
        folders = {style: Path(tmp) / style for style in styles}
        for style, folder in folders.items():
            print(f"writing {args.count:,} files: {style}", file=sys.stderr)
            generate(folder, args.count, "social-maturity", 7, style)
        with ExitStack() as stack:
            against = None
            if args.against:
                against = (working_tree(), stack.enter_context(revision(args.against)))
            runs = time_rounds(folders, args.rounds, against)
            print(
                f"{args.count:,} files per style, {args.rounds} rounds"
                " (medians; paired in each round)"
            )
            for style in styles:
                report(style, args.count, runs[style])
                if against is not None:
                    same = same_output(folders[style], *against)
                    report_against(style, runs[style], against[1].name, same)


if __name__ == "__main__":
    main()

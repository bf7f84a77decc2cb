"""Time ``validate``, ``lint`` and ``report`` on a big questionnaire and on one ten times bigger.

    python benchmarks/bench_size.py [QUESTIONS ...] [--dimensions D] [--rounds R] [--keep DIR]
                                    [--only COMMAND] [--against REVISION]

Generates a questionnaire for each size (default 3,500 and 35,000 questions): ``D`` dimensions
(default 10) that share the questions, five anchored levels, single questions with caps on their
lowest options, some multi and scale questions, one recommendation for every five questions
(addressing them, towards levels 2 to 5, with owners, one ``appoints`` per dimension and
``after`` into the previous dimension), and a response that answers every question. Questions
are written one a line (flow style), as 35,000 of them must fit the 10 MB a file may have.

Then runs the tool as installed (``installed.py``) in paired rounds: each round runs every size
once (and, with ``--against REVISION``, that revision's code too, extracted by ``baseline.py``),
so they see the same load. The commands: ``validate`` of the
questionnaire and of the response, ``lint``, and ``report`` of the response in md, html and
json. Prints each command's median time and spread, each round's ratio of the largest size to
the first (median and range), the peak resident memory, and the goals (issue "Performance"):
``validate`` of 3,500 questions within 2 s; ten times the questions within twelve times the
time for ``validate``, ``lint`` and ``report``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from baseline import Code, revision, working_tree
from installed import CLI, ENVIRONMENT, peak

LEVELS = 5
#: Questions per recommendation: each recommendation addresses a block of this many questions.
BLOCK = 5
VALIDATE_GOAL = 2.0
RATIO_GOAL = 12.0


def questionnaire(questions: int, dimensions: int, seed: int = 35) -> str:
    """A questionnaire of ``questions`` questions over ``dimensions`` dimensions, as YAML text."""
    rng = random.Random(seed)
    lines = [
        "id: big-model",
        'version: "1.0.0"',
        "title: A big maturity model",
        "description: Generated for benchmarks/bench_size.py.",
        "levels:",
    ]
    names = ["Experimenting", "Emerging", "Coordinated", "Integrated", "Social business"]
    for level, name in enumerate(names, 1):
        lines += [
            f"  - level: {level}",
            f"    name: {name}",
            f"    min_score: {20 * (level - 1)}",
            f"    description: What level {level} looks like across the business.",
        ]
    lines.append("dimensions:")
    per = [questions // dimensions + (d < questions % dimensions) for d in range(dimensions)]
    previous: list[tuple[str, int]] = []  # the previous dimension's recommendations
    for d, count in enumerate(per):
        lines += [
            f"  - id: dim{d}",
            f"    name: Dimension {d}",
            f"    weight: {rng.choice([1, 1, 2, 0.5])}",
            f"    description: The part of the business that dimension {d} looks at.",
            "    level_descriptions:",
            *(f"      {n}: Typically, dimension {d} at level {n}." for n in range(1, LEVELS + 1)),
            "    questions:",
        ]
        singles: list[str] = []
        for n in range(count):
            qid = f"d{d}_q{n}"
            head = f"      - {{id: {qid}, text: 'Question {n} of dimension {d}'"
            if n % 11 == 10:
                lines.append(f"{head}, kind: scale, min: 0, max: 4, labels: {{0: No, 4: All}}}}")
                continue
            if n % 7 == 6:
                options = ", ".join(
                    f"{{value: o{k}, label: C{k}, points: {k % 3}}}" for k in range(4)
                )
                lines.append(f"{head}, kind: multi, options: [{options}]}}")
                continue
            singles.append(qid)
            extra = f", weight: {rng.choice([1, 1, 1, 2, 0.5, 0])}"
            extra += ", allow_na: true" if n % 13 == 0 else ""
            extra += ", help: Ask for the evidence" if n % 5 == 0 else ""
            options = ", ".join(
                f"{{value: a{k}, label: A{k}, points: {k}, level: {2 * k + 1}"
                + (", cap: 2}" if k == 0 and n % 10 == 0 else "}")
                for k in range(3)
            )
            lines.append(f"{head}{extra}, options: [{options}]}}")
        lines.append("    recommendations:")
        mine: list[tuple[str, int]] = []
        blocks = [singles[i : i + BLOCK] for i in range(0, len(singles), BLOCK)]
        blocks = blocks or [[]]
        while len(blocks) < LEVELS - 1:
            blocks.append([])
        for r, block in enumerate(blocks):
            rid = f"d{d}_r{r}"
            level = 2 + r % (LEVELS - 1)
            lines += [
                f"      - id: {rid}",
                f"        level: {level}",
                f"        title: Step {r} of dimension {d}",
                "        detail: What to do, and why it moves the dimension up.",
                f"        effort: {rng.choice(['low', 'medium', 'high'])}",
                "        horizon: 3-6 months",
                f"        kpis: [kpi {r % 7} of dimension {d}]",
                "        done: The step's outcome can be checked.",
            ]
            if r == 0:
                lines += ["        owner: CEO", f"        appoints: Head of dimension {d}"]
            else:
                lines.append(f"        owner: {'Head of dimension ' + str(d) if r % 3 else 'CMO'}")
            if block:
                lines.append(f"        addresses: [{', '.join(block)}]")
            lower = [rec for rec, rec_level in previous if rec_level < level]
            if lower and r % 4 == 1:
                lines.append(f"        after: [{rng.choice(lower)}]")
            mine.append((rid, level))
        previous = mine
    return "\n".join(lines) + "\n"


def response(text: str, seed: int = 35) -> str:
    """A response answering every question of the questionnaire ``text``, as YAML text."""
    rng = random.Random(seed)
    lines = [
        "questionnaire: big-model",
        'questionnaire_version: "1.0.0"',
        "organization: Big Co",
        "respondent: Pat Doe",
        "role: CMO",
        "date: 2026-11-20",
        "answers:",
    ]
    for line in text.splitlines():
        if line.startswith("      - {id: "):
            qid = line.removeprefix("      - {id: ").partition(",")[0]
            kind = "scale" if "kind: scale" in line else "multi" if "kind: multi" in line else ""
            lines.append(_answer(qid, kind or "single", rng))
    return "\n".join(lines) + "\n"


def _answer(qid: str, kind: str, rng: random.Random) -> str:
    if kind == "scale":
        return f"  {qid}: {rng.randint(0, 4)}"
    if kind == "multi":
        return f"  {qid}: [{', '.join(f'o{k}' for k in range(4) if rng.random() < 0.5)}]"
    value = rng.choices(["a0", "a1", "a2"], [3, 5, 2])[0]
    if rng.random() < 0.1:
        evidence = rng.choice(["seen", "claimed"])
        note = "note: Shown in the review."
        return f"  {qid}:\n    value: {value}\n    {note}\n    evidence: {evidence}"
    return f"  {qid}: {value}"


def commands(q: Path, r: Path) -> dict[str, list[str]]:
    """The timed commands, by name."""
    report = ["report", str(r), "-q", str(q), "--format"]
    return {
        "validate": ["validate", str(q)],
        "validate response": ["validate", str(r), "-q", str(q)],
        "lint": ["lint", str(q)],
        "report md": [*report, "md"],
        "report html": [*report, "html"],
        "report json": [*report, "json"],
    }


def run(arguments: Sequence[str], code: Code | None = None) -> tuple[float, float]:
    """Seconds and peak MiB of one run of the tool (lint exits 1 on findings; both are fine).

    As installed, or as ``code`` (a revision's or the working tree's, from ``baseline.py``).
    """
    command, environment = (CLI, ENVIRONMENT) if code is None else (code.command, code.environment)
    allowed = (0, 1) if arguments[0] == "lint" else (0,)
    _, seconds, mib = peak([*command, *arguments], environment, allowed)
    return seconds, mib


#: Each command's seconds per round, and its peak MiB, by (command, size).
Times = dict[tuple[str, int], list[float]]
Peaks = dict[tuple[str, int], float]


def main() -> None:
    """Generate each size, then time every command in paired rounds and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[3500, 35000], help="questions")
    parser.add_argument("--dimensions", type=int, default=10, help="dimensions (default 10)")
    parser.add_argument("--rounds", type=int, default=3, help="paired rounds (default 3)")
    parser.add_argument("--keep", type=Path, help="write the generated files into this folder")
    parser.add_argument("--only", action="append", help="time only this command (repeatable)")
    parser.add_argument("--against", help="a revision whose code is timed in the same rounds")
    options = parser.parse_args()
    with ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory())
        old = stack.enter_context(revision(options.against)) if options.against else None
        folder = options.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        cases = {}
        for size in options.sizes:
            text = questionnaire(size, options.dimensions)
            q, r = folder / f"q{size}.yaml", folder / f"r{size}.yaml"
            q.write_text(text, encoding="utf-8")
            r.write_text(response(text), encoding="utf-8")
            cases[size] = commands(q, r)
        names = [n for n in cases[options.sizes[0]] if not options.only or n in options.only]
        # paired with a revision, this checkout runs the same way: python -m, from its src
        sources = [working_tree(), old] if old else [None]
        times: dict[Code | None, Times] = {}
        peaks: dict[Code | None, Peaks] = {}
        for source in sources:
            times[source] = {(n, s): [] for n in names for s in options.sizes}
            peaks[source] = dict.fromkeys(times[source], 0.0)
        for _ in range(options.rounds):
            for name in names:
                for size in options.sizes:
                    for source in sources:
                        seconds, mib = run(cases[size][name], source)
                        times[source][name, size].append(seconds)
                        peaks[source][name, size] = max(peaks[source][name, size], mib)
        for source in sources:
            print(f"== {source.name if source else 'this checkout, as installed'}")
            report(names, options.sizes, times[source], peaks[source])
        if old:
            print(f"== this checkout against {old.name} (median of each round's ratio)")
            for name in names:
                cells = ""
                for size in options.sizes:
                    pairs = zip(times[sources[0]][name, size], times[old][name, size], strict=True)
                    ratios = [mine / theirs for mine, theirs in pairs]
                    cells += f"  {size:,}: {statistics.median(ratios):.2f}x"
                    cells += f" ({min(ratios):.2f}-{max(ratios):.2f})"
                print(f"{name:<18}{cells}")


def report(names: Sequence[str], sizes: Sequence[int], times: Times, peaks: Peaks) -> None:
    """Print medians, spreads, the paired ratios and peak memory, against the goals."""
    first, last = sizes[0], sizes[-1]
    header = "".join(f"{f'{s:,} questions':>30}" for s in sizes)
    print(f"{'command':<18}{header}   ratio {last:,}/{first:,} (median, range)")
    for name in names:
        cells = ""
        for size in sizes:
            seconds = times[name, size]
            spread = f"{min(seconds):.2f}-{max(seconds):.2f}"
            cell = f"{statistics.median(seconds):.2f} s ({spread}) {peaks[name, size]:.0f} MiB"
            cells += f"{cell:>30}"
        ratios = [b / a for a, b in zip(times[name, first], times[name, last], strict=True)]
        ratio = f"{statistics.median(ratios):5.2f}x ({min(ratios):.2f}-{max(ratios):.2f})"
        print(f"{name:<18}{cells}   {ratio if last != first else ''}")
    if ("validate", 3500) in times:
        median = statistics.median(times["validate", 3500])
        verdict = "ok" if median <= VALIDATE_GOAL else "NOT MET"
        goal = f"validate of 3,500 questions <= {VALIDATE_GOAL:.0f} s"
        print(f"goal: {goal}: {median:.2f} s, {verdict}")
    if last == 10 * first:
        for name in names:
            ratios = [b / a for a, b in zip(times[name, first], times[name, last], strict=True)]
            verdict = "ok" if statistics.median(ratios) <= RATIO_GOAL else "NOT MET"
            print(f"goal: {name}, 10x the questions <= {RATIO_GOAL:.0f}x the time: {verdict}")


if __name__ == "__main__":
    main()

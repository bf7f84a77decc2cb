"""Start-up and single-document times, each as a ratio to its reference, paired in one run.

    python benchmarks/bench_startup.py [ROUNDS]

Runs each command ROUNDS times (default 15), interleaved with the reference so both see the
same machine load, and prints the median times and their ratio. Goals: --version at most 0.5x
`import typer`, --help at most 1.3x; score of one file at most 1.5x the stack's own floor,
`import typer, pydantic, yaml` (reading a questionnaire needs all three: it is read and validated
at every run); report --format html of the demo at most 0.3 s.

The tool runs as installed (see ``installed.py``). Each line shows the ratio of wall-clock
times and of CPU times (user and system, which move less when other work shares the machine).
``score`` of one file is also compared with ``import typer, yaml; from pydantic import
BaseModel``: ``import pydantic`` alone loads its models lazily, so the stack's floor leaves out
about 20 ms that any program with one pydantic model pays. A last pair times a program that
defines one pydantic model of one field and validates one mapping with it, against the stack's
floor: what any program that validates anything with pydantic pays at every run (its schema
machinery, its search of the installed packages for plugins, a validator built), which alone
is about 1.6x that floor; ``score`` is compared with it too.

One more line times Typer's own floor for ``score``: a command with the same kinds of options
that returns at once, what any Typer command line pays before its first line of work. (Typer 0.29
builds a pydantic validator for each option, which put this floor at about 2.4x; the tool keeps
Typer below 0.29, see ``pyproject.toml``.)
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from installed import CLI, DEMO, measure

REFERENCE = [sys.executable, "-c", "import typer"]
#: The stack's floor: what any command that reads a questionnaire imports.
STACK = [sys.executable, "-c", "import typer, pydantic, yaml"]
#: The same with pydantic's models imported: ``import pydantic`` alone imports them lazily, so
#: the floor above leaves out what any program with one pydantic model pays (about 20 ms).
MODELS = [sys.executable, "-c", "import typer, yaml; from pydantic import BaseModel"]
#: The floor with one pydantic model of one field, defined and used once.
ONE_MODEL = [
    sys.executable,
    "-c",
    "import typer, yaml\nfrom pydantic import BaseModel\nclass M(BaseModel):\n    x: int\n"
    "M.model_validate({'x': 1})",
]
#: A Typer command with the kinds of parameters ``score`` has, doing nothing.
TYPER_FLOOR = """
import enum, pathlib, typing
import typer
Kind = enum.Enum("Kind", {"a": "a", "b": "b"})
app = typer.Typer()
@app.command()
def score(
    paths: list[pathlib.Path],
    questionnaire: typing.Optional[str] = None,
    output_format: typing.Annotated[typing.Optional[Kind], typer.Option("--format")] = None,
    strict: bool = False,
    jobs: typing.Annotated[int, typer.Option(min=0, max=1024)] = 1,
    by: typing.Optional[Kind] = None,
    window: int = 31,
    output: typing.Optional[pathlib.Path] = None,
    force: bool = False,
) -> None:
    pass
@app.command()
def other() -> None:
    pass
app()
"""
#: Each timed command, and the reference it is compared with.
COMMANDS = {
    "--version": ([*CLI, "--version"], REFERENCE),
    "--help": ([*CLI, "--help"], REFERENCE),
    "score one file": ([*CLI, "score", str(DEMO), "--format", "jsonl"], STACK),
    "  against BaseModel": ([*CLI, "score", str(DEMO), "--format", "jsonl"], MODELS),
    "  against one model validated": ([*CLI, "score", str(DEMO), "--format", "jsonl"], ONE_MODEL),
    "  Typer's floor for it": ([sys.executable, "-c", TYPER_FLOOR, "score", str(DEMO)], REFERENCE),
    "one model validated": (ONE_MODEL, STACK),
    "report --format html": ([*CLI, "report", str(DEMO), "--format", "html"], STACK),
}


def main() -> None:
    """Time each command against the reference, alternating runs."""
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    for command, reference in COMMANDS.values():
        measure(command)  # once untimed, so Python has cached the compiled modules
        measure(reference)
    for label, (command, reference) in COMMANDS.items():
        ours, theirs = [], []
        for _ in range(rounds):
            theirs.append(measure(reference))
            ours.append(measure(command))
        mine, base = (statistics.median(wall for wall, _ in runs) for runs in (ours, theirs))
        mine_cpu, base_cpu = (statistics.median(cpu for _, cpu in runs) for runs in (ours, theirs))
        names = {id(STACK): "stack", id(MODELS): "models", id(ONE_MODEL): "one model"}
        name = names.get(id(reference), "typer")
        print(
            f"{label:<30} {mine * 1000:7.1f} ms   {name:>9} {base * 1000:6.1f} ms   "
            f"{mine / base:5.2f}x   cpu {mine_cpu / base_cpu:5.2f}x"
        )


if __name__ == "__main__":
    main()

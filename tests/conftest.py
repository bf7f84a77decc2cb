"""Shared test helpers: write small YAML files inline, run the real command line."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass(frozen=True)
class Run:
    """A finished command: exit status and both streams."""

    code: int
    stdout: str
    stderr: str


def one_bit_changes(original: bytes, count: int, seed: int = 5) -> Iterator[tuple[int, bytes]]:
    """``count`` copies of ``original``, each with one bit flipped, and where it was flipped."""
    rng = random.Random(seed)
    for position in rng.sample(range(len(original)), count):
        damaged = bytearray(original)
        damaged[position] ^= 1 << rng.randrange(8)
        yield position, bytes(damaged)


def write(path: Path, text: str) -> Path:
    """Write dedented text to ``path`` (creating folders) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture(autouse=True, scope="session")
def _questionnaire_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test run keeps its questionnaire cache in a folder of its own, not in ~/.cache."""
    os.environ["SOCIALMATURITY_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str], Path]:
    """``write_file("name.yaml", text)`` writes a dedented file under tmp_path."""

    def _write(name: str, text: str) -> Path:
        return write(tmp_path / name, text)

    return _write


def run_cli(
    *args: str | Path,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
) -> Run:
    """Run ``python -m socialmaturity`` for real, without a terminal."""
    environment = {k: v for k, v in os.environ.items() if k != "SOCIALMATURITY_PATH"}
    environment.update({"NO_COLOR": "1", "COLUMNS": "120"})
    environment.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "socialmaturity", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        input=stdin if stdin is not None else "",
        timeout=120,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def cli() -> Callable[..., Run]:
    """The real command line as a function: ``cli("score", path, "--format", "json")``."""
    return run_cli

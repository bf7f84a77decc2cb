"""Writing problems (errors and warnings) to stderr, one line each."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TextIO

from socialmaturity.errors import Problem


def print_problems(problems: Iterable[Problem], stream: TextIO | None = None) -> None:
    out = stream or sys.stderr
    for problem in problems:
        out.write(f"{problem}\n")

"""One exception family for everything a user can get wrong.

Every error carries a message, an optional location (file, line, column) and the exit status the
command line should end with, so the CLI can catch the base class alone and never show a
traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from socialmaturity.terminal import visible

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class Location:
    """Where in which file a problem is; line and column count from 1."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.path
        if self.column is None:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One finding about a file: an error or a warning, with where it is."""

    message: str
    location: Location | None = None
    severity: str = "error"

    def __str__(self) -> str:
        """``path:LINE:COL: error: message``, or for a warning ``path: warning: message``.

        SPEC 4 writes warnings with their file only (``lint``'s findings, on stdout, keep theirs).
        """
        where = self.location
        if where is not None and self.severity == "warning":
            where = Location(where.path)
        prefix = f"{where}: " if where is not None else ""
        return visible(f"{prefix}{self.severity}: {self.message}")


class SocialMaturityError(Exception):
    """Base of every error meant for the user; ``problems`` holds one line each."""

    exit_code: int = EXIT_INPUT

    def __init__(
        self,
        message: str,
        location: Location | None = None,
        *,
        problems: Sequence[Problem] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.problems: tuple[Problem, ...] = (
            tuple(problems) if problems else (Problem(message, location),)
        )

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


class InputError(SocialMaturityError):
    """A file is unreadable, malformed or breaks the rules of its format (exit status 1)."""


class UsageError(SocialMaturityError):
    """An option has a value the command cannot use (exit status 2)."""

    exit_code = EXIT_USAGE


def input_errors(problems: Iterable[Problem]) -> InputError:
    """Bundle several problems of one file into a single error, first one as its message."""
    found = tuple(problems)
    first = found[0]
    return InputError(first.message, first.location, problems=found)


def placed(problems: Iterable[Problem], where: Location) -> tuple[Problem, ...]:
    """``problems``, each that has no location put at ``where``: the file they are about."""
    return tuple(
        p if p.location is not None else Problem(p.message, where, p.severity) for p in problems
    )


def print_problems(problems: Iterable[Problem]) -> None:
    """Write problems to stderr, one line each."""
    for problem in problems:
        sys.stderr.write(f"{problem}\n")


def warn(message: str, where: Location | None = None) -> None:
    """Write one warning to stderr."""
    print_problems([Problem(message, where, "warning")])


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the choice closest to a mistyped word, or nothing."""
    import difflib  # only when something is mistyped

    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """``1 file``, ``2 files``: a count with its noun, for the English of stderr messages."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"

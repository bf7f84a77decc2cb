"""Which format an output gets: ``--format``, else the suffix of ``-o`` (SPEC section 4).

One set of rules for ``report``, ``score`` and ``trend``:

- ``--format`` absent and ``-o`` given: the suffix chooses the format (``.md``/``.markdown``,
  ``.html``/``.htm``, ``.pdf``, ``.xlsx``, ``.json``, ``.jsonl``, ``.csv``), where the command
  has that format; a path without a suffix (``/dev/stdout``, a named pipe) gets the command's
  default format; any other suffix is a usage error naming the formats.
- ``--format`` given: a known suffix that names another format is a usage error (``-o r.pdf
  --format md`` would write Markdown into a file called PDF); an unknown suffix is accepted.
- ``pdf`` and ``xlsx`` are binary: they need ``-o``.

The choice is made before anything is read or written, so a refused command writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from socialmaturity.errors import UsageError

#: The suffixes that name a format, whatever the command.
SUFFIXES: dict[str, str] = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".xlsx": "xlsx",
    ".json": "json",
    ".jsonl": "jsonl",
    ".csv": "csv",
}
#: Formats that are not text: never written to a terminal or a pipe by default.
BINARY = frozenset({"pdf", "xlsx"})


def suffix_of(output: str) -> str:
    """The suffix of an output path as the rules read it: lower case, ``""`` when none."""
    return PurePath(output).suffix.lower()


def _suffixes_for(choices: Sequence[str]) -> str:
    return ", ".join(suffix for suffix, fmt in SUFFIXES.items() if fmt in choices)


def choose_format(
    requested: str | None,
    output: str | None,
    *,
    choices: Sequence[str],
    default: str,
) -> str:
    """The format to write, or a :class:`UsageError` (exit status 2) that names the choices.

    ``requested`` is ``--format`` (None when absent), ``output`` is ``-o`` (None for stdout),
    ``choices`` the command's formats and ``default`` the one a path without a suffix gets.
    """
    formats = ", ".join(choices)
    chosen = requested
    if output is not None:
        suffix = suffix_of(output)
        named = SUFFIXES.get(suffix)
        if requested is not None:
            if named is not None and named != requested:
                raise UsageError(
                    f"--format {requested} contradicts the name {output}: '{suffix}' means "
                    f"{named}; name the file for its format, or leave out --format"
                )
        elif named is not None and named in choices:
            chosen = named
        elif suffix == "":
            chosen = default
        else:
            raise UsageError(
                f"cannot tell the format from the name {output}: use a name ending in "
                f"{_suffixes_for(choices)}, or give --format ({formats})"
            )
    if chosen is None:
        chosen = default
    if chosen not in choices:  # library callers; the command line checks --format itself
        raise UsageError(f"--format {chosen}: expected one of {formats}")
    if chosen in BINARY and output is None:
        raise UsageError(
            f"--format {chosen} is a binary format: write it to a file with -o FILE "
            f"(for example -o out.{chosen})"
        )
    return chosen

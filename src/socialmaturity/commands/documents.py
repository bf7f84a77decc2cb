"""A rendered document (a report, a trend) written where the command line says."""

from __future__ import annotations

import sys

from socialmaturity.errors import UsageError


def write_document(content: str | bytes, output: str | None, *, fmt: str, force: bool) -> None:
    """Text to stdout, or ``content`` to ``output`` (``-o``), shown safely on a terminal.

    ``-o -`` and ``/dev/stdout`` that are a terminal get what a terminal may show; a binary
    format always has ``-o`` (the command line asks for it first).
    """
    from socialmaturity.files import is_terminal_output, write_atomic
    from socialmaturity.terminal import for_stream, on_terminal

    if output is None:
        if isinstance(content, bytes):  # not reached: binary formats need -o
            raise UsageError(f"--format {fmt} needs -o FILE")
        sys.stdout.write(for_stream(content, sys.stdout))
        return
    if isinstance(content, str) and is_terminal_output(output):  # -o - or /dev/stdout
        content = on_terminal(content)
    write_atomic(output, content, force=force)
    sys.stderr.write(f"wrote {output}\n")

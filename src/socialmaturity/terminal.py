"""Terminal facts in one place: is a stream a terminal, and a rich console for it.

Colour and progress appear only on a terminal, and never when ``NO_COLOR`` is set (rich honours
that variable itself); output for pipes and files is plain text at a stable width.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console

#: Width of tables written to pipes and files, unless COLUMNS says otherwise.
PIPE_WIDTH = 120
#: A COLUMNS value below this is ignored (0 or a typo would print nothing readable).
MIN_WIDTH = 20


def is_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is an interactive terminal."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def console(stream: TextIO) -> Console:
    """A rich console writing to ``stream``: coloured on a terminal, plain elsewhere."""
    from rich.console import Console

    if is_terminal(stream):
        return Console(file=stream, highlight=False)
    columns = os.environ.get("COLUMNS", "")
    width = int(columns) if columns.isdigit() and int(columns) >= MIN_WIDTH else PIPE_WIDTH
    return Console(
        file=stream,
        width=width,
        color_system=None,
        force_terminal=False,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )

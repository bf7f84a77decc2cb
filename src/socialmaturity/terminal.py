"""Terminal facts in one place: is a stream a terminal, and a rich console for it.

Colour and progress appear only on a terminal, and no colour when ``NO_COLOR`` is set (rich
honours that variable itself; a progress bar is drawn without colour); output for pipes and
files is plain text at a stable width.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TextIO, TypeVar

if TYPE_CHECKING:
    from rich.console import Console

#: The bidirectional marks, embeddings, overrides and isolates: they can reorder the text
#: around them, on a terminal and in a report alike.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

#: Characters that would act on a terminal or reorder text: C0 and C1 controls (line feed,
#: carriage return and tab included), DEL, the bidirectional embeddings, overrides and
#: isolates, and the Unicode line and paragraph separators (a break in some terminals and
#: editors, none in others). They are shown as escapes instead, ``\xNN`` as SPEC 4 writes them.
_INVISIBLE = {code: f"\\x{code:02x}" for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))} | {
    code: f"\\u{code:04x}" for code in map(ord, BIDI_CONTROLS + "\u2028\u2029")
}


#: The name of the codec error handler :func:`escape_unwritable` installs.
ESCAPE_ERRORS = "socialmaturity-escape"


_T = TypeVar("_T")


def escape_unwritable(stream: TextIO) -> None:
    r"""Let a stream whose encoding cannot hold every character write those as ``\uXXXX``.

    Without this, ``PYTHONIOENCODING=ascii`` or a Windows code page fails on the first "…". The
    escape is JSON's own (astral characters as surrogate pairs), so JSON output stays valid and
    exact, and text stays readable. A UTF-8 stream is left as it is.
    """
    import codecs

    encoding = getattr(stream, "encoding", None) or "utf-8"
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None or codecs.lookup(encoding).name.startswith("utf"):
        return
    try:
        codecs.lookup_error(ESCAPE_ERRORS)
    except LookupError:
        codecs.register_error(ESCAPE_ERRORS, _json_escape)
    reconfigure(errors=ESCAPE_ERRORS)


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    escapes = []
    for char in error.object[error.start : error.end]:
        code = ord(char)
        if code > 0xFFFF:  # a surrogate pair, as JSON writes it
            code -= 0x10000
            escapes.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            escapes.append(f"\\u{code:04x}")
    return "".join(escapes), error.end


def visible(text: object) -> str:
    """Text from input files made safe for a terminal: control characters shown as escapes."""
    return str(text).translate(_INVISIBLE)


#: What a terminal would act on in a document written to it: every control character but
#: newline and tab (SPEC section 4, "Hardening (v3)").
_ACTING = {code: f"\\x{code:02x}" for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))}
del _ACTING[ord("\n")], _ACTING[ord("\t")]


def for_stream(text: str, stream: TextIO) -> str:
    r"""A document's text as written to ``stream``: on a terminal, controls shown as ``\xNN``.

    Markdown, HTML and CSV written to a pipe or a file are the document itself, exactly; on a
    terminal an escape sequence in the client's text (OSC 52 writes the clipboard) would act.
    """
    return on_terminal(text) if is_terminal(stream) else text


def on_terminal(text: str) -> str:
    r"""``text`` with every control character but newline and tab shown as ``\xNN``."""
    return text.translate(_ACTING)


def visible_lines(text: object) -> str:
    """:func:`visible`, but line breaks stay line breaks: for text shown as lines of its own."""
    return "\n".join(visible(line) for line in str(text).split("\n"))


def markup(text: object) -> str:
    """:func:`visible` text, with rich markup escaped, for ``console.print``."""
    from rich.markup import escape

    return escape(visible(text))


#: Width of tables written to pipes and files, unless COLUMNS says otherwise.
PIPE_WIDTH = 120
#: A COLUMNS value below this is ignored (0 or a typo would print nothing readable).
MIN_WIDTH = 20
#: The widest layout, whatever COLUMNS says: a larger value would only make longer lines.
MAX_WIDTH = 1000
#: The height given to rich, which lays nothing out by it here (tables and text just flow).
_LINES = 25


def is_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is an interactive terminal."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def width(stream: TextIO) -> int:
    """The width to lay tables out in: COLUMNS, else the terminal's, else PIPE_WIDTH."""
    columns = _columns()
    if columns is not None:
        return columns
    if is_terminal(stream):
        try:
            return min(MAX_WIDTH, max(MIN_WIDTH, os.get_terminal_size(stream.fileno()).columns))
        except (OSError, ValueError, AttributeError):
            return PIPE_WIDTH
    return PIPE_WIDTH


def _columns() -> int | None:
    """COLUMNS as a width, if it is a whole number (in ASCII digits) of at least MIN_WIDTH."""
    columns = os.environ.get("COLUMNS", "")
    if not (columns.isascii() and columns.isdigit()):
        return None
    digits = columns.lstrip("0")
    if len(digits) > len(str(MAX_WIDTH)):
        return MAX_WIDTH  # not turned into a number: it could be longer than Python allows
    number = int(digits or "0")
    return min(number, MAX_WIDTH) if number >= MIN_WIDTH else None


def console(stream: TextIO, *, fold_off_terminal: bool = True) -> Console:
    """A rich console writing to ``stream``: coloured on a terminal, plain elsewhere.

    The size is always given, so rich never reads COLUMNS or LINES itself (it would fail on a
    value such as a 5,000-digit number). ``fold_off_terminal`` False lays a table out as wide
    as its cells on a pipe or in a file (unless COLUMNS says a width): a script reading
    ``list`` finds each path and title whole, on one line.
    """
    from rich.console import Console

    if is_terminal(stream):
        return Console(file=stream, highlight=False, width=width(stream), height=_LINES)
    return Console(
        file=stream,
        width=width(stream) if fold_off_terminal or _columns() is not None else MAX_WIDTH,
        height=_LINES,
        color_system=None,
        force_terminal=False,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )


@contextlib.contextmanager
def progress_steps(stream: TextIO, total: int) -> Iterator[Callable[[str], None]]:
    """Progress through ``total`` slow steps, each said as it starts, on a terminal only.

    Yields ``step(what)``: the bar advances and ``what`` is shown beside it. On a pipe or a
    file nothing is written (the output stays what it always was); on a terminal the bar is
    removed when the work is done.
    """
    if not is_terminal(stream):
        yield lambda what: None
        return
    from rich.progress import BarColumn, Progress, TextColumn

    with Progress(
        BarColumn(bar_width=24),
        TextColumn("{task.description}"),
        console=console(stream),
        transient=True,
    ) as progress:
        task = progress.add_task("", total=total)
        started = [False]

        def step(what: str) -> None:
            progress.update(task, advance=1 if started[0] else 0, description=markup(what))
            started[0] = True

        yield step


#: Batches of at least this many files show a progress bar while they are scored.
PROGRESS_THRESHOLD = 200


def with_progress(items: Iterable[_T], total: int, what: str, stream: TextIO) -> Iterator[_T]:
    """``items`` as they come; on a terminal, a bar of ``total`` for a batch worth one.

    Messages written to ``stream`` meanwhile appear above the bar; the bar is removed at the end.
    """
    if total < PROGRESS_THRESHOLD or not is_terminal(stream):
        yield from items
        return
    from rich.progress import Progress

    with Progress(console=console(stream), transient=True) as progress:
        task = progress.add_task(what, total=total)
        for item in items:
            progress.advance(task)
            yield item

"""The signals the tool acts on itself, for the layers that start processes and the entry point.

Ctrl-C (SIGINT) and SIGTERM end a command calmly: ``entry`` turns them into exceptions that
unwind every layer, and ``--jobs`` workers leave them to the command (``commands.batch``).
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

#: The signals the tool acts on itself.
HANDLED_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def held_back() -> Iterator[None]:
    """Hold back Ctrl-C and SIGTERM for a moment: one that came meanwhile is acted on after.

    A process forked meanwhile starts with both held, whatever handlers it inherited.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HANDLED_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)

"""The console script's first code: calm signals, a fast ``--version``, then the command line.

Python imports the command line framework in a few hundred milliseconds; a Ctrl-C in that window
would otherwise print a traceback. Here SIGINT and SIGTERM become exceptions that every layer's
``finally`` blocks see (temporary files removed, interview locks released) before the process
ends with 130 or 143.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from types import FrameType

EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143


class Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C, then exit with 143."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def main() -> None:
    """Entry point of the console script and ``python -m socialmaturity``."""
    try:
        signal.signal(signal.SIGTERM, _terminate)
        if sys.argv[1:] == ["--version"]:
            from socialmaturity import __version__

            sys.stdout.write(f"socialmaturity {__version__}\n")
            return
        run = _import_calmly()
        run()
    except KeyboardInterrupt:
        _quiet_exit("interrupted", EXIT_INTERRUPTED)
    except Terminated:
        _quiet_exit("terminated", EXIT_TERMINATED)


def _import_calmly() -> Callable[[], None]:
    """Import the command line with Ctrl-C held back until the imports are done.

    A KeyboardInterrupt raised inside an import can surface as another error (Python wraps it
    when it hits a class being created), so during these 0.1-0.2 s a Ctrl-C is only noted, and
    acted on as soon as the imports finish.
    """
    pressed: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: pressed.append(signum))
    try:
        from socialmaturity.cli import main as run
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed:
        raise KeyboardInterrupt
    return run


def _quiet_exit(message: str, status: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        sys.stderr.write(f"{message}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    raise SystemExit(status)

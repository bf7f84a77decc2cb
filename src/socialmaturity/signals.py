"""The signals the tool acts on itself: for the entry point, the command line and ``--jobs``.

Ctrl-C (SIGINT) and SIGTERM end a command calmly: ``entry`` turns SIGTERM into
:class:`Terminated`, which unwinds every layer as KeyboardInterrupt does; from the start-up
imports until a command runs, both are only noted (:func:`hold_signals`), then acted on once
(:func:`release_signals`); ``--jobs`` workers leave them to the command (``commands.batch``).
A bottom module, so the entry point and the command line share it without importing each other.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

TYPE_CHECKING = False  # not typing's: importing typing is a sixth of --version's time
if TYPE_CHECKING:
    from typing import Any

#: The signals that ask the tool to stop, besides Ctrl-C: SIGTERM, and SIGHUP (the terminal
#: went away: a closed window ends an interview as calmly as Ctrl-C, its lock removed).
STOPPING: dict[int, str] = {int(signal.SIGTERM): "terminated"}
if hasattr(signal, "SIGHUP"):  # not on Windows
    STOPPING[int(signal.SIGHUP)] = "hung up"
#: The signals the tool acts on itself.
HANDLED_SIGNALS = (signal.SIGINT, *STOPPING)
EXIT_TERMINATED = 143


class Terminated(BaseException):
    """SIGTERM (or SIGHUP) arrived: unwind like Ctrl-C, then exit with 128 + its number."""

    def __init__(self, signum: int = signal.SIGTERM) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def status(self) -> int:
        """The exit status a shell gives a process this signal ended: 143, 129."""
        return 128 + self.signum

    @property
    def message(self) -> str:
        """What the tool says as it stops: ``terminated``, ``hung up``."""
        return STOPPING.get(self.signum, "terminated")


def stopped_by(numbers: list[int]) -> BaseException:
    """The exception a signal noted among ``numbers`` ends the command with: Ctrl-C first."""
    if signal.SIGINT in numbers:
        return KeyboardInterrupt()
    return Terminated(next((n for n in numbers if n in STOPPING), signal.SIGTERM))


def ignored(number: int) -> bool:
    """Whether a signal is ignored: the tool never ignores one, so it was ignored at start."""
    return signal.getsignal(number) == signal.SIG_IGN


@contextlib.contextmanager
def held_back() -> Iterator[None]:
    """Hold back the handled signals for a moment: one that came meanwhile is acted on after.

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


@contextlib.contextmanager
def signals_unwrapped() -> Iterator[None]:
    """Let a Ctrl-C or SIGTERM that another exception stands for surface as itself.

    Python 3.11 wraps what a signal's handler raises while a class is being made (a lazy import,
    say) in a RuntimeError: the signal is its cause.
    """
    try:
        yield
    except Exception as exc:
        seen: set[int] = set()
        cause: BaseException | None = exc
        while cause is not None and id(cause) not in seen:
            if isinstance(cause, KeyboardInterrupt | Terminated):
                raise cause from None
            seen.add(id(cause))
            cause = cause.__cause__ or cause.__context__
        raise


#: Signals noted while held back (:func:`hold_signals`), and the handlers they replaced.
_pressed: list[int] = []
_held: dict[int, Any] = {}


def hold_signals() -> None:
    """Note the handled signals instead of acting on them, until :func:`release_signals`.

    While the command line is imported and parsed, an exception raised by a signal could
    surface as another error (Python wraps it when it hits a class being created), or be turned
    by Typer into a silent exit; so from here until the command runs, a signal is only noted.
    """
    for number in HANDLED_SIGNALS:
        if not ignored(number):
            _held[number] = signal.signal(number, lambda signum, frame: note_signal(signum))


def note_signal(number: int) -> None:
    """Remember a signal, to be acted on at the next :func:`release_signals`.

    For a signal held back, and for one whose exception Python dropped (``entry``).
    """
    _pressed.append(number)


def release_signals() -> None:
    """Act on signals again, first on one that came while they were held.

    Called as a command starts, inside its error handling, and when the command line ends,
    whether a command ran or not.
    """
    while _held:
        number, handler = _held.popitem()
        signal.signal(number, handler)
    if _pressed:
        stopping = stopped_by(_pressed)
        _pressed.clear()  # acted on once
        raise stopping

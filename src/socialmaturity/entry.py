"""The console script's first and last code: calm signals, a fast ``--version``, a quick end.

Python imports the command line framework in a few hundred milliseconds; a Ctrl-C in that window
would otherwise print a traceback. Here SIGINT, SIGTERM and SIGHUP become exceptions that every
layer's ``finally`` blocks see (temporary files removed, interview locks released) before the
process ends with 130, 143 or 129. A signal that was ignored when the process started (a
script's background job ignores SIGINT) stays ignored; one that a launcher blocked (``env
--block-signal``) is let through once the handlers are in place, so even a Ctrl-C sent at once
ends calmly.

At the end, once every exit handler has run, the output is flushed and the process ends without
the interpreter's teardown (:func:`_end`).
"""

from __future__ import annotations

import signal
import sys

#: Ctrl-C and SIGTERM that came while the tool's own modules were being imported (below), before
#: :func:`main` could act on them; it acts on them first thing.
_early: list[int] = []


def _note_early(signum: int, frame: object) -> None:
    _early.append(signum)


def _started_as_the_tool() -> bool:
    """Whether this process is the tool (``python -m socialmaturity`` or the console script).

    Imported by anything else (a test, a library user), the module leaves signals alone.
    """
    started = sys.modules.get("__main__")
    spec = getattr(started, "__spec__", None)
    if spec is not None and spec.name == "socialmaturity.__main__":
        return True
    script = str(getattr(started, "__file__", None) or "")
    return script.replace("\\", "/").rpartition("/")[2].startswith("socialmaturity")


# The very first thing the tool does, before importing anything else of its own: a signal that
# comes during those imports is noted instead of printing a traceback from them.
if _started_as_the_tool():
    from socialmaturity.model.collector import quiet_start_up

    quiet_start_up()  # what is imported from here on lives as long as the process
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _note_early)
    for _stopping in (signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)):
        if signal.getsignal(_stopping) == signal.SIG_DFL:
            signal.signal(_stopping, _note_early)

import atexit  # noqa: E402
import contextlib  # noqa: E402
import os  # noqa: E402
from types import FrameType  # noqa: E402

from socialmaturity.signals import (  # noqa: E402
    HANDLED_SIGNALS,
    STOPPING,
    Terminated,
    hold_signals,
    ignored,
    note_signal,
    release_signals,
    signals_unwrapped,
    stopped_by,
)

TYPE_CHECKING = False  # not typing's: importing typing is a sixth of --version's time
if TYPE_CHECKING:
    from typing import Any

EXIT_INTERRUPTED = 130
#: Status of a reader that went away (``| head``): the same as while a command runs.
EXIT_BROKEN_PIPE = 1

#: The status the command ended with, once it has; until then the interpreter ends as usual.
_status: int | None = None


def main() -> None:
    """Entry point of the console script and ``python -m socialmaturity``."""
    try:
        _run()
    except (KeyboardInterrupt, Terminated) as late:
        # Raised while the command's end was being made, before the handlers that end at once
        # were in place: the command is over, so the signal ends it at once, as after that.
        _leave_at_once(late.signum if isinstance(late, Terminated) else signal.SIGINT)


def _run() -> None:
    """The command line, with signals calmed and the end made quick (see the module's note)."""
    atexit.register(_end)  # the first registered: it runs after every other exit handler
    _fill_closed_streams()
    sys.unraisablehook = _signal_kept
    try:
        _take_signals()
        if sys.argv[1:] == ["--version"]:
            from socialmaturity import __version__

            sys.stdout.write(f"socialmaturity {__version__}\n")
            return
        from socialmaturity.terminal import escape_unwritable

        escape_unwritable(sys.stdout)
        hold_signals()
        with signals_unwrapped():
            try:
                from socialmaturity.cli import main as run

                run()
            finally:
                # not released yet if no command ran (--help, a usage error); a signal noted
                # while the command ran (_signal_kept) is acted on here
                release_signals()
    except SystemExit as done:
        _ended(done.code)
        raise
    except KeyboardInterrupt:
        _quiet_exit("interrupted", EXIT_INTERRUPTED)
    except Terminated as stopping:
        _quiet_exit(stopping.message, stopping.status)


def _take_signals() -> None:
    """Make SIGTERM unwind like Ctrl-C, then let through what a launcher blocked.

    Python already turns SIGINT into KeyboardInterrupt, unless it was ignored at start. A signal
    that waited while blocked, or came while the tool's first modules were imported, is acted on
    as soon as it is let through, inside :func:`main`.
    """
    if signal.getsignal(signal.SIGINT) is _note_early:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    for number in STOPPING:
        if not ignored(number):  # nohup's SIGHUP stays ignored
            signal.signal(number, _terminate)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, HANDLED_SIGNALS)
    if _early:
        stopping = stopped_by(_early)
        _early.clear()
        raise stopping


def _fill_closed_streams() -> None:
    """Give a standard stream that was closed (``<&-``, ``>&-``) the null device in its place.

    Python leaves a closed stream as None, which would fail on first use. Instead, reading a
    closed input ends at once, as an empty one does, and text written to a closed output is
    dropped, as ``print`` drops it. Taking the freed descriptor numbers also keeps a file opened
    later from receiving output meant for a stream.
    """
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))  # noqa: SIM115


def _quiet_exit(message: str, status: int) -> None:
    _ended(status)
    try:
        sys.stderr.write(f"{message}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    raise SystemExit(status)


def _ended(code: object) -> None:
    """Note the status the command ended with (``SystemExit``'s code: a number, None or text).

    From here on a Ctrl-C or SIGTERM ends the process at once, with 130 or 143: there is nothing
    left to clean up, and the exit handlers still to run must not be interrupted mid-way.
    """
    global _status
    _status = code if isinstance(code, int) else 0 if code is None else 1
    for number in HANDLED_SIGNALS:
        if not ignored(number):
            signal.signal(number, _leave_at_once)


def _leave_at_once(signum: int, frame: FrameType | None = None) -> None:
    """End at once with the signal's status, saying so unless a signal already ended it."""
    interrupted = signum == signal.SIGINT
    stopping = Terminated(signum)
    if _status not in (EXIT_INTERRUPTED, *(128 + number for number in STOPPING)):
        with contextlib.suppress(OSError):
            os.write(2, b"interrupted\n" if interrupted else f"{stopping.message}\n".encode())
    os._exit(EXIT_INTERRUPTED if interrupted else stopping.status)


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


def _signal_kept(unraisable: Any) -> None:
    """Keep a signal whose exception landed where Python cannot pass it on.

    A Ctrl-C or SIGTERM that arrives while Python runs a weakref callback or a ``__del__`` is
    raised there, where Python can only print "Exception ignored" and drop it: the command went
    on and ended as if nothing came. It is noted instead, as a held signal is, and acted on when
    :func:`main` releases the signals after the command; what the command wrote meanwhile is
    complete, as always.
    """
    found = unraisable.exc_value
    if isinstance(found, KeyboardInterrupt):
        note_signal(signal.SIGINT)
    elif isinstance(found, Terminated):
        note_signal(found.signum)
    else:
        sys.__unraisablehook__(unraisable)


def _end() -> None:
    """Flush the output and end the process, skipping the interpreter's teardown.

    Freeing every object of the imported libraries one by one costs about 20 ms that the system
    spends at once when the process ends. By the time this runs, nothing of ours is open and
    every other exit handler has run (exit handlers run last-registered first). A reader that
    went away before the last of the output was flushed ends the command quietly with status 1,
    as it does while a command runs; Python would print an "Exception ignored" message.
    """
    if _status is None:
        return  # the command did not end through main (an import that failed, say)
    status = _status
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        status = EXIT_BROKEN_PIPE
    except (OSError, ValueError):
        status = status or 1
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(status)

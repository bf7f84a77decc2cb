"""Reading and scoring many response files: path expansion, per-file outcomes, parallel jobs.

Each file becomes an :class:`Outcome` holding either what the caller makes of its result (its
record, the record's JSON text, what an organization view keeps) or its problems, so one bad file
never stops a batch. Outcomes are plain data (picklable), which lets ``--jobs`` score in worker
processes while the caller streams them out in input order.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from socialmaturity.engine.scoring import Result, score_response
from socialmaturity.errors import (
    InputError,
    Location,
    Problem,
    SocialMaturityError,
    UsageError,
    placed,
    warn,
)
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.loading import load_response
from socialmaturity.render.records import result_record
from socialmaturity.signals import HANDLED_SIGNALS, held_back

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor


def expand_paths(paths: Iterable[str], problems: list[Problem] | None = None) -> Iterator[str]:
    """Files as given; folders as every ``*.yaml``/``*.yml`` inside, recursively, sorted.

    A folder inside that cannot be read is added to ``problems`` (when given) and passed over.
    """
    for given in paths:
        path = Path(given)
        if _is_dir(path):
            yield from sorted(_yaml_files_in(path, problems), key=_by_parts)
        else:
            yield given


def _by_parts(path: str) -> str:
    """A key that orders paths as ``Path(p).parts`` would, as one string.

    Every path starts with the folder as given and the rest are names from the disk, which never
    hold NUL: with NUL for the separator, comparing the text compares part by part (a name sorts
    before the longer names it begins). No Path is built for each file (12 ms a 5,000-file
    batch), nor a list of parts: for 10,000 files those lists took 2 MiB more than these keys,
    half of what the batch's peak memory grew by.
    """
    return path.replace(os.sep, "\0")


def _yaml_files_in(folder: Path, problems: list[Problem] | None) -> list[str]:
    def unreadable(exc: OSError) -> None:
        if problems is not None:
            where = Location(str(exc.filename or folder))
            problems.append(Problem(f"cannot read: {exc.strerror or exc}", where))

    found: list[str] = []
    for root, _dirs, files in os.walk(folder, onerror=unreadable):
        found.extend(os.path.join(root, name) for name in files if name.endswith((".yaml", ".yml")))
    return found


def _is_dir(path: Path) -> bool:
    """Whether ``path`` is a folder; a name the system refuses is not (reading it says why)."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def collect_files(paths: Iterable[str], *, once: bool = False) -> tuple[list[str], list[Problem]]:
    """Expand paths into files; a folder without any YAML file is a problem of its own.

    So is a folder inside one that cannot be read: its files are left out of the batch. With
    ``once`` (files that are combined), a file named twice (given twice, or given and inside a
    folder given) is taken once, with a warning: it would weigh double in the combined scores.
    """
    files: list[str] = []
    problems: list[Problem] = []
    for given in paths:
        unreadable: list[Problem] = []
        found = list(expand_paths([given], unreadable))
        problems.extend(unreadable)
        if not found and not unreadable:
            problems.append(Problem("no *.yaml or *.yml files in this folder", Location(given)))
        files.extend(found)
    if once:
        files = _once(files)
    return files, problems


def _once(files: list[str]) -> list[str]:
    """Each file the first time it is named, however it is reached (links, hard links too).

    Files are told apart by device and inode; each repeat is left out with a warning. A path
    that names nothing (a dangling link) is kept: reading it says what is wrong.
    """
    seen: dict[tuple[int, int], str] = {}
    kept = []
    for path in files:
        key = file_identity(path)
        if key is None:
            kept.append(path)
            continue
        if key in seen:
            warn(f"the same file as {seen[key]}: read once", Location(path))
            continue
        seen[key] = path
        kept.append(path)
    return kept


def file_identity(path: str) -> tuple[int, int] | None:
    """The file ``path`` reaches, by device and inode (links followed); None if it reaches none."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


def score_path(
    path: str, catalog: Catalog, reference: str | None = None, *, strict: bool = False
) -> Result:
    """Load and score one response file."""
    response, questionnaire = load_response(path, catalog, reference, strict=strict)
    return score_response(questionnaire, response)


#: Makes what the caller needs of a file's result (given the file as named), where it is scored.
#: A module-level function, so ``--jobs`` workers can receive it.
Make = Callable[[Result, str], Any]


@dataclass(frozen=True)
class Outcome:
    """What became of one file: what was made of its result, or the problems that stopped it.

    Making it where the file is scored spreads that work over ``--jobs`` and sends the parent
    something small (a record's JSON text, say) instead of the whole result.
    """

    file: str
    record: Any  # None when the file has problems
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()


_WORKER_CATALOG: Catalog | None = None


def score_outcome(
    path: str,
    reference: str | None,
    strict: bool,
    catalog: Catalog | None = None,
    make: Make = result_record,
) -> Outcome:
    """Score one file into an :class:`Outcome`; never raises for bad input.

    A usage error (a ``--lang`` the questionnaire cannot be read in) is the command's, not the
    file's: it ends the batch, with exit status 2, instead of being told once per file.
    """
    global _WORKER_CATALOG
    if catalog is None:
        if _WORKER_CATALOG is None:
            _WORKER_CATALOG = Catalog()
        catalog = _WORKER_CATALOG
    try:
        result = score_path(path, catalog, reference, strict=strict)
    except UsageError:
        raise
    except SocialMaturityError as exc:
        return Outcome(path, None, placed(exc.problems, Location(path)))
    except RecursionError:
        return Outcome(path, None, (Problem("the file is nested too deeply", Location(path)),))
    warnings = result.response.warnings if result.response else ()
    return Outcome(path, make(result, path), (), warnings)


def _score_chunk(
    paths: list[str], reference: str | None, strict: bool, make: Make
) -> list[Outcome]:
    """Score a chunk of files in a worker process (one catalog per worker)."""
    return [score_outcome(path, reference, strict, make=make) for path in paths]


def _chunks(paths: Iterable[str], size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for path in paths:
        chunk.append(path)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


#: Files per task sent to a worker, and tasks in flight per worker: enough to keep every
#: worker busy, few enough that a slow reader of the output never piles up results in memory.
CHUNK = 64
IN_FLIGHT_PER_JOB = 4


def score_files(
    paths: Sequence[str],
    reference: str | None = None,
    *,
    strict: bool = False,
    jobs: int = 1,
    catalog: Catalog | None = None,
    make: Make = result_record,
) -> Iterator[Outcome]:
    """Score files in input order; ``jobs`` > 1 uses that many worker processes (0: per CPU).

    Never more workers than files: each is a process forked at the start, whether it gets work
    or not. ``make`` (a module-level function, so workers can receive it) makes each outcome's
    record of the file's result. ``catalog`` serves the files scored in this process; each
    worker has its own.
    """
    jobs = min(jobs or usable_cpus(), len(paths))
    if jobs <= 1:
        shared = catalog or Catalog()
        for path in paths:
            yield score_outcome(path, reference, strict, shared, make)
        return
    from concurrent.futures import ProcessPoolExecutor  # only for --jobs: 6 ms of start-up

    # A small batch is shared evenly; a large one goes out in chunks of CHUNK files.
    size = min(CHUNK, -(-len(paths) // jobs))
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(os.getpid(),))
    try:
        pending: deque[Future[list[Outcome]]] = deque()
        for chunk in _chunks(paths, size):
            # A submit may start the workers, which inherit the command's handlers: held
            # back until they ignore both, a signal cannot end one with a traceback.
            with held_back():
                pending.append(pool.submit(_score_chunk, chunk, reference, strict, make))
            if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    except OSError as exc:  # the workers could not start: too many open files or processes
        _stop_workers(pool)
        raise InputError(
            f"cannot start {jobs} worker processes: {exc.strerror or exc} "
            "(a smaller --jobs may work)"
        ) from None
    except BaseException:  # Ctrl-C, SIGTERM, a reader gone: the workers finish their chunk
        _wind_down(pool)
        raise
    pool.shutdown(wait=True)


def usable_cpus() -> int:
    """The CPUs this process may run on: a container's or ``taskset``'s share, not the machine's.

    ``os.cpu_count`` counts every CPU of the machine, so ``--jobs 0`` inside a container limited
    to two of 64 would start 64 workers to share two.
    """
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


#: How long an interrupted batch waits for its workers to finish their chunk before it ends them.
WIND_DOWN_SECONDS = 5.0


def _wind_down(pool: ProcessPoolExecutor) -> None:
    """Let the workers finish their chunk and end, but never wait on them for ever.

    The command is ending anyway (its output is only kept when complete), so a worker still
    there after :data:`WIND_DOWN_SECONDS` is killed: an executor whose hand-over was cut by a
    signal must not hold the command open.
    """
    _stop_workers(pool, grace=WIND_DOWN_SECONDS)


def _stop_workers(pool: ProcessPoolExecutor, grace: float = 0.0) -> None:
    """End the pool's workers: each may finish within ``grace`` seconds, then is killed.

    With no grace, for a pool whose workers did not all start: those that did would wait for
    work for ever, ignoring SIGTERM (see :func:`_start_worker`), and hold nothing yet.
    """
    import multiprocessing
    import time

    pool.shutdown(wait=False, cancel_futures=True)
    if grace > 0:
        deadline = time.monotonic() + grace
        for worker in multiprocessing.active_children():
            worker.join(max(0.0, deadline - time.monotonic()))
    for worker in multiprocessing.active_children():
        worker.kill()
        worker.join()


def _start_worker(command: int) -> None:
    """A worker ignores Ctrl-C, SIGTERM and SIGHUP, and ends with the command (``command``).

    Both signals reach every process of the foreground group (a terminal's Ctrl-C, ``timeout``,
    a service manager). A worker that died of one mid-way through handing over results would
    print a traceback and could leave the command waiting for the rest of the message for
    ever; instead the command acts on them and stops the workers when it unwinds. A command
    that is killed outright cannot: on Linux the system then kills its workers too.
    """
    _end_with(command)
    for number in HANDLED_SIGNALS:
        signal.signal(number, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # what came while they were held is ignored
        signal.pthread_sigmask(signal.SIG_UNBLOCK, HANDLED_SIGNALS)


def _end_with(command: int) -> None:
    """Have the system kill this process when its parent ends (Linux), or end it now if it has.

    Otherwise a worker of a killed command would wait for work for ever, ignoring SIGTERM.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != command:  # the command ended before the request was made
        os._exit(0)


#: ``prctl`` option: the signal this process gets when its parent ends (linux/prctl.h).
_PR_SET_PDEATHSIG = 1

"""Writing output files by the rules of SPEC section 4, whatever the path names and the timing.

- A new path is created in one atomic step (a temporary file linked into place), so of several
  commands creating the same file at once exactly one succeeds; the others are told it exists.
- An existing regular file is replaced atomically (temporary file, then a rename) and keeps its
  permissions; a symbolic link is written *through*: the file it names is replaced, the link stays.
- A FIFO, character device or socket, and ``/dev/stdout``, ``/dev/stderr`` and ``/dev/fd/N``, are
  written directly and never replaced or removed.
- A folder, or a path whose folder cannot be created, is an error and nothing is written.

``-`` names standard output, as ``/dev/stdout`` does.

Temporary files carry the writer's process id, so those left behind by a killed process are
removed by the next write into that folder, whatever file it writes.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from socialmaturity.errors import InputError, Location, UsageError

#: Names that stand for a file descriptor of this process, whatever they link to.
_DESCRIPTOR = re.compile(r"^/dev/(?:stdout|stderr|fd/(\d+))$")
#: The largest file descriptor number the system calls take (a C int).
_LARGEST_DESCRIPTOR = 2**31 - 1
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[0-9a-f]{8}\.tmp$")


def beside(target: Path, suffix: str = "tmp") -> Path:
    """A name beside ``target`` that only this process uses (``.tmp`` ones match _TEMPORARY).

    Every file the tool writes is written under such a name first, so :func:`remove_stale`
    finds what a process killed mid-way left behind.
    """
    unique = f"{os.getpid()}.{secrets.token_hex(4)}.{suffix}"
    return target.parent / f".{name_stem(target.name)}.{unique}"


#: The most of a file's name, in bytes, that the names beside it repeat: with what they add, a
#: name stays within the 255 bytes file systems allow, as long as the file's own may be.
_STEM_BYTES = 200


def name_stem(name: str) -> str:
    """``name``, or for a longer one its start and a digest of the whole (unique in practice)."""
    encoded = os.fsencode(name)
    if len(encoded) <= _STEM_BYTES:
        return name
    import hashlib

    digest = hashlib.sha256(encoded).hexdigest()[:16]
    start = encoded[: _STEM_BYTES - len(digest) - 1].decode("utf-8", "ignore")  # whole letters
    return f"{start}~{digest}"


def _exists(path: str | Path) -> InputError:
    return error_at(path, "already exists; use --force to overwrite it")


def _refuse_folder(path: str | Path, status: os.stat_result | None) -> None:
    """A folder, or a name that can only be one (``out/``, ``out/.``), is never written."""
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise error_at(path, "is a folder; give the name of a file to write")
    if os.path.basename(os.fspath(path)) in ("", ".", ".."):
        raise error_at(path, "names a folder; give the name of a file to write")


def error_at(path: str | Path, message: str) -> InputError:
    """An error of writing ``path``, located at it."""
    return InputError(message, Location(str(path)))


def _in_the_way(path: str | Path, folder: str | Path) -> InputError:
    return error_at(path, f"cannot create the folder {folder}: a file is in the way")


def os_error(path: str | Path, exc: OSError) -> InputError:
    """What the system said when writing ``path`` failed, as an error located at it."""
    return error_at(path, f"cannot write: {exc.strerror or exc}")


#: The name that stands for standard output, as in most command-line tools (``-o -``).
STDOUT_NAME = "-"


def _descriptor(path: str | Path) -> int | None:
    """The file descriptor a path like ``/dev/stdout``, ``/dev/fd/3`` or ``-`` stands for."""
    if isinstance(path, str) and path == STDOUT_NAME:
        return 1
    found = _DESCRIPTOR.match(str(path))
    if found is None:
        return None
    if found.group(1) is not None:
        number = int(found.group(1))
        if number > _LARGEST_DESCRIPTOR:  # no system opens one so large; nor can Python say it
            raise os_error(path, OSError(errno.EBADF, os.strerror(errno.EBADF)))
        return number
    return 1 if str(path).endswith("stdout") else 2


def resolved(path: str | Path) -> tuple[Path, os.stat_result | None]:
    """The path that ``path`` finally names (links followed) and its status, if it exists.

    A stream is opened through the links (``/proc/self/fd/1`` names a pipe no path spells).
    """
    try:
        through = os.stat(path)
    except (OSError, ValueError):
        through = None
    if through is not None and is_stream(through):
        return Path(path), through
    try:
        target = Path(os.path.realpath(path, strict=False))
    except (OSError, ValueError) as exc:
        raise error_at(path, f"cannot follow the path: {exc}") from None
    try:
        return target, os.stat(target)
    except FileNotFoundError:
        return target, None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise error_at(path, "cannot follow the path: symbolic links form a loop") from None
        if exc.errno == errno.ENOTDIR:
            return target, None
        raise os_error(path, exc) from None
    except ValueError as exc:
        raise error_at(path, f"cannot write: {exc}") from None


def is_stream(status: os.stat_result) -> bool:
    """A FIFO, character device or socket: written directly, never replaced (SPEC 4)."""
    mode = status.st_mode
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode)


def is_terminal_output(path: str | Path | None) -> bool:
    """Whether writing ``path`` (None: stdout) writes to a terminal, links followed."""
    descriptor = 1 if path is None else _descriptor(path)
    try:
        if descriptor is not None or path is None:
            return descriptor is not None and os.isatty(descriptor)
        if not stat.S_ISCHR(os.stat(path).st_mode):
            return False
        opened = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK)
        try:
            return os.isatty(opened)
        finally:
            os.close(opened)
    except (OSError, ValueError):
        return False


def refuse_unwritable(path: str | Path, *, force: bool = False) -> None:
    """Fail before any work if writing ``path`` could not succeed.

    A FIFO, device, socket or descriptor name is fine; a folder never is; an existing file is
    only with ``force``.
    """
    if _descriptor(path) is not None:
        return
    _, status = resolved(path)
    _refuse_folder(path, status)
    if status is None or is_stream(status):
        return
    if not force:
        raise _exists(path)


def refuse_unusable_folder(path: str | Path, command: str) -> None:
    """Fail before any work when no file can be written into the folder ``path``.

    That is when it, or one on the way, is something else (links followed); ``-`` is a usage
    error of ``command``.
    """
    if str(path) == STDOUT_NAME:
        raise UsageError(
            f"-o - names standard output; {command} writes files into a folder: give one"
        )
    folder = Path(path)
    for step in (folder, *folder.parents):
        try:
            status = os.stat(step)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except (OSError, ValueError):
            return  # writing says what is wrong, file by file
        if not stat.S_ISDIR(status.st_mode):
            raise _in_the_way(path, folder)
        return


def write_atomic(path: str | Path, content: str | bytes, *, force: bool = False) -> None:
    """Write ``content`` to ``path`` by the rules above; ``force`` allows replacing a file."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with _opened(path, force) as descriptor:
        _write_descriptor(path, descriptor, data)


@contextlib.contextmanager
def open_atomic(path: str | Path, *, force: bool = False) -> Iterator[TextIO]:
    """Text written as it comes, by the rules above: a file appears, whole, when the block ends.

    For output too large to hold in memory first (a batch's scores). A FIFO, device or
    descriptor name receives the text as it is written; anything else gets a temporary file
    beside it, put in place at the end and removed if the block raises. A failed write is an
    :class:`~socialmaturity.errors.InputError` naming ``path``.
    """
    with _opened(path, force) as descriptor:
        sink = _Sink(path, descriptor)
        text = io.TextIOWrapper(io.BufferedWriter(sink, 1 << 16), encoding="utf-8", newline="")
        try:
            yield text
            text.flush()
        finally:
            sink.descriptor = None  # after a failure, what is still buffered is dropped
            text.close()


class _Sink(io.RawIOBase):
    """Bytes to an open descriptor, which it never closes; failures name the path.

    Once ``descriptor`` is None, writes are dropped: after a failure or a Ctrl-C, closing the
    text must not write (and perhaps fail), which would put a new error in the first one's place.
    """

    def __init__(self, path: str | Path, descriptor: int) -> None:
        super().__init__()
        self.path = path
        self.descriptor: int | None = descriptor

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.descriptor is not None and os.isatty(self.descriptor)

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        if self.descriptor is not None:
            _write_descriptor(self.path, self.descriptor, chunk)
        return len(chunk)


@contextlib.contextmanager
def _opened(path: str | Path, force: bool) -> Iterator[int]:
    """A descriptor to write ``path``'s new content to, put in place when the block ends."""
    descriptor = _descriptor(path)
    if descriptor is not None:
        yield descriptor
        return
    target, status = resolved(path)
    _refuse_folder(path, status)
    if status is not None and is_stream(status):
        stream = _open_stream(path, target, status)
        try:
            yield stream
        finally:
            os.close(stream)
        return
    if status is not None and not force:
        raise _exists(path)
    folder = target.parent
    make_folder(path, folder)
    remove_stale(folder)
    temporary = beside(target)
    try:
        mode = stat.S_IMODE(status.st_mode) if status is not None else 0o666 & ~_umask()
        handle = _create(path, temporary, mode)
        try:
            yield handle
            _sync(path, handle)
        finally:
            os.close(handle)
        try:
            if status is None and not force:
                _link_new(path, temporary, target)
            else:
                os.replace(temporary, target)
        except OSError as exc:
            raise os_error(path, exc) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _create(path: str | Path, temporary: Path, mode: int) -> int:
    """The temporary file, created for this process alone, with the final file's mode."""
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise os_error(path, exc) from None
    try:
        os.fchmod(handle, mode)
    except OSError as exc:
        os.close(handle)
        raise os_error(path, exc) from None
    return handle


def _sync(path: str | Path, handle: int) -> None:
    try:
        os.fsync(handle)
    except OSError as exc:
        raise os_error(path, exc) from None


def _link_new(path: str | Path, temporary: Path, target: Path) -> None:
    """Put a new file in place only if nothing is there yet, in one step."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise _exists(path) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        # No hard links here: claim the name exclusively, then rename the content over it.
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            raise _exists(path) from None
        os.replace(temporary, target)


def make_folder(path: str | Path, folder: Path) -> None:
    """Create ``folder`` (and those on the way) to write ``path`` into; failure is an error."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise _in_the_way(path, folder) from None
    except OSError as exc:
        raise error_at(path, f"cannot create the folder: {exc.strerror or exc}") from None


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(handle, view)
        view = view[written:]


def _write_descriptor(path: str | Path, descriptor: int, data: bytes) -> None:
    """Write to an open descriptor; a reader that went away is a broken pipe, as for stdout."""
    try:
        _write_all(descriptor, data)
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise BrokenPipeError(exc.errno, exc.strerror) from None
        raise os_error(path, exc) from None


def _open_stream(path: str | Path, target: Path, status: os.stat_result) -> int:
    """Open a FIFO, device or socket to write in place: never create, truncate or remove it."""
    if stat.S_ISSOCK(status.st_mode):
        return _connect(path, target)
    try:
        return os.open(target, os.O_WRONLY | os.O_NOCTTY)
    except OSError as exc:
        raise os_error(path, exc) from None


def _connect(path: str | Path, target: Path) -> int:
    """A Unix socket cannot be opened like a file: connect to it, as a stream.

    Any other kind (datagrams, sequenced packets) is refused: it would take the output cut into
    pieces, and none past the system's size limit.
    """
    import socket

    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        client.connect(os.fspath(target))
    except OSError as exc:
        client.close()
        if exc.errno == errno.EPROTOTYPE:
            raise error_at(
                path, "cannot write: not a stream socket; only a stream socket takes a whole file"
            ) from None
        raise os_error(path, exc) from None
    return client.detach()


def process_alive(pid: int) -> bool:
    """Whether a process still runs (an ended one not yet reaped does not): its files count."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """Whether a process has ended but not been reaped (it holds nothing any more)."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return stat_line.rpartition(")")[2].split()[:1] == ["Z"]


def remove_stale(folder: Path) -> None:
    """Remove temporary files left behind by processes that no longer run.

    Those of any file in the folder: a file that is not written again (a killed ``demo``, a
    report renamed since) would otherwise keep its leftover for ever.
    """
    try:
        entries = os.listdir(folder)
    except OSError:
        return
    for entry in entries:
        found = _TEMPORARY.match(entry)
        if found is None:
            continue
        if not process_alive(int(found.group("pid"))):
            with contextlib.suppress(OSError):
                os.unlink(folder / entry)


def _umask() -> int:
    """The process umask (read by setting and restoring it), for normal file permissions."""
    current = os.umask(0o022)
    os.umask(current)
    return current

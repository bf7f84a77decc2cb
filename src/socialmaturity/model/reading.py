"""Reading a file's text: only regular files, at most :data:`MAX_FILE_BYTES`, UTF-8.

Every way reading can fail becomes an :class:`~socialmaturity.errors.InputError` naming the
file. Kept apart from the YAML reader: files that are not YAML (KPI tables, images, survey exports)
are read here without importing PyYAML.
"""

from __future__ import annotations

import errno
import math
import os
import stat
from pathlib import Path

from socialmaturity.errors import InputError, Location

#: The largest file read, in bytes (10 MB): larger ones are refused before parsing.
MAX_FILE_BYTES = 10_000_000
#: Open files without waiting for a writer, where the system can.
_NO_WAIT = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def read_text(path: str | Path) -> str:
    """Read a UTF-8 file, turning every way that can fail into an :class:`InputError`.

    Only regular files are read (a named pipe could block for ever), and at most
    :data:`MAX_FILE_BYTES` of them: a larger file is refused before it is parsed.
    """
    return read_utf8(path)[0]


def read_utf8(path: str | Path) -> tuple[str, bytes]:
    """:func:`read_text`, and the same text as UTF-8 (the file's bytes, less a byte-order mark).

    The bytes are there for whoever scans the text or hands it to a C library: searching bytes
    is quicker than searching text that is not all ASCII, and nothing has to encode it again.
    """
    return decode_utf8(path, read_bytes(path))


def decode_utf8(path: str | Path, raw: bytes) -> tuple[str, bytes]:
    """:func:`read_utf8` of bytes already read; a byte that is not UTF-8 is a located error."""
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark is allowed
    try:
        return raw.decode("utf-8"), raw
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        raise InputError("not valid UTF-8 text", Location(str(path), line, column)) from None


def read_bytes(path: str | Path) -> bytes:
    """A regular file's bytes, at most :data:`MAX_FILE_BYTES`; any failure is an InputError."""
    name = str(path)
    try:
        # Opened without waiting (a named pipe would wait for a writer), then looked at: what
        # is checked is what is read, even if the path changes meanwhile.
        descriptor = os.open(path, os.O_RDONLY | _NO_WAIT)
        try:
            status = os.fstat(descriptor)
            if stat.S_ISDIR(status.st_mode):
                raise InputError("is a directory, not a file", Location(name))
            if not stat.S_ISREG(status.st_mode):
                raise InputError("not a regular file", Location(name))
            if status.st_size > MAX_FILE_BYTES:
                raise _too_large(name, status.st_size)
            raw = _read_regular(descriptor, status.st_size)
            if len(raw) > MAX_FILE_BYTES:
                raise _too_large(name, max(len(raw), os.fstat(descriptor).st_size))
        finally:
            os.close(descriptor)
    except FileNotFoundError:
        raise InputError("no such file", Location(name)) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", Location(name)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {_os_problem(exc)}", Location(name)) from None
    except ValueError as exc:  # a NUL character in the name
        raise InputError(f"cannot read: {exc}", Location(name)) from None
    return raw


def _read_regular(descriptor: int, size: int) -> bytes:
    """A regular file's bytes, one read when it is still ``size`` bytes long.

    A short read of a regular file means its end, so asking for one byte more than its size
    tells in one system call that nothing follows; only a file that grew since it was looked at
    is read on, and no further than one byte past :data:`MAX_FILE_BYTES`.
    """
    raw = os.read(descriptor, size + 1)
    while size < len(raw) <= MAX_FILE_BYTES:
        more = os.read(descriptor, MAX_FILE_BYTES + 1 - len(raw))
        if not more:
            break
        raw += more
    return raw


def _os_problem(exc: OSError) -> str:
    """What went wrong, in words (a link loop gets its own, clearer ones)."""
    if exc.errno == errno.ELOOP:
        return "symbolic links form a loop"
    return exc.strerror or str(exc)


def _too_large(name: str, size: int) -> InputError:
    megabytes = math.ceil(size / 100_000) / 10  # rounded up: never shown as the limit itself
    return InputError(
        f"the file is {megabytes:.1f} MB; the limit is {MAX_FILE_BYTES // 1_000_000} MB",
        Location(name),
    )

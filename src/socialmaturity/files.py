"""Writing output files safely: atomically, and never over an existing file unless forced.

A report or demo file is written to a temporary file in the same folder and renamed into place,
so a reader never sees half a file and an interrupted write leaves the old file intact.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from socialmaturity.errors import InputError, Location


def refuse_overwrite(path: str | Path) -> None:
    """Fail if ``path`` exists (the caller checks ``--force`` first)."""
    if Path(path).is_dir():
        raise InputError("is a folder; give the name of a file to write", Location(str(path)))
    if os.path.lexists(path):
        raise InputError("already exists; use --force to overwrite it", Location(str(path)))


def write_atomic(path: str | Path, text: str, *, force: bool = False) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    target = Path(path)
    if target.is_dir():
        raise InputError("is a folder; give the name of a file to write", Location(str(path)))
    if not force:
        refuse_overwrite(target)
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise InputError(
            f"cannot create the folder {folder}: a file is in the way", Location(str(path))
        ) from None
    except OSError as exc:
        raise InputError(
            f"cannot create the folder: {exc.strerror or exc}", Location(str(path))
        ) from None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", Location(str(path))) from None
    try:
        os.chmod(temporary, 0o666 & ~_umask())
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if not force and os.path.lexists(target):
            refuse_overwrite(target)
        os.replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise InputError(f"cannot write: {exc.strerror or exc}", Location(str(path))) from None
        raise


def _umask() -> int:
    """The process umask (read by setting and restoring it), for normal file permissions."""
    current = os.umask(0o022)
    os.umask(current)
    return current

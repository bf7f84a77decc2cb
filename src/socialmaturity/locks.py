"""Holding a file for one process while it rewrites it: an interview, a migration, an update.

A ``.NAME.lock`` file beside the file holds the owner's process id and what it is doing, so a
second ``assess``, ``migrate --in-place`` or ``check --update`` of the same file is refused
instead of saving over the first one's answers. A lock whose process no longer runs is stale and
taken over.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from socialmaturity.files import (
    beside,
    error_at,
    make_folder,
    name_stem,
    os_error,
    process_alive,
    resolved,
)


def _lock_path(path: str | Path) -> Path:
    target, _ = resolved(path)
    return target.parent / f".{name_stem(target.name)}.lock"


def _lock_content(lock: Path) -> tuple[int | None, str]:
    """The process id and the purpose (``interview``, ``migration``) written in a lock file."""
    try:
        owner, _, purpose = lock.read_text(encoding="ascii").strip().partition(" ")
        return int(owner), purpose or "interview"
    except (OSError, ValueError):
        return None, "interview"


#: What a process holding a file is doing, as the refusal of another one says it.
_PURPOSES = {
    "interview": "is open in another interview",
    "migration": "is being migrated",
    "update": "is being updated by check --update",
}


def held_by_other(path: str | Path) -> int | None:
    """The live process (other than this one) that holds ``path``'s lock, if any."""
    owner = _lock_content(_lock_path(path))[0]
    return owner if owner is not None and owner != os.getpid() and process_alive(owner) else None


@contextlib.contextmanager
def hold(path: str | Path, purpose: str = "interview") -> Iterator[None]:
    """Hold ``path`` for this process: a ``.NAME.lock`` file beside it, with our process id.

    ``assess`` holds its answer file for the whole interview, ``check --update`` and ``migrate
    --in-place`` while they rewrite a file: none of them saves over another's update. A lock
    whose process no longer runs is stale and taken over; the lock is removed on every way out
    (return, error, Ctrl-C, SIGTERM). Another live holder is an error naming the file, the
    process and what it is doing.
    """
    lock = _lock_path(path)
    make_folder(path, lock.parent)
    mine = beside(lock)
    try:
        mine.write_text(f"{os.getpid()} {purpose}\n", encoding="ascii")
    except OSError as exc:
        raise os_error(path, exc) from None
    try:
        for _ in range(3):
            try:
                os.link(mine, lock)  # the lock appears with its owner written, in one step
                break
            except FileExistsError:
                owner, doing = _lock_content(lock)
                if owner is not None and process_alive(owner):
                    what = _PURPOSES.get(doing, _PURPOSES["interview"])
                    raise error_at(
                        path,
                        f"{what} (process {owner}); let that one finish first, or remove "
                        f"{lock} if no such process is running",
                    ) from None
                _take_stale(lock, owner)
        else:
            raise error_at(path, f"cannot take the lock {lock}")
    except OSError as exc:
        raise os_error(path, exc) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(mine)
    try:
        yield
    finally:
        if _lock_content(lock)[0] == os.getpid():
            with contextlib.suppress(OSError):
                os.unlink(lock)


def _take_stale(lock: Path, owner: int | None) -> None:
    """Remove a stale lock, unless another process replaced it meanwhile."""
    aside = beside(lock, "stale")
    try:
        os.rename(lock, aside)
    except FileNotFoundError:
        return
    if _lock_content(aside)[0] != owner:  # a live lock was renamed by mistake: put it back
        with contextlib.suppress(OSError):
            os.link(aside, lock)
    with contextlib.suppress(OSError):
        os.unlink(aside)

"""Questionnaires read once and kept, so a command does not read the same YAML on every run.

Reading the bundled questionnaire costs each start-up about 35 ms: importing PyYAML, composing
120 KB with marks, building pydantic's validators and checking the rules. A questionnaire that
loaded without a problem is kept, as the pickled plain classes of
:mod:`socialmaturity.model.questionnaire`, under a key made of its bytes and of the code that
read them: the package's version, Python's, pydantic's release (read from its files, not
imported), and the size and time of every module of :mod:`socialmaturity.model`. A later run
with the same key reads it back in about 1 ms, without PyYAML and without importing pydantic.
Problems are never kept, so every message still comes from the file itself; a missing, damaged
or unwritable entry only means reading the YAML, as without a cache.

Nothing in an entry can run: it is read back by an unpickler that can name no function or class
but the questionnaire's own classes, so all it can do is build plain values and those classes
(whose fields pickle sets as they are). An entry that names anything else is refused like a
damaged one.

The tool's cache folder is ``$SOCIALMATURITY_CACHE``, else ``$XDG_CACHE_HOME/socialmaturity``,
else ``~/.cache/socialmaturity``; ``SOCIALMATURITY_NO_CACHE=1`` turns it off. Questionnaires are
kept in its ``questionnaires`` folder (the :data:`KEEP` newest), and the report templates Jinja
compiled in ``templates`` (:mod:`socialmaturity.render.compiled`), by the same rules: a folder
that others can write is neither read nor written, since what is in it decides scores and, for
templates, runs.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import pickle
import stat
import sys
from pathlib import Path
from typing import Any

from socialmaturity import __version__
from socialmaturity.errors import InputError
from socialmaturity.model import questionnaire as models
from socialmaturity.model.questionnaire import Questionnaire, load_questionnaire
from socialmaturity.model.reading import read_bytes, read_text

FOLDER_VARIABLE = "SOCIALMATURITY_CACHE"
OFF_VARIABLE = "SOCIALMATURITY_NO_CACHE"
#: Entries kept; older ones are removed when a new one is written.
KEEP = 32


def load_questionnaire_cached(path: str | Path) -> Questionnaire:
    """:func:`~socialmaturity.model.questionnaire.load_questionnaire`, through the cache."""
    text = read_text(path)
    folder = cache_folder("questionnaires")
    entry = None if folder is None else folder / f"{_key(text)}.pickle"
    if entry is not None:
        found = _unpickled(read_entry(entry))
        if found is not None:
            return found
    questionnaire = load_questionnaire(path, text=text)
    if entry is not None:
        _store(entry, questionnaire)
    return questionnaire


def cache_folder(part: str) -> Path | None:
    """The folder ``part`` of the tool's cache, or None when the cache is off or has no home."""
    if os.environ.get(OFF_VARIABLE):
        return None
    chosen = os.environ.get(FOLDER_VARIABLE)
    if chosen:
        return Path(chosen, part)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.environ.get("HOME")
        if not home or not os.path.isdir(home):
            return None  # a home that is not there is not created for a cache
        base = os.path.join(home, ".cache")
    return Path(base, "socialmaturity", part)


def read_entry(entry: Path) -> bytes | None:
    """What an entry holds, or None when it cannot be trusted.

    That is when it is missing or unreadable, was changed since it was written (its digest no
    longer matches), or lies in a folder that others can write.
    """
    if not _trusted(entry.parent):
        return None
    try:
        raw = read_bytes(entry)
    except InputError:
        return None
    digest, data = raw[:_DIGEST_SIZE], raw[_DIGEST_SIZE:]
    return data if digest == _digest(data) else None


def write_entry(entry: Path, data: bytes) -> bool:
    """Store ``data`` as an entry, after its digest, atomically; True when it was stored.

    Best effort: a cache that cannot be written is no cache. The tool's cache folder and its
    parts are made private (0700) when they are created, and an entry is never written into a
    folder that others can write.
    """
    from socialmaturity.files import beside, remove_stale  # only when an entry is written

    temporary = beside(entry)
    try:
        entry.parent.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        entry.parent.mkdir(mode=0o700, exist_ok=True)
        if not _trusted(entry.parent):
            return False
        remove_stale(entry.parent, entry.name)  # left by a writer killed mid-way
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(_digest(data) + data)
        os.replace(temporary, entry)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
        return False
    return True


#: Every entry starts with a digest of what follows, so a changed entry (a flipped bit on the
#: disk, a partial copy) is noticed; whoever could forge one is kept out by :func:`_trusted`.
_DIGEST_SIZE = 32


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=_DIGEST_SIZE).digest()


def _trusted(folder: Path) -> bool:
    """Whether only this user (or root) can change what is in ``folder``.

    A folder that is missing is trusted: it is made private when the first entry is written.
    """
    try:
        status = folder.stat()
    except OSError:
        return True
    if not hasattr(os, "getuid"):
        return True  # no POSIX owners: the user's own cache folder is as private as it gets
    owner_is_safe = status.st_uid in (os.getuid(), 0)
    return owner_is_safe and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _key(text: str) -> str:
    digest = hashlib.sha256(_code_stamp().encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def _code_stamp() -> str:
    """What the reading code is: versions, pydantic's release, each model module's size and time.

    pydantic's release is read from its ``version.py``, not imported (a questionnaire from the
    cache never needs pydantic); by its text, since installers that keep a wheel's file times
    leave the files of two releases at one size and time.
    """
    import importlib.util

    spec = importlib.util.find_spec("pydantic")
    release = b""
    if spec is not None and spec.origin:
        with contextlib.suppress(OSError):
            release = Path(spec.origin).with_name("version.py").read_bytes()
    stamps = [hashlib.sha256(release).hexdigest()]
    for module in sorted(Path(__file__).parent.glob("*.py")):
        with contextlib.suppress(OSError):
            status = module.stat()
            stamps.append(f"{module.name}:{status.st_size}:{status.st_mtime_ns}")
    return "|".join([__version__, sys.version, *stamps])


class _Unpickler(pickle.Unpickler):
    """Builds plain values and the questionnaire's models, and refuses to name anything else."""

    def find_class(self, module: str, name: str) -> Any:
        if module == models.__name__ and name in models.CLASSES:  # nothing else, plain values aside
            return models.CLASSES[name]
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a questionnaire")


def _unpickled(data: bytes | None) -> Questionnaire | None:
    if data is None:
        return None
    try:
        found = _Unpickler(io.BytesIO(data)).load()
    except Exception:  # whatever is wrong with an entry (damaged, forged) means reading the YAML
        return None
    return found if type(found) is Questionnaire else None


def _store(entry: Path, questionnaire: Questionnaire) -> None:
    try:
        data = pickle.dumps(questionnaire, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return
    if write_entry(entry, data):
        _prune(entry.parent)


def _prune(folder: Path) -> None:
    """Keep the :data:`KEEP` newest entries."""
    entries = []
    for path in folder.glob("*.pickle"):
        with contextlib.suppress(OSError):
            entries.append((path.stat().st_mtime_ns, path))
    for _, path in sorted(entries, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):
            path.unlink()

"""Questionnaires read once and kept as JSON, so a command does not parse the same YAML every run.

Reading the bundled questionnaire costs each start-up about 25 ms (importing PyYAML, composing
120 KB with marks, checking the rules). A questionnaire that loaded without a problem is stored
as its plain values under a key made of its bytes and of the code that read them: the package's
version, Python's and pydantic's, and the size and time of every module of
:mod:`socialmaturity.model`. A later run with the same key validates those values again with the
same models (about 1 ms) instead of reading the YAML. A missing, unreadable or damaged entry only
means reading the YAML, as without a cache; problems are never cached, so every message still
comes from the file itself.

The folder is ``$SOCIALMATURITY_CACHE``, else ``$XDG_CACHE_HOME/socialmaturity``, else
``~/.cache/socialmaturity``; ``SOCIALMATURITY_NO_CACHE=1`` turns the cache off. It keeps the
:data:`KEEP` newest entries.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import math
import os
import sys
from pathlib import Path
from typing import Any

from socialmaturity import __version__
from socialmaturity.errors import SocialMaturityError
from socialmaturity.model.questionnaire import Questionnaire, questionnaire_from
from socialmaturity.model.reading import read_text

FOLDER_VARIABLE = "SOCIALMATURITY_CACHE"
OFF_VARIABLE = "SOCIALMATURITY_NO_CACHE"
#: Entries kept; older ones are removed when a new one is written.
KEEP = 32


def load_questionnaire_cached(path: str | Path) -> Questionnaire:
    """:func:`~socialmaturity.model.questionnaire.load_questionnaire`, through the cache."""
    text = read_text(path)
    folder = cache_folder()
    entry = None if folder is None else folder / f"{_key(text)}.json"
    if entry is not None:
        found = _read_entry(entry)
        if found is not None:
            return found
    from socialmaturity.model.yaml_reader import load_yaml  # only on a miss

    doc = load_yaml(path, allow_aliases=True, text=text)
    questionnaire = questionnaire_from(doc)
    if entry is not None:
        _write_entry(entry, doc.data)
    return questionnaire


def cache_folder() -> Path | None:
    """Where entries live, or None when the cache is off or no folder can be named."""
    if os.environ.get(OFF_VARIABLE):
        return None
    chosen = os.environ.get(FOLDER_VARIABLE)
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or (
        os.path.join(os.environ["HOME"], ".cache") if os.environ.get("HOME") else ""
    )
    return Path(base, "socialmaturity", "questionnaires") if base else None


def _key(text: str) -> str:
    digest = hashlib.sha256(_code_stamp().encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def _code_stamp() -> str:
    """What the reading code is: versions, and the size and time of each model module."""
    import pydantic

    here = Path(__file__).parent
    modules = []
    for module in sorted(here.glob("*.py")):
        with contextlib.suppress(OSError):
            status = module.stat()
            modules.append(f"{module.name}:{status.st_size}:{status.st_mtime_ns}")
    return "|".join([__version__, sys.version, pydantic.VERSION, *modules])


def _read_entry(entry: Path) -> Questionnaire | None:
    try:
        data = json.loads(read_text(entry), object_hook=_decoded)
        return Questionnaire.model_validate(data)
    except (SocialMaturityError, ValueError, TypeError, RecursionError):
        return None  # missing or damaged (pydantic's ValidationError is a ValueError)


def _write_entry(entry: Path, data: Any) -> None:
    """Store an entry atomically, best effort: a cache that cannot be written is no cache."""
    try:
        text = json.dumps(_encoded(data), ensure_ascii=True, allow_nan=False, separators=(",", ":"))
    except _NotJson:
        return
    temporary = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(text)
        os.replace(temporary, entry)
        _prune(entry.parent)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


def _prune(folder: Path) -> None:
    """Keep the :data:`KEEP` newest entries."""
    entries = []
    for path in folder.glob("*.json"):
        with contextlib.suppress(OSError):
            entries.append((path.stat().st_mtime_ns, path))
    for _, path in sorted(entries, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):
            path.unlink()


#: The one key of the JSON object that stands for a mapping whose keys are not all text (YAML
#: allows ``1:``), as a list of [key, value] pairs. Any mapping that has this key itself is
#: written as pairs too, so reading back is never ambiguous.
_PAIRS = "\x00pairs"


class _NotJson(Exception):
    """A value JSON cannot give back exactly (not-a-number, infinity, another type)."""


def _encoded(value: Any) -> Any:
    """``value`` in a form JSON stores and :func:`_decoded` turns back into an equal value."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _NotJson
        return value
    if isinstance(value, list):
        return [_encoded(item) for item in value]
    if isinstance(value, dict):
        if _PAIRS not in value and all(type(key) is str for key in value):
            return {key: _encoded(item) for key, item in value.items()}
        return {_PAIRS: [[_encoded(key), _encoded(item)] for key, item in value.items()]}
    raise _NotJson


def _decoded(mapping: dict[str, Any]) -> Any:
    """A JSON object read back: a mapping of pairs becomes the mapping it stands for."""
    if len(mapping) == 1 and _PAIRS in mapping:
        return dict(mapping[_PAIRS])
    return mapping

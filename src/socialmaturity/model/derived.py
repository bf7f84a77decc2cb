"""Tables derived from a loaded questionnaire, built once per object and kept beside it.

A batch asks the same questions of one questionnaire for every file: which shared answer an
option gives, what scoring needs of each question. A questionnaire never changes once loaded,
so each table is built the first time and kept, by the identity of the object it comes from,
while that object is in use. Kept beside the models rather than in them: a table belongs to the
layer that uses it (scoring's rows to the engine), not to the questionnaire's file format.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

Source = TypeVar("Source")
Table = TypeVar("Table")

#: By (id of the source, builder): the source itself (which keeps its id from being reused
#: while it is kept) and the table built from it.
_KEPT: dict[tuple[int, Callable[[Any], Any]], tuple[object, Any]] = {}

#: More tables than this means a long-lived process that has loaded many questionnaires: all
#: are dropped, and the ones still in use are built again.
_MAX_KEPT = 256


def derived(source: Source, build: Callable[[Source], Table]) -> Table:
    """``build(source)``, built once for this very object and kept for the next call."""
    key = (id(source), build)
    kept = _KEPT.get(key)
    if kept is None or kept[0] is not source:
        if len(_KEPT) >= _MAX_KEPT:
            _KEPT.clear()
        kept = _KEPT[key] = (source, build(source))
    table: Table = kept[1]
    return table

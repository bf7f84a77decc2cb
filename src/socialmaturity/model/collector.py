"""Python's cyclic garbage collector kept out of the way while a questionnaire is built.

Reading a questionnaire builds millions of small objects that all live on (35,000 questions:
about 1.4 million YAML nodes, then the values, then the models), and none of them forms a cycle
that only the collector could free. Left running, the collector walks that growing heap again and
again: on a 35,000-question questionnaire it took more than half of ``validate``'s time, and more
with every question added. Paused while the file is read and validated, it costs nothing there;
what a big questionnaire leaves behind is then moved out of the collector's sight
(:func:`gc.freeze`), so the rest of the command does not walk it either. Objects are still freed
as usual when nothing refers to them.

Laying out a PDF is the same kind of work (WeasyPrint builds boxes for every element, line and
glyph run of the document): 4 full collections and 0.19 s of the demo's 2.1 s PDF. Those objects
are thrown away once the PDF is written, so nothing of that work is frozen.

The same holds while the tool starts: the modules it imports and the first questionnaire it
builds live as long as the process. :func:`quiet_start_up` holds the collector back until that
first build is done (about 50,000 new objects: 70 collections and 10 ms of a one-file
``score``); the build then calls :func:`start_up_done`, which keeps all of it out of later walks
and lets the collector run as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Objects left by a build beyond which they are kept out of later collections: a questionnaire
#: of about 5,000 questions leaves that many (about 18 a question). Below it, the collector walks
#: them in a few milliseconds.
FREEZE_FROM = 100_000

#: While the tool starts, the collector runs only after this many new objects, not Python's 700:
#: start-up makes fewer, and a command that never builds a questionnaire still has its cycles
#: collected now and then.
START_UP_THRESHOLD = 200_000

#: The collector's usual thresholds while :func:`quiet_start_up` holds it back, else None.
_usual: tuple[int, int, int] | None = None


def quiet_start_up() -> None:
    """Hold the collector back until the first questionnaire is built (see the module's note).

    Called once, first thing, by the command line; a library user's process is left alone.
    """
    global _usual
    if _usual is None:
        _usual = gc.get_threshold()
        gc.set_threshold(START_UP_THRESHOLD, *_usual[1:])


def start_up_done() -> None:
    """Keep what start-up made out of later collections, and collect as usual from here on.

    Called as each questionnaire is built; only the first ends a quiet start-up.
    """
    global _usual
    if _usual is not None:
        gc.freeze()
        gc.set_threshold(*_usual)
        _usual = None


@contextmanager
def paused_collector(*, lasting: bool = True) -> Iterator[None]:
    """Build without the cyclic collector; keep a big build out of its later walks.

    ``lasting``: what is built lives on (a questionnaire). Work whose objects are thrown away
    after (a PDF's layout) passes False: nothing of it is frozen. What a failed build leaves
    (an error's traceback holds the document) is not frozen either. Nested uses and a
    collector already off (a caller's choice) are left as they are.
    """
    if not gc.isenabled():
        yield
        return
    before = gc.get_count()[0]
    gc.disable()
    try:
        yield
        if lasting and gc.get_count()[0] - before >= FREEZE_FROM:
            gc.freeze()  # on success only: a failure's objects are left to be freed
    finally:
        gc.enable()

"""The first open slot from a given one, among slots that fill up: for placing in order.

Both the roadmap (phases fill up to their capacity) and the check of the steps' order (each
dimension's steps by level, taken as a group grows) ask it again and again. Walking the taken
slots one by one each time would make their work grow with the square of the steps; here every
run of taken slots is jumped over, and shortened for the next asker (path compression), so each
question costs nearly nothing.
"""

from __future__ import annotations


class OpenSlots:
    """Slots 0, 1, 2, ... (without end), each open until taken."""

    def __init__(self) -> None:
        self._later: dict[int, int] = {}  # a taken slot -> a later slot, which may be open

    def take(self, slot: int) -> None:
        """Mark ``slot`` as taken."""
        self._later[slot] = slot + 1

    def first_open(self, slot: int) -> int:
        """The first slot from ``slot`` on that is open."""
        later = self._later
        passed = []
        while slot in later:
            passed.append(slot)
            slot = later[slot]
        for each in passed:
            later[each] = slot
        return slot

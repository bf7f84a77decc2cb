"""The order of a questionnaire's steps, and its cycles, without an edge for every pair of steps.

A step comes after the ids its ``after`` names, after every step of its dimension towards a lower
level, and after the steps that appoint its owner (SPEC sections 1 and 3). Drawn as edges, the
order of levels alone has one for every pair of steps of a dimension: 35,000 steps in one
dimension would be hundreds of millions. Here a step's lower steps are found in its dimension's
list of steps, in questionnaire order, through a tree of the lowest level over each stretch of
it, so each step is reached once: time grows as n log n.

:meth:`StepOrder.cycles` names the same cycles, through the same ids, as a depth-first search
over every edge (Kosaraju's algorithm, then a shortest cycle through each group's first id) did
before: the searches skip only ids they would have passed over.
"""

from __future__ import annotations

import bisect
from collections.abc import Hashable, Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING

from socialmaturity.model.open_slots import OpenSlots

if TYPE_CHECKING:
    from socialmaturity.model.questionnaire import Questionnaire

#: Higher than any level: a step that no search may take.
_TAKEN = float("inf")


class _Lowest:
    """The lowest value over each stretch of a list, to find the first one under a bound."""

    def __init__(self, values: Sequence[float]) -> None:
        self.size = 1
        while self.size < len(values):
            self.size *= 2
        self.tree = [_TAKEN] * (2 * self.size)
        self.tree[self.size : self.size + len(values)] = values
        for i in range(self.size - 1, 0, -1):
            self.tree[i] = min(self.tree[2 * i], self.tree[2 * i + 1])

    def set(self, position: int, value: float) -> None:
        i = position + self.size
        self.tree[i] = value
        i //= 2
        while i:
            self.tree[i] = min(self.tree[2 * i], self.tree[2 * i + 1])
            i //= 2

    def first(self, start: int, bound: float) -> int:
        """The first position from ``start`` on whose value is below ``bound``, or -1."""
        if start >= self.size:
            return -1
        tree, i = self.tree, start + self.size
        while True:
            if tree[i] < bound:
                while i < self.size:
                    i = 2 * i if tree[2 * i] < bound else 2 * i + 1
                return i - self.size
            while i & 1:  # a right child: its parent's stretch is done, go up
                i //= 2
            if i == 0:
                return -1
            i += 1


class StepOrder:
    """What each step comes after: ``named`` (its ``after``), lower steps, ``appointed``.

    ``where`` gives each recommendation id's first place (dimension, index); ids written twice
    are one step, at their first place, as the rules report them. The tables that only the
    search for cycles needs are made when it first asks: :func:`may_cycle` usually tells there
    is none from the edges alone.
    """

    def __init__(
        self,
        q: Questionnaire,
        where: dict[str, tuple[int, int]],
        named: dict[str, list[str]],
        appointed: dict[str, tuple[str, ...]],
    ) -> None:
        self.where, self.named, self.appointed = where, named, appointed
        #: Each dimension's steps as written: (level, id), duplicates included.
        self.entries = [[(rec.level, rec.id) for rec in d.recommendations] for d in q.dimensions]
        self._searched: list[_Lowest] | None = None  # the trees of the shortest-cycle searches

    @cached_property
    def level(self) -> dict[str, int]:
        """Each id's level, at its first place."""
        return {rec_id: self.entries[d][r][0] for rec_id, (d, r) in self.where.items()}

    @cached_property
    def places(self) -> dict[str, list[tuple[int, int]]]:
        """Each id's places: (dimension, index), every time it is written."""
        places: dict[str, list[tuple[int, int]]] = {}
        for d, entries in enumerate(self.entries):
            for i, (_, rec_id) in enumerate(entries):
                places.setdefault(rec_id, []).append((d, i))
        return places

    @cached_property
    def lowest_in(self) -> dict[str, dict[int, int]]:
        """Each id's lowest level in each dimension where it is written."""
        lowest_in: dict[str, dict[int, int]] = {}
        for d, entries in enumerate(self.entries):
            for level, rec_id in entries:
                lowest = lowest_in.setdefault(rec_id, {})
                lowest[d] = min(level, lowest.get(d, level))
        return lowest_in

    def _lower(self, rec_id: str, trees: list[_Lowest]) -> Iterator[str]:
        """The ids of the lower steps of ``rec_id``'s dimension still open in ``trees``.

        Each is found only when it is asked for, so a search that closes an id meanwhile skips it.
        """
        d = self.where[rec_id][0]
        position = trees[d].first(0, self.level[rec_id])
        while position >= 0:
            yield self.entries[d][position][1]
            position = trees[d].first(position + 1, self.level[rec_id])

    def _needs(self, rec_id: str, trees: list[_Lowest]) -> Iterator[str]:
        """Everything ``rec_id`` comes after, in the order of its edges.

        Lower steps closed in ``trees`` are left out; the searches skip the other ids they saw.
        """
        yield from self.named[rec_id]
        yield from self._lower(rec_id, trees)
        yield from self.appointed[rec_id]

    def _trees(self, open_ids: set[str] | None) -> list[_Lowest]:
        """A tree per dimension, its steps open (all, or those of ``open_ids``)."""
        return [
            _Lowest(
                [
                    level if open_ids is None or rec_id in open_ids else _TAKEN
                    for level, rec_id in entries
                ]
            )
            for entries in self.entries
        ]

    def _close(self, rec_id: str, trees: list[_Lowest]) -> None:
        """No search through ``trees`` finds ``rec_id`` any more, wherever it is written."""
        for d, i in self.places[rec_id]:
            trees[d].set(i, _TAKEN)

    def cycles(self) -> Iterator[list[str]]:
        """One cycle per strongly connected group of ids, each id followed by one it needs first.

        Kosaraju: the finishing order of a depth-first search, then the groups on the reverse
        order; the cycle named is the shortest through the group's first id.
        """
        order: list[str] = []
        seen: set[str] = set()
        trees = self._trees(None)
        for start in self.where:
            if start in seen:
                continue
            seen.add(start)
            self._close(start, trees)
            stack = [(start, self._needs(start, trees))]
            while stack:
                node, pending = stack[-1]
                following = next((o for o in pending if o not in seen), None)
                if following is None:
                    stack.pop()
                    order.append(node)
                else:
                    seen.add(following)
                    self._close(following, trees)
                    stack.append((following, self._needs(following, trees)))
        for root, group in self._groups(order):
            if len(group) > 1:
                yield self._cycle_in(root, group)

    def _groups(self, order: list[str]) -> Iterator[tuple[str, set[str]]]:
        """The strongly connected groups, each with its root, taken in reverse finishing order."""
        reverse: dict[str, list[str]] = {rec_id: [] for rec_id in self.where}
        for rec_id in self.where:
            for other in (*self.named[rec_id], *self.appointed[rec_id]):
                reverse[other].append(rec_id)
        # each dimension's steps by level: those above an id's lowest level there come after it
        by_level: list[list[tuple[int, str]]] = [[] for _ in self.entries]
        for rec_id, (d, _) in self.where.items():
            by_level[d].append((self.level[rec_id], rec_id))
        for steps in by_level:
            steps.sort(key=lambda step: step[0])  # stable: questionnaire order within a level
        levels = [[level for level, _ in steps] for steps in by_level]
        at = {rec_id: i for steps in by_level for i, (_, rec_id) in enumerate(steps)}
        grouped_at = [OpenSlots() for _ in by_level]  # each dimension's positions still to group

        def take(rec_id: str) -> None:
            grouped_at[self.where[rec_id][0]].take(at[rec_id])

        grouped: set[str] = set()
        for root in reversed(order):
            if root in grouped:
                continue
            group, todo = {root}, [root]
            grouped.add(root)
            take(root)
            while todo:
                node = todo.pop()
                after_it = list(reverse[node])
                for d, lowest in self.lowest_in[node].items():
                    open_slots = grouped_at[d]
                    i = open_slots.first_open(bisect.bisect_right(levels[d], lowest))
                    while i < len(by_level[d]):
                        after_it.append(by_level[d][i][1])
                        open_slots.take(i)
                        i = open_slots.first_open(i + 1)
                for other in after_it:
                    if other not in grouped:
                        grouped.add(other)
                        group.add(other)
                        take(other)
                        todo.append(other)
            yield root, group

    def _cycle_in(self, root: str, group: set[str]) -> list[str]:
        """A shortest cycle through ``root`` inside its group, each level searched in edge order."""
        if self._searched is None:
            self._searched = self._trees(set())
        trees = self._searched
        for member in group - {root}:  # opened for this search only
            for d, i in self.places[member]:
                trees[d].set(i, self.entries[d][i][0])
        try:
            return self._shortest(root, group, trees)
        finally:
            for member in group:
                self._close(member, trees)

    def _shortest(self, root: str, group: set[str], trees: list[_Lowest]) -> list[str]:
        came_from: dict[str, str] = {}
        frontier = [root]
        while frontier:
            following: list[str] = []
            for node in frontier:
                d = self.where[node][0]
                lowest = self.lowest_in[root].get(d, _TAKEN)
                if (
                    root in self.named[node]
                    or root in self.appointed[node]
                    or (lowest < self.level[node])
                ):
                    cycle = [node]
                    while cycle[-1] != root:
                        cycle.append(came_from[cycle[-1]])
                    return cycle[::-1]
                for other in self._needs(node, trees):
                    if other in group and other not in came_from:
                        came_from[other] = node
                        self._close(other, trees)
                        following.append(other)
            frontier = following
        raise AssertionError("a strongly connected group always has a cycle")  # pragma: no cover


def may_cycle(order: StepOrder) -> bool:
    """Whether the steps' order may have a cycle, found in time linear in the questionnaire.

    Each dimension's order of levels is drawn through one node per level, which comes after the
    dimension's steps of the level below and after that level's node; a step comes after the node
    of its own level. Ids reach each other exactly as they do with an edge from each step to
    every lower step of its dimension, so there is a cycle only when there was one; the one
    false alarm, a step id written twice in one dimension (an error already), costs only time.
    """
    edges: dict[Hashable, list[Hashable]] = {
        rec_id: [*order.named[rec_id], *order.appointed[rec_id]] for rec_id in order.where
    }
    for d, entries in enumerate(order.entries):
        by_level: dict[int, list[str]] = {}
        for level, rec_id in entries:
            by_level.setdefault(level, []).append(rec_id)
        node_of: dict[int, Hashable] = {}  # each level's node, but the lowest's
        below: list[Hashable] = []
        for level in sorted(by_level):
            if below:
                node_of[level] = (d, level)
                edges[node_of[level]] = below
            below = [*by_level[level], *([node_of[level]] if level in node_of else [])]
        for r, (level, rec_id) in enumerate(entries):
            if order.where[rec_id] == (d, r) and level in node_of:
                edges[rec_id].append(node_of[level])
    # Kahn's algorithm: no cycle when every node is taken, each once no other node needs it
    waiting = dict.fromkeys(edges, 0)
    for needs in edges.values():
        for need in needs:
            waiting[need] += 1
    free = [node for node, count in waiting.items() if count == 0]
    taken = 0
    while free:
        node = free.pop()
        taken += 1
        for need in edges[node]:
            waiting[need] -= 1
            if waiting[need] == 0:
                free.append(need)
    return taken < len(edges)

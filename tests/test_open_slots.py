"""The first open slot, against walking the slots one by one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from socialmaturity.model.open_slots import OpenSlots


@given(st.lists(st.tuples(st.booleans(), st.integers(0, 40)), max_size=200))
def test_the_first_open_slot_is_the_one_a_walk_finds(moves: list[tuple[bool, int]]) -> None:
    slots, taken = OpenSlots(), set()
    for take, slot in moves:
        if take:
            slots.take(slot)
            taken.add(slot)
        walked = slot
        while walked in taken:
            walked += 1
        assert slots.first_open(slot) == walked


def test_a_run_of_taken_slots_is_jumped_over() -> None:
    slots = OpenSlots()
    for slot in range(5):
        slots.take(slot)
    assert slots.first_open(0) == 5
    assert slots.first_open(3) == 5
    assert slots.first_open(7) == 7

"""The answer file's round trip (``assess`` saves, ``migrate``) reads text as YAML 1.2 does.

ruamel.yaml, which keeps the comments and layout, follows YAML 1.1 where the two differ: a
``%YAML 1.1`` directive turns ``no`` into false, and NEL, LS and PS act as line breaks inside
text. Whatever the file says, what the tool's reader saw before a save is what it sees after.
"""

from __future__ import annotations

from typing import Any

import pytest

from socialmaturity.interview.writer import with_header
from socialmaturity.model.yaml_reader import load_yaml


def read(text: str) -> Any:
    return load_yaml("answers.yaml", allow_aliases=False, text=text).data


ODD = "a\u2028b\x85c\u2029d"
FILES = {
    "yaml-1.1": (
        "%YAML 1.1\n---\nquestionnaire: q\norganization: A\nrespondent: no\n"
        "round: 010\nanswers:\n  y: yes\n  one: on\n"
    ),
    "line-break-like": (
        f"questionnaire: q\norganization: '{ODD}'\nrespondent: \"{ODD}\"\nrole: {ODD}\n"
        f"answers:\n  one:\n    value: a\n    note: '{ODD}'\n  two:\n    note: >-\n      {ODD}\n"
    ),
}


@pytest.mark.parametrize("name", FILES)
def test_a_save_changes_only_what_it_sets(name: str) -> None:
    text = FILES[name]
    saved = with_header(text, {"assessor": "Priya"})
    assert read(saved) == {**read(text), "assessor": "Priya"}, saved


def test_a_value_set_with_line_break_like_characters_reads_back() -> None:
    saved = with_header("questionnaire: q\norganization: A\n", {"respondent": ODD})
    assert read(saved)["respondent"] == ODD, saved

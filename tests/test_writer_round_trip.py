"""The answer file's round trip (``assess`` saves, ``migrate``) reads text as YAML 1.2 does.

ruamel.yaml, which keeps the comments and layout, follows YAML 1.1 where the two differ: a
``%YAML 1.1`` directive turns ``no`` into false, and NEL, LS and PS act as line breaks inside
text. Whatever the file says, what the tool's reader saw before a save is what it sees after.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialmaturity.interview.writer import with_header
from socialmaturity.model.yaml_reader import load_yaml

from conftest import REPO

# questionnaires only: a translation (x.de.yaml) is text for one of them
BUNDLED = sorted(p.stem for p in (REPO / "questionnaires").glob("*.yaml") if "." not in p.stem)


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


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_blank_file_given_its_answers_is_the_blank_file_saved_with_them(
    data: st.DataObject,
) -> None:
    """``import`` and ``template --from`` write answers at once; ``assess`` saves them one by one
    into the blank file. Both give the same text."""
    from socialmaturity.interview.writer import blank_text, saved_text
    from socialmaturity.model.catalog import Catalog
    from socialmaturity.model.response import Answer

    questionnaire = Catalog().resolve(data.draw(st.sampled_from(BUNDLED)))
    answers = {}
    for _, question in questionnaire.question_by_id.values():
        if question.kind == "scale":
            value: Any = data.draw(st.integers(question.min or 0, question.max or 0))
        elif question.kind == "single":
            value = data.draw(st.sampled_from(list(question.option_by_value)))
        else:
            value = tuple(
                data.draw(st.lists(st.sampled_from(list(question.option_by_value)), unique=True))
            )
        if data.draw(st.booleans()):
            note = data.draw(st.none() | st.sampled_from(["seen", "a\nb", ODD, "x: y # z"]))
            answers[question.id] = Answer(value, note, data.draw(st.sampled_from([None, "seen"])))
    header = {"organization": "Acme", "date": data.draw(st.sampled_from([None, "2026-11-20"]))}
    blank = blank_text(questionnaire, header)
    assert blank_text(questionnaire, header, answers=answers) == saved_text(
        blank, questionnaire, {}, answers
    )

"""SPEC section 1: option `level` anchors, `addresses` and `after`, each error located."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialmaturity.errors import InputError
from socialmaturity.model.questionnaire import load_questionnaire

BASE = """\
id: t
version: "1"
title: T
levels:
  - {level: 1, name: A, min_score: 0}
  - {level: 2, name: B, min_score: 40}
  - {level: 3, name: C, min_score: 70}
dimensions:
  - id: d1
    name: D1
    questions:
      - id: q1
        text: Q1
        options:
          - {value: a, label: A, points: 0, level: 1}
          - {value: b, label: B, points: 1, level: 3}
      - id: q2
        text: Q2
        kind: multi
        options:
          - {value: x, label: X, points: 0}
          - {value: y, label: Y, points: 1}
    recommendations:
      - {id: r2, level: 2, title: R2, addresses: [q1]}
      - {id: r3, level: 3, title: R3, after: [s2]}
  - id: d2
    name: D2
    questions:
      - id: q3
        text: Q3
        options:
          - {value: a, label: A, points: 0}
          - {value: b, label: B, points: 1}
    recommendations:
      - {id: s2, level: 2, title: S2}
      - {id: s3, level: 3, title: S3, after: [r2]}
"""


def errors(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_questionnaire(path)
    return [str(problem).removeprefix(f"{path}:") for problem in caught.value.problems]


def test_base_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "q.yaml"
    path.write_text(BASE, encoding="utf-8")
    q = load_questionnaire(path)
    assert [o.level for o in q.dimensions[0].questions[0].options or ()] == [1, 3]
    r3 = q.dimensions[0].recommendations[1]
    assert (r3.after, q.dimensions[0].recommendations[0].addresses) == (["s2"], ["q1"])


def test_anchors_without_any_are_valid(tmp_path: Path) -> None:
    path = tmp_path / "q.yaml"
    path.write_text(BASE.replace(", level: 1}", "}").replace(", level: 3}", "}"), "utf-8")
    assert load_questionnaire(path).dimensions[0].questions[0].options[0].level is None  # type: ignore[index]


def location(text: str, marker: str, token: str) -> str:
    """``LINE:COL`` of ``token`` on the first line holding ``marker`` (1-based)."""
    for number, line in enumerate(text.splitlines(), 1):
        if marker in line:
            return f"{number}:{line.index(token, line.index(marker)) + 1}"
    raise AssertionError(marker)


@pytest.mark.parametrize(
    ("old", "new", "marker", "token", "message"),
    [
        (
            "level: 3}",
            "level: 4}",
            "level: 4",
            "4}",
            "level must be a level between 1 and 3, not 4",
        ),
        ("level: 3}", "level: 0}", "level: 0", "0}", "dimensions[0].questions[0].options[1].level"),
        (
            "points: 0}\n          - {value: y",
            "points: 0, level: 1}\n          - {value: y",
            "value: x",
            "level",
            "level anchors are only allowed on options of single questions",
        ),
        ("[q1]}", "[nope]}", "nope", "nope", "addresses names an unknown question 'nope'"),
        (
            "[q1]}",
            "[q3]}",
            "[q3]",
            "q3",
            "addresses names 'q3', a question of dimension 'd2'; a recommendation addresses "
            "questions of its own dimension ('d1')",
        ),
        ("[q1]}", "[q1, q1]}", "[q1, q1]", " q1]", "'q1' is listed twice in addresses"),
        ("[s2]}", "[zz]}", "[zz]", "zz", "after names an unknown recommendation 'zz'"),
        ("[s2]}", "[r3]}", "after: [r3]", "r3]", "'r3' cannot come after itself"),
    ],
)
def test_rule(tmp_path: Path, old: str, new: str, marker: str, token: str, message: str) -> None:
    assert old in BASE
    text = BASE.replace(old, new, 1)
    where = location(text, marker, token)
    if token.startswith(" "):
        line, column = where.split(":")
        where = f"{line}:{int(column) + 1}"
    found = errors(tmp_path, text)
    assert len(found) == 1 and found[0].startswith(f"{where}: error: {message}"), found


def test_after_cycle_through_the_level_order(tmp_path: Path) -> None:
    # r2 after r3 (its own dimension's next step): the order of levels says r2 comes first
    text = BASE.replace("addresses: [q1]}", "addresses: [q1], after: [r3]}")
    found = errors(tmp_path, text)
    where = location(text, "after: [r3]", "r3")
    assert len(found) == 1
    assert found[0].startswith(f"{where}: error: after makes a cycle with the order of levels: ")
    assert "r3 -> r2 -> r3" in found[0]


def test_after_cycle_across_dimensions(tmp_path: Path) -> None:
    # r3 after s2, s3 after r2: fine. s2 after r3 closes r3 -> s2 -> r3.
    found = errors(
        tmp_path,
        BASE.replace("{id: s2, level: 2, title: S2}", "{id: s2, level: 2, title: S2, after: [r3]}"),
    )
    assert len(found) == 1
    assert "after makes a cycle" in found[0] and "s2 -> r3 -> s2" in found[0]


def test_a_longer_cycle_names_every_id(tmp_path: Path) -> None:
    # s3 after r2 and (new) r2 after s3 via s2: r2 -> s2 -> s3 -> r2 with the level order
    text = BASE.replace("addresses: [q1]}", "addresses: [q1], after: [s3]}")
    found = errors(tmp_path, text)
    assert len(found) == 1 and "after makes a cycle" in found[0]
    for rec in ("r2", "s3"):
        assert rec in found[0]


def test_unknown_and_cyclic_reported_together(tmp_path: Path) -> None:
    text = BASE.replace("addresses: [q1]}", "addresses: [q1], after: [r3, ghost]}")
    found = errors(tmp_path, text)
    assert [f.split(": error: ")[1].split(":")[0] for f in found] == [
        "after names an unknown recommendation 'ghost'",
        "after makes a cycle with the order of levels",
    ]


@pytest.mark.parametrize(("key", "value"), [("points", "1000001"), ("weight", "2e6")])
def test_numbers_are_bounded(tmp_path: Path, key: str, value: str) -> None:
    if key == "points":
        text = BASE.replace("points: 1, level: 3}", f"points: {value}, level: 3}}")
    else:
        text = BASE.replace("        text: Q1\n", f"        text: Q1\n        weight: {value}\n")
    found = errors(tmp_path, text)
    assert len(found) == 1 and "less than or equal to 1000000" in found[0]

"""``appoints`` (SPEC sections 1, 3 and 6): the role a step puts in post, and who waits for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialmaturity.engine.lint import lint
from socialmaturity.errors import InputError
from socialmaturity.model.questionnaire import load_questionnaire

HEAD = """\
id: appoint-q
version: "1"
title: Appointing
levels:
  - {level: 1, name: One, min_score: 0}
  - {level: 2, name: Two, min_score: 50}
  - {level: 3, name: Three, min_score: 75}
dimensions:
  - id: lead
    name: Lead
    questions:
      - id: l1
        text: L1?
        options:
          - {value: a, label: A, points: 0, level: 1}
          - {value: b, label: B, points: 1, level: 2}
    recommendations:
"""


def load(tmp_path: Path, recommendations: str) -> object:
    path = tmp_path / "q.yaml"
    path.write_text(HEAD + recommendations, encoding="utf-8")
    return load_questionnaire(path)


def test_an_owner_waiting_for_its_own_later_appointment_is_a_cycle(tmp_path: Path) -> None:
    # hire (level 3) comes after work (level 2) by the order of levels; work's owner is the role
    # hire appoints, so work comes after hire: no order satisfies both
    with pytest.raises(InputError) as caught:
        load(
            tmp_path,
            "      - {id: work, level: 2, title: Work, owner: Head of Social}\n"
            "      - {id: hire, level: 3, title: Hire, owner: CEO, appoints: head of social}\n",
        )
    (problem,) = caught.value.problems
    assert problem.message.startswith("owner and appoints make a cycle with the order of levels")
    assert "work" in problem.message and "hire" in problem.message
    assert problem.location is not None and problem.location.line == 18  # work's owner


def test_lint_finds_a_role_nobody_owns_and_a_role_appointed_twice(tmp_path: Path) -> None:
    q = load(
        tmp_path,
        "      - {id: hire, level: 2, title: Hire, owner: CEO, appoints: Head of Social}\n"
        "      - {id: again, level: 2, title: Again, owner: CEO, appoints: head of social}\n"
        "      - {id: work, level: 3, title: Work, owner: Head of Social}\n"
        "      - {id: odd, level: 3, title: Odd, owner: CEO, appoints: Chief Listener}\n",
    )
    found = [(f.code, f.path[-2]) for f in lint(q) if f.code == "appoints-unknown"]  # type: ignore[arg-type]
    assert found == [("appoints-unknown", 1), ("appoints-unknown", 3)]

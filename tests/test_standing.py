"""The strength and what holds the company back (SPEC section 3), at ties of float noise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli, write

# Every dimension below scores exactly 100/3, which floats reach as 33.33333333333333 or as
# 33.333333333333336 depending on the sum: SPEC 3 compares scores "unrounded (ties within 1e-9)".
QUESTIONNAIRE = """\
id: ties
version: "1"
title: Ties
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: Mid, min_score: 20}
  - {level: 3, name: High, min_score: 90}
dimensions:
  - id: x
    name: X
    questions:
      - {id: x1, text: X1?, kind: scale, min: 0, max: 3}
  - id: y
    name: Y
    questions:
      - {id: y1, text: Y1?, kind: scale, min: 0, max: 4}
      - {id: y2, text: Y2?, kind: scale, min: 0, max: 12}
  - id: z
    name: Z
    questions:
      - {id: z1, text: Z1?, kind: scale, min: 0, max: 3}
"""


@pytest.mark.parametrize(
    ("answers", "strength", "holding_back"),
    [
        ("{x1: 1, y1: 1, y2: 5, z1: 1}", "x", "y"),  # all tie: questionnaire order
        ("{x1: 3, y1: 1, y2: 5, z1: 1}", "x", "y"),  # y and z tie below x
    ],
)
def test_scores_within_float_noise_tie(
    tmp_path: Path, answers: str, strength: str, holding_back: str
) -> None:
    questionnaire = write(tmp_path / "q.yaml", QUESTIONNAIRE)
    response = write(
        tmp_path / "r.yaml", f"questionnaire: ties\norganization: T\nanswers: {answers}\n"
    )
    run = run_cli("report", response, "-q", questionnaire, "--format", "json")
    assert run.code == 0, run.stderr
    data = json.loads(run.stdout)
    assert (data["strength"], data["holding_back"]) == (strength, holding_back)

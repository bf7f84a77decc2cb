"""The regression cases in tests/cases/ pin one typical client profile per level of the bundled
model: a wording, weight or cap change that moves a profile shows up here (and in CI)."""

from __future__ import annotations

import re

from conftest import REPO, run_cli

CASES = REPO / "tests" / "cases"


def test_every_case_passes() -> None:
    run = run_cli("check", CASES)
    assert run.code == 0, run.stdout + run.stderr
    assert run.stderr.strip() == "3 passed, 0 failed"


def test_one_profile_per_level() -> None:
    levels = {}
    for case in sorted(CASES.glob("*.yaml")):
        text = case.read_text(encoding="utf-8")
        block = text[text.index("\nexpect:") :]
        found = re.search(r"overall:\s*\{?\s*level:\s*(\d)", block)
        assert found, case
        levels[case.name] = int(found.group(1))
    assert levels == {
        "level-2-emerging.yaml": 2,
        "level-3-coordinated.yaml": 3,
        "level-4-integrated.yaml": 4,
    }

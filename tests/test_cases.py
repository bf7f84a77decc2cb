"""The regression cases in tests/cases/ pin typical client profiles of the bundled model: one
per level, and three kinds of client (a sales-led B2B firm without a CMO, a consumer brand that
does not listen, a regulated bank with excellent governance). A wording, weight or cap change that
moves a profile shows up here (and in CI), and every profile's report keeps the report's rules."""

from __future__ import annotations

import json
import re

import pytest

from test_report_json import check_rules

from conftest import REPO, run_cli

CASES = REPO / "tests" / "cases"


def test_every_case_passes() -> None:
    run = run_cli("check", CASES)
    assert run.code == 0, run.stdout + run.stderr
    assert run.stderr.strip() == "6 passed, 0 failed"


def test_one_profile_per_level() -> None:
    levels = {}
    for case in sorted(CASES.glob("*.yaml")):
        text = case.read_text(encoding="utf-8")
        block = text[text.index("\nexpect:") :]
        found = re.search(r"overall:\s*\{?\s*level:\s*(\d)", block)
        assert found, case
        levels[case.name] = int(found.group(1))
    assert levels == {
        "b2b-sales-led.yaml": 2,
        "consumer-no-listening.yaml": 1,
        "regulated-bank.yaml": 3,
        "level-2-emerging.yaml": 2,
        "level-3-coordinated.yaml": 3,
        "level-4-integrated.yaml": 4,
    }


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.glob("*.yaml")))
def test_every_profiles_report_keeps_the_rules(case: str) -> None:
    data = json.loads(run_cli("report", CASES / case, "--format", "json").stdout)
    check_rules(data, run_cli("report", CASES / case).stdout)

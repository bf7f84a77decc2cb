"""SPEC 4: "Sentences that are true only sometimes are printed only then".

Each case is a report whose answers make one of the summary's or the roadmap's general
sentences false; the report must say what is true of these answers instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, run_cli, write

FIXTURES = REPO / "tests" / "fixtures" / "statements"
ONE_DIMENSION = FIXTURES / "one-dimension.yaml"  # da: a1, a2 anchored 1-4; g2, g3, s4a-c
TWO_CAPS = FIXTURES / "two-caps.yaml"  # ca: c1 and c3 cap at 1 (c3 weight 0), c2 caps at 3


def organization(tmp_path: Path, answers: dict[str, str]) -> list[Path]:
    """One file of organization O per respondent, answering t8 (``answers`` by name)."""
    return [
        write(
            tmp_path / f"{name}.yaml",
            f"questionnaire: t8\norganization: O\nrespondent: {name}\ndate: 2026-11-20\n"
            f"answers: {{{given}}}\n",
        )
        for name, given in answers.items()
    ]


def c1_caps_at_2(tmp_path: Path) -> Path:
    """TWO_CAPS with c1's "n" capping at 2 (c3's still at 1)."""
    return write(
        tmp_path / "q.yaml",
        TWO_CAPS.read_text(encoding="utf-8").replace(
            "{value: n, label: No1, points: 0, level: 1, cap: 1}",
            "{value: n, label: No1, points: 0, level: 1, cap: 2}",
        ),
    )


def capped_ca(
    tmp_path: Path, questionnaire: Path, answers: dict[str, str]
) -> tuple[dict[str, Any], list[Path]]:
    """Dimension ca of the organization report of these answers (by name), and its files."""
    files = organization(tmp_path, answers)
    run = run_cli("report", *files, "-q", questionnaire, "--format", "json")
    assert run.code == 0, run.stderr
    ca = next(d for d in json.loads(run.stdout)["dimensions"] if d["id"] == "ca")
    return ca, files


def report(tmp_path: Path, questionnaire: Path, answers: str, *args: str) -> str:
    qid = "t4" if questionnaire == ONE_DIMENSION else "t8"
    response = write(
        tmp_path / "r.yaml", f"questionnaire: {qid}\norganization: O\nanswers: {answers}\n"
    )
    run = run_cli("report", response, "-q", questionnaire, "--format", "md", *args)
    assert run.code == 0, run.stderr
    return run.stdout


@pytest.mark.parametrize("output_format", ["md", "html"])
def test_an_empty_plan_below_target_says_the_steps_are_in_place(
    tmp_path: Path, output_format: str
) -> None:
    # level 2, target 3; g3 (level 3) is in place: a2 is at the top, a1 na
    response = write(
        tmp_path / "r.yaml",
        "questionnaire: t4\norganization: O\nanswers: {a1: na, a2: top, a3: lo, a4: [p, q]}\n",
    )
    run = run_cli("report", response, "-q", ONE_DIMENSION, "--format", output_format)
    assert run.code == 0, run.stderr
    assert "already at its target level" not in run.stdout
    assert "DA is below its target (level 3, L3), but the answers show" in run.stdout
    assert "already in place" in run.stdout


def test_an_empty_plan_with_answers_below_the_level_does_not_deny_them(tmp_path: Path) -> None:
    # level 3 (a1 lo, level 1, is below it), target 1: no recommendation up to level 1
    text = report(tmp_path, ONE_DIMENSION, "{a1: lo, a2: top, a3: hi, a4: [p, q]}", "--target", "1")
    assert "no answer falls short" not in text
    assert "Every dimension is at or above its target level" in text
    assert "answers below a level already reached are listed with each dimension" in text


def test_an_empty_plan_without_recommendations_to_the_target_says_so(tmp_path: Path) -> None:
    # cb: 83.3 = level 3, target 4; its recommendations stop at level 3; ca and cc at the top
    answers = "{d1: top, d2: hi, c1: y, c2: y, c3: y, c4: y, e1: top}"
    text = report(tmp_path, TWO_CAPS, answers, "--target", "4")
    assert "at or above its target level" not in text
    assert "The questionnaire recommends no step to take CB to its target, level 4, L4." in text


def test_every_cap_that_lowers_a_dimension_is_counted_in_the_summary(tmp_path: Path) -> None:
    text = report(tmp_path, TWO_CAPS, "{d1: lo, d2: top, c1: n, c2: y, c3: n, c4: y, e1: hi}")
    summary = text.split("## ")[1]
    assert "One missing foundation" not in summary
    assert "2 missing foundations hold it down" in summary
    assert "C1?" in summary and "and 1 more answer" in summary


def test_an_organization_s_differing_answers_are_quoted_as_their_median(tmp_path: Path) -> None:
    """SPEC 3: an organization's answer level is the lower median of its respondents'; a
    sentence quoting it as "the answer" would deny the respondent who said otherwise."""
    same = "d1: top, d2: top, c1: y, c2: y, c3: y, c4: y"
    files = organization(tmp_path, {"Ann": f"{same}, e1: lo", "Bob": f"{same}, e1: top"})
    run = run_cli("report", *files, "-q", TWO_CAPS, "--format", "md")
    assert run.code == 0, run.stderr
    summary = run.stdout.split("## ")[1]
    assert "Holding the company back: CC" in summary
    assert "asked “E1?”, the respondents' median answer was “Lo”" in summary
    assert "E1? *Lo* (level 1, the median of 2 answers, not all the same)" in run.stdout
    # where they agree, it is the answer
    assert "*Top* (level 4)" in run.stdout


def test_every_answer_stands_in_its_dimension_s_section(tmp_path: Path) -> None:
    """An answer without a level anchor (a scale, a multi) sits in none of above, at and below
    (SPEC 3), but the section that counts it as answered still shows it."""
    run = run_cli("report", REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml")
    assert run.code == 0, run.stderr
    section = run.stdout.split("### Long-haul measurement:")[1].split("\n### ")[0]
    assert "**Other answers**" in section
    assert "For how many years does the company hold comparable" in section


def test_a_dimension_without_a_score_is_not_said_to_be_at_level_1(tmp_path: Path) -> None:
    # ca: only c3 (weight 0) answered: no score, no level to sit at or below
    text = report(tmp_path, TWO_CAPS, "{d1: lo, d2: top, c3: n, e1: hi}")
    section = text.split("### CA:")[1].split("\n### ")[0]
    assert "At its level" not in section and "Below its level" not in section
    assert "**Other answers**" in section and "C3? *No3*" in section


def test_an_organization_s_caps_that_hold_for_half_of_it_all_lower_the_dimension(
    tmp_path: Path,
) -> None:
    """SPEC 3: every cap below the level the score reaches counts; SPEC 5: for an organization,
    a cap holds when it holds for at least half of the respondents. Ann's c1 caps at 2, Bob's
    c3 at 1: the combined cap is 1, and the cap at 2 holds for both of them too."""
    questionnaire = c1_caps_at_2(tmp_path)
    rest = "d1: top, d2: top, c2: y, c4: y, e1: top"
    files = organization(tmp_path, {"Ann": f"{rest}, c1: n, c3: y", "Bob": f"{rest}, c1: y, c3: n"})
    run = run_cli("report", *files, "-q", questionnaire, "--format", "json")
    assert run.code == 0, run.stderr
    data = json.loads(run.stdout)
    ca = next(d for d in data["dimensions"] if d["id"] == "ca")
    assert ca["level"] == 1
    assert [cap["question"] for cap in ca["capped_by"]] == ["c1", "c3"]
    # the cap's box says how many of them gave the answer that holds it
    text = run_cli("report", *files, "-q", questionnaire, "--format", "md").stdout
    assert "*No1* (1 of 2 respondents)." in text
    assert "*No3* (1 of 2 respondents)." in text


def test_an_organization_s_cap_chosen_by_too_few_to_hold_on_its_own_is_not_named(
    tmp_path: Path,
) -> None:
    """Ann's c1 caps at 2, Bob's and Cy's c3 at 1: the combined cap, 1, is theirs. Ann's cap
    holds for one respondent in three: were c3 answered better, the caps' median would not be
    2. A question holds the level when at least half of them gave it a capping answer."""
    rest = "d1: top, d2: top, c2: y, c4: y, e1: top"
    ca, _files = capped_ca(
        tmp_path,
        c1_caps_at_2(tmp_path),
        {
            "Ann": f"{rest}, c1: n, c3: y",
            "Bob": f"{rest}, c1: y, c3: n",
            "Cy": f"{rest}, c1: y, c3: n",
        },
    )
    assert ca["level"] == 1
    assert [cap["question"] for cap in ca["capped_by"]] == ["c3"]


def test_an_empty_plan_says_which_steps_are_in_place_and_that_none_go_further(
    tmp_path: Path,
) -> None:
    # cb: 66.7 = level 2, target 4; rd3 (level 3) is in place, nothing is recommended at 4
    answers = "{d1: mid, d2: top, c1: y, c2: y, c3: y, c4: y, e1: top}"
    text = report(tmp_path, TWO_CAPS, answers, "--target", "1", "--target", "cb=4")
    assert "the steps to it already in place" not in text
    assert (
        "CB is below its target (level 4, L4): the answers show the steps up to level 3, L3 "
        "already in place (listed below), and the questionnaire recommends none beyond."
    ) in text


def test_the_same_answer_once_claimed_is_not_a_median(tmp_path: Path) -> None:
    """Whether respondents differ is a matter of the options they chose, not of how sure."""
    same = "d1: top, c1: y, c2: y, c3: y, c4: y, e1: top"  # cb holds back: d2 is quoted
    files = organization(
        tmp_path, {"Ann": f"{same}, d2: {{value: hi, evidence: claimed}}", "Bob": f"{same}, d2: hi"}
    )
    run = run_cli("report", *files, "-q", TWO_CAPS, "--format", "md")
    assert run.code == 0, run.stderr
    assert "asked “D2?”, the answer was “Hi (claimed, not seen) / Hi”" in run.stdout
    assert "median" not in run.stdout


def test_an_organization_s_caps_are_counted_by_question(tmp_path: Path) -> None:
    """Caps hold by question: c1 and c3 both cap at 1; Ann chose both, Bob c3, Cy neither. c3
    holds for two of three (the level is theirs); c1, chosen by Ann alone, holds for nobody
    else and would not hold were c3 answered better: it is not named, whatever its level."""
    rest = "d1: top, d2: top, c2: y, c4: y, e1: top"
    ca, files = capped_ca(
        tmp_path,
        TWO_CAPS,
        {
            "Ann": f"{rest}, c1: n, c3: n",
            "Bob": f"{rest}, c1: y, c3: n",
            "Cy": f"{rest}, c1: y, c3: y",
        },
    )
    assert ca["level"] == 1
    assert [cap["question"] for cap in ca["capped_by"]] == ["c3"]
    text = run_cli("report", *files, "-q", TWO_CAPS, "--format", "md").stdout
    assert "One missing foundation holds it down" in text
    assert "*No3* (2 of 3 respondents)." in text
    assert "| No3 (2 of 3 respondents) |" in text  # and in what holds the levels back

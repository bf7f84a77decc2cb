"""SPEC section 5: rounds of respondents, and trends that say when a change is not the company's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import REPO, run_cli, write

DEMO = (REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml").read_text(encoding="utf-8")


def response(
    folder: Path,
    name: str,
    *,
    date: str | None,
    who: str = "Maren Holloway",
    round_name: str | None = None,
    organization: str | None = None,
) -> Path:
    lines = []
    for line in DEMO.splitlines():
        if line.startswith("date:"):
            if date is None:
                continue
            line = f"date: {date}"
        if line.startswith("respondent:"):
            line = f"respondent: {who}"
        if line.startswith("organization:") and organization is not None:
            line = f"organization: {organization}"
        lines.append(line)
        if line.startswith("assessor:") and round_name is not None:
            lines.append(f"round: {round_name}")
    return write(folder / name, "\n".join(lines) + "\n")


def combined(folder: Path, *args: str) -> list[dict[str, object]]:
    run = run_cli("score", "--by", "organization", folder, "--format", "json", *args)
    assert run.code == 0, run.stderr
    return json.loads(run.stdout)  # type: ignore[no-any-return]


def test_a_round_takes_dates_up_to_31_days_after_its_earliest(tmp_path: Path) -> None:
    response(tmp_path, "a.yaml", date="2026-01-01", who="A")
    response(tmp_path, "b.yaml", date="2026-02-01", who="B")  # 31 days later: joins
    response(tmp_path, "c.yaml", date="2026-02-02", who="C")  # 32 days after the start: new
    found = combined(tmp_path)
    assert [(r["date"], r["dates"], r["respondents"]) for r in found] == [
        ("2026-01-01", ["2026-01-01", "2026-02-01"], 2),
        ("2026-02-02", ["2026-02-02"], 1),
    ]
    assert all(r["round"] is None for r in found)


def test_named_rounds_group_by_name_and_never_mix_with_unnamed(tmp_path: Path) -> None:
    response(tmp_path, "a.yaml", date="2026-01-01", who="A", round_name="2026 Annual Review")
    response(tmp_path, "b.yaml", date="2026-05-01", who="B", round_name=" 2026 annual review ")
    response(tmp_path, "c.yaml", date="2026-01-02", who="C")
    response(tmp_path, "d.yaml", date=None, who="D")
    response(tmp_path, "e.yaml", date=None, who="E")
    found = combined(tmp_path)
    summary = [(r["round"], r["dates"], r["respondents"]) for r in found]
    assert summary == [
        ("2026 Annual Review", ["2026-01-01", "2026-05-01"], 2),
        (None, ["2026-01-02"], 1),
        (None, [], 2),  # undated, unnamed: one round of their own
    ]


def test_organizations_are_matched_trimmed_and_case_insensitive(tmp_path: Path) -> None:
    response(
        tmp_path, "a.yaml", date="2026-01-01", who="A", organization="  northwind OUTDOOR gear"
    )
    response(tmp_path, "b.yaml", date="2026-01-05", who="B")
    assert [r["respondents"] for r in combined(tmp_path)] == [2]


def test_trend_says_when_different_people_answered(tmp_path: Path) -> None:
    response(tmp_path, "a.yaml", date="2025-11-10", who="A")
    response(tmp_path, "b.yaml", date="2026-11-10", who="B")
    run = run_cli("trend", tmp_path, "--format", "json")
    assert run.code == 0, run.stderr
    assert "different people answered" in run.stderr and "warning:" in run.stderr
    (record,) = json.loads(run.stdout)
    assert [a["dates"] for a in record["assessments"]] == [["2025-11-10"], ["2026-11-10"]]
    assert [a["round"] for a in record["assessments"]] == [None, None]
    md = run_cli("trend", tmp_path, "--format", "md").stdout
    assert "(note: different people answered)" in md
    same = tmp_path / "same"
    response(same, "a.yaml", date="2025-11-10", who="A")
    response(same, "b.yaml", date="2026-11-10", who=" a ")
    assert "different people" not in run_cli("trend", same, "--format", "json").stderr


def test_trend_says_when_the_model_changed(tmp_path: Path) -> None:
    response(tmp_path, "a.yaml", date="2025-11-10")
    older = response(tmp_path, "b.yaml", date="2026-11-10")
    older.write_text(
        older.read_text().replace(
            'questionnaire_version: "3.0.0"', 'questionnaire_version: "1.9.0"'
        )
    )
    run = run_cli("trend", tmp_path, "--format", "json")
    assert "the model changed between them (3.0.0 to 1.9.0)" in run.stderr


@pytest.mark.parametrize("spread", ["2026-01-01", "2026-03-01"])
def test_a_report_of_files_from_several_rounds_says_so(tmp_path: Path, spread: str) -> None:
    a = response(tmp_path, "a.yaml", date="2026-01-01", who="A")
    b = response(tmp_path, "b.yaml", date=spread, who="B")
    run = run_cli("report", a, b)
    assert run.code == 0, run.stderr
    several = "assessment rounds" in run.stderr
    assert several == (spread != "2026-01-01")


def test_window_sets_the_days_a_round_spans(tmp_path: Path) -> None:
    response(tmp_path, "a.yaml", date="2026-01-01", who="A")
    response(tmp_path, "b.yaml", date="2026-01-10", who="B")
    assert [r["respondents"] for r in combined(tmp_path)] == [2]
    assert [r["respondents"] for r in combined(tmp_path, "--window", "5")] == [1, 1]
    run = run_cli("trend", tmp_path, "--window", "5", "--format", "json")
    assert len(json.loads(run.stdout)[0]["assessments"]) == 2
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    assert "assessment rounds" not in run_cli("report", a, b).stderr
    assert "assessment rounds" in run_cli("report", a, b, "--window", "5").stderr
    assert run_cli("score", tmp_path, "--window", "-1").code == 2


def test_files_of_several_rounds_combined_in_a_report_name_no_one_round(tmp_path: Path) -> None:
    """Combined with a warning, they are no one round: the report does not call them "R1"."""
    a = response(tmp_path, "a.yaml", date="2026-01-01", who="A")
    b = response(tmp_path, "b.yaml", date="2026-01-02", who="B", round_name="R1")
    run = run_cli("report", a, b, "--format", "json")
    assert run.code == 0 and "assessment rounds" in run.stderr
    assert json.loads(run.stdout)["round"] is None
    c = response(tmp_path, "c.yaml", date="2026-01-03", who="C", round_name=" r1 ")
    run = run_cli("report", b, c, "--format", "json")
    assert run.code == 0 and "assessment rounds" not in run.stderr
    assert json.loads(run.stdout)["round"] == "R1"

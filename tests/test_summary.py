"""The executive summary's findings (render/summary.py), drawn from a response's answers."""

from __future__ import annotations

import json
from pathlib import Path

from socialmaturity.engine.scoring import score_response
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.loading import load_response
from socialmaturity.render.report import report_context


def test_two_caps_at_one_level_in_one_dimension_name_the_first_asked(tmp_path: Path) -> None:
    """Both caps hold executive buy-in at level 2; sorting them once compared the results."""
    questionnaire = Catalog().resolve("social-maturity")
    best = {  # the top answer to every single question but the two capping ones
        question.id: max(question.options or (), key=lambda option: option.points).value
        for dimension in questionnaire.dimensions
        for question in dimension.questions
        if question.kind == "single"
    }
    best |= {"exec_sponsor": "marketing_only", "exec_funding": "campaign_funding"}
    lines = [f"  {question_id}: {value}" for question_id, value in best.items()]
    answers = tmp_path / "two-caps.yaml"
    answers.write_text(
        "questionnaire: social-maturity\norganization: Acme\nanswers:\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    response, questionnaire = load_response(str(answers), Catalog())
    result = score_response(questionnaire, response)
    executive = result.dimensions[0]
    assert [cap.level for cap in executive.lowering_caps] == [2, 2]
    findings = report_context(result)["summary"]["findings"]
    held = [f for f in findings if f["kind"] == "Holding the company back"]
    assert len(held) == 1
    sponsor = questionnaire.question_by_id["exec_sponsor"][1]
    assert sponsor.text in held[0]["text"]  # the first capping question in questionnaire order


def test_the_strength_is_shown_by_an_answer_that_reaches_its_level() -> None:
    """The consumer brand's strength once quoted the answer that caps it (found by reading)."""
    from conftest import REPO, run_cli

    case = REPO / "tests" / "cases" / "consumer-no-listening.yaml"
    markdown = run_cli("report", case).stdout
    strength = next(line for line in markdown.splitlines() if "Strength to keep" in line)
    assert "Staff check the company's own pages" not in strength
    data = json.loads(run_cli("report", case, "--format", "json").stdout)
    first = data["phases"][0]["steps"][0]
    line = next(line for line in markdown.splitlines() if line.startswith("1. **"))
    if first["kind"] == "gap":  # a gap is not "towards" a level the dimension already has
        assert f"closes a gap under level {first['level']}" in line


def test_evidence_counts_only_what_was_said() -> None:
    from conftest import REPO, run_cli

    markdown = run_cli("report", REPO / "tests" / "cases" / "regulated-bank.yaml").stdout
    assert "answers backed by evidence the assessor saw." in markdown
    assert "0 answers" not in markdown and "claimed without it" not in markdown

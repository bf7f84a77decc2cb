"""``evidence: seen | claimed`` on answers (SPEC sections 2 and 4)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import REPO, run_cli

DEMO = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"
CLAIMED = "(claimed, not seen)"


def with_evidence(tmp_path: Path, first: str = "claimed", second: str = "seen") -> Path:
    text = DEMO.read_text(encoding="utf-8")
    text = text.replace(
        "  exec_roadmap: one_year\n",
        f"  exec_roadmap:\n    value: one_year\n    evidence: {first}\n",
    )
    text = text.replace(
        "  exec_market_research: yearly_input\n",
        f"  exec_market_research:\n    value: yearly_input\n    evidence: {second}\n",
    )
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_claimed_answers_are_marked_wherever_shown_and_counted(tmp_path: Path) -> None:
    answers = with_evidence(tmp_path)
    assert run_cli("validate", answers).code == 0
    markdown = run_cli("report", answers).stdout
    assert "1 answer backed by evidence the assessor saw, 1 answer claimed" in markdown
    assert f"*A one-year plan with dated milestones and named owners {CLAIMED}*" in markdown
    appendix = markdown.split("## Appendix")[1]
    assert f"A one-year plan with dated milestones and named owners {CLAIMED}" in appendix
    seen = "an input to the yearly marketing plan"
    assert f"{seen} {CLAIMED}" not in markdown and seen in markdown
    data = json.loads(run_cli("report", answers, "--format", "json").stdout)
    evidence = {a["question"]: a["evidence"] for a in data["answers"]}
    assert evidence["exec_roadmap"] == "claimed"
    assert evidence["exec_market_research"] == "seen"
    assert evidence["exec_planning"] is None


def test_without_evidence_the_report_says_nothing_of_it() -> None:
    markdown = run_cli("report", DEMO).stdout
    assert CLAIMED not in markdown and "Evidence:" not in markdown


def test_evidence_other_than_seen_or_claimed_is_a_located_error(tmp_path: Path) -> None:
    answers = with_evidence(tmp_path, first="heard")
    run = run_cli("validate", answers)
    assert run.code == 1
    line = next(n for n, text in enumerate(answers.read_text().splitlines(), 1) if "heard" in text)
    assert (
        f"r.yaml:{line}:15: error: evidence must be seen or claimed, not text ('heard')"
        in run.stderr
    )


def test_evidence_reads_the_same_in_flow_style(tmp_path: Path) -> None:
    block = with_evidence(tmp_path)
    flow = tmp_path / "flow.yaml"
    flow.write_text(
        block.read_text(encoding="utf-8").replace(
            "  exec_roadmap:\n    value: one_year\n    evidence: claimed\n",
            "  exec_roadmap: {value: one_year, evidence: claimed}\n",
        ),
        encoding="utf-8",
    )
    assert flow.read_text(encoding="utf-8") != block.read_text(encoding="utf-8")
    from_block = run_cli("report", block, "--format", "json")
    from_flow = run_cli("report", flow, "--format", "json")
    assert from_block.code == from_flow.code == 0
    assert from_block.stdout.replace(str(block), str(flow)) == from_flow.stdout


def test_a_claimed_answer_is_marked_among_the_disagreements(tmp_path: Path) -> None:
    """SPEC 4: claimed answers are shown as claimed wherever shown, the questions to resolve with
    the client included."""
    claimed = with_evidence(tmp_path)
    other = tmp_path / "bob.yaml"
    other.write_text(
        DEMO.read_text(encoding="utf-8")
        .replace("respondent: Maren Holloway", "respondent: Bob Quill")
        .replace("  exec_roadmap: one_year\n", "  exec_roadmap: none\n"),
        encoding="utf-8",
    )
    label = "A one-year plan with dated milestones and named owners"
    for output_format in ("md", "html"):
        text = run_cli("report", claimed, other, "--format", output_format).stdout
        resolve = text.split("Questions to resolve")[1].split(label)
        assert resolve[1].startswith(f" {CLAIMED}"), (output_format, resolve[1][:80])


def test_explain_marks_a_claimed_answer(tmp_path: Path) -> None:
    run = run_cli("explain", with_evidence(tmp_path), env={"COLUMNS": "240"})  # one line a row
    assert run.code == 0, run.stderr
    assert f"A one-year plan with dated milestones and named owners {CLAIMED}" in run.stdout
    assert run.stdout.count(CLAIMED) == 1  # the answer seen is not marked


def test_claims_alone_say_that_none_was_seen(tmp_path: Path) -> None:
    markdown = run_cli("report", with_evidence(tmp_path, "claimed", "claimed")).stdout
    assert "Evidence: no answer backed by evidence the assessor saw, 2 answers claimed" in markdown

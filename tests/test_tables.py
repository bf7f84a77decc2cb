"""Tables a person can read at 80 and 120 columns, streamed row by row (SPEC section 4)."""

from __future__ import annotations

import io
from pathlib import Path

from socialmaturity.render.tables import ScoreTable, cut

from conftest import REPO, run_cli, write

DEMO = (REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml").read_text(encoding="utf-8")


def test_cut_marks_where_text_was_cut() -> None:
    assert cut("responses/2026/acme-cmo.yaml", 14, start=True) == "…acme-cmo.yaml"
    assert cut("Northwind Outdoor Gear", 10) == "Northwind…"
    assert cut("Evil \x1b[2J", 20) == "Evil \\x1b[2J"


def test_score_table_at_120_columns_has_respondent_date_and_one_line_per_file(
    tmp_path: Path,
) -> None:
    deep = tmp_path / "a" / "very" / "long" / "folder" / "name" / "for" / "responses"
    write(deep / "northwind-cmo-2026.yaml", DEMO)
    run = run_cli("score", tmp_path, env={"COLUMNS": "120"})
    assert run.code == 0, run.stderr
    lines = run.stdout.splitlines()
    header = next(line for line in lines if line.startswith("file"))
    assert "respondent" in header and "date" in header
    row = next(line for line in lines if "2026-11-20" in line)
    assert row.startswith("…") and "-2026.yaml" in row  # the path is cut at its start
    assert all(len(line) <= 120 for line in lines)
    assert "1 response; score (level)" in run.stdout


def test_score_at_80_columns_lists_each_response(tmp_path: Path) -> None:
    path = write(tmp_path / "r.yaml", DEMO)
    run = run_cli("score", path, env={"COLUMNS": "80"})
    assert run.code == 0
    assert all(len(line) <= 80 for line in run.stdout.splitlines())
    assert "Leadership and organisation" in run.stdout and "2 Emerging" in run.stdout


def test_by_organization_table_shows_date_round_respondents_disagreements(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", DEMO)
    write(tmp_path / "b.yaml", DEMO.replace("respondent: Maren Holloway", "respondent: Sam Care"))
    run = run_cli("score", "--by", "organization", tmp_path, env={"COLUMNS": "120"})
    header = next(line for line in run.stdout.splitlines() if line.startswith("client"))
    for column in ("date", "round", "resp.", "disagr."):
        assert column in header
    assert "1 assessment;" in run.stdout


def test_the_table_streams_rows_as_they_come() -> None:
    out = io.StringIO()
    table = ScoreTable(out, 120)
    record = {
        "file": "a.yaml",
        "organization": "A",
        "respondent": None,
        "date": None,
        "questionnaire": {"id": "q", "version": "1"},
        "overall": {"score": 50.0, "level": 2, "level_name": "Two"},
        "dimensions": [{"name": "D", "score": 50.0, "level": 2, "level_name": "Two"}],
        "completeness": 1.0,
    }
    table.add(record)
    first = out.getvalue()
    assert "a.yaml" in first  # written before the next row arrives
    table.add(record | {"file": "b.yaml"})
    assert out.getvalue().startswith(first) and "b.yaml" in out.getvalue()


WIDE = """
id: wide
version: "1"
title: Wide
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: High, min_score: 50}
dimensions:
  - id: lead
    name: Leadership and organisation
    questions:
      - {id: q1, text: Q1?, kind: scale, min: 0, max: 2}
  - id: tools
    name: Tools and platforms
    questions:
      - {id: q2, text: Q2?, kind: scale, min: 0, max: 2}
"""


def test_a_wide_terminal_gives_the_room_to_the_dimensions_names(tmp_path: Path) -> None:
    q = write(tmp_path / "q.yaml", WIDE)
    answer = (
        "questionnaire: wide\norganization: Globex Corp\ndate: 2026-0{0}-01\n"
        "answers: {{q1: {0}, q2: 1}}\n"
    )
    write(tmp_path / "r" / "a.yaml", answer.format(2))
    write(tmp_path / "r" / "b.yaml", answer.format(1))
    for width in (200, 120):
        run = run_cli("score", tmp_path / "r", "-q", q, env={"COLUMNS": str(width)})
        assert run.code == 0, run.stderr
        header = next(line for line in run.stdout.splitlines() if line.startswith("file"))
        assert "Leadership and organisation" in header and "Tools and platforms" in header
        row = next(line for line in run.stdout.splitlines() if "Globex Corp" in line)
        assert " " * 30 not in row  # no column wider than its content needs
    run = run_cli("score", tmp_path / "r", "-q", q, env={"COLUMNS": "100"})
    header = next(line for line in run.stdout.splitlines() if line.startswith("file"))
    assert "Leadership" in header and all(len(x) <= 100 for x in run.stdout.splitlines())
    run = run_cli("trend", tmp_path / "r", "-q", q, env={"COLUMNS": "200"})
    assert "Leadership and organisation" in run.stdout, run.stdout + run.stderr

"""Regression tests for bad and hostile input found in review: each once crashed, hung or misled."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from conftest import REPO, run_cli, write

DEMO = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"

SCALE_Q = """
id: wide
version: "1"
title: Wide scale
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: High, min_score: 50}
dimensions:
  - id: d
    name: D
    questions:
      - {id: big, text: How many?, kind: scale, min: 0, max: 100000000000}
"""


def test_rich_markup_in_names_is_shown_literally(tmp_path: Path) -> None:
    response = write(
        tmp_path / "r.yaml",
        'questionnaire: social-maturity\norganization: "[/bold] Acme [red]x"\n'
        "answers: {exec_planning: none}\n",
    )
    for columns in ("200", "80"):
        run = run_cli("score", response, env={"COLUMNS": columns})
        assert run.code == 0, run.stderr
        assert "[/bold] Acme [red]x" in run.stdout
    shutil.copy(REPO / "questionnaires" / "social-maturity-quick.yaml", tmp_path / "q.yaml")
    text = (tmp_path / "q.yaml").read_text(encoding="utf-8")
    (tmp_path / "q.yaml").write_text(
        text.replace("id: social-maturity-quick", "id: marked").replace(
            "title: Social Business Maturity — Quick Scan", 'title: "[/x] Marked"'
        ),
        encoding="utf-8",
    )
    run = run_cli("list", env={"SOCIALMATURITY_PATH": str(tmp_path)})
    assert run.code == 0, run.stderr
    assert "[/x] Marked" in run.stdout


def test_explain_on_a_huge_scale_is_instant(tmp_path: Path) -> None:
    questionnaire = write(tmp_path / "q.yaml", SCALE_Q)
    response = write(
        tmp_path / "r.yaml", "questionnaire: wide\norganization: A\nanswers: {big: 3}\n"
    )
    start = time.monotonic()
    run = run_cli("explain", response, "-q", questionnaire)
    assert time.monotonic() - start < 10
    assert run.code == 0, run.stderr
    # level 2 starts at 50: the smallest value reaching it is 50,000,000,000
    assert "3 on a scale of 0 to 100000000000 → 50000000000 on a scale" in run.stdout


def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    for command in ("validate", "score", "explain", "report"):
        run = run_cli(command, fifo)
        assert run.code == 1
        assert f"{fifo}: error: not a regular file" in run.stderr


def test_stray_files_on_the_search_path_do_not_break_lookup(tmp_path: Path) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    shutil.copy(DEMO, folder / "a-response.yaml")  # a response kept beside the questionnaires
    (folder / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    env = {"SOCIALMATURITY_PATH": str(folder)}
    run = run_cli("score", DEMO, DEMO, "--format", "csv", env=env)
    assert run.code == 0, run.stderr
    assert run.stdout.count("Northwind") == 2
    listing = run_cli("list", env=env)
    assert "a-response.yaml" not in listing.stderr  # a response is not a broken questionnaire
    assert "broken.yaml:2:1: error:" in listing.stderr and listing.code == 1
    unknown = run_cli(
        "validate",
        write(tmp_path / "r.yaml", "questionnaire: nope\norganization: A\nanswers: {}\n"),
        env=env,
    )
    assert unknown.code == 1
    assert "unknown questionnaire 'nope'" in unknown.stderr and "broken.yaml" in unknown.stderr


def test_demo_uses_the_bundled_questionnaire_even_when_shadowed(tmp_path: Path) -> None:
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    text = (REPO / "questionnaires" / "social-maturity-quick.yaml").read_text(encoding="utf-8")
    (shadow / "q.yaml").write_text(
        text.replace("id: social-maturity-quick", "id: social-maturity"), encoding="utf-8"
    )
    run = run_cli("demo", "-o", tmp_path / "d", env={"SOCIALMATURITY_PATH": str(shadow)})
    assert run.code == 0, run.stderr
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == [
        "report.html",
        "report.md",
        "report.pdf",
        "report.xlsx",
        "response.yaml",
    ]


def test_demo_writes_nothing_when_it_cannot_write_everything(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "report.html").write_text("mine", encoding="utf-8")
    run = run_cli("demo", "-o", tmp_path / "d")
    assert run.code == 1
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == ["report.html"]


def test_baseline_of_another_version_warns(tmp_path: Path) -> None:
    today = write(tmp_path / "new.yaml", DEMO.read_text(encoding="utf-8"))
    earlier = write(
        tmp_path / "old.yaml",
        DEMO.read_text(encoding="utf-8").replace(
            'questionnaire_version: "2.0.0"', 'questionnaire_version: "0.9.0"'
        ),
    )
    run = run_cli("report", today, "--baseline", earlier)
    assert run.code == 0, run.stderr
    assert "warning:" in run.stderr and "0.9.0" in run.stderr


def test_every_problem_stays_on_one_line(tmp_path: Path) -> None:
    response = write(
        tmp_path / "r.yaml",
        'questionnaire: social-maturity\norganization: A\nanswers: {"x\\ny": b}\n',
    )
    run = run_cli("validate", response)
    assert run.code == 1
    assert run.stderr.splitlines()[1:] == ["1 error in 1 file"] and "x\\ny" in run.stderr
    control = tmp_path / "c.yaml"
    control.write_bytes(b"questionnaire: social-maturity\norganization: O\x01rg\nanswers: {}\n")
    run = run_cli("validate", control)
    assert (
        run.stderr
        == f"{control}:2:16: error: invalid YAML: the control character U+0001 is not allowed\n"
        "1 error in 1 file\n"
    )


def test_unknown_questionnaire_id_names_the_file() -> None:
    for command in ("explain", "report", "validate", "score"):
        run = run_cli(command, DEMO, "-q", "no-such-id")
        assert run.code == 1
        assert run.stderr.startswith(f"{DEMO}:"), run.stderr


def test_a_template_that_fails_while_rendering_is_a_located_error(tmp_path: Path) -> None:
    for name, content in (("zero.j2", b"{{ 1/0 }}"), ("latin.j2", b"caf\xe9 {{ organization }}")):
        template = tmp_path / name
        template.write_bytes(content)
        run = run_cli("report", DEMO, "--template", template)
        assert run.code == 1
        assert run.stderr.startswith(f"{template}: error: "), run.stderr
        assert "internal error" not in run.stderr


def test_output_paths_that_cannot_be_files(tmp_path: Path) -> None:
    run = run_cli("report", DEMO, "-o", tmp_path)
    assert run.code == 1 and "is a folder" in run.stderr
    blocker = write(tmp_path / "file.txt", "x")
    run = run_cli("report", DEMO, "-o", blocker / "report.md")
    assert run.code == 1 and "a file is in the way" in run.stderr
    upper = tmp_path / "REPORT.HTML"
    assert run_cli("report", DEMO, "-o", upper).code == 0
    assert upper.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_date_with_time_gets_a_date_message(tmp_path: Path) -> None:
    response = write(
        tmp_path / "r.yaml",
        "questionnaire: social-maturity\norganization: A\ndate: 2026-01-01T10:00:00\nanswers: {}\n",
    )
    run = run_cli("validate", response)
    assert run.code == 1
    assert "date must be a date written YYYY-MM-DD" in run.stderr


def test_role_without_respondent_is_in_the_report(tmp_path: Path) -> None:
    response = write(
        tmp_path / "r.yaml",
        "questionnaire: social-maturity\norganization: A\nrole: Head of Care\nanswers: {}\n",
    )
    for fmt in ("md", "html"):
        run = run_cli("report", response, "--format", fmt)
        assert run.code == 0, run.stderr
        assert "Head of Care" in run.stdout


def test_deep_explicit_keys_are_refused_not_crashing(tmp_path: Path) -> None:
    deep = write(tmp_path / "deep.yaml", "? " * 30000 + "a\n")
    run = run_cli("score", deep, DEMO, "--format", "csv")
    assert run.code == 1
    assert "nesting deeper than 64 levels" in run.stderr
    assert "Northwind" in run.stdout  # the good file is still scored


def test_columns_zero_still_prints(tmp_path: Path) -> None:
    run = run_cli("score", DEMO, env={"COLUMNS": "0"})
    assert run.code == 0 and "Northwind" in run.stdout


def test_ampersands_in_text_are_not_anchors(tmp_path: Path) -> None:
    response = write(
        tmp_path / "r.yaml",
        "questionnaire: social-maturity\norganization: R&D *Labs* & Co\nanswers: {}\n",
    )
    assert run_cli("validate", response).code == 0
    anchored = write(
        tmp_path / "a.yaml",
        "questionnaire: social-maturity\norganization: &o Acme\nanswers: {}\n",
    )
    run = run_cli("validate", anchored)
    assert run.code == 1 and "a.yaml:2:15: error: anchors and aliases" in run.stderr

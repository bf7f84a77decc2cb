"""``template`` v3 (SPEC section 4): ``--date``, ``--from EARLIER.yaml``, and a schema link that
works wherever the file travels."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from socialmaturity.model.yaml_reader import load_yaml
from test_assess import QUESTIONNAIRE

from conftest import REPO, run_cli, write

#: The questionnaire of test_assess at version 2, where question ``one`` became ``first`` and
#: option ``x`` of ``many`` is no longer offered.
VERSION_2 = (
    QUESTIONNAIRE.replace('version: "1"', 'version: "2"')
    .replace("id: one", "id: first")
    .replace("{value: x, label: X, points: 1}", "{value: w, label: W, points: 1}")
    + """\
migrations:
  - from: "1"
    questions: {one: first}
    options: {many: {x: null}}
"""
)
EARLIER = """\
questionnaire: interview
questionnaire_version: "1"
organization: Acme
respondent: Jo
role: CMO
date: 2025-11-20
assessor: Sam
round: 2025 review
answers:
  one: {value: b, note: CEO attends, evidence: seen}
  many: [x, z]
  years: 2
  maybe: na
"""


def data(text: str) -> dict[str, object]:
    loaded = load_yaml("t.yaml", allow_aliases=False, text=text).data
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture
def q(tmp_path: Path) -> Path:
    return write(tmp_path / "q.yaml", QUESTIONNAIRE)


def test_the_schema_link_is_no_path_of_this_machine(tmp_path: Path, q: Path) -> None:
    run = run_cli("template", "-q", q, "-o", tmp_path / "deep" / "t.yaml")
    assert run.code == 0, run.stderr
    first = (tmp_path / "deep" / "t.yaml").read_text(encoding="utf-8").splitlines()[0]
    link = first.removeprefix("# yaml-language-server: $schema=")
    assert link != first and link.endswith("response.schema.json")
    assert not link.startswith(("/", "file:")) and str(REPO) not in link
    assert str(tmp_path) not in link and os.path.expanduser("~") not in link
    assert link.startswith("https://")


def test_the_published_schema_is_the_shipped_one() -> None:
    from socialmaturity.model.schemas import published_url

    url = published_url("response")
    assert url.endswith("/questionnaires/schemas/response.schema.json")
    assert (REPO / "questionnaires" / "schemas" / "response.schema.json").is_file()


def test_date_is_written_and_without_it_the_date_line_is_empty(q: Path) -> None:
    dated = run_cli("template", "-q", q, "--date", "2026-11-25")
    assert dated.code == 0, dated.stderr
    assert "\ndate: 2026-11-25\n" in dated.stdout  # as SPEC 2 writes a date: plain
    assert data(dated.stdout)["date"] == "2026-11-25"
    blank = run_cli("template", "-q", q)
    assert "\ndate:\n" in blank.stdout
    assert data(blank.stdout)["date"] is None


@pytest.mark.parametrize("bad", ["2026-02-30", "25.11.2026", "2026-1-5"])
def test_a_bad_date_is_a_usage_error(q: Path, bad: str) -> None:
    run = run_cli("template", "-q", q, "--date", bad)
    assert run.code == 2
    assert "YYYY-MM-DD" in run.stderr


def test_from_carries_answers_notes_and_header_with_date_and_round_replaced(
    tmp_path: Path, q: Path
) -> None:
    earlier = write(tmp_path / "2025.yaml", EARLIER)
    run = run_cli("template", "-q", q, "--from", earlier, "--date", "2026-11-21")
    assert run.code == 0, run.stderr
    new = data(run.stdout)
    assert {k: new[k] for k in ("organization", "respondent", "role", "assessor")} == {
        "organization": "Acme",
        "respondent": "Jo",
        "role": "CMO",
        "assessor": "Sam",
    }
    assert new["date"] == "2026-11-21"
    assert new["round"] is None
    assert "\nround:\n" in run.stdout
    assert new["answers"] == {
        "one": {"value": "b", "note": "CEO attends", "evidence": "seen"},
        "many": ["x", "z"],
        "years": 2,
        "maybe": "na",
    }
    assert "# 1. Pick one (choose one)" in run.stdout  # the template's comments are there
    out = write(tmp_path / "2026.yaml", run.stdout)
    assert run_cli("validate", out, "-q", q).code == 0


def test_from_without_q_uses_the_earlier_files_questionnaire(tmp_path: Path, q: Path) -> None:
    earlier = write(tmp_path / "2025.yaml", EARLIER)
    env = {"SOCIALMATURITY_PATH": str(tmp_path / "models")}
    write(tmp_path / "models" / "interview.yaml", QUESTIONNAIRE)
    run = run_cli("template", "--from", earlier, "--round", "2026 review", "--role", "CEO", env=env)
    assert run.code == 0, run.stderr
    new = data(run.stdout)
    assert new["questionnaire"] == "interview"
    assert (new["round"], new["role"], new["date"]) == ("2026 review", "CEO", None)


def test_from_an_earlier_version_migrates_and_says_what_was_dropped(
    tmp_path: Path,
) -> None:
    q2 = write(tmp_path / "q2.yaml", VERSION_2)
    earlier = write(tmp_path / "2025.yaml", EARLIER)
    out = tmp_path / "2026.yaml"
    run = run_cli("template", "-q", q2, "--from", earlier, "-o", out)
    assert run.code == 0, run.stderr
    assert "warning:" in run.stderr and "many" in run.stderr
    new = data(out.read_text(encoding="utf-8"))
    assert new["questionnaire_version"] == "2"
    assert new["answers"]["first"] == {  # type: ignore[index]
        "value": "b",
        "note": "CEO attends",
        "evidence": "seen",
    }
    assert new["answers"]["many"] == ["z"]  # type: ignore[index]
    assert run_cli("validate", out, "-q", q2).code == 0
    # what was dropped stays in the file, as migrate keeps it: one comment line above answers
    dropped = [line for line in out.read_text(encoding="utf-8").split("\nanswers:")[0].splitlines()
               if line.startswith("# dropped migrating 1 -> 2: ")]  # fmt: skip
    assert dropped and all("many" in line for line in dropped)


def test_from_a_file_that_is_not_a_valid_response_is_an_error(tmp_path: Path, q: Path) -> None:
    earlier = write(tmp_path / "2025.yaml", EARLIER.replace("years: 2", "years: 9"))
    run = run_cli("template", "-q", q, "--from", earlier, "-o", tmp_path / "new.yaml")
    assert run.code == 1
    assert "2025.yaml:" in run.stderr and "out of range" in run.stderr
    assert not (tmp_path / "new.yaml").exists()
    missing = run_cli("template", "-q", q, "--from", tmp_path / "nope.yaml")
    assert missing.code == 1 and "nope.yaml" in missing.stderr


def test_from_keeps_a_dropped_answers_note_and_evidence_as_migrate_does(tmp_path: Path) -> None:
    q2 = write(tmp_path / "q2.yaml", VERSION_2)
    earlier = write(
        tmp_path / "2025.yaml",
        EARLIER.replace("  years: 2\n", "  years: {value: 99, note: a guess, evidence: claimed}\n"),
    )
    new = tmp_path / "2026.yaml"
    assert run_cli("template", "-q", q2, "--from", earlier, "-o", new).code == 0
    assert run_cli("migrate", earlier, "-q", q2, "-o", tmp_path / "out").code == 0

    def dropped(path: Path) -> list[str]:
        head = path.read_text(encoding="utf-8").split("\nanswers:")[0]
        return [line for line in head.splitlines() if "years: 99" in line]

    assert dropped(new) == dropped(tmp_path / "out" / "2025.yaml")
    assert dropped(new)[0].endswith("note: a guess; evidence: claimed")

"""``--anonymous`` (SPEC section 4): respondents by role, never by name, in every format."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, run_cli

DEMO = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"
NAMES = ("Ann Archer", "Bo Berg", "Cy Chen")


@pytest.fixture
def team(tmp_path: Path) -> list[Path]:
    """Three respondents of one organization: two with a role, one without."""
    files = []
    for name, role in zip(NAMES, ("CMO", "Head of Care", ""), strict=True):
        text = DEMO.read_text(encoding="utf-8")
        text = text.replace("respondent: Maren Holloway", f"respondent: {name}")
        text = text.replace("role: Chief Marketing Officer", f"role: {role}" if role else "role:")
        path = tmp_path / f"{name.split()[0].lower()}.yaml"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


@pytest.mark.parametrize("fmt", ["md", "html", "json", "xlsx"])
def test_no_name_reaches_an_organization_report(team: list[Path], tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    assert run_cli("report", *team, "--anonymous", "-o", out).code == 0
    if fmt == "xlsx":
        with zipfile.ZipFile(out) as book:
            text = " ".join(book.read(name).decode("utf-8") for name in book.namelist())
    else:
        text = out.read_text(encoding="utf-8")
    assert not [name for name in NAMES if name in text]
    assert "Head of Care" in text
    assert "Respondent 3" in text  # "in every format": in JSON as the role of the file without one
    if fmt == "json":
        assert json.loads(text)["respondents"] == [
            {"respondent": None, "role": "CMO"},
            {"respondent": None, "role": "Head of Care"},
            {"respondent": None, "role": "Respondent 3"},
        ]


def test_one_respondent_without_a_role_is_respondent_1_in_json(team: list[Path]) -> None:
    data = json.loads(run_cli("report", team[2], "--anonymous", "--format", "json").stdout)
    assert data["respondents"] == [{"respondent": None, "role": "Respondent 1"}]


def test_without_anonymous_the_names_are_there(team: list[Path]) -> None:
    markdown = run_cli("report", *team).stdout
    assert all(name in markdown for name in NAMES)


def test_score_by_organization_and_per_file_name_nobody(team: list[Path]) -> None:
    for args in (["--by", "organization"], []):
        run = run_cli("score", *team, "--anonymous", "--format", "json", *args)
        assert run.code == 0, run.stderr
        assert not [name for name in NAMES if name in run.stdout]
    records = json.loads(run_cli("score", *team, "--anonymous", "--format", "json").stdout)
    assert [(r["respondent"], r["role"]) for r in records] == [
        (None, "CMO"),
        (None, "Head of Care"),
        (None, None),
    ]


def test_a_role_held_twice_is_told_apart_by_position(team: list[Path]) -> None:
    text = team[1].read_text(encoding="utf-8").replace("role: Head of Care", "role: CMO")
    team[1].write_text(text, encoding="utf-8")
    markdown = run_cli("report", *team, "--anonymous").stdout
    assert "CMO (respondent 1)" in markdown and "CMO (respondent 2)" in markdown


def test_a_folder_reports_as_its_files_in_sorted_order(team: list[Path]) -> None:
    """SPEC 4: "N its position among the files as given, folders expanded in sorted order"."""
    folder = team[0].parent
    assert sorted(team) == team
    by_folder = run_cli("report", folder, "--anonymous", "--format", "json")
    by_files = run_cli("report", *team, "--anonymous", "--format", "json")
    assert by_folder.code == by_files.code == 0, by_folder.stderr
    assert by_folder.stdout == by_files.stdout
    assert json.loads(by_folder.stdout)["respondents"][2]["role"] == "Respondent 3"

"""Finding questionnaires by id on SOCIALMATURITY_PATH: stray and broken files beside them, files
that vanish, unknown ids, and a folder that shadows a bundled questionnaire."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from socialmaturity.errors import InputError
from socialmaturity.model.catalog import Catalog

from conftest import REPO, TINY, run_cli, write

DEMO = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"


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
    assert "broken.yaml:2:1: error:" in listing.stderr and listing.code == 0
    unknown = run_cli(
        "validate",
        write(tmp_path / "r.yaml", "questionnaire: nope\norganization: A\nanswers: {}\n"),
        env=env,
    )
    assert unknown.code == 1
    assert "unknown questionnaire 'nope'" in unknown.stderr and "broken.yaml" in unknown.stderr


def test_a_broken_file_naming_the_id_is_an_error_whatever_its_line_breaks(tmp_path: Path) -> None:
    """SPEC 4: a file that cannot be read as a questionnaire is an error when its text has a
    top-level ``id:`` line naming the id looked up; a Windows editor's CR LF lines too."""
    broken, good = tmp_path / "a", tmp_path / "b"
    write(broken / "bad.yaml", "id: tiny\r\nversion: [\r\n")
    write(good / "tiny.yaml", TINY)
    response = write(tmp_path / "r.yaml", "questionnaire: tiny\norganization: A\nanswers: {}\n")
    run = run_cli("validate", response, env={"SOCIALMATURITY_PATH": f"{broken}:{good}"})
    assert run.code == 1 and "bad.yaml" in run.stderr


def test_unknown_questionnaire_id_names_the_file() -> None:
    for command in ("explain", "report", "validate", "score"):
        run = run_cli(command, DEMO, "-q", "no-such-id")
        assert run.code == 1
        assert run.stderr.startswith(f"{DEMO}:"), run.stderr


def test_a_file_that_vanishes_between_listing_and_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from socialmaturity.model import catalog as catalog_module

    gone = tmp_path / "gone.yaml"
    monkeypatch.setattr(catalog_module, "yaml_files", lambda folder: [gone])
    monkeypatch.setenv("SOCIALMATURITY_PATH", str(tmp_path))
    catalog = Catalog()
    assert catalog.find("tiny") is None
    entries = list(catalog.entries())
    assert entries and all(isinstance(entry, InputError) for entry in entries)


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
        "kpis.csv",
        "report.html",
        "report.md",
        "report.pdf",
        "report.xlsx",
        "response.yaml",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"id: first-line\ndimensions: []\n", ("first-line", False, False)),
        (b"\xef\xbb\xbfid: after-a-bom\n", ("after-a-bom", False, False)),
        (b"title: x\nid: 'quoted'  # a comment\n", ("quoted", False, False)),
        (b"title: x\n  id: nested\n", (None, False, False)),
        (b"id: crlf\r\n", ("crlf", False, False)),  # YAML's other line breaks are line breaks
        (b"title: x\rid: lone-cr\rversion: 1\r", ("lone-cr", False, False)),
        (b"questionnaire: q\nanswers:\n  a: 1\n", (None, True, False)),
        (b"answers: {}\ndimensions: []\n", (None, False, False)),
        (b"translation_of: q\nlanguage: de\n", (None, False, True)),
        (b"id: caf\xc3\xa9\n", (None, False, False)),
        (b"note: \xff\xfe\nid: broken-utf8\n", ("broken-utf8", False, False)),
    ],
)
def test_a_files_id_and_kind_are_sniffed_without_reading_its_yaml(
    tmp_path: Path, text: bytes, expected: tuple[str | None, bool, bool]
) -> None:
    from socialmaturity.model.catalog import _sniff

    path = tmp_path / "q.yaml"
    path.write_bytes(text)
    sniffed = _sniff(path)
    assert (sniffed.id, sniffed.is_response, sniffed.is_translation) == expected


def test_list_names_links_that_lead_nowhere_or_in_a_loop(tmp_path: Path) -> None:
    """SPEC 4: list names the unreadable files with their problem on stderr, exit 0; a
    hardening bullet counts a loop of links among them."""
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "loop1.yaml").symlink_to("loop2.yaml")
    (folder / "loop2.yaml").symlink_to("loop1.yaml")
    (folder / "dangling.yaml").symlink_to("nowhere.yaml")
    env = {"SOCIALMATURITY_PATH": str(folder)}
    listing = run_cli("list", env=env)
    assert listing.code == 0
    assert f"{folder / 'loop1.yaml'}: error: cannot read: symbolic links form a loop" in (
        listing.stderr
    )
    assert f"{folder / 'dangling.yaml'}: error: no such file" in listing.stderr
    assert run_cli("validate", DEMO, env=env).code == 0  # a lookup passes them over


def test_list_on_a_pipe_keeps_each_row_on_one_line(tmp_path: Path) -> None:
    """A script reading ``list`` finds each path and title whole (they were folded at 120)."""
    folder = tmp_path / ("a folder with a long name, " * 4).strip(", ")
    title = "A Title Long Enough That A Column Of A Narrow Table Would Fold It Over Lines"
    path = write(folder / "tiny.yaml", TINY.replace("title: Tiny", f"title: {title}"))
    run = run_cli("list", env={"SOCIALMATURITY_PATH": str(folder), "COLUMNS": ""})  # no width
    assert run.code == 0, run.stderr
    row = next(line for line in run.stdout.splitlines() if line.startswith("tiny "))
    assert title in row and str(path) in row
    assert all(line == line.rstrip() for line in run.stdout.splitlines())


def test_list_says_when_a_folder_defines_one_id_twice(tmp_path: Path) -> None:
    """Earlier folders win (SPEC 4); within one folder the first file by name does, and says so."""
    from test_assess import QUESTIONNAIRE

    folder = tmp_path / "models"
    write(folder / "a.yaml", QUESTIONNAIRE.replace('version: "1"', 'version: "2"'))
    write(folder / "b.yaml", QUESTIONNAIRE)
    run = run_cli("list", "--format", "json", env={"SOCIALMATURITY_PATH": str(folder)})
    assert run.code == 0
    listed = [row for row in json.loads(run.stdout) if row["id"] == "interview"]
    assert [(row["version"], Path(row["path"]).name) for row in listed] == [("2", "a.yaml")]
    assert run.stderr == (
        f"{folder / 'b.yaml'}: warning: also defines 'interview', which a.yaml in the same folder "
        "defines first (in file-name order): this file is not used\n"
    )


def test_a_folder_on_the_path_twice_does_not_shadow_itself(tmp_path: Path) -> None:
    from test_assess import QUESTIONNAIRE

    folder = tmp_path / "models"
    write(folder / "a.yaml", QUESTIONNAIRE)
    path = os.pathsep.join([str(folder), str(folder) + "/"])
    run = run_cli("list", "--format", "json", env={"SOCIALMATURITY_PATH": path})
    assert (run.code, run.stderr) == (0, "")

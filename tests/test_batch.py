"""A folder of a few thousand generated responses scores in every format, bad files mixed in."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from socialmaturity.commands.batch import expand_paths

from conftest import REPO, run_cli

sys.path.insert(0, str(REPO / "benchmarks"))
from generate_responses import generate

COUNT = 2000


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    generate(folder / "a", COUNT // 2, "social-maturity", seed=1)
    generate(folder / "b" / "deeper", COUNT // 2, "social-maturity", seed=2)
    (folder / "b" / "broken.yaml").write_text("questionnaire: social-maturity\nanswers: [\n")
    (folder / "b" / "notes.txt").write_text("not a response")  # ignored: not *.yaml
    return folder


def test_jsonl_and_json_cover_every_good_file(batch: Path) -> None:
    run = run_cli("score", batch, "--format", "jsonl", "--jobs", "0")
    assert run.code == 1  # the broken file
    assert run.stderr.count("error:") == 1 and "broken.yaml:3:1" in run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(records) == COUNT
    files = [r["file"] for r in records]
    assert files == sorted(files, key=lambda f: Path(f).parts)  # folders in sorted path order
    as_json = json.loads(run_cli("score", batch, "--format", "json").stdout)
    assert as_json == records


@pytest.mark.parametrize("given", ["tree", "tree/", "./tree", "tree//"])
def test_folders_expand_in_path_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    names = ["a-b.yaml", "a/b.yaml", "a.b/c.yaml", "a b.yaml", "a!/x.yaml", "a0.yml", "a~.yaml"]
    names += ["a/b/c.yaml", "a/b-c.yaml", "A.yaml", "a/é.yaml", "a/z.yaml", "ab/a.yaml"]
    for name in names:
        (tmp_path / "tree" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "tree" / name).write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    found = list(expand_paths([given]))
    assert len(found) == len(names)
    assert found == sorted(found, key=lambda f: Path(f).parts)


def test_csv_has_a_row_per_good_file(batch: Path) -> None:
    run = run_cli("score", batch, "--format", "csv", "--jobs", "2")
    assert run.code == 1
    rows = list(csv.reader(io.StringIO(run.stdout)))
    assert len(rows) == COUNT + 1
    assert rows[0][:7] == [
        "file",
        "organization",
        "respondent",
        "role",
        "date",
        "overall_score",
        "overall_level",
    ]
    assert all(len(row) == len(rows[0]) for row in rows)


def test_table_lists_every_good_file(batch: Path) -> None:
    run = run_cli("score", batch / "a", env={"COLUMNS": "200"})
    assert run.code == 0, run.stderr
    assert f"{COUNT // 2} responses" in run.stdout
    assert run.stdout.count("response-") == COUNT // 2


def test_a_folder_without_responses_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for command in ("score", "validate"):
        run = run_cli(command, tmp_path / "empty")
        assert run.code == 1
        assert (
            run.stderr.splitlines()[0]
            == f"{tmp_path / 'empty'}: error: no *.yaml or *.yml files in this folder"
        )

"""The shipped JSON Schemas, as an editor's validator reads them (jsonschema, draft 2020-12).

They accept every file the tool writes or ships, and refuse what ``validate`` refuses wherever
a schema can say so: an editor flags it as it is typed, before the tool ever reads the file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from socialmaturity.model.yaml_reader import load_yaml

from conftest import REPO, run_cli, write

SCHEMAS = REPO / "questionnaires" / "schemas"
QUESTIONNAIRE = """\
id: tq
version: "1.0"
title: Test
levels:
  - {level: 1, name: One, min_score: 0}
  - {level: 2, name: Two, min_score: 50}
dimensions:
  - id: d1
    name: D1
    level_descriptions: {1: a, 2: b}
    questions:
      - id: q1
        text: Q1?
        options:
          - {value: lo, label: Lo, points: 0, level: 1}
          - {value: hi, label: Hi, points: 1, level: 2}
      - id: qm
        text: QM?
        kind: multi
        options:
          - {value: a, label: A, points: 1}
          - {value: b, label: B, points: 1}
    recommendations:
      - {id: r1, level: 2, title: R1, addresses: [q1]}
"""
RESPONSE = "questionnaire: tq\norganization: Acme\nanswers:\n  qm: {value: [a, b]}\n"


def validator(kind: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def data(path: Path) -> Any:
    """A file's data as an editor's YAML plugin hands it over: plain JSON values."""
    return json.loads(json.dumps(load_yaml(path, allow_aliases=True).data))


def test_the_schemas_accept_every_bundled_and_written_file(tmp_path: Path) -> None:
    for path in sorted((REPO / "questionnaires").glob("*.yaml")):
        kind = "translation" if path.stem.count(".") else "questionnaire"
        assert not list(validator(kind).iter_errors(data(path))), path
    demo = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"
    blank = tmp_path / "blank.yaml"
    assert run_cli("template", "--organization", "Acme", "-o", blank).code == 0
    for path in (demo, blank, write(tmp_path / "r.yaml", RESPONSE)):
        assert not list(validator("response").iter_errors(data(path))), path


@pytest.mark.parametrize(
    ("kind", "old", "new"),
    [
        ("questionnaire", "value: lo, label: Lo", "value: na, label: Lo"),
        ("questionnaire", "{id: r1, level: 2,", "{id: r1, level: 1,"),
        ("questionnaire", "          - {value: b, label: B, points: 1}\n", ""),
        (
            "questionnaire",
            "{level: 1, name: One, min_score: 0}",
            "{level: 1, name: One, min_score: 10}",
        ),
        (
            "questionnaire",
            "{level: 1, name: One, min_score: 0}",
            "{level: 3, name: One, min_score: 0}",
        ),
        ("questionnaire", "{1: a, 2: b}", "{1: a, two: b}"),
        ("questionnaire", "points: 1, level: 2}", "points: 1, level: 2, cap: 11}"),
        ("response", "qm: {value: [a, b]}", "qm: {value: [a, a]}"),
        ("response", "organization: Acme", 'organization: "   "'),
    ],
    ids=[
        "reserved value",
        "recommendation at level 1",
        "one option",
        "first level from 10",
        "first level 3",
        "level description key",
        "cap 11",
        "repeated option",
        "blank organization",
    ],
)
def test_the_schemas_refuse_what_validate_refuses(
    tmp_path: Path, kind: str, old: str, new: str
) -> None:
    q = write(tmp_path / "q.yaml", QUESTIONNAIRE)
    text = QUESTIONNAIRE if kind == "questionnaire" else RESPONSE
    assert old in text
    path = write(tmp_path / "bad.yaml", text.replace(old, new))
    assert run_cli("validate", path, "-q", q).code == 1
    assert list(validator(kind).iter_errors(data(path)))

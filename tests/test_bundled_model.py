"""The bundled questionnaires and questionnaires/README.md tell the same story.

The README's tables are parsed and compared with the YAML: the files table (ids, versions,
counts), the map of ideas to questions and recommendations, the caps and the `after` entries.
A change to either side that the other does not follow fails here.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import pytest
import yaml

from conftest import REPO

FOLDER = REPO / "questionnaires"
README = FOLDER / "README.md"
FULL = "social-maturity.yaml"
QUICK = "social-maturity-quick.yaml"
BUNDLED = (FULL, QUICK)

ID_LIKE = re.compile(r"^(exec|lead|rel|conv|meas|quick)_")
TICKED = re.compile(r"`([^`]+)`")


@functools.cache
def load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((FOLDER / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def questions(name: str) -> dict[str, dict[str, Any]]:
    return {q["id"]: q for d in load(name)["dimensions"] for q in d["questions"]}


def recommendations(name: str) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for d in load(name)["dimensions"] for r in d.get("recommendations", [])}


def readme() -> str:
    return README.read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text under ``## title``, up to the next second-level heading."""
    text = readme()
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def tables(text: str) -> list[list[list[str]]]:
    """Every Markdown table in ``text``: rows of cells, the header row first, no separator."""
    found: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if not all(set(cell) <= {"-", ":"} for cell in cells):
                current.append(cells)
        elif current:
            found.append(current)
            current = []
    return found


def table(text: str, first_header: str) -> list[list[str]]:
    """The body rows of the one table in ``text`` whose first header cell is ``first_header``."""
    matches = [t for t in tables(text) if t[0][0] == first_header]
    assert len(matches) == 1, f"expected one table headed {first_header!r}, found {len(matches)}"
    header, *rows = matches[0]
    assert all(len(row) == len(header) for row in rows), header
    return rows


def ticked(cell: str) -> list[str]:
    return TICKED.findall(cell)


def files_table() -> dict[str, list[str]]:
    intro = readme().split("\n## ", 1)[0]
    return {ticked(row[0])[0]: row for row in table(intro, "file")}


def idea_rows() -> list[list[str]]:
    return table(section("Where each idea is covered"), "idea")


# --- the files table ---------------------------------------------------------------------------


def test_files_table_lists_both_questionnaires() -> None:
    assert sorted(files_table()) == sorted(BUNDLED)


@pytest.mark.parametrize("name", BUNDLED)
def test_files_table_id_and_version(name: str) -> None:
    row = files_table()[name]
    assert ticked(row[1]) == [load(name)["id"]]
    assert row[2] == load(name)["version"]


@pytest.mark.parametrize("name", BUNDLED)
def test_files_table_counts(name: str) -> None:
    use = files_table()[name][3]
    dimensions = load(name)["dimensions"]
    counted = re.search(r"(\d+) questions \(([^)]*)\)", use)
    assert counted, use
    assert int(counted[1]) == len(questions(name))
    per_dimension = {d["name"].lower(): len(d["questions"]) for d in dimensions}
    uniform = re.fullmatch(r"(\d+) per dimension", counted[2])
    if uniform:
        assert set(per_dimension.values()) == {int(uniform[1])}
    else:
        said = {}
        for part in counted[2].split(", "):
            label, number = part.rsplit(" ", 1)
            [dimension] = [full for full in per_dimension if label in full]
            said[dimension] = int(number)
        assert said == per_dimension
    recommended = re.search(r"(\d+) recommendations", use)
    assert recommended, use
    assert int(recommended[1]) == len(recommendations(name))


# --- where each idea is covered ----------------------------------------------------------------


@pytest.mark.parametrize("name", BUNDLED)
def test_every_question_is_mapped_to_an_idea(name: str) -> None:
    mentioned = {tick for row in idea_rows() for cell in row for tick in ticked(cell)}
    assert sorted(set(questions(name)) - mentioned) == []


def test_idea_table_names_only_existing_ids() -> None:
    known = {
        *(i for name in BUNDLED for i in questions(name)),
        *(i for name in BUNDLED for i in recommendations(name)),
    }
    every_question = {i: q for name in BUNDLED for i, q in questions(name).items()}
    unknown = []
    for row in idea_rows():
        ids = [tick for cell in row for tick in ticked(cell) if ID_LIKE.match(tick)]
        values = {
            option["value"]
            for tick in ids
            if tick in every_question
            for option in every_question[tick].get("options", [])
        }
        unknown += [tick for tick in ids if tick not in known | values]
    assert unknown == []


def test_idea_table_columns_hold_the_right_kind_of_id() -> None:
    full_questions, quick_questions = questions(FULL), questions(QUICK)
    full_recommendations = recommendations(FULL)
    named = set()
    for idea, full, quick, steps in idea_rows():
        asked = [tick for tick in ticked(full) if tick in full_questions]
        values = {o["value"] for q in asked for o in full_questions[q].get("options", [])}
        assert set(ticked(full)) <= set(asked) | values, idea
        assert set(ticked(quick)) <= set(quick_questions), idea
        assert set(ticked(steps)) <= set(full_recommendations), idea
        named |= set(ticked(steps))
    assert sorted(set(full_recommendations) - named) == []


# --- caps and roadmap --------------------------------------------------------------------------


def test_caps_table_matches_the_full_questionnaire() -> None:
    in_yaml = set()
    for dimension in load(FULL)["dimensions"]:
        for question in dimension["questions"]:
            by_cap: dict[int, set[str]] = {}
            for option in question.get("options", []):
                if option.get("cap") is not None:
                    by_cap.setdefault(option["cap"], set()).add(option["value"])
            in_yaml |= {
                (dimension["name"], question["id"], frozenset(values), cap)
                for cap, values in by_cap.items()
            }
    rows = table(section("How levels and caps work here"), "dimension")
    in_readme = {
        (row[0], ticked(row[1])[0], frozenset(ticked(row[2].split("(")[0])), int(row[3]))
        for row in rows
    }
    assert len(in_readme) == len(rows)
    assert in_readme == in_yaml


def test_caps_table_quotes_the_level_it_protects() -> None:
    descriptions = {d["name"]: d["level_descriptions"] for d in load(FULL)["dimensions"]}
    for dimension, question, _, cap, why in table(
        section("How levels and caps work here"), "dimension"
    ):
        quoted = re.match(r'From level (\d): "([^"]+)"', why)
        assert quoted, why
        assert int(quoted[1]) == int(cap) + 1, question
        assert quoted[2] in " ".join(descriptions[dimension][int(quoted[1])].split()), question


def test_after_table_matches_the_full_questionnaire() -> None:
    rows = table(section("How levels and caps work here"), "step")
    in_readme = {ticked(row[0])[0]: set(ticked(row[1])) for row in rows}
    in_yaml = {i: set(r["after"]) for i, r in recommendations(FULL).items() if r.get("after")}
    assert len(in_readme) == len(rows)
    assert in_readme == in_yaml


# --- cheap sanity checks on the model ----------------------------------------------------------


@pytest.mark.parametrize("name", BUNDLED)
def test_question_texts_are_unique(name: str) -> None:
    seen: dict[str, str] = {}
    for question_id, question in questions(name).items():
        text = " ".join(question["text"].split()).casefold()
        assert text not in seen, f"{question_id} repeats the text of {seen.get(text)}"
        seen[text] = question_id


@pytest.mark.parametrize("name", BUNDLED)
def test_recommendations_address_their_own_dimension(name: str) -> None:
    for dimension in load(name)["dimensions"]:
        own = {q["id"] for q in dimension["questions"]}
        for recommendation in dimension.get("recommendations", []):
            outside = set(recommendation.get("addresses", [])) - own
            assert not outside, f"{recommendation['id']} addresses {sorted(outside)}"

"""SPEC 8's regional fallback, text by text: ``de-CH`` -> ``de`` -> the questionnaire's own.

A tag Babel has no locale data for (``de-US``), a language only a translation knows, and a file
name whose tag is written in another case are all still the language they name.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from test_languages import DEMO, RESPONSE, TINY, TINY_DE

from conftest import run_cli, write

SWISS = """\
translation_of: tiny
source_version: "2"
language: de-CH
title: Winzig (Schweiz)
dimensions:
  dim:
    questions:
      q_one: {text: Erstens?}
"""


@pytest.fixture
def swiss(tmp_path: Path) -> Path:
    folder = tmp_path / "q"
    write(folder / "tiny.yaml", TINY)
    write(folder / "tiny.de.yaml", TINY_DE)
    write(folder / "tiny.de-ch.yaml", SWISS)  # the tag in lower case, as people type it
    return folder


def report_json(folder: Path, response: Path, tag: str) -> dict[str, object]:
    run = run_cli(
        "report", response, "--format", "json", "--lang", tag,
        env={"SOCIALMATURITY_PATH": str(folder)},
    )  # fmt: skip
    assert run.code == 0, run.stderr
    assert run.stderr == ""
    return json.loads(run.stdout)  # type: ignore[no-any-return]


def test_a_regional_translation_falls_back_to_its_language_text_by_text(
    swiss: Path, tmp_path: Path
) -> None:
    response = write(tmp_path / "r.yaml", RESPONSE)
    data = report_json(swiss, response, "de-CH")
    assert data["overall"]["level_name"] == "Niedrig"  # type: ignore[index]  # from tiny.de
    markdown = run_cli(
        "report", response, "--lang", "DE-ch", env={"SOCIALMATURITY_PATH": str(swiss)}
    ).stdout
    assert "Erstens?" in markdown and "Zweite?" in markdown  # de-CH's own, then de's
    assert "First?" not in markdown and "Second?" not in markdown


def test_list_names_a_tag_as_bcp_47_writes_it(swiss: Path) -> None:
    run = run_cli("list", env={"SOCIALMATURITY_PATH": str(swiss)})
    assert "de, de-CH" in run.stdout and "de-ch" not in run.stdout


@pytest.mark.parametrize("tag", ["de-US", "de-XY", "fr-DE"])
def test_a_region_babel_has_no_data_for_is_its_language(tag: str) -> None:
    """CLDR has no ``de_US``: such a tag was an internal error; it is written as ``de`` is."""
    run = run_cli("report", DEMO, "--lang", tag)
    assert run.code == 0, run.stderr
    assert run.stdout == run_cli("report", DEMO, "--lang", tag.split("-")[0]).stdout


def test_a_language_only_a_translation_knows(tmp_path: Path) -> None:
    folder = tmp_path / "q"
    write(folder / "tiny.yaml", TINY)
    write(folder / "tiny.tlh.yaml", 'translation_of: tiny\nsource_version: "2"\nlanguage: tlh\n'
          "title: tlhIngan\n")  # fmt: skip
    response = write(tmp_path / "r.yaml", RESPONSE)
    env = {"SOCIALMATURITY_PATH": str(folder)}
    report = run_cli("report", response, "--lang", "tlh", env=env)
    assert report.code == 0, report.stderr
    form = tmp_path / "form.xlsx"
    export = run_cli("export", "xlsform", "-q", "tiny", "--lang", "tlh", "-o", form, env=env)
    assert export.code == 0, export.stderr


def test_a_form_in_a_regional_language_has_its_texts_under_the_languages_code(
    swiss: Path, tmp_path: Path
) -> None:
    """pyxform knows languages by their IANA code (it warns at ``de-CH``): the column is
    ``Deutsch (de)``, the texts Swiss where the Swiss translation has them."""
    from pyxform.xls2xform import convert

    form = tmp_path / "form.xlsx"
    run = run_cli(
        "export", "xlsform", "-q", "tiny", "--lang", "de-CH", "--lang", "de", "-o", form,
        env={"SOCIALMATURITY_PATH": str(swiss)},
    )  # fmt: skip
    assert run.code == 0, run.stderr
    survey = load_workbook(form)["survey"]
    rows = list(survey.iter_rows(values_only=True))
    header = list(rows[0])
    assert [h for h in header if str(h).startswith("label")] == [
        "label::English (en)",
        "label::Deutsch (de)",
    ]
    german = header.index("label::Deutsch (de)")
    labels = {row[header.index("name")]: row[german] for row in rows[1:]}
    assert (labels["q_one"], labels["q_two"]) == ("Erstens?", "Zweite?")
    assert convert(xlsform=str(form), validate=False).warnings == []


def test_the_words_around_an_answer_are_in_the_language(tmp_path: Path) -> None:
    folder = tmp_path / "q"
    write(folder / "tiny.yaml", TINY.replace("      - id: q_two\n", "      - id: q_two\n"
                                             "        allow_na: true\n"))  # fmt: skip
    write(folder / "tiny.de.yaml", TINY_DE)
    response = write(tmp_path / "r.yaml", RESPONSE.replace("q_two: no", "q_two: na"))
    run = run_cli("report", response, "--lang", "de", env={"SOCIALMATURITY_PATH": str(folder)})
    assert run.code == 0, run.stderr
    assert "| Zweite? | nicht zutreffend |" in run.stdout
    assert "not applicable" not in run.stdout


def test_a_tag_falls_back_one_subtag_at_a_time(tmp_path: Path) -> None:
    """BCP 47 lookup: zh-Hant-TW, then zh-Hant, then zh (it went straight to zh)."""
    from socialmaturity.model.translation import translation_files

    for name in ("q.yaml", "q.zh.yaml", "q.zh-Hant.yaml", "q.zh-hant-tw.yaml"):
        write(tmp_path / name, "x: 1\n")
    found = translation_files(tmp_path / "q.yaml", "zh-Hant-TW")
    assert [path.name for path in found] == ["q.zh-hant-tw.yaml", "q.zh-Hant.yaml", "q.zh.yaml"]

"""``export xlsform`` (SPEC section 7): a questionnaire as a form that pyxform converts cleanly."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from pyxform.xls2xform import convert

from conftest import REPO, run_cli, write

# questionnaires only: a translation (x.de.yaml) is text for one of them
BUNDLED = sorted(p.stem for p in (REPO / "questionnaires").glob("*.yaml") if "." not in p.stem)
#: A multi question with na, a scale with labels and a negative bound, an optional question,
#: help text, and texts a form could misread (quotes, a formula sign, markup).
INLINE = """\
id: inline
version: "1'0\\"0"
title: Inline "form"
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: High, min_score: 50}
dimensions:
  - id: things
    name: Things & stuff
    questions:
      - id: pick
        text: "=Pick <b>one</b>"
        help: Look at the *minutes*
        options: [{value: a, label: "A 'quoted'", points: 0}, {value: b, label: B, points: 1}]
      - id: channels
        text: Which channels?
        kind: multi
        allow_na: true
        required: false
        options: [{value: blog, label: Blog, points: 1}, {value: care, label: Care, points: 2}]
      - id: years
        text: How many years?
        kind: scale
        min: -1
        max: 3
        labels: {-1: Never, 3: Three or more}
"""


def sheets(path: Path) -> dict[str, list[dict[str, object]]]:
    """Each sheet of a workbook as rows of {column: value}."""
    book = openpyxl.load_workbook(path)
    found = {}
    for sheet in book:
        rows = list(sheet.iter_rows(values_only=True))
        found[sheet.title] = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    return found


def converted(path: Path) -> str:
    """The XForm pyxform makes of a workbook; any warning fails the test."""
    warnings: list[str] = []
    result = convert(xlsform=str(path), warnings=warnings, validate=False)
    assert warnings == [] and result.warnings == [], result.warnings
    return result.xform


@pytest.fixture
def inline(tmp_path: Path) -> Path:
    return write(tmp_path / "inline.yaml", INLINE)


@pytest.mark.parametrize("questionnaire", BUNDLED)
@pytest.mark.parametrize(
    "options", [[], ["--lang", "en"], ["--organization", 'Acme\'s "Co"', "--round", "2026"]]
)
def test_every_bundled_questionnaire_converts_without_a_warning(
    tmp_path: Path, questionnaire: str, options: list[str]
) -> None:
    form = tmp_path / "form.xlsx"
    run = run_cli("export", "xlsform", "-q", questionnaire, "-o", form, *options)
    assert run.code == 0, run.stderr
    xform = converted(form)
    survey = sheets(form)["survey"]
    questions = [row for row in survey if str(row["type"]).startswith("select_")]
    notes = [row for row in survey if str(row["name"]).endswith("_note")]
    assert questions and len(questions) == len(notes)
    assert all(f"<{row['name']}/>" in xform for row in questions)


def test_an_inline_questionnaire_with_multi_scale_and_na(tmp_path: Path, inline: Path) -> None:
    form = tmp_path / "form.xlsx"
    run = run_cli("export", "xlsform", "-q", inline, "-o", form)
    assert run.code == 0, run.stderr
    assert "wrote" in run.stderr
    xform = converted(form)
    assert "count-selected" in xform
    found = sheets(form)
    assert list(found["survey"][0]) == [
        "type",
        "name",
        "label",
        "hint",
        "required",
        "relevant",
        "constraint",
        "appearance",
        "calculation",
    ]
    by_name = {row["name"]: row for row in found["survey"] if row["name"]}
    assert [row["name"] for row in found["survey"][:6]] == [
        "questionnaire",
        "questionnaire_version",
        "organization",
        "respondent",
        "role",
        "date",
    ]
    assert by_name["questionnaire"]["type"] == "calculate"
    assert by_name["questionnaire"]["calculation"] == "'inline'"
    assert by_name["questionnaire_version"]["calculation"] == "concat('1', \"'\", '0\"0')"
    assert by_name["organization"]["type"] == "text"
    assert by_name["organization"]["required"] == "yes"
    assert by_name["date"]["type"] == "today"
    assert "round" not in by_name
    group = by_name["things"]
    assert (group["type"], group["label"], group["appearance"]) == (
        "begin_group",
        "Things & stuff",
        "field-list",
    )
    assert found["survey"][-1]["type"] == "end_group"
    assert by_name["pick"]["type"] == "select_one pick"
    assert by_name["pick"]["label"] == "=Pick <b>one</b>"  # text, never a formula
    assert by_name["pick"]["hint"] == "Look at the *minutes*"
    assert by_name["pick"]["required"] == "yes"
    assert by_name["channels"]["type"] == "select_multiple channels"
    assert by_name["channels"]["required"] is None
    assert "none_of_these" in str(by_name["channels"]["constraint"])
    assert "'na'" in str(by_name["channels"]["constraint"])
    assert by_name["years"]["type"] == "select_one years"
    assert by_name["pick_note"]["type"] == "text"
    assert by_name["pick_note"]["relevant"] == "${pick} != ''"
    choices = [(row["list_name"], row["name"], row["label"]) for row in found["choices"]]
    assert choices == [
        ("pick", "a", "A 'quoted'"),
        ("pick", "b", "B"),
        ("channels", "blog", "Blog"),
        ("channels", "care", "Care"),
        ("channels", "na", "Does not apply here"),
        ("channels", "none_of_these", "None of these"),
        ("years", "-1", "Never"),
        ("years", "0", "0"),
        ("years", "1", "1"),
        ("years", "2", "2"),
        ("years", "3", "Three or more"),
    ]
    assert found["settings"] == [
        {"form_title": 'Inline "form"', "form_id": "inline", "version": "1'0\"0"}
    ]


def test_organization_and_round_are_fixed_by_calculations(tmp_path: Path, inline: Path) -> None:
    form = tmp_path / "form.xlsx"
    run = run_cli(
        "export", "xlsform", "-q", inline, "-o", form, "--organization", "Acme", "--round", "R1"
    )
    assert run.code == 0, run.stderr
    converted(form)
    by_name = {row["name"]: row for row in sheets(form)["survey"] if row["name"]}
    assert (by_name["organization"]["type"], by_name["organization"]["calculation"]) == (
        "calculate",
        "'Acme'",
    )
    assert (by_name["round"]["type"], by_name["round"]["calculation"]) == ("calculate", "'R1'")


def test_lang_gives_a_column_per_language_and_a_default_language(
    tmp_path: Path, inline: Path
) -> None:
    form = tmp_path / "form.xlsx"
    run = run_cli("export", "xlsform", "-q", inline, "-o", form, "--lang", "en")
    assert run.code == 0, run.stderr
    converted(form)
    found = sheets(form)
    assert "label::English (en)" in found["survey"][0]
    assert "hint::English (en)" in found["survey"][0]
    assert "label" not in found["survey"][0]
    assert list(found["choices"][0]) == ["list_name", "name", "label::English (en)"]
    assert found["settings"][0]["default_language"] == "English (en)"


def test_a_language_with_neither_translation_nor_catalog_is_a_usage_error(
    tmp_path: Path, inline: Path
) -> None:
    run = run_cli("export", "xlsform", "-q", inline, "-o", tmp_path / "f.xlsx", "--lang", "xx")
    assert run.code == 2
    assert "available: en" in run.stderr and "xx" in run.stderr
    assert not (tmp_path / "f.xlsx").exists()


def test_the_bundled_questionnaire_in_three_more_languages(tmp_path: Path) -> None:
    form = tmp_path / "form.xlsx"
    args = ["--lang", "de", "--lang", "fr", "--lang", "es-MX"]
    run = run_cli("export", "xlsform", "-o", form, *args)
    assert run.code == 0, run.stderr
    converted(form)
    found = sheets(form)
    header = list(found["survey"][0])
    names = ["English (en)", "Deutsch (de)", "Français (fr)", "Español (es)"]
    assert [h for h in header if h.startswith("label::")] == [f"label::{n}" for n in names]
    assert found["settings"][0]["default_language"] == "English (en)"
    planning = next(row for row in found["survey"] if row["name"] == "exec_planning")
    assert planning["label::Deutsch (de)"] != planning["label::English (en)"]


def test_a_regional_tag_falls_back_to_its_language(tmp_path: Path, inline: Path) -> None:
    form = tmp_path / "form.xlsx"
    assert run_cli("export", "xlsform", "-q", inline, "-o", form, "--lang", "en-GB").code == 0
    assert "label::English (en)" in sheets(form)["survey"][0]


def test_an_option_none_of_these_in_a_multi_question_cannot_be_exported(
    tmp_path: Path, inline: Path
) -> None:
    write(inline, INLINE.replace("value: care", "value: none_of_these"))
    run = run_cli("export", "xlsform", "-q", inline, "-o", tmp_path / "f.xlsx")
    assert run.code == 1
    assert "none_of_these" in run.stderr and "channels" in run.stderr
    assert run.stderr.startswith(f"{inline}: error: ")  # SPEC 0: every error names the file
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "f.xlsx").exists()


@pytest.mark.parametrize("clash", ["organization", "date", "round", "pick_note", "things", "meta"])
def test_a_question_named_like_a_generated_field_cannot_be_exported(
    tmp_path: Path, inline: Path, clash: str
) -> None:
    write(inline, INLINE.replace("id: years", f"id: {clash}"))
    run = run_cli("export", "xlsform", "-q", inline, "-o", tmp_path / "f.xlsx")
    assert run.code == 1, run.stderr
    assert f"'{clash}'" in run.stderr and run.stderr.startswith(f"{inline}: error: ")


def test_an_existing_form_is_replaced_only_with_force(tmp_path: Path, inline: Path) -> None:
    form = tmp_path / "form.xlsx"
    form.write_bytes(b"old")
    run = run_cli("export", "xlsform", "-q", inline, "-o", form)
    assert run.code == 1 and "already exists" in run.stderr
    assert form.read_bytes() == b"old"
    assert run_cli("export", "xlsform", "-q", inline, "-o", form, "--force").code == 0
    converted(form)


def test_the_same_questionnaire_gives_the_same_bytes(tmp_path: Path, inline: Path) -> None:
    for name in ("a.xlsx", "b.xlsx"):
        assert run_cli("export", "xlsform", "-q", inline, "-o", tmp_path / name).code == 0
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_the_default_questionnaire_is_social_maturity(tmp_path: Path) -> None:
    form = tmp_path / "form.xlsx"
    assert run_cli("export", "xlsform", "-o", form).code == 0
    assert sheets(form)["settings"][0]["form_id"] == "social-maturity"


@pytest.mark.parametrize(
    "args", [["export", "--help"], ["export", "xlsform", "--help"], ["import", "--help"]]
)
def test_help_works_for_the_group_and_its_command(args: list[str]) -> None:
    run = run_cli(*args)
    assert run.code == 0, run.stderr
    assert "Usage" in run.stdout


def test_export_without_a_subcommand_shows_its_commands() -> None:
    run = run_cli("export")
    assert "xlsform" in run.stdout + run.stderr


def test_missing_output_and_unknown_subcommand_are_usage_errors() -> None:
    assert run_cli("export", "xlsform").code == 2
    assert run_cli("export", "pdf").code == 2


@pytest.mark.parametrize(
    "args", [["export", "--help"], ["export", "xlsform", "--help"], ["export", "xlsform", "-q"]]
)
def test_the_export_group_built_alone_behaves_as_in_the_whole_application(
    args: list[str],
) -> None:
    from typer.testing import CliRunner

    from socialmaturity.cli import app, app_for

    alone = app_for(args)
    assert alone is not app
    assert [group.name for group in alone.registered_groups] == ["export"]
    assert alone.registered_commands == []
    runs = [CliRunner().invoke(a, args, prog_name="socialmaturity") for a in (app, alone)]
    assert (runs[0].exit_code, runs[0].output) == (runs[1].exit_code, runs[1].output)


def test_text_that_looks_like_a_field_reference_stays_text(tmp_path: Path, inline: Path) -> None:
    write(
        inline,
        INLINE.replace("text: Which channels?", 'text: "Costs ${budget} and ${pick}?"').replace(
            "title: Inline", "title: ${title} Inline"
        ),
    )
    form = tmp_path / "form.xlsx"
    options = ["--organization", "Acme ${pick} 'n' \"co\"", "--round", "$"]
    run = run_cli("export", "xlsform", "-q", inline, "-o", form, *options)
    assert run.code == 0, run.stderr
    xform = converted(form)
    by_name = {row["name"]: row for row in sheets(form)["survey"] if row["name"]}
    assert by_name["channels"]["label"] == "Costs $\u2060{budget} and $\u2060{pick}?"
    assert "Costs $\u2060{budget}" in xform
    assert by_name["organization"]["calculation"] == (
        "concat('Acme ', '$', '{pick} ', \"'\", 'n', \"'\", ' \"co\"')"
    )
    assert (
        by_name["round"]["calculation"] == "concat('$')" or by_name["round"]["calculation"] == "'$'"
    )


def test_a_version_that_looks_like_a_field_reference_stays_text(
    tmp_path: Path, inline: Path
) -> None:
    write(inline, INLINE.replace('version: "1\'0\\"0"', 'version: "2026 edition ${v}"'))
    form = tmp_path / "form.xlsx"
    run = run_cli("export", "xlsform", "-q", inline, "-o", form)
    assert run.code == 0, run.stderr
    xform = converted(form)  # no error, no warning
    [settings] = sheets(form)["settings"]
    assert settings["version"] == "2026 edition $\u2060{v}"  # as titles and labels are kept
    assert 'version="2026 edition $\u2060{v}"' in xform
    by_name = {row["name"]: row for row in sheets(form)["survey"] if row["name"]}
    # the value a submission records is the version itself
    assert by_name["questionnaire_version"]["calculation"] == "concat('2026 edition ', '$', '{v}')"

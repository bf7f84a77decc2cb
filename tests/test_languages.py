"""SPEC section 8: a questionnaire's texts in another language, and `--lang`.

Translations are text only, so scores never depend on the language; roles are matched on the
questionnaire's own words; lint finds what a translation lacks, names wrongly or has outgrown.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from socialmaturity.engine.lint import lint_translation
from socialmaturity.model.questionnaire import load_questionnaire
from socialmaturity.model.translation import load_translation, translated

from conftest import REPO, run_cli, write

DEMO = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"
BUNDLED = REPO / "questionnaires"

TINY = """\
id: tiny
version: "2"
title: Tiny
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: High, min_score: 50}
dimensions:
  - id: dim
    name: Dimension
    level_descriptions: {1: low, 2: high}
    questions:
      - id: q_one
        text: First?
        options:
          - {value: no, label: No, points: 0, level: 1}
          - {value: yes, label: Yes, points: 1, level: 2}
      - id: q_two
        text: Second?
        options:
          - {value: no, label: No, points: 0, level: 1}
          - {value: yes, label: Yes, points: 1, level: 2}
    recommendations:
      - {id: hire, level: 2, title: Hire, owner: CEO, appoints: Lead, addresses: [q_one]}
      - {id: work, level: 2, title: Work, owner: Lead, addresses: [q_two]}
"""

TINY_DE = """\
translation_of: tiny
source_version: "2"
language: de
title: Winzig
levels: {1: {name: Niedrig}, 2: {name: Hoch}}
dimensions:
  dim:
    name: Dimension
    level_descriptions: {1: niedrig, 2: hoch}
    questions:
      q_one: {text: Erste?, options: {no: Nein, yes: Ja}}
      q_two: {text: Zweite?, options: {no: Nein, yes: Ja}}
    recommendations:
      hire: {title: Einstellen, owner: Geschäftsführung, appoints: Leitung}
      work: {title: Arbeiten, owner: Jemand anderes}
"""

RESPONSE = """\
questionnaire: tiny
questionnaire_version: "2"
organization: Acme
date: 2026-11-20
answers: {q_one: no, q_two: no}
"""


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    folder = tmp_path / "q"
    write(folder / "tiny.yaml", TINY)
    write(folder / "tiny.de.yaml", TINY_DE)
    return folder


def test_a_translation_changes_texts_never_scores_or_roles(tiny: Path, tmp_path: Path) -> None:
    response = write(tmp_path / "r.yaml", RESPONSE)
    env = {"SOCIALMATURITY_PATH": str(tiny)}
    english = json.loads(run_cli("report", response, "--format", "json", env=env).stdout)
    german_run = run_cli("report", response, "--format", "json", "--lang", "de", env=env)
    assert german_run.code == 0, german_run.stderr
    german = json.loads(german_run.stdout)
    # the same numbers and the same plan: the owner "Jemand anderes" is not matched as a role,
    # the questionnaire's own "Lead" is, so "work" still waits for "hire"
    assert json.dumps(english["overall"]["score"]) == json.dumps(german["overall"]["score"])
    steps = {s["id"]: s for p in german["phases"] for s in p["steps"]}
    english_steps = {s["id"]: s for p in english["phases"] for s in p["steps"]}
    assert steps["work"]["waits_for"] == english_steps["work"]["waits_for"] == ["hire"]
    assert steps["hire"]["title"] == "Einstellen"
    assert (
        german["questionnaire"]["title"] == "Winzig" if "title" in german["questionnaire"] else True
    )
    assert set(german) == set(english)  # keys are never translated


@pytest.mark.parametrize("by", ["id", "path"])
def test_trend_names_dimensions_and_levels_in_the_language(
    tiny: Path, tmp_path: Path, by: str
) -> None:
    """Found by id or given with -q PATH, the questionnaire is read in the language once."""
    response = write(tmp_path / "r.yaml", RESPONSE)
    if by == "path":  # not on the search path: found only through -q
        where, env = ["-q", str(tiny / "tiny.yaml")], {}
    else:
        where, env = [], {"SOCIALMATURITY_PATH": str(tiny)}
    run = run_cli("trend", response, *where, "--format", "json", "--lang", "de", env=env)
    assert run.code == 0, run.stderr
    assessment = json.loads(run.stdout)[0]["assessments"][0]
    assert assessment["overall"]["level_name"] == "Niedrig"
    assert [d["name"] for d in assessment["dimensions"]] == ["Dimension"]
    assert assessment["dimensions"][0]["level_name"] == "Niedrig"


def test_trend_table_has_its_headers_and_numbers_in_the_language(
    tiny: Path, tmp_path: Path
) -> None:
    """SPEC 8: table headers are the tool's words, numbers as the language writes them."""
    first = write(tmp_path / "a.yaml", RESPONSE)
    later = write(tmp_path / "b.yaml", RESPONSE.replace("2026-11-20", "2025-11-20"))
    env = {"SOCIALMATURITY_PATH": str(tiny)}
    english = run_cli("trend", first, later, env=env)
    german = run_cli("trend", first, later, "--lang", "de", env=env)
    assert english.code == german.code == 0, german.stderr
    assert "since prev." in english.stdout and "since prev." not in german.stdout
    assert "ggü. vorig." in german.stdout and "Datum" in german.stdout
    numbers = [word for word in english.stdout.split() if word[:1].isdigit() and "." in word]
    assert numbers and all(number.replace(".", ",") in german.stdout for number in numbers)


@pytest.mark.parametrize("tag", ["en", "en-GB"])
def test_english_asks_for_no_translation(tag: str) -> None:
    """Questionnaires are written in English: --lang en warns of no missing translation."""
    run = run_cli("template", "--lang", tag)
    assert run.code == 0, run.stderr
    assert "translation" not in run.stderr


def test_numbers_and_dates_as_the_language_writes_them() -> None:
    for lang, date, score in (
        ("de", "20. November 2026", "50,3"),
        ("fr", "20 novembre 2026", "50,3"),
        ("es", "20 de noviembre de 2026", "50,3"),
    ):
        run = run_cli("report", DEMO, "--lang", lang)
        assert run.code == 0, run.stderr
        assert date in run.stdout and score in run.stdout
        assert "50.3" not in run.stdout


def test_scores_are_the_same_in_every_language() -> None:
    english = json.loads(run_cli("report", DEMO, "--format", "json").stdout)
    for lang in ("de", "fr", "es"):
        other = json.loads(run_cli("report", DEMO, "--format", "json", "--lang", lang).stdout)
        assert other["overall"]["score"] == english["overall"]["score"]
        assert [d["score"] for d in other["dimensions"]] == [
            d["score"] for d in english["dimensions"]
        ]
        assert [s["id"] for p in other["phases"] for s in p["steps"]] == [
            s["id"] for p in english["phases"] for s in p["steps"]
        ]


def test_a_regional_tag_falls_back_to_its_language() -> None:
    regional = run_cli("report", DEMO, "--lang", "de-CH")
    assert regional.code == 0, regional.stderr
    german = run_cli("report", DEMO, "--lang", "de").stdout
    # the translation and the catalog of German; numbers as Swiss German writes them (50.3)
    assert regional.stdout.splitlines()[0] == german.splitlines()[0]
    assert "20. November 2026" in regional.stdout


def test_an_unknown_language_is_a_usage_error_naming_the_available_ones() -> None:
    run = run_cli("report", DEMO, "--lang", "xx")
    assert run.code == 2
    assert "de" in run.stderr and "fr" in run.stderr and "es" in run.stderr
    assert run_cli("report", DEMO, "--lang", "not a tag").code == 2


def test_trend_in_an_unknown_language_is_one_usage_error_not_one_per_file(tmp_path: Path) -> None:
    """The language is the command's, not a file's: exit 2 and one message, as for report."""
    first = tmp_path / "a.yaml"
    first.write_bytes(DEMO.read_bytes())
    second = tmp_path / "b.yaml"
    second.write_bytes(DEMO.read_bytes())
    run = run_cli("trend", first, second, "--format", "json", "--lang", "xx")
    assert run.code == 2, run.stderr
    assert run.stderr.count("--lang xx") == 1 and str(tmp_path) not in run.stderr
    assert run.stderr.startswith("error: --lang xx: ")


@pytest.mark.parametrize("tag", ["DE", "De", "de-ch", "DE-CH"])
def test_a_language_tag_is_read_whatever_its_case(tag: str) -> None:
    """BCP 47 tags match whatever their case: DE is de, de-ch is de-CH."""
    german = run_cli("report", DEMO, "--lang", "de")
    run = run_cli("report", DEMO, "--lang", tag)
    assert run.code == 0, run.stderr
    assert "no translation" not in run.stderr
    assert run.stdout.splitlines()[0] == german.stdout.splitlines()[0]
    template = run_cli("template", "--lang", tag)
    assert template.code == 0 and "no translation" not in template.stderr
    assert template.stdout == run_cli("template", "--lang", "de").stdout


def test_trend_warnings_stay_in_english_with_a_language(tiny: Path, tmp_path: Path) -> None:
    """Messages on stderr are the consultant's, in English, not half translated."""
    first = write(
        tmp_path / "a.yaml", RESPONSE.replace("organization:", "respondent: Ann\norganization:")
    )
    later = write(
        tmp_path / "b.yaml",
        RESPONSE.replace("2026-11-20", "2025-11-20").replace(
            "organization:", "respondent: Bob\norganization:"
        ),
    )
    run = run_cli("trend", first, later, "--lang", "de", env={"SOCIALMATURITY_PATH": str(tiny)})
    assert run.code == 0, run.stderr
    assert "may not be the company's own: different people answered" in run.stderr
    assert "Befragte" not in run.stderr


def test_list_shows_each_questionnaires_languages() -> None:
    rows = json.loads(run_cli("list", "--format", "json").stdout)
    languages = {row["id"]: row["languages"] for row in rows}
    assert languages["social-maturity"] == ["en", "de", "es", "fr"]
    assert languages["social-maturity-quick"] == ["en", "de", "es", "fr"]


def test_validate_reads_a_translation_and_locates_a_wrong_key(tiny: Path) -> None:
    assert run_cli("validate", tiny / "tiny.de.yaml").code == 0
    bad = write(
        tiny / "tiny.fr.yaml",
        TINY_DE.replace("language: de", "language: fr").replace(
            "    name: Dimension\n", "    nmae: Dimension\n"
        ),
    )
    run = run_cli("validate", bad)
    assert run.code == 1
    assert f"{bad}:8:5: error:" in run.stderr and "nmae" in run.stderr


def test_lint_codes_of_translations(tiny: Path) -> None:
    path = tiny / "tiny.de.yaml"
    path.write_text(
        TINY_DE.replace('source_version: "2"', 'source_version: "1"').replace(
            "      q_two: {text: Zweite?, options: {no: Nein, yes: Ja}}\n",
            "      q_two: {text: Zweite?, options: {no: Nein}}\n      q_gone: {text: Weg?}\n",
        ),
        encoding="utf-8",
    )
    run = run_cli("lint", tiny, "--format", "json")
    assert run.code == 1
    found = {(f["code"], f["line"]) for f in json.loads(run.stdout)}
    assert ("translation-outdated", 2) in found
    assert ("translation-unknown-id", 13) in found  # q_gone
    assert ("translation-missing", 12) in found  # q_two's option "yes"
    assert run.stderr.strip() == "3 findings in 2 files"


def test_bundled_translations_are_complete() -> None:
    for stem in ("social-maturity", "social-maturity-quick"):
        q = load_questionnaire(BUNDLED / f"{stem}.yaml")
        for lang in ("de", "fr", "es"):
            t = load_translation(BUNDLED / f"{stem}.{lang}.yaml")
            assert lint_translation(t, q) == [], (stem, lang)
            assert translated(q, t).title != q.title


def test_a_translation_is_never_read_as_a_questionnaire(tmp_path: Path) -> None:
    folder = tmp_path / "q"
    shutil.copytree(BUNDLED, folder)
    run = run_cli("list", env={"SOCIALMATURITY_PATH": str(folder)})
    assert run.code == 0, run.stderr
    assert "translation" not in run.stderr


def test_template_and_assess_speak_the_language(tmp_path: Path) -> None:
    template = run_cli("template", "--lang", "de")
    assert template.code == 0, template.stderr
    assert "(eine wählen)" in template.stdout  # the tool's words
    assert "Rückhalt der Geschäftsleitung" in template.stdout  # the questionnaire's
    assert "\nanswers:\n" in template.stdout and "exec_planning:" in template.stdout  # keys stay
    answers = tmp_path / "es.yaml"
    run = run_cli(
        "assess", "-o", answers, "--organization", "Acme", "--lang", "es", stdin="2\n" + "\n" * 40
    )
    assert "Pregunta 1 de 37" in run.stdout
    assert "exec_planning: marketing_appendix" in answers.read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "basis"),
    [("de", "Grundlage dieser Analyse"), ("fr", "Base de l’évaluation"), ("es", "Base de esta")],
)
def test_the_executive_summary_fits_page_one_in_every_language(
    tmp_path: Path, lang: str, basis: str
) -> None:
    from pypdf import PdfReader

    out = tmp_path / "r.pdf"
    run = run_cli("report", DEMO, "--lang", lang, "-o", out)
    assert run.code == 0, run.stderr
    first = " ".join((PdfReader(out).pages[0].extract_text() or "").split())
    assert basis in first


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "basis"),
    [
        ("en", "Basis of this assessment"),
        ("de", "Grundlage dieser Analyse"),
        ("fr", "Base de l’évaluation"),
    ],
)
def test_an_organizations_executive_summary_fits_page_one(
    tmp_path: Path, lang: str, basis: str
) -> None:
    """SPEC 4: "The executive summary fits one printed page", for five respondents who disagree
    too, with a baseline, in the longer languages (the biggest disagreement, quoting everyone,
    pushed the first moves to page 2)."""
    from pypdf import PdfReader

    model = load_questionnaire(BUNDLED / "social-maturity.yaml")
    singles = [q for d in model.dimensions for q in d.questions if q.kind == "single"]
    text = DEMO.read_text(encoding="utf-8")
    files = []
    for n, name in enumerate(["Ann Archer", "Bo Berg", "Cy Chen", "Di Dahl", "Ed Eng"]):
        mine = text.replace("respondent: Maren Holloway", f"respondent: {name}")
        for question in singles[n::5]:  # each answers a fifth of the questions otherwise
            lines = [line for line in mine.splitlines() if line.startswith(f"  {question.id}: ")]
            if lines:
                options = list(question.option_by_value)
                mine = mine.replace(lines[0], f"  {question.id}: {options[n % len(options)]}")
        files.append(write(tmp_path / f"{n}.yaml", mine))
    earlier = write(tmp_path / "2025" / "a.yaml", text.replace("2026-11-20", "2025-11-18"))
    out = tmp_path / "r.pdf"
    run = run_cli("report", *files, "--baseline", earlier, "--lang", lang, "-o", out)
    assert run.code == 0, run.stderr
    first = " ".join((PdfReader(out).pages[0].extract_text() or "").split())
    assert basis in first  # it follows the first moves: all of the summary is on page 1
    data = json.loads(run_cli("report", *files, "--format", "json").stdout)
    assert len(data["first_moves"]) == 3


@pytest.mark.parametrize(("lang", "day"), [("en", "20 November 2026"), ("de", "20. November 2026")])
@pytest.mark.parametrize("output_format", ["md", "html"])
def test_trend_documents_write_dates_as_the_language_does(
    tiny: Path, tmp_path: Path, lang: str, day: str, output_format: str
) -> None:
    """SPEC 8: "dates written as that language writes them"; a trend's md and html tables
    wrote 2026-11-20 in every language (JSON keeps ISO dates: machine-facing)."""
    response = write(tmp_path / "r.yaml", RESPONSE)
    env = {"SOCIALMATURITY_PATH": str(tiny)}
    run = run_cli("trend", response, "--format", output_format, "--lang", lang, env=env)
    assert run.code == 0, run.stderr
    assert day in run.stdout and "| 2026-11-20 |" not in run.stdout
    if lang == "en":  # a round, not a date: unnamed responses up to --window days apart
        assert "the respondents of one round are combined" in run.stdout
    data = run_cli("trend", response, "--format", "json", "--lang", lang, env=env).stdout
    assert json.loads(data)[0]["assessments"][0]["date"] == "2026-11-20"


@pytest.mark.parametrize(
    ("replace", "said"),
    [
        ("translation_of: tiny", "translates 'other', not 'tiny': passed over"),
        ("language: de", "is a translation into 'fr', not 'de': passed over"),
    ],
)
def test_a_file_that_is_not_this_questionnaire_s_translation_is_passed_over(
    tiny: Path, tmp_path: Path, replace: str, said: str
) -> None:
    """lint calls it an error; a report must not print another questionnaire's texts."""
    wrong = {"translation_of: tiny": "translation_of: other", "language: de": "language: fr"}
    text = (tiny / "tiny.de.yaml").read_text(encoding="utf-8")
    assert replace in text
    (tiny / "tiny.de.yaml").write_text(text.replace(replace, wrong[replace]), encoding="utf-8")
    response = write(tmp_path / "r.yaml", RESPONSE)
    run = run_cli("report", response, "--lang", "de", env={"SOCIALMATURITY_PATH": str(tiny)})
    assert run.code == 0, run.stderr
    assert said in run.stderr
    assert "Einstellen" not in run.stdout


def test_a_language_whose_only_file_is_passed_over_is_a_usage_error(
    tiny: Path, tmp_path: Path
) -> None:
    """SPEC 8: neither a translation of the questionnaire nor a catalog: exit 2."""
    (tiny / "tiny.pt.yaml").write_text(
        (tiny / "tiny.de.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )  # says language: de
    response = write(tmp_path / "r.yaml", RESPONSE)
    run = run_cli("report", response, "--lang", "pt", env={"SOCIALMATURITY_PATH": str(tiny)})
    assert run.code == 2
    assert "is a translation into 'de', not 'pt': passed over" in run.stderr
    assert "--lang pt: no translation of 'tiny'" in run.stderr


def test_lint_says_a_translation_s_language_differs_from_its_name(tiny: Path) -> None:
    """report --lang passes such a file over; lint says why, at its language."""
    text = (tiny / "tiny.de.yaml").read_text(encoding="utf-8")
    (tiny / "tiny.de.yaml").write_text(text.replace("language: de", "language: fr"), "utf-8")
    run = run_cli("lint", tiny)
    assert run.code == 1
    assert (
        f"{tiny / 'tiny.de.yaml'}:3:11: error: is a translation into 'fr', but its name says 'de'"
        in run.stderr
    )


def test_a_passed_over_file_is_not_offered_as_available(tiny: Path, tmp_path: Path) -> None:
    text = (tiny / "tiny.de.yaml").read_text(encoding="utf-8")
    (tiny / "tiny.xx.yaml").write_text(text.replace("translation_of: tiny", "translation_of: b"))
    response = write(tmp_path / "r.yaml", RESPONSE)
    run = run_cli("report", response, "--lang", "xx", env={"SOCIALMATURITY_PATH": str(tiny)})
    assert run.code == 2
    available = run.stderr.rsplit("available: ", 1)[1]
    assert "xx" not in available and "de" in available


def test_french_puts_a_no_break_space_before_colons_and_semicolons_the_code_writes() -> None:
    """French typography: "Adhésion de la direction : Coordonné", never "direction: ..."."""
    md = run_cli("report", DEMO, "--lang", "fr")
    assert md.code == 0, md.stderr
    first = md.stdout.splitlines()[0]
    assert first.endswith("\u00a0: Northwind Outdoor Gear"), first
    assert "\n### Adhésion de la direction\u00a0: " in md.stdout
    assert "direction: " not in md.stdout and "»; " not in md.stdout
    assert "**Autres réponses**\u00a0:" in md.stdout and "**\u00a0(niveau" not in md.stdout
    assert re.search(r"\*\* \(niveau \d\)\u00a0:", md.stdout)
    html = run_cli("report", DEMO, "--lang", "fr", "--format", "html").stdout
    assert "Gear</title>" in html and "\u00a0: Northwind Outdoor Gear</title>" in html
    # the radar's text: each series says the level in the language's order
    assert "direction\u00a0: actuellement au niveau 3 (Coordonné), objectif au niveau 4" in html
    english = run_cli("report", DEMO).stdout
    assert english.splitlines()[0].endswith("Assessment: Northwind Outdoor Gear")
    kpis = DEMO.with_name("demo-kpis.csv")
    claims = run_cli("report", DEMO, "--lang", "fr", "--kpis", kpis).stdout
    assert "non confirmé par les données\u00a0: Portée" in claims


def test_a_bar_without_a_score_is_labelled_in_the_language(tiny: Path, tmp_path: Path) -> None:
    answers = write(tmp_path / "r.yaml", RESPONSE.replace("{q_one: no, q_two: no}", "{}"))
    html = run_cli("report", answers, "-q", tiny / "tiny.yaml", "--lang", "de", "--format", "html")
    assert html.code == 0, html.stderr
    assert ">nicht bewertet</text>" in html.stdout and ">not scored<" not in html.stdout

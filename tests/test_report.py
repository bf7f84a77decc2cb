"""Reports: golden files, escaping of hostile text, roadmap, baseline, targets, --template, -o."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from socialmaturity.engine.roadmap import parse_targets
from socialmaturity.engine.scoring import score_response
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.loading import load_response
from socialmaturity.render.escaping import md_cell, md_escape
from socialmaturity.render.report import report_context
from socialmaturity.render.templating import render_report

from conftest import NORTHWIND, REPO, evil_response, run_cli, write

GOLDEN = Path(__file__).parent / "golden"
DEMO = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"
BLESS = os.environ.get("SOCIALMATURITY_BLESS") == "1"

QUESTIONNAIRE = """
id: tiny
version: "2.0"
title: Tiny <b>model</b> | test
levels:
  - {level: 1, name: Low, min_score: 0, description: Just starting}
  - {level: 2, name: Mid, min_score: 40, description: Getting there}
  - {level: 3, name: High, min_score: 75, description: Mature}
dimensions:
  - id: alpha
    name: Alpha | <i>one</i>
    level_descriptions: {1: Alpha is low, 2: Alpha is mid, 3: Alpha is high}
    questions:
      - id: a1
        text: "Is there a <script>alert('q')</script> sponsor?"
        options:
          - {value: none, label: "No | nobody <img src=x onerror=alert(1)>", points: 0, cap: 1}
          - {value: some, label: "Some **bold** [link](http://evil.example)", points: 1}
          - {value: full, label: Full, points: 2}
      - id: a2
        text: How many years?
        kind: scale
        min: 0
        max: 4
    recommendations:
      - {id: r_alpha_2, level: 2, title: "Alpha step 2 <b>now</b>", effort: low,
         horizon: 0-3 months,
         kpis: ["share | of voice", "<kpi>"], owner: "CMO & CEO"}
      - {id: r_alpha_3, level: 3, title: Alpha step 3, effort: high, kpis: [retention]}
  - id: beta
    name: Beta
    questions:
      - id: b1
        text: Which channels?
        kind: multi
        options:
          - {value: blog, label: Blog, points: 1}
          - {value: care, label: Customer care, points: 3}
    recommendations:
      - {id: r_beta_2, level: 2, title: Beta step 2}
      - {id: r_beta_3, level: 3, title: Beta step 3}
"""

HOSTILE = "Evil <script>alert(1)</script> | Co. **x** [y](http://z) & `code`\n# not a heading"


def response_text(organization: str = "Acme", a1: str = "none", a2: int = 4, **extra: str) -> str:
    lines = [
        "questionnaire: tiny",
        f"organization: {organization!r}".replace("'", '"')
        if "\n" not in organization
        else "organization: " + '"' + organization.replace("\n", "\\n") + '"',
        "respondent: Jane <Doe>",
        "date: 2026-11-20",
    ]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    lines += [
        "answers:",
        "  a1:",
        f"    value: {a1}",
        '    note: "Said <script>x</script> | pipes\\n- and a list"',
        f"  a2: {a2}",
        "  b1: [care]",
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return write(tmp_path / "tiny.yaml", QUESTIONNAIRE)


def context_for(path: Path, questionnaire: Path, **kwargs: object) -> dict[str, object]:
    response, q = load_response(str(path), Catalog(), str(questionnaire))
    return report_context(score_response(q, response), **kwargs)  # type: ignore[arg-type]


# --- golden reports -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_demo_report_matches_golden(fmt: str) -> None:
    """The bundled demo's reports, compared whole (re-bless: SOCIALMATURITY_BLESS=1)."""
    run = run_cli("report", DEMO, "--format", fmt)
    assert run.code == 0, run.stderr
    golden = GOLDEN / f"demo-report.{fmt}"
    if BLESS:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(run.stdout, encoding="utf-8")
    assert golden.exists(), "run with SOCIALMATURITY_BLESS=1 to create the golden file"
    assert run.stdout == golden.read_text(encoding="utf-8")


# --- escaping -----------------------------------------------------------------------------------


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_every_hostile_text(tmp_path: Path, tiny: Path) -> None:
    response = write(tmp_path / "r.yaml", response_text(organization=HOSTILE))
    run = run_cli("report", response, "-q", tiny, "--format", "html")
    assert run.code == 0, run.stderr
    html = run.stdout
    parser = _Collector()
    parser.feed(html)
    assert "script" not in parser.tags
    assert "img" not in parser.tags and "i" not in parser.tags and "b" not in parser.tags
    assert not any(name.startswith("on") for name, _ in parser.attrs)
    text = "".join(parser.text)
    assert "Evil <script>alert(1)</script> | Co." in text  # shown literally, as text
    assert "No | nobody <img src=x onerror=alert(1)>" in text
    assert "Said <script>x</script> | pipes" in text


def test_html_is_self_contained(tmp_path: Path, tiny: Path) -> None:
    response = write(tmp_path / "r.yaml", response_text())
    html = run_cli("report", response, "-q", tiny, "--format", "html").stdout
    assert html.startswith("<!DOCTYPE html>")
    assert "<svg" in html and "<style>" in html
    parser = _Collector()
    parser.feed(html)
    assert "script" not in parser.tags and "link" not in parser.tags
    for name, value in parser.attrs:
        if name in ("src", "href"):
            raise AssertionError(f"external reference {name}={value}")
    assert "@media print" in html


def _table_rows(html: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    return [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S) for row in rows]


def test_markdown_renders_hostile_text_literally(tmp_path: Path, tiny: Path) -> None:
    response = write(tmp_path / "r.yaml", response_text(organization=HOSTILE))
    run = run_cli("report", response, "-q", tiny, "--format", "md")
    assert run.code == 0, run.stderr
    rendered = MarkdownIt("commonmark").enable("table").render(run.stdout)
    # Nothing from the files became markup: no tags, links, emphasis or code of theirs.
    assert "<script" not in rendered and "<img" not in rendered
    assert 'href="http://z"' not in rendered and 'href="http://evil.example"' not in rendered
    assert "<strong>x</strong>" not in rendered and "<code>code</code>" not in rendered
    assert "<h1>not a heading" not in rendered
    # ...and it still reads as the literal text.
    assert "Evil &lt;script&gt;alert(1)&lt;/script&gt; | Co. **x** [y](http://z) &amp; `code`" in (
        rendered
    )
    # Every table keeps its columns although cells contain "|".
    for table in re.findall(r"<table>(.*?)</table>", rendered, re.S):
        rows = _table_rows(table)
        assert len({len(row) for row in rows}) == 1, rows
    assert "No | nobody &lt;img src=x onerror=alert(1)&gt;" in rendered


@pytest.mark.parametrize(
    "text",
    [
        "a|b",
        "*x*",
        "_y_",
        "[l](u)",
        "<b>",
        "&amp;",
        "`c`",
        "# h",
        "1. item",
        "- item",
        "\\",
        "~~s~~",
    ],
)
def test_md_escape_round_trips_as_literal_text(text: str) -> None:
    rendered = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    html = rendered.render(f"x {md_escape(text)}").strip()
    expected = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert html == f"<p>x {expected}</p>"
    assert "\n" not in md_cell("two\nlines") and md_cell("") == " "


def test_markdown_has_no_autolinks_and_html_isolates_bidi(tmp_path: Path) -> None:
    response = evil_response(tmp_path)
    q = REPO / "tests" / "fixtures" / "social-maturity-1.0.0" / "questionnaire.yaml"
    md = run_cli("report", response, "-q", q).stdout
    assert "https://evil" not in md and "www.evil" not in md and "a@b.example" not in md
    assert "https\\://evil.example" in md and "www\\.evil" in md
    html = run_cli("report", response, "-q", q, "--format", "html").stdout
    assert "\u2068Evil" in html and "RTL\u2069" in html  # isolated: FSI ... PDI


# --- contents -----------------------------------------------------------------------------------


def test_report_lists_caps_roadmap_and_appendix(tmp_path: Path, tiny: Path) -> None:
    # alpha: a1=none (0), a2=4 (1.0) -> 50.0, level 2 by score, capped to 1 by a1=none
    # beta: care -> 3/4 = 75.0 -> level 3 (75 reaches High)
    response = write(tmp_path / "r.yaml", response_text())
    context = context_for(response, tiny)
    dims = {d["id"]: d for d in context["dimensions"]}  # type: ignore[attr-defined]
    assert dims["alpha"]["score_text"] == "50.0"
    assert dims["alpha"]["level"]["number"] == 1
    assert dims["alpha"]["caps"][0]["answer"].startswith("No | nobody")
    assert dims["alpha"]["caps"][0]["uncapped_level"] == 2
    assert dims["beta"]["level"]["number"] == 3
    # roadmap: alpha 1 -> 2 only; beta at the top level: nothing
    phases = context["phases"]
    assert [[s["id"] for s in p["steps"]] for p in phases] == [["r_alpha_2"]]  # type: ignore[union-attr,index]
    md = render_report(context, "md")
    assert "Alpha step 2" in md and "Beta step 3" not in md
    assert "How many years?" in md and "Customer care" in md  # appendix answers


def test_role_without_respondent_is_in_the_report(tmp_path: Path) -> None:
    response = write(
        tmp_path / "r.yaml",
        "questionnaire: social-maturity\norganization: A\nrole: Head of Care\nanswers: {}\n",
    )
    for fmt in ("md", "html"):
        run = run_cli("report", response, "--format", fmt)
        assert run.code == 0, run.stderr
        assert "Head of Care" in run.stdout


def test_targets_change_the_roadmap(tmp_path: Path, tiny: Path) -> None:
    response = write(tmp_path / "r.yaml", response_text())
    run = run_cli("report", response, "-q", tiny, "--target", "3")
    assert run.code == 0, run.stderr
    assert "Alpha step 2" in run.stdout and "Alpha step 3" in run.stdout
    assert run.stdout.index("Alpha step 2") < run.stdout.index("Alpha step 3")
    run = run_cli("report", response, "-q", tiny, "--target", "alpha=3", "--target", "beta=3")
    assert "Alpha step 3" in run.stdout
    response_q = load_response(str(response), Catalog(), str(tiny))[1]
    targets = parse_targets(["2", "alpha=3"], response_q)
    assert targets.every == 2 and dict(targets.per_dimension) == {"alpha": 3}


@pytest.mark.parametrize("target", ["4", "alpha=4", "0", "gamma=2", "x", "alpha=high"])
def test_bad_target_is_a_usage_error(tmp_path: Path, tiny: Path, target: str) -> None:
    response = write(tmp_path / "r.yaml", response_text())
    run = run_cli("report", response, "-q", tiny, "--target", target)
    assert run.code == 2
    assert "--target" in run.stderr and "Traceback" not in run.stderr


def test_baseline_shows_earlier_scores_and_change(tmp_path: Path, tiny: Path) -> None:
    earlier = write(tmp_path / "old.yaml", response_text(a1="some", a2=0))
    today = write(tmp_path / "new.yaml", response_text(a1="full", a2=4))
    # earlier alpha: (0.5 + 0)/2 = 25.0; today: (1 + 1)/2 = 100.0 -> +75.0
    run = run_cli("report", today, "-q", tiny, "--baseline", earlier)
    assert run.code == 0, run.stderr
    assert "| Alpha \\| \\<i\\>one\\</i\\> | 100.0 |" in run.stdout
    assert "+75.0" in run.stdout
    assert run.stderr == ""
    html = run_cli("report", today, "-q", tiny, "--baseline", earlier, "--format", "html").stdout
    assert 'class="baseline"' in html and "+75.0" in html


def test_baseline_of_other_organization_warns(tmp_path: Path, tiny: Path) -> None:
    earlier = write(tmp_path / "old.yaml", response_text(organization="Other Inc"))
    today = write(tmp_path / "new.yaml", response_text())
    run = run_cli("report", today, "-q", tiny, "--baseline", earlier)
    assert run.code == 0
    assert "warning:" in run.stderr and "Other Inc" in run.stderr


def test_baseline_files_of_several_rounds_are_combined_with_a_warning(
    tmp_path: Path, tiny: Path
) -> None:
    """SPEC 5: "files of more than one round: combined, with a warning; --baseline takes one
    file or several, combined the same way"."""
    today = write(tmp_path / "new.yaml", response_text())
    one = write(tmp_path / "b1.yaml", response_text().replace("2026-11-20", "2025-11-20"))
    two = write(tmp_path / "b2.yaml", response_text().replace("2026-11-20", "2024-06-01"))
    run = run_cli("report", today, "-q", tiny, "--baseline", one, "--baseline", two)
    assert run.code == 0, run.stderr
    assert "warning: the baseline's files belong to 2 assessment rounds" in run.stderr
    same_round = write(tmp_path / "b3.yaml", response_text().replace("2026-11-20", "2025-11-22"))
    run = run_cli("report", today, "-q", tiny, "--baseline", one, "--baseline", same_round)
    assert run.code == 0 and run.stderr == "", run.stderr


def test_a_baseline_after_today_or_among_today_s_files_is_warned_of(
    tmp_path: Path, tiny: Path
) -> None:
    today = write(tmp_path / "new.yaml", response_text())
    later = write(tmp_path / "later.yaml", response_text().replace("2026-11-20", "2027-01-05"))
    run = run_cli("report", today, "-q", tiny, "--baseline", later)
    assert run.code == 0, run.stderr
    assert "warning: the baseline is dated 2027-01-05, after this assessment (2026-11-20)" in (
        run.stderr
    )
    run = run_cli("report", today, "-q", tiny, "--baseline", today)
    assert run.code == 0, run.stderr
    assert "warning: the baseline is one of this assessment's own files" in run.stderr
    run = run_cli("report", today, "-q", tiny, "--baseline", later, "--baseline", today)
    assert run.stderr.count("warning: the baseline is") == 1, run.stderr  # the file says it all


def test_baseline_of_other_questionnaire_is_an_error(tmp_path: Path, tiny: Path) -> None:
    other = write(tmp_path / "other.yaml", QUESTIONNAIRE.replace("id: tiny", "id: other"))
    earlier = write(tmp_path / "old.yaml", response_text().replace("tiny", "other"))
    today = write(tmp_path / "new.yaml", response_text())
    env = {"SOCIALMATURITY_PATH": str(tmp_path)}
    assert other.exists()
    run = run_cli("report", today, "--baseline", earlier, env=env)
    assert run.code == 1
    assert "baseline" in run.stderr and "other" in run.stderr


def test_baseline_of_another_version_warns(tmp_path: Path) -> None:
    today = write(tmp_path / "new.yaml", DEMO.read_text(encoding="utf-8"))
    earlier = write(
        tmp_path / "old.yaml",
        DEMO.read_text(encoding="utf-8").replace(
            'questionnaire_version: "3.0.0"', 'questionnaire_version: "0.9.0"'
        ),
    )
    run = run_cli("report", today, "--baseline", earlier)
    assert run.code == 0, run.stderr
    assert "warning:" in run.stderr and "0.9.0" in run.stderr


def test_output_is_atomic_and_never_overwrites(tmp_path: Path, tiny: Path) -> None:
    response = write(tmp_path / "r.yaml", response_text())
    out = tmp_path / "out" / "report.html"
    run = run_cli("report", response, "-q", tiny, "-o", out)
    assert run.code == 0, run.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")  # format from suffix
    assert run.stdout == ""
    out.write_text("keep me", encoding="utf-8")
    run = run_cli("report", response, "-q", tiny, "-o", out)
    assert run.code == 1 and "--force" in run.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    run = run_cli("report", response, "-q", tiny, "-o", out, "--force", "--format", "html")
    assert run.code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]  # no temporary left


def test_user_template(tmp_path: Path, tiny: Path) -> None:
    response = write(tmp_path / "r.yaml", response_text())
    template = write(tmp_path / "mine.j2", "{{ organization }}: {{ overall.score_text }}\n")
    run = run_cli("report", response, "-q", tiny, "--template", template)
    assert run.code == 0, run.stderr
    assert run.stdout == "Acme: 62.5\n"  # (50.0 + 75.0) / 2
    broken = write(tmp_path / "broken.j2", "{{ no_such_variable }}\n")
    run = run_cli("report", response, "-q", tiny, "--template", broken)
    assert run.code == 1 and "no_such_variable" in run.stderr and "Traceback" not in run.stderr
    bad_syntax = write(tmp_path / "bad.j2", "line one\n{% if %}\n")
    run = run_cli("report", response, "-q", tiny, "--template", bad_syntax)
    assert run.code == 1 and re.search(r"bad\.j2:2: error: template syntax error", run.stderr)


def test_a_template_that_fails_while_rendering_is_a_located_error(tmp_path: Path) -> None:
    for name, content in (("zero.j2", b"{{ 1/0 }}"), ("latin.j2", b"caf\xe9 {{ organization }}")):
        template = tmp_path / name
        template.write_bytes(content)
        run = run_cli("report", DEMO, "--template", template)
        assert run.code == 1
        assert run.stderr.startswith(f"{template}: error: "), run.stderr
        assert "internal error" not in run.stderr


@pytest.mark.parametrize(
    "body",
    [
        "{{ lipsum.__globals__['os'].popen('id').read() }}",
        "{{ organization.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{% include '/etc/passwd' %}",
        "{% extends 'report.md.j2' %}",
    ],
)
def test_a_user_template_cannot_reach_outside_its_variables(tmp_path: Path, body: str) -> None:
    template = write(tmp_path / "mine.md.j2", body + "\n")
    (tmp_path / "report.md.j2").write_text("{{ 1 }}")
    q = REPO / "tests" / "fixtures" / "social-maturity-1.0.0" / "questionnaire.yaml"
    run = run_cli("report", NORTHWIND, "-q", q, "--template", template)
    assert run.code == 1, run.stdout
    assert str(template) in run.stderr and "uid=" not in run.stdout
    assert "internal error" not in run.stderr and "Traceback" not in run.stderr


def test_a_plain_user_template_still_works(tmp_path: Path) -> None:
    template = write(tmp_path / "mine.md.j2", "{{ organization | md }}: {{ overall.score_text }}\n")
    q = REPO / "tests" / "fixtures" / "social-maturity-1.0.0" / "questionnaire.yaml"
    run = run_cli("report", NORTHWIND, "-q", q, "--template", template)
    assert (run.code, run.stdout) == (0, "Northwind Outdoor Gear: 52.7\n")


def test_demo_writes_six_files_and_refuses_to_overwrite(tmp_path: Path) -> None:
    run = run_cli("demo", "-o", tmp_path / "d")
    assert run.code == 0, run.stderr
    names = sorted(p.name for p in (tmp_path / "d").iterdir())
    assert names == [
        "kpis.csv",
        "report.html",
        "report.md",
        "report.pdf",
        "report.xlsx",
        "response.yaml",
    ]
    again = run_cli("demo", "-o", tmp_path / "d")
    assert again.code == 1 and "--force" in again.stderr
    assert run_cli("demo", "-o", tmp_path / "d", "--force").code == 0
    assert run_cli("validate", tmp_path / "d" / "response.yaml").code == 0


def test_demo_default_folder(tmp_path: Path) -> None:
    run = run_cli("demo", cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert (tmp_path / "socialmaturity-demo" / "report.html").is_file()


def test_demo_writes_nothing_when_it_cannot_write_everything(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "report.html").write_text("mine", encoding="utf-8")
    run = run_cli("demo", "-o", tmp_path / "d")
    assert run.code == 1
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == ["report.html"]


def test_demo_is_a_mid_maturity_client() -> None:
    response, q = load_response(str(DEMO), Catalog())
    result = score_response(q, response)
    levels = [d.level for d in result.dimensions]
    assert result.level == 3
    assert min(levels) == 2 and max(levels) == 4  # type: ignore[type-var]
    assert any(d.capped for d in result.dimensions)
    assert sum(1 for a in response.answers.values() if a.note) >= 8


def test_css_string_cannot_end_the_string_or_the_style_sheet() -> None:
    from socialmaturity.render.escaping import css_string

    escaped = css_string('Acme "x" </style> \\ ;}')
    assert escaped == "Acme \\22 x\\22  \\3c \\2f style\\3e  \\5c  \\3b \\7d "
    assert all(ch.isalnum() or ch in " \\" for ch in escaped)


def test_summary_states_the_overall_level_with_every_dimension_off_it(
    tmp_path: Path, tiny: Path
) -> None:
    # alpha 50.0 capped to level 1; beta 75.0 level 3; overall 62.5 -> level 2 (Mid)
    response = write(tmp_path / "r.yaml", response_text())
    context = context_for(response, tiny)
    summary = context["summary"]
    assert summary["score_text"] == "62.5"  # one decimal everywhere, the summary too
    assert context["overall"]["score_text"] == "62.5"
    assert summary["standing"] == (
        "Not every dimension is there yet: Alpha | <i>one</i> (level 1, Low) is below this "
        "level. Beta (level 3, High) is already above it."
    )
    md = render_report(context, "md")
    assert "(score 62.5 of 100)" in md
    findings, about = md.split("## About the levels")
    assert "below this level" in findings
    # the level's description is about the model, not the client: only under About the levels
    assert "Getting there" not in findings and "Getting there" in about


def test_summary_findings_quote_the_client_answers(tmp_path: Path, tiny: Path) -> None:
    response = write(tmp_path / "r.yaml", response_text())
    findings = context_for(response, tiny)["summary"]["findings"]
    assert [f["kind"] for f in findings] == ["Strength to keep", "Holding the company back"]
    strength, held = findings
    assert strength["title"] == "Beta (level 3, High)"
    assert "“Customer care”" in strength["text"]
    assert held["title"] == "Alpha | <i>one</i> (held at level 1, Low)"
    assert "“No | nobody <img src=x onerror=alert(1)>”" in held["text"]
    assert "would reach level 2, Mid" in held["text"]


def test_first_phase_gives_a_reason_from_the_answers_and_what_done_looks_like(
    tmp_path: Path, tiny: Path
) -> None:
    response = write(tmp_path / "r.yaml", response_text())
    text = tiny.read_text(encoding="utf-8").replace(
        'owner: "CMO & CEO"}', 'owner: "CMO & CEO", addresses: [a1], done: A sponsor is named}'
    )
    changed = write(tmp_path / "tiny2.yaml", text)
    first = context_for(response, changed)["summary"]["first_moves"]
    assert [s["id"] for s in first] == ["r_alpha_2"]
    # a1's options have no level anchors, so nothing is quoted as below the step's level; the
    # cap it addresses is what holds the dimension
    assert first[0]["why"].startswith("Alpha | <i>one</i> is at level 1, Low, below level 2, Mid")
    assert first[0]["why"].endswith(
        "the answer “No | nobody <img src=x onerror=alert(1)>” to “Is there a "
        "<script>alert('q')</script> sponsor?” holds it there"
    )
    assert first[0]["done"] == "A sponsor is named"
    md = render_report(context_for(response, changed), "md")
    assert "**Done when:** A sponsor is named" in md.split("## Roadmap")[1]  # with the step


def test_kpis_are_listed_once_with_the_steps_they_measure(tmp_path: Path, tiny: Path) -> None:
    response = write(tmp_path / "r.yaml", response_text())
    context = context_for(response, tiny, targets=parse_targets(["3"], load_q(tiny)))
    kpis = {k["name"]: k for k in context["kpis"]}
    assert set(kpis) == {"share | of voice", "<kpi>", "retention"}
    assert kpis["retention"]["steps"] == ["Alpha step 3"]
    assert kpis["<kpi>"]["owners"] == ["CMO & CEO"]
    md = render_report(context, "md")
    assert "| KPI | Measures | Owner | Current value | Target |" in md


def test_roadmap_is_grouped_by_phase(tmp_path: Path, tiny: Path) -> None:
    response = write(tmp_path / "r.yaml", response_text())
    run = run_cli("report", response, "-q", tiny, "--target", "3")
    assert run.code == 0, run.stderr
    road = run.stdout[run.stdout.index("## Roadmap") :]
    assert road.index("### Phase 1") < road.index("Alpha step 2") < road.index("### Phase 2")
    assert road.index("### Phase 2") < road.index("Alpha step 3")
    html = run_cli("report", response, "-q", tiny, "--target", "3", "--format", "html").stdout
    assert "<h3>Phase 1</h3>" in html and "<h3>Phase 2</h3>" in html


def test_open_questions_and_evidence(tmp_path: Path, tiny: Path) -> None:
    text = response_text().replace("  a2: 4\n", "  a2:\n")
    response = write(tmp_path / "r.yaml", text)
    context = context_for(response, tiny)
    assert [o["id"] for o in context["open_questions"]] == ["a2"]
    alpha = context["dimensions"][0]
    assert [e["id"] for e in alpha["evidence"]] == ["a1"]
    md = render_report(context, "md")
    assert "Still open:" in md and "How many years? (Alpha" in md
    assert "**What we noted:**" in md


def load_q(path: Path):  # type: ignore[no-untyped-def]
    from socialmaturity.model.questionnaire import load_questionnaire

    return load_questionnaire(path)


def test_a_report_never_says_a_dimension_is_at_not_scored(tmp_path: Path) -> None:
    """A dimension with no answer that counts has steps; their why says it has no score yet."""
    response = write(
        tmp_path / "r.yaml",
        "questionnaire: social-maturity\norganization: Acme\nanswers:\n  exec_sponsor: none\n",
    )
    run = run_cli("report", response)
    assert run.code == 0, run.stderr
    assert "is at not scored" not in run.stdout
    assert "has no score yet" in run.stdout


@pytest.mark.parametrize(("room", "words"), [(1, "1 step each at most"), (2, "2 steps each")])
def test_the_phases_room_is_told_in_good_english(room: int, words: str) -> None:
    run = run_cli("report", DEMO, "--steps-per-phase", str(room))
    assert run.code == 0, run.stderr
    assert words in run.stdout and "1 steps" not in run.stdout


def test_markdown_with_a_baseline_shows_the_earlier_levels_too(tmp_path: Path) -> None:
    """SPEC 4: with --baseline, the earlier scores and levels beside today's, with the change."""
    earlier = write(tmp_path / "earlier.yaml", DEMO.read_text().replace("2026-11-20", "2025-11-18"))
    run = run_cli("report", DEMO, "--baseline", earlier)
    assert run.code == 0, run.stderr
    header = next(line for line in run.stdout.splitlines() if line.startswith("| Dimension |"))
    assert "| Earlier | Earlier level | Change |" in header
    overall = next(line for line in run.stdout.splitlines() if line.startswith("| **Overall**"))
    assert "| 50.3 | 3 Coordinated | ±0.0 |" in overall


def test_html_with_a_baseline_writes_the_earlier_level_as_today_s(tmp_path: Path) -> None:
    """The earlier level as the level beside it is written, number and name (it had no number)."""
    earlier = write(tmp_path / "earlier.yaml", DEMO.read_text().replace("2026-11-20", "2025-11-18"))
    html = run_cli("report", DEMO, "--baseline", earlier, "--format", "html").stdout
    total = html.split('<tr class="total">')[1].split("</tr>")[0]
    assert total.count("<td>3 Coordinated</td>") == 2  # today's and the earlier level


HELD = """\
id: held
version: "1"
title: Held
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: Mid, min_score: 30}
  - {level: 3, name: High, min_score: 60}
dimensions:
  - id: d
    name: D
    questions:
      - id: q
        text: How is it done?
        options:
          - {value: none, label: Not at all, points: 0, cap: 1}
          - {value: some, label: Now and then, points: 1, cap: 1}
          - {value: full, label: Always, points: 2}
      - {id: s, text: How many?, kind: scale, min: 0, max: 4}
"""


def test_an_organization_held_by_several_answers_to_one_question_says_so_once(
    tmp_path: Path,
) -> None:
    """Two respondents whose different answers cap the same question: one paragraph quoting
    both (it was two "Held at level 1" paragraphs, the same but for the answer)."""
    q = write(tmp_path / "q.yaml", HELD)
    files = [
        write(tmp_path / f"{name}.yaml", f"questionnaire: held\norganization: Acme\n"
              f"respondent: {name}\nanswers: {{q: {value}, s: 4}}\n")
        for name, value in (("Ann", "none"), ("Bo", "some"))
    ]  # fmt: skip
    for output_format in ("md", "html"):
        run = run_cli("report", *files, "-q", q, "--format", output_format)
        assert run.code == 0, run.stderr
        assert run.stdout.count("Capped at level 1 (Low)") == 1, output_format
        assert "by the answers to “How is it done?”:" in run.stdout
        assert "Not at all" in run.stdout and "Now and then" in run.stdout
    data = json.loads(run_cli("report", *files, "-q", q, "--format", "json").stdout)
    assert data["dimensions"][0]["capped_by"] == [  # every cap, as SPEC 3 lists them
        {"question": "q", "option": "none"},
        {"question": "q", "option": "some"},
    ]


def test_markdown_keeps_no_break_spaces_and_folds_the_other_white_space() -> None:
    """French writes "17,0 %" and "172 310" with no-break spaces (SPEC 8: numbers as the
    language writes them); line breaks and runs of spaces still fold into one space."""
    from socialmaturity.render.escaping import md_escape

    assert md_escape("17,0\u00a0% ; 172\u202f310") == "17,0\u00a0% ; 172\u202f310"
    assert md_escape("  a\n\t b\u2003c ") == "a b c"

"""``report --kpis``: the questionnaire's metrics, and the Long-haul evidence in every format."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest

from socialmaturity.render.evidence import JSON_KEYS, amount, change, not_shown_mark, p_text
from socialmaturity.render.kpi_charts import kpi_chart_svg, kpi_sparkline, nice_ticks

from conftest import REPO, run_cli, write

NOT_SHOWN_MARK = not_shown_mark()

QUESTIONNAIRE = """
id: kpi-model
version: "1.0"
title: KPI model
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: Mid, min_score: 40}
  - {level: 3, name: High, min_score: 75}
dimensions:
  - id: meas
    name: Measurement
    questions:
      - id: trend_q
        text: How is sentiment tracked?
        options:
          - {value: none, label: Not at all, points: 0, level: 1}
          - {value: quarterly, label: Quarter on quarter, points: 1, level: 2}
          - {value: yoy, label: Year over year, points: 2, level: 3}
      - id: kinds
        text: Which measures?
        kind: multi
        options:
          - {value: a, label: A, points: 1}
          - {value: b, label: B, points: 1}
      - id: plain
        text: Unanchored?
        options:
          - {value: x, label: X, points: 0}
          - {value: y, label: Y, points: 1}
"""

METRICS = """
metrics:
  - id: sentiment
    name: Net sentiment
    unit: "%"
    evidences: [trend_q]
    claimed_at: 3
  - id: churn
    name: Churn
    direction: down
"""


def questionnaire(folder: Path, metrics: str = METRICS) -> Path:
    return write(folder / "q.yaml", QUESTIONNAIRE + metrics)


def response(folder: Path, name: str = "r.yaml", answer: str = "yoy", who: str = "Ann") -> Path:
    return write(
        folder / name,
        f"""
        questionnaire: kpi-model
        organization: Acme
        respondent: {who}
        date: 2026-11-20
        answers:
          trend_q: {answer}
          kinds: [a]
          plain: y
        """,
    )


def series(folder: Path, name: str = "kpis.csv", *, months: int = 36, spike: bool = True) -> Path:
    rows = ["metric,period,value,unit"]
    for n in range(months):
        year, month = 2023 + n // 12, n % 12 + 1
        churn = 5.0 - 0.05 * n + (0.3 if month in (1, 7) else 0.0)
        engagement = 2.0 + (0.1 if month % 2 else -0.1) * (1 if n < 24 else -1)
        if spike and (year, month) == (2025, 6):
            engagement += 3
        rows += [
            f"Churn,{year}-{month:02d},{churn:.2f},%",
            f"engagement,{year}-{month:02d},{engagement:.2f},",
        ]
    for n in range(10):
        rows.append(f"sentiment,2026-{n + 1:02d},{20 + n / 3:.4f},")
    return write(folder / name, "\n".join(rows) + "\n")


# --- the questionnaire's metrics ----------------------------------------------------------------


def test_a_questionnaire_may_declare_metrics(tmp_path: Path) -> None:
    run = run_cli("validate", questionnaire(tmp_path))
    assert run.code == 0, run.stderr


@pytest.mark.parametrize(
    ("entries", "at", "expected"),
    [
        (
            ["{id: s, name: S, evidences: [nope], claimed_at: 2}"],
            (0, "nope"),
            "evidences names an unknown question 'nope'",
        ),
        (
            ["{id: s, name: S, evidences: [kinds], claimed_at: 2}"],
            (0, "kinds"),
            "evidences names 'kinds', a multi question",
        ),
        (
            ["{id: s, name: S, evidences: [plain], claimed_at: 2}"],
            (0, "plain"),
            "evidences names 'plain', whose options have no level anchors",
        ),
        (
            ["{id: s, name: S, evidences: [trend_q]}"],
            (0, "evidences"),
            "metric 's' has evidences but no claimed_at",
        ),
        (
            ["{id: s, name: S, evidences: [trend_q], claimed_at: 4}"],
            (0, "4"),
            "claimed_at must be a level between 1 and 3, not 4",
        ),
        (
            ["{id: share_of-voice, name: S}", "{id: share-of_voice, name: T}"],
            (1, "share-of_voice"),
            "metric 'share-of_voice' matches the same CSV metric as 'share_of-voice'",
        ),
        (
            ["{id: s, name: S, evidences: [trend_q, trend_q], claimed_at: 3}"],
            (0, "trend_q]"),
            "'trend_q' is listed twice in evidences",
        ),
        (["{id: s, name: S, direction: sideways}"], (0, "sideways"), ""),
        (["{id: s, name: S, evidence: [trend_q]}"], (0, "evidence"), "unknown key"),
        (["{id: S s, name: S}"], (0, "S s"), ""),
    ],
)
def test_bad_metrics_are_located(
    tmp_path: Path, entries: list[str], at: tuple[int, str], expected: str
) -> None:
    path = questionnaire(tmp_path, "metrics:\n" + "".join(f"  - {e}\n" for e in entries))
    line = len(QUESTIONNAIRE.strip().splitlines()) + 2 + at[0]
    column = len("  - ") + entries[at[0]].index(at[1]) + 1
    run = run_cli("validate", path)
    assert run.code == 1
    assert f"{path}:{line}:{column}: error: {expected}" in run.stderr, run.stderr


def test_the_bundled_questionnaire_declares_the_source_materials_kpis() -> None:
    from socialmaturity.model.questionnaire import load_questionnaire

    q = load_questionnaire(REPO / "questionnaires" / "social-maturity.yaml")
    ids = [m.id for m in q.metrics]
    for kpi in (
        "sentiment",
        "share_of_voice",
        "engagement",
        "reach",
        "active_audience",
        "satisfaction",
        "retention",
        "churn",
        "nps",
    ):
        assert kpi in ids
    assert {m.id for m in q.metrics if m.direction == "down"} == {"churn"}
    claimed = [m for m in q.metrics if m.evidences]
    assert claimed and all(m.claimed_at for m in claimed)


# --- the report ---------------------------------------------------------------------------------


def report(folder: Path, *args: str | Path, fmt: str = "json") -> str:
    q = questionnaire(folder)
    run = run_cli("report", *args, "-q", q, "--format", fmt)
    assert run.code == 0, run.stderr
    return run.stdout


def test_json_kpis_has_exactly_the_keys_of_the_spec_with_unrounded_numbers(tmp_path: Path) -> None:
    data = json.loads(report(tmp_path, response(tmp_path), "--kpis", series(tmp_path)))
    kpis = data["kpis"]
    assert [k["metric"] for k in kpis] == ["sentiment", "churn", "engagement"]
    assert all(list(k) == list(JSON_KEYS) for k in kpis)
    sentiment, churn, engagement = kpis
    assert sentiment == {
        "metric": "sentiment",
        "name": "Net sentiment",
        "unit": "%",
        "periods": 10,
        "first": "2026-01",
        "last": "2026-10",
        "last_value": 23.0,
        "history": "insufficient",
        "yoy": None,
        "t12m_change": None,
        "trend": None,
        "p": None,
        "sen_slope": None,
        "spikes": [],
        "verdict": None,
        "claims": ["trend_q"],
    }
    assert churn["unit"] == "%" and churn["trend"] == "decreasing"
    assert churn["verdict"] == "long-haul gain"  # down is better for churn
    assert churn["yoy"] == pytest.approx(-0.6) and churn["sen_slope"] == pytest.approx(-0.6)
    assert churn["t12m_change"] == pytest.approx(-0.6)
    assert isinstance(churn["p"], float) and churn["p"] < 0.05
    assert churn["claims"] == [] and engagement["unit"] is None
    assert engagement["spikes"] == [
        {
            "period": "2025-06",
            "value": pytest.approx(5.1),
            "z": pytest.approx(engagement["spikes"][0]["z"]),
        }
    ]
    assert engagement["spikes"][0]["z"] > 3.5 and engagement["verdict"] == "spikes only"


def test_without_kpis_the_json_has_no_kpis_key(tmp_path: Path) -> None:
    assert "kpis" not in json.loads(report(tmp_path, response(tmp_path)))


def test_a_low_answer_claims_nothing(tmp_path: Path) -> None:
    data = json.loads(
        report(tmp_path, response(tmp_path, answer="quarterly"), "--kpis", series(tmp_path))
    )
    assert data["kpis"][0]["claims"] == []


def test_markdown_shows_the_section_and_the_claim_beside_the_answer(tmp_path: Path) -> None:
    md = report(tmp_path, response(tmp_path), "--kpis", series(tmp_path), fmt="md")
    section = md[md.index("## Long-haul evidence") : md.index("## Roadmap")]
    assert "| Net sentiment | 10 months, 2026-01 to 2026-10 |" in section
    assert "too little history" in section and "long-haul gain" in section
    assert "Spikes in the last 12 months: 2025-06 (5.10, z +" in section
    assert (
        "**Claimed, not shown by the data:** “How is sentiment tracked?” answered *Year over year*"
        in section
    )
    appendix = md[md.index("## Appendix") :]
    assert (
        f"| How is sentiment tracked? | Year over year ({NOT_SHOWN_MARK}: Net sentiment) |"
        in appendix
    )
    assert md.count(f"({NOT_SHOWN_MARK}: Net sentiment)") == 2  # the appendix and the dimension


def test_html_draws_a_chart_per_metric_with_data_and_rings_the_spikes(tmp_path: Path) -> None:
    html = report(tmp_path, response(tmp_path), "--kpis", series(tmp_path), fmt="html")
    section = html[html.index('<section aria-labelledby="long-haul">') :]
    section = section[: section.index("</section>")]
    assert section.count('class="chart kpi-chart"') == 3
    assert section.count('class="spike"') == 1 and ">2025-06</text>" in section
    assert 'class="kpi-claim"' in section and "Not in the KPI file" not in section
    assert f"Year over year ({NOT_SHOWN_MARK}: Net sentiment)" in html


def test_a_declared_metric_absent_from_the_file(tmp_path: Path) -> None:
    only = write(tmp_path / "only.csv", "metric,period,value\nchurn,2026-01,3\n")
    html = report(tmp_path, response(tmp_path), "--kpis", only, fmt="html")
    assert "Not in the KPI file." in html and "not in the file" in html


def test_the_workbook_has_an_evidence_sheet_with_a_line_chart_per_series(tmp_path: Path) -> None:
    q = questionnaire(tmp_path)
    out = tmp_path / "r.xlsx"
    run = run_cli("report", response(tmp_path), "-q", q, "--kpis", series(tmp_path), "-o", out)
    assert run.code == 0, run.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[-1] == "Evidence"
    sheet = book["Evidence"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("metric", "name", "unit", "periods")
    assert rows[1][:8] == (
        "sentiment",
        "Net sentiment",
        "%",
        10,
        "2026-01",
        "2026-10",
        23,
        "insufficient",
    )
    assert rows[3][0] == "engagement" and rows[3][14].startswith("2025-06 (z +")
    assert isinstance(rows[2][11], float)  # p, unrounded
    # shown so that a p of 1.3e-07 does not read "0.0000"
    assert sheet.cell(row=3, column=12).number_format == "[<0.0001]0.0E+00;0.0000"
    assert len(sheet._charts) == 3
    blocks = [r[:3] for r in rows]
    assert blocks.count(("period", "value", "spike")) == 3  # a block per series with data
    assert [r for r in blocks if re.fullmatch(r"\d{4}-\d\d", str(r[0])) and r[2]] == [
        ("2025-06", pytest.approx(5.1), pytest.approx(5.1))
    ]


def test_an_organization_report_marks_only_the_answers_that_claim(tmp_path: Path) -> None:
    ann = response(tmp_path, "ann.yaml", "yoy", "Ann")
    bo = response(tmp_path, "bo.yaml", "yoy", "Bo")
    cy = response(tmp_path, "cy.yaml", "quarterly", "Cy")
    md = report(tmp_path, ann, bo, cy, "--kpis", series(tmp_path), fmt="md")
    assert md.count(f"Year over year ({NOT_SHOWN_MARK}: Net sentiment)") == 3  # Ann, Bo, the level
    assert f"Quarter on quarter ({NOT_SHOWN_MARK}" not in md
    assert f"({NOT_SHOWN_MARK}: Net sentiment) ({NOT_SHOWN_MARK}" not in md  # marked once
    html = report(tmp_path, ann, bo, cy, "--kpis", series(tmp_path), fmt="html")
    assert f"({NOT_SHOWN_MARK}: Net sentiment) ({NOT_SHOWN_MARK}" not in html
    data = json.loads(report(tmp_path, ann, bo, cy, "--kpis", series(tmp_path)))
    assert data["kpis"][0]["claims"] == ["trend_q"]  # the lower median of 3, 3, 2 is 3


def test_a_bad_kpi_file_is_a_located_error_and_nothing_is_written(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.csv", "metric,period,value\nchurn,2026-01,3\nchurn,2026-13,3\n")
    out = tmp_path / "r.html"
    run = run_cli(
        "report", response(tmp_path), "-q", questionnaire(tmp_path), "--kpis", bad, "-o", out
    )
    assert run.code == 1 and not out.exists()
    assert run.stderr.startswith(f"{bad}:3:2: error: cannot read '2026-13' as a period")
    assert "Traceback" not in run.stderr
    missing = run_cli(
        "report", response(tmp_path), "-q", questionnaire(tmp_path), "--kpis", tmp_path / "no.csv"
    )
    assert missing.code == 1 and "no.csv" in missing.stderr


def test_the_demo_shows_a_spike_a_gain_and_an_unsupported_claim(tmp_path: Path) -> None:
    run = run_cli("demo", "-o", tmp_path / "d")
    assert run.code == 0, run.stderr
    md = (tmp_path / "d" / "report.md").read_text(encoding="utf-8")
    section = md[md.index("## Long-haul evidence") : md.index("## Roadmap")]
    assert "**long-haul gain**" in section and "**spikes only**" in section
    assert "Spikes in the last 12 months:" in section
    assert "too little history" in section and "**Claimed, not shown by the data:**" in section
    assert f"({NOT_SHOWN_MARK}:" in md[md.index("## Appendix") :]
    again = run_cli(
        "report",
        tmp_path / "d" / "response.yaml",
        "--kpis",
        tmp_path / "d" / "kpis.csv",
        "-f",
        "json",
    )
    kpis = json.loads(again.stdout)["kpis"]
    verdicts = {k["metric"]: k["verdict"] for k in kpis}
    assert verdicts["sentiment"] == "long-haul gain" and verdicts["engagement"] == "spikes only"
    assert any(k["history"] == "insufficient" and k["periods"] for k in kpis)
    assert any(k["claims"] for k in kpis)
    html = (tmp_path / "d" / "report.html").read_text(encoding="utf-8")
    assert 'class="spike"' in html


# --- formatting and drawing ---------------------------------------------------------------------


def test_amounts_and_changes_carry_their_unit() -> None:
    assert amount(23.456, "%") == "23.5%" and amount(12400, "people") == "12,400\u00a0people"
    assert amount(0.84, None) == "0.84" and amount(None, "%") == "–"
    assert change(1.5, "%") == "+1.50 pp" and change(-250, "people") == "-250\u00a0people"
    assert change(0.0, None) == "±0.00"
    # float noise is no change: Sen's slope of a flat series came out as 1.11e-16
    assert change(1.11e-16, "%") == "±0.00 pp" and change(-1e-9, None) == "±0.00"


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_a_percentage_and_a_p_value_are_written_as_the_language_writes_them(language: str) -> None:
    """German, French and Spanish put a space before the percent sign; a p-value and a number
    with its unit stay on one line (the German p-value broke inside the KPI table)."""
    from socialmaturity import i18n

    i18n.use(language)
    try:
        assert amount(23.456, "%") == "23,5\u00a0%"
        assert p_text(0.5421) == "p\u00a0=\u00a00,542"
        assert p_text(0.0001) == "p\u00a0<\u00a00,001"
        assert amount(12.5, "Personen") == "12,5\u00a0Personen"
    finally:
        i18n.use(None)
    assert p_text(0.5421) == "p\u00a0=\u00a00.542"


def test_nice_ticks_cover_the_values() -> None:
    assert nice_ticks(15.2, 31.4) == [15, 20, 25, 30, 35]
    ticks = nice_ticks(7.0, 7.0)
    assert ticks[0] <= 7 <= ticks[-1] and len(ticks) >= 2


def test_the_chart_escapes_its_text_and_rings_spikes() -> None:
    svg = kpi_chart_svg(
        [("2026-01", 0, 1.0), ("2026-02", 1, 9.0)], ["2026-02"], title="<b>x</b>", window=12
    )
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    assert svg.count('class="spike"') == 1 and 'class="window"' not in svg  # 2 points < a year
    assert kpi_chart_svg([], [], title="t", window=0).startswith("<svg")


def test_sparklines() -> None:
    assert kpi_sparkline([1, 2, 3]) == "▁▅█"
    assert kpi_sparkline([2, 2]) == "▅▅"
    assert len(kpi_sparkline([float(n) for n in range(200)])) == 48
    assert kpi_sparkline([]) == ""


def test_the_report_context_names_no_unknown_key_in_the_templates() -> None:
    # every field the templates print is built by long_haul_view
    source = (REPO / "report_templates" / "report.html.j2").read_text(encoding="utf-8")
    source += (REPO / "report_templates" / "report.md.j2").read_text(encoding="utf-8")
    used = set(re.findall(r"\bm\.(\w+)", source))
    from socialmaturity.render import evidence

    text = Path(evidence.__file__).read_text(encoding="utf-8")
    assert all(f'"{name}"' in text for name in used - {"chart_svg"}), used


def test_a_p_value_just_under_the_threshold_never_reads_as_the_threshold() -> None:
    """p = 0.0497 is a trend (SPEC 9: p < 0.05); "p = 0.050" would say it is not."""
    assert p_text(0.04968843) == "p\u00a0=\u00a00.0497"
    assert p_text(0.0504) == "p\u00a0=\u00a00.050"
    assert p_text(0.051) == "p\u00a0=\u00a00.051"


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_a_number_rounds_to_the_same_digits_in_every_language(language: str) -> None:
    """Only the decimal sign may change with the language (SPEC 8), never a digit."""
    from socialmaturity import i18n

    english = [amount(value, None) for value in (2.675, 0.125, 1.005, 12_345.675)]
    i18n.use(language)
    try:
        other = [amount(value, None) for value in (2.675, 0.125, 1.005, 12_345.675)]
    finally:
        i18n.use(None)
    digits = [[c for c in text if c.isdigit()] for text in english]
    assert [[c for c in text if c.isdigit()] for text in other] == digits

"""Excel workbooks of report, score and trend, opened with openpyxl as Excel would open them."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import REPO, Run, run_cli, write

DEMO = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"

QUESTIONNAIRE = """
id: xq
version: "1"
title: Sheets
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: Mid, min_score: 40}
  - {level: 3, name: High, min_score: 75}
dimensions:
  - id: alpha
    name: Alpha
    questions:
      - id: a1
        text: Is there a sponsor?
        options:
          - {value: none, label: Nobody, points: 0, cap: 1}
          - {value: some, label: Someone, points: 1}
          - {value: full, label: The CEO, points: 2}
      - {id: a2, text: How many years?, kind: scale, min: 0, max: 4, weight: 2}
    recommendations:
      - {id: r_a2, level: 2, title: Name a sponsor, effort: low, horizon: 0-3 months,
         owner: CEO, kpis: [sponsor named, budget agreed]}
      - {id: r_a3, level: 3, title: Plan three years, effort: high}
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
      - {id: r_b2, level: 2, title: Start a blog}
      - {id: r_b3, level: 3, title: Staff customer care}
"""

ROADMAP = [
    "phase",
    "dimension",
    "level",
    "title",
    "effort",
    "horizon",
    "owner",
    "kpis",
    "why",
    "done",
    "waits for",
    "first move",
]
ANSWERS = [
    "dimension",
    "question id",
    "question text",
    "answer label",
    "points",
    "norm",
    "weight",
    "note",
]


def response(folder: Path, name: str, a1: str, *, date: str = "2026-11-20", note: str = "") -> Path:
    return write(
        folder / f"{name}-{date}.yaml",
        f"questionnaire: xq\norganization: Acme\nrespondent: {name}\ndate: {date}\n"
        f'answers:\n  a1:\n    value: {a1}\n    note: "{note or "Said by " + name}"\n'
        "  a2: 2\n  b1: [care]\n",
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write(tmp_path / "models" / "xq.yaml", QUESTIONNAIRE)
    return tmp_path


def run(folder: Path, *args: str | Path) -> Run:
    return run_cli(*args, env={"SOCIALMATURITY_PATH": str(folder / "models")})


def rows(sheet: Any) -> list[tuple[Any, ...]]:
    return list(sheet.iter_rows(values_only=True))


def header_index(sheet: Any) -> int:
    """The row (0-based) of the Summary sheet's header: the one starting with 'dimension'."""
    return next(n for n, row in enumerate(rows(sheet)) if row[0] == "dimension")


def test_demo_report_workbook(tmp_path: Path) -> None:
    out = tmp_path / "demo.xlsx"
    done = run_cli("report", DEMO, "-o", out)
    assert done.code == 0, done.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:3] == ["Summary", "Roadmap", "Answers"]

    summary = book["Summary"]
    at = header_index(summary)
    table = rows(summary)[at:]
    assert list(table[0][:6]) == [
        "dimension",
        "score",
        "level",
        "level name",
        "answered",
        "questions",
    ]
    body = {row[0]: row for row in table[1:]}
    assert body["Executive buy-in"][1:6] == (50, 3, "Coordinated", 6, 6)
    assert body["Overall"][1:4] == (50.3, 3, "Coordinated")
    assert summary.freeze_panes == f"A{at + 2}"  # everything down to the header row stays
    assert len(summary._charts) == 2  # a bar chart of the scores, a radar of the levels

    roadmap = book["Roadmap"]
    road = rows(roadmap)
    assert list(road[0]) == ROADMAP
    assert roadmap.freeze_panes == "A2"
    assert road[1][0] == 1 and isinstance(road[1][2], int)
    assert road[1][3] == "Appoint a senior social leader with a written remit"
    phases = [row[0] for row in road[1:]]
    assert phases == sorted(phases) and max(map(phases.count, phases)) == 5  # five a phase at most
    assert [row[11] for row in road[1:4]] == ["true"] * 3  # the first moves
    assert all(row[11] == "false" for row in road[4:])
    assert road[1][8].startswith("these answers fall short of level 3")  # why, from the answers

    kpis = rows(book["KPIs"])
    assert list(kpis[0]) == ["kpi", "steps", "owners", "current", "target"]
    assert "employees who received the policy" in [row[0] for row in kpis[1:]]

    answers = book["Answers"]
    table = rows(answers)
    assert list(table[0]) == ANSWERS
    assert answers.freeze_panes == "A2"
    first = table[1]
    assert first[:2] == ("Executive buy-in", "exec_planning")
    assert isinstance(first[4], (int, float)) and isinstance(first[5], float)
    assert isinstance(first[6], (int, float))
    assert first[7].startswith("The FY2026 company plan")
    assert len(table) == 1 + 37  # every question of the bundled model


def test_numbers_are_numbers_and_text_stays_text(folder: Path) -> None:
    answers = response(folder, "Ann", "some", note="=HYPERLINK('http://x', 'click')")
    out = folder / "r.xlsx"
    done = run(folder, "report", answers, "-o", out)
    assert done.code == 0, done.stderr
    book = openpyxl.load_workbook(out)
    sheet = book["Answers"]
    note = sheet.cell(row=2, column=8)
    assert note.data_type == "s" and note.value.startswith("=HYPERLINK")  # never a formula
    assert sheet.cell(row=2, column=5).data_type == "n"  # points
    assert sheet.cell(row=2, column=6).value == 0.5  # norm of "some" (1 of 0..2)
    assert sheet.cell(row=3, column=7).value == 2  # the scale's weight
    summary = book["Summary"]
    at = header_index(summary) + 2
    for column in (2, 3, 5, 6):  # score, level, answered, questions
        assert summary.cell(row=at, column=column).data_type == "n"


def test_charts_are_native_excel_charts(folder: Path) -> None:
    out = folder / "r.xlsx"
    assert run(folder, "report", response(folder, "Ann", "some"), "-o", out).code == 0
    with zipfile.ZipFile(out) as archive:
        charts = [archive.read(n).decode() for n in archive.namelist() if "charts/chart" in n]
    assert any("<c:barChart>" in chart for chart in charts)
    assert any("<c:radarChart>" in chart for chart in charts)


def test_organization_report_repeats_answer_and_note_per_respondent(folder: Path) -> None:
    first = response(folder, "Ann", "full")
    second = response(folder, "Bob", "none")
    out = folder / "org.xlsx"
    done = run(folder, "report", first, second, "-o", out)
    assert done.code == 0, done.stderr
    book = openpyxl.load_workbook(out)
    table = rows(book["Answers"])
    header = list(table[0])
    assert header[:3] == ["dimension", "question id", "question text"]
    assert header[3:7] == ["Ann: answer", "Ann: note", "Bob: answer", "Bob: note"]
    assert header[7:] == ["points", "norm", "weight"]
    a1 = table[1]
    assert a1[3:7] == ("The CEO", "Said by Ann", "Nobody", "Said by Bob")
    assert a1[8] == 0.5  # the mean of the two norms, 1 and 0
    summary = book["Summary"]
    assert "spread" in rows(summary)[header_index(summary)]


def test_baseline_adds_the_earlier_scores(folder: Path) -> None:
    earlier = response(folder, "Ann", "none", date="2025-11-20")
    today = response(folder, "Ann", "full")
    out = folder / "r.xlsx"
    assert run(folder, "report", today, "--baseline", earlier, "-o", out).code == 0
    summary = openpyxl.load_workbook(out)["Summary"]
    table = rows(summary)[header_index(summary) :]
    header = list(table[0])
    assert {"earlier score", "earlier level", "change"} <= set(header)
    alpha = dict(zip(header, table[1], strict=True))
    assert alpha["change"] == pytest.approx(alpha["score"] - alpha["earlier score"], abs=0.11)


def test_the_same_input_gives_the_same_workbook(folder: Path) -> None:
    answers = response(folder, "Ann", "some")
    one, two = folder / "one.xlsx", folder / "two.xlsx"
    assert run(folder, "report", answers, "-o", one).code == 0
    assert run(folder, "report", answers, "-o", two).code == 0
    assert one.read_bytes() == two.read_bytes()
    book = openpyxl.load_workbook(one)
    assert book.properties.created is not None
    assert book.properties.created.date().isoformat() == "2026-11-20"


def test_score_workbook_is_the_csv_with_numbers(folder: Path) -> None:
    for n, a1 in enumerate(["none", "some", "full"]):
        response(folder / "answers", f"R{n}", a1)
    csv_run = run(folder, "score", folder / "answers", "--format", "csv")
    assert csv_run.code == 0, csv_run.stderr
    expected = list(csv.reader(io.StringIO(csv_run.stdout)))
    out = folder / "scores.xlsx"
    done = run(folder, "score", folder / "answers", "-o", out)
    assert done.code == 0, done.stderr
    book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    table = rows(sheet)
    assert [list(table[0])] == expected[:1]
    assert sheet.freeze_panes == "A2"
    for got, want in zip(table[1:], expected[1:], strict=True):
        assert ["" if v is None else v for v in got[:5]] == want[:5]
        numbers = got[5:]
        assert all(isinstance(v, (int, float)) for v in numbers if v is not None)
        assert [("" if v is None else f"{v:g}") for v in numbers] == [
            "" if w == "" else f"{float(w):g}" for w in want[5:]
        ]
    assert isinstance(table[1][6], int)  # the overall level
    assert rows(book["Levels"])[1:] == [(1, "Low"), (2, "Mid"), (3, "High")]


def test_score_workbook_reports_files_of_another_questionnaire(folder: Path) -> None:
    response(folder / "answers", "Ann", "some")
    write(
        folder / "answers" / "z-other.yaml",
        "questionnaire: social-maturity-quick\norganization: Other\nanswers: {}\n",
    )
    out = folder / "scores.xlsx"
    done = run(folder, "score", folder / "answers", "-o", out)
    assert done.code == 1
    assert "z-other.yaml: error: scored with questionnaire 'social-maturity-quick'" in done.stderr
    assert len(rows(openpyxl.load_workbook(out).worksheets[0])) == 2  # header and Ann


def test_trend_workbook_has_a_row_per_assessment_and_dimension(folder: Path) -> None:
    response(folder / "answers", "Ann", "none", date="2025-11-18")
    response(folder / "answers", "Ann", "full", date="2026-11-20")
    response(folder / "answers", "Bob", "some", date="2026-11-20")
    out = folder / "trend.xlsx"
    done = run(folder, "trend", folder / "answers", "-o", out)
    assert done.code == 0, done.stderr
    table = rows(openpyxl.load_workbook(out)["Trend"])
    assert list(table[0][:9]) == [
        "organization",
        "date",
        "round",
        "respondents",
        "dimension",
        "score",
        "level",
        "change since previous",
        "change since a year before",
    ]
    assert len(table) == 1 + 2 * 3  # two assessments, overall and two dimensions each
    assert [row[4] for row in table[1:4]] == ["overall", "alpha", "beta"]
    latest = table[4]
    assert latest[1] == "2026-11-20" and latest[3] == 2
    assert isinstance(latest[5], float) and isinstance(latest[6], int)
    assert isinstance(latest[7], float) and latest[7] == latest[8]  # a year before = previous
    assert table[1][7] is None  # nothing to compare the first with


def test_a_template_has_no_say_in_a_workbook(folder: Path) -> None:
    template = write(folder / "mine.j2", "{{ organization }}\n")
    out = folder / "r.xlsx"
    done = run(folder, "report", response(folder, "Ann", "some"), "--template", template, "-o", out)
    assert done.code == 2 and "--template" in done.stderr
    assert not out.exists()


def test_a_report_workbook_in_a_language_has_its_words_in_it(tmp_path: Path) -> None:
    """SPEC 8: only headers, sheet names and ids stay English; the Summary's count of answers
    and a step's effort are the tool's words (they were English beside German titles)."""
    demo = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"
    out = tmp_path / "r.xlsx"
    assert run_cli("report", demo, "--lang", "de", "-o", out).code == 0
    book = openpyxl.load_workbook(out)
    facts = {row[0]: row[1] for row in rows(book["Summary"]) if row and row[0]}
    assert facts["answered"] == "37 von 37 Fragen (100\u00a0%)"
    roadmap = rows(book["Roadmap"])
    effort = roadmap[0].index("effort")
    assert {row[effort] for row in roadmap[1:]} <= {"gering", "mittel", "hoch"}

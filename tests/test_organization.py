"""Several respondents combined (score --by organization) and the trend over the years."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli, write

QUESTIONNAIRE = """
id: org
version: "1"
title: Org
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: Mid, min_score: 40}
  - {level: 3, name: High, min_score: 80}
dimensions:
  - id: a
    name: A
    questions:
      - id: a1
        text: A1?
        options:
          - {value: none, label: None, points: 0, cap: 1}
          - {value: some, label: Some, points: 1}
          - {value: full, label: Full, points: 2}
  - id: b
    name: B
    questions:
      - {id: b1, text: B1?, kind: scale, min: 0, max: 4}
"""


def response(
    folder: Path, name: str, a1: str, b1: int, *, org: str = "Acme", date: str | None = "2026-11-20"
) -> Path:
    dated = f"date: {date}\n" if date else ""
    return write(
        folder / f"{name}-{date}.yaml",
        f"questionnaire: org\norganization: {org}\nrespondent: {name}\n{dated}"
        f"answers:\n  a1: {a1}\n  b1: {b1}\n",
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write(tmp_path / "models" / "q.yaml", QUESTIONNAIRE)
    return tmp_path


def run(folder: Path, *args: str | Path) -> tuple[int, str, str]:
    done = run_cli(*args, env={"SOCIALMATURITY_PATH": str(folder / "models")})
    return done.code, done.stdout, done.stderr


def test_respondents_of_one_organization_and_date_are_combined(folder: Path) -> None:
    answers = folder / "answers"
    response(answers, "Ann", "none", 4)  # a: 0 (cap 1), b: 100
    response(answers, "Bob", "full", 2)  # a: 100, b: 50
    response(answers, "Cy", "full", 3, org=" acme ")  # same organization: a 100, b 75
    response(answers, "Dee", "some", 0, org="Other Co")  # another organization
    code, out, err = run(folder, "score", answers, "--by", "organization", "--format", "json")
    assert code == 0, err
    acme, other = json.loads(out)
    assert acme["respondents"] == 3 and other["respondents"] == 1
    assert len(acme["files"]) == 3
    a, b = acme["dimensions"]
    # a: mean(0, 100, 100) = 66.7 -> Mid; caps [1, top 3, top 3] -> lower median 3: no cap
    assert a["score"] == 66.7 and a["level"] == 2 and a["spread"] == 100.0
    # b: mean(100, 50, 75) = 75.0 -> Mid; spread 50
    assert b["score"] == 75.0 and b["level"] == 2 and b["spread"] == 50.0
    # overall: (66.67 + 75) / 2 = 70.8 -> Mid
    assert acme["overall"] == {"score": 70.8, "level": 2, "level_name": "Mid"}
    # a1 norms 0, 1, 1 -> disagreement; b1 norms 1, 0.5, 0.75 -> 0.5 apart -> disagreement
    assert [d["question"] for d in acme["disagreements"]] == ["a1", "b1"]
    assert acme["disagreements"][0]["answers"] == {"Ann": "none", "Bob": "full", "Cy": "full"}


def test_a_cap_holds_when_it_holds_for_half_the_respondents(folder: Path) -> None:
    answers = folder / "answers"
    response(answers, "Ann", "none", 4)
    response(answers, "Bob", "none", 4)
    response(answers, "Cy", "full", 4)
    response(answers, "Dee", "full", 4)
    _, out, _ = run(folder, "score", answers, "--by", "organization", "--format", "json")
    a = json.loads(out)[0]["dimensions"][0]
    # caps [1, 1, 3, 3]: lower median 1; score 50 -> Mid, capped to Low
    assert a["score"] == 50.0 and a["level"] == 1


def test_combined_csv_and_table(folder: Path) -> None:
    answers = folder / "answers"
    response(answers, "Ann", "none", 4)
    response(answers, "Bob", "full", 2)
    code, out, _ = run(folder, "score", answers, "--by", "organization", "--format", "csv")
    assert code == 0
    header, row = out.strip().splitlines()
    assert header.startswith("file,organization,respondent,role,date,overall_score")
    assert row.split(",")[0].count(".yaml") == 2
    code, out, _ = run(folder, "score", answers, "--by", "organization")
    assert code == 0 and "Acme" in out


def test_trend_orders_assessments_and_computes_changes(folder: Path) -> None:
    answers = folder / "answers"
    response(answers, "Ann", "none", 0, date="2024-11-01")  # a 0, b 0
    response(answers, "Ann", "some", 2, date="2025-05-01")  # a 50, b 50
    response(answers, "Ann", "full", 2, date="2025-11-15")  # a 100, b 50
    response(answers, "Bob", "full", 4, date="2025-11-15")  # a 100, b 100
    code, out, err = run(folder, "trend", answers, "--format", "json")
    assert code == 0, err
    (acme,) = json.loads(out)
    assert acme["organization"] == "Acme" and acme["questionnaire"] == {"id": "org", "version": "1"}
    dates = [a["date"] for a in acme["assessments"]]
    assert dates == ["2024-11-01", "2025-05-01", "2025-11-15"]
    first, middle, last = acme["assessments"]
    assert last["respondents"] == 2
    assert first["change_since_previous"] is None and first["change_since_year_before"] is None
    # overall: 0 -> 50 -> (100 + 75) / 2 = 87.5
    assert middle["change_since_previous"] == {"overall": 50.0, "a": 50.0, "b": 50.0}
    assert middle["change_since_year_before"] is None  # 6 months is not a year
    assert last["change_since_previous"] == {"overall": 37.5, "a": 50.0, "b": 25.0}
    # 2024-11-01 is 12.5 months before 2025-11-15: within 10 to 14 months
    assert last["change_since_year_before"] == {"overall": 87.5, "a": 100.0, "b": 75.0}


@pytest.mark.parametrize(
    ("earlier", "later", "counts"),
    [
        ("2023-07-15", "2024-09-15", True),  # exactly 14 calendar months: inclusive
        ("2024-08-15", "2025-06-15", True),  # exactly 10 calendar months: inclusive
        ("2024-12-31", "2025-10-31", True),  # 10 months, day 31 to day 31
        ("2025-01-14", "2026-03-15", False),  # 14 months and a day: too early
        ("2024-08-16", "2025-06-15", False),  # a day short of 10 months: too late
        ("2024-12-31", "2025-10-30", False),  # the 30th: 10 months before is the 30 December
        ("2024-02-29", "2025-02-28", True),  # 12 months before a 28 February, nothing past it
    ],
)
def test_a_year_before_is_counted_in_calendar_months(
    folder: Path, earlier: str, later: str, counts: bool
) -> None:
    """SPEC 5: "from 14 to 10 calendar months before (inclusive, same day of the month)"."""
    answers = folder / "answers"
    response(answers, "Ann", "none", 0, date=earlier)
    response(answers, "Ann", "full", 4, date=later)
    code, out, err = run(folder, "trend", answers, "--format", "json")
    assert code == 0, err
    latest = json.loads(out)[0]["assessments"][-1]
    assert (latest["change_since_year_before"] is not None) == counts


@pytest.mark.parametrize(
    ("dates", "chosen"),
    [
        (("2024-03-15", "2024-05-15", "2025-04-15"), 0),  # 13 and 11 months: a tie, the older
        (("2024-05-15", "2024-07-16", "2025-06-15"), 0),  # 13, and 10 and 30/31: the first
        (("2024-03-15", "2024-04-20", "2025-04-15"), 1),  # 13, and 11 and 25/30: the later
    ],
)
def test_the_year_before_is_the_nearest_to_12_calendar_months_the_older_on_a_tie(
    folder: Path, dates: tuple[str, str, str], chosen: int
) -> None:
    """SPEC 5: "the one nearest to 12 months; a tie goes to the older", in calendar months
    (15 March and 15 May are 31 and 30 days from 15 April, but both a month)."""
    answers = folder / "answers"
    response(answers, "Ann", "some", 0, date=dates[0])
    response(answers, "Ann", "full", 4, date=dates[1])
    response(answers, "Ann", "none", 4, date=dates[2])
    code, out, err = run(folder, "trend", answers, "--format", "json")
    assert code == 0, err
    *earlier, latest = json.loads(out)[0]["assessments"]
    assert latest["change_since_year_before"]["overall"] == round(
        latest["overall"]["score"] - earlier[chosen]["overall"]["score"], 1
    )


def test_trend_refuses_undated_responses_by_name(folder: Path) -> None:
    answers = folder / "answers"
    response(answers, "Ann", "none", 0, date="2024-11-01")
    undated = response(answers, "Bob", "full", 4, date=None)
    code, out, err = run(folder, "trend", answers, "--format", "json")
    assert code == 1
    assert f"{undated}: error: a response without a date" in err
    assert len(json.loads(out)[0]["assessments"]) == 1


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_trend_reports_have_a_chart(folder: Path, fmt: str) -> None:
    answers = folder / "answers"
    response(answers, "Ann", "none", 0, date="2024-11-01")
    response(answers, "Ann", "full", 4, org="<b>Acme</b> | x", date="2025-11-01")
    out_file = folder / f"trend.{fmt}"
    code, _, err = run(folder, "trend", answers, "--format", fmt, "-o", out_file)
    assert code == 0, err
    text = out_file.read_text(encoding="utf-8")
    if fmt == "html":
        assert text.startswith("<!DOCTYPE html>")
        assert "<circle" in text and "<svg" in text
        assert "<b>Acme</b>" not in text and "&lt;b&gt;Acme&lt;/b&gt;" in text
    else:
        assert "`█" in text or "`▁" in text
        assert "\\<b\\>Acme\\</b\\> \\| x" in text
    code, _, err = run(folder, "trend", answers, "--format", fmt, "-o", out_file)
    assert code == 1 and "--force" in err


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_organization_report_shows_respondents_and_disagreements(folder: Path, fmt: str) -> None:
    answers = folder / "answers"
    files = [response(answers, "Ann", "none", 4), response(answers, "Bob", "full", 2)]
    code, out, err = run(folder, "report", *files, "--format", fmt)
    assert code == 0, err
    assert "Each respondent" in out and "Questions to resolve with the client" in out
    assert "Ann" in out and "Bob" in out
    assert "A1?" in out  # the disagreement's question text
    # combined: a mean(0, 100) = 50.0, b mean(100, 50) = 75.0 -> overall 62.5
    assert "62.5" in out


def test_organization_report_names_the_round_and_when_each_answered(folder: Path) -> None:
    """Respondents of a named round, on different dates: the report names the round, and says
    the answers were given over those dates, not all on the first."""
    answers = folder / "answers"
    files = [
        response(answers, "Ann", "none", 4, date="2026-01-10"),
        response(answers, "Bob", "full", 2, date="2026-01-20"),
    ]
    for path in files:
        path.write_text(path.read_text().replace("answers:", "round: R1\nanswers:"))
    code, out, err = run(folder, "report", *files, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["round"] == "R1"
    code, out, err = run(folder, "report", *files)
    assert code == 0, err
    assert "from 10 January 2026 to 20 January 2026" in out
    assert "on 10 January 2026" not in out
    code, out, err = run(folder, "report", files[0])
    assert code == 0, err
    assert "on 10 January 2026" in out  # one respondent: one date


def test_organization_report_needs_one_organization(folder: Path) -> None:
    answers = folder / "answers"
    files = [response(answers, "Ann", "none", 4), response(answers, "Bob", "full", 2, org="Zeta")]
    code, _, err = run(folder, "report", *files)
    assert code == 1 and "one organization" in err
    code, _, err = run(folder, "report", files[0], "--baseline", files[0], "--baseline", files[1])
    assert code == 1 and "the baseline's files must be respondents of one organization" in err


def test_last_years_organization_against_this_years(folder: Path) -> None:
    """Several --baseline files (or a folder) are combined, then compared with today's."""
    earlier = folder / "2025"
    before = [response(earlier, "Ann", "none", 2), response(earlier, "Bob", "full", 4)]
    today = [
        response(folder / "2026", "Ann", "full", 4),
        response(folder / "2026", "Bob", "full", 2),
    ]
    by_files = run(folder, "report", *today, "--baseline", before[0], "--baseline", before[1])
    by_folder = run(folder, "report", *today, "--baseline", earlier)
    assert by_files[0] == by_folder[0] == 0, by_files[2]
    assert by_files[1] == by_folder[1]
    assert "Earlier" in by_files[1] and "Change" in by_files[1]
    one = run(folder, "report", *today, "--baseline", before[0])
    assert one[0] == 0 and one[1] != by_files[1]  # one earlier respondent is another baseline


@pytest.mark.parametrize("fmt", ["md", "html", "table"])
def test_no_change_reads_as_in_the_report(folder: Path, fmt: str) -> None:
    """A report writes a change of nothing "±0.0"; the trend of the same scores did "+0.0"."""
    answers = folder / "answers"
    response(answers, "Ann", "some", 2, date="2025-11-20")
    response(answers, "Ann", "some", 2, date="2026-11-20")
    code, out, err = run(folder, "trend", answers, "--format", fmt)
    assert code == 0, err
    assert "±0.0" in out and "+0.0" not in out


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_an_organization_report_says_how_many_questions_not_everyone_answered(
    folder: Path, fmt: str
) -> None:
    """A question counts as answered when one respondent answered it: the report says how many
    of those someone left open, beside the count (the appendix shows whose)."""
    answers = folder / "answers"
    files = [response(answers, "Ann", "some", 2)]
    files.append(write(answers / "bob.yaml", files[0].read_text().replace("  b1: 2\n", "  b1:\n")))
    files[1].write_text(files[1].read_text().replace("respondent: Ann", "respondent: Bob"))
    code, out, err = run(folder, "report", *files, "--format", fmt)
    assert code == 0, err
    assert "2 of 2 questions answered (100%), 1 of them not by every respondent" in out

"""The executive summary's findings (render/summary.py), drawn from a response's answers."""

from __future__ import annotations

import json
from pathlib import Path

from socialmaturity.engine.scoring import score_response
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.loading import load_response
from socialmaturity.render.report import report_context


def test_two_caps_at_one_level_in_one_dimension_name_the_first_asked(tmp_path: Path) -> None:
    """Both caps hold executive buy-in at level 2; sorting them once compared the results."""
    questionnaire = Catalog().resolve("social-maturity")
    best = {  # the top answer to every single question but the two capping ones
        question.id: max(question.options or (), key=lambda option: option.points).value
        for dimension in questionnaire.dimensions
        for question in dimension.questions
        if question.kind == "single"
    }
    best |= {"exec_sponsor": "marketing_only", "exec_funding": "campaign_funding"}
    lines = [f"  {question_id}: {value}" for question_id, value in best.items()]
    answers = tmp_path / "two-caps.yaml"
    answers.write_text(
        "questionnaire: social-maturity\norganization: Acme\nanswers:\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    response, questionnaire = load_response(str(answers), Catalog())
    result = score_response(questionnaire, response)
    executive = result.dimensions[0]
    assert [cap.level for cap in executive.lowering_caps] == [2, 2]
    findings = report_context(result)["summary"]["findings"]
    held = [f for f in findings if f["kind"] == "Holding the company back"]
    assert len(held) == 1
    sponsor = questionnaire.question_by_id["exec_sponsor"][1]
    assert sponsor.text in held[0]["text"]  # the first capping question in questionnaire order


def test_the_strength_is_shown_by_an_answer_that_reaches_its_level() -> None:
    """The consumer brand's strength once quoted the answer that caps it (found by reading)."""
    from conftest import REPO, run_cli

    case = REPO / "tests" / "cases" / "consumer-no-listening.yaml"
    markdown = run_cli("report", case).stdout
    strength = next(line for line in markdown.splitlines() if "Strength to keep" in line)
    assert "Staff check the company's own pages" not in strength
    data = json.loads(run_cli("report", case, "--format", "json").stdout)
    first = data["phases"][0]["steps"][0]
    line = next(line for line in markdown.splitlines() if line.startswith("1. **"))
    if first["kind"] == "gap":  # a gap is not "towards" a level the dimension already has
        assert f"closes a gap under level {first['level']}" in line


def test_evidence_says_how_many_were_seen_and_how_many_claimed() -> None:
    """SPEC 4: "the report says how many answers were seen and how many claimed when any
    answer says either": both, in words where one is none."""
    from conftest import REPO, run_cli

    markdown = run_cli("report", REPO / "tests" / "cases" / "regulated-bank.yaml").stdout
    assert "answers backed by evidence the assessor saw, none claimed without it." in markdown
    assert "0 answers" not in markdown


def _quick(tmp_path: Path, answers: dict[str, str], name: str = "quick.yaml") -> Path:
    lines = "".join(f"  {question}: {value}\n" for question, value in answers.items())
    path = tmp_path / name
    path.write_text(
        "questionnaire: social-maturity-quick\norganization: Acme\ndate: 2026-11-20\n"
        + ("answers:\n" + lines if lines else "answers: {}\n"),
        encoding="utf-8",
    )
    return path


def _extreme(top: bool) -> dict[str, str]:
    """Every single question of the quick questionnaire at its best (or worst) option."""
    questionnaire = Catalog().resolve("social-maturity-quick")
    pick = max if top else min
    return {
        question.id: pick(question.options or (), key=lambda option: option.points).value
        for dimension in questionnaire.dimensions
        for question in dimension.questions
        if question.kind == "single"
    }


def _summary_line(markdown: str, kind: str) -> str:
    return next(line for line in markdown.splitlines() if kind in line)


def test_the_strength_is_shown_by_an_answer_even_when_a_cap_it_does_not_feel_is_chosen(
    tmp_path: Path,
) -> None:
    """Every answer at the bottom: options that cap at level 1 lower nothing, and still show it."""
    from conftest import run_cli

    markdown = run_cli("report", _quick(tmp_path, _extreme(top=False))).stdout
    assert "the answer was" in _summary_line(markdown, "Strength to keep")


def test_a_dimension_at_the_top_is_never_shown_holding_back_by_a_top_answer(
    tmp_path: Path,
) -> None:
    from conftest import run_cli

    best = _extreme(top=True)
    markdown = run_cli("report", _quick(tmp_path, best)).stdout
    held = _summary_line(markdown, "Holding the company back")
    assert "the answer was" not in held
    assert "No dimension is lower: every one is at this level." in held
    questionnaire = Catalog().resolve("social-maturity-quick")
    for question_id, value in best.items():
        label = questionnaire.question_by_id[question_id][1].option_by_value[value].label
        assert label not in held


def test_nothing_answered_shows_no_score_of_100(tmp_path: Path) -> None:
    from conftest import run_cli

    markdown = run_cli("report", _quick(tmp_path, {})).stdout
    line = next(line for line in markdown.splitlines() if "Overall maturity" in line)
    assert "of 100" not in line


def test_every_dimension_below_the_overall_level_is_said_so(tmp_path: Path) -> None:
    from socialmaturity.engine.scoring import DimensionResult
    from socialmaturity.render.summary import standing

    questionnaire = Catalog().resolve("social-maturity-quick")
    dimensions = [DimensionResult(d, 50.0, 3, 2, (), 1, None) for d in questionnaire.dimensions[:2]]
    text = standing(questionnaire, 3, dimensions)
    assert text.startswith("No dimension is there yet: ")
    assert "Not every" not in text


GAPS = {  # the leadership answers say nobody is accountable; measurement is at level 1
    "quick_exec_sponsor": "named_sponsor",
    "quick_exec_funding": "annual_budget",
    "quick_lead_owner": "nobody",
    "quick_lead_departments": "marketing_only",
    "quick_rel_care": "care_office_hours",
    "quick_rel_value": "sales_plus_customer",
    "quick_conv_dialogue": "replies",
    "quick_conv_signal": "within_months",
    "quick_meas_metrics": "engagement_reach",
    "quick_meas_trend": "not_tracked",
}


def _step_block(markdown: str, title: str) -> str:
    start = markdown.index(f"**{title}** ·")
    end = markdown.find("\n1. **", start)
    following = markdown.find("\n### ", start)
    ends = [n for n in (end, following) if n != -1]
    return markdown[start : min(ends) if ends else len(markdown)]


def test_a_step_says_what_it_builds_on_that_the_answers_show_missing_outside_the_plan(
    tmp_path: Path,
) -> None:
    """Its owner is appointed, or its ``after`` done, by a step beyond this plan's targets."""
    from conftest import run_cli

    path = _quick(tmp_path, GAPS)
    markdown = run_cli("report", path).stdout
    insight = _step_block(markdown, "Act on conversation insight every month")
    assert "Owner: Social leader" in insight
    assert (
        "Builds on “Appoint a senior social leader and bring two departments in”, which the "
        "answers show is not done yet and which lies beyond this plan's targets."
    ) in insight
    funding = _step_block(markdown, "Bring other executives in and agree two years of funding")
    assert "Builds on “Adopt a standard monthly scorecard”" in funding
    html = run_cli("report", path, "--format", "html").stdout
    assert "Builds on “Adopt a standard monthly scorecard”" in html


def test_a_baseline_says_when_and_by_whom_and_what_else_changed(tmp_path: Path) -> None:
    """SPEC 5: a change can come from who answered, or from the model, not the company."""
    from conftest import run_cli

    today = _quick(tmp_path, GAPS, "today.yaml")
    today.write_text(
        today.read_text(encoding="utf-8").replace(
            "organization: Acme\n", "organization: Acme\nrespondent: Jane Doe\n"
        ),
        encoding="utf-8",
    )
    earlier = tmp_path / "earlier.yaml"
    earlier.write_text(
        today.read_text(encoding="utf-8")
        .replace("Jane Doe", "Old Person")
        .replace("2026-11-20", "2025-11-20")
        .replace(
            "questionnaire: social-maturity-quick\n",
            'questionnaire: social-maturity-quick\nquestionnaire_version: "2.0.0"\n',
        ),
        encoding="utf-8",
    )
    run = run_cli("report", today, "--baseline", earlier)
    assert run.code == 0, run.stderr
    assert (
        "“Earlier” is the assessment of 20 November 2025, answered by Old Person. Note: "
        "different people answered; the model changed between them (2.0.0 to 3.0.0)."
    ) in run.stdout
    html = run_cli("report", today, "--baseline", earlier, "--format", "html").stdout
    assert "answered by Old Person. Note: different people answered" in html


def test_anonymous_labels_of_a_baseline_never_name_another_person_as_today_s(
    tmp_path: Path,
) -> None:
    """--anonymous numbers files without a role "Respondent N": a baseline's own numbering gave
    a different person today's label, beside "different people answered"."""
    from conftest import run_cli

    today = _quick(tmp_path, GAPS, "today.yaml")
    named = today.read_text(encoding="utf-8").replace(
        "organization: Acme\n", "organization: Acme\nrespondent: Jane Doe\n"
    )
    today.write_text(named, encoding="utf-8")
    earlier = tmp_path / "earlier.yaml"
    earlier.write_text(
        named.replace("Jane Doe", "Old Person").replace("2026-11-20", "2025-11-20"),
        encoding="utf-8",
    )
    run = run_cli("report", today, "--baseline", earlier, "--anonymous")
    assert run.code == 0, run.stderr
    assert "answered by Respondent 2. Note: different people answered" in run.stdout
    earlier.write_text(named.replace("2026-11-20", "2025-11-20"), encoding="utf-8")
    run = run_cli("report", today, "--baseline", earlier, "--anonymous")
    assert "answered by Respondent 1." in run.stdout and "different people" not in run.stdout
    # Jane again and someone new: the new one takes the next number, none is skipped
    other = tmp_path / "other.yaml"
    other.write_text(
        named.replace("Jane Doe", "New Person").replace("2026-11-20", "2025-11-21"),
        encoding="utf-8",
    )
    run = run_cli("report", today, "--baseline", earlier, "--baseline", other, "--anonymous")
    assert "answered by Respondent 1 and Respondent 2." in run.stdout, run.stdout


def test_unnamed_respondents_are_not_said_to_differ(tmp_path: Path) -> None:
    from conftest import run_cli

    today = _quick(tmp_path, GAPS, "today.yaml")
    earlier = tmp_path / "earlier.yaml"
    earlier.write_text(
        today.read_text(encoding="utf-8").replace("2026-11-20", "2025-11-20"), encoding="utf-8"
    )
    markdown = run_cli("report", today, "--baseline", earlier).stdout
    assert "“Earlier” is the assessment of 20 November 2025." in markdown
    assert "different people" not in markdown
    trend = run_cli("trend", today, earlier, "--format", "md")
    assert "different people" not in trend.stdout + trend.stderr


def test_no_dimension_is_said_level_with_the_others_when_some_are_not_scored(
    tmp_path: Path,
) -> None:
    from conftest import run_cli

    top = _extreme(top=True)
    answered = {k: v for k, v in top.items() if k.startswith(("quick_exec", "quick_lead"))}
    markdown = run_cli("report", _quick(tmp_path, answered)).stdout
    assert "could not be scored" in markdown
    assert "No dimension is lower" not in markdown


def test_every_scored_dimension_below_the_overall_level_with_others_unscored() -> None:
    from socialmaturity.engine.scoring import DimensionResult
    from socialmaturity.render.summary import standing

    questionnaire = Catalog().resolve("social-maturity-quick")
    first, second = questionnaire.dimensions[:2]
    dimensions = [
        DimensionResult(first, 50.0, 3, 2, (), 1, None),
        DimensionResult(second, None, None, None, (), 0, None),
    ]
    text = standing(questionnaire, 3, dimensions)
    assert text.startswith("No dimension is there yet: ")


def _named(tmp_path: Path, name: str, who: str | None, day: str) -> Path:
    path = _quick(tmp_path, GAPS, name)
    header = "organization: Acme\nrole: CMO\n" + (f"respondent: {who}\n" if who else "")
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("organization: Acme\n", header)
        .replace("2026-11-20", day),
        encoding="utf-8",
    )
    return path


def test_anonymous_reports_still_say_that_other_people_answered(tmp_path: Path) -> None:
    """Jane then, Bob now, both CMO: the roles agree, the people do not (SPEC 5)."""
    from conftest import run_cli

    today = _named(tmp_path, "bob.yaml", "Bob", "2026-11-20")
    earlier = _named(tmp_path, "jane.yaml", "Jane", "2025-11-20")
    run = run_cli("report", today, "--baseline", earlier, "--anonymous")
    assert run.code == 0, run.stderr
    line = next(line for line in run.stdout.splitlines() if line.startswith("“Earlier”"))
    assert line == (
        "“Earlier” is the assessment of 20 November 2025, answered by CMO. "
        "Note: different people answered."
    )
    assert "Jane" not in run.stdout and "Bob" not in run.stdout


def test_unnamed_respondents_are_counted_and_a_different_number_is_other_people(
    tmp_path: Path,
) -> None:
    from conftest import run_cli

    today = _named(tmp_path, "today.yaml", None, "2026-11-20")
    jane = _named(tmp_path, "jane.yaml", "Jane", "2025-11-20")
    nobody = _named(tmp_path, "nobody.yaml", None, "2025-11-21")
    nobody.write_text(nobody.read_text(encoding="utf-8").replace("role: CMO\n", ""), "utf-8")
    run = run_cli("report", today, "--baseline", jane, "--baseline", nobody)
    assert run.code == 0, run.stderr
    line = next(line for line in run.stdout.splitlines() if line.startswith("“Earlier”"))
    assert line == (
        "“Earlier” is the assessment from 20 November 2025 to 21 November 2025, answered by "
        "Jane and 1 unnamed respondent. Note: different people answered."
    )


def test_people_are_told_apart_by_roles_where_nobody_is_named(tmp_path: Path) -> None:
    """A CMO then, a head of sales now, neither named: other people answered."""
    from conftest import run_cli

    today = _named(tmp_path, "today.yaml", None, "2026-11-20")
    today.write_text(
        today.read_text(encoding="utf-8").replace("role: CMO", "role: Head of sales"), "utf-8"
    )
    earlier = _named(tmp_path, "earlier.yaml", None, "2025-11-20")
    for anonymous in ((), ("--anonymous",)):
        run = run_cli("report", today, "--baseline", earlier, *anonymous)
        assert "Note: different people answered." in run.stdout


def test_the_same_names_are_the_same_people_however_often_they_answered(tmp_path: Path) -> None:
    from socialmaturity.engine.organization import combine
    from socialmaturity.engine.trend import comparison_notes

    jane = _named(tmp_path, "jane.yaml", "Jane", "2025-11-20")
    again = _named(tmp_path, "again.yaml", " jane ", "2025-11-21")
    now = _named(tmp_path, "now.yaml", "Jane", "2026-11-20")
    catalog = Catalog()
    results = [
        score_response(*reversed(load_response(str(p), catalog))) for p in (jane, again, now)
    ]
    assert comparison_notes(combine(results[2:]), combine(results[:2])) == []


def test_a_change_that_rounds_to_nothing_is_no_change() -> None:
    """``change_text`` is the report's, trend's and a user template's ``change`` filter: a change
    that shows as 0.0 is "±0.0" whatever its sign, and a missing one a dash."""
    from socialmaturity.i18n import change_text

    assert [change_text(c) for c in (-0.04, 0.04, 0.0, 2.46, -0.06)] == [
        "±0.0",
        "±0.0",
        "±0.0",
        "+2.5",
        "-0.1",
    ]
    assert change_text(None) == change_text(float("nan")) == "–"

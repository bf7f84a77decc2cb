"""Respondents kept compactly as files stream combine exactly as their full results did.

The reference below is how assessments were combined from full results, question by question
(kept here only as the measure of the streamed path): on random respondents of the bundled
questionnaires, every figure, cap, disagreement and grouping must come out the same.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialmaturity.engine.organization import (
    DISAGREEMENT,
    anonymous_labels,
    combine,
    combine_all,
    label_of,
    labels_by_role,
    level_for,
    lower_median,
    respondent_labels,
    respondent_rounds,
    rounds,
)
from socialmaturity.engine.respondents import Respondents
from socialmaturity.engine.scoring import Result, overall_of, score_response
from socialmaturity.engine.trend import trends
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.questionnaire import Question, Questionnaire
from socialmaturity.model.response import NA, Answer, Response
from socialmaturity.render.records import combined_record

CATALOG = Catalog()
MAIN = CATALOG.resolve("social-maturity")
QUICK = CATALOG.resolve("social-maturity-quick")


def reference(respondents: tuple[Result, ...]) -> dict[str, Any]:
    """What combining gave from full results, before respondents were kept compactly."""
    q = respondents[0].questionnaire
    top = q.top_level
    dimensions = []
    for index, dimension in enumerate(q.dimensions):
        parts = [r.dimensions[index] for r in respondents]
        scores = [p.score for p in parts if p.score is not None]
        score = sum(scores) / len(scores) if scores else None
        cap = lower_median([min((c.level for c in p.caps), default=top) for p in parts])
        level = level_for(q, score)
        if level is not None:
            level = min(level, cap)
        answered = sum(
            1
            for n in range(len(dimension.questions))
            if any(p.questions[n].answered for p in parts)
        )
        hits: list[Any] = []
        for p in parts:
            for hit in p.caps:
                if hit not in hits:
                    hits.append(hit)
        spread = max(scores) - min(scores) if scores else None
        dimensions.append(
            (dimension, score, level, cap if cap < top else None, spread, answered, hits)
        )

    class Scored:
        def __init__(self, row: tuple[Any, ...]) -> None:
            self.dimension, self.score, self.level = row[0], row[1], row[2]

    score, level = overall_of(q, [Scored(row) for row in dimensions])  # type: ignore[misc]
    labels = respondent_labels(respondents)
    disagreements = []
    for index, dimension in enumerate(q.dimensions):
        for n, question in enumerate(dimension.questions):
            norms = [
                norm
                for r in respondents
                if (norm := r.dimensions[index].questions[n].norm) is not None
            ]
            if len(norms) < 2 or max(norms) - min(norms) < DISAGREEMENT - 1e-9:
                continue
            answers: dict[str, object] = {}
            for label, r in zip(labels, respondents, strict=True):
                value = r.dimensions[index].questions[n].value
                if value is not None:
                    answers[label] = list(value) if isinstance(value, tuple) else value
            disagreements.append((question.id, dimension.id, answers, max(norms) - min(norms)))
    dates = sorted({r.response.date for r in respondents if r.response and r.response.date})
    return {
        "dimensions": [
            (d.id, score, level, cap, spread, answered, hits)
            for d, score, level, cap, spread, answered, hits in dimensions
        ],
        "overall": (score, level),
        "disagreements": disagreements,
        "dates": dates,
        "people": (
            None
            if any(not (r.response and (r.response.respondent or "").strip()) for r in respondents)
            else {label_of(r).strip().casefold() for r in respondents}
        ),
        "files": [r.response.path for r in respondents if r.response],
    }


def streamed(combined: Any) -> dict[str, Any]:
    """The same figures of an assessment combined from kept respondents."""
    return {
        "dimensions": [
            (d.id, d.score, d.level, d.cap, d.spread, d.answered, list(d.caps))
            for d in combined.dimensions
        ],
        "overall": (combined.score, combined.level),
        "disagreements": [
            (d.question, d.dimension, d.answers, d.spread) for d in combined.disagreements
        ],
        "dates": list(combined.dates),
        "people": None if combined.people is None else set(combined.people),
        "files": combined.files,
    }


def answer_of(question: Question, data: st.DataObject) -> Answer | None:
    """A random answer (sometimes none, sometimes na) to ``question``."""
    roll = data.draw(st.integers(0, 9))
    if roll == 0:
        return None
    if roll == 1:
        return Answer(None)
    if roll == 2 and question.allow_na:
        return Answer(NA)
    if question.kind == "scale":
        return Answer(data.draw(st.integers(question.min or 0, question.max or 0)))
    values = [option.value for option in question.options or ()]
    if question.kind == "multi":
        return Answer(tuple(data.draw(st.permutations(values))[: data.draw(st.integers(0, 3))]))
    return Answer(data.draw(st.sampled_from(values)))


def result_of(data: st.DataObject, n: int, questionnaire: Questionnaire) -> Result:
    """Respondent ``n``: of one of a few organizations, rounds, dates, names and roles."""
    answers = {}
    for dimension in questionnaire.dimensions:
        for question in dimension.questions:
            answer = answer_of(question, data)
            if answer is not None:
                answers[question.id] = answer
    day = dt.date(2024, 1, 1) + dt.timedelta(days=data.draw(st.integers(0, 800)))
    response = Response(
        path=f"answers/{n}.yaml",
        questionnaire_id=questionnaire.id,
        questionnaire_version=data.draw(st.sampled_from([None, "2.0.0", questionnaire.version])),
        organization=data.draw(st.sampled_from(["Acme", " acme ", "ACME", "Other Co"])),
        respondent=data.draw(st.sampled_from([None, "", "Ann", "Bob", f"R{n}"])),
        role=data.draw(st.sampled_from([None, "CMO", " cmo", "CEO", "Sales"])),
        date=data.draw(st.sampled_from([None, day.isoformat()])),
        assessor=None,
        answers=answers,
        round=data.draw(st.sampled_from([None, None, "", "Spring", " spring "])),
    )
    return score_response(questionnaire, response)


def results_of(data: st.DataObject) -> list[Result]:
    count = data.draw(st.integers(1, 12))
    return [
        result_of(data, n, data.draw(st.sampled_from([MAIN, MAIN, QUICK]))) for n in range(count)
    ]


SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.data())
def test_streamed_combine_equals_the_full_results_combine(data: st.DataObject) -> None:
    results = results_of(data)
    kept = Respondents()
    for result in results:
        kept.add(result)
    window = data.draw(st.sampled_from([0, 31, 400]))
    old = rounds(results, window)
    new = list(combine_all(kept, window))
    assert len(old) == len(new)
    for group, combined in zip(old, new, strict=True):
        assert [r.response.path for r in group if r.response] == combined.files
        assert streamed(combined) == reference(group)
        assert combined.organization == (
            group[0].response.organization if group[0].response else ""
        )
        assert combined.versions == {
            r.response.questionnaire_version or r.questionnaire.version for r in group if r.response
        }
    for group in old:  # a report's combine goes the same way
        assert streamed(combine(group)) == reference(group)


@SETTINGS
@given(st.data())
def test_streamed_rounds_and_trends_follow_the_results(data: st.DataObject) -> None:
    results = [r for r in results_of(data) if r.response and r.response.date]
    kept = Respondents()
    for result in results:
        kept.add(result)
    grouped = respondent_rounds(kept)
    assert [[m.path for m in group] for group in grouped] == [
        [r.response.path for r in group if r.response] for group in rounds(results)
    ]
    for trend in trends(kept):
        dates = [a.date or "" for a in trend.assessments]
        assert dates == sorted(dates)
        assert trend.organization == trend.assessments[0].organization


@SETTINGS
@given(st.data())
def test_respondents_named_by_role_as_results_were(data: st.DataObject) -> None:
    results = results_of(data)
    positions = [data.draw(st.integers(1, 30)) for _ in results]
    kept = Respondents()
    for result in results:
        kept.add(result)
    kept.rename(labels_by_role([m.role for m in kept], positions))
    assert [m.name for m in kept] == anonymous_labels(results, positions)


def test_a_record_lists_every_chosen_cap_once_in_the_order_chosen() -> None:
    capping = [
        question
        for dimension in MAIN.dimensions[:1]
        for question in dimension.questions
        if any(option.cap for option in question.options or ())
    ]
    question = capping[0]
    capped = [o.value for o in question.options or () if o.cap]

    def one(n: int, value: str) -> Result:
        response = Response(
            f"{n}.yaml", MAIN.id, None, "Acme", f"R{n}", None, "2026-01-01", None,
            {question.id: Answer(value)},
        )  # fmt: skip
        return score_response(MAIN, response)

    results = [one(0, capped[0]), one(1, capped[0]), one(2, capped[-1])]
    record = combined_record(combine(results))
    hits = record["dimensions"][0]["caps"]
    assert [hit["option"] for hit in hits] == list(dict.fromkeys([capped[0], capped[-1]]))


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.dictionaries(st.text(), JSON, max_size=4), max_size=4))
def test_trend_json_written_a_record_at_a_time_is_the_whole_array(records: list[Any]) -> None:
    from socialmaturity.commands.trends import _json_chunks
    from socialmaturity.render.escaping import json_controls

    whole = json.dumps(records, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    assert "".join(_json_chunks(records)) == json_controls(whole)


WIDE = """
id: wide
version: "1"
title: Wide
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: High, min_score: 50}
dimensions:
  - id: d
    name: D
    questions:
      - {id: big, text: How many?, kind: scale, min: 0, max: 100000}
      - id: pick
        text: Which?
        options:
          - {value: low, label: Low, points: 0, cap: 1}
          - {value: high, label: High, points: 1}
"""


def test_more_distinct_answers_than_a_byte_holds_are_kept_exactly(tmp_path: Any) -> None:
    path = tmp_path / "wide.yaml"
    path.write_text(WIDE, encoding="utf-8")
    wide = Catalog().resolve(str(path))

    def one(n: int) -> Result:
        answers = {"big": Answer(n * 37), "pick": Answer("low" if n % 3 else "high")}
        return score_response(
            wide,
            Response(
                path=f"{n}.yaml",
                questionnaire_id="wide",
                questionnaire_version=None,
                organization="Acme",
                respondent=f"R{n}",
                role=None,
                date="2026-01-01",
                assessor=None,
                answers=answers,
            ),
        )

    results = [one(n) for n in range(300)]  # 300 distinct answers to "big": codes past 255
    kept = Respondents()
    for result in results:
        kept.add(result)
    assert [m.codes()[0] for m in kept] == list(range(1, 301))
    (combined,) = combine_all(kept)
    assert streamed(combined) == reference(tuple(results))


def test_a_file_named_twice_counts_once(tmp_path: Path) -> None:
    """Given twice, or given and inside a folder given, it would weigh double."""
    from conftest import run_cli, write

    base = "questionnaire: social-maturity-quick\norganization: Acme\ndate: 2026-11-2{day}\n"
    one = write(
        tmp_path / "acme" / "one.yaml", base.format(day=0) + "answers: {quick_exec_sponsor: ceo}\n"
    )
    two = write(
        tmp_path / "acme" / "two.yaml", base.format(day=1) + "answers: {quick_exec_sponsor: none}\n"
    )
    once = run_cli("score", "--by", "organization", one, two, "--format", "json")
    (tmp_path / "acme" / "link.yaml").symlink_to(one)  # a folder may hold one file twice
    os.link(one, tmp_path / "acme" / "hard.yaml")
    relative = os.path.relpath(one)
    twice = run_cli(
        "score",
        "--by",
        "organization",
        one,
        tmp_path / "acme",
        f"{tmp_path}/acme/./one.yaml",
        relative,
        "--format",
        "json",
    )
    assert twice.code == 0, twice.stderr
    assert twice.stdout == once.stdout
    assert twice.stderr.count(f"warning: the same file as {one}: read once") == 5
    (tmp_path / "acme" / "x1.yaml").symlink_to(tmp_path / "gone.yaml")
    (tmp_path / "acme" / "x2.yaml").symlink_to(tmp_path / "gone.yaml")
    dangling = run_cli("score", "--by", "organization", tmp_path / "acme", "--format", "json")
    assert dangling.code == 1
    assert f"{tmp_path}/acme/x1.yaml: error: no such file" in dangling.stderr
    assert f"{tmp_path}/acme/x2.yaml: error: no such file" in dangling.stderr

"""``report --format json`` (SPEC section 4) and the plan's rules it makes checkable (section 3).

A property test scores random responses of both bundled questionnaires and checks, from the JSON
and the Markdown of the same report, that the report never contradicts itself.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialmaturity.engine.scoring import score_answers
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.questionnaire import Question, Questionnaire
from socialmaturity.model.response import Answer, Response
from socialmaturity.render.formats import render
from socialmaturity.render.report import report_context

from conftest import REPO, run_cli

DEMO = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"
TOP_KEYS = [
    "questionnaire",
    "organization",
    "respondents",
    "date",
    "round",
    "overall",
    "dimensions",
    "strength",
    "holding_back",
    "first_moves",
    "phases",
    "in_place",
    "answers",
]
STEP_KEYS = [
    "id",
    "dimension",
    "level",
    "kind",
    "title",
    "owner",
    "addresses",
    "why",
    "waits_for",
    "done",
    "kpis",
]


def test_the_demo_as_json_has_exactly_the_keys_of_the_spec() -> None:
    run = run_cli("report", DEMO, "--format", "json")
    assert run.code == 0, run.stderr
    data = json.loads(run.stdout)
    assert list(data) == TOP_KEYS
    assert list(data["overall"]) == ["score", "level", "level_name"]
    assert list(data["dimensions"][0]) == [
        "id",
        "name",
        "score",
        "level",
        "level_name",
        "capped_by",
        "above",
        "at",
        "below",
    ]
    assert list(data["phases"][0]["steps"][0]) == STEP_KEYS
    assert list(data["answers"][0]) == [
        "question",
        "dimension",
        "value",
        "level",
        "note",
        "evidence",
    ]
    assert data["respondents"] == [
        {"respondent": "Maren Holloway", "role": "Chief Marketing Officer"}
    ]
    check_rules(data, run_cli("report", DEMO).stdout)


def test_a_json_name_chooses_json_and_steps_per_phase_sets_the_room(tmp_path: Any) -> None:
    out = tmp_path / "r.json"
    assert run_cli("report", DEMO, "-o", out, "--steps-per-phase", "2").code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert all(len(phase["steps"]) <= 2 for phase in data["phases"])
    assert run_cli("report", DEMO, "--format", "json", "--template", out).code == 2


def test_steps_per_phase_has_no_upper_bound() -> None:
    """SPEC 3 bounds N below only: any room beyond the steps there are is no limit at all."""
    phases = {
        room: json.loads(
            run_cli("report", DEMO, "--format", "json", "--steps-per-phase", room).stdout
        )["phases"]
        for room in ("0", "1001", str(10**30))
    }
    assert phases["1001"] == phases[str(10**30)] == phases["0"]


def check_rules(data: dict[str, Any], markdown: str) -> None:
    """Every rule of SPEC sections 3 and 4 that the JSON and the Markdown let us check."""
    steps = [step for phase in data["phases"] for step in phase["steps"]]
    phase_of = {step["id"]: phase["phase"] for phase in data["phases"] for step in phase["steps"]}
    ids = [step["id"] for step in steps]
    assert len(ids) == len(set(ids))
    # in place is never a step
    assert not set(data["in_place"]) & set(ids)
    # strength and holding back are never the same dimension
    if data["holding_back"] is not None:
        assert data["strength"] is not None and data["strength"] != data["holding_back"]
    # first moves: at most three, in phase 1, in the order placed
    first = data["first_moves"]
    assert len(first) <= 3
    phase_one = [s["id"] for s in data["phases"][0]["steps"]] if data["phases"] else []
    assert first == phase_one[: len(first)]
    assert len(first) == min(3, len(phase_one))
    for step in steps:
        # waits-for order: every waited-for step is in an earlier phase
        assert all(phase_of[other] < phase_of[step["id"]] for other in step["waits_for"])
        # why quotes only addressed questions
        assert {w["question"] for w in step["why"]} <= set(step["addresses"])
        if step["kind"] == "gap":
            assert step["why"]
    # one decimal: the overall score as the JSON has it appears in the Markdown as printed
    if data["overall"]["score"] is not None:
        assert f"{data['overall']['score']:.1f}" in markdown
    for dimension in data["dimensions"]:
        if dimension["score"] is not None:
            assert f"| {dimension['score']:.1f} |" in markdown
    # no level description outside "About the levels"
    before_about = markdown.split("## About the levels")[0]
    assert "Typical at" not in before_about
    assert "## About the levels" in markdown


def _answer(question: Question, draw: st.DrawFn) -> Answer | None:
    if draw(st.integers(0, 19)) == 0:
        return None
    if question.kind == "scale":
        return Answer(draw(st.integers(question.min or 0, question.max or 0)))
    values = [option.value for option in question.options or ()]
    if question.kind == "multi":
        return Answer(tuple(draw(st.lists(st.sampled_from(values), unique=True))))
    return Answer(draw(st.sampled_from(values)))


QUESTIONNAIRES: dict[str, Questionnaire] = {}


def bundled(name: str) -> Questionnaire:
    if name not in QUESTIONNAIRES:
        QUESTIONNAIRES[name] = Catalog().resolve(name)
    return QUESTIONNAIRES[name]


@st.composite
def responses(draw: st.DrawFn) -> tuple[Questionnaire, dict[str, Answer], int]:
    q = bundled(draw(st.sampled_from(["social-maturity", "social-maturity-quick"])))
    answers = {}
    for _, question in q.question_by_id.values():
        answer = _answer(question, draw)
        if answer is not None:
            answers[question.id] = answer
    return q, answers, draw(st.sampled_from([0, 1, 3, 5]))


#: Random reports per run; SOCIALMATURITY_PROPERTY_EXAMPLES=3000 for a long run.
EXAMPLES = int(os.environ.get("SOCIALMATURITY_PROPERTY_EXAMPLES", "60"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(responses())
def test_no_random_report_contradicts_itself(
    found: tuple[Questionnaire, dict[str, Answer], int],
) -> None:
    q, answers, room = found
    response = Response(
        path="r.yaml",
        questionnaire_id=q.id,
        questionnaire_version=q.version,
        organization="Acme",
        respondent=None,
        role="CMO",
        date="2026-11-20",
        assessor=None,
        answers=answers,
    )
    result = score_answers(q, answers, response=response)
    context = report_context(result, steps_per_phase=room)
    data = json.loads(str(render("report", context, "json")))
    if room:
        assert all(len(phase["steps"]) <= room for phase in data["phases"])
    check_rules(data, str(render("report", context, "md")))
    # owners appointed first: a step owned by a role waits for every step that appoints it
    steps = [step for phase in data["phases"] for step in phase["steps"]]
    for step in steps:
        for other in steps:
            appoints = q.recommendation_by_id[other["id"]][1].appoints
            owner = step["owner"]
            if other is not step and appoints and owner and appoints.casefold() == owner.casefold():
                assert other["id"] in step["waits_for"]


@pytest.mark.parametrize("name", ["social-maturity.yaml"])
def test_a_step_is_never_labelled_as_already_in_place(name: str) -> None:
    markdown = run_cli("report", DEMO).stdout
    roadmap = markdown.split("## Roadmap")[1].split("### Already in place")[0]
    assert not re.search(r"already in place", roadmap, re.IGNORECASE)

"""The roadmap as a report shows it: phases of steps, each with the answers that call for it.

A step's reason quotes the client's answers below its level, never a restatement of a level;
what it waits for and builds on is named, so that no step reads as if it could start alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from socialmaturity.engine.roadmap import Plan, PlanStep, missing_outside
from socialmaturity.engine.scoring import Result
from socialmaturity.i18n import _, ngettext, semicolon
from socialmaturity.model.questionnaire import Questionnaire, Recommendation
from socialmaturity.render.escaping import isolate
from socialmaturity.render.summary import (
    and_list,
    asked,
    level_label,
    level_text,
    more_answers,
    quoted_text,
)


def step_reason(step: PlanStep, result: Result, *, brief: bool = False) -> str:
    """Why a step is on the plan: every addressed answer below its level, quoted.

    ``brief`` (the executive summary, which fits one page) quotes the first and counts the rest,
    which the roadmap quotes. A step that addresses no answer below its level says where its
    dimension stands instead.
    """
    q = result.questionnaire
    level = step.recommendation.level
    if step.why:
        quoted = [
            asked(question.text, level_label(answer), median=answer.differing > 0)
            for question, answer in step.why
        ]
        count = len(quoted)
        if brief and len(quoted) > 1:
            quoted = [quoted[0], more_answers(len(quoted) - 1, _("quoted in the roadmap"))]
        return ngettext(
            "this answer falls short of {level}: {answers}",
            "these answers fall short of {level}: {answers}",
            count,
        ).format(level=level_text(q, level), answers=semicolon().join(quoted))
    dim = result.dimension(step.dimension.id)
    if dim.level is None:  # nothing answered in it counts: there is no level to be below
        return _("{dimension} has no score yet (none of its answers counts towards one)").format(
            dimension=isolate(step.dimension.name)
        )
    text = _("{dimension} is at {level}, below {target}").format(
        dimension=isolate(step.dimension.name),
        level=level_text(q, dim.level),
        target=level_text(q, level),
    )
    cap = next((c for c in dim.lowering_caps if c.question in step.recommendation.addresses), None)
    if cap is not None:
        question = q.question_by_id[cap.question][1]
        label = question.option_by_value[cap.option].label
        text += _(": the answer {answer} to {question} holds it there").format(
            answer=quoted_text(label), question=quoted_text(question.text)
        )
    return text


def why_answers(step: PlanStep) -> list[dict[str, str]]:
    """The answers a step's why quotes, as question ids and the chosen option's value."""
    return [{"question": question.id, "option": answer.values[0]} for question, answer in step.why]


def plan_phases(plan: Plan, result: Result) -> list[dict[str, Any]]:
    """The plan as report records: phases, each with its steps in the order they were placed."""
    q = result.questionnaire
    titles = {step.recommendation.id: step.recommendation.title for step in plan.steps}
    first = set(plan.first_moves)
    outside = missing_outside(q, plan)
    phases = []
    for number, steps in plan.phases():
        items = []
        for step in steps:
            rec = step.recommendation
            items.append(
                {
                    "id": rec.id,
                    "title": rec.title,
                    "detail": rec.detail,
                    "done": rec.done,
                    "dimension": step.dimension.name,
                    "dimension_id": step.dimension.id,
                    "level": rec.level,
                    "level_name": q.level_name(rec.level),
                    "effort": rec.effort,
                    "horizon": rec.horizon,
                    "owner": rec.owner,
                    "appoints": rec.appoints,
                    "kpis": list(rec.kpis),
                    "phase": number,
                    "kind": step.kind,
                    "is_gap": step.is_gap,
                    "addresses": list(rec.addresses),
                    "gaps": [
                        {
                            "question": question.text,
                            "answer": level_label(answer),
                            "level": answer.level,
                            "level_name": q.level_name(answer.level),
                        }
                        for question, answer in step.gaps
                    ],
                    "waits_for": [titles[other] for other in step.waits_for],
                    "waits_for_ids": list(step.waits_for),
                    "builds_on": _builds_on(outside.get(rec.id, ())),
                    "why": step_reason(step, result),
                    "why_brief": step_reason(step, result, brief=True),
                    "why_answers": why_answers(step),
                    "first_move": rec.id in first,
                }
            )
        phases.append({"number": number, "steps": items})
    return phases


def _builds_on(missing: Sequence[Recommendation]) -> str:
    """The sentence naming what a step builds on outside the plan, or nothing."""
    if not missing:
        return ""
    return ngettext(
        "Builds on {steps}, which the answers show is not done yet and which lies beyond this "
        "plan's targets.",
        "Builds on {steps}, which the answers show are not done yet and which lie beyond this "
        "plan's targets.",
        len(missing),
    ).format(steps=and_list([quoted_text(rec.title) for rec in missing]))


def in_place_rows(plan: Plan, q: Questionnaire) -> list[dict[str, Any]]:
    """The recommendations the answers show already done, for the report's list apart."""
    rows = []
    for rec in plan.in_place:
        dimension = q.recommendation_by_id[rec.id][0]
        rows.append(
            {
                "id": rec.id,
                "title": rec.title,
                "dimension": dimension.name,
                "dimension_id": dimension.id,
                "level": rec.level,
                "level_name": q.level_name(rec.level),
            }
        )
    return rows


def kpi_rows(phases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each KPI once, with the steps it measures and their owners; values for the consultant."""
    rows: dict[str, dict[str, Any]] = {}
    for phase in phases:
        for step in phase["steps"]:
            for kpi in step["kpis"]:
                key = kpi.strip().casefold()
                row = rows.setdefault(key, {"name": kpi, "steps": [], "owners": []})
                row["steps"].append(step["title"])
                if step["owner"] and step["owner"] not in row["owners"]:
                    row["owners"].append(step["owner"])
    return list(rows.values())

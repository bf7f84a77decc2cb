"""``report --format json``: the report as data, with exactly the keys of SPEC section 4.

Built from the same context the other formats render, so what the JSON says is what the
Markdown, HTML, PDF and workbook show: integrations read it, and tests check the report's rules
against it.
"""

from __future__ import annotations

from typing import Any

from socialmaturity.render.escaping import json_pretty


def report_json(context: dict[str, Any]) -> str:
    """The report context as the JSON object of SPEC section 4 (scores to one decimal).

    With KPI series, ``kpis`` holds each metric's evidence (SPEC section 9), numbers unrounded.
    """
    several = bool(context["respondents"])
    respondents = context["respondent_list"]
    answers = [_answers(entry["sections"]) for entry in context["answers_by_respondent"]]
    data = {
        "questionnaire": {
            "id": context["questionnaire"]["id"],
            "version": context["questionnaire"]["version"],
        },
        "organization": context["organization"],
        "respondents": respondents,
        "date": context["date"],
        "round": context["round"],
        "overall": _scored(context["overall"]),
        "dimensions": [_dimension(d) for d in context["dimensions"]],
        "strength": context["strength"],
        "holding_back": context["holding_back"],
        "first_moves": context["first_moves"],
        "phases": [
            {"phase": phase["number"], "steps": [_step(step) for step in phase["steps"]]}
            for phase in context["phases"]
        ],
        "in_place": [row["id"] for row in context["in_place"]],
        "answers": answers if several else answers[0],
    }
    if context.get("long_haul") is not None:
        from socialmaturity.render.evidence import JSON_KEYS

        data["kpis"] = [{key: entry[key] for key in JSON_KEYS} for entry in context["long_haul"]]
    return json_pretty(data) + "\n"


def _scored(part: dict[str, Any]) -> dict[str, Any]:
    level = part["level"]["number"]
    return {
        "score": part["score"],
        "level": level,
        "level_name": part["level"]["name"] if level is not None else None,
    }


def _dimension(dimension: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": dimension["id"],
        "name": dimension["name"],
        **_scored(dimension),
        "capped_by": [
            {"question": c["question"], "option": c["option"]} for c in dimension["caps"]
        ],
        "above": dimension["above"],
        "at": dimension["at"],
        "below": dimension["below"],
    }


def _step(step: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": step["id"],
        "dimension": step["dimension_id"],
        "level": step["level"],
        "kind": step["kind"],
        "title": step["title"],
        "owner": step["owner"],
        "addresses": step["addresses"],
        "why": step["why_answers"],
        "waits_for": step["waits_for_ids"],
        "done": step["done"],
        "kpis": step["kpis"],
    }


def _answers(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "question": row["id"],
            "dimension": section["id"],
            "value": row["value"],
            "level": row["level"],
            "note": row["note"],
            "evidence": row["evidence"],
        }
        for section in sections
        for row in section["answers"]
    ]

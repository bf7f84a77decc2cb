"""Results as the plain records of SPEC section 4 ("score output"): JSON objects and CSV rows.

This is where scores get rounded (to one decimal, with Python's ``round``); levels always come
from the unrounded values computed in :mod:`socialmaturity.scoring`.
"""

from __future__ import annotations

from typing import Any

from socialmaturity.scoring import DimensionResult, Result


def rounded(score: float | None) -> float | None:
    """A score as reported: one decimal, or None."""
    return None if score is None else round(score, 1)


def dimension_record(result: Result, dimension: DimensionResult) -> dict[str, Any]:
    """One entry of a result's ``dimensions`` list."""
    q = result.questionnaire
    return {
        "id": dimension.id,
        "name": dimension.dimension.name,
        "score": rounded(dimension.score),
        "level": dimension.level,
        "level_name": q.level_name(dimension.level),
        "answered": dimension.answered,
        "questions": len(dimension.dimension.questions),
        "caps": [
            {"question": cap.question, "option": cap.option, "level": cap.level}
            for cap in dimension.caps
        ],
    }


def result_record(result: Result, file: str) -> dict[str, Any]:
    """The JSON object for one scored response, keys in SPEC order."""
    q = result.questionnaire
    response = result.response
    return {
        "file": file,
        "organization": response.organization if response else None,
        "respondent": response.respondent if response else None,
        "role": response.role if response else None,
        "date": response.date if response else None,
        "questionnaire": {"id": q.id, "version": q.version},
        "overall": {
            "score": rounded(result.score),
            "level": result.level,
            "level_name": q.level_name(result.level),
        },
        "dimensions": [dimension_record(result, d) for d in result.dimensions],
        "completeness": result.completeness,
    }


def csv_header(dimension_ids: list[str]) -> list[str]:
    """The CSV header row for results with these dimensions, in questionnaire order."""
    header = ["file", "organization", "respondent", "role", "date"]
    header += ["overall_score", "overall_level"]
    for dimension_id in dimension_ids:
        header += [f"{dimension_id}_score", f"{dimension_id}_level"]
    return header


def csv_row(record: dict[str, Any]) -> list[str]:
    """One CSV row from a result record; nulls become empty cells."""

    def cell(value: object) -> str:
        return "" if value is None else str(value)

    row = [cell(record[key]) for key in ("file", "organization", "respondent", "role", "date")]
    row += [cell(record["overall"]["score"]), cell(record["overall"]["level"])]
    for dimension in record["dimensions"]:
        row += [cell(dimension["score"]), cell(dimension["level"])]
    return row

"""Results as the plain records of SPEC section 4 ("score output"): JSON objects and CSV rows.

This is where scores get rounded (to one decimal, with Python's ``round``); levels always come
from the unrounded values computed in :mod:`socialmaturity.engine.scoring`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from socialmaturity.engine.scoring import DimensionResult, Result, rounded
from socialmaturity.render.escaping import csv_text

if TYPE_CHECKING:  # a batch's records need neither (nor their imports)
    from socialmaturity.engine.organization import Combined, CombinedDimension
    from socialmaturity.engine.trend import Trend
    from socialmaturity.model.questionnaire import Questionnaire


def dimension_record(
    q: Questionnaire, dimension: DimensionResult | CombinedDimension
) -> dict[str, Any]:
    """One entry of a record's ``dimensions``: a result's, or an organization's less its spread."""
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
        "dimensions": [dimension_record(q, d) for d in result.dimensions],
        "completeness": result.completeness,
    }


def csv_header(dimension_ids: list[str]) -> list[str]:
    """The CSV header row for results with these dimensions, in questionnaire order."""
    header = ["file", "organization", "respondent", "role", "date"]
    header += ["overall_score", "overall_level"]
    for dimension_id in dimension_ids:
        header += [f"{dimension_id}_score", f"{dimension_id}_level"]
    return header


def source_of(record: dict[str, Any]) -> str:
    """Where a result comes from: its file, or the files of a combined assessment."""
    if record["file"] is not None:
        return str(record["file"])
    return ";".join(record.get("files", []))


def csv_row(record: dict[str, Any]) -> list[str]:
    """One CSV row from a result record; nulls become empty cells, text never a formula."""

    def cell(value: object) -> str:
        return "" if value is None else str(value)

    def text(value: object) -> str:  # the client's own words: never a formula
        return csv_text(cell(value))

    row = [text(source_of(record))]
    row += [text(record[key]) for key in ("organization", "respondent", "role", "date")]
    row += [cell(record["overall"]["score"]), cell(record["overall"]["level"])]
    for dimension in record["dimensions"]:
        row += [cell(dimension["score"]), cell(dimension["level"])]
    return row


def combined_scores(combined: Combined) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """An organization assessment's ``overall`` and ``dimensions``, as in a result's record."""
    q = combined.questionnaire
    dimensions = [
        {**dimension_record(q, dim), "spread": rounded(dim.spread)} for dim in combined.dimensions
    ]
    overall = {
        "score": rounded(combined.score),
        "level": combined.level,
        "level_name": q.level_name(combined.level),
    }
    return overall, dimensions


def combined_record(combined: Combined) -> dict[str, Any]:
    """The JSON object for an organization assessment: a result's shape plus the respondents."""
    q = combined.questionnaire
    overall, dimensions = combined_scores(combined)
    answered = sum(d.answered for d in combined.dimensions)
    return {
        "file": None,
        "organization": combined.organization,
        "respondent": None,
        "role": None,
        "date": combined.date,
        "questionnaire": {"id": q.id, "version": q.version},
        "overall": overall,
        "dimensions": dimensions,
        "completeness": answered / q.question_count,
        "round": combined.round,
        "dates": list(combined.dates),
        "respondents": len(combined.members),
        "files": combined.files,
        "disagreements": [
            {"question": d.question, "dimension": d.dimension, "answers": d.answers}
            for d in combined.disagreements
        ],
    }


def trend_record(trend: Trend) -> dict[str, Any]:
    """The JSON object for one organization's trend."""
    from socialmaturity.engine.trend import changes, year_before

    q = trend.assessments[0].questionnaire
    assessments = []
    for index, assessment in enumerate(trend.assessments):
        overall, dimensions = combined_scores(assessment)
        previous = trend.assessments[index - 1] if index else None
        assessments.append(
            {
                "date": assessment.date,
                "dates": list(assessment.dates),
                "round": assessment.round,
                "respondents": len(assessment.members),
                "overall": overall,
                "dimensions": dimensions,
                "change_since_previous": changes(assessment, previous),
                "change_since_year_before": changes(
                    assessment, year_before(trend.assessments, index)
                ),
            }
        )
    return {
        "organization": trend.organization,
        "questionnaire": {"id": q.id, "version": q.version},
        "assessments": assessments,
    }


def trend_notes(trend: Trend, *, english: bool = False) -> list[dict[str, list[str]]]:
    """Per assessment, what qualifies its changes: who answered, the model's version.

    In the language in use (a document's notes), or ``english`` (stderr's warnings).
    """
    from socialmaturity.engine.trend import comparison_notes, year_before
    from socialmaturity.i18n import ENGLISH, gettext, gettext_in

    words = gettext_in(ENGLISH) if english else gettext
    found = []
    for index, assessment in enumerate(trend.assessments):
        previous = trend.assessments[index - 1] if index else None
        year = year_before(trend.assessments, index)
        found.append(
            {
                "previous": comparison_notes(assessment, previous, words),
                "year_before": comparison_notes(assessment, year, words),
            }
        )
    return found

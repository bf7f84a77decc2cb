"""The report of several respondents of one organization (SPEC sections 4 and 5).

One template serves a single response and an organization: the organization's combination is
put in the shape of one result (:func:`combined_as_result`), its report context built as any
report's (:func:`~socialmaturity.render.report.report_context`), and what only an organization
has added to it: each respondent's scores side by side, the spread, the disagreements.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from socialmaturity.engine.explain import answer_label
from socialmaturity.engine.organization import Combined, respondent_labels
from socialmaturity.engine.roadmap import STEPS_PER_PHASE, Targets
from socialmaturity.engine.scoring import DimensionResult, Result, level_for, rounded
from socialmaturity.i18n import _, colon, iso_date_text
from socialmaturity.model.brand import Brand
from socialmaturity.model.response import AnswerValue, Response
from socialmaturity.render.report import answer_sections, listed, report_context
from socialmaturity.render.summary import as_given, one_decimal

if TYPE_CHECKING:
    from socialmaturity.model.kpi_file import KpiFile


def combined_as_result(combined: Combined) -> Result:
    """An organization assessment in the shape of one result, so one template serves both."""
    q = combined.questionnaire
    dimensions = []
    for dim in combined.dimensions:
        # the caps that hold it (SPEC 5); those below the score's level lower it (SPEC 3)
        hits = list(dim.holding)
        uncapped = level_for(q, dim.score)
        dimensions.append(
            DimensionResult(
                dim.dimension, dim.score, uncapped, dim.level, tuple(hits), dim.answered
            )
        )
    first = combined.respondents[0].response
    labels = respondent_labels(combined.respondents)
    response = Response(
        path="",
        questionnaire_id=q.id,
        questionnaire_version=q.version,
        organization=combined.organization,
        respondent=", ".join(labels),
        role=None,
        date=combined.date,
        assessor=first.assessor if first else None,
        answers={},
        round=combined.round,
    )
    answered = sum(d.answered for d in combined.dimensions)
    return Result(q, response, combined.score, combined.level, tuple(dimensions), answered)


def organization_context(
    combined: Combined,
    *,
    targets: Targets | None = None,
    brand: Brand | None = None,
    steps_per_phase: int = STEPS_PER_PHASE,
    anonymous: bool = False,
    baseline: Result | None = None,
    baseline_group: Combined | None = None,
    baseline_notes: Sequence[str] = (),
    kpis: KpiFile | None = None,
) -> dict[str, Any]:
    """The report of several respondents of one organization.

    It shows the combined levels, each respondent's scores side by side, and the disagreements
    to resolve with the client.
    """
    q = combined.questionnaire
    context = report_context(
        combined_as_result(combined),
        baseline=baseline,
        baseline_group=baseline_group,
        baseline_notes=baseline_notes,
        targets=targets,
        respondents=combined.respondents,
        brand=brand,
        steps_per_phase=steps_per_phase,
        anonymous=anonymous,
        kpis=kpis,
    )
    labels = respondent_labels(combined.respondents)
    per_respondent = [answer_sections(r) for r in combined.respondents]
    context["answers_by_respondent"] = [
        {"name": label, "sections": sections}
        for label, sections in zip(labels, per_respondent, strict=True)
    ]
    given = Counter(
        (row["id"], str(row["value"]))
        for sections in per_respondent
        for section in sections
        for row in section["answers"]
    )
    # how many respondents gave a capping answer, where not all did (the one answer otherwise)
    capping = [*(cap for d in context["dimensions"] for cap in d["held"]), *context["caps"]]
    for cap in capping:
        options = cap.get("options", [cap["option"]])
        chosen_by = sum(given.get((cap["question"], str(option)), 0) for option in options)
        if chosen_by < len(per_respondent):
            cap |= {"chosen_by": chosen_by, "respondents": len(per_respondent)}
    for index, dimension in enumerate(context["dimensions"]):
        dimension["evidence"] = [
            row | {"note": f"{label}{colon()} {row['note']}"}
            for label, sections in zip(labels, per_respondent, strict=True)
            for row in sections[index]["answers"]
            if row["note"]
        ]
    context["appendix"] = [
        section | {"name": f"{section['name']} · {label}"}
        for label, sections in zip(labels, per_respondent, strict=True)
        for section in sections
    ]
    answered_by = [
        (sum(sections[n]["answers"][m]["answered"] for sections in per_respondent), row, n)
        for n, section in enumerate(per_respondent[0])
        for m, row in enumerate(section["answers"])
    ]
    context["open_questions"] = [
        {"dimension": per_respondent[0][n]["name"], "id": row["id"], "text": row["text"]}
        for count, row, n in answered_by
        if count == 0
    ]
    # answered, as a question of an organization is, by one respondent but not by all of them
    context["left_open"] = sum(0 < count < len(per_respondent) for count, _row, _n in answered_by)
    if len(combined.versions) > 1:
        context["model_note"] = _(
            "The respondents answered different versions of the questionnaire ({versions}), "
            "each migrated to {version}: the model changed between them, so some differences "
            "in their answers may come from the model rather than the company."
        ).format(versions=", ".join(sorted(combined.versions)), version=q.version)
    context["respondents"] = [
        {
            "name": label,
            "role": None if anonymous or r.response is None else r.response.role,
            "overall": one_decimal(r.score),
            "scores": [
                {"score_text": one_decimal(d.score), "level": d.level} for d in r.dimensions
            ],
        }
        for label, r in zip(labels, combined.respondents, strict=True)
    ]
    context["respondent_list"] = [
        listed(r.response, anonymous=anonymous)
        if r.response is not None
        else {"respondent": None, "role": None}
        for r in combined.respondents
    ]
    if len(set(combined.dates)) > 1:  # answered over several days: the sentence says so
        context["last_date_text"] = iso_date_text(max(combined.dates))
    context["spreads"] = [one_decimal(d.spread) for d in combined.dimensions]
    context["spread_scores"] = [rounded(d.spread) for d in combined.dimensions]
    question_text = {qid: found[1] for qid, found in q.question_by_id.items()}
    context["disagreements"] = [
        {
            "question": question_text[d.question].text,
            "dimension": q.dimension_by_id[d.dimension].name,
            "answers": [
                {
                    "respondent": who,
                    "answer": as_given(
                        answer_label(question_text[d.question], _as_value(v)), who in d.claimed
                    ),
                }
                for who, v in d.answers.items()
            ],
        }
        for d in combined.disagreements
    ]
    if kpis is not None:  # the answers are shown per respondent now: mark them too
        from socialmaturity.render.evidence import mark_claims

        mark_claims(context)
    return context


def _as_value(value: object) -> AnswerValue:
    return tuple(value) if isinstance(value, list) else value  # type: ignore[return-value]

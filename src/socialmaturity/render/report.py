"""Client-ready reports: a plain context built from results, rendered by a Jinja template.

:func:`report_context` turns a scored response (and optionally a baseline and targets) into plain
data — everything a template needs, nothing it must compute (the charts are drawn from it by
:mod:`~socialmaturity.render.figures`). :mod:`~socialmaturity.render.templating` renders it.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from socialmaturity import __version__
from socialmaturity.engine.explain import answer_label, answer_points
from socialmaturity.engine.roadmap import STEPS_PER_PHASE, Plan, Targets, plan_for
from socialmaturity.engine.scoring import (
    DimensionResult,
    Result,
    rounded,
    score_change,
)
from socialmaturity.engine.standing import standing_of
from socialmaturity.errors import InputError
from socialmaturity.i18n import (
    _,
    change_text,
    iso_date_text,
    language,
    ngettext,
    semicolon,
)
from socialmaturity.model.brand import Brand
from socialmaturity.model.questionnaire import Question, Questionnaire
from socialmaturity.model.response import Response
from socialmaturity.render.charts import ACCENT, text_bar
from socialmaturity.render.escaping import isolate
from socialmaturity.render.figures import bar_chart_data, radar_data
from socialmaturity.render.plan_view import in_place_rows, kpi_rows, plan_phases
from socialmaturity.render.summary import (
    and_list,
    answer_sides,
    answer_views,
    as_given,
    evidence_text,
    findings,
    level_text,
    one_decimal,
    standing,
)

if TYPE_CHECKING:
    from socialmaturity.engine.organization import Combined
    from socialmaturity.model.kpi_file import KpiFile


def _level(q: Questionnaire, level: int | None) -> dict[str, Any]:
    if level is None:
        return {"number": None, "name": _("not scored"), "description": None}
    found = q.level_by_number[level]
    return {"number": level, "name": found.name, "description": found.description}


def _held(caps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The caps that hold a dimension, one per question and level with every answer that does.

    An organization's respondents may each give another answer that caps the same question;
    a report says so once, quoting them all, in the order the caps come.
    """
    held: dict[tuple[str, int], dict[str, Any]] = {}
    for cap in caps:
        key = (cap["question"], cap["level"])
        if key in held:
            held[key]["answers"].append(cap["answer"])
            held[key]["options"].append(cap["option"])
        else:
            held[key] = cap | {"answers": [cap["answer"]], "options": [cap["option"]]}
    return list(held.values())


def _dimension(
    q: Questionnaire, dim: DimensionResult, before: DimensionResult | None
) -> dict[str, Any]:
    level = dim.level
    next_level = None if level is None or level >= q.top_level else level + 1
    descriptions = dim.dimension.level_descriptions
    caps = []
    for cap in dim.lowering_caps:
        _, question = q.question_by_id[cap.question]
        caps.append(
            {
                "question": question.id,
                "option": cap.option,
                "question_text": question.text,
                "answer": question.option_by_value[cap.option].label,
                "level": cap.level,
                "level_name": q.level_name(cap.level),
                "uncapped_level": dim.uncapped_level,
                "uncapped_level_name": q.level_name(dim.uncapped_level),
                # an organization's report sets how many respondents gave it, if not all
                "chosen_by": None,
                "respondents": None,
            }
        )
    questions = len(dim.dimension.questions)
    return {
        "id": dim.id,
        "name": dim.dimension.name,
        "description": dim.dimension.description,
        "score": rounded(dim.score),
        "score_text": one_decimal(dim.score),
        "bar": text_bar(dim.score),
        "level": _level(q, level),
        "level_description": descriptions.get(level) if level else None,
        "next_level": _level(q, next_level) if next_level else None,
        "next_level_description": descriptions.get(next_level) if next_level else None,
        "answered": dim.answered,
        "questions": questions,
        "completeness_pct": round(100 * dim.answered / questions),
        "caps": caps,
        "held": _held(caps),
        "baseline": None
        if before is None
        else {
            "score": rounded(before.score),
            "score_text": one_decimal(before.score),
            "level": _level(q, before.level),
            "change": score_change(dim.score, before.score),
            "change_text": change_text(score_change(dim.score, before.score)),
            "level_change": None
            if dim.level is None or before.level is None
            else dim.level - before.level,
        },
    }


def _as_json(value: object) -> object:
    """An answer value as JSON holds it: a multi answer as a list."""
    return list(value) if isinstance(value, tuple) else value


def _anchor(question: Question, value: object) -> int | None:
    """The level anchor of a single question's chosen option, where it has one."""
    if question.kind != "single" or not isinstance(value, str):
        return None
    option = question.option_by_value.get(value)
    return None if option is None else option.level


def answer_sections(result: Result) -> list[dict[str, Any]]:
    """Every answer by dimension, labelled as the client chose it, with its note."""
    answers = result.response.answers if result.response else {}
    sections = []
    for dim in result.dimensions:
        rows = []
        for scored in dim.questions:
            answer = answers.get(scored.question.id)
            rows.append(
                {
                    "id": scored.question.id,
                    "text": scored.question.text,
                    "answer": as_given(
                        answer_label(scored.question, scored.value),
                        answer is not None and answer.evidence == "claimed",
                    ),
                    "answered": scored.value is not None,
                    "value": _as_json(scored.value),
                    "level": _anchor(scored.question, scored.value),
                    "note": answer.note if answer else None,
                    "evidence": answer.evidence if answer else None,
                    "points": answer_points(scored.question, scored.value),
                    "norm": scored.norm,
                    "weight": scored.question.weight,
                }
            )
        sections.append({"id": dim.id, "name": dim.dimension.name, "answers": rows})
    return sections


def brand_view(brand: Brand | None) -> dict[str, Any] | None:
    """What templates show of a brand: text, colours, and the logo as a ``data:`` URI."""
    if brand is None:
        return None
    logo = None
    if brand.logo is not None:
        encoded = base64.b64encode(brand.logo.data).decode("ascii")
        logo = f"data:{brand.logo.media_type};base64,{encoded}"
    return {
        "name": brand.name,
        "footer": brand.footer,
        "colour": brand.colour,
        "accent": brand.accent,
        "accent_soft": brand.accent_soft,
        "logo_uri": logo,
    }


def report_context(
    result: Result,
    *,
    baseline: Result | None = None,
    baseline_group: Combined | None = None,
    baseline_notes: Sequence[str] = (),
    targets: Targets | None = None,
    respondents: Sequence[Result] = (),
    brand: Brand | None = None,
    steps_per_phase: int = STEPS_PER_PHASE,
    anonymous: bool = False,
    kpis: KpiFile | None = None,
) -> dict[str, Any]:
    """Everything a report template shows, as plain values (strings, numbers, lists, dicts).

    ``respondents`` make it an organization report (:mod:`.organization_report` adds the
    rest): ``result`` is then their combination, and answers and gaps come from every
    respondent. ``brand`` puts the consultancy's name, logo, colour and footer on it. ``kpis``
    (the client's KPI series) adds the long-haul evidence (``long_haul``; None without it).
    ``baseline_group`` is who answered the baseline and when, and ``baseline_notes`` what besides
    the company changed since (other people, another version): the report says both beside the
    comparison.
    """
    q = result.questionnaire
    response = result.response
    if response is None:
        raise InputError("a report needs a response")
    before = {d.id: d for d in baseline.dimensions} if baseline else {}
    answers = answer_sections(result)
    dimensions = [
        _dimension(q, d, before.get(d.id))
        | {"evidence": [row for row in section["answers"] if row["note"]]}
        for d, section in zip(result.dimensions, answers, strict=True)
    ]
    plan = plan_for(result, targets, respondents, steps_per_phase=steps_per_phase)
    views = answer_views(respondents or [result], plan.answers)
    phases = plan_phases(plan, result)
    where = standing_of(result)
    for dimension, dim in zip(dimensions, result.dimensions, strict=True):
        dimension |= answer_sides(q, dim, plan, views)
    accent = (brand.accent if brand else None) or ACCENT
    target_rows = [
        {
            "id": p.dimension.id,
            "name": p.dimension.name,
            "level": d.level,
            "target": p.target,
            "target_name": q.level_name(p.target),
        }
        for p, d in zip(plan.dimensions, result.dimensions, strict=True)
    ]
    summary: dict[str, Any] = {
        "score_text": one_decimal(result.score),
        "standing": standing(q, result.level, result.dimensions),
        "findings": findings(result, views),
        "first_moves": [
            step for phase in phases[:1] for step in phase["steps"] if step["first_move"]
        ],
        "baseline_text": None,
        "evidence_text": evidence_text(respondents or [result]),
    }
    if baseline is not None and result.score is not None and baseline.score is not None:
        summary["baseline_text"] = _("earlier {score}, change {change}").format(
            score=one_decimal(baseline.score),
            change=change_text(score_change(result.score, baseline.score)),
        )

    baseline_info = None
    if baseline is not None and baseline.response is not None:
        change = score_change(result.score, baseline.score)
        baseline_info = {
            "date": baseline.response.date,
            "date_text": iso_date_text(baseline.response.date),
            "organization": baseline.response.organization,
            "respondent": baseline.response.respondent,
            "score": rounded(baseline.score),
            "score_text": one_decimal(baseline.score),
            "level": _level(q, baseline.level),
            "change": change,
            "change_text": change_text(change),
            "about": _baseline_about(baseline_group, baseline_notes),
        }

    context = {
        "tool": {"name": "socialmaturity", "version": __version__},
        "language": language(),
        "questionnaire": {
            "id": q.id,
            "version": q.version,
            "title": q.title,
            "description": q.description,
            "overall_rule": q.overall,
        },
        "organization": response.organization,
        # --anonymous: the respondent is named by role (the response carries that label), shown once
        "respondent": response.respondent,
        "role": None if anonymous else response.role,
        "anonymous": anonymous,
        "respondent_list": [listed(response, anonymous=anonymous)],
        "round": response.round,
        "date": response.date,
        "date_text": iso_date_text(response.date),
        "last_date_text": None,  # an organization's latest date, when its respondents' differ
        "assessor": response.assessor,
        "overall": {
            "score": rounded(result.score),
            "score_text": one_decimal(result.score),
            "level": _level(q, result.level),
            "bar": text_bar(result.score),
        },
        "completeness_pct": round(100 * result.completeness),
        "answered": result.answered,
        "question_count": q.question_count,
        "left_open": 0,  # an organization's questions answered by some respondents only
        "open_questions": [
            {"dimension": section["name"], "id": row["id"], "text": row["text"]}
            for section in answers
            for row in section["answers"]
            if not row["answered"]
        ],
        "levels": [
            {
                "number": level.level,
                "name": level.name,
                "min_score": f"{level.min_score:g}",
                "description": level.description,
            }
            for level in q.levels
        ],
        "dimensions": dimensions,
        "about_levels": [
            {
                "dimension": dimension.name,
                "levels": [
                    {"number": n, "name": q.level_name(n), "description": text}
                    for n, text in sorted(dimension.level_descriptions.items())
                ],
            }
            for dimension in q.dimensions
            if dimension.level_descriptions
        ],
        "summary": summary,
        "phases": phases,
        "no_steps": None if phases else no_steps_text(q, plan, dimensions),
        "steps_per_phase": steps_per_phase,
        "first_moves": list(plan.first_moves),
        "in_place": in_place_rows(plan, q),
        "strength": where.strength,
        "holding_back": where.holding_back,
        "kpis": kpi_rows(phases[:2]),
        "all_kpis": kpi_rows(phases),
        "caps": [cap | {"dimension": d["name"]} for d in dimensions for cap in d["caps"]],
        "baseline": baseline_info,
        "appendix": answers,
        "respondents": [],
        "model_note": None,
        "disagreements": [],
        "chart": bar_chart_data(result, before, baseline, accent),
        "targets": target_rows,
        "radar": radar_data(result, target_rows, baseline, accent),
        "brand": brand_view(brand),
        "answers_by_respondent": [{"name": response.respondent or "", "sections": answers}],
        "long_haul": None,
    }
    if kpis is not None:
        from socialmaturity.render.evidence import add_long_haul

        add_long_haul(context, kpis, q, plan.answers)
    return context


def no_steps_text(q: Questionnaire, plan: Plan, dimensions: list[dict[str, Any]]) -> str:
    """Why the plan is empty, in what is true of these answers and targets (SPEC 4)."""
    short = [p for p in plan.dimensions if p.current < p.target]
    if not short:
        if any(dimension["below"] for dimension in dimensions):
            return _(
                "Every dimension is at or above its target level: no steps to add. The answers "
                "below a level already reached are listed with each dimension."
            )
        return _(
            "Every dimension is at or above its target level and no answer falls short of a "
            "level already reached: no steps to add."
        )
    parts = []
    for p in short:
        # the plan is empty: every step up to the target there is, is in place
        up = [r.level for r in p.dimension.recommendations if p.current < r.level <= p.target]
        if not up:
            text = _(
                "The questionnaire recommends no step to take {dimension} to its target, {level}."
            )
        elif max(up) == p.target:
            text = _(
                "{dimension} is below its target ({level}), but the answers show the steps to "
                "it already in place (listed below)."
            )
        else:
            text = _(
                "{dimension} is below its target ({level}): the answers show the steps up to "
                "{reached} already in place (listed below), and the questionnaire recommends "
                "none beyond."
            )
        parts.append(
            text.format(
                dimension=isolate(p.dimension.name),
                level=level_text(q, p.target),
                reached=level_text(q, max(up, default=p.current)),
            )
        )
    return " ".join([*parts, _("There are no steps to add.")])


def listed(response: Response, *, anonymous: bool) -> dict[str, str | None]:
    """A respondent as the report's list of respondents names them.

    ``--anonymous`` (SPEC 4): by role, never by name; a respondent without a role appears as
    the ``Respondent N`` their response carries then, in JSON too.
    """
    if not anonymous:
        return {"respondent": response.respondent, "role": response.role}
    has_role = bool(response.role and response.role.strip())
    return {"respondent": None, "role": response.role if has_role else response.respondent}


def _baseline_about(before: Combined | None, notes: Sequence[str]) -> str | None:
    """Which assessment "earlier" is, and what besides the company may have changed since.

    When and by whom it was answered, as far as its files say; then ``notes``, as ``trend``
    words them (SPEC section 5): a change can come from who answered, or from the model.
    """
    if before is None:
        return None
    details = []
    dates = sorted({day for day in before.dates if day})
    if len(dates) == 1:
        details.append(_("of {date}").format(date=iso_date_text(dates[0])))
    elif dates:
        details.append(
            # the words the basis of the assessment uses for the same span, in every language
            _("from %(start)s to %(end)s")
            % {"start": iso_date_text(dates[0]), "end": iso_date_text(dates[-1])}
        )
    responses = [r.response for r in before.respondents if r.response is not None]
    given = [(r.respondent or "").strip() or (r.role or "").strip() for r in responses]
    names = list({name.casefold(): isolate(name) for name in given if name}.values())
    unnamed = given.count("")
    if unnamed:
        names.append(
            ngettext("{n} unnamed respondent", "{n} unnamed respondents", unnamed).format(n=unnamed)
        )
    if len(responses) > 1 or unnamed == 0:  # one unnamed respondent alone says nothing
        details.append(_("answered by {who}").format(who=and_list(names)))
    text = _("“Earlier” is the assessment {details}.").format(details=", ".join(details))
    if not details:
        text = _("“Earlier” is the assessment given with --baseline.")
    if notes:
        text += " " + _("Note: {notes}.").format(notes=semicolon().join(notes))
    return text

"""Client-ready reports: a plain context built from results, rendered by a Jinja template.

:func:`report_context` turns a scored response (and optionally a baseline and targets) into plain
data — everything a template needs, nothing it must compute. :func:`render_report` renders it with
the bundled template for the format or a user's own. HTML autoescapes; Markdown templates use the
``md`` and ``cell`` filters so client text stays literal and never breaks a table.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from socialmaturity import __version__
from socialmaturity.charts import Bar, Threshold, bar_chart_svg, text_bar
from socialmaturity.errors import InputError, Location
from socialmaturity.explain import answer_label
from socialmaturity.questionnaire import Questionnaire
from socialmaturity.records import rounded
from socialmaturity.roadmap import Targets, roadmap
from socialmaturity.scoring import DimensionResult, Result

ReportFormat = Literal["md", "html"]
TEMPLATE_NAMES: dict[str, str] = {"md": "report.md.j2", "html": "report.html.j2"}

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#+!|~&$])")


def md_escape(text: object) -> str:
    """Markdown-escape text so it renders literally, on one line (CommonMark backslash escapes).

    Line breaks become spaces, so user text can never start a heading, list, quote or table row;
    templates never begin a line with user text.
    """
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def md_cell(text: object) -> str:
    """Markdown-escape text for a table cell (``|`` stays inside the cell); never empty."""
    return md_escape(text) or " "


def _score_text(score: float | None) -> str:
    value = rounded(score)
    return "–" if value is None else f"{value:.1f}"


def _change(now: float | None, before: float | None) -> float | None:
    if now is None or before is None:
        return None
    return round(round(now, 1) - round(before, 1), 1)


def _change_text(change: float | None) -> str:
    if change is None:
        return "–"
    return f"{change:+.1f}" if change else "±0.0"


def _level(q: Questionnaire, level: int | None) -> dict[str, Any]:
    if level is None:
        return {"number": None, "name": "not scored", "description": None}
    found = q.level_by_number[level]
    return {"number": level, "name": found.name, "description": found.description}


def _dimension(
    q: Questionnaire, dim: DimensionResult, before: DimensionResult | None
) -> dict[str, Any]:
    level = dim.level
    next_level = None if level is None or level >= q.top_level else level + 1
    descriptions = dim.dimension.level_descriptions
    lowered = [cap for cap in dim.caps if dim.uncapped_level and cap.level < dim.uncapped_level]
    caps = []
    for cap in lowered:
        _, question = q.question_by_id[cap.question]
        caps.append(
            {
                "question": question.id,
                "question_text": question.text,
                "answer": question.option_by_value[cap.option].label,
                "level": cap.level,
                "level_name": q.level_name(cap.level),
                "uncapped_level": dim.uncapped_level,
                "uncapped_level_name": q.level_name(dim.uncapped_level),
            }
        )
    questions = len(dim.dimension.questions)
    return {
        "id": dim.id,
        "name": dim.dimension.name,
        "description": dim.dimension.description,
        "score": rounded(dim.score),
        "score_text": _score_text(dim.score),
        "bar": text_bar(dim.score),
        "level": _level(q, level),
        "level_description": descriptions.get(level) if level else None,
        "next_level": _level(q, next_level) if next_level else None,
        "next_level_description": descriptions.get(next_level) if next_level else None,
        "answered": dim.answered,
        "questions": questions,
        "completeness_pct": round(100 * dim.answered / questions),
        "caps": caps,
        "baseline": None
        if before is None
        else {
            "score_text": _score_text(before.score),
            "level": _level(q, before.level),
            "change": _change(dim.score, before.score),
            "change_text": _change_text(_change(dim.score, before.score)),
            "level_change": None
            if dim.level is None or before.level is None
            else dim.level - before.level,
        },
    }


def report_context(
    result: Result,
    *,
    baseline: Result | None = None,
    targets: Targets | None = None,
) -> dict[str, Any]:
    """Everything a report template shows, as plain values (strings, numbers, lists, dicts)."""
    q = result.questionnaire
    response = result.response
    if response is None:
        raise InputError("a report needs a response")
    before = {d.id: d for d in baseline.dimensions} if baseline else {}
    dimensions = [_dimension(q, d, before.get(d.id)) for d in result.dimensions]

    scored = [d for d in result.dimensions if d.score is not None]
    strongest = max(scored, key=lambda d: d.score or 0.0, default=None)
    weakest = min(scored, key=lambda d: d.score or 0.0, default=None)

    steps = roadmap(result, targets)
    score_of = {d.id: (d.score if d.score is not None else -1.0) for d in result.dimensions}
    items: list[dict[str, Any]] = []
    for step in steps:
        for rec in step.recommendations:
            items.append(
                {
                    "id": rec.id,
                    "dimension": step.dimension.name,
                    "dimension_id": step.dimension.id,
                    "level": rec.level,
                    "level_name": q.level_name(rec.level),
                    "title": rec.title,
                    "detail": rec.detail,
                    "effort": rec.effort,
                    "horizon": rec.horizon,
                    "owner": rec.owner,
                    "kpis": list(rec.kpis),
                }
            )
    phases = []
    for level in sorted({item["level"] for item in items}):
        phases.append(
            {
                "level": level,
                "level_name": q.level_name(level),
                "actions": [item for item in items if item["level"] == level],
            }
        )
    top_actions = sorted(items, key=lambda i: (i["level"], score_of[i["dimension_id"]]))[:3]
    kpis: dict[str, list[str]] = {}
    for item in items:
        for kpi in item["kpis"]:
            owners = kpis.setdefault(kpi, [])
            if item["dimension"] not in owners:
                owners.append(item["dimension"])

    appendix = []
    for dim in result.dimensions:
        rows = []
        for scored_question in dim.questions:
            question = scored_question.question
            answer = response.answers.get(question.id)
            rows.append(
                {
                    "id": question.id,
                    "text": question.text,
                    "answer": answer_label(question, scored_question.value),
                    "answered": scored_question.value is not None,
                    "note": answer.note if answer else None,
                }
            )
        appendix.append({"name": dim.dimension.name, "answers": rows})

    baseline_info = None
    if baseline is not None and baseline.response is not None:
        change = _change(result.score, baseline.score)
        baseline_info = {
            "date": baseline.response.date,
            "organization": baseline.response.organization,
            "respondent": baseline.response.respondent,
            "score_text": _score_text(baseline.score),
            "level": _level(q, baseline.level),
            "change": change,
            "change_text": _change_text(change),
        }

    bars = [
        Bar(
            d.dimension.name,
            d.score,
            q.level_name(d.level),
            before[d.id].score if d.id in before else None,
        )
        for d in result.dimensions
    ]
    thresholds = [Threshold(level.min_score, level.name) for level in q.levels]
    return {
        "tool": {"name": "socialmaturity", "version": __version__},
        "questionnaire": {
            "id": q.id,
            "version": q.version,
            "title": q.title,
            "description": q.description,
            "overall_rule": q.overall,
        },
        "organization": response.organization,
        "respondent": response.respondent,
        "role": response.role,
        "date": response.date,
        "assessor": response.assessor,
        "overall": {
            "score": rounded(result.score),
            "score_text": _score_text(result.score),
            "level": _level(q, result.level),
            "bar": text_bar(result.score),
        },
        "completeness_pct": round(100 * result.completeness),
        "answered": result.answered,
        "question_count": q.question_count,
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
        "strongest": _dimension(q, strongest, None) if strongest else None,
        "weakest": _dimension(q, weakest, None) if weakest and weakest is not strongest else None,
        "top_actions": top_actions,
        "phases": phases,
        "kpis": [{"name": name, "dimensions": dims} for name, dims in kpis.items()],
        "caps": [cap | {"dimension": d["name"]} for d in dimensions for cap in d["caps"]],
        "baseline": baseline_info,
        "appendix": appendix,
        "chart_svg": bar_chart_svg(
            bars,
            thresholds,
            title=f"Dimension scores, {response.organization}",
            with_baseline=baseline is not None,
        ),
    }


def render_report(
    context: dict[str, Any], output_format: ReportFormat, template: Path | None = None
) -> str:
    """Render a report context with the bundled template for the format, or ``template``."""
    from jinja2 import (
        Environment,
        FileSystemLoader,
        StrictUndefined,
        TemplateError,
        TemplateSyntaxError,
    )

    from socialmaturity.catalog import templates_dir

    if template is not None:
        folder, name = template.parent, template.name
        if not template.is_file():
            raise InputError("no such template file", Location(str(template)))
    else:
        folder, name = templates_dir(), TEMPLATE_NAMES[output_format]
    env = Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=output_format == "html",
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["cell"] = md_cell
    try:
        return env.get_template(name).render(**context)
    except TemplateSyntaxError as exc:
        where = Location(str(folder / (exc.name or name)), exc.lineno)
        raise InputError(f"template syntax error: {exc.message}", where) from None
    except TemplateError as exc:
        raise InputError(f"template error: {exc}", Location(str(folder / name))) from None
    except UnicodeDecodeError:
        raise InputError("the template is not UTF-8 text", Location(str(folder / name))) from None
    except Exception as exc:  # a user's template can fail in any way while it renders
        raise InputError(
            f"template failed while rendering: {type(exc).__name__}: {exc}",
            Location(str(folder / name)),
        ) from None

"""The plan and the executive summary as a report shows them: findings, not a data dump.

Everything a sentence says comes from the client's own answers, caps and levels, so that no
statement in the summary can be contradicted by the details below it: the overall level is stated
together with every dimension below it, a strength or a weakness quotes the answer behind it, and
each first step gives a reason drawn from an answer, never a restatement of a level.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from socialmaturity.engine.explain import answer_label
from socialmaturity.engine.organization import Disagreement, median_answer
from socialmaturity.engine.roadmap import AnswerLevel, Plan, PlanStep
from socialmaturity.engine.scoring import DimensionResult, Result, rounded
from socialmaturity.model.questionnaire import Dimension, Question, Questionnaire
from socialmaturity.render.escaping import isolate


@dataclass(frozen=True)
class AnswerView:
    """A question's answer across respondents: the lower median norm and its labels."""

    question: Question
    dimension: Dimension
    norm: float
    labels: tuple[str, ...]
    level: int | None  # the anchors' lower median, where the options have anchors

    @property
    def label(self) -> str:
        """The answer as quoted: one label, or the labels given at that norm."""
        return " / ".join(self.labels)


def answer_views(
    respondents: Sequence[Result], anchors: Mapping[str, AnswerLevel]
) -> dict[str, AnswerView]:
    """Every scored answer (non-``na``) by question id, over one or several respondents.

    ``anchors`` are the answers' levels as the plan found them (:attr:`Plan.answers`).
    """
    if not respondents:
        return {}
    q = respondents[0].questionnaire
    views: dict[str, AnswerView] = {}
    for index, dimension in enumerate(q.dimensions):
        for n, question in enumerate(dimension.questions):
            given = [
                (scored.norm, answer_label(question, scored.value))
                for r in respondents
                if (scored := r.dimensions[index].questions[n]).norm is not None
            ]
            if not given:
                continue
            median, labels = median_answer(given)
            anchor = anchors.get(question.id)
            level = anchor.level if anchor is not None else None
            views[question.id] = AnswerView(question, dimension, median, labels, level)
    return views


def whole(score: float | None) -> str:
    """A score without false precision: the one-decimal figure rounded half up."""
    value = rounded(score)
    if value is None:
        return "–"
    return str(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _quoted(text: str) -> str:
    """User text quoted in a sentence, isolated so it cannot reorder the sentence."""
    return f"“{isolate(text)}”"


def _asked(question: str, answer: str, verb: str = "asked") -> str:
    """The client's own answer as evidence: 'asked “...”, the answer was “...”'."""
    return f"{verb} {_quoted(question)}, the answer was {_quoted(answer)}"


def _level_text(q: Questionnaire, level: int | None) -> str:
    return "not scored" if level is None else f"level {level}, {q.level_name(level)}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def standing(q: Questionnaire, level: int | None, dimensions: Sequence[DimensionResult]) -> str:
    """What the overall level leaves out: the dimensions below it and those above it."""
    if level is None:
        return ""
    below = [d for d in dimensions if d.level is not None and d.level < level]
    above = [d for d in dimensions if d.level is not None and d.level > level]
    unscored = [d for d in dimensions if d.level is None]
    parts = []
    if below:
        names = _and([f"{isolate(d.dimension.name)} ({_level_text(q, d.level)})" for d in below])
        verb = "is" if len(below) == 1 else "are"
        parts.append(f"Not every dimension is there yet: {names} {verb} below this level.")
    if above:
        names = _and([f"{isolate(d.dimension.name)} ({_level_text(q, d.level)})" for d in above])
        verb = "is" if len(above) == 1 else "are"
        parts.append(f"{names} {verb} already above it.")
    if unscored:
        names = _and([d.dimension.name for d in unscored])
        parts.append(f"{names} could not be scored: none of its questions was answered.")
    if not below and not above and not unscored:
        parts.append("Every dimension sits at this level.")
    return " ".join(parts)


def _weighted(views: dict[str, AnswerView], dimension: Dimension) -> list[AnswerView]:
    return [
        views[question.id]
        for question in dimension.questions
        if question.id in views and question.weight > 0
    ]


def findings(
    result: Result,
    views: dict[str, AnswerView],
    disagreements: Sequence[Disagreement],
    respondents: Sequence[Result],
) -> list[dict[str, str]]:
    """A strength to keep, the foundation that holds the company back, the biggest disagreement."""
    q = result.questionnaire
    scored = [d for d in result.dimensions if d.score is not None]
    found: list[dict[str, str]] = []
    if not scored:
        return found
    strongest = max(scored, key=lambda d: d.score or 0.0)
    best = max(_weighted(views, strongest.dimension), key=lambda v: v.norm, default=None)
    if best is not None:
        found.append(
            {
                "kind": "Strength to keep",
                "title": f"{isolate(strongest.dimension.name)} ({_level_text(q, strongest.level)})",
                "text": _described(strongest)
                + _asked(best.question.text, best.label, "Asked")
                + ".",
            }
        )
    # The lowest cap first, then by dimension id; caps of one dimension stay in question order.
    capped = sorted(
        ((d, cap) for d in scored for cap in d.lowering_caps),
        key=lambda found: (found[1].level, found[0].id),
    )
    if capped:
        dim, cap = capped[0]
        question = q.question_by_id[cap.question][1]
        label = question.option_by_value[cap.option].label
        found.append(
            {
                "kind": "Holding the company back",
                "title": f"{isolate(dim.dimension.name)} (held at {_level_text(q, dim.level)})",
                "text": "One missing foundation holds it down: "
                f"asked {_quoted(question.text)}, the answer was {_quoted(label)}. "
                "Its score alone would reach "
                f"{_level_text(q, dim.uncapped_level)}.",
            }
        )
    else:
        weakest = min(scored, key=lambda d: d.score or 0.0)
        worst = min(
            _weighted(views, weakest.dimension),
            key=lambda v: (v.norm, -v.question.weight),
            default=None,
        )
        if weakest is not strongest and worst is not None:
            found.append(
                {
                    "kind": "Holding the company back",
                    "title": f"{isolate(weakest.dimension.name)} ({_level_text(q, weakest.level)})",
                    "text": _described(weakest)
                    + _asked(worst.question.text, worst.label, "Asked")
                    + ".",
                }
            )
    if len(respondents) > 1 and disagreements:
        found.append(_biggest_disagreement(q, disagreements))
    return found


def _described(dim: DimensionResult) -> str:
    text = dim.dimension.level_descriptions.get(dim.level) if dim.level else None
    if not text:
        return ""
    text = text.strip()
    return (text if text.endswith((".", "!", "?")) else text + ".") + " "


def _biggest_disagreement(
    q: Questionnaire, disagreements: Sequence[Disagreement]
) -> dict[str, str]:
    biggest = max(disagreements, key=lambda d: d.spread)
    _, question = q.question_by_id[biggest.question]
    answers = _and(
        [
            f"{isolate(who)} answered {_quoted(answer_label(question, _value(value)))}"
            for who, value in biggest.answers.items()
        ]
    )
    return {
        "kind": "Biggest disagreement",
        "title": question.text,
        "text": f"{answers}. Agree on the evidence before acting on this dimension's score.",
    }


def _value(value: object) -> Any:
    return tuple(value) if isinstance(value, list) else value


def step_reason(step: PlanStep, result: Result, views: dict[str, AnswerView]) -> str:
    """Why a step comes first, from the client's own answers or caps."""
    q = result.questionnaire
    if step.gaps:
        question, answer = step.gaps[0]
        return (
            f"{_asked(question.text, ' / '.join(answer.labels))}, which falls short of "
            f"{q.level_name(step.recommendation.level)}, a level "
            f"{isolate(step.dimension.name)} otherwise reaches"
        )
    dim = result.dimension(step.dimension.id)
    for cap in dim.lowering_caps:
        if cap.question in step.recommendation.addresses:
            question = q.question_by_id[cap.question][1]
            return (
                f"the answer {_quoted(question.option_by_value[cap.option].label)} "
                f"to {_quoted(question.text)} holds {isolate(step.dimension.name)} "
                f"at level {cap.level}"
            )
    level = step.recommendation.level
    addressed = [views[qid] for qid in step.recommendation.addresses if qid in views]
    short = [v for v in addressed if v.level is None or v.level < level]
    if addressed and not short and dim.lowering_caps:
        cap = min(dim.lowering_caps, key=lambda c: c.level)
        question = q.question_by_id[cap.question][1]
        return (
            "the answers it builds on already reach this level; it is on the plan because "
            f"the answer {_quoted(question.option_by_value[cap.option].label)} to "
            f"{_quoted(question.text)} holds {isolate(step.dimension.name)} at level {cap.level}"
        )
    candidates = short or _weighted(views, step.dimension)
    weakest = min(candidates, key=lambda v: (v.norm, -v.question.weight), default=None)
    if weakest is None:
        name = isolate(step.dimension.name)
        return f"no question of {name} has been answered, so nothing is in place yet"
    return _asked(weakest.question.text, weakest.label)


def in_place(step: PlanStep, views: dict[str, AnswerView]) -> bool:
    """Whether every answer a step up addresses already reaches the step's level."""
    addressed = [views[qid] for qid in step.recommendation.addresses if qid in views]
    level = step.recommendation.level
    return bool(addressed) and all(v.level is not None and v.level >= level for v in addressed)


def plan_phases(plan: Plan, result: Result, views: dict[str, AnswerView]) -> list[dict[str, Any]]:
    """The plan as report records: phases, each with its steps and what each needs."""
    q = result.questionnaire
    titles = {step.recommendation.id: step.recommendation.title for step in plan.steps}
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
                    "kpis": list(rec.kpis),
                    "phase": number,
                    "is_gap": step.is_gap,
                    "gaps": [
                        {
                            "question": question.text,
                            "answer": " / ".join(answer.labels),
                            "level": answer.level,
                            "level_name": q.level_name(answer.level),
                        }
                        for question, answer in step.gaps
                    ],
                    "waits_for": [titles[other] for other in step.waits_for],
                    "why": step_reason(step, result, views),
                    "in_place": not step.is_gap and in_place(step, views),
                }
            )
        phases.append({"number": number, "steps": items})
    return phases


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

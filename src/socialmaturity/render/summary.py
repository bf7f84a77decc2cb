"""The executive summary as a report shows it: findings, not a data dump.

Everything a sentence says comes from the client's own answers, caps and levels, so that no
statement in the summary can be contradicted by the details below it: the overall level is stated
together with every dimension below it, a strength or a weakness quotes the answer behind it, and
each first step gives a reason drawn from an answer, never a restatement of a level.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from socialmaturity.engine.explain import answer_label
from socialmaturity.engine.organization import median_answer
from socialmaturity.engine.roadmap import (
    AnswerLevel,
    Plan,
    claimed_answers,
)
from socialmaturity.engine.scoring import DimensionResult, Result, rounded
from socialmaturity.engine.standing import answer_groups, standing_of
from socialmaturity.i18n import _, decimal_text, ngettext, quoted, semicolon
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
    differs: bool = False  # the respondents gave different answers: this is their median

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
    claimed = [claimed_answers(r) for r in respondents]
    views: dict[str, AnswerView] = {}
    for index, dimension in enumerate(q.dimensions):
        for n, question in enumerate(dimension.questions):
            given = [
                (
                    scored.norm,
                    as_given(answer_label(question, scored.value), question.id in claimed[r_n]),
                    scored.value,
                )
                for r_n, r in enumerate(respondents)
                if (scored := r.dimensions[index].questions[n]).norm is not None
            ]
            if not given:
                continue
            median, labels = median_answer([(norm, label) for norm, label, _value in given])
            anchor = anchors.get(question.id)
            level = anchor.level if anchor is not None else None
            differs = len({repr(value) for *_given, value in given}) > 1  # options, not how sure
            views[question.id] = AnswerView(question, dimension, median, labels, level, differs)
    return views


def claimed_mark() -> str:
    """How an answer marked ``evidence: claimed`` is marked wherever shown (SPEC section 4)."""
    return _("claimed, not seen")


def as_given(label: str, claimed: bool) -> str:
    """An answer's label as a report shows it: marked when it was claimed, not seen."""
    return f"{label} ({claimed_mark()})" if claimed else label


def level_label(answer: AnswerLevel) -> str:
    """The labels of an answer level as a report quotes them."""
    return as_given(" / ".join(answer.labels), answer.claimed)


def evidence_text(respondents: Sequence[Result]) -> str | None:
    """How many answers were seen and how many claimed, when any answer says either."""
    said = [
        answer.evidence
        for r in respondents
        if r.response is not None
        for answer in r.response.answers.values()
        if answer.evidence is not None
    ]
    if not said:
        return None
    seen, claimed = said.count("seen"), said.count("claimed")

    # both, as SPEC 4 asks, in words where one is none
    parts = [
        ngettext(
            "{n} answer backed by evidence the assessor saw",
            "{n} answers backed by evidence the assessor saw",
            seen,
        ).format(n=seen)
        if seen
        else _("no answer backed by evidence the assessor saw"),
        ngettext(
            "{n} answer claimed without it (marked “{mark}”)",
            "{n} answers claimed without it (marked “{mark}”)",
            claimed,
        ).format(n=claimed, mark=claimed_mark())
        if claimed
        else _("none claimed without it"),
    ]
    return _("Evidence: {parts}.").format(parts=", ".join(parts))


def one_decimal(score: float | None) -> str:
    """A score as every part of a report prints it: one decimal (SPEC section 4), or a dash."""
    value = rounded(score)
    return "–" if value is None else decimal_text(f"{value:.1f}")


def quoted_text(text: str) -> str:
    """User text quoted in a sentence, isolated so it cannot reorder the sentence."""
    return quoted(isolate(text))


def asked(question: str, answer: str, *, median: bool = False, among: bool = False) -> str:
    """The client's own answer as evidence: 'asked “...”, the answer was “...”'.

    Respondents who answered differently are never quoted as one answer: ``median`` quotes
    their median, ``among`` one of their answers (a cap that holds for half of them, say).
    """
    if median:
        text = _("asked {question}, the respondents' median answer was {answer}")
    elif among:
        text = _("asked {question}, one of the respondents' answers was {answer}")
    else:
        text = _("asked {question}, the answer was {answer}")
    return text.format(question=quoted_text(question), answer=quoted_text(answer))


def level_text(q: Questionnaire, level: int | None) -> str:
    """``level 3, Coordinated``; ``not scored`` for no level."""
    if level is None:
        return _("not scored")
    return _("level {number}, {name}").format(number=level, name=q.level_name(level))


def and_list(items: list[str]) -> str:
    """Items joined as a sentence says them: ``a, b and c``, in the language in use."""
    if len(items) == 1:
        return items[0]
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def standing(q: Questionnaire, level: int | None, dimensions: Sequence[DimensionResult]) -> str:
    """What the overall level leaves out: the dimensions below it and those above it."""
    if level is None:
        return ""
    below = [d for d in dimensions if d.level is not None and d.level < level]
    above = [d for d in dimensions if d.level is not None and d.level > level]
    unscored = [d for d in dimensions if d.level is None]
    parts = []
    if below:
        names = and_list([f"{isolate(d.dimension.name)} ({level_text(q, d.level)})" for d in below])
        if len(below) + len(unscored) == len(dimensions):  # caps hold every scored one under
            sentence = ngettext(
                "No dimension is there yet: {names} is below this level.",
                "No dimension is there yet: {names} are below this level.",
                len(below),
            )
        else:
            sentence = ngettext(
                "Not every dimension is there yet: {names} is below this level.",
                "Not every dimension is there yet: {names} are below this level.",
                len(below),
            )
        parts.append(sentence.format(names=names))
    if above:
        names = and_list([f"{isolate(d.dimension.name)} ({level_text(q, d.level)})" for d in above])
        parts.append(
            ngettext(
                "{names} is already above it.", "{names} are already above it.", len(above)
            ).format(names=names)
        )
    if unscored:
        names = and_list([d.dimension.name for d in unscored])
        parts.append(
            ngettext(
                "{names} could not be scored: none of its questions was answered.",
                "{names} could not be scored: none of their questions was answered.",
                len(unscored),
            ).format(names=names)
        )
    if not below and not above and not unscored:
        parts.append(_("Every dimension sits at this level."))
    return " ".join(parts)


def _weighted(views: dict[str, AnswerView], dimension: Dimension) -> list[AnswerView]:
    return [
        views[question.id]
        for question in dimension.questions
        if question.id in views and question.weight > 0
    ]


def findings(result: Result, views: dict[str, AnswerView]) -> list[dict[str, str]]:
    """The strength and what holds the company back (SPEC section 3).

    Each is stated with the client's own answer that shows it, never a level's description. An
    organization's disagreements are not among them: the summary holds what SPEC 4 lists, so it
    fits one printed page however many answered; they lead the questions to resolve instead.
    """
    q = result.questionnaire
    found: list[dict[str, str]] = []
    where = standing_of(result)
    if where.strength is not None:
        strongest = result.dimension(where.strength)
        # the answer that shows the strength: the best one whose own level reaches the dimension's
        # and whose option sets no cap (a capping option marks a missing foundation, even where
        # its cap does not bite); where none does (every answer at the bottom, or an
        # organization's combined answers all below), the best one that does not hold it down
        capping = {cap.question for cap in strongest.caps}
        lowering = {cap.question for cap in strongest.lowering_caps}
        weighted = _weighted(views, strongest.dimension)
        level = strongest.level or 1
        reaching = [
            v
            for v in weighted
            if v.level is not None and v.level >= level and v.question.id not in capping
        ]
        best = max(
            reaching or [v for v in weighted if v.question.id not in lowering],
            key=lambda v: v.norm,
            default=None,
        )
        text = _("It reaches {level}").format(level=level_text(q, strongest.level))
        if strongest.score is not None:
            text += _(" with a score of {score}").format(score=one_decimal(strongest.score))
        if best is not None:
            text += semicolon() + asked(best.question.text, best.label, median=best.differs)
        found.append(
            {
                "kind": _("Strength to keep"),
                "title": f"{isolate(strongest.dimension.name)} ({level_text(q, strongest.level)})",
                "text": text + ".",
            }
        )
    if where.holding_back is not None:
        held = result.dimension(where.holding_back)
        if held.lowering_caps:
            # every question that holds it down counts (an organization's respondents may each
            # give another capping answer to one): the first asked of the lowest is quoted
            caps = sorted(held.lowering_caps, key=lambda c: c.level)
            count = len({cap.question for cap in caps})
            question = q.question_by_id[caps[0].question][1]
            label = question.option_by_value[caps[0].option].label
            view = views.get(question.id)
            differs = view is not None and view.differs
            median = differs and view is not None and label in view.labels
            quoted = [asked(question.text, label, median=median, among=differs and not median)]
            if count > 1:
                quoted.append(more_answers(count - 1, _("quoted with the dimension")))
            text = ngettext(
                "One missing foundation holds it down: {answers}. Its score alone would reach "
                "{level}.",
                "{n} missing foundations hold it down: {answers}. Its score alone would reach "
                "{level}.",
                count,
            ).format(
                n=count,
                answers=semicolon().join(quoted),
                level=level_text(q, held.uncapped_level),
            )
            title = _("{dimension} (held at {level})").format(
                dimension=isolate(held.dimension.name), level=level_text(q, held.level)
            )
        else:
            # the answer that shows it: the weakest, but never the best one there is
            worst = min(
                (v for v in _weighted(views, held.dimension) if v.norm < 1),
                key=lambda v: (v.norm, -v.question.weight),
                default=None,
            )
            text = _("It is at {level}").format(level=level_text(q, held.level))
            if held.score is not None:
                text += _(" with a score of {score}").format(score=one_decimal(held.score))
            if worst is not None:
                text += semicolon() + asked(worst.question.text, worst.label, median=worst.differs)
            text += "."
            strength = result.dimension(where.strength) if where.strength else None
            every_one_scored = all(d.level is not None for d in result.dimensions)
            if strength is not None and strength.level == held.level and every_one_scored:
                text += " " + _("No dimension is lower: every one is at this level.")
            title = f"{isolate(held.dimension.name)} ({level_text(q, held.level)})"
        found.append({"kind": _("Holding the company back"), "title": title, "text": text})
    return found


def more_answers(n: int, where: str) -> str:
    """``and 2 more answers (quoted in the roadmap)``: what a brief sentence leaves out."""
    return ngettext("and {n} more answer ({where})", "and {n} more answers ({where})", n).format(
        n=n, where=where
    )


def answer_sides(
    q: Questionnaire, dim: DimensionResult, plan: Plan, views: dict[str, AnswerView]
) -> dict[str, Any]:
    """A dimension's answers above, at and below its level (question ids), and the weak ones.

    ``weak_answers`` are the answers below the next level, each with what that answer looks like
    at the next level (the option anchored there), where the question has one.
    """
    groups = answer_groups(dim, plan.answers)
    weak = {*groups.below, *groups.at}
    level = dim.level or 1
    rows = []
    for question in dim.dimension.questions if level < q.top_level else ():
        anchored = [o.label for o in question.options or () if o.level == level + 1]
        if question.id not in weak or not anchored or question.id not in views:
            continue
        answer = plan.answers[question.id]
        rows.append(
            {
                "id": question.id,
                "text": question.text,
                "answer": level_label(answer),
                "level": answer.level,
                "next": " / ".join(anchored),
                "next_level": level + 1,
                "next_level_name": q.level_name(level + 1),
            }
        )

    next_picture = {row["id"]: row["next"] for row in rows}

    def shown(ids: tuple[str, ...]) -> list[dict[str, Any]]:
        return [
            {
                "id": qid,
                "text": q.question_by_id[qid][1].text,
                "answer": level_label(plan.answers[qid]),
                "level": plan.answers[qid].level,
                "differing": plan.answers[qid].differing,
                "next": next_picture.get(qid),
            }
            for qid in ids
        ]

    # a dimension without a level has none to compare with; answers without an anchor (a
    # scale, a multi) have no level of their own: both are shown, as the other answers
    compared: tuple[tuple[str, tuple[str, ...]], ...] = ()
    if dim.level is not None:
        compared = (
            (_("Above its level"), groups.above),
            (_("At its level"), groups.at),
            (_("Below its level"), groups.below),
        )
    grouped = {qid for _name, ids in compared for qid in ids}
    others: list[dict[str, Any]] = [
        {
            "id": question.id,
            "text": question.text,
            "answer": views[question.id].label,
            "level": None,
            "median": views[question.id].differs,
            "next": None,
        }
        for question in dim.dimension.questions
        if question.id in views and question.id not in grouped
    ]
    sides = [{"name": name, "compared": True, "answers": shown(ids)} for name, ids in compared]
    sides.append({"name": _("Other answers"), "compared": False, "answers": others})
    return {
        "above": list(groups.above),
        "at": list(groups.at),
        "below": list(groups.below),
        "next_level": level + 1 if level < q.top_level else None,
        "sides": [side for side in sides if side["answers"]],
        "weak_answers": rows,
    }

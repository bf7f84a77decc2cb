"""Is the model consistent with itself? The findings of SPEC section 6, as pure functions.

Every finding is computed with the functions that score responses (:func:`level_for`,
:func:`scaled_weights`, :attr:`Question.single_norms`), never with a copy of the thresholds, so
lint and scoring cannot disagree. A finding names the YAML path of the node it concerns; the
caller turns that into a line and column.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from socialmaturity.engine.scoring import TOLERANCE, level_for, scaled_weights
from socialmaturity.model.questionnaire import Dimension, Question, Questionnaire
from socialmaturity.model.translation import Translation, missing_texts, unknown_ids

#: Every code lint may report, in the order of SPEC section 6's table.
CODES = (
    "anchor-band",
    "anchor-partial",
    "cap-never-binds",
    "step-missing",
    "description-missing",
    "gap-unanchored",
    "duplicate-text",
    "question-unaddressed",
    "appoints-unknown",
    "translation-missing",
    "translation-unknown-id",
    "translation-outdated",
)

YamlPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    """Something valid that makes results misleading, at the node ``path`` names."""

    code: str
    message: str
    path: YamlPath


def lint(q: Questionnaire) -> list[Finding]:
    """Every finding of a valid questionnaire, in file order of the dimensions and questions."""
    findings: list[Finding] = []
    texts: dict[str, str] = {}
    for d, dimension in enumerate(q.dimensions):
        at: YamlPath = ("dimensions", d)
        findings += _dimension_findings(q, dimension, at)
        best = _BestElsewhere(dimension)
        addressed = {qid for rec in dimension.recommendations for qid in rec.addresses}
        for n, question in enumerate(dimension.questions):
            question_at = (*at, "questions", n)
            findings += _anchor_findings(q, question, question_at)
            if question.id not in addressed and _anchored(question):
                findings.append(
                    Finding(
                        "question-unaddressed",
                        f"question '{question.id}' has level anchors but no recommendation "
                        "addresses it, so a weak answer to it can never become a step",
                        (*question_at, "id"),
                    )
                )
            findings += _cap_findings(q, dimension, question, question_at, best)
            text = question.text.strip().casefold()
            if text in texts:
                findings.append(
                    Finding(
                        "duplicate-text",
                        f"question '{question.id}' has the same text as '{texts[text]}'",
                        question_at,
                    )
                )
            texts.setdefault(text, question.id)
        findings += _gap_findings(q, dimension, at)
    findings += _appoints_findings(q)
    return findings


def _appoints_findings(q: Questionnaire) -> Iterator[Finding]:
    """An appointed role no recommendation owns, or a role two recommendations appoint.

    Either way the plan's waiting for the role cannot mean what the author meant.
    """
    owners = {rec.owner.casefold() for d in q.dimensions for rec in d.recommendations if rec.owner}
    for d, dimension in enumerate(q.dimensions):
        for r, rec in enumerate(dimension.recommendations):
            if not rec.appoints:
                continue
            at: YamlPath = ("dimensions", d, "recommendations", r, "appoints")
            role = rec.appoints.casefold()
            if role not in owners:
                yield Finding(
                    "appoints-unknown",
                    f"recommendation '{rec.id}' appoints '{rec.appoints}', a role no "
                    "recommendation has as owner, so no step waits for it",
                    at,
                )
            first = q.appointers[role][0]
            if first != rec.id:
                yield Finding(
                    "appoints-unknown",
                    f"recommendation '{rec.id}' appoints '{rec.appoints}', which "
                    f"'{first}' appoints too; a step owned by it waits for both",
                    at,
                )


def _dimension_findings(q: Questionnaire, dimension: Dimension, at: YamlPath) -> Iterator[Finding]:
    step_levels = {recommendation.level for recommendation in dimension.recommendations}
    for level in range(2, q.top_level + 1):
        if level not in step_levels:
            yield Finding(
                "step-missing",
                f"dimension '{dimension.id}' has no recommendation with level {level} "
                f"({q.level_name(level)}), so its roadmap has no step towards that level",
                (*at, "id"),
            )
    for level in range(1, q.top_level + 1):
        if level not in dimension.level_descriptions:
            yield Finding(
                "description-missing",
                f"dimension '{dimension.id}' has no level_descriptions entry for level {level} "
                f"({q.level_name(level)})",
                (*at, "id"),
            )


def _anchor_findings(q: Questionnaire, question: Question, at: YamlPath) -> Iterator[Finding]:
    if question.kind != "single" or not question.options:
        return
    unanchored = [option.value for option in question.options if option.level is None]
    if unanchored and len(unanchored) < len(question.options):
        shown = ", ".join(f"'{value}'" for value in unanchored)
        yield Finding(
            "anchor-partial",
            f"question '{question.id}' anchors some options to a level but not {shown}: "
            "anchor every option or none",
            at,
        )
    for i, option in enumerate(question.options):
        if option.level is None:
            continue
        score = 100 * question.single_norms[option.value]
        reached = level_for(q, score)
        if reached != option.level:
            band = _band(q, option.level)
            yield Finding(
                "anchor-band",
                f"option '{option.value}' of '{question.id}' is anchored at level "
                f"{option.level} ({q.level_name(option.level)}) but its points score "
                f"{_score_text(q, score)}, which is level {reached} ({q.level_name(reached)}); "
                f"level {option.level} needs a score in {band}",
                (*at, "options", i, "level"),
            )


def _band(q: Questionnaire, level: int) -> str:
    low = q.level_by_number[level].min_score
    if level == q.top_level:
        return f"{low:g}..100"
    return f"{low:g}..{q.level_by_number[level + 1].min_score:g} (not reaching it)"


class _BestElsewhere:
    """A dimension's score with every weighted question at its best answer but one, in O(1).

    ``cap-never-binds`` asks it once per capped option: scoring the whole dimension each time
    made ``lint`` quadratic in a dimension's questions. The sums are those
    :func:`score_dimension` makes, exactly: the weights scaled as it scales them, the weighted
    sum kept as an exact fraction and rounded once (as ``math.fsum`` rounds it).
    """

    def __init__(self, dimension: Dimension) -> None:
        weighted = [question for question in dimension.questions if question.weight > 0]
        scaled = scaled_weights([question.weight for question in weighted])
        self.scaled = {
            question.id: weight for question, weight in zip(weighted, scaled, strict=True)
        }
        self.total = math.fsum(scaled)
        self.exact = sum(map(Fraction, scaled), Fraction(0))  # every norm 1: the weights

    def score(self, question: Question, norm: float) -> float | None:
        """The score with ``question`` at ``norm`` and every other weighted one at norm 1."""
        weight = self.scaled.get(question.id)
        if weight is None:  # weight 0: scored on the others alone
            return 100.0 if self.total > 0 else None
        exact = self.exact - Fraction(weight) + Fraction(weight * norm)
        return 100 * float(exact) / self.total


def _cap_findings(
    q: Questionnaire, dimension: Dimension, question: Question, at: YamlPath, best: _BestElsewhere
) -> Iterator[Finding]:
    if question.kind != "single":
        return
    for i, option in enumerate(question.options or []):
        if option.cap is None:
            continue
        score = best.score(question, question.single_norms[option.value])
        uncapped = level_for(q, score)
        if uncapped is None or uncapped <= option.cap:
            reach = (
                "has no score"
                if score is None
                else f"reaches only level {uncapped} (score {_score_text(q, score)})"
            )
            yield Finding(
                "cap-never-binds",
                f"cap {option.cap} on option '{option.value}' of '{question.id}' can never lower "
                f"its dimension: with every other question at its best answer, "
                f"'{dimension.id}' {reach}",
                (*at, "options", i, "cap"),
            )


def _anchored(question: Question) -> bool:
    """A single question with at least one ``level`` anchor."""
    return question.kind == "single" and any(o.level is not None for o in question.options or ())


def _gap_findings(q: Questionnaire, dimension: Dimension, at: YamlPath) -> Iterator[Finding]:
    questions = {question.id: question for question in dimension.questions}
    for r, recommendation in enumerate(dimension.recommendations):
        for i, question_id in enumerate(recommendation.addresses):
            question = questions.get(question_id)
            if question is None or any(o.level is not None for o in question.options or ()):
                continue
            kind = "" if question.kind == "single" else f" (a {question.kind} question has none)"
            yield Finding(
                "gap-unanchored",
                f"recommendation '{recommendation.id}' addresses '{question_id}', whose options "
                f"have no level anchor{kind}, so no answer to it can ever be a gap",
                (*at, "recommendations", r, "addresses", i),
            )


def lint_translation(t: Translation, q: Questionnaire) -> list[Finding]:
    """A translation's findings against its questionnaire (SPEC sections 6 and 8).

    Paths are keys of the translation file.
    """
    findings: list[Finding] = []
    if t.source_version != q.version:
        findings.append(
            Finding(
                "translation-outdated",
                f"translates version {t.source_version} of '{q.id}', which is now at "
                f"{q.version}: check the texts that changed",
                ("source_version",),
            )
        )
    for path, what in unknown_ids(t, q):
        findings.append(
            Finding(
                "translation-unknown-id",
                f"{what} is not in '{q.id}' version {q.version}",
                path,
            )
        )
    for path, what in missing_texts(t, q):
        findings.append(Finding("translation-missing", f"no {t.language} text for {what}", path))
    return findings


def _score_text(q: Questionnaire, score: float) -> str:
    """A score in a message, short (``.4g``) unless that would put it on a level's threshold.

    49.999 is not "50" where level 2 starts at 50: the finding says it does not reach it.
    """
    for text in (f"{score:.4g}", f"{score:.10g}", repr(score)):
        if all(
            (float(text) >= level.min_score) == (score + TOLERANCE >= level.min_score)
            for level in q.levels
        ):
            return text
    return repr(score)

"""The rules of SPEC section 1 that span several fields of a questionnaire.

pydantic checks each field's shape as a questionnaire is read (:mod:`.questionnaire`); these
rules check what it cannot see field by field (numbering, uniqueness, caps and anchors within
the levels, scale bounds, ``addresses``, cycles of ``after``, migrations), each finding located at
the exact YAML node, so a consultant editing a questionnaire sees ``path:LINE:COL`` for every
mistake.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from socialmaturity.errors import Problem
from socialmaturity.model.step_order import StepOrder, may_cycle

if TYPE_CHECKING:
    from socialmaturity.model.questionnaire import (
        Dimension,
        Question,
        Questionnaire,
        Recommendation,
    )
    from socialmaturity.model.yaml_reader import YamlDocument


def rule_problems(doc: YamlDocument, q: Questionnaire) -> Iterator[Problem]:
    """The problems of the levels, dimensions, questions and recommendations, in file order."""

    def at(message: str, *loc: str | int, key: bool = False) -> Problem:
        return Problem(message, doc.locate(loc, key=key))

    top = len(q.levels)
    previous_min: float | None = None
    for i, level in enumerate(q.levels):
        if level.level != i + 1:
            yield at(
                f"levels[{i}].level must be {i + 1}: levels are numbered 1, 2, 3, ... in order",
                "levels",
                i,
                "level",
            )
        if i == 0 and level.min_score != 0:
            yield at("the first level's min_score must be 0", "levels", 0, "min_score")
        if previous_min is not None and level.min_score <= previous_min:
            yield at(
                f"levels[{i}].min_score must be greater than the previous level's "
                f"({previous_min:g}): min_score increases strictly",
                "levels",
                i,
                "min_score",
            )
        previous_min = level.min_score

    dimension_ids: dict[str, int] = {}
    question_ids: dict[str, tuple[int, int]] = {}
    recommendation_ids: dict[str, tuple[int, int]] = {}
    for d, dimension in enumerate(q.dimensions):
        if dimension.id in dimension_ids:
            yield at(
                f"duplicate dimension id '{dimension.id}' (also dimensions"
                f"[{dimension_ids[dimension.id]}])",
                "dimensions",
                d,
                "id",
            )
        dimension_ids.setdefault(dimension.id, d)
        for key in dimension.level_descriptions:
            if not 1 <= key <= top:
                yield at(
                    f"level_descriptions has a key {key}, but the levels are 1..{top}",
                    "dimensions",
                    d,
                    "level_descriptions",
                    key,
                    key=True,
                )
        for n, question in enumerate(dimension.questions):
            if question.id in question_ids:
                first_d, first_n = question_ids[question.id]
                yield at(
                    f"duplicate question id '{question.id}' (also dimensions[{first_d}]"
                    f".questions[{first_n}]); question ids are unique in the whole questionnaire",
                    "dimensions",
                    d,
                    "questions",
                    n,
                    "id",
                )
            question_ids.setdefault(question.id, (d, n))
            for problem in _question_problems(question, top):
                message, loc, on_key = problem
                yield at(message, "dimensions", d, "questions", n, *loc, key=on_key)
        for r, recommendation in enumerate(dimension.recommendations):
            rec_loc = ("dimensions", d, "recommendations", r)
            if recommendation.id in recommendation_ids:
                first_d, first_r = recommendation_ids[recommendation.id]
                yield at(
                    f"duplicate recommendation id '{recommendation.id}' (also dimensions"
                    f"[{first_d}].recommendations[{first_r}])",
                    *rec_loc,
                    "id",
                )
            recommendation_ids.setdefault(recommendation.id, (d, r))
            if not 2 <= recommendation.level <= top:
                yield at(
                    f"recommendation level must be between 2 and {top} (a step towards a "
                    f"level above the first), not {recommendation.level}",
                    *rec_loc,
                    "level",
                )
            for message, loc in _addresses_problems(q, dimension, recommendation):
                yield at(message, *rec_loc, *loc)
    yield from _after_problems(doc, q)


def _question_problems(
    question: Question, top: int
) -> Iterator[tuple[str, tuple[str | int, ...], bool]]:
    kind = question.kind
    if kind == "scale":
        if question.options is not None:
            yield "options are only for single and multi questions", ("options",), True
        if question.min is None:
            yield "a scale question needs min", (), False
        if question.max is None:
            yield "a scale question needs max", (), False
        if question.min is not None and question.max is not None:
            if question.min >= question.max:
                yield (
                    f"min ({question.min}) must be less than max ({question.max})",
                    ("min",),
                    False,
                )
            for label_key in question.labels or {}:
                if not question.min <= label_key <= question.max:
                    yield (
                        f"labels has a key {label_key} outside min..max "
                        f"({question.min}..{question.max})",
                        ("labels", label_key),
                        True,
                    )
        return
    for key in ("min", "max", "labels"):
        if getattr(question, key) is not None:
            yield f"{key} is only for scale questions", (key,), True
    options = question.options
    if options is None:
        yield f"a {kind} question needs options", (), False
        return
    if len(options) < 2:
        yield f"a {kind} question needs at least 2 options", ("options",), False
    seen: dict[str, int] = {}
    for i, option in enumerate(options):
        if option.level is not None:
            if kind != "single":
                yield (
                    "level anchors are only allowed on options of single questions",
                    ("options", i, "level"),
                    True,
                )
            elif option.level > top:
                yield (
                    f"level must be a level between 1 and {top}, not {option.level}",
                    ("options", i, "level"),
                    False,
                )
        if option.value in seen:
            yield (
                f"duplicate option value '{option.value}' (also options[{seen[option.value]}])",
                ("options", i, "value"),
                False,
            )
        seen.setdefault(option.value, i)
        if option.cap is not None:
            if kind != "single":
                yield (
                    "cap is only allowed on options of single questions",
                    ("options", i, "cap"),
                    True,
                )
            elif option.cap > top:
                yield (
                    f"cap must be a level between 1 and {top}, not {option.cap}",
                    ("options", i, "cap"),
                    False,
                )
    if kind == "single" and len(options) >= 2 and len({o.points for o in options}) == 1:
        yield (
            "all options have the same points, so the question cannot be scored; "
            "give them different points",
            ("options",),
            False,
        )
    if kind == "multi" and options and sum(o.points for o in options) <= 0:
        yield (
            "the points of a multi question's options must add up to more than 0",
            ("options",),
            False,
        )


def _addresses_problems(
    q: Questionnaire, dimension: Dimension, recommendation: Recommendation
) -> Iterator[tuple[str, tuple[str | int, ...]]]:
    seen: set[str] = set()
    for i, question_id in enumerate(recommendation.addresses):
        if question_id in seen:
            yield f"'{question_id}' is listed twice in addresses", ("addresses", i)
        seen.add(question_id)
        owner = q.question_by_id.get(question_id)
        if owner is None:
            yield f"addresses names an unknown question '{question_id}'", ("addresses", i)
        elif owner[0].id != dimension.id:
            yield (
                f"addresses names '{question_id}', a question of dimension '{owner[0].id}'; "
                f"a recommendation addresses questions of its own dimension ('{dimension.id}')",
                ("addresses", i),
            )


def _after_problems(doc: YamlDocument, q: Questionnaire) -> Iterator[Problem]:
    """Unknown or self ``after`` ids, and cycles of ``after``, the order of levels and appointing.

    A step whose ``owner`` is the role another step ``appoints`` (ignoring case) comes after it.
    """
    where: dict[str, tuple[int, int]] = {}
    for d, dimension in enumerate(q.dimensions):
        for r, recommendation in enumerate(dimension.recommendations):
            where.setdefault(recommendation.id, (d, r))
    known = q.recommendation_by_id
    named: dict[str, list[str]] = {}  # id -> ids its `after` names
    appointed: dict[str, tuple[str, ...]] = {}  # id -> ids that appoint its owner
    after_at: dict[tuple[str, str], tuple[int, int, int]] = {}
    owner_at: dict[tuple[str, str], tuple[int, int]] = {}
    for rec_id, (d, r) in where.items():
        recommendation = q.dimensions[d].recommendations[r]
        before = named.setdefault(rec_id, [])
        seen: set[str] = set()
        for i, other in enumerate(recommendation.after):
            loc = ("dimensions", d, "recommendations", r, "after", i)
            if other == rec_id:
                yield Problem(f"'{rec_id}' cannot come after itself", doc.locate(loc))
            elif other not in known:
                yield Problem(f"after names an unknown recommendation '{other}'", doc.locate(loc))
            elif other in seen:
                yield Problem(f"'{other}' is listed twice in after", doc.locate(loc))
            else:
                before.append(other)
                after_at.setdefault((rec_id, other), (d, r, i))
            seen.add(other)
        appointed[rec_id] = q.appointers_of(recommendation)
        for appointer in appointed[rec_id]:
            owner_at.setdefault((rec_id, appointer), (d, r))
    order = StepOrder(q, where, named, appointed)
    if not may_cycle(order):
        return
    for cycle in order.cycles():
        pairs = list(zip(cycle, cycle[1:] + cycle[:1], strict=True))
        steps = " -> ".join([*reversed(cycle), cycle[-1]])
        found = next((after_at[pair] for pair in pairs if pair in after_at), None)
        owned = next((owner_at[pair] for pair in pairs if pair in owner_at), None)
        if found is None and owned is None:
            continue  # the order of levels alone, through an id written twice: reported as such
        if found is not None:
            d, r, i = found
            at: tuple[str | int, ...] = ("dimensions", d, "recommendations", r, "after", i)
            what = "after makes a cycle with the order of levels"
        else:
            assert owned is not None
            d, r = owned
            at = ("dimensions", d, "recommendations", r, "owner")
            what = "owner and appoints make a cycle with the order of levels"
        if found is not None and any(pair in owner_at for pair in pairs):
            what = "after, owner and appoints make a cycle with the order of levels"
        yield Problem(
            f"{what}: {steps} "
            "(each must come before the next; a step towards a lower level comes before its "
            "dimension's steps towards higher ones, and a step owned by a role comes after the "
            "step that appoints it)"
            if "owner" in what
            else f"{what}: {steps} "
            "(each must come before the next; a step towards a lower level comes before its "
            "dimension's steps towards higher ones)",
            doc.locate(at),
        )


def migration_problems(doc: YamlDocument, q: Questionnaire) -> Iterator[Problem]:
    """Each ``from`` once and never this version; new ids and values that exist here."""
    seen: dict[str, int] = {}
    for m, migration in enumerate(q.migrations):
        at: tuple[str | int, ...] = ("migrations", m)
        if migration.from_version == q.version:
            yield Problem(
                f"a migration from '{migration.from_version}' is from this very version; "
                "'from' names an earlier version",
                doc.locate((*at, "from")),
            )
        if migration.from_version in seen:
            yield Problem(
                f"a second migration from '{migration.from_version}' (also migrations"
                f"[{seen[migration.from_version]}]); each 'from' once",
                doc.locate((*at, "from")),
            )
        seen.setdefault(migration.from_version, m)
        for old, new in migration.questions.items():
            if new is not None and new not in q.question_by_id:
                yield Problem(
                    f"'{old}' maps to '{new}', which is not a question of version {q.version}",
                    doc.locate((*at, "questions", old)),
                )
        for new_id, values in migration.options.items():
            found = q.question_by_id.get(new_id)
            if found is None:
                yield Problem(
                    f"options for '{new_id}', which is not a question of version {q.version}",
                    doc.locate((*at, "options", new_id), key=True),
                )
                continue
            question = found[1]
            for old, new in values.items():
                if new is not None and new not in question.option_by_value:
                    shown = ", ".join(question.option_by_value) or "none: a scale question"
                    yield Problem(
                        f"'{old}' maps to '{new}', which is not an option of '{new_id}' "
                        f"(options: {shown})",
                        doc.locate((*at, "options", new_id, old)),
                    )

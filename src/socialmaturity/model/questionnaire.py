"""The questionnaire file: its pydantic model and every rule of SPEC section 1.

pydantic checks the shape (keys, types, ranges, patterns); :func:`_rule_problems` checks what spans
several fields (numbering, uniqueness, caps, scale bounds), each finding located at the exact
YAML node, so a consultant editing a questionnaire sees ``path:LINE:COL`` for every mistake.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from socialmaturity.errors import Problem, input_errors
from socialmaturity.model.validation import validate_model
from socialmaturity.model.yaml_reader import YamlDocument, load_yaml

IDENTIFIER = r"^[a-z][a-z0-9_-]*$"
RESERVED_VALUES = frozenset({"na", "true", "false", "null"})

Identifier = Annotated[str, Field(pattern=IDENTIFIER)]
Text = Annotated[str, Field(min_length=1)]
Points = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Level(_Strict):
    """A rung of the maturity ladder, reached from ``min_score`` upwards."""

    level: Annotated[int, Field(ge=1, le=10)]
    name: Text
    min_score: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
    description: str | None = None


class Option(_Strict):
    """One possible answer to a single or multi question."""

    value: Identifier = Field(description="Written in response files; not na, true, false, null")
    label: Text
    points: Points
    cap: Annotated[int, Field(ge=1)] | None = Field(
        default=None, description="Single questions only: caps the dimension's level"
    )

    @field_validator("value", mode="before")
    @classmethod
    def _not_reserved(cls, value: Any) -> Any:
        if (
            value is None
            or isinstance(value, bool)
            or (isinstance(value, str) and value in RESERVED_VALUES)
        ):
            shown = "null" if value is None else str(value).lower()
            raise ValueError(
                f"{shown} is reserved and cannot be an option value "
                "(na, true, false and null mean something else in answers)"
            )
        return value


Kind = Literal["single", "multi", "scale"]


class Question(_Strict):
    """A question asked in the interview and scored into its dimension."""

    id: Identifier
    text: Text
    help: str | None = None
    kind: Kind = "single"
    weight: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 1.0
    required: bool = True
    allow_na: bool = False
    options: list[Option] | None = None
    min: int | None = None
    max: int | None = None
    labels: dict[int, str] | None = None

    @cached_property
    def option_by_value(self) -> dict[str, Option]:
        """Options by their ``value``, for answer lookup."""
        return {option.value: option for option in self.options or ()}

    @cached_property
    def single_norms(self) -> dict[str, float]:
        """For single questions: each option's ``(p - min_p) / (max_p - min_p)``."""
        points = [option.points for option in self.options or ()]
        if self.kind != "single" or not points or max(points) == min(points):
            return {}
        low, span = min(points), max(points) - min(points)
        return {option.value: (option.points - low) / span for option in self.options or ()}

    @cached_property
    def points_total(self) -> float:
        """The sum of all options' points (the denominator of a multi question)."""
        return sum(option.points for option in self.options or ())


class Recommendation(_Strict):
    """A step on the roadmap towards ``level`` in one dimension."""

    id: Identifier
    level: Annotated[int, Field(ge=1)]
    title: Text
    detail: str | None = None
    effort: Literal["low", "medium", "high"] | None = None
    horizon: str | None = None
    kpis: list[str] = Field(default_factory=list)
    owner: str | None = None


class Dimension(_Strict):
    """An area of maturity, scored from its questions."""

    id: Identifier
    name: Text
    weight: Annotated[float, Field(gt=0, allow_inf_nan=False)] = 1.0
    description: str | None = None
    level_descriptions: dict[int, str] = Field(default_factory=dict)
    questions: Annotated[list[Question], Field(min_length=1)]
    recommendations: list[Recommendation] = Field(default_factory=list)


class Questionnaire(_Strict):
    """A maturity model: levels, dimensions, questions and the roadmap's recommendations."""

    id: Identifier
    version: Text
    title: Text
    description: str | None = None
    levels: Annotated[list[Level], Field(min_length=2, max_length=10)]
    overall: Literal["mean", "minimum"] = "mean"
    dimensions: Annotated[list[Dimension], Field(min_length=1)]

    @cached_property
    def top_level(self) -> int:
        """The highest level number."""
        return len(self.levels)

    @cached_property
    def level_by_number(self) -> dict[int, Level]:
        """Levels by their number."""
        return {level.level: level for level in self.levels}

    @cached_property
    def question_count(self) -> int:
        """How many questions the questionnaire asks in all."""
        return sum(len(dimension.questions) for dimension in self.dimensions)

    @cached_property
    def question_by_id(self) -> dict[str, tuple[Dimension, Question]]:
        """Every question by id, with its dimension."""
        return {
            question.id: (dimension, question)
            for dimension in self.dimensions
            for question in dimension.questions
        }

    @cached_property
    def dimension_by_id(self) -> dict[str, Dimension]:
        """Dimensions by id."""
        return {dimension.id: dimension for dimension in self.dimensions}

    def level_name(self, level: int | None) -> str | None:
        """The name of a level number, or None for None."""
        return None if level is None else self.level_by_number[level].name


#: Every key a questionnaire file may use, for "did you mean" hints.
KNOWN_KEYS = frozenset(
    name
    for model in (Level, Option, Question, Recommendation, Dimension, Questionnaire)
    for name in model.model_fields
)


def _rule_problems(doc: YamlDocument, q: Questionnaire) -> Iterator[Problem]:
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


def questionnaire_from(doc: YamlDocument) -> Questionnaire:
    """Validate a loaded document as a questionnaire, reporting every problem found."""
    model = validate_model(Questionnaire, doc, known_keys=KNOWN_KEYS)
    problems = list(_rule_problems(doc, model))
    if problems:
        raise input_errors(problems)
    return model


def load_questionnaire(path: str | Path, *, text: str | None = None) -> Questionnaire:
    """Read, parse and validate a questionnaire file."""
    return questionnaire_from(load_yaml(path, allow_aliases=True, text=text))

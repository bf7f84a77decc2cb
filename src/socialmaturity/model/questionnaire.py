"""The questionnaire as pydantic models: the one set of classes the whole tool works with.

The models are those of the questionnaire file (SPEC section 1), used as they are by the engine
and the renderers. Reading a questionnaire checks each field's shape here (keys, types, ranges,
patterns), then the rules that span several fields (:mod:`.questionnaire_rules`), every problem
located at its YAML node. The models are frozen: a questionnaire never changes once read, so
what is derived from it (lookups by id, option norms) is computed once, on first use.
"""

from __future__ import annotations

import math
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, PrivateAttr, field_validator

from socialmaturity.errors import input_errors

if TYPE_CHECKING:
    from socialmaturity.model.yaml_reader import YamlDocument

IDENTIFIER = r"^[a-z][a-z0-9_-]*$"
RESERVED_VALUES = frozenset({"na", "true", "false", "null"})
_RESERVED_IN_SCHEMA: list[JsonValue] = [*sorted(RESERVED_VALUES)]
#: The largest weight or points a questionnaire may give (SPEC section 1): sums stay exact.
MAX_NUMBER = 1_000_000

Kind = Literal["single", "multi", "scale"]

Identifier = Annotated[str, Field(pattern=IDENTIFIER)]
Text = Annotated[str, Field(min_length=1)]
Points = Annotated[float, Field(ge=0, le=MAX_NUMBER, allow_inf_nan=False)]


class _Strict(BaseModel):
    # Validators are built when the first questionnaire is read, not at import.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Level(_Strict):
    """A rung of the maturity ladder, reached from ``min_score`` upwards."""

    level: Annotated[int, Field(ge=1, le=10)]
    name: Text
    min_score: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
    description: str | None = None


class Option(_Strict):
    """One possible answer to a single or multi question."""

    value: Identifier = Field(
        description="Written in response files; not na, true, false, null",
        json_schema_extra={"not": {"enum": _RESERVED_IN_SCHEMA}},
    )
    label: Text
    points: Points
    # the bounds a schema can say (a level is 1 to 10); the questionnaire's own top level, and
    # "single questions only", are checked when it is read
    cap: Annotated[int, Field(ge=1, json_schema_extra={"maximum": 10})] | None = Field(
        default=None, description="Single questions only: caps the dimension's level"
    )
    level: Annotated[int, Field(ge=1, json_schema_extra={"maximum": 10})] | None = Field(
        default=None,
        description="Single questions only: the level whose picture this answer is (its anchor)",
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


class Question(_Strict):
    """A question asked in the interview and scored into its dimension."""

    id: Identifier
    text: Text
    help: str | None = None
    kind: Kind = "single"
    weight: Annotated[float, Field(ge=0, le=MAX_NUMBER, allow_inf_nan=False)] = 1.0
    required: bool = True
    allow_na: bool = False
    options: list[Option] | None = Field(default=None, json_schema_extra={"minItems": 2})
    min: int | None = None
    max: int | None = None
    labels: dict[int, str] | None = None

    @cached_property
    def option_by_value(self) -> dict[str, Option]:
        """Options by their ``value``, for answer lookup."""
        return {option.value: option for option in self.options or ()}

    @cached_property
    def cap_by_value(self) -> dict[str, int]:
        """The caps of the options that set one, by option value."""
        return {option.value: option.cap for option in self.options or () if option.cap is not None}

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
        """The sum of all options' points (the denominator of a multi question), exactly rounded."""
        return math.fsum(option.points for option in self.options or ())


class Recommendation(_Strict):
    """A step on the roadmap towards ``level`` in one dimension."""

    id: Identifier
    level: Annotated[int, Field(ge=1, json_schema_extra={"minimum": 2, "maximum": 10})]
    title: Text
    detail: str | None = None
    effort: Literal["low", "medium", "high"] | None = None
    horizon: str | None = None
    kpis: list[str] = Field(default_factory=list)
    owner: str | None = None
    done: str | None = Field(
        default=None, description="What done looks like: an outcome the client can check"
    )
    addresses: list[Identifier] = Field(
        default_factory=list,
        description="Questions of this dimension whose weak answers this step fixes",
    )
    after: list[Identifier] = Field(
        default_factory=list, description="Recommendations (any dimension) to do first"
    )
    appoints: Text | None = Field(
        default=None,
        description="The role this step puts in post; a step whose owner is that role waits for it",
    )


class Dimension(_Strict):
    """An area of maturity, scored from its questions."""

    id: Identifier
    name: Text
    weight: Annotated[float, Field(gt=0, le=MAX_NUMBER, allow_inf_nan=False)] = 1.0
    description: str | None = None
    level_descriptions: dict[int, str] = Field(
        default_factory=dict, json_schema_extra={"propertyNames": {"pattern": "^[0-9]+$"}}
    )
    questions: Annotated[list[Question], Field(min_length=1)]
    recommendations: list[Recommendation] = Field(default_factory=list)


class Migration(_Strict):
    """How answers given to an earlier version carry over to this one (SPEC section 1)."""

    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, populate_by_name=True, defer_build=True
    )

    from_version: Text = Field(alias="from", description="An earlier version of this questionnaire")
    questions: dict[str, Identifier | None] = Field(
        default_factory=dict, description="Old question id -> new question id, or null"
    )
    options: dict[str, dict[str, Identifier | None]] = Field(
        default_factory=dict,
        description="Per new question id: old option value -> new option value, or null",
    )


class Metric(_Strict):
    """A KPI series the questionnaire expects from the client's data (SPEC section 9)."""

    id: Identifier = Field(
        description="Matches the CSV's metric ignoring case, with -, _ and spaces the same"
    )
    name: Text
    unit: Text | None = None
    direction: Literal["up", "down"] = Field(
        default="up", description="up: higher is better; down: lower is better (e.g. churn)"
    )
    evidences: list[Identifier] = Field(
        default_factory=list,
        description="Single questions with level anchors whose answers claim this metric",
    )
    claimed_at: Annotated[int, Field(ge=1)] | None = Field(
        default=None,
        description="With evidences: an answer anchored at or above this level claims the "
        "metric is followed year over year",
    )


class Questionnaire(_Strict):
    """A maturity model: levels, dimensions, questions and the roadmap's recommendations."""

    id: Identifier
    version: Text
    title: Text
    description: str | None = None
    levels: Annotated[
        list[Level],
        Field(
            min_length=2,
            max_length=10,
            # the first level is level 1 from a score of 0 (the rest is checked when read)
            json_schema_extra={
                "prefixItems": [{"properties": {"level": {"const": 1}, "min_score": {"const": 0}}}]
            },
        ),
    ]
    overall: Literal["mean", "minimum"] = "mean"
    dimensions: Annotated[list[Dimension], Field(min_length=1)]
    migrations: list[Migration] = Field(default_factory=list)
    metrics: list[Metric] = Field(
        default_factory=list, description="The KPI series the client's data should show"
    )

    #: The untranslated questionnaire a translated copy was made from (SPEC section 8): roles are
    #: matched on its words.
    _original: Questionnaire | None = PrivateAttr(default=None)

    def roles_from(self, original: Questionnaire) -> None:
        """Match roles on ``original``'s ``owner`` and ``appoints``: this is its translation."""
        self._original = original._original or original

    @cached_property
    def migration_by_version(self) -> dict[str, Migration]:
        """Migrations by the earlier version they start from."""
        return {migration.from_version: migration for migration in self.migrations}

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

    @cached_property
    def recommendation_by_id(self) -> dict[str, tuple[Dimension, Recommendation]]:
        """Every recommendation by id, with its dimension."""
        return {
            recommendation.id: (dimension, recommendation)
            for dimension in self.dimensions
            for recommendation in dimension.recommendations
        }

    @cached_property
    def appointers(self) -> dict[str, tuple[str, ...]]:
        """The ids of the recommendations that appoint each role, in questionnaire order.

        Roles are compared ignoring case, so the keys are casefolded.
        """
        found: dict[str, dict[str, None]] = {}
        for dimension in self.dimensions:
            for recommendation in dimension.recommendations:
                if recommendation.appoints:
                    role = recommendation.appoints.casefold()
                    found.setdefault(role, {})[recommendation.id] = None
        return {role: tuple(ids) for role, ids in found.items()}

    def appointers_of(self, recommendation: Recommendation) -> tuple[str, ...]:
        """The other recommendations that appoint the role owning this one: it comes after them.

        Nobody owns work before the role exists (SPEC sections 1 and 3).
        """
        source = self._original or self
        if source is not self:
            recommendation = source.recommendation_by_id[recommendation.id][1]
        if not recommendation.owner:
            return ()
        found = source.appointers.get(recommendation.owner.casefold(), ())
        return tuple(other for other in found if other != recommendation.id)

    def level_name(self, level: int | None) -> str | None:
        """The name of a level number, or None for None."""
        return None if level is None else self.level_by_number[level].name


#: Every key a questionnaire file may use, for "did you mean" hints.
KNOWN_KEYS = frozenset(
    name
    for model in (
        Level,
        Option,
        Question,
        Recommendation,
        Dimension,
        Migration,
        Metric,
        Questionnaire,
    )
    for name, info in model.model_fields.items()
    for name in (info.alias or name,)
)


def questionnaire_from(doc: YamlDocument) -> Questionnaire:
    """Validate a loaded document as a questionnaire, reporting every problem found.

    The cyclic collector is paused meanwhile: a questionnaire's models live as long as the
    command (:mod:`~socialmaturity.model.collector`).
    """
    from socialmaturity.model.collector import paused_collector, start_up_done
    from socialmaturity.model.metric_rules import metric_problems
    from socialmaturity.model.questionnaire_rules import migration_problems, rule_problems
    from socialmaturity.model.validation import validate_model

    with paused_collector():
        model = validate_model(Questionnaire, doc, known_keys=KNOWN_KEYS)
        problems = list(rule_problems(doc, model))
        problems += migration_problems(doc, model)
        problems += metric_problems(doc, model)
        if problems:
            raise input_errors(problems)
    start_up_done()  # a questionnaire lives as long as the process: so does all before it
    return model


def load_questionnaire(path: str | Path, *, text: str | None = None) -> Questionnaire:
    """Read, parse and validate a questionnaire file.

    In one pause of the collector: between two, it would walk the whole document just read.
    """
    from socialmaturity.model.collector import paused_collector
    from socialmaturity.model.yaml_reader import load_yaml  # PyYAML: only when a file is read

    with paused_collector():
        return questionnaire_from(load_yaml(path, allow_aliases=True, text=text))

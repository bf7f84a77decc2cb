"""The keys of a questionnaire file as pydantic models, and the JSON Schema they give (SPEC 1).

pydantic checks the shape (keys, types, ranges, patterns) of a questionnaire read from YAML;
what the tool then works with are the plain classes of :mod:`socialmaturity.model.questionnaire`,
built from the checked models by :func:`runtime_of`. Only reading a questionnaire's YAML needs
this module: a questionnaire from the cache, and so most commands, never import pydantic
(importing it costs a start-up more than importing the command line framework does).
``tests/test_questionnaire_rules.py`` checks that both kinds of class have the same fields, in
the same order, with the same defaults.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from socialmaturity.model import questionnaire as runtime
from socialmaturity.model.questionnaire import IDENTIFIER, MAX_NUMBER, RESERVED_VALUES, Kind

Identifier = Annotated[str, Field(pattern=IDENTIFIER)]
Text = Annotated[str, Field(min_length=1)]
Points = Annotated[float, Field(ge=0, le=MAX_NUMBER, allow_inf_nan=False)]


class _Strict(BaseModel):
    # Validators are built when the first questionnaire's YAML is checked, not at import.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


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
    level: Annotated[int, Field(ge=1)] | None = Field(
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
    options: list[Option] | None = None
    min: int | None = None
    max: int | None = None
    labels: dict[int, str] | None = None


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


class Dimension(_Strict):
    """An area of maturity, scored from its questions."""

    id: Identifier
    name: Text
    weight: Annotated[float, Field(gt=0, le=MAX_NUMBER, allow_inf_nan=False)] = 1.0
    description: str | None = None
    level_descriptions: dict[int, str] = Field(default_factory=dict)
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


class Questionnaire(_Strict):
    """A maturity model: levels, dimensions, questions and the roadmap's recommendations."""

    id: Identifier
    version: Text
    title: Text
    description: str | None = None
    levels: Annotated[list[Level], Field(min_length=2, max_length=10)]
    overall: Literal["mean", "minimum"] = "mean"
    dimensions: Annotated[list[Dimension], Field(min_length=1)]
    migrations: list[Migration] = Field(default_factory=list)


#: Every key a questionnaire file may use, for "did you mean" hints.
KNOWN_KEYS = frozenset(
    name
    for model in (Level, Option, Question, Recommendation, Dimension, Migration, Questionnaire)
    for name, info in model.model_fields.items()
    for name in (info.alias or name,)
)


def runtime_of(model: Questionnaire) -> runtime.Questionnaire:
    """The plain questionnaire with the values of a checked one."""
    built: runtime.Questionnaire = _plain(model)
    return built


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        fields = {name: _plain(item) for name, item in value}
        return runtime.CLASSES[type(value).__name__](**fields)  # the twin of the same name
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value

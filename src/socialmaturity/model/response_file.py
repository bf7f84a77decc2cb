"""The keys of a response file as pydantic models, and the JSON Schema they give (SPEC section 2).

Imported only when a response file is read (not for ``--help``); the models build their
validators when first used.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


class ExpectedScore(BaseModel):
    """An expected level and/or score, for regression cases."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)

    level: Annotated[int, Field(ge=1)] | None = None
    score: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] | None = None


class Expectations(BaseModel):
    """The ``expect:`` block of a regression case."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)

    overall: ExpectedScore | None = None
    dimensions: dict[str, ExpectedScore] = Field(default_factory=dict)

    @property
    def checks_anything(self) -> bool:
        """Whether any level or score is expected (``expect: {}`` checks nothing: no case)."""
        expected = [self.overall, *self.dimensions.values()]
        return any(e is not None and e.model_fields_set for e in expected)


class ResponseFile(BaseModel):
    """The keys of a response file (answers are checked against the questionnaire later)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)

    questionnaire: Annotated[str, Field(min_length=1, description="The questionnaire's id")]
    questionnaire_version: str | None = None
    # the schema's \S flags a blank name in an editor; the tool says "must not be blank" itself
    organization: Annotated[str, Field(min_length=1, json_schema_extra={"pattern": r"\S"})]
    respondent: str | None = None
    role: str | None = None
    date: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None = Field(
        default=None, description="ISO date, YYYY-MM-DD"
    )
    assessor: str | None = None
    round: str | None = Field(default=None, description="The assessment round (SPEC section 5)")
    answers: dict[str, Any] = Field(
        json_schema_extra={
            "additionalProperties": {
                "anyOf": [
                    {"type": "null"},
                    {"type": "string"},
                    {"type": "integer"},
                    {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
                    {
                        "type": "object",
                        "properties": {
                            "value": {
                                "anyOf": [
                                    {"type": "null"},
                                    {"type": "string"},
                                    {"type": "integer"},
                                    {
                                        "type": "array",
                                        "items": {"type": "string"},
                                        "uniqueItems": True,
                                    },
                                ]
                            },
                            "note": {"type": ["string", "null"]},
                            "evidence": {"enum": ["seen", "claimed", None]},
                        },
                        "additionalProperties": False,
                    },
                ]
            }
        }
    )
    expect: Expectations | None = None

    @field_validator("organization")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value

    @field_validator("date")
    @classmethod
    def _real_date(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"'{value}' is not a calendar date") from None
        return value


KNOWN_KEYS = frozenset(
    name for model in (ResponseFile, Expectations, ExpectedScore) for name in model.model_fields
) | {"value", "note", "evidence"}

"""The keys of a brand file as a pydantic model (see :mod:`socialmaturity.model.brand`).

Only reading a brand file needs it; a report without ``--brand`` never imports pydantic.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class BrandFile(BaseModel):
    """The keys of a brand file."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)

    name: Annotated[str, Field(min_length=1, description="Shown on the cover and the footer")]
    logo: Annotated[str, Field(min_length=1)] | None = Field(
        default=None, description="PNG, JPEG or SVG file, relative to the brand file, <= 1 MB"
    )
    colour: str | None = Field(default=None, description="The accent colour, #rrggbb")
    footer: Annotated[str, Field(min_length=1)] | None = None

    @field_validator("name", "footer")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("must not be blank")
        return value

    @field_validator("colour", mode="before")
    @classmethod
    def _written(cls, value: Any) -> Any:
        if value is None:
            raise ValueError(
                "is empty: in YAML a # starts a comment, so quote the colour, as in "
                'colour: "#0b6e4f" (or leave the key out)'
            )
        return value

    @field_validator("colour")
    @classmethod
    def _hex_colour(cls, value: str | None) -> str | None:
        if value is not None and not _COLOUR.fullmatch(value):
            raise ValueError(
                'must be a colour written #rrggbb (quoted, as in colour: "#0b6e4f"), '
                f"not '{value}'"
            )
        return value

"""Plain (unquoted) YAML scalars by the YAML 1.2 core schema, with a bound on whole numbers.

Used by the YAML reader (:mod:`socialmaturity.model.yaml_values` builds values with it, and
:mod:`socialmaturity.model.yaml_reader` matches keys with it); nothing heavy is imported here.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import sys
from typing import Any

#: The most digits a whole number may have (Python's own limit for turning text into an int).
MAX_DIGITS = 4300

_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
#: The plain scalars that are not text: nulls, booleans, infinities and not-a-number.
SPECIAL: dict[str, Any] = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
    ".inf": math.inf,
    ".Inf": math.inf,
    ".INF": math.inf,
    "+.inf": math.inf,
    "+.Inf": math.inf,
    "+.INF": math.inf,
    "-.inf": -math.inf,
    "-.Inf": -math.inf,
    "-.INF": -math.inf,
    ".nan": math.nan,
    ".NaN": math.nan,
    ".NAN": math.nan,
}
_NUMBER_START = frozenset("0123456789+-.")


class NumberTooLongError(ValueError):
    """A whole number with more digits than :data:`MAX_DIGITS` (or than Python allows)."""


def digit_limit() -> int:
    """The most digits a whole number may have: :data:`MAX_DIGITS`, or Python's lower limit."""
    # 0 means no limit; Python releases before 3.10.7 have neither limit nor function
    python_limit: int = getattr(sys, "get_int_max_str_digits", lambda: 0)()
    return min(MAX_DIGITS, python_limit) if python_limit else MAX_DIGITS


@functools.lru_cache(maxsize=4)
def _smallest_too_long(digits: int) -> int:
    return int(10**digits)


def _bounded(value: int) -> int:
    limit = digit_limit()
    if abs(value) >= _smallest_too_long(limit):
        raise NumberTooLongError(
            f"this number is too long: a whole number may have at most {limit:,} digits"
        )
    return value


def resolve_plain(text: str) -> Any:
    """Turn a plain (unquoted) scalar into a value by the YAML 1.2 core schema.

    A whole number longer than :func:`digit_limit` raises :class:`NumberTooLongError`.
    """
    if text in SPECIAL:
        return SPECIAL[text]
    if text[0] not in _NUMBER_START:
        return text
    if _INT.match(text):
        limit = digit_limit()
        digits = len(text) - (text[0] in "+-")
        if digits > limit:
            raise NumberTooLongError(
                f"this number has {digits:,} digits; a whole number may have at most "
                f"{limit:,} digits"
            )
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    if _OCT.match(text):
        return _bounded(int(text[2:], 8))
    if _HEX.match(text):
        return _bounded(int(text[2:], 16))
    return text


#: How a date is written: ``YYYY-MM-DD`` (whether it is a day of the calendar is another check).
DATE_FORMAT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def is_calendar_date(text: str) -> bool:
    """``YYYY-MM-DD`` naming a day of the calendar (``2026-02-30`` is not one)."""
    if not DATE_FORMAT.fullmatch(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True

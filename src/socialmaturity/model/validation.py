"""Turn pydantic's validation errors into ``path:LINE:COL`` problems users can act on.

pydantic is imported only when something is validated: checking an answer uses this module's
wording (:func:`describe`, :func:`shown`) without needing pydantic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from socialmaturity.errors import Problem, counted, did_you_mean, input_errors
from socialmaturity.signals import held_back

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

    from socialmaturity.model.yaml_reader import YamlDocument

ModelT = TypeVar("ModelT", bound="BaseModel")

#: Problems of one kind (unknown keys, unknown questions, bad items of one answer) reported per
#: file; the rest are counted on one more line, so a file of mistakes stays quick to check.
MAX_REPORTED = 100
#: Whole numbers longer than this are shown by their number of digits in messages.
_SHOWN_DIGITS = 30

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "dict_type": "a mapping (key: value lines)",
    "list_type": "a list",
    "model_type": "a mapping (key: value lines)",
}


def shown(value: Any) -> str:
    r"""A value as written in a message: text in quotes as given, a long whole number by its size.

    Text is quoted, not ``repr``'d: a control character in it is then shown as ``\xNN`` by the
    message's own escaping (SPEC 4), where ``repr`` wrote ``\n`` or ``\t``.
    """
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
        digits = len(text.lstrip("-"))
        if digits > _SHOWN_DIGITS:
            return f"{text[:8]}...{text[-4:]} ({digits:,} digits)"
    return repr(value)


def describe(value: Any) -> str:
    """Name a YAML value's kind the way a person writing YAML thinks of it."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({shown(value)})"
    if isinstance(value, str):
        return f"text ({shown(value)})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def dotted(loc: Sequence[str | int]) -> str:
    """Render a location inside a file like ``dimensions[0].questions[2].id``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def validate_model(
    model: type[ModelT], doc: YamlDocument, *, known_keys: Iterable[str] = ()
) -> ModelT:
    """Validate ``doc.data`` as ``model``; every failure becomes one located problem.

    ``known_keys`` are offered as "did you mean" suggestions for unknown keys.
    """
    from pydantic import ValidationError

    if not model.__pydantic_complete__:  # the first use builds the validator (defer_build)
        # pydantic reports what is raised while it builds as a schema error: a Ctrl-C or
        # SIGTERM then would end the command as an internal error. Held back for those few
        # milliseconds, it is acted on as the build ends.
        with held_back():
            model.model_rebuild()
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        found = problems_from(exc, doc, known_keys=known_keys, model=model)
        raise input_errors(found) from None


def problems_from(
    exc: ValidationError,
    doc: YamlDocument,
    *,
    known_keys: Iterable[str] = (),
    model: type[BaseModel] | None = None,
) -> list[Problem]:
    """One :class:`Problem` per pydantic error, located at the YAML node that caused it.

    Unknown keys beyond the first :data:`MAX_REPORTED` are counted, not located one by one. A
    mistyped key is matched against the keys allowed where it stands (of ``model``'s part
    there), so the hint never names a key that would be refused in its turn.
    """
    keys = sorted(set(known_keys))
    problems: list[Problem] = []
    seen: set[tuple[Any, ...]] = set()
    unknown = 0
    first_unreported: tuple[str | int, ...] | None = None
    for error in exc.errors(include_url=False):
        loc = tuple(part for part in error["loc"] if not _is_branch(part))
        kind = error["type"]
        field = dotted(loc)
        if kind in ("extra_forbidden", "invalid_key"):
            unknown += 1
            if unknown > MAX_REPORTED:
                first_unreported = first_unreported or loc
                continue
            name = str(loc[-1])
            message = f"unknown key '{name}'"
            if name in keys:
                message = f"unknown key '{name}' (it is not allowed in this place)"
            else:
                here = _keys_at(model, loc[:-1]) if model is not None else None
                message += did_you_mean(name, keys if here is None else here)
            problem = Problem(message, doc.locate(loc, key=True))
        elif loc and loc[-1] == "[key]":
            owner, key = loc[:-2], loc[-2]
            wanted = _TYPE_NAMES.get(kind, "valid keys")
            problem = Problem(
                f"the keys of {dotted(owner)} must be {wanted}, not {shown(key)}",
                doc.locate(loc[:-1], key=True),
            )
        elif kind == "missing":
            where = dotted(loc[:-1])
            inside = f" in {where}" if where else ""
            problem = Problem(f"missing required key '{loc[-1]}'{inside}", doc.locate(loc[:-1]))
        else:
            problem = Problem(_message(error, field, doc, loc), doc.locate(loc))
        marker = (str(problem.location), problem.message)
        if marker not in seen:
            seen.add(marker)
            problems.append(problem)
    if first_unreported is not None:
        more = unknown - MAX_REPORTED
        problems.append(
            Problem(f"and {more:,} more unknown keys", doc.locate(first_unreported, key=True))
        )
    return problems


def _is_branch(part: Any) -> bool:
    # pydantic adds the name of a union member or a function to locations; they are not keys.
    return isinstance(part, str) and (part.startswith("function-") or part in _BRANCHES)


_BRANCHES = frozenset({"str", "int", "float", "bool", "list[str]", "list[int]"})


def _message(error: Any, field: str, doc: YamlDocument, loc: Sequence[str | int]) -> str:
    kind = error["type"]
    value = error.get("input")
    if not field and kind in ("model_type", "dict_type"):
        return f"the file must be a mapping of keys to values, not {describe(value)}"
    if kind == "value_error":
        return f"{field}: {error['ctx']['error']}" if field else str(error["ctx"]["error"])
    if kind == "float_type" and isinstance(value, int) and not isinstance(value, bool):
        # a whole number too large for a float: say so, rather than "not a number"
        return f"{field} is too large ({describe(value)})"
    if kind == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool):
        written = doc.source_text(loc) or shown(value)
        if loc[-1] == "date":
            return f"date must be a date written YYYY-MM-DD, not {written}"
        if isinstance(loc[-1], str):
            return f'{field} must be text: quote it, as in {loc[-1]}: "{written}"'
        return f'{field} must be text: quote it, as in "{written}"'
    if kind in _TYPE_NAMES:
        return f"{field} must be {_TYPE_NAMES[kind]}, not {describe(value)}"
    if kind == "literal_error":
        return f"{field} must be one of {error['ctx']['expected']}, not {describe(value)}"
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "date":
        return f"date must be a date written YYYY-MM-DD, not {shown(value)}"
    if kind == "string_pattern_mismatch":
        pattern = error["ctx"]["pattern"]
        return (
            f"{field} {shown(value)} is not a valid identifier (lower-case letter first, then "
            f"lower-case letters, digits, '_' or '-'; pattern {pattern})"
        )
    if kind == "string_too_short":
        return f"{field} must not be empty"
    if kind == "too_short":
        return f"{field} needs at least {counted(error['ctx']['min_length'], 'entry', 'entries')}"
    if kind == "too_long":
        return f"{field} can have at most {counted(error['ctx']['max_length'], 'entry', 'entries')}"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return f"{field} {error['msg'].lower()}, not {shown(value)}"
    if kind == "finite_number":
        return f"{field} must be a finite number"
    return f"{field}: {error['msg']}" if field else str(error["msg"])


def _keys_at(model: type[BaseModel], path: Sequence[str | int]) -> list[str] | None:
    """The keys a mapping at ``path`` inside a ``model`` document may have, if it is a model.

    Walks the fields' types: a model's field by name, a list's item by index, a mapping's value
    by key; None where the path leads to no model (a free-form mapping).
    """
    import typing

    from pydantic import BaseModel

    kind: Any = model
    steps = list(path)
    while True:
        origin = typing.get_origin(kind)
        if origin is typing.Annotated:
            kind = typing.get_args(kind)[0]
        elif origin in (typing.Union, _UNION):  # X | None: the part that can hold a mapping
            kind = next(
                (a for a in typing.get_args(kind) if a is not type(None) and a is not str),
                None,
            )
        elif isinstance(kind, type) and issubclass(kind, BaseModel):
            names = {info.alias or name: info for name, info in kind.model_fields.items()}
            if not steps:
                return sorted(names)  # as files write them (a migration's from)
            field = names.get(str(steps.pop(0)))
            kind = None if field is None else field.annotation
        elif origin in (list, tuple) and steps:
            steps.pop(0)
            kind = typing.get_args(kind)[0]
        elif origin is dict and steps:
            steps.pop(0)
            kind = typing.get_args(kind)[1]
        else:
            return None


_UNION = type(int | None)

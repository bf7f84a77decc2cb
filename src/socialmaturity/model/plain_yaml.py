"""A quick reader for the plain, block-style YAML that response files are almost always written in.

Batch scoring reads thousands of files shaped like those ``template`` and ``assess`` write: keys
at the left margin, an indented block of answers, values that are single words, short phrases,
quoted versions or ``[a, b]`` lists. :func:`read_plain` recognises exactly that shape, line by
line, and builds the values :func:`~socialmaturity.model.yaml_reader.load_yaml` would build from
it (plain scalars go through the same :func:`~socialmaturity.model.yaml_reader.resolve_plain`).

It never reports an error: on anything outside that shape (a tab, a control character, a
multi-line or escaped scalar, an anchor, a tag, a flow mapping, a duplicate key, an indentation it
cannot place, nesting deeper than a few levels) it returns None, and the caller reads the file
through the full reader, which says what is wrong and where. ``tests/test_plain_yaml.py`` holds
the differential test that keeps the two readers in agreement.
"""

from __future__ import annotations

import re
from typing import Any

from socialmaturity.model.yaml_reader import NumberTooLongError, resolve_plain

#: Every line of the text, each as one of: indentation, then ``key:`` with an optional value or
#: ``- value``, then an optional comment; a blank or comment line (no key, no dash); anything
#: else (``other``). A plain value (trailing spaces stripped later) starts with a letter or
#: digit and holds no ``:``, ``#`` or brackets, so neither ``': '`` nor ``' #'`` can hide in it;
#: quoted values hold no escapes; a list is a flow sequence of single words. Quotes and
#: brackets are kept in the groups, so an empty ``""`` or ``[]`` differs from no value at all.
_ITEM = r"\w[\w.-]*"
_VALUE = (
    r"(?P<plain>\w[^:#\[\]{}\n]*)"
    r"|(?P<double>\"[^\"\\\n]*\")"
    r"|(?P<single>'[^'\n]*')"
    rf"|(?P<flow>\[ *(?:{_ITEM}(?: *, *{_ITEM})*)? *\])"
)
_LINES = re.compile(
    rf"^(?:(?P<indent> *)(?:(?P<key>\w[\w.-]*):|(?P<dash>-))(?: +(?:{_VALUE}))? *(?: #.*)?"
    r"| *(?:#.*)?|(?P<other>.+))$",
    re.MULTILINE,
)
_FLOW_COMMA = re.compile(r" *, *")

#: Containers nested deeper than this are left to the full reader (responses need three:
#: the file, its answers, one answer's value and note).
_MAX_NESTING = 4


class _NotPlain(Exception):
    """The text is not in the shape this reader handles."""


def read_plain(text: str) -> dict[str, Any] | None:
    """The values of a plain block-style YAML mapping, or None if the text is anything else."""
    # Only characters Python calls printable (and line breaks): this leaves tabs, carriage
    # returns, other controls, NEL, LS, PS, byte-order marks, spaces other than U+0020,
    # private-use characters and non-characters to the full reader.
    if not text.replace("\n", " ").isprintable():
        return None
    try:
        return _read(text)
    except (_NotPlain, NumberTooLongError):
        return None


def _read(text: str) -> dict[str, Any] | None:
    root: dict[str, Any] = {}
    # the open containers, innermost last, each with the indentation of its entries
    stack: list[tuple[int, dict[str, Any] | list[Any]]] = [(0, root)]
    # a key written without a value on the line before, which an indented block may fill
    pending: tuple[int, dict[str, Any], str] | None = None
    for indent_text, key_text, dash, plain, double, single, flow, other in _LINES.findall(text):
        if other:
            raise _NotPlain
        if not key_text and not dash:
            continue  # a blank or comment line
        indent = len(indent_text)
        if pending is not None and indent > pending[0]:
            if len(stack) == _MAX_NESTING:
                raise _NotPlain
            child: dict[str, Any] | list[Any] = [] if dash else {}
            pending[1][pending[2]] = child
            stack.append((indent, child))
        pending = None
        while stack[-1][0] > indent:
            stack.pop()
        at, container = stack[-1]
        if at != indent:
            raise _NotPlain
        if plain:
            value = resolve_plain(plain.rstrip(" "))
        elif double or single:
            value = (double or single)[1:-1]
        elif flow:
            items = flow[1:-1].strip(" ")
            value = [resolve_plain(item) for item in _FLOW_COMMA.split(items)] if items else []
        else:
            value = None
        if dash:
            if not isinstance(container, list) or value is None:
                raise _NotPlain
            container.append(value)
            continue
        key = resolve_plain(key_text)
        if isinstance(container, list) or not isinstance(key, str) or key in container:
            raise _NotPlain
        container[key] = value
        if value is None:
            pending = (indent, container, key)
    return root or None

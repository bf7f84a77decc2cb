"""A quick reader for the plain, block-style YAML that response files are almost always written in.

Batch scoring reads thousands of files shaped like those ``template`` and ``assess`` write: keys
at the left margin, an indented block of answers, values that are single words, short phrases,
quoted text or ``[a, b]`` lists; notes written by hand are often plain folded or literal blocks
(``note: >-`` and lines of one indentation). :func:`read_plain` recognises exactly that shape,
line by line, and builds the values :func:`~socialmaturity.model.yaml_reader.load_yaml` would
build from it (plain scalars go through the same
:func:`~socialmaturity.model.scalars.resolve_plain`).

It never reports an error: on anything outside that shape (a tab, a control character, an
escaped or multi-line flow scalar, a block scalar with an indicator or an uneven line, an anchor,
a tag, a flow mapping, a duplicate key, an indentation it cannot place, nesting deeper than a few
levels) it returns None, and the caller reads the file through the full reader, which says what
is wrong and where. ``tests/test_plain_yaml.py`` holds the differential test that keeps the two
readers in agreement.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from socialmaturity.model.scalars import NumberTooLongError, resolve_plain

#: Every line of the text, each as one of: indentation, then ``key:`` with an optional value or
#: ``- value``, then an optional comment; a blank or comment line (no key, no dash); anything
#: else (the last group). A plain value (trailing spaces stripped later) starts with a letter or
#: digit and holds no ``:``, ``#`` or brackets, so neither ``': '`` nor ``' #'`` can hide in it;
#: quoted values hold no escapes; a list is a flow sequence of single words. The value group
#: keeps quotes and brackets, so its first character tells its kind. A key has at most 1,024
#: characters, YAML's limit for a key written without ``?``.
_ITEM = r"\w[\w.-]*"
_VALUE = (
    r"\w[^:#\[\]{}\n]*"
    r"|\"[^\"\\\n]*\""
    r"|'(?:[^'\n]|'')*'"
    rf"|\[ *(?:{_ITEM}(?: *, *{_ITEM})*)? *\]"
    r"|[>|]-?"
)
_LINES = re.compile(
    rf"^(?:( *)(?:(\w[\w.-]{{0,1023}}):|(-))(?: +({_VALUE}))? *(?: #.*)?| *(?:#.*)?|(.+))$",
    re.MULTILINE,
)
_FLOW_COMMA = re.compile(r" *, *")
#: Texts up to this long are resolved once per process (:func:`_once`); longer ones are not kept.
_KEPT_LENGTH = 128


def _once(function: Callable[[str], Any]) -> Callable[[str], Any]:
    """``function``, with its results for short texts kept.

    Keys and option values repeat from file to file and their values cannot change, so each is
    resolved once; long texts (notes) rarely repeat, and keeping them would hold on to a whole
    batch's notes.
    """
    kept = functools.lru_cache(maxsize=4096)(function)

    def call(text: str) -> Any:
        return kept(text) if len(text) <= _KEPT_LENGTH else function(text)

    return call


_resolve = _once(resolve_plain)

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
    # the open containers, innermost last, each with the indentation of its entries; the
    # innermost one and its indentation are also kept at hand
    stack: list[tuple[int, dict[str, Any] | list[Any]]] = [(0, root)]
    at, container = stack[-1]
    # the key of the line before when it had no value: an indented block may fill it
    pending: str | None = None
    raw: list[str] | None = None  # the text's lines, split only for a block scalar
    resume = 0  # the first line after the block scalar read last
    found = _LINES.findall(text)  # one entry per line of the text, in order
    for number, (indent_text, key_text, dash, value_text, other) in enumerate(found):
        if number < resume:
            continue
        if other:
            raise _NotPlain
        if not key_text and not dash:
            continue  # a blank or comment line
        indent = len(indent_text)
        if indent > at:  # a block under the pending key
            if pending is None or len(stack) == _MAX_NESTING or isinstance(container, list):
                raise _NotPlain
            child: dict[str, Any] | list[Any] = [] if dash else {}
            container[pending] = child
            stack.append((indent, child))
            at, container = indent, child
        elif indent < at:  # back out to the block this line belongs to
            while stack[-1][0] > indent:
                stack.pop()
            at, container = stack[-1]
            if at != indent:
                raise _NotPlain
        pending = None
        value: Any
        first = value_text[:1]
        if first in (">", "|"):
            if dash:
                raise _NotPlain
            if raw is None:
                raw = text.split("\n")
                if len(raw) != len(found):  # never expected: the lines would not line up
                    raise _NotPlain
            value, resume = _block(raw, number + 1, indent, value_text)
        elif first == "[":
            value = _flow_list(value_text)
        else:
            value = _scalar(value_text) if value_text else None
        if dash:
            if not isinstance(container, list) or value is None:
                raise _NotPlain
            container.append(value)
            continue
        key = _resolve(key_text)
        if isinstance(container, list) or not isinstance(key, str) or key in container:
            raise _NotPlain
        container[key] = value
        if not value_text:  # written without a value (not one that reads as null)
            pending = key
    return root or None


def _flow_list(text: str) -> list[Any]:
    """A flow sequence of single words, ``[a, b]``: a new list each time (lists can change)."""
    items = text[1:-1].strip(" ")
    return [_resolve(item) for item in _FLOW_COMMA.split(items)] if items else []


def _scalar_of(text: str) -> Any:
    """A scalar as written on a line: quoted text as written, else resolved."""
    first = text[0]
    if first == '"':
        return text[1:-1]
    if first == "'":
        return text[1:-1].replace("''", "'")
    return resolve_plain(text.rstrip(" "))


_scalar = _once(_scalar_of)


def _block(lines: list[str], start: int, parent: int, header: str) -> tuple[str, int]:
    """A block scalar (``>``, ``>-``, ``|``, ``|-``) from ``lines[start:]``, and the line after it.

    Only the plain case: one or more lines, all indented alike and more than the key, none
    ending in a space; blank lines only after the last. Folded lines are joined by spaces,
    literal ones by line breaks; ``-`` strips the final line break, no indicator keeps the one
    the text has.
    """
    content: list[str] = []
    indent = 0
    at = start
    while at < len(lines):
        line = lines[at]
        stripped = line.lstrip(" ")
        if not stripped:  # a blank line: only allowed where the scalar ends
            if line or not _ends(lines, at, indent):
                raise _NotPlain
            break
        margin = len(line) - len(stripped)
        if not content:
            if margin <= parent:
                raise _NotPlain  # no content: an empty scalar
            indent = margin
        if margin < indent:
            break
        if margin > indent or line.endswith(" "):
            raise _NotPlain  # a more indented line, or trailing spaces: kept as written
        content.append(stripped)
        at += 1
    if not content:
        raise _NotPlain
    joined = (" " if header[0] == ">" else "\n").join(content)
    if header.endswith("-") or at == len(lines):  # stripped, or the text ends without a break
        return joined, at
    return joined + "\n", at


def _ends(lines: list[str], at: int, indent: int) -> bool:
    """Whether the empty lines from ``at`` on are followed by the end or a less indented line."""
    for line in lines[at:]:
        if line:
            return len(line) - len(line.lstrip(" ")) < indent
    return True

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
from typing import Any

from socialmaturity.model.scalars import NumberTooLongError, resolve_plain

#: One line: indentation, then ``key:`` with an optional value or ``- value``, then an optional
#: comment; or a blank or comment line (no key, no dash). A plain value (trailing spaces stripped
#: later) starts with a letter or digit and holds no ``:``, ``#`` or brackets, so neither ``': '``
#: nor ``' #'`` can hide in it; quoted values hold no escapes; a list is a flow sequence of
#: single words. The value group keeps quotes and brackets, so its first character tells its
#: kind. A key has at most 1,024 characters, YAML's limit for a key written without ``?``.
_ITEM = r"\w[\w.-]*"
_VALUE = (
    r"\w[^:#\[\]{}\n]*"
    r"|\"[^\"\\\n]*\""
    r"|'(?:[^'\n]|'')*'"
    rf"|\[ *(?:{_ITEM}(?: *, *{_ITEM})*)? *\]"
    r"|[>|]-?"
)
_LINE = re.compile(rf"( *)(?:(\w[\w.-]{{0,1023}}):|(-))(?: +({_VALUE}))? *(?: #.*)?| *(?:#.*)?")
_FLOW_COMMA = re.compile(r" *, *")

#: What a line holds, besides its key: nothing (a blank or comment line), a scalar, a flow list,
#: the header of a block scalar, or no value yet (a block below may give it one).
_BLANK, _SCALAR, _LIST, _BLOCK, _OPEN = range(5)
#: A line read: its indentation, its key (None for ``- value``), what it holds, and the value
#: (a scalar; a flow list's items as a tuple; a block scalar's header; None).
_Line = tuple[int, str | None, int, Any]
_BLANK_LINE: _Line = (0, None, _BLANK, None)

#: Lines up to this long are read once per process (:data:`_read_kept`); longer ones are not kept.
_KEPT_LENGTH = 128

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


def _read_line(line: str) -> _Line:
    """What one line holds (:data:`_Line`), its scalars resolved; :class:`_NotPlain` if unsure."""
    found = _LINE.fullmatch(line)
    if found is None:
        raise _NotPlain
    indent, key_text, dash, value_text = found.groups()
    if not key_text and not dash:
        return _BLANK_LINE
    key = None
    if key_text:
        key = resolve_plain(key_text)
        if not isinstance(key, str):
            raise _NotPlain
    first = value_text[:1] if value_text else ""
    if first in (">", "|"):
        if dash:
            raise _NotPlain
        return len(indent), key, _BLOCK, value_text
    if first == "[":
        items = value_text[1:-1].strip(" ")
        listed = [resolve_plain(item) for item in _FLOW_COMMA.split(items)] if items else []
        return len(indent), key, _LIST, tuple(listed)
    value = _scalar(value_text) if value_text else None
    if dash and value is None:
        raise _NotPlain  # an item without a value, or a null one
    return len(indent), key, _SCALAR if value_text else _OPEN, value


#: Keys, option values and header lines repeat from file to file, and what a line holds cannot
#: change, so each short line is read once; notes rarely repeat, and keeping them would hold on
#: to a whole batch's notes. A batch of the bundled questionnaire repeats about 950 lines, and
#: each file adds a line or two of its own (the respondent): 4,096 lines keep every repeated one
#: (the same hit rate as 8,192 on a generated batch) in about 1.2 MiB, half of what 8,192 hold.
_read_kept = functools.lru_cache(maxsize=4096)(_read_line)


def _read(text: str) -> dict[str, Any] | None:
    root: dict[str, Any] = {}
    # the open containers, innermost last, each with the indentation of its entries; the
    # innermost one and its indentation are also kept at hand
    stack: list[tuple[int, dict[str, Any] | list[Any]]] = [(0, root)]
    at, container = stack[-1]
    # the key of the line before when it had no value: an indented block may fill it
    pending: str | None = None
    lines = text.split("\n")
    resume = 0  # the first line after the block scalar read last
    kept, limit = _read_kept, _KEPT_LENGTH
    for number, line in enumerate(lines):
        if number < resume:
            continue
        indent, key, kind, value = kept(line) if len(line) <= limit else _read_line(line)
        if kind == _BLANK:
            continue
        if indent > at:  # a block under the pending key
            if pending is None or len(stack) == _MAX_NESTING or isinstance(container, list):
                raise _NotPlain
            child: dict[str, Any] | list[Any] = [] if key is None else {}
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
        if kind == _BLOCK:
            value, resume = _block(lines, number + 1, indent, value)
        elif kind == _LIST:
            value = list(value)  # a new list each time: lists can change
        if key is None:  # an item: ``- value``
            if not isinstance(container, list):
                raise _NotPlain
            container.append(value)
            continue
        if isinstance(container, list) or key in container:
            raise _NotPlain
        container[key] = value
        if kind == _OPEN:  # written without a value (not one that reads as null)
            pending = key
    return root or None


def _scalar(text: str) -> Any:
    """A scalar as written on a line: quoted text as written, else resolved."""
    first = text[0]
    if first == '"':
        return text[1:-1]
    if first == "'":
        return text[1:-1].replace("''", "'")
    return resolve_plain(text.rstrip(" "))


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

"""The answer file as people read and edit it: written and updated through a YAML round trip.

``blank_text`` is the layout ``template`` hands out and ``assess`` starts from: the schema line,
the header, then every question in questionnaire order with a comment that says what to answer.
``saved_text`` updates an existing file in place with ruamel.yaml's round trip, so comments, the
``expect:`` block, key order and quoting the user chose survive every save; only the values that
changed are rewritten.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from socialmaturity.i18n import _
from socialmaturity.model.line_breaks import (
    NOT_BREAKS,
    ending_of,
    stand_in_for_non_breaks,
    yaml_lines,
)
from socialmaturity.model.questionnaire import Question, Questionnaire
from socialmaturity.model.response import Answer, AnswerValue
from socialmaturity.terminal import visible

#: Header keys in the order a response file lists them (SPEC section 2).
HEADER_KEYS = (
    "questionnaire",
    "questionnaire_version",
    "organization",
    "respondent",
    "role",
    "date",
    "assessor",
    "round",
)
COMMENT_WIDTH = 96
#: A ``%YAML`` directive: the tool reads every file as YAML 1.2, and so does the round trip.
_DIRECTIVE = re.compile(r"^%YAML[ \t]+[0-9]+\.[0-9]+", re.MULTILINE)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096  # never fold a long note over several lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    return yaml


def comment_text(text: str) -> str:
    """Text safe inside a YAML comment: no line breaks of any kind, controls shown as escapes."""
    return visible(text.replace("\n", " ").replace("\u2028", " ").replace("\u2029", " "))


def _wrapped(text: str, indent: str = "", hang: str = "") -> list[str]:
    return textwrap.wrap(
        comment_text(text),
        COMMENT_WIDTH,
        initial_indent=indent,
        subsequent_indent=indent + hang,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def question_comment(number: int, question: Question) -> list[str]:
    """The comment above an answer: what is asked, how to answer, and what evidence to ask for."""
    kind = {"single": _("choose one"), "multi": _("choose any"), "scale": _("a whole number")}
    lines = _wrapped(f"{number}. {question.text} ({kind[question.kind]})", "", "   ")
    if question.kind == "scale":
        labels = question.labels or {}
        span = _("from {low} to {high}").format(low=question.min, high=question.max)
        lines += _wrapped(span, "   ")
        lines += [
            line
            for value in sorted(labels)
            for line in _wrapped(f"{value}: {labels[value]}", "   ")
        ]
    else:
        for option in question.options or ():
            lines += _wrapped(f"{option.value}: {option.label}", "   ", "    ")
        if question.kind == "multi":
            lines += _wrapped(_("a list such as [a, b], or [] for none of them"), "   ")
    if question.allow_na:
        lines += _wrapped("na: " + _("does not apply here"), "   ")
    if question.help:
        evidence = _("Evidence: {help}").format(help=question.help)
        lines += _wrapped(evidence, "   ", "    ")
    return lines


def _node(answer: Answer) -> Any:
    """The YAML value of an answer: empty, a value, a list, or a mapping with a note."""
    value: Any = _value(answer.value)
    if not answer.note and not answer.evidence:
        return value
    node = CommentedMap()
    if answer.value is not None:
        node["value"] = value
    if answer.note:
        node["note"] = answer.note
    if answer.evidence:
        node["evidence"] = answer.evidence
    return node


def _value(value: AnswerValue) -> Any:
    if isinstance(value, tuple):
        items = CommentedSeq(value)
        items.fa.set_flow_style()
        return items
    return value


def _header_value(key: str, value: str) -> Any:
    if key == "questionnaire_version":
        return DoubleQuotedScalarString(value)  # "1.0" stays text
    if key == "date" and _ISO_DATE.fullmatch(value):
        # As a date, which ruamel.yaml writes plain (``date: 2026-11-20``, as people write it);
        # as text it would be quoted, since it reads as a timestamp.
        try:
            return dt.date.fromisoformat(value)
        except ValueError:  # 2026-02-30: kept as given, for validation to name it
            return value
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


#: Header keys a new file lists even without a value, for the respondent to fill in.
BLANK_KEYS = ("organization", "date")


def blank_text(
    questionnaire: Questionnaire,
    header: Mapping[str, str | None],
    schema: str | None = None,
    *,
    blank_keys: Sequence[str] = BLANK_KEYS,
    answers: Mapping[str, Answer] | None = None,
) -> str:
    """A response file with every question listed, unanswered, each under its comment.

    ``blank_keys`` are written with nothing after the colon when ``header`` has no value.
    ``answers`` fills the answers in at once: the text :func:`saved_text` would make of the
    blank file, without reading it again.
    """
    doc = CommentedMap()
    values = {
        "questionnaire": questionnaire.id,
        "questionnaire_version": questionnaire.version,
        **{key: value for key, value in header.items() if value is not None},
    }
    for key in HEADER_KEYS:
        if key in values:
            doc[key] = _header_value(key, values[key] or "")
        elif key in blank_keys:
            doc[key] = None  # the respondent fills it in
    given_answers, nodes = answers or {}, CommentedMap()
    number = 0
    for dimension in questionnaire.dimensions:
        for n, question in enumerate(dimension.questions):
            number += 1
            given = given_answers.get(question.id)
            nodes[question.id] = None if given is None else _node(given)
            lines = question_comment(number, question)
            if n == 0:
                lines = ["", *_wrapped(f"── {dimension.name} ──"), *lines]
            nodes.yaml_set_comment_before_after_key(question.id, before="\n".join(lines), indent=2)
    doc["answers"] = nodes
    if schema:
        doc.yaml_set_start_comment(f"yaml-language-server: $schema={schema}")
    return _dump(doc)


def _load(text: str) -> tuple[Any, dict[int, str]]:
    """The file's round-trip document, holding the values the tool's own reader reads.

    ruamel.yaml reads the text as YAML 1.2 (whatever its ``%YAML`` directive says) with NEL, LS
    and PS replaced by characters the text does not use, which are then put back in the values.
    Also returned: how to put them back in the dumped text, where comments still hold them.
    """
    hidden, back = stand_in_for_non_breaks(text)
    doc = _yaml().load(_DIRECTIVE.sub("%YAML 1.2", hidden))
    if back:
        _change_texts(doc, lambda value: type(value)(value.translate(back)))  # style kept
    return doc, back


def _change_texts(node: Any, change: Callable[[str], str]) -> None:
    """Replace every text in a mapping or sequence, at any depth, by ``change(text)``.

    Only where the result differs, so the others keep the very object ruamel.yaml made.
    """
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in list(items):
        if isinstance(value, str):
            changed = change(value)
            if changed != value or type(changed) is not type(value):
                node[key] = changed
        elif isinstance(value, dict | list):
            _change_texts(value, change)


def _with_header(
    text: str, header: Mapping[str, str | None]
) -> tuple[CommentedMap, dict[int, str]]:
    """The file's round-trip document with these header values set (None: left as it is)."""
    doc, back = _load(text)
    if not isinstance(doc, CommentedMap):
        raise ValueError("a response file is a mapping")
    for key, value in header.items():
        if value is not None:
            _set(doc, key, _header_value(key, value), HEADER_KEYS)
    return doc, back


def with_header(text: str, header: Mapping[str, str | None]) -> str:
    """``text`` with these header values set, everything else kept."""
    return _ended_as(text, _dump(*_with_header(text, header)))


def _ended_as(text: str, new: str) -> str:
    """``new`` with the line endings of ``text``'s first line: CR LF (Windows), CR, or LF.

    The round trip writes LF, but for comments, which keep their CR: kept as it comes, the file
    would end its lines two ways.
    """
    ending = ending_of(yaml_lines(text)[:1])
    new = new.replace("\r\n", "\n").replace("\r", "\n")
    return new if ending == "\n" else new.replace("\n", ending)


def saved_text(
    text: str,
    questionnaire: Questionnaire,
    header: Mapping[str, str | None],
    answers: Mapping[str, Answer],
) -> str:
    """``text`` with the given header values and every answer set, everything else kept."""
    doc, back = _with_header(text, header)
    node = doc.get("answers")
    if not isinstance(node, CommentedMap):
        node = CommentedMap()
        doc["answers"] = node
    order = [q.id for d in questionnaire.dimensions for q in d.questions]
    for question_id in order:
        answer = answers.get(question_id, Answer(None))
        current = node.get(question_id)
        if question_id in node and _same(current, answer):
            continue
        _set(node, question_id, _node(answer), order)
    return _ended_as(text, _dump(doc, back))


def _same(node: Any, answer: Answer) -> bool:
    """Whether a file's node already says ``answer`` (so it is left exactly as written)."""
    if isinstance(node, CommentedMap):
        value, note, evidence = node.get("value"), node.get("note"), node.get("evidence")
    else:
        value, note, evidence = node, None, None
    if isinstance(value, list):
        value = tuple(value)
    return bool(
        value == answer.value
        and (note or None) == (answer.note or None)
        and (evidence or None) == (answer.evidence or None)
    )


def _set(mapping: CommentedMap, key: str, value: Any, order: Sequence[str]) -> None:
    """Set ``mapping[key]`` in place, or insert it after the keys that come before it."""
    if key in mapping:
        _replace(mapping, key, value)
        return
    keys = list(mapping.keys())
    earlier = set(order[: order.index(key)]) if key in order else set(order)
    position = 0
    for index, existing in enumerate(keys):
        if existing in earlier:
            position = index + 1
    mapping.insert(position, key, value)


def _trailing(mapping: CommentedMap, key: str) -> Any:
    """The comment after ``mapping[key]``'s value (the next key's), or None.

    ruamel keeps it with the value before: on a scalar in the parent's slot for the key, on a
    mapping in its last item's slot.
    """
    value = mapping[key]
    if isinstance(value, CommentedMap) and len(value):
        mapping, key = value, list(value.keys())[-1]
    slot = mapping.ca.items.get(key)
    return slot[2] if slot and len(slot) > 2 else None


def _put_trailing(mapping: CommentedMap, key: str, trailing: Any) -> None:
    """Make ``trailing`` the comment after ``mapping[key]``'s value, where _trailing finds it.

    The rest of the slot stays: after an empty answer (or a list written in brackets), ruamel
    keeps the comment block above the next key in that key's own slot.
    """
    value = mapping[key]
    if isinstance(value, CommentedMap) and len(value):
        mapping, key = value, list(value.keys())[-1]
    slot = mapping.ca.items.get(key) or [None, None, None, None]
    slot[2] = trailing
    mapping.ca.items[key] = slot


def _replace(mapping: CommentedMap, key: str, value: Any) -> None:
    """Replace a value, moving the comment that follows it (the next question's) along.

    What the key's slot holds before the key (the comment above it) stays where it is.
    """
    trailing = _trailing(mapping, key)
    mapping[key] = value
    slot = mapping.ca.items.get(key)
    if slot is not None and len(slot) > 2:
        slot[2] = None  # the old value's trailing comment, put back below where it now belongs
    if trailing is not None:
        _put_trailing(mapping, key, trailing)


def _dump(doc: CommentedMap, back: dict[int, str] | None = None) -> str:
    r"""The document as text; ``back`` puts NEL, LS and PS back into comments (see ``_load``).

    Text holding NEL, LS or PS is written double-quoted, where they are escapes (``\N``,
    ``\L``, ``\P``): ruamel.yaml would otherwise break the line at them.
    """
    _change_texts(doc, _quoted_if_needed)
    out = io.StringIO()
    _yaml().dump(doc, out)
    return out.getvalue().translate(back) if back else out.getvalue()


def _quoted_if_needed(text: str) -> str:
    return DoubleQuotedScalarString(text) if any(c in text for c in NOT_BREAKS) else text

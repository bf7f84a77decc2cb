"""Plain Python values from a composed YAML node tree, by the rules of SPEC section 0.

:mod:`~socialmaturity.model.yaml_reader` composes a file with libyaml and hands the node tree
here: plain scalars become values by the YAML 1.2 core schema
(:func:`~socialmaturity.model.scalars.resolve_plain`), quoted ones stay text, tags that would
build objects, merge keys, ``.nan`` keys and duplicate keys are refused at the node that holds
them. Every file a batch reads passes through :meth:`ValueBuilder.build`, so it is written for
speed: one visit per node, the kind of each node told by its class and tag alone.
"""

from __future__ import annotations

import math
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from socialmaturity.errors import InputError, Location
from socialmaturity.model.scalars import NumberTooLongError, resolve_plain

#: Our tag for an untagged plain scalar, resolved by the YAML 1.2 rules.
PLAIN = "!plain"
STR = "tag:yaml.org,2002:str"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
#: The YAML 1.2 core schema's scalar tags: they build no object, only the value a plain scalar
#: of that kind has (``!!int 0`` is 0, ``!!float 2`` is 2.0); the text must be of that kind.
CORE_TAGS: dict[str, tuple[str, tuple[type, ...]]] = {
    "tag:yaml.org,2002:int": ("a whole number", (int,)),
    "tag:yaml.org,2002:float": ("a number", (float, int)),
    "tag:yaml.org,2002:bool": ("true or false", (bool,)),
    "tag:yaml.org,2002:null": ("null", (type(None),)),
}


def node_location(name: str, item: Node | yaml.Event) -> Location:
    """Where a node or a parser event starts (events may have no mark)."""
    mark = item.start_mark
    if mark is None:
        return Location(name)
    return Location(name, mark.line + 1, mark.column + 1)


#: Plain scalars this short are resolved once per process and kept (:func:`_resolved`): keys,
#: option values and numbers repeat from file to file; longer texts (notes) rarely do.
_KEPT_LENGTH = 64
#: At most this many are kept (about 1 MiB); a batch of the bundled questionnaire repeats fewer
#: than a thousand. When full, all are dropped and the ones still in use kept again.
_MAX_KEPT = 8192
_KEPT: dict[str, Any] = {}
_MISSING = object()


def _resolved(text: str) -> Any:
    """:func:`resolve_plain`, kept for short texts; raises what it raises."""
    value = resolve_plain(text)
    if len(text) <= _KEPT_LENGTH:
        if len(_KEPT) >= _MAX_KEPT:
            _KEPT.clear()
        _KEPT[text] = value
    return value


def core_value(tag: str, text: str) -> Any:
    """The value a core-schema tag (:data:`CORE_TAGS`) gives ``text``; ValueError if none.

    The text must be of the tag's kind: the tag names the kind, it never builds anything else.
    """
    what, kinds = CORE_TAGS[tag]
    value = _resolved(text) if text else None  # NumberTooLongError is a ValueError
    if type(value) is bool and bool not in kinds:  # true is no number
        value = text
    if not isinstance(value, kinds):
        raise ValueError(f"{text!r} is not {what}, as its tag !!{tag.rpartition(':')[2]} says")
    return float(value) if isinstance(value, int) and float in kinds else value


class ValueBuilder:
    """Builds plain values from a composed node tree, enforcing keys and tags.

    ``non_specific`` holds where scalars tagged ``!`` start (0-based line and column): YAML 1.2
    reads them as text, whatever they look like. A list or mapping nested deeper than
    ``max_depth`` is an error. Mappings of plain scalars (the bulk of every response file) are
    built without a call per scalar.
    """

    def __init__(self, name: str, non_specific: set[tuple[int, int]], max_depth: int) -> None:
        self.name = name
        self.non_specific = non_specific
        self.max_depth = max_depth
        self.room = max_depth  # how many more levels of lists and mappings may open

    def error(self, message: str, node: Node) -> InputError:
        """An input error at ``node``."""
        return InputError(message, node_location(self.name, node))

    def build(self, node: Node) -> Any:
        """The value of ``node`` and everything under it."""
        kind = type(node)
        tag = node.tag
        if kind is ScalarNode:
            if tag == PLAIN:
                return self.plain(node)
            if tag == STR:
                return node.value
            if tag in CORE_TAGS:
                return self.core(node)
        elif kind is MappingNode:
            if tag == MAP:
                return self.mapping(node)
        elif kind is SequenceNode and tag == SEQ:
            self.enter(node)
            items = self.sequence(node.value)
            self.room += 1
            return items
        raise self.error(f"tags are not allowed here ({tag})", node)

    def sequence(self, children: list[Node]) -> list[Any]:
        """A list's items; a plain scalar goes straight to :meth:`plain`."""
        build, plain = self.build, self.plain
        return [
            plain(child) if type(child) is ScalarNode and child.tag == PLAIN else build(child)
            for child in children
        ]

    def enter(self, node: Node) -> None:
        """One level deeper: a list or mapping opens at ``node``."""
        self.room -= 1
        if self.room < 0:
            raise self.error(f"nesting deeper than {self.max_depth} levels is not allowed", node)

    def plain(self, node: Node) -> Any:
        """An untagged plain scalar's value (or text, where it was tagged ``!``)."""
        non_specific = self.non_specific
        if non_specific and (node.start_mark.line, node.start_mark.column) in non_specific:
            return node.value
        value = _KEPT.get(node.value, _MISSING)
        if value is not _MISSING:
            return value
        try:
            return _resolved(node.value)
        except NumberTooLongError as exc:
            raise self.error(str(exc), node) from None

    def core(self, node: Node) -> Any:
        """The value of a scalar tagged ``!!int``, ``!!float``, ``!!bool`` or ``!!null``."""
        try:
            return core_value(node.tag, node.value)
        except ValueError as exc:
            raise self.error(str(exc), node) from None

    def mapping(self, node: Node) -> dict[Any, Any]:
        """A mapping's keys and values; a key must be a scalar, written once."""
        self.enter(node)
        result: dict[Any, Any] = {}
        build, plain, kept = self.build, self.plain, _KEPT
        quick = not self.non_specific  # a plain scalar's value is then told by its text alone
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                raise self.error("a key must be a plain value, not a list or mapping", key_node)
            tag = key_node.tag
            if tag == PLAIN:
                if key_node.value == "<<":
                    raise self.error("merge keys (<<) are not supported", key_node)
                key = kept.get(key_node.value, _MISSING) if quick else _MISSING
                if key is _MISSING:
                    key = plain(key_node)
                if type(key) is float and math.isnan(key):
                    raise self.error("a key cannot be .nan", key_node)
            elif tag == STR:
                key = key_node.value
            elif tag in CORE_TAGS:
                key = self.core(key_node)
                if type(key) is float and math.isnan(key):
                    raise self.error("a key cannot be .nan", key_node)
            elif tag == _MERGE:
                raise self.error("merge keys (<<) are not supported", key_node)
            else:
                raise self.error(f"tags are not allowed here ({tag})", key_node)
            if key in result:
                raise self.error(f"duplicate key {key!r}", key_node)
            if quick and type(value_node) is ScalarNode and value_node.tag == PLAIN:
                value = kept.get(value_node.value, _MISSING)
                result[key] = plain(value_node) if value is _MISSING else value
            else:
                result[key] = build(value_node)
        self.room += 1
        return result


class KeyIndex:
    """A mapping node's entries by key value and by key text, first entry winning."""

    def __init__(self, node: MappingNode) -> None:
        self.by_value: dict[Any, tuple[Node, Node]] = {}
        self.by_text: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode):
                key = key_value(key_node)
                self.by_value.setdefault(key, (key_node, value_node))
                self.by_text.setdefault(str(key), (key_node, value_node))

    def get(self, part: str | int) -> tuple[Node, Node] | None:
        """The entry whose key is ``part`` (a value, else its text), or None."""
        found = self.by_value.get(part)
        return found if found is not None else self.by_text.get(str(part))


def key_value(node: ScalarNode) -> Any:
    """A key's value as the builder made it, so an error about the key finds its node."""
    if node.tag == PLAIN:
        return resolve_plain(node.value)
    if node.tag in CORE_TAGS:
        try:
            return core_value(node.tag, node.value)
        except ValueError:  # an error of its own, located at it already
            return node.value
    return node.value

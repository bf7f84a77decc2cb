"""The one place that reads YAML.

Files are composed into a node tree by libyaml (PyYAML's C parser, or its pure-Python twin when
the C one is missing) and built into plain Python values here, so the rules of SPEC section 0 hold
in one spot: YAML 1.2 core-schema scalars (only ``true``/``false`` are booleans), no tags that
build objects, duplicate keys refused, anchors and aliases refused or bounded, and every error
pointing at ``path:LINE:COL``. The node tree is kept so later validation can point back at the
line that caused a problem.
"""

from __future__ import annotations

import math
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from socialmaturity.errors import InputError, Location

#: Nesting deeper than this is refused before composing (libyaml recurses on the C stack).
MAX_DEPTH = 64
#: A questionnaire may not expand to more nodes than this through its aliases.
MAX_NODES = 100_000

#: Where an anchor (&a) or alias (*a) could start; "R&D" in a note cannot be one.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,:?-])[&*][^\s,\[\]{}]", re.MULTILINE)

_PLAIN = "!plain"  # our marker for an untagged plain scalar, resolved by the YAML 1.2 rules below
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_SPECIAL: dict[str, Any] = {
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


class _Resolver(BaseResolver):
    """Leaves plain scalars unresolved so the YAML 1.2 core schema can be applied here."""

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        if kind is ScalarNode and implicit[0]:
            return _PLAIN
        return str(BaseResolver.resolve(self, kind, value, implicit))  # type: ignore[no-untyped-call]


def _make_loader() -> Any:
    """A loader class: libyaml's parser (bundled with PyYAML's wheels), else the pure-Python one."""
    try:
        from yaml._yaml import CParser
    except ImportError:  # pragma: no cover - only where PyYAML was built without libyaml
        from yaml.composer import Composer
        from yaml.parser import Parser
        from yaml.reader import Reader
        from yaml.scanner import Scanner

        class PureLoader(Reader, Scanner, Parser, Composer, _Resolver):
            def __init__(self, stream: str) -> None:
                Reader.__init__(self, stream)
                Scanner.__init__(self)
                Parser.__init__(self)
                Composer.__init__(self)
                _Resolver.__init__(self)

        return PureLoader

    class FastLoader(CParser, _Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Resolver.__init__(self)

    return FastLoader


_Loader: Any = _make_loader()


def resolve_plain(text: str) -> Any:
    """Turn a plain (unquoted) scalar into a value by the YAML 1.2 core schema."""
    if text in _SPECIAL:
        return _SPECIAL[text]
    if text[0] not in _NUMBER_START:
        return text
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    return text


@dataclass(frozen=True)
class YamlDocument:
    """A file's values and the node tree they came from, to point errors back at lines."""

    path: str
    data: Any
    root: Node

    def _find(self, loc: Sequence[str | int]) -> tuple[Node, Node | None, bool]:
        """The node at ``loc`` (or the deepest one there), its key node, whether it was found."""
        node = self.root
        key_node: Node | None = None
        for part in loc:
            key_node = None
            if isinstance(node, MappingNode):
                for k, v in node.value:
                    if isinstance(k, ScalarNode) and _same_key(_scalar(k), part):
                        key_node, node = k, v
                        break
                else:
                    return node, None, False
            elif isinstance(node, SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return node, None, False
                node = node.value[part]
            else:
                return node, None, False
        return node, key_node, True

    def locate(self, loc: Sequence[str | int], *, key: bool = False) -> Location:
        """Where the value at ``loc`` (mapping keys and list indices) is written.

        With ``key``, point at the key itself rather than its value. Where ``loc`` leads to
        something not in the file (a missing key), point at the deepest part that is there.
        """
        node, key_node, _ = self._find(loc)
        target = key_node if key and key_node is not None else node
        return Location(self.path, target.start_mark.line + 1, target.start_mark.column + 1)

    def source_text(self, loc: Sequence[str | int]) -> str | None:
        """The text of the scalar at ``loc`` as written in the file, if it is a scalar."""
        node, _, found = self._find(loc)
        return node.value if found and isinstance(node, ScalarNode) else None


def _same_key(actual: Any, wanted: str | int) -> bool:
    return bool(actual == wanted) or str(actual) == str(wanted)


def _scalar(node: ScalarNode) -> Any:
    if node.tag == _PLAIN:
        return resolve_plain(node.value)
    return node.value


def read_text(path: str | Path) -> str:
    """Read a UTF-8 file, turning every way that can fail into an :class:`InputError`."""
    name = str(path)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode) and not Path(path).is_dir():
            raise InputError("not a regular file", Location(name))
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", Location(name)) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", Location(name)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", Location(name)) from None
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark is allowed
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        raise InputError("not valid UTF-8 text", Location(name, line, column)) from None


def load_yaml(path: str | Path, *, allow_aliases: bool, text: str | None = None) -> YamlDocument:
    """Read and build one YAML document under the rules of SPEC section 0.

    ``allow_aliases`` is true for questionnaires (bounded to :data:`MAX_NODES` after expansion)
    and false for responses. ``text`` skips reading the file (its name still labels errors).
    """
    name = str(path)
    if text is None:
        text = read_text(path)
    if "\x00" in text:
        at = text.index("\x00")
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        raise InputError("not a text file (it contains a NUL byte)", Location(name, line, column))
    _check_depth(name, text)
    if not allow_aliases and _MAYBE_ANCHOR.search(text):
        _refuse_anchors(name, text)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(name, exc) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(name, text, exc) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", Location(name)) from None
    if root is None or (
        isinstance(root, ScalarNode) and root.tag == _PLAIN and resolve_plain(root.value) is None
    ):
        raise InputError("the file is empty", Location(name, 1, 1))
    if allow_aliases:
        _check_expansion(name, root)
    builder = _Builder(name)
    return YamlDocument(name, builder.build(root), root)


def _yaml_error(name: str, exc: yaml.MarkedYAMLError) -> InputError:
    mark = exc.problem_mark or exc.context_mark
    message = exc.problem or exc.context or "invalid YAML"
    if exc.context and exc.problem:
        message = f"{exc.problem} ({exc.context})"
    message = f"invalid YAML: {message}"
    if mark is None:
        return InputError(message, Location(name))
    return InputError(message, Location(name, mark.line + 1, mark.column + 1))


def _reader_error(name: str, text: str, exc: yaml.reader.ReaderError) -> InputError:
    """A character YAML does not allow, located by its position in the text."""
    at = min(max(exc.position, 0), len(text))
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    return InputError(
        f"invalid YAML: the control character U+{code:04X} is not allowed",
        Location(name, line, column),
    )


def _check_depth(name: str, text: str) -> None:
    """Refuse nesting deep enough to exhaust the parser's stack, before parsing."""
    brackets = text.count("[") + text.count("{") + text.count("?")
    indents = re.findall(r"^[ \t?:-]*", text, re.MULTILINE)
    widest = max((len(i) for i in indents), default=0)
    if brackets + widest + 1 < MAX_DEPTH:
        return  # cannot possibly nest that deep
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise InputError(
                        f"nesting deeper than {MAX_DEPTH} levels is not allowed",
                        _event_location(name, event),
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(name, exc) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(name, text, exc) from None


def _event_location(name: str, event: yaml.Event) -> Location:
    mark = event.start_mark
    if mark is None:
        return Location(name)
    return Location(name, mark.line + 1, mark.column + 1)


def _refuse_anchors(name: str, text: str) -> None:
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise InputError(
                    "anchors and aliases are not allowed in response files",
                    _event_location(name, event),
                )
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(name, exc) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(name, text, exc) from None


def _check_expansion(name: str, root: Node) -> None:
    """Count the nodes the document would have with every alias expanded, without expanding."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            mark = node.start_mark
            raise InputError(
                "an alias refers to a node that contains it (recursive alias)",
                Location(name, mark.line + 1, mark.column + 1),
            )
        if isinstance(node, ScalarNode):
            return 1
        open_nodes.add(key)
        if isinstance(node, MappingNode):
            total = 1 + sum(size(k) + size(v) for k, v in node.value)
        else:
            total = 1 + sum(size(child) for child in node.value)
        open_nodes.discard(key)
        sizes[key] = total
        if total > MAX_NODES:
            raise InputError(
                f"the document expands to more than {MAX_NODES:,} nodes through its aliases",
                Location(name, 1, 1),
            )
        return total

    size(root)


class _Builder:
    """Builds plain values from a composed node tree, enforcing keys and tags."""

    def __init__(self, name: str) -> None:
        self.name = name

    def error(self, message: str, node: Node) -> InputError:
        mark = node.start_mark
        return InputError(message, Location(self.name, mark.line + 1, mark.column + 1))

    def build(self, node: Node) -> Any:
        tag = node.tag
        if isinstance(node, ScalarNode):
            if tag == _PLAIN:
                return resolve_plain(node.value)
            if tag == _STR:
                return node.value
        elif isinstance(node, MappingNode):
            if tag == _MAP:
                return self.mapping(node)
        elif isinstance(node, SequenceNode) and tag == _SEQ:
            return [self.build(child) for child in node.value]
        raise self.error(f"tags are not allowed here ({tag})", node)

    def mapping(self, node: MappingNode) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise self.error("a key must be a plain value, not a list or mapping", key_node)
            if key_node.tag == "tag:yaml.org,2002:merge" or (
                key_node.tag == _PLAIN and key_node.value == "<<"
            ):
                raise self.error("merge keys (<<) are not supported", key_node)
            key = self.build(key_node)
            if isinstance(key, float) and math.isnan(key):
                raise self.error("a key cannot be .nan", key_node)
            if key in result:
                raise self.error(f"duplicate key {key!r}", key_node)
            result[key] = self.build(value_node)
        return result

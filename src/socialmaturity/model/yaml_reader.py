"""The one place that reads YAML.

Files are composed into a node tree by libyaml (PyYAML's C parser, or its pure-Python twin when
the C one is missing) and built into plain Python values here, so the rules of SPEC section 0 hold
in one spot: YAML 1.2 core-schema scalars (only ``true``/``false`` are booleans), no tags that
build objects, duplicate keys refused, anchors and aliases refused or bounded, and every error
pointing at ``path:LINE:COL``. The node tree is kept so validation can point at a problem's line.

What a file may ask of the reader is bounded, so no file can make it fail or stall: at most
:data:`~socialmaturity.model.reading.MAX_FILE_BYTES` bytes, :data:`MAX_DEPTH` levels of nesting
(aliases expanded), :data:`MAX_NODES` nodes in a document that aliases expand, and whole
numbers of at most :data:`~socialmaturity.model.scalars.MAX_DIGITS` digits.
"""

from __future__ import annotations

import contextlib
import operator
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from socialmaturity.errors import InputError, Location
from socialmaturity.model.line_breaks import stand_in_for_non_breaks
from socialmaturity.model.reading import read_utf8
from socialmaturity.model.scalars import SPECIAL
from socialmaturity.model.yaml_values import (
    MAP,
    PLAIN,
    SEQ,
    STR,
    KeyIndex,
    ValueBuilder,
    node_location,
)

#: Nesting deeper than this is refused: before composing (libyaml recurses on the C stack), and
#: again counting what aliases stand for.
MAX_DEPTH = 64
#: A questionnaire's aliases may not stand for more nodes than this, all uses counted.
MAX_NODES = 100_000

#: Where an anchor (&a) or alias (*a) could start; "R&D" in a note cannot be one.
_MAYBE_ANCHOR = re.compile(rb"(?:^|[\s\[{,:?-])[&*][^\s,\[\]{}]", re.MULTILINE)
#: Where the non-specific tag ``!`` could be written; "Wow! 2" in a note cannot be one.
_MAYBE_NON_SPECIFIC = re.compile(rb"(?:^|[\s\[{,:?-])!(?=[\s,\]}]|\Z)", re.MULTILINE)


class _Resolver:
    """Tags for untagged nodes: plain scalars are left to the YAML 1.2 core schema (below).

    The composer calls these three hooks at every node, so they cost as little as a call can:
    ``resolve`` decides from the node's kind alone, and the two path hooks (PyYAML's path
    resolvers, which this tool never registers) are C built-ins that take the same arguments
    and do nothing.
    """

    descend_resolver = staticmethod(operator.is_)  # (parent, index): nothing to do
    ascend_resolver = staticmethod(tuple)  # (): nothing to do

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return PLAIN if implicit[0] else STR
        return SEQ if kind is SequenceNode else MAP


def make_loader(*, libyaml: bool = True) -> Any:
    """A loader class: libyaml's parser (bundled with PyYAML's wheels), else the pure-Python one.

    Both compose the same nodes with the same marks; the pure-Python one is what PyYAML offers
    where it was built without libyaml, and what the tests compare libyaml with.
    """
    if libyaml:
        try:
            from yaml._yaml import CParser
        except ImportError:  # pragma: no cover - only where PyYAML was built without libyaml
            pass
        else:

            class FastLoader(CParser, _Resolver):
                def __init__(self, stream: str) -> None:
                    CParser.__init__(self, stream)

            return FastLoader

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

    return PureLoader


_Loader: Any = make_loader()
#: Whether libyaml reads: it bounds nesting itself; PyYAML's pure-Python composer recurses.
_LIBYAML = _Loader.__name__ == "FastLoader"
_T = TypeVar("_T")


@dataclass(frozen=True)
class YamlDocument:
    """A file's values and the node tree they came from, to point errors back at lines."""

    path: str
    data: Any
    root: Node
    #: Whether the text may hold an anchor or alias (told from its bytes): a file read allowing
    #: them is read again as a response only then, to refuse them where they are written.
    may_alias: bool = False
    _keys: dict[int, KeyIndex] = field(default_factory=dict, init=False, repr=False, compare=False)

    def _entry(self, node: MappingNode, part: str | int) -> tuple[Node, Node] | None:
        """The key and value nodes of ``part`` in a mapping, looked up through an index.

        A key matches when it equals ``part`` or reads the same as text (``1`` and ``"1"``).
        Each mapping is indexed once, so locating every key of a large mapping stays linear.
        """
        index = self._keys.get(id(node))
        if index is None:
            index = self._keys[id(node)] = KeyIndex(node)
        return index.get(part)

    def _find(self, loc: Sequence[str | int]) -> tuple[Node, Node | None, bool]:
        """The node at ``loc`` (or the deepest one there), its key node, whether it was found."""
        node = self.root
        key_node: Node | None = None
        for part in loc:
            key_node = None
            if isinstance(node, MappingNode):
                entry = self._entry(node, part)
                if entry is None:
                    return node, None, False
                key_node, node = entry
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


def load_yaml(
    path: str | Path, *, allow_aliases: bool, text: str | None = None, kind: str = "response files"
) -> YamlDocument:
    """Read and build one YAML document under the rules of SPEC section 0.

    ``allow_aliases`` is true for questionnaires and their translations (a document that aliases
    expand bounded to :data:`MAX_NODES` nodes in all) and false for responses and brand files
    (``kind`` names them in the error). ``text`` skips reading the file (its name still labels
    errors). A file that may use aliases (a questionnaire, a translation, a file not yet known
    to be a response) can be large: it is read with the cyclic collector paused
    (:mod:`~socialmaturity.model.collector`); a response, read thousands of times in a batch, not.
    """
    if not allow_aliases:
        return _load(str(path), text, allow_aliases=False, kind=kind)
    from socialmaturity.model.collector import paused_collector

    with paused_collector():
        return _load(str(path), text, allow_aliases=True, kind=kind)


def _load(name: str, text: str | None, *, allow_aliases: bool, kind: str) -> YamlDocument:
    """:func:`load_yaml`, with the collector as the caller found it."""
    # The text's UTF-8 bytes are scanned for the characters that matter here (all ASCII, which
    # UTF-8 never uses inside another character) and handed to libyaml, which reads UTF-8.
    if text is None:
        text, data = read_utf8(name)
    else:
        data = _encoded(name, text)
    if b"\x00" in data:
        raise InputError(
            "not a text file (it contains a NUL byte)", _at(name, text, text.index("\x00"))
        )
    text, restore = stand_in_for_non_breaks(text, name)
    if restore:
        data = text.encode("utf-8")
    try:
        may_have_anchors = (b"&" in data or b"*" in data) and _MAYBE_ANCHOR.search(data) is not None
        refuse_anchors = not allow_aliases and may_have_anchors
        if refuse_anchors or not _LIBYAML:  # PyYAML's own composer recurses: measured first
            _refuse_first(name, text, kind if refuse_anchors else None)
        root = _deepest_first(name, text, _compose, name, text, data)
    except InputError as exc:
        raise _restored(exc, restore) from None
    _restore_characters(root, restore)
    non_specific = (
        _non_specific_scalars(text) if b"!" in data and _MAYBE_NON_SPECIFIC.search(data) else set()
    )
    if root is None or (
        isinstance(root, ScalarNode)
        and root.tag == PLAIN
        and SPECIAL.get(root.value, "") is None
        and _mark(root) not in non_specific
    ):
        raise InputError("the file is empty", Location(name, 1, 1))
    if allow_aliases and may_have_anchors:
        _deepest_first(name, text, _check_expansion, name, root)
    data = _deepest_first(name, text, ValueBuilder(name, non_specific, MAX_DEPTH).build, root)
    return YamlDocument(name, data, root, may_have_anchors)


def _deepest_first(name: str, text: str, step: Callable[..., _T], *args: Any) -> _T:
    """``step(*args)``, but when it finds a problem, nesting too deep before it wins.

    Nesting is measured as libyaml reads (:func:`_refuse_first`), up to where the problem was
    found, only for files with a problem: a good file is read once.
    """
    try:
        return step(*args)
    except InputError as problem:
        _refuse_first(name, text, None, until=problem.location)
        raise


def _at(name: str, text: str, at: int) -> Location:
    """The location of the character at index ``at`` of ``text``."""
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return Location(name, line, column)


def _encoded(name: str, text: str) -> bytes:
    """Text handed over by a caller (not read from a file) as UTF-8; lone surrogates refused."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(text[exc.start])
        raise InputError(
            f"not valid text: the lone surrogate U+{code:04X}", _at(name, text, exc.start)
        ) from None


def _compose(name: str, text: str, data: bytes) -> Node | None:
    """``text`` composed into nodes; libyaml reads its UTF-8 ``data`` (the same marks)."""
    with _located(name, text):
        return yaml.compose(data, Loader=_Loader)


@contextlib.contextmanager
def _located(name: str, text: str) -> Iterator[None]:
    """Turn libyaml's errors, raised while it reads ``text``, into located input errors."""
    try:
        yield
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(name, exc, text) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(name, text, exc) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", Location(name)) from None


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line, node.start_mark.column


def _restored(exc: InputError, restore: dict[int, str]) -> InputError:
    if not restore:
        return exc
    return InputError(exc.message.translate(restore), exc.location)


def _restore_characters(root: Node | None, restore: dict[int, str]) -> None:
    """Put the characters hidden by :func:`stand_in_for_non_breaks` back into every scalar."""
    if not restore or root is None:
        return
    seen: set[int] = set()
    todo = [root]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            node.value = node.value.translate(restore)
        elif isinstance(node, MappingNode):
            todo.extend(part for pair in node.value for part in pair)
        elif isinstance(node, SequenceNode):
            todo.extend(node.value)
        node.tag = node.tag.translate(restore)


def _non_specific_scalars(text: str) -> set[tuple[int, int]]:
    """Where scalars tagged ``!`` start: YAML 1.2 reads them as text, whatever they look like.

    libyaml resolves them like untagged plain scalars, so they are found in the event stream.
    Only called on text that composed without errors.
    """
    return {
        (event.start_mark.line, event.start_mark.column)
        for event in yaml.parse(text, Loader=_Loader)
        if isinstance(event, yaml.ScalarEvent) and event.tag == "!" and event.start_mark
    }


#: What libyaml's most cryptic messages usually mean, added after its own words.
_PLAIN_WORDS = (
    (
        "mapping values are not allowed",
        "a value holds ': ' (put it in quotes) or a key is indented wrongly",
    ),
    ("could not find expected ':'", "a line has no 'key: value' form, or a quote is not closed"),
    ("did not find expected key", "this line is not indented like the keys around it"),
    ("did not find expected '-' indicator", "this line is not indented like the list's items"),
)


def _yaml_error(name: str, exc: yaml.MarkedYAMLError, text: str = "") -> InputError:
    mark = exc.problem_mark or exc.context_mark
    message = exc.problem or exc.context or "invalid YAML"
    if exc.context and exc.problem:
        message = f"{exc.problem} ({exc.context})"
    message = f"invalid YAML: {message}"
    if "maximum nesting depth" in message:  # libyaml's own limit, reached before ours
        line, column = _too_deep(text, mark)
        return InputError(
            f"nesting deeper than {MAX_DEPTH} levels is not allowed", Location(name, line, column)
        )
    if mark is not None and _is_tab(text, mark.line, mark.column):
        message = "invalid YAML: tabs cannot indent YAML; use spaces"  # libyaml's words are cryptic
    else:
        hint = next((hint for words, hint in _PLAIN_WORDS if words in message), None)
        if hint:
            message = f"{message}; {hint}"
    if mark is None:
        return InputError(message, Location(name))
    return InputError(message, Location(name, mark.line + 1, mark.column + 1))


def _too_deep(text: str, mark: yaml.Mark | None) -> tuple[int | None, int | None]:
    """Where flow brackets first nest deeper than MAX_DEPTH (1-based), else libyaml's mark."""
    depth = 0
    line, column = 1, 0
    for char in text:
        column += 1
        if char == "\n":
            line, column = line + 1, 0
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line, column
        elif char in "]}":
            depth -= 1
    if mark is None:
        return None, None
    return mark.line + 1, mark.column + 1


def _is_tab(text: str, line: int, column: int) -> bool:
    """Whether the character at a 0-based line and column is a tab."""
    lines = text.split("\n", line + 1)
    return line < len(lines) and column < len(lines[line]) and lines[line][column] == "\t"


def _reader_error(name: str, text: str, exc: yaml.reader.ReaderError) -> InputError:
    """A character YAML does not allow, located by its position in the text.

    libyaml gives that position in bytes of UTF-8; PyYAML's own reader, in characters.
    """
    at = max(exc.position, 0)
    if _LIBYAML:
        at = len(text.encode("utf-8")[:at].decode("utf-8", errors="ignore"))
    at = min(at, len(text))
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    return InputError(
        f"invalid YAML: the control character U+{code:04X} is not allowed", _at(name, text, at)
    )


def _refuse_first(
    name: str, text: str, anchors_in: str | None, *, until: Location | None = None
) -> None:
    """Refuse the first thing in the file, as libyaml reads it, that nests deeper than MAX_DEPTH.

    With ``anchors_in`` (the kind of file), an anchor or alias is refused too. A YAML error
    reached first is libyaml's. With ``until``, nothing from that line and column on counts.
    libyaml stops at its own, deeper, limit of nesting.
    """
    depth = 0
    stop = (until.line, until.column or 1) if until is not None and until.line else None
    with _located(name, text):
        for event in yaml.parse(text, Loader=_Loader):
            where = node_location(name, event)
            if stop is not None and where.line is not None and (where.line, where.column) >= stop:
                return
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise InputError(
                        f"nesting deeper than {MAX_DEPTH} levels is not allowed", where
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            if anchors_in and (
                isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None)
            ):
                raise InputError(f"anchors and aliases are not allowed in {anchors_in}", where)


def _check_expansion(name: str, root: Node) -> None:
    """Refuse aliases that stand for too many nodes or nest too deep, without expanding them.

    Every node is visited once (aliases make the tree a graph; sizes and depths are kept per
    node), iteratively, so neither a long chain of aliases nor an alias bomb can exhaust the
    stack or the clock. SPEC 0 refuses a document that aliases expand to more than
    :data:`MAX_NODES` nodes in all; one without aliases is only as large as it is written.
    """
    sizes: dict[int, int] = {}  # nodes once expanded, per node
    depths: dict[int, int] = {}  # nesting once expanded, per node (collections only count)
    open_nodes: set[int] = set()
    stack: list[tuple[Node, Iterator[Node]]] = []

    def enter(node: Node) -> None:
        if isinstance(node, ScalarNode):
            sizes[id(node)], depths[id(node)] = 1, 0
        else:
            open_nodes.add(id(node))
            stack.append((node, iter(_children(node))))

    enter(root)
    while stack:
        node, pending = stack[-1]
        child = next(pending, None)
        if child is not None:
            if id(child) in open_nodes:
                raise InputError(
                    "an alias refers to a node that contains it (recursive alias)",
                    node_location(name, child),
                )
            if id(child) not in sizes:
                enter(child)
            continue
        stack.pop()
        open_nodes.discard(id(node))
        children = _children(node)
        depth = 1 + max((depths[id(child)] for child in children), default=0)
        if depth > MAX_DEPTH:
            raise InputError(
                f"nesting deeper than {MAX_DEPTH} levels is not allowed "
                "(counting what aliases stand for)",
                node_location(name, node),
            )
        depths[id(node)] = depth
        sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
    expanded = sizes[id(root)]
    if expanded > len(sizes) and expanded > MAX_NODES:  # an alias used, and too much in all
        raise InputError(
            f"the document's aliases expand it to more than {MAX_NODES:,} nodes",
            Location(name, 1, 1),
        )


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []

"""A response file rewritten for a new questionnaire version, by editing its text in place.

Not through the YAML round trip :mod:`~socialmaturity.interview.writer` saves with: ruamel.yaml
keeps a comment with the value before it, so removing or renaming answers moved comments to
other answers or lost them, and it writes a block list as a bracketed one. ``migrate`` promises
every comment kept and nothing else changed (SPEC section 4), so here the file is only read for
where things are (:class:`~socialmaturity.interview.text_layout.Layout`), and only the text of
renamed keys, mapped values and dropped answers changes:

- a renamed key keeps its comments, and the comment after it keeps its column where it can;
- a dropped answer's lines go; the comments above it stay (above what now follows), the comments
  on its lines go into the one comment line added for it above ``answers:``;
- a value removed from a multi answer goes with its line (block list) or its comma (brackets);
- each added line says everything on its own (:func:`dropped_line`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.tokens import BlockEntryToken, FlowEntryToken, ValueToken

from socialmaturity.interview.text_layout import Layout
from socialmaturity.interview.writer import comment_text
from socialmaturity.model.migration import Dropped, Migrated
from socialmaturity.model.scalars import NumberTooLongError, resolve_plain

#: A scalar that may stay unquoted wherever it is written: it reads back as this very text.
_PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*\Z")
#: What may stand before a mapping key or a list's ``-`` on a line the entry has to itself.
_OWN_LINE_START = re.compile(r"[ \t]*(?:\?[ \t]+)?\Z")
#: The most blanks put before a comment to keep it at its column.
_MOST_BLANKS = 40
#: What may follow an entry on a line it has to itself: a comma in brackets, then a comment.
_OWN_LINE_END = re.compile(r"[ \t]*,?[ \t]*\Z")


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str


def migrated_text(
    text: str, version: str, migration_from: str, migrated: Migrated, answers: Mapping[str, Any]
) -> str:
    """``text`` rewritten for a new questionnaire version, every other character kept.

    ``answers`` are the file's raw answers as read and ``migrated`` what they become: keys are
    renamed where they stand, values mapped in place, dropped answers and values removed with
    their lines, and one comment line per dropped answer added above ``answers:``.
    ``questionnaire_version`` becomes ``version``.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    layout = Layout(text[len(bom) :])
    keys = _top_level(layout)
    answers_key, answers_node = keys["answers"]
    if not isinstance(answers_node, MappingNode):
        raise ValueError("a response file with answers")
    edits: list[_Edit] = []
    if "questionnaire_version" in keys:
        node = keys["questionnaire_version"][1]
        if isinstance(node, ScalarNode):
            style = "'" if node.style == "'" else '"'  # "1.0" stays text
            edits.append(_replaced(layout, node, version, style))
    kept = {old: new for new, old in migrated.sources.items()}
    dropped = _by_question(migrated.dropped)
    lines: list[tuple[int, str]] = []  # (the answer's place in the file, its line)
    survives: list[bool] = []
    for index, (key, value) in enumerate(answers_node.value):
        old = layout.value(key) if isinstance(key, ScalarNode) else None
        survives.append(old in kept)
        if old is None or old not in kept:
            continue
        new = kept[old]
        if new != old:
            edits.append(_replaced(layout, key, new, key.style))
        comments = _value_edits(
            layout,
            value,
            answers.get(old),
            migrated.answers[new],
            migrated.values.get(new),
            dropped.get(old, []),
            edits,
        )
        if old in dropped:
            line = dropped_line(migration_from, version, old, dropped[old], True, comments=comments)
            lines.append((index, line))
    removed = _removed(layout, answers_node, survives, set(), edits)
    for index, comments in removed.items():
        key = answers_node.value[index][0]
        old = layout.value(key) if isinstance(key, ScalarNode) else None
        if old is None or (old not in dropped and not comments):
            continue  # an empty answer to a question no longer asked, with nothing to keep
        raw = answers.get(old)
        evidence = raw.get("evidence") if isinstance(raw, dict) else None
        ones = dropped.get(old, [])
        line = dropped_line(
            migration_from, version, old, ones, False, evidence=evidence, comments=comments
        )
        lines.append((index, line))
    if removed and not any(survives) and not answers_node.flow_style:
        edits.append(_empty_collection(layout, answers_node, "{}"))
    edits.append(_lines_above(layout, answers_key, [line for _, line in sorted(lines)]))
    return bom + _applied(layout, edits)


def with_dropped(text: str, version: str, migration_from: str, migrated: Migrated) -> str:
    """``text`` with the lines :func:`migrated_text` adds above ``answers:`` for what was dropped.

    For a file written at once for the new version from answers migrated in memory (``import``
    of a submission to an earlier version of the form): no comments to carry.
    """
    if not migrated.dropped:
        return text
    partial = set(migrated.sources.values())
    lines = [
        dropped_line(migration_from, version, question, ones, question in partial)
        for question, ones in _by_question(migrated.dropped).items()
    ]
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    layout = Layout(text[len(bom) :])
    answers_key = _top_level(layout)["answers"][0]
    return bom + _applied(layout, [_lines_above(layout, answers_key, lines)])


def _by_question(dropped: Sequence[Dropped]) -> dict[str, list[Dropped]]:
    """What a migration dropped, by old question id, in the order it was dropped."""
    found: dict[str, list[Dropped]] = {}
    for one in dropped:
        found.setdefault(one.question, []).append(one)
    return found


def dropped_line(
    earlier: str,
    version: str,
    question: str,
    dropped: Sequence[Dropped],
    partial: bool,
    *,
    evidence: object = None,
    comments: Sequence[str] = (),
) -> str:
    """The one comment line that keeps what an answer lost in a migration, all of it.

    ``# dropped migrating 1.0.0 -> 3.0.0: horizon_old: 9 (no longer a valid answer);
    note: too far; comment: bad value``. ``partial``: values removed from a multi answer
    that carried over (all of them on this line). User text cannot break out of the comment.
    """
    if partial:
        values = [_shown(d.value[0] if isinstance(d.value, list) else d.value) for d in dropped]
        reasons = list(dict.fromkeys(d.because() for d in dropped))
        why = (
            reasons[0]
            if len(reasons) == 1
            else ", ".join(
                f"{value}: {d.because()}" for value, d in zip(values, dropped, strict=True)
            )
        )
        what = f"[{', '.join(values)}] removed from the answer ({why})"
        note = None
    elif dropped:
        what = f"{_shown(dropped[0].value, top=True)} ({dropped[0].because()})"
        note = dropped[0].note
    else:
        what, note = "no answer (not carried over)", None
    parts = [f"dropped migrating {earlier} -> {version}: {question}: {what}"]
    if note:
        parts.append(f"note: {note}")
    if evidence is None and dropped and not partial:  # as the migration kept it
        evidence = dropped[0].evidence
    if evidence is not None:
        parts.append(f"evidence: {_shown(evidence)}")
    parts += [f"comment: {text}" for text in comments if text]
    return "# " + comment_text("; ".join(parts))


def _shown(value: object, *, top: bool = False) -> str:
    """A value as YAML writes it in brackets (``[a, b]``, ``true``); no value: ``no answer``."""
    if value is None:
        return "no answer" if top else "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_shown(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_shown(v)}" for k, v in value.items()) + "}"
    return str(value)


def _top_level(layout: Layout) -> dict[str, tuple[Node, Node]]:
    root = layout.root
    if not isinstance(root, MappingNode):
        raise ValueError("a response file is a mapping")
    found: dict[str, tuple[Node, Node]] = {
        layout.value(key): (key, value) for key, value in root.value if isinstance(key, ScalarNode)
    }
    if "answers" not in found:
        raise ValueError("a response file with answers")
    return found


def _same(before: object, after: object) -> bool:
    return type(before) is type(after) and before == after


def _value_edits(
    layout: Layout,
    node: Node,
    before: Any,
    after: Any,
    became: list[Any] | None,
    drops: Sequence[Dropped],
    edits: list[_Edit],
) -> list[str]:
    """Put ``after``'s value where ``before``'s is written (in an answer's mapping: its ``value``).

    Returns the comments of the values removed from a multi answer because they were dropped.
    """
    if isinstance(node, MappingNode):
        entry = next(
            (
                (key, value)
                for key, value in node.value
                if isinstance(key, ScalarNode) and layout.value(key) == "value"
            ),
            None,
        )
        if entry is None:
            return []
        node = entry[1]
        before = before.get("value") if isinstance(before, dict) else before
        after = after.get("value") if isinstance(after, dict) else after
    if isinstance(node, SequenceNode) and became is not None:
        return _list_edits(layout, node, before, became, drops, edits)
    if isinstance(node, ScalarNode) and not _same(before, after):
        edits.append(_replaced(layout, node, after, node.style))
    return []


def _list_edits(
    layout: Layout,
    node: SequenceNode,
    before: Any,
    became: list[Any],
    drops: Sequence[Dropped],
    edits: list[_Edit],
) -> list[str]:
    """A multi answer's values mapped in place and those not carried over removed.

    Returns the comments of the values removed because they were dropped.
    """
    items = node.value
    if not isinstance(before, list) or not len(before) == len(became) == len(items):
        raise ValueError("a multi answer's values do not match the file")
    gone = [d.value[0] for d in drops if isinstance(d.value, list) and d.value]
    for item, old, new in zip(items, before, became, strict=True):
        if new is not None and isinstance(item, ScalarNode) and not _same(old, new):
            edits.append(_replaced(layout, item, new, item.style))
    survives = [new is not None for new in became]
    # A value that now repeats one kept before it goes, but nothing of it is dropped: its
    # comments stay where they are.
    repeats = {i for i, old in enumerate(before) if became[i] is None and old not in gone}
    removed = _removed(layout, node, survives, repeats, edits)
    if removed and not any(survives) and not node.flow_style:
        edits.append(_empty_collection(layout, node, "[]"))
    return [text for i, texts in sorted(removed.items()) if i not in repeats for text in texts]


def _parts(layout: Layout, collection: MappingNode | SequenceNode) -> list[tuple[int, int]]:
    """Where each entry of a mapping, or item of a list (its ``-`` included), starts and ends."""
    if isinstance(collection, MappingNode):
        return [(layout.start(key), layout.end(value)) for key, value in collection.value]
    parts = []
    for item in collection.value:
        start = layout.start(item)
        token = None if collection.flow_style else layout.token_before(start)
        if token is not None and token[2] is BlockEntryToken:
            start = token[0]
        parts.append((start, layout.end(item)))
    return parts


def _removed(
    layout: Layout,
    collection: MappingNode | SequenceNode,
    survives: Sequence[bool],
    keep_comments: set[int],
    edits: list[_Edit],
) -> dict[int, list[str]]:
    """Edits that remove the entries that do not survive; what each one's comments said.

    An entry with lines of its own goes with them, the comments on them included (those of
    ``keep_comments`` stay, as lines of their own); one in brackets goes with a comma.
    """
    text = layout.text
    parts = _parts(layout, collection)
    last_kept = max((i for i, kept in enumerate(survives) if kept), default=-1)
    removed: dict[int, list[str]] = {}
    for index, (start, end) in enumerate(parts):
        if survives[index]:
            continue
        line = layout.line_start(start)
        comment = layout.trailing_comment(end)
        rest = text[end : comment.start if comment else layout.line_end(end)]
        own_lines = _OWN_LINE_START.match(text[line:start]) and _OWN_LINE_END.match(rest)
        if own_lines:
            span = (line, layout.next_line(end))
        elif index < last_kept:  # the comma after it goes
            span = (start, _after_comma(layout, end))
        elif index > 0:  # the comma before it goes
            span = _with_comma_before(layout, parts[index - 1][1], start, end, edits)
        else:
            span = (start, end)
        if not own_lines and text[span[1] : span[1] + 1] in ("", "\r", "\n"):
            span = (len(text[: span[0]].rstrip(" \t")), span[1])  # no blanks left at the end
        comments = layout.comments_in(*span)
        texts = [layout.comment_text(c) for c in comments]
        replacement = ""
        if index in keep_comments and comments and own_lines:
            prefix = text[line:start]
            indent = prefix[: len(prefix) - len(prefix.lstrip(" \t"))]
            replacement = "".join(
                indent + text[c.start : c.end] + layout.line_break(c.start) for c in comments
            )
            texts = []
        edits.append(_Edit(*span, replacement))
        removed[index] = texts
    return removed


def _after_comma(layout: Layout, end: int) -> int:
    """Past the comma after a bracketed entry ending at ``end``, and the blanks after it."""
    token = layout.token_after(end)
    if token is None or token[2] is not FlowEntryToken or layout.text[end : token[0]].strip():
        return end
    stop = token[1]
    while stop < len(layout.text) and layout.text[stop] in " \t":
        stop += 1
    if stop < len(layout.text) and layout.text[stop] == "#":
        return token[1]  # the blanks before a comment stay
    return stop


def _with_comma_before(
    layout: Layout, previous_end: int, start: int, end: int, edits: list[_Edit]
) -> tuple[int, int]:
    """The span of a bracketed entry with the comma before it (from the entry before it on)."""
    token = layout.token_after(previous_end)
    if token is None or token[2] is not FlowEntryToken or token[0] >= start:
        return start, end
    if not layout.text[previous_end : token[0]].strip(" \t") and not layout.text[
        token[1] : start
    ].strip(" \t"):
        return previous_end, end
    edits.append(_Edit(token[0], token[1], ""))  # lines or comments between: only the comma
    return start, end


def _empty_collection(layout: Layout, node: Node, empty: str) -> _Edit:
    """``[]`` or ``{}`` written after the colon of a block collection that lost every entry."""
    token = layout.token_before(layout.start(node))
    if token is None or token[2] is not ValueToken:
        raise ValueError("a block collection without a key")
    return _Edit(token[1], token[1], " " + empty)


def _lines_above(layout: Layout, key: Node, lines: Sequence[str]) -> _Edit:
    """Comment lines put just above a top-level key's line, indented as it is."""
    start = layout.start(key)
    at = layout.line_start(start)
    indent = layout.text[at:start]
    if indent.strip(" \t"):
        indent = ""
    brk = layout.line_break(at)
    return _Edit(at, at, "".join(indent + line + brk for line in lines))


def _replaced(layout: Layout, node: Node, value: Any, style: str | None) -> _Edit:
    """An edit that writes ``value`` where a scalar is written, in its style where it can."""
    start, end = layout.start(node), layout.end(node)
    text = _scalar_text(value, style)
    if style in ("|", ">"):  # its header's comment, if any, stays after the new value
        text += "".join("  " + layout.text[c.start : c.end] for c in layout.comments_in(start, end))
    return _Edit(start, end, text)


#: Characters a quoted YAML scalar cannot hold as they are (a tab only in double quotes).
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
)
#: What double quotes write as an escape.
_TO_ESCAPE = re.compile(
    '[\\\\"\t\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]'
)
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _scalar_text(value: Any, style: str | None) -> str:
    """``value`` as a scalar: plain where it reads back as itself, else quoted as ``style``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if style in (None, "", "|", ">") and _PLAIN.match(text) and _reads_as_text(text):
        return text
    if style == "'" and not _UNPRINTABLE.search(text) and "\t" not in text:
        return "'" + text.replace("'", "''") + "'"
    return _double_quoted(text)


def _reads_as_text(text: str) -> bool:
    try:
        return bool(resolve_plain(text) == text)
    except NumberTooLongError:
        return False


def _double_quoted(text: str) -> str:
    """``text`` in double quotes, every character YAML cannot hold there written as an escape."""

    def escaped(match: re.Match[str]) -> str:
        char = match.group()
        code = ord(char)
        return _ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")

    return '"' + _TO_ESCAPE.sub(escaped, text) + '"'


def _applied(layout: Layout, edits: list[_Edit]) -> str:
    """The text with every edit made (and the comments after edited lines realigned)."""
    edits = [edit for edit in edits if edit.start != edit.end or edit.text]
    edits += _realigned(layout, edits)
    edits.sort(key=lambda edit: (edit.start, edit.end))
    pieces, at = [], 0
    for edit in edits:
        if edit.start < at:
            raise ValueError("two edits of a migrated file overlap")
        pieces += [layout.text[at : edit.start], edit.text]
        at = edit.end
    pieces.append(layout.text[at:])
    return "".join(pieces)


def _realigned(layout: Layout, edits: Sequence[_Edit]) -> list[_Edit]:
    """Edits that keep a comment after an edited line where it was, as far as blanks allow."""
    shifts: dict[int, int] = {}
    for edit in edits:
        if "\n" in edit.text or "\r" in edit.text:
            continue
        if layout.line_start(edit.start) != layout.line_start(edit.end):
            continue
        comment = layout.trailing_comment(edit.end)
        if comment is not None:
            shift = len(edit.text) - (edit.end - edit.start)
            shifts[comment.start] = shifts.get(comment.start, 0) + shift
    found = []
    for start, shift in shifts.items():
        blanks = start
        while blanks > 0 and layout.text[blanks - 1] == " ":
            blanks -= 1
        if not shift or blanks == start:
            continue
        if any(edit.start < start and edit.end > blanks for edit in edits):
            continue  # the blanks themselves are edited
        width = max(1, start - blanks - shift)
        if width <= _MOST_BLANKS:  # else far from what it says: the blanks stay as they were
            found.append(_Edit(blanks, start, " " * width))
    return found

"""Regression cases for scoring rules (SPEC section 4, ``check``).

A case is a response file with an ``expect:`` block. :func:`compare` says how a result differs
from its expectations; :func:`expect_block` and :func:`replace_expect` rewrite the block from a
result while keeping the rest of the file, comments included, exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, ScalarNode

from socialmaturity.engine.scoring import Result, rounded
from socialmaturity.errors import InputError
from socialmaturity.model.line_breaks import ending_of, yaml_lines
from socialmaturity.model.response_file import Expectations, ExpectedScore
from socialmaturity.model.yaml_reader import YamlDocument

#: A score passes when it is within this distance of the unrounded actual score.
SCORE_TOLERANCE = 0.05
FLOAT_NOISE = 1e-9


@dataclass(frozen=True)
class Mismatch:
    """One expectation that the result does not meet."""

    where: str
    expected: object
    actual: object

    def __str__(self) -> str:
        return f"{self.where}: expected {_show(self.expected)}, actual {_show(self.actual)}"


def _show(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def _compare_one(
    where: str, expected: ExpectedScore, score: float | None, level: int | None
) -> list[Mismatch]:
    found = []
    given = expected.model_fields_set
    if "level" in given and expected.level != level:
        found.append(Mismatch(f"{where}.level", expected.level, level))
    if "score" in given:
        if expected.score is None or score is None:
            if expected.score != score:
                found.append(Mismatch(f"{where}.score", expected.score, score))
        elif abs(expected.score - score) > SCORE_TOLERANCE + FLOAT_NOISE:
            found.append(Mismatch(f"{where}.score", expected.score, score))
    return found


def compare(result: Result, expect: Expectations) -> list[Mismatch]:
    """Every way the result differs from the expectations (empty: the case passes).

    Levels compare exactly; a score passes within 0.05 of the unrounded actual score. A key given
    as null expects no score or level; a key left out is not checked.
    """
    found: list[Mismatch] = []
    if expect.overall is not None:
        found += _compare_one("overall", expect.overall, result.score, result.level)
    by_id = {d.id: d for d in result.dimensions}
    for dimension_id, expected in expect.dimensions.items():
        actual = by_id.get(dimension_id)
        if actual is None:
            found.append(Mismatch(f"dimensions.{dimension_id}", "a dimension", "no such dimension"))
            continue
        found += _compare_one(f"dimensions.{dimension_id}", expected, actual.score, actual.level)
    return found


def _flow(score: float | None, level: int | None) -> str:
    level_text = "null" if level is None else str(level)
    value = rounded(score)
    score_text = "null" if value is None else repr(value)
    return f"{{level: {level_text}, score: {score_text}}}"


def expect_block(result: Result) -> str:
    """The ``expect:`` block holding the full current result, as YAML text."""
    lines = ["expect:", f"  overall: {_flow(result.score, result.level)}", "  dimensions:"]
    lines += [f"    {d.id}: {_flow(d.score, d.level)}" for d in result.dimensions]
    return "\n".join(lines) + "\n"


def _last_line(node: Node) -> int:
    """The 0-based line of the last character that belongs to a node's content."""
    if isinstance(node, ScalarNode):
        end = node.end_mark
        return end.line if end.column > 0 or end.line == node.start_mark.line else end.line - 1
    children: list[Node] = []
    if isinstance(node, MappingNode):
        for key, value in node.value:
            children += [key, value]
    else:
        children = list(node.value)
    if not children or getattr(node, "flow_style", False):
        end = node.end_mark
        return end.line if end.column > 0 else end.line - 1
    return max(_last_line(child) for child in children)


def replace_expect(text: str, doc: YamlDocument, block: str) -> str:
    """The file's text with its ``expect:`` block replaced by ``block`` (or appended)."""
    lines = yaml_lines(text)
    root = doc.root
    if not isinstance(root, MappingNode) or root.flow_style:
        raise InputError(
            "cannot update expectations in a file written as one {...} mapping",
            doc.locate(()),
        )
    indent = " " * root.start_mark.column

    def indented(ending: str) -> str:
        """The block, indented as the mapping, its lines ended as the file's line there."""
        return "".join(indent + line.rstrip("\n") + ending for line in yaml_lines(block))

    for key, value in root.value:
        if isinstance(key, ScalarNode) and key.value == "expect":
            first = key.start_mark.line
            last = max(_last_line(value), first)
            new = indented(ending_of(lines[first : first + 1] + lines))
            return "".join(lines[:first]) + new + "".join(lines[last + 1 :])
    # appended right after the mapping's last line: before a document end (``...``) and any
    # comments or documents' markers that follow it
    end = _last_line(root) + 1
    # the last line of a file without a final newline has no ending: the file's first one counts
    ending = ending_of(lines[end - 1 : end] + lines)
    head = "".join(lines[:end])
    if head and not head.endswith(("\n", "\r")):
        head += ending
    return head + indented(ending) + "".join(lines[end:])

"""One YAML reader for every style: libyaml's nodes, the same as PyYAML's own parser gives.

Every file is composed by libyaml (PyYAML's C parser) and built into values by the rules of SPEC
section 0. These tests hold that reader to expected values on texts that once misled a reader,
to the same answers whatever style a file is written in (PyYAML's dumper, flow lists, the
template layout), and, over a generated and mutated corpus and generated pieces of YAML, to the
nodes, marks and values PyYAML's pure-Python parser gives wherever both accept a text: the
located errors and the values do not depend on which parser composed the file.

``SOCIALMATURITY_DIFF_FILES`` sets the corpus size (default 2,500) and ``SOCIALMATURITY_DIFF_SEED``
its seed (default 11), for longer runs by hand.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from socialmaturity.errors import SocialMaturityError
from socialmaturity.model import yaml_reader
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.response import is_valid_value, value_problems
from socialmaturity.model.yaml_reader import load_yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate_responses import STYLES, generate

from conftest import run_cli

CORPUS_SIZE = int(os.environ.get("SOCIALMATURITY_DIFF_FILES", "2500"))
CORPUS_SEED = int(os.environ.get("SOCIALMATURITY_DIFF_SEED", "11"))
#: PyYAML's own parser, written in Python: the reference the libyaml reader is compared with.
PURE_LOADER = yaml_reader.make_loader(libyaml=False)


#: Values that test every rule a scalar can meet: YAML 1.2 spellings, quoting, flow and block
#: collections, anchors, tags, comments, characters YAML treats specially.
AWKWARD_VALUES = [
    "", "na", "NA", "true", "True", "false", "null", "Null", "~", "yes", "no", "on",
    "0", "1", "2", "5", "-1", "+1", "01", "1.5", "1e3", ".5", "-.5", "1.", "0x1F", "0o17",
    "0b11", "1_000", "9" * 4301, "9" * 4300, "0x" + "f" * 4000, ".inf", "-.Inf", ".nan",
    "2026-02-30", "2026-13-01", "2026-1-1", "2026-03-01", "２０２６-03-01",
    "'quoted'", '"double"', '"esc\\n"', "'it''s'", '""', "''", "'a # b'", '"a: b"',
    "'''q'''", "'a''''b'", "'it''s: #1'", "'x'' y", "'''", "''''", "'a'b'",
    "[a, b]", "[]", "[ ]", "[a,]", "[a, a]", "[1, 2]", "[na]", "[a b, c]", "[[a]]",
    "{}", "{a: b}", "{value: x}", "&x v", "*x", "&x", "! 2", "!!str 3", "!!int 3", "!x y",
    "a # c", "a#c", "a: b", "a:b", "- x", "x y  z", "x   ", "Ünïcödé", "R&D", "Wow!",
    "50%", "@home", "`tick`", "|", ">", "|-", ">-", "C#", "x\u2028y", "x\u0085y", "\u00a0x",
    "\ue000", "x\ufeffy", "a\tb", "\t", "x\ry", "x\x7fy", "x\x01y", "?", "? x", "-", "--- x",
    "... x", "%x", "<<", "0.0", "-0", "00", "1e400", "٣", "x,y", "(a)", "a/b", "a'b", 'a"b',
]  # fmt: skip

#: Whole lines to drop in somewhere.
AWKWARD_LINES = [
    "", "   ", "# a comment", "  # an indented comment", "#", "---", "...", "%YAML 1.2",
    "unknown_key: x", "expect:", "  overall:", "    level: 2", "round: 2026-Q1",
    "assessor: A. Consultant", "respondent:", "answers:", "answers: {}", "answers: []",
    "  - item", "    - item", "- item", "  extra:", "    value: x", "    note: n", "    note:",
    "  nested:", "      deep: 1", "\tkey: v", "key: v\r", "questionnaire: other",
    "questionnaire_version: 1.0.0", "questionnaire_version: \"9.9.9\"", "date: 2026-02-29",
    "organization: ''", "organization: '   '", "  ? complex", "  : value", "&a key: v",
    "key: &a v", "*a : v", "!!map", "[a, b]", "{a: 1}", "key: |", "  literal text",
    "key: >-", "  folded text", "    continued plain", "  exec_sponsor: none",
]  # fmt: skip


def _awkward_value(rng: random.Random, options: list[str]) -> str:
    if options and rng.random() < 0.4:
        if rng.random() < 0.5:
            return rng.choice(options)
        chosen = rng.sample(options, k=min(len(options), rng.randint(0, 3)))
        return "[" + ", ".join(chosen) + "]"
    return rng.choice(AWKWARD_VALUES)


def _mutate(lines: list[str], rng: random.Random, options: list[str]) -> list[str]:
    """One random change to a file's lines."""
    lines = list(lines)
    at = rng.randrange(len(lines)) if lines else 0
    line = lines[at] if lines else ""
    kind = rng.randrange(13)
    if kind == 0 and ":" in line:  # another value
        key = line.split(":", 1)[0]
        lines[at] = f"{key}: {_awkward_value(rng, options)}".rstrip(" ")
    elif kind == 1:  # a line dropped in
        lines.insert(at, rng.choice(AWKWARD_LINES))
    elif kind == 2 and lines:  # a line taken out, or doubled
        if rng.random() < 0.5:
            del lines[at]
        else:
            lines.insert(at, line)
    elif kind == 3:  # indentation changed
        lines[at] = " " * rng.choice((0, 1, 3, 4, 6)) + line.lstrip(" ")
    elif kind == 4:  # one awkward character anywhere
        column = rng.randrange(len(line) + 1)
        char = rng.choice(":#-[]{},&*!|>'\"%@`? \t\r\x00\x7f\x85\u2028\ufeff\ue000é")
        lines[at] = line[:column] + char + line[column:]
    elif kind == 5:  # a comment after the value
        lines[at] = line + rng.choice((" # note", "  #", "# not a comment", " #"))
    elif kind == 6 and ":" in line and line.startswith("  "):  # value and note form
        key, _, value = line.partition(":")
        note = rng.choice(("A note.", "'quoted note'", "", "[a]", "note: inner", "1"))
        lines[at : at + 1] = [f"{key}:", f"    value: {value.strip()}", f"    note: {note}"]
    elif kind == 7 and "[" in line:  # a flow list as a block sequence
        key, _, value = line.partition(":")
        items = [item.strip() for item in value.strip(" []").split(",") if item.strip()]
        indent = rng.choice(("    ", "  ", "      "))
        lines[at : at + 1] = [f"{key}:", *(f"{indent}- {item}" for item in items)]
    elif kind == 8:  # the key renamed
        key, sep, value = line.partition(":")
        lines[at] = key.rstrip() + rng.choice(("x", "_1", "-a", ".b", "")) + sep + value
    elif kind == 9:
        lines.insert(0, rng.choice(("---", "%YAML 1.2\n---", "# header", "\ufeff# bom")))
    elif kind == 10:
        lines.append(rng.choice(("...", "---", "", "extra: 1", "  trailing: x")))
    elif kind == 11 and ":" in line:  # a block scalar: as the note, or as the value itself
        key, _, value = line.partition(":")
        margin = len(key) - len(key.lstrip(" "))
        if rng.random() < 0.5 and margin:
            block = _block_scalar(rng, margin + 2)
            note = [" " * (margin + 2) + "note: " + block[0], *block[1:]]
            lines[at : at + 1] = [f"{key}:", " " * (margin + 2) + f"value: {value.strip()}", *note]
        else:
            block = _block_scalar(rng, margin)
            lines[at : at + 1] = [f"{key}: {block[0]}", *block[1:]]
    return lines


#: What a block scalar's header, lines and their ends may be, the plain and the tricky.
BLOCK_HEADERS = [">-", ">", "|", "|-", ">+", "|+", ">2-", "|1", ">- # c", "> #", ">-x", "|  "]
BLOCK_WORDS = [
    "The plan", "was signed off", "in March.", "a: b", "# not a comment", "- not a list",
    "'quoted'", '"double"', "[a, b]", "na", "2", "x  ", " x", "", "   ", "---", "...", "é ü",
    "key: value # c", "R&D", "50%", "\\n",
]  # fmt: skip


def _block_scalar(rng: random.Random, margin: int) -> list[str]:
    """A block scalar header and its lines, for a key at ``margin``: plain or tricky, half each."""
    if rng.random() < 0.5:  # the shape hand-written notes have
        indent = margin + rng.choice((2, 2, 4, 1))
        words = [rng.choice(BLOCK_WORDS[:3] + BLOCK_WORDS[6:12]) for _ in range(rng.randint(1, 4))]
        lines = [rng.choice(BLOCK_HEADERS[:4]), *(" " * indent + word for word in words)]
        return lines + [""] * rng.choice((0, 0, 1, 2))
    indent = margin + rng.choice((2, 2, 2, 4, 1, 0, 3))
    lines = [rng.choice(BLOCK_HEADERS)]
    for _ in range(rng.randint(0, 4)):
        extra = rng.choice((0, 0, 0, 0, 0, 1, 2, -1))
        lines.append(" " * max(0, indent + extra) + rng.choice(BLOCK_WORDS))
    if rng.random() < 0.3:
        lines.append("")
    return lines


def write_corpus(folder: Path, count: int, seed: int = 11) -> None:
    """Valid generated responses, most of them changed in one to three random ways."""
    rng = random.Random(seed)
    catalog = Catalog()
    valid = folder / "valid"
    per_model = count // 2
    generate(valid / "full", per_model, "social-maturity", seed)
    generate(valid / "quick", count - per_model, "social-maturity-quick", seed)
    options = [
        option.value
        for reference in ("social-maturity", "social-maturity-quick")
        for question in catalog.resolve(reference).question_by_id.values()
        for option in question[1].options or ()
    ]
    for number, path in enumerate(sorted(valid.rglob("*.yaml"))):
        lines = path.read_text(encoding="utf-8").split("\n")
        if number % 5:  # one file in five stays valid
            for _ in range(rng.randint(1, 3)):
                lines = _mutate(lines, rng, options)
        ending = "\r\n" if rng.random() < 0.02 else "\n"
        text = ending.join(lines)
        if rng.random() < 0.05:
            text = text.rstrip("\n")
        path.write_bytes(text.encode("utf-8"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("differential")
    write_corpus(folder, CORPUS_SIZE, CORPUS_SEED)
    return folder


def typed(value: Any) -> Any:
    """A value with every scalar's type made part of it, so 1, 1.0 and True differ."""
    if isinstance(value, dict):
        return {typed(k): typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return ["list", *map(typed, value)]
    return (type(value).__name__, repr(value))


def read(text: str, loader: Any = None) -> Any:
    """The document's values and nodes, or the located problems, read with ``loader``."""
    kept = yaml_reader._Loader
    yaml_reader._Loader = loader or kept
    try:
        doc = load_yaml("f.yaml", allow_aliases=False, text=text)
    except SocialMaturityError as exc:
        return [str(problem) for problem in exc.problems]
    finally:
        yaml_reader._Loader = kept
    return typed(doc.data), shape(doc.root)


def shape(node: Node) -> Any:
    """A node tree as comparable data: each node's kind, tag, start and (for scalars) text.

    Only where a node starts is compared: errors point there, and nothing uses where a node ends
    (libyaml ends a collection a line later than PyYAML when the text has no final line break).
    """
    mark: tuple[int, int] | None = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, ScalarNode):
        if node.value == "" and not node.style:  # nothing written: the parsers place it apart
            mark = None  # (libyaml where the next token starts, PyYAML where the value ends)
        return ("scalar", node.tag, node.value, node.style or None, mark)  # libyaml: "" for plain
    if isinstance(node, SequenceNode):
        return ("sequence", node.tag, mark, [shape(child) for child in node.value])
    assert isinstance(node, MappingNode)
    pairs = [(shape(key), shape(value)) for key, value in node.value]
    return ("mapping", node.tag, mark, pairs)


def assert_same_nodes(text: str) -> bool:
    """Where both parsers accept the text, the same nodes, marks and values; True if they did."""
    ours, reference = read(text), read(text, PURE_LOADER)
    if isinstance(ours, list) or isinstance(reference, list):
        return False  # the two parsers word (and sometimes place) their complaints differently
    if "\ufeff" in text:  # PyYAML's own reader counts no column for a byte-order mark; libyaml
        assert ours[0] == reference[0], text  # does, as this tool counts columns: by character
    else:
        assert ours == reference, text
    return True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("answers: ~\n  - a\n", {"answers": "~ - a"}),
        ("a:\n  b:\n    - x\n  c: []\n", {"a": {"b": ["x"], "c": []}}),
        ("a: b\n   c\n", {"a": "b c"}),
        ("key: |\n  meas_history: 3", {"key": "meas_history: 3"}),  # no break at the very end
        ("key: >\n  x", {"key": "x"}),
        ("a:\n  " + "k" * 1024 + ": x\n", {"a": {"k" * 1024: "x"}}),
        (
            "a: 'it''s'\nb: >-\n  two\n  lines\nc: |\n  kept\n\n",
            {"a": "it's", "b": "two lines", "c": "kept\n"},
        ),
        ("a: x\u2028y\nb: [p, q]\n", {"a": "x\u2028y", "b": ["p", "q"]}),
        (
            "a: 1\r\nb: 0x1F\r\nc: 1_000\nd: yes\ne: 1.50\n",
            {"a": 1, "b": 31, "c": "1_000", "d": "yes", "e": 1.5},
        ),
    ],
)
def test_texts_that_once_misled_a_reader(text: str, expected: Any) -> None:
    assert typed(load_yaml("f.yaml", allow_aliases=False, text=text).data) == typed(expected)
    assert_same_nodes(text)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("answers: null\n  q1: a\n", "2:5"),  # a value that reads as null takes no block
        ("a: ''\n  b: 1\n", "2:3"),
        ("a:\n  - x\n  b: 1\n", "3:3"),
        ("a:\n    b: 1\n  c: 2\n", "3:3"),
        ("k" * 1025 + ": x\n", "1:1026"),  # YAML limits a key to 1,024 characters
    ],
)
def test_texts_that_once_misled_a_reader_are_refused_where_they_go_wrong(
    text: str, where: str
) -> None:
    problems = read(text)
    assert isinstance(problems, list) and problems[0].startswith(f"f.yaml:{where}: error: ")


def test_the_readers_agree_on_the_whole_corpus(corpus: Path) -> None:
    files = sorted(corpus.rglob("*.yaml"))
    accepted = sum(
        assert_same_nodes(
            path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
        )
        for path in files
    )
    assert 0.3 * len(files) < accepted < 0.95 * len(files)  # valid and broken files both


def test_every_style_gives_the_same_scores(tmp_path: Path) -> None:
    """The same answers written by PyYAML's dumper, as flow lists and in the template layout."""
    outputs = {}
    for style in STYLES:
        generate(tmp_path / style, 12, "social-maturity", 3, style)
        run = run_cli("score", tmp_path / style, "--format", "jsonl", "--strict")
        assert run.code in (0, 1) and run.stdout
        records = [json.loads(line) for line in run.stdout.splitlines()]
        outputs[style] = (
            [{**r, "file": Path(r["file"]).name} for r in records],
            [line.split(": error: ")[1] for line in run.stderr.splitlines()],  # lines differ
        )
    texts = {style: (tmp_path / style / "response-00.yaml").read_text() for style in STYLES}
    assert len(set(texts.values())) == len(STYLES)
    assert outputs["dumper"] == outputs["flow"] == outputs["template"]
    assert outputs["flow"][1]  # some required questions are unanswered


_PIECES = st.sampled_from(
    [*AWKWARD_VALUES, *AWKWARD_LINES, "a", "b", "key", "answers", "q1", "q2", "x", "1", "2"]
)
_SEPARATORS = st.sampled_from(["", " ", "  ", ": ", ":", "\n", "\n  ", "\n    ", "\n- ", ", "])


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_PIECES, _SEPARATORS), max_size=14))
def test_the_readers_agree_on_pieces_of_yaml(pieces: list[Any]) -> None:
    assert_same_nodes("".join(piece + separator for piece, separator in pieces))


_LINE_SHAPES = st.tuples(
    st.sampled_from([0, 0, 2, 2, 4, 1, 3, 6]),
    st.sampled_from(["key", "key", "key", "dash", "comment", "blank", "words", "words"]),
    st.sampled_from(["answers", "q1", "q2", "note", "value", "a-b", "1", "true", "null"]),
    st.one_of(
        st.sampled_from(["", "null", "a", "1", "[a]", "'a'"]),
        st.sampled_from(AWKWARD_VALUES),
        st.sampled_from(BLOCK_HEADERS),
        st.sampled_from(BLOCK_WORDS),
    ),
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_LINE_SHAPES, min_size=1, max_size=10))
def test_the_readers_agree_line_by_line(lines: list[tuple[int, str, str, str]]) -> None:
    """Lines of every shape response files have, at awkward indentations, in any order."""
    written = []
    for indent, shape, key, value in lines:
        text = {
            "key": f"{key}: {value}" if value else f"{key}:",
            "dash": f"- {value}",
            "comment": f"# {value}",
            "blank": "",
            "words": value,  # a line of a block scalar, or of nothing
        }[shape]
        written.append(" " * indent + text)
    assert_same_nodes("\n".join(written) + "\n")


@settings(max_examples=400, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["k", "answers", "q1", "note", "value", "2", "true"]),
        st.recursive(
            st.one_of(st.none(), st.sampled_from(AWKWARD_VALUES[:60])),
            lambda inner: st.one_of(
                st.lists(inner, max_size=3),
                st.dictionaries(st.sampled_from(["a", "value", "note"]), inner, max_size=3),
            ),
            max_leaves=6,
        ),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from([2, 4]),
)
def test_the_readers_agree_on_block_style_files(data: dict[str, Any], width: int) -> None:
    assert_same_nodes("\n".join(_block_lines(data, width, 0)) + "\n")


def _block_lines(value: Any, width: int, depth: int) -> list[str]:
    """``value`` written the way people write block YAML, values unquoted as they come."""
    pad = " " * (width * depth)
    lines: list[str] = []
    items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
    for key, item in items:
        head = f"{pad}{key}:" if key is not None else f"{pad}-"
        if isinstance(item, dict | list) and item:
            lines.append(head)
            lines.extend(_block_lines(item, width, depth + 1))
        elif isinstance(item, dict | list):
            lines.append(f"{head} {'{}' if isinstance(item, dict) else '[]'}")
        else:
            lines.append(f"{head} {item}" if item is not None else head)
    return lines


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(["social-maturity", "social-maturity-quick"]),
    st.data(),
)
def test_is_valid_value_agrees_with_value_problems(reference: str, data: st.DataObject) -> None:
    questionnaire = _catalog().resolve(reference)
    question = data.draw(st.sampled_from([q for _, q in questionnaire.question_by_id.values()]))
    options = [option.value for option in question.options or ()]
    scalar = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-3, 12),
        st.floats(allow_nan=False),
        st.sampled_from([*options, "na", "NA", "other"]),
    )
    value = data.draw(st.one_of(scalar, st.lists(scalar, max_size=4)))
    assert is_valid_value(question, value) == (next(value_problems(question, value), None) is None)


_CATALOG: list[Catalog] = []


def _catalog() -> Catalog:
    if not _CATALOG:
        _CATALOG.append(Catalog())
    return _CATALOG[0]

"""The quick path for plain response files against the full, located path: no difference, ever.

``score`` reads plain block-style files through :mod:`socialmaturity.model.plain_yaml` and skips
the full reader when a file is valid. These tests run both paths over a generated and mutated
corpus (valid files, files with every kind of mistake, every YAML style) and require the same
stdout, stderr and exit status; and they check, value by value, that the quick reader builds
what the full reader builds or stays out of the way.

``SOCIALMATURITY_DIFF_FILES`` sets the corpus size (default 2,500) and ``SOCIALMATURITY_DIFF_SEED``
its seed (default 11), for longer runs by hand.
"""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialmaturity.errors import SocialMaturityError
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.loading import FULL_READER_VARIABLE, load_response
from socialmaturity.model.plain_yaml import read_plain
from socialmaturity.model.response import is_valid_value, value_problems
from socialmaturity.model.yaml_reader import load_yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate_responses import generate

from conftest import Run, run_cli

CORPUS_SIZE = int(os.environ.get("SOCIALMATURITY_DIFF_FILES", "2500"))
CORPUS_SEED = int(os.environ.get("SOCIALMATURITY_DIFF_SEED", "11"))

#: Values that test every rule a scalar can meet: YAML 1.2 spellings, quoting, flow and block
#: collections, anchors, tags, comments, the characters the quick reader leaves alone.
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


def both_paths(*args: str | Path) -> tuple[Run, Run]:
    """The same command with the quick path and with every file read in full."""
    quick = run_cli(*args)
    full = run_cli(*args, env={FULL_READER_VARIABLE: "1"})
    return quick, full


@pytest.mark.parametrize(
    "arguments",
    [
        ("score", "--format", "jsonl"),
        ("score", "--format", "csv", "--strict"),
        ("score", "--format", "jsonl", "-q", "social-maturity-quick"),
        ("validate",),
    ],
    ids=["score", "strict-csv", "forced-questionnaire", "validate"],
)
def test_the_quick_path_changes_nothing_a_user_sees(corpus: Path, arguments: tuple[str]) -> None:
    quick, full = both_paths(*arguments, corpus)
    assert quick.stderr == full.stderr
    assert quick.stdout == full.stdout
    assert quick.code == full.code
    assert full.stdout and full.stderr  # the corpus holds both valid and broken files


def test_the_corpus_exercises_both_paths(corpus: Path) -> None:
    """Enough of the corpus takes the quick path, and enough is left to the full reader."""
    files = sorted(corpus.rglob("*.yaml"))
    plain = sum(read_plain(path.read_text("utf-8", errors="replace")) is not None for path in files)
    assert 0.3 * len(files) < plain < 0.95 * len(files)


def typed(value: Any) -> Any:
    """A value with every scalar's type made part of it, so 1, 1.0 and True differ."""
    if isinstance(value, dict):
        return {typed(k): typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return ["list", *map(typed, value)]
    return (type(value).__name__, repr(value))


def full_read(text: str) -> Any:
    try:
        return load_yaml("f.yaml", allow_aliases=False, text=text).data
    except SocialMaturityError:
        return SocialMaturityError


def assert_agrees(text: str) -> None:
    quick = read_plain(text)
    if quick is not None:
        assert typed(quick) == typed(full_read(text)), text


@pytest.mark.parametrize(
    "text",
    [
        "answers: null\n  q1: a\n",  # found by the corpus: a value that reads as null
        "answers: ~\n  - a\n",
        "a: ''\n  b: 1\n",
        "a:\n  b:\n    - x\n  c: []\n",
        "a:\n  - x\n  b: 1\n",
        "a:\n    b: 1\n  c: 2\n",
        "a: b\n   c\n",
        "key: |\n  meas_history: 3",  # found by the corpus: no line break at the very end
        "key: >\n  x",
        "k" * 1025 + ": x\n",  # found by a fuzzer: YAML limits a key to 1,024 characters
        "a:\n  " + "k" * 1024 + ": x\n",
    ],
)
def test_the_quick_reader_agrees_on_texts_that_once_misled_it(text: str) -> None:
    assert_agrees(text)


def test_the_quick_reader_agrees_on_the_whole_corpus(corpus: Path) -> None:
    for path in sorted(corpus.rglob("*.yaml")):
        assert_agrees(path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff"))


_PIECES = st.sampled_from(
    [*AWKWARD_VALUES, *AWKWARD_LINES, "a", "b", "key", "answers", "q1", "q2", "x", "1", "2"]
)
_SEPARATORS = st.sampled_from(["", " ", "  ", ": ", ":", "\n", "\n  ", "\n    ", "\n- ", ", "])


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_PIECES, _SEPARATORS), max_size=14))
def test_the_quick_reader_builds_what_the_full_reader_builds(pieces: list[Any]) -> None:
    assert_agrees("".join(piece + separator for piece, separator in pieces))


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
def test_the_quick_reader_agrees_line_by_line(lines: list[tuple[int, str, str, str]]) -> None:
    """Lines of every shape the quick reader knows, at awkward indentations, in any order."""
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
    assert_agrees("\n".join(written) + "\n")


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
def test_the_quick_reader_agrees_on_block_style_files(data: dict[str, Any], width: int) -> None:
    assert_agrees("\n".join(_block_lines(data, width, 0)) + "\n")


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


def test_the_full_reader_can_be_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_file: Callable[[str, str], Path]
) -> None:
    """With the variable set the quick reader is not called; without it, it is."""
    path = write_file("r.yaml", "questionnaire: social-maturity-quick\norganization: A\nanswers:\n")
    calls: list[str] = []
    import socialmaturity.model.loading as loading

    monkeypatch.setattr(loading, "read_plain", lambda text: calls.append(text))
    with pytest.raises(SocialMaturityError):
        load_response(str(path), Catalog())
    assert len(calls) == 1
    monkeypatch.setenv(FULL_READER_VARIABLE, "1")
    with pytest.raises(SocialMaturityError):
        load_response(str(path), Catalog())
    assert len(calls) == 1


@pytest.mark.parametrize(
    "line",
    ["note: {}", 'note: "{}"', "key: [a, {}]"],
    ids=["plain", "quoted", "flow item"],
)
def test_long_values_are_not_kept_after_reading(line: str) -> None:
    """Keys and option values repeat and are resolved once; long texts (notes) are not kept."""
    import tracemalloc

    tracemalloc.start()
    try:
        for n in range(40):
            value = f"text{n}" + "x" * 100_000
            assert read_plain(line.format(value) + "\n") is not None
        kept, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert kept < 1_000_000, f"{kept:,} bytes kept after reading 4 MB of distinct values"


def test_a_list_read_twice_is_two_lists() -> None:
    """Lines are read once and kept, but a list can change: each file gets its own."""
    text = "answers:\n  q1: [a, b]\n"
    first = read_plain(text)
    assert first is not None
    first["answers"]["q1"].append("c")
    assert read_plain(text) == {"answers": {"q1": ["a", "b"]}}

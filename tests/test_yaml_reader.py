"""SPEC section 0: how every YAML file is read (scalars, keys, tags, aliases, errors).

Every error test states the exact ``line:column`` (1-based) worked out by hand from the YAML
written in the test, plus a distinctive part of the message.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from socialmaturity.errors import InputError, Problem
from socialmaturity.model import yaml_reader, yaml_values
from socialmaturity.model.yaml_reader import MAX_DEPTH, MAX_NODES, load_yaml

from conftest import run_cli, write


def load(text: str, *, aliases: bool = True) -> object:
    """The values of ``text`` read as file ``f.yaml``."""
    return load_yaml("f.yaml", allow_aliases=aliases, text=text).data


def only_problem(text: str, *, aliases: bool = True, path: str | Path = "f.yaml") -> Problem:
    """The single problem reported for ``text`` (or the file at ``path`` when text is None)."""
    with pytest.raises(InputError) as caught:
        load_yaml(path, allow_aliases=aliases, text=text)
    problems = caught.value.problems
    assert len(problems) == 1, problems
    return problems[0]


def assert_error(problem: Problem, line: int | None, column: int | None, fragment: str) -> None:
    assert problem.severity == "error"
    assert problem.location is not None
    assert (problem.location.line, problem.location.column) == (line, column), str(problem)
    assert fragment in problem.message, str(problem)


# --- YAML 1.2 scalars ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        # YAML 1.1 booleans stay text
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("No", "No"),
        ("Yes", "Yes"),
        ("NO", "NO"),
        ("y", "y"),
        ("n", "n"),
        ("Y", "Y"),
        # the only booleans
        ("true", True),
        ("false", False),
        # nulls
        ("null", None),
        ("~", None),
        ("", None),
        # integers, including the YAML 1.2 octal and hex forms
        ("0", 0),
        ("42", 42),
        ("-3", -3),
        ("+7", 7),
        ("0o17", 15),
        ("0x1F", 31),
        # floats
        ("1.5", 1.5),
        ("-0.25", -0.25),
        (".5", 0.5),
        ("1e3", 1000.0),
        # not numbers in YAML 1.2: stay text
        ("0b11", "0b11"),  # YAML 1.1 binary
        ("1_000", "1_000"),  # YAML 1.1 digit separators
        ("12:30", "12:30"),  # YAML 1.1 sexagesimal
        ("0o8", "0o8"),
        # quoted scalars are always text
        ('"1"', "1"),
        ("'1.0'", "1.0"),
        ('"true"', "true"),
        ("'null'", "null"),
        ("''", ""),
        # dates stay text
        ("2026-11-20", "2026-11-20"),
        ("2026-11-20T10:00:00Z", "2026-11-20T10:00:00Z"),
    ],
)
def test_scalar_resolution_follows_yaml_1_2(written: str, expected: object) -> None:
    value = load(f"a: {written}\n")["a"]  # type: ignore[index]
    assert value == expected
    assert type(value) is type(expected)


def test_special_floats_and_block_text() -> None:
    data = load("a: .inf\nb: -.inf\nc: .nan\nd: |\n  two\n  lines\n")
    assert data["a"] == math.inf  # type: ignore[index]
    assert data["b"] == -math.inf  # type: ignore[index]
    assert math.isnan(data["c"])  # type: ignore[index]
    assert data["d"] == "two\nlines\n"  # type: ignore[index]


def test_keys_resolve_like_values() -> None:
    assert load("1: one\n'1': text one\nyes: still text\n") == {
        1: "one",
        "1": "text one",
        "yes": "still text",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: ! 2\n", {"a": "2"}),
        ("a: ! true\n", {"a": "true"}),
        ("a: ! null\n", {"a": "null"}),
        ("a: ! 1.5\n", {"a": "1.5"}),
        ("! 1: x\n", {"1": "x"}),
        ("a: [! 2, 2]\n", {"a": ["2", 2]}),
        ("a: ! [1, ! 2]\n", {"a": [1, "2"]}),
        ("a: ! {b: 1}\n", {"a": {"b": 1}}),
        ("a: !\n", {"a": ""}),
        ("a: !  'q'\nb: Wow! 2\n", {"a": "q", "b": "Wow! 2"}),
    ],
)
def test_the_non_specific_tag_makes_text(text: str, expected: object) -> None:
    # YAML 1.2: a scalar tagged with "!" alone is a string, whatever it looks like
    assert load(text) == expected
    assert load(text, aliases=False) == expected


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"], ids=["LS", "PS", "NEL"])
def test_unicode_line_separators_are_ordinary_characters(separator: str) -> None:
    # YAML 1.2 line breaks are only LF and CR; U+2028, U+2029 and U+0085 are content
    assert load(f"a: x{separator}y\n") == {"a": f"x{separator}y"}
    assert load(f"a: x{separator} y\n") == {"a": f"x{separator} y"}
    assert load(f"a:\n- x{separator}- y\n") == {"a": [f"x{separator}- y"]}
    assert load(f'a: "x{separator}y"\nb: |\n  p{separator}q\n') == {
        "a": f"x{separator}y",
        "b": f"p{separator}q\n",
    }
    assert load(f"{separator}k: v\n") == {f"{separator}k": "v"}
    # lines and columns count it as one character on its line
    assert_error(only_problem(f"a: x{separator}y\na: 2\n"), 2, 1, "duplicate key 'a'")
    assert_error(only_problem(f"a: x{separator}y b: 1\n"), 1, 9, "mapping values are not allowed")


def test_str_tag_is_allowed() -> None:
    assert load("a: !!str 12\n") == {"a": "12"}


def test_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_yaml(path, allow_aliases=False).data == {"a": 1}


# --- duplicate and odd keys ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        pytest.param("a: 1\nb: 2\na: 3\n", 3, 1, "duplicate key 'a'", id="top-level"),
        pytest.param("top:\n  x: 1\n  y: 2\n  x: 3\n", 4, 3, "duplicate key 'x'", id="nested"),
        pytest.param(
            "list:\n  - id: a\n    id: b\n", 3, 5, "duplicate key 'id'", id="in-list-item"
        ),
        pytest.param("m: {k: 1, j: 2, k: 3}\n", 1, 17, "duplicate key 'k'", id="flow"),
        pytest.param("1: a\n0x1: b\n", 2, 1, "duplicate key", id="same-number"),
        pytest.param("null: a\n~: b\n", 2, 1, "duplicate key", id="same-null"),
        pytest.param("a: 1\r\nb: 2\r\na: 3\r\n", 3, 1, "duplicate key 'a'", id="crlf"),
        pytest.param("x: ééé\n{é: 1, é: 2}: 3\n", 2, 1, "key must be a plain value", id="map-key"),
        pytest.param("? [a, b]\n: 1\n", 1, 3, "key must be a plain value", id="list-key"),
        pytest.param(".nan: 1\n", 1, 1, "cannot be .nan", id="nan-key"),
        pytest.param("a: &base {k: 1}\n<<: *base\n", 2, 1, "merge keys (<<)", id="merge-key"),
        pytest.param(
            "base: &b {k: 1}\nitem:\n  <<: *b\n  j: 2\n", 3, 3, "merge keys (<<)", id="merge-nested"
        ),
    ],
)
def test_key_errors(text: str, line: int, column: int, fragment: str) -> None:
    assert_error(only_problem(text), line, column, fragment)


def test_duplicate_key_column_counts_characters_not_bytes() -> None:
    # "{é: 1, " is 7 characters (8 bytes): the second key starts at column 8.
    assert_error(only_problem("{é: 1, é: 2}\n"), 1, 8, "duplicate key 'é'")


def test_quoted_merge_key_is_an_ordinary_key() -> None:
    assert load("'<<': 1\n") == {"<<": 1}


def test_a_merge_key_is_refused_after_the_same_text_was_read_as_a_value() -> None:
    """Short plain scalars are resolved once per process: "<<" as a value must not let it pass."""
    assert load("a: <<\n") == {"a": "<<"}
    assert_error(only_problem("b: <<\n<<: c\n"), 2, 1, "merge keys (<<)")


def test_a_value_tagged_non_specific_stays_text_after_its_plain_twin_was_read() -> None:
    assert load("a: 12\n") == {"a": 12}
    assert load("a: ! 12\nb: 12\n") == {"a": "12", "b": 12}


# --- tags that would build objects -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        pytest.param(
            "a: 1\nb: !!python/object:os.system\n  x: 1\n",
            2,
            4,
            "python/object:os.system",
            id="python-object",
        ),
        pytest.param(
            "cmd: !!python/name:os.system ''\n", 1, 6, "python/name:os.system", id="python-name"
        ),
        pytest.param(
            "- ok\n- !!python/object/apply:os.system ['echo hi']\n",
            2,
            3,
            "python/object/apply:os.system",
            id="python-apply",
        ),
        pytest.param("a: !foo bar\n", 1, 4, "(!foo)", id="custom-tag"),
        pytest.param("a:\n  b: !!set {x}\n", 2, 6, "yaml.org,2002:set", id="set"),
        pytest.param("a: !!binary aGVsbG8=\n", 1, 4, "binary", id="binary"),
    ],
)
def test_object_tags_are_refused(text: str, line: int, column: int, fragment: str) -> None:
    problem = only_problem(text)
    assert_error(problem, line, column, "tags are not allowed")
    assert fragment in problem.message


def test_object_tag_executes_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"a: !!python/object/apply:os.system ['touch {marker}']\n"
    for aliases in (True, False):
        with pytest.raises(InputError):
            load_yaml("f.yaml", allow_aliases=aliases, text=text)
    assert not marker.exists()


# --- anchors and aliases ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        pytest.param("a: &x 1\n", 1, 4, id="anchor-alone"),
        pytest.param("a: 1\nb: [1, &x 2]\n", 2, 8, id="anchor-in-flow"),
        pytest.param("&k a: 1\n", 1, 1, id="anchor-on-key"),
        pytest.param("list:\n  - &first one\n  - *first\n", 2, 5, id="anchor-then-alias"),
    ],
)
def test_responses_refuse_anchors_and_aliases(text: str, line: int, column: int) -> None:
    problem = only_problem(text, aliases=False)
    assert_error(problem, line, column, "anchors and aliases are not allowed")


def test_responses_refuse_a_lone_alias_at_its_position() -> None:
    # without aliases allowed, the alias is refused where it stands (before "undefined alias")
    assert_error(only_problem("a: 1\nb: *x\n", aliases=False), 2, 4, "anchors and aliases")


def test_responses_allow_ampersand_and_star_in_text() -> None:
    text = "a: 'R&D *new*'\nb: \"*\"\nc: 1 # &x *y\n"
    assert load(text, aliases=False) == {"a": "R&D *new*", "b": "*", "c": 1}


def test_ampersands_in_text_are_not_anchors(tmp_path: Path) -> None:
    response = write(
        tmp_path / "r.yaml",
        "questionnaire: social-maturity\norganization: R&D *Labs* & Co\nanswers: {}\n",
    )
    assert run_cli("validate", response).code == 0
    anchored = write(
        tmp_path / "a.yaml",
        "questionnaire: social-maturity\norganization: &o Acme\nanswers: {}\n",
    )
    run = run_cli("validate", anchored)
    assert run.code == 1 and "a.yaml:2:15: error: anchors and aliases" in run.stderr


def test_questionnaires_may_share_values_through_aliases() -> None:
    data = load(
        "shared: &opts\n  - value: a\n  - value: b\nq1:\n  options: *opts\nq2:\n  options: *opts\n"
    )
    assert data["q1"]["options"] == [{"value": "a"}, {"value": "b"}]  # type: ignore[index]
    assert data["q1"]["options"] == data["q2"]["options"]  # type: ignore[index]


def test_undefined_alias_is_a_located_error() -> None:
    assert_error(only_problem("a: 1\nb: *nope\n"), 2, 4, "undefined alias")


def billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for n in range(1, levels):
        name = chr(ord("a") + n)
        refs = ",".join([f"*{previous}"] * 9)
        lines.append(f"{name}: &{name} [{refs}]")
        previous = name
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_quickly(monkeypatch: pytest.MonkeyPatch) -> None:
    text = billion_laughs()  # 9**9 (~387 million) strings once expanded
    visits = [0]  # nodes visited by the expansion check and by the builder of values

    def counted(original: Any) -> Any:
        def counting(*args: Any) -> Any:
            visits[0] += 1
            assert visits[0] <= 100_000, "the aliases are being expanded"
            return original(*args)

        return counting

    monkeypatch.setattr(yaml_reader, "_children", counted(yaml_reader._children))
    monkeypatch.setattr(yaml_values.ValueBuilder, "build", counted(yaml_values.ValueBuilder.build))
    problem = only_problem(text)
    assert visits[0] < 1_000  # each list and mapping written in the text visited twice at most
    assert_error(problem, 1, 1, f"more than {MAX_NODES:,} nodes")
    assert MAX_NODES == 100_000


def shared_list(extra: int = 0) -> str:
    """A list of 1,922 items used 51 times by alias, and ``extra`` items more: expanded, the
    document holds exactly 100,000 + ``extra`` nodes (the mapping, its two keys, the list and
    its items once written, 51 copies of them, the list of uses and the extra items)."""
    items = ", ".join(f"x{i}" for i in range(1922))
    return f"shared: &s [{items}]\nuses:\n" + "  - *s\n" * 51 + "  - extra\n" * extra


def expanded_nodes(value: object) -> int:
    if isinstance(value, dict):
        return 1 + sum(expanded_nodes(k) + expanded_nodes(v) for k, v in value.items())
    if isinstance(value, list):
        return 1 + sum(expanded_nodes(item) for item in value)
    return 1


def test_expansion_just_under_the_limit_is_accepted() -> None:
    data = load(shared_list())
    assert expanded_nodes(data) == MAX_NODES  # the whole document, once expanded
    assert len(data["uses"]) == 51  # type: ignore[index]


def test_expansion_just_over_the_limit_is_refused() -> None:
    """SPEC 0: "a document that would expand to more than 100,000 nodes is refused", counted
    whole (the nodes written out as well as those the aliases add)."""
    assert_error(only_problem(shared_list(extra=1)), 1, 1, "more than 100,000 nodes")


@pytest.mark.slow  # 250,000 nodes read twice; test_input_limits reads a big questionnaire too
def test_only_a_document_that_aliases_expand_is_limited() -> None:
    # 250,000 nodes, none of them reached through an alias: nothing expands, nothing refused
    text = "".join(f"k{i}: [a, b, c]\n" for i in range(50_000))
    assert len(load(text)) == 50_000  # type: ignore[arg-type]
    # the same with an alias somewhere: it expands, to more than 100,000 nodes in all
    assert_error(only_problem(text + "x: &x [1]\ny: *x\n"), 1, 1, "more than 100,000 nodes")


def alias_chain(length: int) -> str:
    """``length`` lists, each holding the previous one through an alias."""
    return "- &a0 [x]\n" + "".join(f"- &a{i} [*a{i - 1}]\n" for i in range(1, length))


def test_aliases_nesting_deeper_than_max_depth_are_refused() -> None:
    # &aN is N + 1 lists deep once its aliases are expanded: &a64 (line 65) is the first too deep
    problem = only_problem(alias_chain(100))
    assert_error(problem, 65, 3, f"nesting deeper than {MAX_DEPTH} levels")
    assert "aliases" in problem.message
    # 63 lists in the chain, 64 levels with the list holding them
    data = load(alias_chain(63))
    for _ in range(MAX_DEPTH - 1):
        assert isinstance(data, list)
        data = data[-1]
    assert data == ["x"]
    assert_error(only_problem(alias_chain(64)), 1, 1, f"nesting deeper than {MAX_DEPTH} levels")


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        # reported at the anchor of the node that the alias points back into
        pytest.param("a: &x [1, *x]\n", 1, 4, id="flow-list"),
        pytest.param("root: &r\n  child: *r\n", 1, 7, id="block-mapping"),
        pytest.param("- &top\n  - a\n  - [b, *top]\n", 1, 3, id="nested-deeper"),
    ],
)
def test_recursive_alias_is_refused(text: str, line: int, column: int) -> None:
    assert_error(only_problem(text), line, column, "recursive alias")


# --- syntax and file errors ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        pytest.param("a: b: c\n", 1, 5, "mapping values are not allowed", id="colon-in-value"),
        pytest.param("a: [1, 2\n", 2, 1, "did not find expected ','", id="unclosed-flow"),
        pytest.param("a: 'open\n", 2, 1, "unexpected end of stream", id="unclosed-quote"),
        pytest.param("a:\n  - x\n  y: 1\n", 3, 3, "expected '-' indicator", id="list-then-key"),
        pytest.param("a: 1\n\tb: 2\n", 2, 1, "tabs cannot indent YAML", id="tab-indent"),
        pytest.param("a: @x\n", 1, 4, "cannot start any token", id="reserved-indicator"),
        pytest.param('a: "\\q"\n', 1, 5, "unknown escape", id="bad-escape"),
        pytest.param("a: 1\n---\nb: 2\n", 2, 1, "another document", id="two-documents"),
    ],
)
def test_syntax_errors_are_located(text: str, line: int, column: int, fragment: str) -> None:
    problem = only_problem(text)
    assert_error(problem, line, column, "invalid YAML")
    assert fragment in problem.message
    assert str(problem) == f"f.yaml:{line}:{column}: error: {problem.message}"


def test_syntax_error_in_a_file_names_the_file(write_file) -> None:
    path = write_file(
        "broken.yaml",
        """\
        id: x
        title: [unclosed
        """,
    )
    problem = only_problem(None, path=path)  # type: ignore[arg-type]
    assert str(problem).startswith(f"{path}:3:1: error: invalid YAML")


@pytest.mark.parametrize("text", ["", "\n\n", "   \n", "# just a comment\n"])
def test_empty_file(text: str, tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text(text, encoding="utf-8")
    problem = only_problem(None, path=path)  # type: ignore[arg-type]
    assert_error(problem, 1, 1, "the file is empty")
    assert str(problem) == f"{path}:1:1: error: the file is empty"


@pytest.mark.parametrize(
    ("raw", "line", "column"),
    [
        pytest.param(b"a: caf\xe9\n", 1, 7, id="latin-1-byte"),
        pytest.param(b"a: 1\nname: Ren\xe9e\n", 2, 10, id="second-line"),
        pytest.param(b"\xff\xfea\x00:\x00", 1, 1, id="utf-16"),
    ],
)
def test_non_utf8_file(raw: bytes, line: int, column: int, tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(raw)
    problem = only_problem(None, path=path)  # type: ignore[arg-type]
    assert_error(problem, line, column, "not valid UTF-8")
    assert str(problem).startswith(f"{path}:{line}:{column}: error: ")


def test_non_utf8_after_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\nb: caf\xe9\n")
    assert_error(only_problem(None, path=path), 2, 7, "not valid UTF-8")  # type: ignore[arg-type]


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    problem = only_problem(None, path=path)  # type: ignore[arg-type]
    assert problem.location is not None and problem.location.path == str(path)
    assert "no such file" in problem.message
    assert str(problem) == f"{path}: error: no such file"


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    problem = only_problem(None, path=tmp_path)  # type: ignore[arg-type]
    assert problem.location is not None and problem.location.path == str(tmp_path)
    assert "is a directory" in problem.message


def test_nul_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "nul.yaml"
    path.write_bytes(b"a: 1\nb: x\x00y\n")
    problem = only_problem(None, path=path)  # type: ignore[arg-type]
    assert problem.location is not None and problem.location.path == str(path)
    assert "NUL" in problem.message


# --- nesting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        # the 65th "[" opens the 65th level
        pytest.param("[" * 100_000, 1, 65, id="100000-brackets"),
        pytest.param("{" * 100_000, 1, 65, id="100000-braces"),
        # "a: [" then "{b: " repeated: level 2 is the "[" at column 4, level 65 is the 63rd "{"
        pytest.param("a: [" + "{b: " * 70 + "}" * 70 + "]\n", 1, 253, id="flow-mix"),
        # "- - - ...": level n starts at column 2n-1
        pytest.param("- " * 100 + "x\n", 1, 129, id="block-sequences"),
        # "a:" then k1..k79 each indented two more: level n's mapping starts on line n
        pytest.param(
            "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 80)),
            65,
            129,
            id="block-mappings",
        ),
    ],
)
def test_nesting_deeper_than_max_depth_is_refused(text: str, line: int, column: int) -> None:
    assert MAX_DEPTH == 64
    for aliases in (True, False):
        problem = only_problem(text, aliases=aliases)
        assert_error(problem, line, column, f"nesting deeper than {MAX_DEPTH} levels")


def test_nesting_at_max_depth_is_accepted() -> None:
    data = load("[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n")
    for _ in range(MAX_DEPTH - 1):
        assert isinstance(data, list) and len(data) == 1
        data = data[0]
    assert data == []


def test_long_values_are_not_kept_after_reading() -> None:
    """Short scalars repeat from file to file and are resolved once; long texts are not kept."""
    import tracemalloc

    tracemalloc.start()
    try:
        for n in range(40):
            assert load(f"note: text{n}{'x' * 100_000}\n")["note"].startswith("text")
        kept, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert kept < 1_000_000, f"{kept:,} bytes kept after reading 4 MB of distinct values"


@pytest.mark.parametrize(
    "after",
    [
        pytest.param("b: [unclosed\n", id="a-syntax-error"),
        pytest.param("a: again\n", id="a-duplicate-key"),
        pytest.param("c: !!python/name:os.system x\n", id="a-tag"),
        pytest.param("d: &x 1\n", id="an-anchor"),
    ],
)
def test_nesting_too_deep_wins_over_a_problem_later_in_the_file(after: str) -> None:
    """Nesting is measured only for files with a problem; the first in the file still wins."""
    deep = "a: " + "[" * 70 + "]" * 70 + "\n"
    problem = only_problem(deep + after, aliases=False)
    assert_error(problem, 1, 4 + MAX_DEPTH - 1, f"nesting deeper than {MAX_DEPTH} levels")


def test_a_problem_before_the_deep_part_is_the_one_reported() -> None:
    text = "b: [unclosed\na: " + "[" * 70 + "]" * 70 + "\n"
    problem = only_problem(text)
    assert "nesting" not in problem.message


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        pytest.param("a: 1\nb: x\x07y\n", 2, 5, id="ascii"),
        pytest.param("organization: Café \x07x\n", 1, 20, id="after-two-byte-character"),
        pytest.param("note: 🙂🙂\x07\n", 1, 9, id="after-four-byte-characters"),
        pytest.param("a: \u2028x\nb: ü\x07\n", 2, 5, id="after-a-hidden-line-separator"),
    ],
)
def test_a_control_character_is_located_by_characters_not_bytes(
    text: str, line: int, column: int
) -> None:
    """libyaml reports where it stopped in bytes; the column counts characters."""
    assert_error(only_problem(text), line, column, "the control character U+0007")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: !!int '3'\n", 3),
        ("a: !!int 0x1F\n", 31),
        ("a: !!float 2\n", 2.0),
        ("a: !!float '1.5'\n", 1.5),
        ("a: !!bool true\n", True),
        ("a: !!null ''\n", None),
        ("a: !!null\n", None),
        ("!!int 1: x\n", None),
    ],
)
def test_the_core_schema_s_own_tags_name_a_kind_and_build_nothing(text: str, value: object) -> None:
    """SPEC 0 reads safely: ``!!int`` and its kin build no object, only the value they name."""
    data = load(text)
    assert data == ({1: "x"} if text.startswith("!!int 1") else {"a": value})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: !!int abc\n", "'abc' is not a whole number, as its tag !!int says"),
        ("a: !!int true\n", "'true' is not a whole number, as its tag !!int says"),
        ("a: !!float x\n", "'x' is not a number, as its tag !!float says"),
        ("a: !!bool yes\n", "'yes' is not true or false, as its tag !!bool says"),
        ("a: !!null x\n", "'x' is not null, as its tag !!null says"),
    ],
)
def test_a_core_tag_on_text_of_another_kind_is_an_error(text: str, message: str) -> None:
    problem = only_problem(text)
    assert_error(problem, 1, 4, message)


def test_an_error_about_a_core_tagged_key_points_at_that_key(tmp_path: Path) -> None:
    """The locator looked keys up by their text: `!!bool true` was found at the mapping's start."""
    from test_assess import QUESTIONNAIRE

    from conftest import run_cli, write

    q = write(tmp_path / "q.yaml", QUESTIONNAIRE)
    response = write(
        tmp_path / "r.yaml",
        "questionnaire: interview\norganization: A\nanswers:\n  one: a\n  many: []\n"
        "  !!bool true: a\n",
    )
    run = run_cli("validate", response, "-q", q)
    assert run.code == 1
    assert run.stderr.startswith(f"{response}:6:3: error: ")

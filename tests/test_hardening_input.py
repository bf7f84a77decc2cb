"""Hostile input for the reading and scoring layers: each case once crashed, hung or misled.

Promises about the command line are checked through the real command (exit status, one
``path:LINE:COL: error: ...`` line per problem, never an internal error); promises about a
function are checked by calling it.
"""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path

import pytest

from socialmaturity.engine.explain import explain
from socialmaturity.engine.scoring import score_answers
from socialmaturity.errors import InputError
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.questionnaire import load_questionnaire
from socialmaturity.model.reading import MAX_FILE_BYTES, read_text
from socialmaturity.model.response import Answer
from socialmaturity.model.yaml_reader import load_yaml

from conftest import Run, run_cli, write

HEAD = """\
id: tiny
version: "1"
title: Tiny
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: High, min_score: 50}
"""

TINY = (
    HEAD
    + """\
dimensions:
  - id: d
    name: D
    questions:
      - id: q
        text: Q
        options: [{value: a, label: A, points: 0}, {value: b, label: B, points: 1}]
      - {id: s, text: S, kind: scale, min: 0, max: 10}
"""
)

GOOD = "questionnaire: tiny\norganization: Good Co\nanswers: {q: b, s: 5}\n"
BIG = "9" * 5000  # over the 4,300 digits Python turns into an int


def assert_clean_failure(run: Run) -> None:
    """Exit status 1 with located errors only: no internal error, no traceback."""
    assert run.code == 1, (run.code, run.stderr)
    assert "internal error" not in run.stderr, run.stderr
    assert "Traceback" not in run.stderr, run.stderr


def csv_files(run: Run) -> list[str]:
    """The files named in the rows of ``score --format csv`` output."""
    return [line.split(",")[0] for line in run.stdout.splitlines()[1:]]


# --- 1. values the reader accepted but Python could not handle ----------------------------------


def test_a_huge_integer_in_a_response_fails_that_file_only(tmp_path: Path) -> None:
    questionnaire = write(tmp_path / "q.yaml", TINY)
    folder = tmp_path / "responses"
    big = write(
        folder / "a-big.yaml", f"questionnaire: tiny\norganization: A\nanswers:\n  s: {BIG}\n"
    )
    good = write(folder / "b-good.yaml", GOOD)
    run = run_cli("score", folder, "-q", questionnaire, "--format", "csv")
    assert_clean_failure(run)
    assert csv_files(run) == [str(good)]  # the folder's other file is still scored
    assert run.stderr.startswith(f"{big}:4:6: error: "), run.stderr
    assert "at most 4,300 digits" in run.stderr
    assert len(run.stderr) < 500  # the number itself is not repeated in full


def test_a_huge_integer_in_a_questionnaire_is_located(tmp_path: Path) -> None:
    questionnaire = write(tmp_path / "q.yaml", TINY.replace("max: 10}", f"max: {BIG}}}"))
    response = write(tmp_path / "r.yaml", GOOD)
    run = run_cli("score", response, "-q", questionnaire)
    assert_clean_failure(run)
    assert run.stderr.startswith(f"{questionnaire}:14:52: error: "), run.stderr
    hexadecimal = write(tmp_path / "h.yaml", TINY.replace("max: 10}", f"max: 0x{'f' * 4000}}}"))
    run = run_cli("validate", hexadecimal)
    assert_clean_failure(run)
    assert run.stderr.startswith(f"{hexadecimal}:14:52: error: "), run.stderr
    assert "at most 4,300 digits" in run.stderr


def test_a_huge_integer_in_a_stray_file_on_the_search_path_is_passed_over(
    tmp_path: Path,
) -> None:
    models = tmp_path / "models"
    write(models / "a-stray.yaml", f"{{id: other, version: '1', count: {BIG}}}\n")
    write(models / "b-tiny.yaml", TINY)
    response = write(tmp_path / "r.yaml", GOOD)
    run = run_cli("score", response, "--format", "csv", env={"SOCIALMATURITY_PATH": str(models)})
    assert run.code == 0, run.stderr
    assert csv_files(run) == [str(response)]
    listing = run_cli("list", env={"SOCIALMATURITY_PATH": str(models)})
    assert "internal error" not in listing.stderr
    assert f"{models / 'a-stray.yaml'}:1:" in listing.stderr


def test_a_too_large_weight_gets_a_message_about_its_size(tmp_path: Path) -> None:
    questionnaire = write(
        tmp_path / "q.yaml", TINY.replace("name: D\n", f"name: D\n    weight: {'1' + '0' * 400}\n")
    )
    run = run_cli("validate", questionnaire)
    assert_clean_failure(run)
    assert run.stderr.startswith(f"{questionnaire}:10:13: error: dimensions[0].weight is too large")
    assert "not a number" not in run.stderr
    assert len(run.stderr) < 300


def alias_chain(depth: int) -> str:
    """A questionnaire whose description is a list nested ``depth`` deep through aliases."""
    chain = "  - &a0 [z]\n" + "".join(f"  - &a{i} [*a{i - 1}]\n" for i in range(1, depth))
    body = TINY[len(HEAD) :].replace(
        "    name: D\n", f"    name: D\n    description: *a{depth - 1}\n"
    )
    return HEAD + "shared:\n" + chain + body


def test_aliases_nesting_too_deep_are_refused_in_the_questionnaire(tmp_path: Path) -> None:
    questionnaire = write(tmp_path / "q.yaml", alias_chain(100))
    response = write(tmp_path / "r.yaml", GOOD)
    run = run_cli("score", response, "-q", questionnaire)
    assert_clean_failure(run)
    # the 65th list of the chain (&a64, on line 72) is the first one nested too deep
    assert run.stderr == (
        f"{questionnaire}:72:5: error: nesting deeper than 64 levels is not allowed "
        "(counting what aliases stand for)\n"
    )


def test_a_symbolic_link_loop_is_a_clear_error(tmp_path: Path) -> None:
    write(tmp_path / "q.yaml", TINY)
    write(tmp_path / "r.yaml", GOOD)
    (tmp_path / "loop").symlink_to("loop")
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    for reference in ("loop", "./loop", "loop.yaml"):
        run = run_cli("score", "r.yaml", "-q", reference, cwd=tmp_path)
        assert_clean_failure(run)
        name = reference.removeprefix("./")
        assert run.stderr == f"{name}: error: cannot read: symbolic links form a loop\n"
    run = run_cli("score", "loop.yaml", "r.yaml", "-q", "q.yaml", "--format", "csv", cwd=tmp_path)
    assert_clean_failure(run)
    assert run.stderr == "loop.yaml: error: cannot read: symbolic links form a loop\n"
    assert csv_files(run) == ["r.yaml"]


def test_a_name_too_long_is_a_clear_error(tmp_path: Path) -> None:
    write(tmp_path / "q.yaml", TINY)
    write(tmp_path / "r.yaml", GOOD)
    long_name = "a" * 5000
    run = run_cli("score", long_name, "r.yaml", "-q", "q.yaml", "--format", "csv", cwd=tmp_path)
    assert_clean_failure(run)
    assert run.stderr == f"{long_name}: error: cannot read: File name too long\n"
    assert csv_files(run) == ["r.yaml"]
    for reference in (long_name, long_name + ".yaml", f"./{long_name}"):
        run = run_cli("score", "r.yaml", "-q", reference, cwd=tmp_path)
        assert_clean_failure(run)


def test_reading_never_raises_anything_but_input_errors(tmp_path: Path) -> None:
    cases: list[str | Path] = [
        "a\x00b.yaml",  # a NUL byte in the name
        tmp_path / ("n" * 5000),  # a name too long
        tmp_path,  # a folder
        tmp_path / "missing.yaml",
    ]
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop.name)
    cases.append(loop)
    for path in cases:
        with pytest.raises(InputError) as caught:
            read_text(path)
        assert caught.value.problems[0].location is not None
        with pytest.raises(InputError):
            load_questionnaire(path)
        with pytest.raises(InputError):
            Catalog().resolve(str(path))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_a_file_that_cannot_be_read_is_a_clear_error(tmp_path: Path) -> None:
    locked = write(tmp_path / "r.yaml", GOOD)
    locked.chmod(0)
    run = run_cli("score", locked)
    assert_clean_failure(run)
    assert run.stderr == f"{locked}: error: cannot read: Permission denied\n"


def test_a_file_that_vanishes_between_listing_and_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from socialmaturity.model import catalog as catalog_module

    gone = tmp_path / "gone.yaml"
    monkeypatch.setattr(catalog_module, "yaml_files", lambda folder: [gone])
    monkeypatch.setenv("SOCIALMATURITY_PATH", str(tmp_path))
    catalog = Catalog()
    assert catalog.find("tiny") is None
    entries = list(catalog.entries())
    assert entries and all(isinstance(entry, InputError) for entry in entries)


def test_an_unreadable_folder_inside_a_batch_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from socialmaturity.commands.batch import collect_files

    good = write(tmp_path / "a" / "good.yaml", GOOD)
    locked = tmp_path / "b"
    write(locked / "hidden.yaml", GOOD)
    scandir = os.scandir

    def refusing(path: str | os.PathLike[str]) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    files, problems = collect_files([str(tmp_path)])
    assert files == [str(good)]
    assert [str(problem) for problem in problems] == [
        f"{locked}: error: cannot read: Permission denied"
    ]
    files, problems = collect_files([str(locked)])
    assert files == [] and len(problems) == 1  # not also "no *.yaml files"


# --- 2. numbers that validate but broke scoring --------------------------------------------------


def scale(low: int, high: int) -> str:
    """A questionnaire with one scale question from ``low`` to ``high``."""
    return HEAD + (
        "dimensions:\n  - id: d\n    name: D\n    questions:\n"
        f"      - {{id: s, text: S, kind: scale, min: {low}, max: {high}}}\n"
    )


@pytest.mark.parametrize(
    ("low", "high", "value", "expected"),
    [
        (-(10**300), 10**300, 0, 50.0),
        (0, 10**400, 10**399 * 5, 50.0),
        (-(10**4000), 10**4000, 10**4000, 100.0),
        (0, 3 * 10**4000, 10**4000, 100 / 3),
    ],
    ids=["-1e300..1e300", "0..1e400", "-1e4000..1e4000", "0..3e4000"],
)
def test_huge_scales_score_and_explain_exactly(
    low: int, high: int, value: int, expected: float
) -> None:
    questionnaire = load_questionnaire("q.yaml", text=scale(low, high))
    result = score_answers(questionnaire, {"s": Answer(value)})
    assert result.score == pytest.approx(expected, abs=1e-9)
    assert result.level == (2 if expected >= 50 else 1)
    (dimension,) = explain(result)
    (line,) = dimension.lines
    assert line.points is None or math.isfinite(line.points)
    assert line.contribution == pytest.approx(expected, abs=1e-9)


def test_explain_on_a_huge_scale_from_the_command_line(tmp_path: Path) -> None:
    questionnaire = write(tmp_path / "q.yaml", scale(0, 10**400))
    response = write(
        tmp_path / "r.yaml", f"questionnaire: tiny\norganization: A\nanswers: {{s: {10**399}}}\n"
    )
    started = time.monotonic()
    run = run_cli("explain", response, "-q", questionnaire)
    assert time.monotonic() - started < 20
    assert run.code == 0, run.stderr
    assert "raises it to level 2" in run.stdout


def test_tiny_weights_do_not_vanish_from_the_score() -> None:
    option = "[{value: x, label: X, points: 0}, {value: m, label: M, points: 1}, "
    questionnaire = load_questionnaire(
        "q.yaml",
        text=HEAD
        + f"""\
dimensions:
  - id: d
    name: D
    weight: 5.0e-324
    questions:
      - {{id: a, text: A, weight: 5.0e-324, options: {option}{{value: y, label: Y, points: 2}}]}}
  - id: e
    name: E
    weight: 1.0e-323
    questions:
      - {{id: b, text: B, weight: 1.0e-323, options: {option}{{value: y, label: Y, points: 3}}]}}
""",
    )
    result = score_answers(questionnaire, {"a": Answer("m"), "b": Answer("m")})
    d, e = result.dimensions
    assert d.score == pytest.approx(50.0, abs=1e-9) and d.level == 2  # 1 of 0..2
    assert e.score == pytest.approx(100 / 3, abs=1e-9) and e.level == 1  # 1 of 0..3
    # the second dimension weighs twice the first: (50 + 2 * 33.33...) / 3
    assert result.score == pytest.approx((50 + 200 / 3) / 3, abs=1e-9)
    explained = explain(result)
    assert explained[0].lines[0].contribution == pytest.approx(50.0, abs=1e-9)


def test_the_largest_weights_and_points_score_exactly(tmp_path: Path) -> None:
    options = "[{value: x, label: X, points: 0}, {value: y, label: Y, points: 1000000}]"
    questions = "".join(
        f"      - {{id: q{i}, text: Q, weight: 1000000, options: {options}}}\n" for i in range(4)
    )
    questionnaire = write(
        tmp_path / "q.yaml",
        HEAD
        + "dimensions:\n  - id: d\n    name: D\n    weight: 1000000\n    questions:\n"
        + questions,
    )
    response = write(
        tmp_path / "r.yaml",
        "questionnaire: tiny\norganization: A\nanswers: {q0: y, q1: y, q2: x, q3: x}\n",
    )
    run = run_cli("score", response, "-q", questionnaire, "--format", "json")
    assert run.code == 0, run.stderr
    (record,) = json.loads(run.stdout)
    assert record["overall"] == {"score": 50.0, "level": 2, "level_name": "High"}


# --- 3. slow paths an input could choose ---------------------------------------------------------


def test_many_unknown_answer_keys_are_reported_quickly_and_briefly(tmp_path: Path) -> None:
    write(tmp_path / "q.yaml", TINY)
    keys = "".join(f"  unknown_key_{i}: x\n" for i in range(20_000))
    response = write(tmp_path / "r.yaml", f"questionnaire: tiny\norganization: A\nanswers:\n{keys}")
    started = time.monotonic()
    run = run_cli("validate", response, "-q", tmp_path / "q.yaml")
    assert time.monotonic() - started < 10  # 52 s when every key was looked up from the top
    assert_clean_failure(run)
    lines = [line for line in run.stderr.splitlines() if ": error: " in line]
    assert len(lines) == 101
    assert (
        lines[0]
        == f"{response}:4:3: error: unknown question 'unknown_key_0' in questionnaire 'tiny'"
    )
    assert lines[-1] == f"{response}:104:3: error: and 19,900 more unknown questions"


def test_many_unknown_keys_in_a_questionnaire_are_reported_quickly(tmp_path: Path) -> None:
    keys = "".join(f"extra_{i}: x\n" for i in range(20_000))
    questionnaire = write(tmp_path / "q.yaml", TINY + keys)
    started = time.monotonic()
    run = run_cli("validate", questionnaire)
    assert time.monotonic() - started < 10
    assert_clean_failure(run)
    lines = [line for line in run.stderr.splitlines() if ": error: " in line]
    assert len(lines) == 101
    assert lines[0] == f"{questionnaire}:15:1: error: unknown key 'extra_0'"
    assert lines[-1] == f"{questionnaire}:115:1: error: and 19,900 more unknown keys"


def test_a_huge_multi_answer_is_reported_briefly(tmp_path: Path) -> None:
    questionnaire = write(
        tmp_path / "q.yaml",
        TINY.replace("        text: Q\n", "        text: Q\n        kind: multi\n"),
    )
    values = ", ".join(f"v{i}" for i in range(50_000))
    response = write(
        tmp_path / "r.yaml", f"questionnaire: tiny\norganization: A\nanswers: {{q: [{values}]}}\n"
    )
    run = run_cli("validate", response, "-q", questionnaire)
    assert_clean_failure(run)
    lines = [line for line in run.stderr.splitlines() if ": error: " in line]
    assert len(lines) == 101
    assert lines[-1].endswith("error: and 49,900 more problems in the answer to 'q'")


def test_files_over_the_size_limit_are_refused_before_parsing(tmp_path: Path) -> None:
    assert MAX_FILE_BYTES == 10_000_000
    padding = "#" + "x" * 98 + "\n"  # 100 bytes
    big = write(tmp_path / "big.yaml", GOOD + padding * 100_000)  # 10,000,0xx bytes
    good = write(tmp_path / "good.yaml", GOOD)
    questionnaire = write(tmp_path / "q.yaml", TINY)
    run = run_cli("score", big, good, "-q", questionnaire, "--format", "csv")
    assert_clean_failure(run)
    assert run.stderr == f"{big}: error: the file is 10.1 MB; the limit is 10 MB\n"
    assert csv_files(run) == [str(good)]
    huge_q = write(tmp_path / "huge-q.yaml", TINY + padding * 120_500)  # 12,050,4xx bytes
    run = run_cli("score", good, "-q", huge_q)
    assert_clean_failure(run)
    assert run.stderr == f"{huge_q}: error: the file is 12.1 MB; the limit is 10 MB\n"


def test_a_file_just_under_the_size_limit_is_read(tmp_path: Path) -> None:
    text = GOOD + "#" * (MAX_FILE_BYTES - len(GOOD) - 1) + "\n"
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size == MAX_FILE_BYTES
    assert load_yaml(path, allow_aliases=False).data["organization"] == "Good Co"


def big_questionnaire(questions: int) -> str:
    options = "[{value: a, label: A, points: 0}, {value: b, label: B, points: 1}]"
    return (
        HEAD
        + "dimensions:\n  - id: d\n    name: D\n    questions:\n"
        + "".join(
            f"      - {{id: q{i}, text: Question {i}, help: Ask, options: {options}}}\n"
            for i in range(questions)
        )
    )


def test_a_big_questionnaire_without_aliases_loads(tmp_path: Path) -> None:
    # 5,000 questions of 23 nodes each: 115,000 nodes written out, none through an alias
    questionnaire = write(tmp_path / "q.yaml", big_questionnaire(5000))
    run = run_cli("validate", questionnaire)
    assert run.code == 0, run.stderr
    many = load_yaml("q.yaml", allow_aliases=True, text=big_questionnaire(8000))
    assert len(many.data["dimensions"][0]["questions"]) == 8000


def test_an_alias_bomb_in_a_big_questionnaire_is_still_refused() -> None:
    bomb = "".join(f"  - &s{i} [*s{i - 1}, *s{i - 1}]\n" for i in range(1, 20))
    text = big_questionnaire(3000) + "shared:\n  - &s0 [x]\n" + bomb
    with pytest.raises(InputError) as caught:
        load_yaml("q.yaml", allow_aliases=True, text=text)
    assert "more than 100,000 nodes" in caught.value.message

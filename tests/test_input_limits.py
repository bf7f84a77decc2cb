"""Input at the limits: numbers too large for Python or a float, huge scales and tiny weights,
deep nesting and alias chains, thousands of unknown keys or answers, files near the size limit.

Each case once crashed, hung or misled. Promises about the command line are checked through the
command (exit status, one ``path:LINE:COL: error: ...`` line per problem, never an internal
error); promises about a function by calling it. Where a case once hung, the test bounds the work
done (calls counted, not seconds), so it neither depends on the machine's speed nor waits for ever.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from socialmaturity.engine import scoring
from socialmaturity.engine.explain import _Rescorer, explain
from socialmaturity.engine.scoring import score_answers
from socialmaturity.errors import InputError
from socialmaturity.model.questionnaire import load_questionnaire
from socialmaturity.model.reading import MAX_FILE_BYTES
from socialmaturity.model.response import Answer
from socialmaturity.model.validation import MAX_REPORTED
from socialmaturity.model.yaml_reader import YamlDocument, load_yaml

from conftest import (
    GOOD,
    HEAD,
    REPO,
    TINY,
    Run,
    assert_clean_failure,
    csv_files,
    run_cli,
    write,
)

DEMO = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"

BIG = "9" * 5000  # over the 4,300 digits Python turns into an int


class Calls:
    """How often a function was called (see :func:`count_calls`)."""

    def __init__(self) -> None:
        self.count = 0


def count_calls(
    monkeypatch: pytest.MonkeyPatch, owner: object, name: str, *, limit: int = 1_000_000
) -> Calls:
    """Count the calls of ``owner.name`` (the command runs in this process, so it is seen).

    A call past ``limit`` fails, as an internal error of the command: a test of work that once
    grew without bound ends at once instead of waiting for it.
    """
    calls = Calls()
    original: Callable[..., Any] = getattr(owner, name)

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.count += 1
        if calls.count > limit:
            raise AssertionError(f"{name} called more than {limit:,} times")
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return calls


# --- 1. values the reader accepted but Python could not handle ------------------------------------


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


def test_deep_explicit_keys_are_refused_not_crashing(tmp_path: Path) -> None:
    deep = write(tmp_path / "deep.yaml", "? " * 30000 + "a\n")
    run = run_cli("score", deep, DEMO, "--format", "csv")
    assert run.code == 1
    assert "nesting deeper than 64 levels" in run.stderr
    assert "Northwind" in run.stdout  # the good file is still scored


# --- 2. numbers that validate but broke scoring ---------------------------------------------------


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


SCALE_Q = """
id: wide
version: "1"
title: Wide scale
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: High, min_score: 50}
dimensions:
  - id: d
    name: D
    questions:
      - {id: big, text: How many?, kind: scale, min: 0, max: 100000000000}
"""


def test_explain_on_a_huge_scale_is_instant(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    questionnaire = write(tmp_path / "q.yaml", SCALE_Q)
    response = write(
        tmp_path / "r.yaml", "questionnaire: wide\norganization: A\nanswers: {big: 3}\n"
    )
    trials = count_calls(monkeypatch, _Rescorer, "trial", limit=10_000)
    run = run_cli("explain", response, "-q", questionnaire)
    assert run.code == 0, run.stderr
    # level 2 starts at 50: the smallest value reaching it is 50,000,000,000
    assert "3 on a scale of 0 to 100000000000 → 50000000000 on a scale" in run.stdout
    # the smallest value reaching the level is found by bisection: a trial for each binary
    # digit of the scale's size, not one for each of its 100 billion values
    assert trials.count <= 2 * (100000000000).bit_length()


def test_explain_on_a_huge_scale_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    questionnaire = write(tmp_path / "q.yaml", scale(0, 10**400))
    response = write(
        tmp_path / "r.yaml", f"questionnaire: tiny\norganization: A\nanswers: {{s: {10**399}}}\n"
    )
    trials = count_calls(monkeypatch, _Rescorer, "trial", limit=100_000)
    run = run_cli("explain", response, "-q", questionnaire)
    assert run.code == 0, run.stderr
    assert "raises it to level 2" in run.stdout
    assert trials.count <= 2 * (10**400).bit_length()  # bisection over 400 digits


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


# --- 3. slow paths an input could choose ----------------------------------------------------------


def test_many_unknown_answer_keys_are_reported_quickly_and_briefly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "q.yaml", TINY)
    keys = "".join(f"  unknown_key_{i}: x\n" for i in range(20_000))
    response = write(tmp_path / "r.yaml", f"questionnaire: tiny\norganization: A\nanswers:\n{keys}")
    lookups = count_calls(monkeypatch, YamlDocument, "_find", limit=10 * MAX_REPORTED)
    run = run_cli("validate", response, "-q", tmp_path / "q.yaml")
    # only the keys reported are looked up in the file: 52 s when every key was looked up
    # from the top
    assert lookups.count <= 2 * MAX_REPORTED
    assert_clean_failure(run)
    lines = [line for line in run.stderr.splitlines() if ": error: " in line]
    assert len(lines) == 101
    assert (
        lines[0]
        == f"{response}:4:3: error: unknown question 'unknown_key_0' in questionnaire 'tiny'"
    )
    assert lines[-1] == f"{response}:104:3: error: and 19,900 more unknown questions"


def test_many_unknown_keys_in_a_questionnaire_are_reported_quickly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = "".join(f"extra_{i}: x\n" for i in range(20_000))
    questionnaire = write(tmp_path / "q.yaml", TINY + keys)
    lookups = count_calls(monkeypatch, YamlDocument, "_find", limit=10 * MAX_REPORTED)
    run = run_cli("validate", questionnaire)
    assert lookups.count <= 2 * MAX_REPORTED  # only the keys reported are looked up
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


def test_explain_cuts_a_huge_note_and_stays_fast(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = (REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml").read_text()
    lines, done = [], False
    for line in source.splitlines():
        key, _, value = line.strip().partition(": ")
        if (
            not done
            and line.startswith("  ")
            and not line.startswith("   ")
            and value.isidentifier()
        ):
            line = f'  {key}:\n    value: {value}\n    note: "' + "word " * 1_000_000 + '"'
            done = True
        lines.append(line)
    assert done
    big = write(tmp_path / "big.yaml", "\n".join(lines) + "\n")
    from rich.table import Table

    laid_out = [0]  # characters given to rich to lay out in tables
    add_row = Table.add_row

    def counting(table: Table, *cells: Any, **options: Any) -> None:
        laid_out[0] += sum(len(str(cell)) for cell in cells)
        add_row(table, *cells, **options)

    monkeypatch.setattr(Table, "add_row", counting)
    run = run_cli("explain", big)
    assert run.code == 0, run.stderr
    assert laid_out[0] < 100_000  # the 5 MB note is cut before rich lays it out
    assert "…" in run.stdout and len(run.stdout) < 100_000


def wide(count: int) -> tuple[str, str]:
    """A questionnaire of ``count`` questions in one dimension, and a response one answer short
    of the next level: changing any single answer raises it, so every question has a win."""
    questions = "".join(
        f"      - id: q{n}\n        text: Question {n}?\n        options:\n"
        f"          - {{value: a, label: A, points: 0}}\n"
        f"          - {{value: b, label: B, points: 1}}\n"
        f"          - {{value: c, label: C, points: 2}}\n"
        for n in range(count)
    )
    questionnaire = (
        'id: wide\nversion: "1"\ntitle: Wide\nlevels:\n  - {level: 1, name: Low, min_score: 0}\n'
        "  - {level: 2, name: High, min_score: 50}\ndimensions:\n  - id: d\n    name: D\n"
        "    questions:\n" + questions
    )
    answers = "".join(f"  q{n}: {'a' if n == 0 else 'b'}\n" for n in range(count))
    return questionnaire, "questionnaire: wide\norganization: A\nanswers:\n" + answers


def explain_wide(tmp_path: Path, count: int) -> Run:
    questionnaire, response = wide(count)
    folder = tmp_path / str(count)
    return run_cli(
        "explain", write(folder / "r.yaml", response), "-q", write(folder / "q.yaml", questionnaire)
    )


def test_explain_on_thousands_of_questions(tmp_path: Path) -> None:
    run = explain_wide(tmp_path, 2000)
    assert run.code == 0, run.stderr
    assert "raises it to level 2 High" in run.stdout


def test_explain_on_thousands_of_questions_is_linear(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Twice the questions, about twice the work: the answers summed by the scoring engine's one
    sum (scores, rescores, the dimension's and the overall) are counted. Rescoring the whole
    dimension for every change tried took about 65 s for 3,000 questions; showing each quickest
    win's score summed the dimension again too, until _Rescorer.score kept the sums exactly."""
    summed = [0]
    original = scoring._sums

    def counting(scaled: list[float], values: list[float]) -> tuple[float, float]:
        summed[0] += len(values)
        return original(scaled, values)

    monkeypatch.setattr(scoring, "_sums", counting)
    work = []
    for count in (500, 1000):
        summed[0] = 0
        run = explain_wide(tmp_path, count)
        assert run.code == 0, run.stderr
        assert "raises it to level 2 High" in run.stdout
        work.append(summed[0])
    small, large = work
    assert large < 3 * small, f"{small:,} values summed for 500 questions, {large:,} for 1,000"

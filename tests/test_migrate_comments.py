"""SPEC sections 1 and 4: `migrate` keeps every comment; the only lines it adds are one per
dropped answer, above `answers:`.

A comment above or beside a kept answer stays with it (a renamed key keeps its own, at its
column); the comment block above a dropped answer stays where it was; what is written on a
dropped answer's lines (its inline comments, those inside its mapping or list) goes into its one
added line, which says everything: the versions, the question and value, why, its note. Every
other character of the file is left as it was.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialmaturity.commands.migrating import migrated_file
from socialmaturity.interview.writer import comment_text
from socialmaturity.model.catalog import Catalog

from conftest import REPO, run_cli, write

MQ = """\
id: mq
version: "3.0.0"
title: Mig Q
levels:
  - {level: 1, name: One, min_score: 0}
  - {level: 2, name: Two, min_score: 50}
dimensions:
  - id: d1
    name: D1
    questions:
      - id: funding
        text: F
        options:
          - {value: none, label: N, points: 0}
          - {value: project_funds, label: P, points: 1}
          - {value: budget, label: B, points: 2}
      - id: channels
        text: C
        kind: multi
        options:
          - {value: blog, label: B, points: 1}
          - {value: care, label: C, points: 1}
          - {value: forum, label: F, points: 1}
      - id: horizon
        text: H
        kind: scale
        min: 0
        max: 3
      - id: keep
        text: K
        options:
          - {value: a, label: A, points: 0}
          - {value: b, label: B, points: 1}
migrations:
  - from: "1.0.0"
    questions:
      exec_budget: funding
      evidence_q: null
      horizon_old: horizon
    options:
      funding: {leftovers: project_funds, nothing: null}
      channels: {customer_care: care, tv: null}
"""

HEAD = 'questionnaire: mq\nquestionnaire_version: "1.0.0"\norganization: Acme\n'
NEW_HEAD = HEAD.replace('"1.0.0"', '"3.0.0"')
DROPPED = "# dropped migrating 1.0.0 -> 3.0.0: "

#: The audit's file: comments above, beside and inside kept, renamed and dropped answers.
AUDIT = HEAD + (
    "answers:\n"
    "  # about funding\n"
    "  exec_budget: leftovers   # they use leftovers\n"
    "  # about evidence\n"
    "  evidence_q: yes   # dropped one\n"
    "  keep: a   # keep a\n"
    "  horizon_old:\n"
    "    value: 9     # bad value\n"
    "    note: too far\n"
)


def migrated(tmp_path: Path, text: str, name: str = "old.yaml") -> tuple[str, str]:
    """What `migrate -o` writes for ``text``, and its line on stdout."""
    q = tmp_path / "mq.yaml"
    if not q.exists():
        write(q, MQ)
    old = tmp_path / "in" / name
    old.parent.mkdir(exist_ok=True)
    old.write_bytes(text.encode("utf-8"))
    run = run_cli("migrate", "-q", q, old, "-o", tmp_path / "out", "--force")
    assert run.code == 0, run.stderr
    return (tmp_path / "out" / name).read_bytes().decode("utf-8"), run.stdout


def test_the_audit_file_keeps_every_comment_where_it_belongs(tmp_path: Path) -> None:
    text, stdout = migrated(tmp_path, AUDIT)
    assert text == NEW_HEAD + (
        f"{DROPPED}evidence_q: yes (no longer asked); comment: dropped one\n"
        f"{DROPPED}horizon_old: 9 (no longer a valid answer); note: too far; comment: bad value\n"
        "answers:\n"
        "  # about funding\n"
        "  funding: project_funds   # they use leftovers\n"
        "  # about evidence\n"
        "  keep: a   # keep a\n"
    )
    assert stdout.endswith(
        ": 1 renamed, 1 value mapped; dropped: evidence_q: yes (no longer asked); "
        "horizon_old: 9 (no longer a valid answer)\n"
    )


def test_a_block_list_keeps_its_layout_and_the_comments_of_its_values(tmp_path: Path) -> None:
    """A value mapped keeps its comment at its column; the values dropped from one answer (two
    reasons) are one line, with their comments; comment lines between values stay."""
    text, _ = migrated(
        tmp_path,
        HEAD.replace('"1.0.0"', "'1.0.0'") + "answers:\n"
        "  'exec_budget': \"leftovers\"   # quoted\n"
        "  channels:   # the channels\n"
        "    - blog        # first\n"
        "    # between\n"
        "    - customer_care   # second\n"
        "    - tv          # third\n"
        "    - radio\n"
        "  keep: a\n",
    )
    assert text == HEAD.replace('"1.0.0"', "'3.0.0'") + (
        f"{DROPPED}channels: [tv, radio] removed from the answer (tv: mapped to nothing, "
        "radio: no longer an option); comment: third\n"
        "answers:\n"
        "  'funding': \"project_funds\"   # quoted\n"
        "  channels:   # the channels\n"
        "    - blog        # first\n"
        "    # between\n"
        "    - care            # second\n"
        "  keep: a\n"
    )


def test_a_value_that_now_repeats_one_kept_goes_and_its_comment_stays(tmp_path: Path) -> None:
    """customer_care becomes care, which the answer has already: nothing is dropped."""
    text, stdout = migrated(
        tmp_path,
        HEAD + "answers:\n  channels:\n    - customer_care  # x\n    - care   # y\n    - blog\n",
    )
    assert (
        text == NEW_HEAD + "answers:\n  channels:\n    - care           # x\n    # y\n    - blog\n"
    )
    assert stdout.endswith("0 renamed, 1 value mapped; dropped: nothing\n")


def test_a_list_that_loses_every_value_is_written_empty(tmp_path: Path) -> None:
    text, _ = migrated(
        tmp_path,
        HEAD + "answers:\n"
        "  channels:\n"
        "    value:\n"
        "    - tv   # gone\n"
        "    note: none left\n"
        "  keep: b\n",
    )
    assert text == NEW_HEAD + (
        f"{DROPPED}channels: [tv] removed from the answer (mapped to nothing); comment: gone\n"
        "answers:\n"
        "  channels:\n"
        "    value: []\n"
        "    note: none left\n"
        "  keep: b\n"
    )
    text, _ = migrated(tmp_path, HEAD + "answers:\n  channels:   # all gone\n  - tv\n  - tv\n")
    assert text == NEW_HEAD + (
        f"{DROPPED}channels: [tv, tv] removed from the answer (mapped to nothing)\n"
        "answers:\n  channels: [] # all gone\n"
    )


def test_the_comments_above_a_dropped_answer_stay_above_what_follows(tmp_path: Path) -> None:
    """Also inside a dropped answer: a comment line and a block scalar's header comment go into
    its line; an empty answer no longer asked goes, its comment kept the same way."""
    text, _ = migrated(
        tmp_path,
        HEAD + "answers:\n"
        "  keep: a\n"
        "\n"
        "  # --- about evidence ---\n"
        "  # asked in 2025 only\n"
        "  evidence_q:\n"
        "    # inside\n"
        "    value: x\n"
        "    note: |-   # literal\n"
        "      seen it # not a comment\n"
        "  gone_q:   # never answered\n"
        "  # the last comment\n",
    )
    assert text == NEW_HEAD + (
        f"{DROPPED}evidence_q: x (no longer asked); note: seen it # not a comment; "
        "comment: inside; comment: literal\n"
        f"{DROPPED}gone_q: no answer (not carried over); comment: never answered\n"
        "answers:\n"
        "  keep: a\n"
        "\n"
        "  # --- about evidence ---\n"
        "  # asked in 2025 only\n"
        "  # the last comment\n"
    )


def test_brackets_and_crlf_line_breaks_are_kept(tmp_path: Path) -> None:
    text, _ = migrated(
        tmp_path,
        (
            HEAD + "answers: {exec_budget: leftovers, evidence_q: x,\n"
            "  channels: [blog, tv, customer_care],   # on channels\n"
            "  keep: a}   # flow\n"
            "expect:\n  overall: {level: 1}   # agreed\n"
        ).replace("\n", "\r\n"),
    )
    assert text == (
        NEW_HEAD + f"{DROPPED}evidence_q: x (no longer asked)\n"
        f"{DROPPED}channels: [tv] removed from the answer (mapped to nothing)\n"
        "answers: {funding: project_funds,\n"
        "  channels: [blog, care],                # on channels\n"
        "  keep: a}   # flow\n"
        "expect:\n  overall: {level: 1}   # agreed\n"
    ).replace("\n", "\r\n")


def test_no_note_or_comment_breaks_out_of_its_line(tmp_path: Path) -> None:
    """Line breaks of every kind in a note, NEL and a bidi override in a comment: still one
    line each, the characters shown as escapes, and the file reads back."""
    text, _ = migrated(
        tmp_path,
        HEAD + "answers:\n"
        '  evidence_q: {value: x, note: "one\\ntwo\\rthree\\u2028four\\x85five"}'
        "   # a\x85b \u202ec\n"
        "  keep: a\n",
    )
    added = text.splitlines(keepends=True)[3]
    assert added == (
        f"{DROPPED}evidence_q: x (no longer asked); note: one two\\x0dthree four\\x85five; "
        "comment: a\\x85b \\u202ec\n"
    )
    assert text == NEW_HEAD + added + "answers:\n  keep: a\n"


def test_assess_on_an_earlier_version_writes_what_migrate_writes(tmp_path: Path) -> None:
    by_migrate, _ = migrated(tmp_path, AUDIT)
    by_assess = write(tmp_path / "a" / "old.yaml", AUDIT)
    run = run_cli("assess", "-o", by_assess, "-q", tmp_path / "mq.yaml", stdin="")
    assert run.code == 1, run.stderr  # input ended before the questions new to the file
    assert "Migrated" in run.stdout and "Traceback" not in run.stderr
    # the same file, and the questions it does not answer listed for the interview to ask
    asked = "  channels:\n  horizon:\n  keep: a   # keep a\n"
    assert by_assess.read_text() == by_migrate.replace("  keep: a   # keep a\n", asked)


# --- every comment of the bundled 2.0.0 demo, wherever it is written ----------------------------

DEMO = REPO / "tests" / "fixtures" / "social-maturity-2.0.0" / "northwind-2026.yaml"
DEMO_LINES = DEMO.read_text(encoding="utf-8").splitlines(keepends=True)
#: A line that starts a key: a comment may follow it, or stand above it.
KEY = re.compile(r"(?P<indent>(?:  ){0,2})[a-z_]+:(?: |\n)")
#: The answers 3.0.0 no longer asks: their lines go.
GONE = ("exec_social_map", "rel_targets")
#: Text a comment may hold: anything YAML allows, and the characters that trouble it most.
TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn"))
    | st.sampled_from(["#", ":", "-", "'", '"', "\t", "\x85", "\u2028", "\u202e", "[", "{"]),
    max_size=12,
)


def _gone_lines() -> set[int]:
    """The numbers of the lines of the answers that go."""
    found, inside = set(), False
    for number, line in enumerate(DEMO_LINES):
        if line.startswith("  ") and not line.startswith("   "):
            inside = line.strip().rstrip(":") in GONE
        elif not line.startswith("   "):
            inside = False
        if inside:
            found.add(number)
    return found


GONE_LINES = _gone_lines()
FIRST_GONE_LINES = {n for n in GONE_LINES if n - 1 not in GONE_LINES}


@st.composite
def commented_demo(draw: st.DrawFn) -> tuple[str, list[tuple[str, bool]], int]:
    """The demo with comments drawn above and beside its keys: the text, each comment's text
    and whether it is written inside an answer that goes, and how many lines those take."""
    lines, comments, gone = [], [], 0
    for number, line in enumerate(DEMO_LINES):
        key = KEY.match(line)
        inside = number in GONE_LINES and number not in FIRST_GONE_LINES
        if key and draw(st.booleans()):
            text = f"c{number}a {draw(TEXT)} ."
            lines.append(f"{key['indent']}# {text}\n")
            comments.append((text, inside))
            gone += inside
        if key and draw(st.booleans()):
            text = f"c{number}b {draw(TEXT)} ."
            line = line[:-1] + " " * draw(st.integers(1, 4)) + f"# {text}\n"
            comments.append((text, number in GONE_LINES))
        lines.append(line)
        gone += number in GONE_LINES
    return "".join(lines), comments, gone


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(commented_demo())
def test_every_comment_of_the_demo_is_kept(case: tuple[str, list[tuple[str, bool]], int]) -> None:
    """Comments above and beside every key, with any text, on the demo that loses two answers:
    each is where it was or in the line of the answer it was written in, and nothing else of
    the file changed but what `migrate` changes in the demo without them."""
    text, comments, gone = case
    model = Catalog().resolve("social-maturity")
    new, _ = migrated_file("northwind.yaml", text, model)
    plain, _ = migrated_file("northwind.yaml", DEMO.read_text(encoding="utf-8"), model)
    lines = new.split("\n")
    added = [line for line in lines if line.startswith("# dropped migrating 2.0.0 -> 3.0.0: ")]
    answers = next(n for n, line in enumerate(lines) if line.startswith("answers:"))
    assert lines[answers - len(GONE) : answers] == added and len(added) == len(GONE)
    for comment, inside_gone in comments:
        if inside_gone:  # carried into the answer's line
            assert any(f"; comment: {comment_text(comment)}" in line for line in added), comment
        else:  # where it was
            assert f"# {comment}\n" in new, comment
    assert len(lines) == len(text.split("\n")) - gone + len(GONE)
    assert _without_comments(new) == _without_comments(plain)


def _without_comments(text: str) -> list[str]:
    """The lines of a migrated demo, less comments and the blanks before them."""
    return [
        re.sub(r"[ \t]*# c\d+[ab] .*", "", line) if not line.startswith("# dropped") else "#"
        for line in text.split("\n")
        if not re.fullmatch(r"[ \t]*# c\d+a .*", line)
    ]

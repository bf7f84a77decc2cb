"""SPEC section 4, "Hardening (v3)": no answer lost between ``assess`` and ``migrate``.

``assess`` on a file of an earlier questionnaire version migrates it first, exactly as
``migrate`` does; ``migrate --in-place`` refuses a file that a running interview holds. The last
tests race real processes of both commands against each other.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from socialmaturity.model.yaml_reader import load_yaml

from conftest import interview, run_cli, write

V1 = """\
id: evolving
version: "1.0"
title: Evolving model
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: High, min_score: 50}
dimensions:
  - id: d
    name: D
    questions:
      - id: budget
        text: How is it funded?
        options:
          - {value: leftovers, label: Leftovers, points: 0}
          - {value: marketing_line, label: A marketing line, points: 1}
          - {value: campaigns, label: Campaigns, points: 0}
      - id: review
        text: How often is it reviewed?
        options:
          - {value: never, label: Never, points: 0}
          - {value: yearly, label: Yearly, points: 1}
      - id: channels
        text: Which channels?
        kind: multi
        options:
          - {value: blog, label: Blog, points: 1}
          - {value: forum, label: Forum, points: 1}
          - {value: helpdesk, label: Helpdesk, points: 1}
      - id: kept
        text: Kept as it was?
        options:
          - {value: a, label: A, points: 0}
          - {value: b, label: B, points: 1}
"""

V2 = """\
id: evolving
version: "2.0"
title: Evolving model
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: High, min_score: 50}
dimensions:
  - id: d
    name: D
    questions:
      - id: funding
        text: How is it funded?
        options:
          - {value: project_funds, label: Leftovers, points: 0}
          - {value: annual_budget, label: A budget, points: 1}
      - id: channels
        text: Which channels?
        kind: multi
        options:
          - {value: blog, label: Blog, points: 1}
          - {value: care, label: Care, points: 1}
      - id: kept
        text: Kept as it was?
        options:
          - {value: a, label: A, points: 0}
          - {value: b, label: B, points: 1}
      - id: fresh
        text: A question new in 2.0?
        options:
          - {value: no, label: No, points: 0}
          - {value: yes, label: Yes, points: 1}
migrations:
  - from: "1.0"
    questions:
      budget: funding
      review: null
    options:
      funding: {leftovers: project_funds, marketing_line: annual_budget, campaigns: null}
      channels: {forum: null, helpdesk: care}
"""

OLD = """\
# first assessment, kept for the trend
questionnaire: evolving
questionnaire_version: "1.0"
organization: Acme
respondent: Jo
date: 2025-11-20
answers:
  budget:
    value: marketing_line
    note: seen the budget line
  review:
    value: yearly
    note: the board minutes
  channels: [blog, forum, helpdesk]
  kept: b
expect:
  overall: {level: 2}   # agreed
"""

ENV = {k: v for k, v in os.environ.items() if k != "SOCIALMATURITY_PATH"}


def answers(path: Path) -> dict[str, object]:
    return load_yaml(path, allow_aliases=False).data["answers"]  # type: ignore[no-any-return]


def header(path: Path, key: str) -> object:
    return load_yaml(path, allow_aliases=False).data[key]


@pytest.fixture
def v2(tmp_path: Path) -> Path:
    return write(tmp_path / "v2.yaml", V2)


# --- assess on last version's file --------------------------------------------------------------


def test_assess_on_an_earlier_version_writes_what_migrate_writes(tmp_path: Path, v2: Path) -> None:
    by_assess = write(tmp_path / "a" / "old.yaml", OLD)
    by_migrate = write(tmp_path / "m" / "old.yaml", OLD)
    run = run_cli("assess", "-o", by_assess, "-q", v2, stdin="")  # nothing typed
    assert run.code == 1, run.stderr  # input ended before the new question
    assert "Traceback" not in run.stderr
    assert "from version 1.0 to 2.0" in run.stdout
    assert "review: yearly (no longer asked)" in run.stdout
    assert run_cli("migrate", by_migrate, "-q", v2, "--in-place").code == 0
    # the same file, and the question new in 2.0 listed for the interview to ask
    migrated = by_migrate.read_text()
    assert by_assess.read_text() == migrated.replace("  kept: b\n", "  kept: b\n  fresh:\n")
    assert header(by_assess, "questionnaire_version") == "2.0"
    assert answers(by_assess) == {
        "funding": {"value": "annual_budget", "note": "seen the budget line"},
        "channels": ["blog", "care"],
        "kept": "b",
        "fresh": None,
    }
    text = by_assess.read_text()
    assert "review: yearly (no longer asked)" in text and "note: the board minutes" in text


def test_assess_on_an_earlier_version_keeps_every_answer_it_goes_on_with(
    tmp_path: Path, v2: Path
) -> None:
    old = write(tmp_path / "old.yaml", OLD)
    run = run_cli("assess", "-o", old, "-q", v2, stdin="2 # asked again\n")
    assert run.code == 0, run.stderr
    assert header(old, "questionnaire_version") == "2.0"
    assert answers(old) == {
        "funding": {"value": "annual_budget", "note": "seen the budget line"},
        "channels": ["blog", "care"],
        "kept": "b",
        "fresh": {"value": "yes", "note": "asked again"},
    }
    again = run_cli("score", old, "-q", v2, "--format", "json")
    assert again.code == 0 and "warning" not in again.stderr  # nothing left to migrate


def test_assess_on_a_current_file_says_nothing_of_migrating(tmp_path: Path, v2: Path) -> None:
    blank = "questionnaire: evolving\norganization: Acme\nanswers: {}\n"
    current = write(tmp_path / "new.yaml", blank)
    run = run_cli("assess", "-o", current, "-q", v2, stdin="1\n1\n1\n1\n")
    assert run.code == 0, run.stderr
    assert "Migrated" not in run.stdout + run.stderr


# --- migrate --in-place and the interview's lock ------------------------------------------------


def test_migrate_in_place_refuses_a_file_an_interview_holds(tmp_path: Path, v2: Path) -> None:
    v1 = write(tmp_path / "v1.yaml", V1)
    out = tmp_path / "jo.yaml"
    running = interview(out, v1)
    before = out.read_bytes()
    refused = run_cli("migrate", out, "-q", v2, "--in-place")
    assert refused.code == 1
    assert f"{out}: error: is open in another interview (process {running.pid})" in refused.stderr
    assert refused.stdout == "" and out.read_bytes() == before
    _, err = running.communicate("2\n2\n1\n1\n", timeout=60)
    assert running.returncode == 0, err
    done = run_cli("migrate", out, "-q", v2, "--in-place")
    assert done.code == 0, done.stderr
    assert header(out, "questionnaire_version") == "2.0"
    assert answers(out) == {"funding": "annual_budget", "channels": ["blog"], "kept": "a"}


def test_an_interview_is_refused_while_migrate_holds_the_file(tmp_path: Path, v2: Path) -> None:
    from socialmaturity.locks import hold

    old = write(tmp_path / "old.yaml", OLD)
    with hold(old, purpose="migration"):
        run = run_cli("assess", "-o", old, "-q", v2, stdin="1\n")
    assert run.code == 1
    assert f"{old}: error: is being migrated (process {os.getpid()})" in run.stderr
    assert old.read_text() == OLD


@pytest.mark.slow
def test_assess_and_migrate_in_place_racing_lose_no_answer(tmp_path: Path, v2: Path) -> None:
    """Real processes of both, started together, again and again: whichever holds the file
    first, the other is refused or finds the work done, and the file ends at 2.0, every answer
    kept."""
    for round_ in range(12):
        old = write(tmp_path / f"r{round_}" / "old.yaml", OLD)
        command = [sys.executable, "-m", "socialmaturity"]
        assess = subprocess.Popen(
            [*command, "assess", "-o", str(old), "-q", str(v2)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=ENV,
            text=True,
        )
        migrate = subprocess.run(
            [*command, "migrate", str(old), "-q", str(v2), "--in-place"],
            capture_output=True,
            env=ENV,
            text=True,
            timeout=120,
            check=False,
        )
        _, err = assess.communicate("2\n", timeout=120)
        for status, stderr in ((migrate.returncode, migrate.stderr), (assess.returncode, err)):
            assert "Traceback" not in stderr and "internal error" not in stderr
            assert status == 0 or (status == 1 and "error: is " in stderr), (status, stderr)
        assert migrate.returncode == 0 or assess.returncode == 0
        assert header(old, "questionnaire_version") == "2.0"
        found = answers(old)
        assert found["funding"] == {"value": "annual_budget", "note": "seen the budget line"}
        assert found["channels"] == ["blog", "care"] and found["kept"] == "b"
        assert found.get("fresh") == ("yes" if assess.returncode == 0 else None)
        assert "review: yearly (no longer asked)" in old.read_text()
        assert sorted(p.name for p in old.parent.iterdir()) == ["old.yaml"]


def test_an_edit_made_while_the_interview_runs_is_not_saved_over(tmp_path: Path) -> None:
    """A person fixes an answer and adds a comment in an editor meanwhile (SPEC 4, assess)."""
    from test_assess import QUESTIONNAIRE

    q = write(tmp_path / "q.yaml", QUESTIONNAIRE)
    out = tmp_path / "jo.yaml"
    running = interview(out, q)
    text = out.read_text(encoding="utf-8")
    assert "  years:" in text and "organization: Acme\n" in text
    edited = text.replace("  years:", "  years: 3  # corrected by hand", 1)
    edited = edited.replace("organization: Acme\n", "organization: Acme Corp\n", 1)
    edited += "expect:\n  overall: {level: 2}\n"
    out.write_text(edited, encoding="utf-8")
    # one = b, many = x; years: an empty line keeps the hand-made answer; maybe: its first
    shown, err = running.communicate("2\n1\n\n1\n", timeout=60)
    assert running.returncode == 0, err
    assert shown.count("The file was edited meanwhile: those edits are kept.") == 1
    saved = out.read_text(encoding="utf-8")
    assert "years: 3  # corrected by hand" in saved
    assert "organization: Acme Corp\n" in saved  # the header too: not put back
    assert saved.endswith("expect:\n  overall: {level: 2}\n")
    assert answers(out) == {"one": "b", "many": ["x"], "years": 3, "maybe": "no_way"}


def test_an_edit_that_breaks_the_file_stops_the_interview_without_saving_over_it(
    tmp_path: Path,
) -> None:
    from test_assess import QUESTIONNAIRE

    q = write(tmp_path / "q.yaml", QUESTIONNAIRE)
    out = tmp_path / "jo.yaml"
    running = interview(out, q)
    broken = out.read_text(encoding="utf-8") + "answers: [twice\n"
    out.write_text(broken, encoding="utf-8")
    _, err = running.communicate("2\n", timeout=60)
    assert running.returncode == 1
    first, stopped = err.splitlines()[-2:]
    assert first.startswith(f"{out}:") and ": error: " in first  # the file's own problem
    assert stopped.startswith(f"{out}: error: was edited while the interview ran and cannot")
    assert stopped.endswith(f"then resume: socialmaturity assess -o {out} -q {q}")
    assert "Traceback" not in err
    assert out.read_text(encoding="utf-8") == broken


def test_an_edit_saved_in_another_encoding_is_not_saved_over(tmp_path: Path) -> None:
    """A file an editor wrote in Latin-1 is there, not gone: it is never replaced."""
    from test_assess import QUESTIONNAIRE

    q = write(tmp_path / "q.yaml", QUESTIONNAIRE)
    out = tmp_path / "jo.yaml"
    running = interview(out, q)
    latin = out.read_bytes() + "# notes by Müller\n".encode("latin-1")
    out.write_bytes(latin)
    _, err = running.communicate("2\n", timeout=60)
    assert running.returncode == 1
    assert "not valid UTF-8" in err
    assert out.read_bytes() == latin


def test_assess_refuses_a_name_that_can_only_be_a_folder_before_any_question(
    tmp_path: Path,
) -> None:
    run = run_cli("assess", "-q", "social-maturity-quick", "-o", f"{tmp_path}/out/", stdin="X\n")
    assert run.code == 1
    assert "Organization" not in run.stdout
    assert (
        run.stderr == f"{tmp_path}/out/: error: names a folder; give the name of a file to write\n"
    )
    assert not (tmp_path / "out").exists()


def test_a_linked_file_deleted_meanwhile_is_written_again(tmp_path: Path) -> None:
    """Gone is gone, links followed: the next save writes the file the link names again."""
    from test_assess import QUESTIONNAIRE

    q = write(tmp_path / "q.yaml", QUESTIONNAIRE)
    target = tmp_path / "target.yaml"
    target.write_text("", encoding="utf-8")
    target.unlink()
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    running = interview(link, q, lock=tmp_path / ".target.yaml.lock")
    target.unlink()
    _, err = running.communicate("2\n1\n2\nna\n", timeout=60)
    assert running.returncode == 0, err
    assert link.is_symlink()
    assert answers(target) == {"one": "b", "many": ["x"], "years": 2, "maybe": "na"}


def test_the_migration_is_told_in_the_interview_language(tmp_path: Path, v2: Path) -> None:
    """SPEC 8: prompts in the chosen language; what the migration did is one of them (the
    comments it leaves in the file stay as ``migrate`` writes them)."""
    old = write(tmp_path / "old.yaml", OLD)
    run = run_cli("assess", "-o", old, "-q", v2, "--lang", "de", stdin="")
    assert "Traceback" not in run.stderr
    assert "umbenannt" in run.stdout and "renamed" not in run.stdout
    assert "review: yearly (nicht mehr gefragt)" in run.stdout
    assert "review: yearly (no longer asked)" in old.read_text()

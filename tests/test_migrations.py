"""SPEC sections 1, 2, 4 and 5: migrations between questionnaire versions, and `migrate`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from socialmaturity.model.yaml_reader import load_yaml

from conftest import REPO, run_cli, write

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
migrations:
  - from: "1.0"
    questions:
      budget: funding
      review: null
    options:
      funding: {leftovers: project_funds, marketing_line: annual_budget, campaigns: null}
      channels: {forum: null, helpdesk: care}
"""

V1_RESPONSE = """\
# first assessment, kept for the trend
questionnaire: evolving
questionnaire_version: "1.0"
organization: Acme
respondent: Jo
date: 2025-11-20
answers:
  # budget: from the FY25 plan
  budget:
    value: marketing_line
    note: seen the budget line
  review: yearly   # dropped in 2.0
  channels: [blog, forum, helpdesk]
  kept: b
expect:
  overall: {level: 2}   # agreed
"""

#: What `migrate` makes of it: only the answers that change and the version differ, and one line
#: is added per dropped answer.
V2_RESPONSE = """\
# first assessment, kept for the trend
questionnaire: evolving
questionnaire_version: "2.0"
organization: Acme
respondent: Jo
date: 2025-11-20
# dropped migrating 1.0 -> 2.0: review: yearly (no longer asked); comment: dropped in 2.0
# dropped migrating 1.0 -> 2.0: channels: [forum] removed from the answer (mapped to nothing)
answers:
  # budget: from the FY25 plan
  funding:
    value: annual_budget
    note: seen the budget line
  channels: [blog, care]
  kept: b
expect:
  overall: {level: 2}   # agreed
"""


@pytest.fixture
def q(tmp_path: Path) -> Path:
    return write(tmp_path / "q.yaml", V2)


def answers(path: Path) -> dict[str, object]:
    return load_yaml(path, allow_aliases=False).data["answers"]  # type: ignore[no-any-return]


def test_an_old_response_is_migrated_in_memory_with_one_warning(tmp_path: Path, q: Path) -> None:
    old = write(tmp_path / "old.yaml", V1_RESPONSE)
    run = run_cli("score", old, "-q", q, "--format", "json")
    assert run.code == 0, run.stderr
    warnings = [line for line in run.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1
    warning = warnings[0]
    assert warning.startswith(f"{old}: warning: ")  # SPEC 4: path: warning: message
    assert "version 1.0" in warning and "2.0" in warning
    assert "review: yearly (no longer asked)" in warning
    assert "channels: [forum] (mapped to nothing)" in warning
    (result,) = json.loads(run.stdout)
    assert result["overall"]["score"] == pytest.approx(100 * (1 + 1 + 1) / 3)
    assert result["dimensions"][0]["answered"] == 3


@pytest.mark.parametrize("command", ["validate", "explain", "check", "report"])
def test_every_command_that_reads_responses_migrates(tmp_path: Path, q: Path, command: str) -> None:
    old = write(tmp_path / "old.yaml", V1_RESPONSE)
    run = run_cli(command, old, "-q", q)
    assert run.code == 0, run.stdout + run.stderr
    assert "migrated to 2.0" in run.stderr


def test_an_error_in_a_migrated_answer_points_at_the_original_line(tmp_path: Path, q: Path) -> None:
    # a value no longer valid is dropped (SPEC 1); what is left to be wrong is the rest of it
    renamed = write(
        tmp_path / "r.yaml", V1_RESPONSE.replace("note: seen the budget line", "note: [x]")
    )
    run = run_cli("validate", renamed, "-q", q)
    assert run.code == 1
    budget = V1_RESPONSE.splitlines().index("    note: seen the budget line") + 1
    assert f"{renamed}:{budget}:" in run.stderr


def test_migrate_rewrites_ids_values_and_keeps_comments_notes_and_expect(
    tmp_path: Path, q: Path
) -> None:
    old = write(tmp_path / "in" / "old.yaml", V1_RESPONSE)
    run = run_cli("migrate", old, "-q", q, "-o", tmp_path / "out")
    assert run.code == 0, run.stderr
    assert run.stdout.startswith(f"{old}: migrated from 1.0 to 2.0")
    assert "review: yearly (no longer asked)" in run.stdout
    new = tmp_path / "out" / "old.yaml"
    # Every comment where it was (the dropped answer's in its line), one line per dropped answer
    assert new.read_text() == V2_RESPONSE
    assert answers(new) == {
        "funding": {"value": "annual_budget", "note": "seen the budget line"},
        "channels": ["blog", "care"],
        "kept": "b",
    }
    assert old.read_text() == V1_RESPONSE  # -o leaves the original alone
    check = run_cli("check", new, "-q", q)
    assert check.code == 0 and "warning" not in check.stderr


def test_migrate_in_place_and_never_over_another_file(tmp_path: Path, q: Path) -> None:
    old = write(tmp_path / "old.yaml", V1_RESPONSE)
    out = tmp_path / "out"
    write(out / "old.yaml", "mine\n")
    run = run_cli("migrate", old, "-q", q, "-o", out)
    assert run.code == 1 and "already exists" in run.stderr
    assert (out / "old.yaml").read_text() == "mine\n"
    assert run_cli("migrate", old, "-q", q, "-o", out, "--force").code == 0
    assert run_cli("migrate", old, "-q", q, "--in-place").code == 0
    assert 'questionnaire_version: "2.0"' in old.read_text()
    again = run_cli("migrate", old, "-q", q, "--in-place")
    assert again.code == 0 and "already at version 2.0; left as it is" in again.stdout


def test_migrate_to_a_folder_that_is_a_file_is_an_error_of_that_path(
    tmp_path: Path, q: Path
) -> None:
    """SPEC 4: as demo -o FILE, an error of that path (exit 1), never a usage error (2)."""
    old = write(tmp_path / "old.yaml", V1_RESPONSE)
    in_the_way = write(tmp_path / "afile", "mine\n")
    for output in (in_the_way, in_the_way / "sub"):
        run = run_cli("migrate", old, "-q", q, "-o", output)
        assert run.code == 1, run.stderr
        assert run.stderr == (
            f"{output}: error: cannot create the folder {output}: a file is in the way\n"
        )
        assert run.stdout == ""
    assert in_the_way.read_text() == "mine\n" and old.read_text() == V1_RESPONSE


def test_na_to_a_multi_question_that_allows_it_carries_over(tmp_path: Path) -> None:
    """SPEC 1: an answer carries over when its new id and value are valid for the new question;
    ``na`` is valid for any question with ``allow_na``, a multi question's too."""
    q = write(
        tmp_path / "q.yaml",
        V2.replace("        kind: multi\n", "        kind: multi\n        allow_na: true\n"),
    )
    old = write(tmp_path / "old.yaml", V1_RESPONSE.replace("[blog, forum, helpdesk]", "na"))
    run = run_cli("migrate", old, "-q", q, "-o", tmp_path / "out")
    assert run.code == 0, run.stderr
    assert "channels" not in run.stdout.split("dropped:")[1]
    assert answers(tmp_path / "out" / "old.yaml")["channels"] == "na"
    scored = run_cli("score", old, "-q", q, "--format", "json")
    assert "channels" not in scored.stderr.split("dropped:")[1]


def test_a_list_answering_a_question_now_single_is_dropped_not_an_error(tmp_path: Path) -> None:
    """SPEC 1: an answer not valid for the new question is dropped (kept as a comment). A list
    given to a question that is single now stopped migrate, naming a file never written."""
    q = write(tmp_path / "q.yaml", V2)
    old = write(tmp_path / "old.yaml", V1_RESPONSE.replace("  kept: b\n", "  kept: [a, b]\n"))
    assert "kept: [a, b]" in old.read_text(encoding="utf-8")
    run = run_cli("migrate", old, "-q", q, "-o", tmp_path / "out")
    assert run.code == 0, run.stderr
    assert "kept: [a, b] (no longer a valid answer)" in run.stdout
    assert "kept" not in answers(tmp_path / "out" / "old.yaml")
    assert run_cli("validate", tmp_path / "out" / "old.yaml", "-q", q).code == 0


def test_migrate_needs_a_known_version(tmp_path: Path, q: Path) -> None:
    unknown = write(tmp_path / "u.yaml", V1_RESPONSE.replace('"1.0"', '"0.5"'))
    run = run_cli("migrate", unknown, "-q", q, "--in-place")
    assert run.code == 1 and "version 0.5 of 'evolving' has no migration to 2.0" in run.stderr
    missing = write(tmp_path / "m.yaml", V1_RESPONSE.replace('questionnaire_version: "1.0"\n', ""))
    run = run_cli("migrate", missing, "-q", q, "--in-place")
    assert run.code == 1 and "has no questionnaire_version" in run.stderr
    assert run_cli("migrate", missing, "-q", q).code == 2  # neither -o nor --in-place


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('  - from: "1.0"', '  - from: "2.0"', "is from this very version"),
        ("      budget: funding", "      budget: fundng", "'budget' maps to 'fundng'"),
        (
            "helpdesk: care}",
            "helpdesk: phone}",
            "'helpdesk' maps to 'phone', which is not an option",
        ),
        ("      channels: {forum", "      chanels: {forum", "options for 'chanels'"),
    ],
)
def test_the_migrations_block_is_validated(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path = write(tmp_path / "q.yaml", V2.replace(old, new))
    run = run_cli("validate", path)
    assert run.code == 1 and message in run.stderr
    assert f"{path}:" in run.stderr and "Traceback" not in run.stderr


def test_a_second_migration_from_the_same_version_is_an_error(tmp_path: Path) -> None:
    text = V2 + '  - from: "1.0"\n'
    run = run_cli("validate", write(tmp_path / "q.yaml", text))
    assert run.code == 1 and "a second migration from '1.0'" in run.stderr


def test_trend_across_versions_says_the_model_changed(tmp_path: Path, q: Path) -> None:
    write(tmp_path / "r" / "old.yaml", V1_RESPONSE)
    write(
        tmp_path / "r" / "new.yaml",
        V1_RESPONSE.replace('"1.0"', '"2.0"')
        .replace("2025-11-20", "2026-11-20")
        .replace("budget:", "funding:")
        .replace("marketing_line", "annual_budget")
        .replace("  review: yearly   # dropped in 2.0\n", "")
        .replace("forum, helpdesk", "care"),
    )
    run = run_cli("trend", tmp_path / "r", "-q", q, "--format", "md")
    assert run.code == 0, run.stderr
    assert "the model changed between them (1.0 to 2.0)" in run.stdout


def test_the_bundled_model_migrates_the_1_0_0_demo() -> None:
    old = REPO / "tests" / "fixtures" / "social-maturity-1.0.0" / "northwind-2026.yaml"
    run = run_cli("score", old, "--format", "json")
    assert run.code == 0, run.stderr
    (result,) = json.loads(run.stdout)
    assert result["questionnaire"]["version"] == "3.0.0"
    assert result["overall"]["level"] == 3
    assert result["completeness"] > 0.6


def test_the_bundled_model_migrates_the_2_0_0_demo(tmp_path: Path) -> None:
    old = REPO / "tests" / "fixtures" / "social-maturity-2.0.0" / "northwind-2026.yaml"
    run = run_cli("score", old, "--format", "json")
    assert run.code == 0, run.stderr
    assert "migrated to 3.0.0 in memory" in run.stderr
    (result,) = json.loads(run.stdout)
    assert result["questionnaire"]["version"] == "3.0.0"
    assert result["overall"]["level"] == 3
    # Renamed questions keep their answers; only the two merged questions are dropped.
    copy = tmp_path / "old.yaml"
    copy.write_text(old.read_text(encoding="utf-8"), encoding="utf-8")
    migrated = run_cli("migrate", "--in-place", copy)
    assert migrated.code == 0, migrated.stderr
    text = copy.read_text(encoding="utf-8")
    assert "exec_view:\n    value: business_matter" in text
    assert "lead_exec_presence:" in text
    assert "dropped: exec_social_map: marketing_view (no longer asked); rel_targets: mixed" in (
        migrated.stdout
    )


def test_an_organization_report_says_the_model_changed(tmp_path: Path, q: Path) -> None:
    old = write(tmp_path / "old.yaml", V1_RESPONSE)
    new = write(
        tmp_path / "new.yaml",
        V1_RESPONSE.replace('"1.0"', '"2.0"')
        .replace("respondent: Jo", "respondent: Sam")
        .replace("budget:", "funding:")
        .replace("marketing_line", "annual_budget")
        .replace("  review: yearly   # dropped in 2.0\n", "")
        .replace("forum, helpdesk", "care"),
    )
    for fmt in ("md", "html"):
        run = run_cli("report", old, new, "-q", q, "--format", fmt)
        assert run.code == 0, run.stderr
        assert "different versions of the questionnaire (1.0, 2.0)" in run.stdout
    single = run_cli("report", new, "-q", q).stdout
    assert "different versions" not in single


MQ2 = """\
id: mq
version: "2.0"
title: M
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: High, min_score: 50}
migrations:
  - from_version: "1.0"
    questions: {old: new, gone: null}
dimensions:
  - id: d
    name: D
    questions:
      - id: new
        text: New?
        options: [{value: a, label: A, points: 0}, {value: b, label: B, points: 1}]
"""


def migrated_mq(tmp_path: Path, answers_text: str, model: str = MQ2) -> tuple[str, str]:
    """``migrate`` of a 1.0 response of ``mq`` with these answer lines: its stdout and the file.

    The command must succeed; what it said and wrote is the caller's to check.
    """
    q = write(tmp_path / "q.yaml", model)
    old = write(
        tmp_path / "old.yaml",
        'questionnaire: mq\nquestionnaire_version: "1.0"\norganization: A\n'
        f"answers:\n{answers_text}",
    )
    run = run_cli("migrate", old, "-q", q, "-o", tmp_path / "out")
    assert run.code == 0, run.stderr
    return run.stdout, (tmp_path / "out" / "old.yaml").read_text(encoding="utf-8")


def test_an_empty_key_of_the_new_id_is_filled_by_the_old_answer(tmp_path: Path) -> None:
    """A blank file of the new version's keys, filled in under the old id: the answer is kept."""
    said, _ = migrated_mq(tmp_path, "  new:\n  old: b\n")
    assert said.endswith("1 renamed, 0 values mapped; dropped: nothing\n")
    assert answers(tmp_path / "out" / "old.yaml") == {"new": "b"}


def test_an_answer_with_only_evidence_is_dropped_with_a_word_not_silently(tmp_path: Path) -> None:
    said, text = migrated_mq(tmp_path, "  old: b\n  gone: {evidence: seen}\n")
    assert said.endswith("dropped: gone: no answer (no longer asked)\n")
    assert (
        "# dropped migrating 1.0 -> 2.0: gone: no answer (no longer asked); evidence: seen\n"
        in text
    )


@pytest.mark.parametrize("old", ["zzz", "x", "[a]"])
def test_an_empty_new_key_stays_when_the_old_answer_is_dropped(tmp_path: Path, old: str) -> None:
    """Filling it was decided before the old answer could fail: an internal error (KeyError)."""
    model = MQ2.replace(
        "    questions: {old: new, gone: null}\n",
        "    questions: {old: new, gone: null}\n    options: {new: {x: null}}\n",
    )
    said, text = migrated_mq(tmp_path, f"  new:   # ask\n  old: {old}\n", model)
    assert f"dropped: old: {old} (" in said
    assert text.endswith("answers:\n  new:   # ask\n")


def test_evidence_of_an_answer_whose_new_key_is_taken_says_so(tmp_path: Path) -> None:
    """The question is still asked: it is the new key that is taken, not the question gone."""
    said, _ = migrated_mq(tmp_path, "  new: b\n  old: {evidence: seen}\n")
    assert said.endswith("dropped: old: no answer ('new' already has the answer to 'new')\n")


def test_an_empty_old_key_filled_by_the_new_one_is_no_rename(tmp_path: Path) -> None:
    said, _ = migrated_mq(tmp_path, "  old:\n  new: b\n")
    assert said.endswith(": 0 renamed, 0 values mapped; dropped: nothing\n")
    assert answers(tmp_path / "out" / "old.yaml") == {"new": "b"}

"""``import`` (SPEC section 7): servers' CSV exports of submissions become response files."""

from __future__ import annotations

import io
import json
from csv import QUOTE_ALL
from csv import writer as csv_writer
from pathlib import Path

import pytest

from server_exports import Sent, cell, kobo_csv, odk_csv
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.loading import load_response
from socialmaturity.model.response import Answer
from socialmaturity.model.yaml_reader import load_yaml
from test_xlsform import INLINE

from conftest import REPO, run_cli, write

HEADER = {
    "questionnaire": "inline",
    "questionnaire_version": "1'0\"0",
    "organization": "Acme",
    "respondent": "Ann",
    "role": "CMO",
    "date": "2026-11-19",
}
ANSWERS = {
    "pick": Answer("b", "seen the minutes,\nline two"),
    "channels": Answer(("care", "blog")),
    "years": Answer(-1),
}


@pytest.fixture
def q(tmp_path: Path) -> Path:
    return write(tmp_path / "inline.yaml", INLINE)


def export(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def sent(ident: str = "uuid:1f00-aa", **header: str) -> Sent:
    return Sent(ident, {**HEADER, **header}, dict(ANSWERS))


def loaded(path: Path, q: Path) -> tuple[dict[str, Answer], dict[str, object]]:
    response, _ = load_response(str(path), Catalog(), str(q))
    answers = {k: a for k, a in response.answers.items() if a != Answer(None)}
    header = {k: getattr(response, k) for k in ("organization", "respondent", "role", "date")}
    return answers, header | {"round": response.round}


@pytest.mark.parametrize("layout", ["odk", "kobo;", "kobo,"])
def test_each_layout_gives_the_answers_and_header(tmp_path: Path, q: Path, layout: str) -> None:
    model = Catalog().resolve(str(q))
    text = (
        odk_csv(model, [sent()])
        if layout == "odk"
        else kobo_csv(model, [sent()], delimiter=layout[-1])
    )
    run = run_cli("import", export(tmp_path / "e.csv", text), "-q", q, "-o", tmp_path / "out")
    assert run.code == 0, run.stderr
    written = tmp_path / "out" / "uuid-1f00-aa.yaml"
    answers, header = loaded(written, q)
    assert answers == ANSWERS
    assert header == {
        "organization": "Acme",
        "respondent": "Ann",
        "role": "CMO",
        "date": "2026-11-19",
        "round": None,
    }
    assert "1 written" in run.stderr


def test_the_file_has_the_template_layout(tmp_path: Path, q: Path) -> None:
    model = Catalog().resolve(str(q))
    csv = export(tmp_path / "e.csv", odk_csv(model, [sent(respondent="")]))
    assert run_cli("import", csv, "-q", q, "-o", tmp_path / "out").code == 0
    text = (tmp_path / "out" / "uuid-1f00-aa.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("# yaml-language-server: $schema=https://")
    assert "respondent:" not in text  # an empty cell: no value
    assert "\ndate: " in text
    assert "  # 1. =Pick <b>one</b> (choose one)" in text
    assert "  pick:\n    value: b\n    note:" in text
    assert "  channels: [care, blog]\n" in text
    validate = run_cli("validate", tmp_path / "out", "-q", q)
    assert validate.code == 0, validate.stderr


def test_none_of_these_is_an_empty_list_and_na_and_empty_cells_are_kept_apart(
    tmp_path: Path, q: Path
) -> None:
    model = Catalog().resolve(str(q))
    none, na = sent("uuid:1"), sent("uuid:2")
    none.answers = {"channels": Answer(()), "years": Answer(0)}
    na.answers = {"channels": Answer("na")}
    csv = export(tmp_path / "e.csv", kobo_csv(model, [none, na]))
    run = run_cli("import", csv, "-q", q, "-o", tmp_path / "out")
    assert run.code == 0, run.stderr
    assert loaded(tmp_path / "out" / "uuid-1.yaml", q)[0] == none.answers
    assert loaded(tmp_path / "out" / "uuid-2.yaml", q)[0] == na.answers


def test_without_q_the_questionnaire_column_names_it(tmp_path: Path, q: Path) -> None:
    model = Catalog().resolve(str(q))
    csv = export(tmp_path / "e.csv", odk_csv(model, [sent()]))
    env = {"SOCIALMATURITY_PATH": str(tmp_path)}
    run = run_cli("import", csv, "-o", tmp_path / "out", env=env)
    assert run.code == 0, run.stderr
    other = export(tmp_path / "o.csv", odk_csv(model, [sent(questionnaire="nope")]))
    run = run_cli("import", other, "-o", tmp_path / "out2", env=env)
    assert run.code == 1
    assert "o.csv:2:2: error: unknown questionnaire 'nope'" in run.stderr


def test_a_submission_for_another_questionnaire_than_q_is_an_error(tmp_path: Path, q: Path) -> None:
    model = Catalog().resolve(str(q))
    csv = export(tmp_path / "e.csv", odk_csv(model, [sent(questionnaire="other")]))
    run = run_cli("import", csv, "-q", q, "-o", tmp_path / "out")
    assert run.code == 1
    assert "e.csv:2:2: error: this submission is to questionnaire 'other'" in run.stderr


def test_rejected_submissions_are_skipped_with_a_warning(tmp_path: Path, q: Path) -> None:
    model = Catalog().resolve(str(q))
    kept, turned_down = sent("uuid:1"), sent("uuid:2")
    turned_down.review = "rejected"
    approved = sent("uuid:3")
    approved.review = "approved"
    csv = export(tmp_path / "e.csv", odk_csv(model, [kept, turned_down, approved]))
    run = run_cli("import", csv, "-q", q, "-o", tmp_path / "out")
    assert run.code == 0, run.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["uuid-1.yaml", "uuid-3.yaml"]
    assert "e.csv: warning: submission uuid:2 was rejected on the server; skipped" in run.stderr
    assert "1 rejected" in run.stderr


def test_bad_cells_are_located_and_lose_no_other_submission(tmp_path: Path, q: Path) -> None:
    model = Catalog().resolve(str(q))
    text = odk_csv(model, [sent("uuid:1"), sent("uuid:2"), sent("uuid:3")])
    lines = text.split("\n")
    # line 1 header; uuid:1 on lines 2-3 (its note holds a line break); uuid:2 on 4-5; ...
    assert lines[3].startswith("2026-11-20") and "uuid:2" not in lines[3]
    lines[3] = lines[3].replace(",b,", ",bogus,", 1)
    lines[4] = lines[4].replace(",-1,", ",7,", 1)  # the record's second line
    csv = export(tmp_path / "e.csv", "\n".join(lines))
    run = run_cli("import", csv, "-q", q, "-o", tmp_path / "out")
    assert run.code == 1
    header = text.split("\n", 1)[0].split(",")
    pick = header.index("things-pick") + 1
    years = header.index("things-years") + 1
    assert f"e.csv:4:{pick}: error: unknown option 'bogus' for 'pick'" in run.stderr
    assert f"e.csv:4:{years}: error: 7 is out of range for 'years' (-1..3)" in run.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["uuid-1.yaml", "uuid-3.yaml"]
    assert "2 written" in run.stderr and "1 not written" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("blog none_of_these", "'none_of_these' is chosen with other options for 'channels'"),
        ("na care", "'na' is chosen with other options for 'channels'"),
        ("care care", "option 'care' is repeated in the answer to 'channels'"),
        ("tv", "unknown option 'tv' for 'channels'"),
    ],
)
def test_a_bad_multi_cell_is_an_error(tmp_path: Path, q: Path, cell: str, message: str) -> None:
    model = Catalog().resolve(str(q))
    one = sent()
    csv = export(tmp_path / "e.csv", odk_csv(model, [one]).replace(",care blog,", f",{cell},"))
    run = run_cli("import", csv, "-q", q, "-o", tmp_path / "out")
    assert run.code == 1
    assert message in run.stderr


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("two", "whole number"),
        ("1.5", "whole number"),
        ("na", "does not allow na"),
        ("9" * 5000, "this number is too long: a whole number may have at most 4,300 digits"),
    ],
)
def test_a_bad_scale_cell_is_an_error(tmp_path: Path, q: Path, cell: str, message: str) -> None:
    model = Catalog().resolve(str(q))
    questionnaire_text = INLINE.replace("        allow_na: true\n", "")
    write(q, questionnaire_text)
    model = Catalog().resolve(str(q))
    text = odk_csv(model, [sent()]).replace(",-1,", f",{cell},", 1)
    run = run_cli("import", export(tmp_path / "e.csv", text), "-q", q, "-o", tmp_path / "o")
    assert run.code == 1
    assert message in run.stderr
    assert "internal error" not in run.stderr


def test_reimporting_writes_nothing_and_says_how_many_were_there(tmp_path: Path, q: Path) -> None:
    model = Catalog().resolve(str(q))
    csv = export(tmp_path / "e.csv", odk_csv(model, [sent("uuid:1"), sent("uuid:2")]))
    assert run_cli("import", csv, "-q", q, "-o", tmp_path / "out").code == 0
    stamps = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "out").iterdir()}
    again = run_cli("import", csv, "-q", q, "-o", tmp_path / "out")
    assert again.code == 0, again.stderr
    assert "2 submissions: 2 already there" in again.stderr
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "out").iterdir()} == stamps
    grown = export(tmp_path / "e.csv", odk_csv(model, [sent("uuid:1"), sent("uuid:2"), sent("x")]))
    run = run_cli("import", grown, "-q", q, "-o", tmp_path / "out")
    assert run.code == 0, run.stderr
    assert "1 written" in run.stderr and "2 already there" in run.stderr


def test_an_existing_file_with_other_content_is_replaced_only_with_force(
    tmp_path: Path, q: Path
) -> None:
    model = Catalog().resolve(str(q))
    (tmp_path / "out").mkdir()
    mine = write(tmp_path / "out" / "uuid-1.yaml", "edited by hand\n")
    csv = export(tmp_path / "e.csv", odk_csv(model, [sent("uuid:1"), sent("uuid:2")]))
    run = run_cli("import", csv, "-q", q, "-o", tmp_path / "out")
    # not a response at all (an edited response is kept, exit 0): nothing says it is this
    # submission, so it is an error of that submission, never counted as already there
    assert run.code == 1, run.stderr
    assert "uuid-1.yaml already exists and does not read as a response" in run.stderr
    assert "1 written to" in run.stderr and "already there" not in run.stderr
    assert "(the file must be a mapping of keys to values, not text ('edited by hand'))" in (
        run.stderr
    )  # why it does not
    assert mine.read_text() == "edited by hand\n"
    assert (tmp_path / "out" / "uuid-2.yaml").exists()
    forced = run_cli("import", csv, "-q", q, "-o", tmp_path / "out", "--force")
    assert forced.code == 0, forced.stderr
    assert loaded(mine, q)[0] == ANSWERS


def test_two_submissions_that_give_one_file_name(tmp_path: Path, q: Path) -> None:
    model = Catalog().resolve(str(q))
    other = sent("uuid-1")
    other.answers = {}
    csv = export(tmp_path / "e.csv", odk_csv(model, [sent("uuid:1"), other]))
    run = run_cli("import", csv, "-q", q, "-o", tmp_path / "out")
    assert run.code == 1
    assert "e.csv:4: error: submission uuid-1 gives the file name of the submission on" in (
        run.stderr
    )


def test_organization_and_round_fill_missing_or_empty_cells(tmp_path: Path, q: Path) -> None:
    model = Catalog().resolve(str(q))
    rows = [sent("uuid:1", organization=""), sent("uuid:2", organization="Named Co")]
    csv = export(tmp_path / "e.csv", odk_csv(model, rows))
    options = ["--organization", "Acme Corp", "--round", "2026 annual review"]
    run = run_cli("import", csv, "-q", q, "-o", tmp_path / "out", *options)
    assert run.code == 0, run.stderr
    first = loaded(tmp_path / "out" / "uuid-1.yaml", q)[1]
    second = loaded(tmp_path / "out" / "uuid-2.yaml", q)[1]
    assert (first["organization"], first["round"]) == ("Acme Corp", "2026 annual review")
    assert (second["organization"], second["round"]) == ("Named Co", "2026 annual review")
    with_round = export(
        tmp_path / "r.csv", odk_csv(model, [sent("uuid:3", round="R9")], round_column=True)
    )
    run = run_cli("import", with_round, "-q", q, "-o", tmp_path / "out", *options)
    assert loaded(tmp_path / "out" / "uuid-3.yaml", q)[1]["round"] == "R9"


def test_without_organization_anywhere_a_submission_is_an_error(tmp_path: Path, q: Path) -> None:
    model = Catalog().resolve(str(q))
    csv = export(tmp_path / "e.csv", odk_csv(model, [sent(organization="")]))
    run = run_cli("import", csv, "-q", q, "-o", tmp_path / "out")
    assert run.code == 1
    assert "e.csv:2:4: error: the submission names no organization" in run.stderr


def test_the_date_falls_back_to_the_day_the_server_received_it(tmp_path: Path, q: Path) -> None:
    model = Catalog().resolve(str(q))
    odk, kobo = sent("uuid:1", date=""), sent("uuid:2", date="")
    odk.received = kobo.received = "2026-11-30T23:59:59.000Z"
    export(tmp_path / "o.csv", odk_csv(model, [odk]))
    export(tmp_path / "k.csv", kobo_csv(model, [kobo]))
    run = run_cli("import", tmp_path / "o.csv", tmp_path / "k.csv", "-q", q, "-o", tmp_path / "out")
    assert run.code == 0, run.stderr
    for name in ("uuid-1.yaml", "uuid-2.yaml"):
        assert loaded(tmp_path / "out" / name, q)[1]["date"] == "2026-11-30"
    bad = export(tmp_path / "b.csv", odk_csv(model, [sent("uuid:3", date="30/11/2026")]))
    run = run_cli("import", bad, "-q", q, "-o", tmp_path / "out")
    assert run.code == 1 and "b.csv:2:7: error: date '30/11/2026' is not a date" in run.stderr


def test_kobo_without_group_names_and_with_a_bom(tmp_path: Path, q: Path) -> None:
    model = Catalog().resolve(str(q))
    text = "\ufeff" + kobo_csv(model, [sent()], groups=False, delimiter=",")
    run = run_cli("import", export(tmp_path / "k.csv", text), "-q", q, "-o", tmp_path / "out")
    assert run.code == 0, run.stderr
    assert loaded(tmp_path / "out" / "uuid-1f00-aa.yaml", q)[0] == ANSWERS


def test_ids_come_from_key_then_instance_id_then_uuid(tmp_path: Path, q: Path) -> None:
    text = (
        "organization,things/pick,meta-instanceID,_uuid,KEY\n"
        "A,a,uuid:m1,u1,\n"
        "A,a,,u2,\n"
        "A,a,uuid:m3,u3,uuid:k3\n"
        "A,a,,,\n"
    )
    run = run_cli("import", export(tmp_path / "e.csv", text), "-q", q, "-o", tmp_path / "out")
    assert run.code == 1
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["u2.yaml", "uuid-k3.yaml", "uuid-m1.yaml"]
    assert "e.csv:5: error: the submission has no id" in run.stderr


def test_files_that_cannot_be_read_are_errors_and_the_others_are_imported(
    tmp_path: Path, q: Path
) -> None:
    model = Catalog().resolve(str(q))
    good = export(tmp_path / "good.csv", odk_csv(model, [sent()]))
    empty = export(tmp_path / "empty.csv", "")
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"organization,KEY\n\xff,1\n")
    run = run_cli(
        "import", tmp_path / "missing.csv", empty, broken, good, "-q", q, "-o", tmp_path / "o"
    )
    assert run.code == 1
    assert "missing.csv: error:" in run.stderr
    assert "empty.csv: error: has no header row" in run.stderr
    assert "broken.csv:2:1: error: not valid UTF-8 text" in run.stderr
    assert (tmp_path / "o" / "uuid-1f00-aa.yaml").exists()


def test_an_output_that_is_a_file_is_an_error_of_that_path(tmp_path: Path, q: Path) -> None:
    """SPEC 4: a path that cannot be written is an error (exit 1), not a usage error (2)."""
    model = Catalog().resolve(str(q))
    csv = export(tmp_path / "e.csv", odk_csv(model, [sent()]))
    before = csv.read_bytes()
    for output in (csv, csv / "sub"):
        run = run_cli("import", csv, "-q", q, "-o", output)
        assert run.code == 1, run.stderr
        assert run.stderr == (
            f"{output}: error: cannot create the folder {output}: a file is in the way\n"
        )
    assert csv.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.csv", "inline.yaml"]


def test_imported_files_score_and_report_by_organization(tmp_path: Path) -> None:
    model = Catalog().resolve("social-maturity-quick")
    people = []
    for number, option in enumerate(("none", "ceo", "named_sponsor")):
        one = Sent(
            f"uuid:{number}",
            {
                "questionnaire": model.id,
                "questionnaire_version": model.version,
                "organization": "Acme",
                "role": f"Role {number}",
                "date": "2026-11-20",
            },
            {"quick_exec_sponsor": Answer(option)},
        )
        people.append(one)
    csv = export(tmp_path / "e.csv", odk_csv(model, people))
    assert run_cli("import", csv, "-o", tmp_path / "out").code == 0
    run = run_cli("score", tmp_path / "out", "--by", "organization", "--format", "json")
    assert run.code == 0, run.stderr
    [assessment] = json.loads(run.stdout)
    assert assessment["respondents"] == 3


def test_kobo_submissions_not_approved_are_imported_with_a_warning(tmp_path: Path, q: Path) -> None:
    """SPEC 7: each submission becomes a response file; only ReviewState rejected is skipped."""
    model = Catalog().resolve(str(q))
    kept, not_approved, on_hold = sent("uuid:1"), sent("uuid:2"), sent("uuid:3")
    kept.review = "validation_status_approved"
    not_approved.review = "validation_status_not_approved"
    on_hold.review = "validation_status_on_hold"
    csv = export(tmp_path / "k.csv", kobo_csv(model, [kept, not_approved, on_hold]))
    run = run_cli("import", csv, "-q", q, "-o", tmp_path / "out")
    assert run.code == 0, run.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["uuid-1.yaml", "uuid-2.yaml", "uuid-3.yaml"]
    assert loaded(tmp_path / "out" / "uuid-2.yaml", q)[0] == ANSWERS
    assert run.stderr.count("warning:") == 1
    assert (
        "k.csv: warning: submission uuid:2 is marked not approved on the server; imported all "
        "the same (only submissions whose ReviewState is rejected are skipped)"
    ) in run.stderr
    assert run.stderr.splitlines()[-1] == f"{csv}: 3 submissions: 3 written to {tmp_path / 'out'}"


def test_submissions_to_another_version_are_read_with_one_warning(tmp_path: Path, q: Path) -> None:
    model = Catalog().resolve(str(q))
    rows = [
        sent("uuid:1", questionnaire_version="0.9"),
        sent("uuid:2", questionnaire_version="0.9"),
    ]
    csv = export(tmp_path / "e.csv", odk_csv(model, rows))
    run = run_cli("import", csv, "-q", q, "-o", tmp_path / "out")
    assert run.code == 0, run.stderr
    assert run.stderr.count("warning:") == 1
    assert "e.csv: warning: submissions to version 0.9 of 'inline'" in run.stderr
    text = (tmp_path / "out" / "uuid-1.yaml").read_text(encoding="utf-8")
    assert 'questionnaire_version: "1\'0\\"0"' in text


def test_files_are_compared_by_their_answers_not_their_text(tmp_path: Path, q: Path) -> None:
    model = Catalog().resolve(str(q))
    csv = export(tmp_path / "e.csv", odk_csv(model, [sent("uuid:1")]))
    assert run_cli("import", csv, "-q", q, "-o", tmp_path / "out").code == 0
    write(q, INLINE.replace("How many years?", "How many years, roughly?"))  # new wording
    again = run_cli("import", csv, "-q", q, "-o", tmp_path / "out")
    assert again.code == 0, again.stderr
    assert "1 already there" in again.stderr
    written = tmp_path / "out" / "uuid-1.yaml"
    written.write_text(written.read_text().replace("years: -1", "years: 2"))
    changed = run_cli("import", csv, "-q", q, "-o", tmp_path / "out")
    assert changed.code == 0, changed.stderr
    assert "1 already there (1 of them differs from the export" in changed.stderr
    assert "years: 2" in written.read_text()


def test_reimporting_after_a_consultant_edited_a_file_keeps_it_and_exits_0(
    tmp_path: Path, q: Path
) -> None:
    """SPEC 7: an existing response file is not replaced without --force; importing the same
    export again writes nothing, says how many were already there, and exits 0."""
    model = Catalog().resolve(str(q))
    csv = export(tmp_path / "e.csv", odk_csv(model, [sent("uuid:1"), sent("uuid:2")]))
    out = tmp_path / "out"
    assert run_cli("import", csv, "-q", q, "-o", out).code == 0
    edited = out / "uuid-1.yaml"
    text = edited.read_text(encoding="utf-8")
    assert "  years: -1\n" in text
    edited.write_text(text.replace("  years: -1\n", "  years: {value: 2, evidence: seen}\n"))
    mine = edited.read_bytes()
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    again = run_cli("import", csv, "-q", q, "-o", out)
    assert again.code == 0, again.stderr
    assert "error" not in again.stderr
    assert again.stderr.splitlines()[-1] == (
        f"{csv}: 2 submissions: 2 already there (1 of them differs from the export, kept as it "
        "is; --force replaces it)"
    )
    assert edited.read_bytes() == mine
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps
    forced = run_cli("import", csv, "-q", q, "-o", out, "--force")
    assert forced.code == 0, forced.stderr
    assert loaded(edited, q)[0] == ANSWERS


def test_a_folder_in_place_of_a_response_file_is_an_error(tmp_path: Path, q: Path) -> None:
    model = Catalog().resolve(str(q))
    (tmp_path / "out" / "uuid-1.yaml").mkdir(parents=True)
    csv = export(tmp_path / "e.csv", odk_csv(model, [sent("uuid:1"), sent("uuid:2")]))
    run = run_cli("import", csv, "-q", q, "-o", tmp_path / "out")
    assert run.code == 1
    assert "uuid-1.yaml: error: is a folder" in run.stderr
    assert "e.csv:2: error: this submission was not written" in run.stderr
    assert (tmp_path / "out" / "uuid-2.yaml").is_file()


def test_without_q_or_a_questionnaire_column_the_file_is_one_error(tmp_path: Path) -> None:
    csv = export(tmp_path / "e.csv", "organization,KEY\nA,1\nB,2\n")
    run = run_cli("import", csv, "-o", tmp_path / "out")
    assert run.code == 1
    assert run.stderr.count("error:") == 1
    assert "e.csv:1: error: has no questionnaire column" in run.stderr and "-q" in run.stderr


# Submissions to the form of an earlier questionnaire version (SPEC 1, 2, 7): migrated as
# `migrate` migrates a response file of that version.

NORTHWIND_2_0_0 = REPO / "tests" / "fixtures" / "social-maturity-2.0.0" / "northwind-2026.yaml"
#: Where the 2.0.0 form grouped the questions 3.0.0 no longer asks (by their id's prefix).
OLD_GROUPS = {
    "exec": "executive_buy_in",
    "lead": "leadership",
    "rel": "relationships",
    "conv": "conversations",
    "meas": "measurement",
}


def test_a_submission_to_an_earlier_version_is_migrated_not_lost(tmp_path: Path) -> None:
    """The audit's cases: a renamed question and a mapped option of 2.0.0 carry over to 3.0.0."""
    csv = export(
        tmp_path / "v2.csv",
        "KEY,questionnaire,questionnaire_version,organization,executive_buy_in-exec_sceptics,"
        "conversations-conv_idea_generation\n"
        "v2b,social-maturity,2.0.0,Acme,market_evidence,\n"
        "v2c,social-maturity,2.0.0,Acme,,polls\n",
    )
    out = tmp_path / "out"
    run = run_cli("import", csv, "-o", out)
    assert run.code == 0, run.stderr
    assert "error" not in run.stderr and "read as answers to version" not in run.stderr
    assert (
        f"{csv}: warning: submission v2b answered version 2.0.0 of 'social-maturity'; written "
        f"to {out / 'v2b.yaml'} migrated to 3.0.0, as migrate does: 1 renamed, 1 value mapped; "
        "dropped: nothing\n"
    ) in run.stderr
    assert f"{csv}: warning: submission v2c answered version 2.0.0" in run.stderr
    assert run.stderr.splitlines()[-1] == (
        f"{csv}: 2 submissions: 2 written to {out} (2 of them migrated from an earlier version)"
    )
    for name, question, value in [
        ("v2b", "exec_view", "business_matter"),
        ("v2c", "conv_idea_generation", "informal"),
    ]:
        text = (out / f"{name}.yaml").read_text(encoding="utf-8")
        assert 'questionnaire_version: "3.0.0"' in text and "Dropped" not in text
        response, _ = load_response(str(out / f"{name}.yaml"), Catalog(), None)
        assert not response.warnings  # the file names the version its answers are in
        assert {k: a for k, a in response.answers.items() if a.value is not None} == {
            question: Answer(value)
        }
    again = run_cli("import", csv, "-o", out)
    assert again.code == 0, again.stderr
    assert again.stderr == f"{csv}: 2 submissions: 2 already there\n"


def _quoted(rows: list[list[str]], delimiter: str) -> str:
    """Rows as a CSV export with every cell quoted (as KoboToolbox writes them)."""
    out = io.StringIO()
    csv_writer(out, delimiter=delimiter, quoting=QUOTE_ALL).writerows(rows)
    return out.getvalue()


def _as_old_form(columns: list[str], answers: dict[str, object]) -> list[str]:
    """The cells the 2.0.0 form stored for a response's raw answers, under ``columns``."""
    row = [""] * len(columns)
    for old, raw in answers.items():
        value, note = (raw.get("value"), raw.get("note")) if isinstance(raw, dict) else (raw, None)
        stored = tuple(value) if isinstance(value, list) else value
        for column, name in enumerate(columns):
            if name.endswith(f"-{old}"):
                row[column] = cell(stored)  # type: ignore[arg-type]
            elif name.endswith(f"-{old}_note"):
                row[column] = note or ""
    return row


@pytest.mark.parametrize("layout", ["odk", "kobo"])
def test_an_earlier_version_export_gives_what_migrate_gives(tmp_path: Path, layout: str) -> None:
    """SPEC 7: exactly the answers; for a 2.0.0 submission, those `migrate` makes of its file.

    The export mixes both versions' forms, as a server's export of a form with two versions
    does: the 3.0.0 columns are empty on the 2.0.0 row, and the other way round.
    """
    model = Catalog().resolve("social-maturity")
    migration = model.migration_by_version["2.0.0"]
    home = {q.id: d.id for d in model.dimensions for q in d.questions}
    old_answers = load_yaml(NORTHWIND_2_0_0, allow_aliases=False).data["answers"]
    columns = ["KEY", "questionnaire", "questionnaire_version", "organization", "date"]
    for old in old_answers:
        new = migration.questions.get(old, old)
        group = home[new] if new in home else OLD_GROUPS[old.split("_")[0]]
        columns += [f"{group}-{old}", f"{group}-{old}_note"]
    for question_id, dimension in home.items():
        if f"{dimension}-{question_id}" not in columns:
            columns += [f"{dimension}-{question_id}", f"{dimension}-{question_id}_note"]
    header = ["social-maturity", "2.0.0", "Northwind Outdoor Gear", "2026-11-20"]
    rows = [columns, ["uuid:old", *header, *_as_old_form(columns, old_answers)[5:]]]
    migrated = run_cli("migrate", NORTHWIND_2_0_0, "-o", tmp_path / "migrated")
    assert migrated.code == 0, migrated.stderr
    by_migrate = tmp_path / "migrated" / NORTHWIND_2_0_0.name
    new_answers = load_yaml(by_migrate, allow_aliases=False).data["answers"]
    new_row = _as_old_form(columns, {k: v for k, v in new_answers.items() if v is not None})
    rows.append(["uuid:new", "social-maturity", "3.0.0", *header[2:], *new_row[5:]])
    if layout == "kobo":
        rows[0] = [name.replace("-", "/", 1) if "-" in name else name for name in rows[0]]
        rows[0] = ["_uuid" if name == "KEY" else name for name in rows[0]]
    csv = export(tmp_path / "e.csv", _quoted(rows, ","))
    run = run_cli("import", csv, "-o", tmp_path / "out")
    assert run.code == 0, run.stderr
    assert "2 renamed" in run.stderr and "exec_social_map: marketing_view (no longer asked)" in (
        run.stderr
    )

    def given(path: Path) -> dict[str, Answer]:
        response, _ = load_response(str(path), Catalog(), None)
        assert not response.warnings  # every file names the version its answers are in
        return {k: a for k, a in response.answers.items() if a != Answer(None)}

    expected = given(by_migrate)
    assert len(expected) == 36
    for name in ("uuid-old.yaml", "uuid-new.yaml"):
        assert given(tmp_path / "out" / name) == expected
    # the lines that keep what was dropped, as migrate writes them, above answers:
    text = by_migrate.read_text(encoding="utf-8")
    block = text[text.index("# dropped migrating") : text.index("\nanswers:\n") + 10]
    assert block.count("\n") == 3
    assert block.startswith("# dropped migrating 2.0.0 -> 3.0.0: exec_social_map: marketing_view")
    assert block in (tmp_path / "out" / "uuid-old.yaml").read_text(encoding="utf-8")
    scores = run_cli("score", by_migrate, tmp_path / "out", "--format", "json")
    assert scores.code == 0, scores.stderr
    first, *others = [
        (result["overall"], result["dimensions"]) for result in json.loads(scores.stdout)
    ]
    assert others == [first, first]


INLINE_MIGRATED = INLINE + (
    "migrations:\n"
    '  - from: "0.8"\n'
    "    questions: {choice: pick, gone: null}\n"
    "    options: {pick: {agree: b, disagree: null}}\n"
)


def test_an_earlier_version_keeps_notes_na_scales_and_what_it_drops(tmp_path: Path) -> None:
    """Values as a file of that version holds them; dropped answers and notes as comments; the
    old form's group found under a dimension id this version no longer has."""
    q = write(tmp_path / "inline.yaml", INLINE_MIGRATED)
    columns = [
        "questionnaire_version",
        "organization",
        "old/choice",
        "old/choice_note",
        "old/gone",
        "old/gone_note",
        "old/channels",
        "old/channels/blog",
        "old/years",
        "_uuid",
    ]
    rows = [
        ["0.8", "Acme", "agree", "seen it", "x", "kept, as a comment", "na", "", "2", "u1"],
        ["0.8", "Acme", "disagree", "", "", "", "none_of_these", "0", "", "u2"],
        ["0.8", "Acme", "agree", "", "", "", "blog none_of_these", "1", "", "u3"],
    ]
    csv = export(tmp_path / "k.csv", _quoted([columns, *rows], ";"))
    out = tmp_path / "out"
    run = run_cli("import", csv, "-q", q, "-o", out)
    assert run.code == 1
    channels = columns.index("old/channels") + 1
    assert (
        f"{csv}:4:{channels}: error: 'none_of_these' is chosen with other options for 'channels'"
        in run.stderr
    )
    assert sorted(p.name for p in out.iterdir()) == ["u1.yaml", "u2.yaml"]
    assert loaded(out / "u1.yaml", q)[0] == {
        "pick": Answer("b", "seen it"),
        "channels": Answer("na"),
        "years": Answer(2),
    }
    assert loaded(out / "u2.yaml", q)[0] == {"channels": Answer(())}
    first = (out / "u1.yaml").read_text(encoding="utf-8")
    assert (
        "# dropped migrating 0.8 -> 1'0\"0: gone: x (no longer asked); note: kept, as a comment\n"
        "answers:\n"
    ) in first
    assert (
        "# dropped migrating 0.8 -> 1'0\"0: choice: disagree (mapped to nothing)\nanswers:\n"
    ) in (out / "u2.yaml").read_text()
    assert "dropped: choice: disagree (mapped to nothing)" in run.stderr


def test_a_link_at_a_submissions_name_is_written_through(tmp_path: Path, q: Path) -> None:
    """SPEC 4: a link is written through, a stream written directly; neither is a response
    already there (a link to nothing was an error, "does not read as a response")."""
    model = Catalog().resolve(str(q))
    csv = export(tmp_path / "e.csv", odk_csv(model, [sent("uuid:1")]))
    out = tmp_path / "out"
    out.mkdir()
    (out / "uuid-1.yaml").symlink_to(tmp_path / "kept" / "ann.yaml")
    run = run_cli("import", csv, "-q", q, "-o", out)
    assert run.code == 0, run.stderr
    assert (out / "uuid-1.yaml").is_symlink()
    assert loaded(tmp_path / "kept" / "ann.yaml", q)[0] == ANSWERS


@pytest.mark.parametrize("second", ["things-pick", "things/pick", "pick"])
def test_two_columns_for_one_question_are_an_error_naming_both(
    tmp_path: Path, q: Path, second: str
) -> None:
    """Which of two would answer it depends on nothing the user sees: neither wins."""
    model = Catalog().resolve(str(q))
    header, rest = odk_csv(model, [sent()]).split("\n", 1)
    columns = header.split(",")
    text = f"{header},{second}\n" + rest
    csv = export(tmp_path / "e.csv", text)
    run = run_cli("import", csv, "-q", q, "-o", tmp_path / "out")
    assert run.code == 1
    first = columns.index("things-pick") + 1
    assert (
        f"{csv}:1:{len(columns) + 1}: error: the columns 'things-pick' ({first}) and "
        f"'{second}' ({len(columns) + 1}) both hold 'pick': keep one"
    ) in run.stderr
    assert "internal error" not in run.stderr
    assert not list((tmp_path / "out").glob("*.yaml")) if (tmp_path / "out").exists() else True

"""``import``: survey servers' CSV exports of submissions as response files (SPEC section 7).

Each submission becomes ``DIR/<submission id>.yaml`` in the layout ``template`` writes. A
submission with a bad cell is reported at ``FILE:ROW:COLUMN`` and not written; the others are.
A submission to an earlier version's form is migrated as ``migrate`` migrates its file (what is
dropped kept as comments above ``answers:``), with one warning each.
A file that is already there is never replaced without ``--force``: importing the same export
again writes nothing and says so, so a consultant can download the growing export and import it
again as submissions come in. A response edited since it was imported is kept too (it is
counted as already there, with a note that it differs from the export); a file there that does
not read as a response at all is an error of that submission.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from socialmaturity.errors import (
    EXIT_INPUT,
    EXIT_OK,
    InputError,
    Location,
    Problem,
    SocialMaturityError,
    print_problems,
    warn,
)
from socialmaturity.model.catalog import Catalog
from socialmaturity.terminal import visible

if TYPE_CHECKING:
    from socialmaturity.model.questionnaire import Questionnaire
    from socialmaturity.model.submissions import Layout, Submission
    from socialmaturity.model.survey_csv import CsvTable, Record

#: What is at a submission's file already (see :func:`_existing`).
Existing = Literal["absent", "same", "differs", "unreadable"]


@dataclass
class _Run:
    """What one ``import`` has done so far, across its files."""

    output: Path
    force: bool
    defaults: dict[str, str]
    catalog: Catalog = field(default_factory=Catalog)
    #: The file names written (or found identical) in this run, with where each came from.
    names: dict[str, str] = field(default_factory=dict)
    failed: bool = False


def import_submissions(
    paths: list[str],
    reference: str | None,
    *,
    output: str,
    organization: str | None,
    round_name: str | None,
    force: bool,
) -> int:
    """Import each CSV file; a summary line per file on stderr, errors located."""
    from socialmaturity.commands.blanks import header_options
    from socialmaturity.files import refuse_unusable_folder

    refuse_unusable_folder(output, "import")  # an error of that path, as writing would say
    folder = Path(output)
    defaults = {
        key: value
        for key, value in header_options(organization=organization, round=round_name).items()
        if value is not None
    }
    run = _Run(folder, force, defaults)
    questionnaire = run.catalog.resolve(reference) if reference is not None else None
    for path in paths:
        try:
            _import_file(run, path, questionnaire)
        except SocialMaturityError as exc:
            print_problems(exc.problems)
            run.failed = True
    return EXIT_INPUT if run.failed else EXIT_OK


def _import_file(run: _Run, path: str, questionnaire: Questionnaire | None) -> None:
    from socialmaturity.model.submissions import not_approved, rejected, submission_id
    from socialmaturity.model.survey_csv import read_csv_table

    table = read_csv_table(path)
    if questionnaire is None and table.column("questionnaire") is None:
        raise InputError(
            "has no questionnaire column to say which questionnaire was answered; give -q",
            Location(path, 1),
        )
    counts: Counter[str] = Counter()
    layouts: dict[str, tuple[Questionnaire, Layout]] = {}
    for record in table.records:
        try:
            found, where = _form_of(run, table, record, questionnaire, layouts)
        except SocialMaturityError as exc:
            print_problems(exc.problems)
            counts["errors"] += 1
            continue
        if rejected(record, where):
            ident = submission_id(record, where) or "without an id"
            warn(
                f"submission {visible(ident)} was rejected on the server; skipped",
                Location(path, record.line),
            )
            counts["rejected"] += 1
            continue
        if not_approved(record, where):
            ident = submission_id(record, where) or "without an id"
            warn(
                f"submission {visible(ident)} is marked not approved on the server; imported "
                "all the same (only submissions whose ReviewState is rejected are skipped)",
                Location(path, record.line),
            )
        counts[_import_record(run, table, record, found, where)] += 1
    if counts["errors"]:
        run.failed = True
    sys.stderr.write(f"{visible(path)}: {_summary(len(table.records), counts, run.output)}\n")


def _form_of(
    run: _Run,
    table: CsvTable,
    record: Record,
    questionnaire: Questionnaire | None,
    layouts: dict[str, tuple[Questionnaire, Layout]],
) -> tuple[Questionnaire, Layout]:
    """The questionnaire a record answers, and where its fields are in the table.

    The questionnaire is ``-q``'s, else the one the record's ``questionnaire`` cell names.
    """
    from socialmaturity.model.submissions import layout

    if questionnaire is None:
        column = table.column("questionnaire")
        assert column is not None  # checked once per file
        name = record.cells[column].strip()
        if not name:
            raise InputError(
                "the questionnaire cell is empty; give -q",
                Location(table.path, record.line, column + 1),
            )
        key = name
    else:
        key = ""
    if key not in layouts:
        found = questionnaire or run.catalog.for_response(
            key, None, Location(table.path, record.line, (table.column("questionnaire") or 0) + 1)
        )
        if table.column("questionnaire_version") is not None:
            _warn_unknown_versions(table, found)
        layouts[key] = (found, layout(table, found))
    return layouts[key]


def _warn_unknown_versions(table: CsvTable, questionnaire: Questionnaire) -> None:
    """Say once per file when its submissions answered a version no migration names.

    Submissions to a version that a migration starts from are migrated instead, each said.
    """
    column = table.column("questionnaire_version")
    assert column is not None
    known = {"", questionnaire.version, *questionnaire.migration_by_version}
    others = sorted(
        {
            record.cells[column].strip()
            for record in table.records
            if record.cells[column].strip() not in known
        }
    )
    if others:
        warn(
            f"submissions to version {', '.join(others)} of '{questionnaire.id}' are read as "
            f"answers to version {questionnaire.version}, the one loaded; answers to questions "
            "it no longer asks are left out",
            Location(table.path),
        )


def _import_record(
    run: _Run, table: CsvTable, record: Record, questionnaire: Questionnaire, where: Layout
) -> str:
    """Write one submission's response file.

    What happened: written, migrated (written, from an earlier version), there, differs, errors.
    """
    from socialmaturity.files import refuse_unwritable
    from socialmaturity.model.submissions import file_stem, submission

    found, problems = submission(table, record, questionnaire, where, run.defaults)
    if found is None:
        print_problems(problems)
        return "errors"
    target = run.output / f"{file_stem(found.id)}.yaml"
    here = Location(table.path, record.line)
    earlier = run.names.get(target.name)
    if earlier is not None:
        if _existing(target, questionnaire, found)[0] == "same":
            return "there"
        print_problems(
            [Problem(f"submission {visible(found.id)} gives the file name of {earlier}", here)]
        )
        return "errors"
    run.names[target.name] = f"the submission on {here}"
    existing, why = _existing(target, questionnaire, found)
    if existing == "same":
        return "there"
    if existing != "absent" and not run.force:
        try:  # a folder in its place is no response file: an error, as writing would say
            refuse_unwritable(target, force=True)
        except InputError as exc:
            print_problems([*exc.problems, Problem("this submission was not written", here)])
            return "errors"
        if existing == "unreadable":  # not an edited response: nothing says it is this one
            message = (
                f"{visible(str(target))} already exists and does not read as a response to "
                f"'{questionnaire.id}' ({why}); this "
                "submission was not written (--force replaces it)"
            )
            print_problems([Problem(message, here)])
            return "errors"
        return "differs"  # already there, edited since (or edited on the server): kept
    done = _write(
        target, _response_text(questionnaire, found), run.force, here, questionnaire, found
    )
    if done == "written" and found.migrated is not None:
        _say_migrated(questionnaire, found, target, here)
        return "migrated"
    return done


def _say_migrated(
    questionnaire: Questionnaire, found: Submission, target: Path, here: Location
) -> None:
    """One warning per submission migrated: the versions, the file, every dropped answer."""
    from socialmaturity.commands.migrating import migration_summary

    assert found.migrated is not None
    warn(
        f"submission {visible(found.id)} answered version {visible(str(found.earlier))} of "
        f"'{questionnaire.id}'; written to {visible(str(target))} migrated to "
        f"{visible(questionnaire.version)}, as migrate does: "
        f"{visible(migration_summary(found.migrated))}",
        here,
    )


def _write(
    target: Path,
    text: str,
    force: bool,
    here: Location,
    questionnaire: Questionnaire,
    found: Submission,
) -> str:
    from socialmaturity.files import write_atomic

    try:
        write_atomic(target, text, force=force)
    except InputError as exc:
        if _existing(target, questionnaire, found)[0] == "same":  # written meanwhile, the same
            return "there"
        print_problems([*exc.problems, Problem("this submission was not written", here)])
        return "errors"
    return "written"


def _existing(
    target: Path, questionnaire: Questionnaire, found: Submission
) -> tuple[Existing, str]:
    """What is at the submission's file: nothing, the same submission, an edited one, or else.

    A file that does not read as a response to this questionnaire is ``unreadable``, with why
    (the other kinds come with ``""``). Header and answers are compared, not text: a file
    written by an earlier version of the tool, or under a questionnaire whose wording has
    changed since, still counts as the same.
    """
    from socialmaturity.files import is_stream

    try:
        status = os.stat(target)
    except (OSError, ValueError):  # nothing, or a link to nothing: writing creates what it names
        return "absent", ""
    if is_stream(status):
        return "absent", ""  # a stream is written directly (SPEC 4), never read as a response
    from socialmaturity.model.response import (
        Answer,
        load_response_document,
        response_from,
        response_header,
    )

    try:
        doc = load_response_document(target)
        response = response_from(doc, response_header(doc), questionnaire)
    except SocialMaturityError as exc:
        return "unreadable", exc.problems[0].message
    header = {
        key: getattr(response, key)
        for key in ("organization", "respondent", "role", "date", "round", "assessor")
    }
    answers = {key: answer for key, answer in response.answers.items() if answer != Answer(None)}
    expected = {key: found.header.get(key) for key in header}
    return ("same" if header == expected and answers == found.answers else "differs"), ""


def _response_text(questionnaire: Questionnaire, found: Submission) -> str:
    """The submission in the layout ``template`` writes."""
    from socialmaturity.commands.blanks import response_schema
    from socialmaturity.interview.migrated import with_dropped
    from socialmaturity.interview.writer import blank_text

    text = blank_text(questionnaire, found.header, response_schema(), answers=found.answers)
    if found.migrated is None or found.earlier is None:
        return text
    # what the earlier version's answers lose, kept as migrate keeps it: comments above answers
    return with_dropped(text, questionnaire.version, found.earlier, found.migrated)


def _summary(total: int, counts: Counter[str], output: Path) -> str:
    """``50 submissions: 48 written to DIR, 1 already there, 1 rejected (skipped)``.

    Files already there that say something else than the export (edited since) count as there,
    with a note: they are kept, and ``--force`` replaces them.
    """
    parts = []
    written, migrated = counts["written"] + counts["migrated"], counts["migrated"]
    if written:
        parts.append(f"{written} written to {visible(str(output))}")
    if migrated:
        parts[-1] += f" ({migrated} of them migrated from an earlier version)"
    there, differ = counts["there"] + counts["differs"], counts["differs"]
    if there:
        parts.append(f"{there} already there")
    if differ:
        parts[-1] += (
            f" ({differ} of them differ from the export, kept as they are; --force replaces them)"
            if differ > 1
            else " (1 of them differs from the export, kept as it is; --force replaces it)"
        )
    if counts["rejected"]:
        parts.append(f"{counts['rejected']} rejected (skipped)")
    if counts["errors"]:
        parts.append(f"{counts['errors']} not written (errors above)")
    noun = "submission" if total == 1 else "submissions"
    return f"{total} {noun}" + (": " + ", ".join(parts) if parts else "")

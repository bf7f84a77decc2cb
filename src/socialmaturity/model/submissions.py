"""Submissions to an exported form, read back as answers (SPEC section 7).

A CSV export names a question's column after its group path: ODK Central joins the path with
``-`` (``<dimension id>-<question id>``), KoboToolbox with ``/``, and either may leave groups out.
:class:`Layout` finds each field's column once per file; :func:`submission` turns one record into
a header and answers, or into the problems of its cells, each at ``FILE:ROW:COLUMN``. Cells hold
what the form stored: option values, whole numbers, ``na``, space-separated values for a multi
question (``none_of_these`` for none), and the note fields' text.

A submission to the form of an earlier questionnaire version (its ``questionnaire_version`` is
the ``from`` of one of the questionnaire's ``migrations``) is read as the response file of that
version would hold it, under the old question ids, and migrated by
:func:`~socialmaturity.model.migration.migrate_answers`, the code ``migrate`` and every command
reading responses use (SPEC sections 1 and 2).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from socialmaturity.errors import InputError, Location, Problem
from socialmaturity.model.migration import Migrated, migrate_answers
from socialmaturity.model.questionnaire import Migration, Question, Questionnaire
from socialmaturity.model.response import NA, Answer, AnswerValue, value_problems
from socialmaturity.model.scalars import digit_limit, is_calendar_date
from socialmaturity.model.survey_csv import CsvTable, Record
from socialmaturity.model.validation import shown

#: The choice of a multi question that stands for an empty list.
NONE_OF_THESE = "none_of_these"
#: Header keys read from columns of the same name, in the response file's order.
HEADER_COLUMNS = ("questionnaire", "questionnaire_version", "organization", "respondent", "role")
#: The form's own fields for the day of the interview and the round, read back from their columns.
DATE_FIELD = "date"
ROUND_FIELD = "round"
#: The columns that name a submission, first found first (ODK Central, then KoboToolbox).
ID_COLUMNS = ("KEY", "meta-instanceID", "meta/instanceID", "_uuid")
#: When the server received a submission: its date part is the date when no ``date`` is given.
RECEIVED_COLUMNS = ("SubmissionDate", "_submission_time")
#: A server's verdict on a submission, and the value that means it is skipped (SPEC 7 names
#: ODK Central's ``ReviewState`` ``rejected`` and nothing else).
REVIEW_COLUMNS = {"ReviewState": "rejected"}
#: KoboToolbox's verdict, and what it holds for "Not approved" (the status's uid, or its label):
#: such a submission is imported like any other, with a warning (SPEC 7: each submission
#: becomes one response file; only rejected ones are skipped).
VALIDATION_COLUMN = "_validation_status"
NOT_APPROVED = ("validation_status_not_approved", "not approved")
SEPARATORS = ("-", "/")
#: What a note field is called after its question's id.
NOTE_SUFFIX = "_note"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
_WHOLE = re.compile(r"^[+-]?[0-9]+$")


def file_stem(submission_id: str) -> str:
    """A submission id as a file name: every character outside ``A-Za-z0-9._-`` becomes ``-``."""
    return _UNSAFE.sub("-", submission_id)


def note_name(question: Question) -> str:
    """The name of the form's text field that holds the note on ``question``'s answer."""
    return question.id + NOTE_SUFFIX


@dataclass(frozen=True)
class Earlier:
    """Where the form of an earlier questionnaire version keeps its answers in one CSV file.

    The old form's questions are known through the migration only: every question of this
    version (an old id that the migration does not list keeps its id) and every old id it
    lists. ``questions`` and ``notes`` are by old question id.
    """

    version: str
    migration: Migration
    questions: dict[str, int]
    notes: dict[str, int]


@dataclass(frozen=True)
class Layout:
    """Where each field of a questionnaire's form is in one CSV file (column indexes)."""

    questions: dict[str, int]
    notes: dict[str, int]
    header: dict[str, int]
    ids: tuple[int, ...]
    received: tuple[int, ...]
    reviews: dict[int, str] = field(default_factory=dict)
    validation: int | None = None
    date: int | None = None
    round: int | None = None
    #: By the earlier version each is for: where that version's form keeps its answers.
    earlier: dict[str, Earlier] = field(default_factory=dict)


def _find(table: CsvTable, groups: Sequence[str], name: str) -> int | None:
    """The column of field ``name`` in the first of ``groups`` that has it, else bare."""
    for group in groups:
        for sep in SEPARATORS:
            found = table.column(f"{group}{sep}{name}")
            if found is not None:
                return found
    return table.column(name)


def _only(table: CsvTable, group: str, name: str) -> int | None:
    """The one column of field ``name`` of ``group``; two are an error at the second.

    Which of two would answer the question depends on nothing the user can see: neither wins.
    """
    names = {f"{group}{sep}{name}" for sep in SEPARATORS} | {name}
    found = [n for n, header in enumerate(table.header) if header in names]
    if len(found) > 1:
        first, second = found[:2]
        raise InputError(
            f"the columns {shown(table.header[first])} ({first + 1}) and "
            f"{shown(table.header[second])} ({second + 1}) both hold {shown(name)}: keep one",
            Location(table.path, 1, second + 1),
        )
    return found[0] if found else None


def layout(table: CsvTable, questionnaire: Questionnaire) -> Layout:
    """Find each field's column: grouped as either server writes it, else bare."""
    questions: dict[str, int] = {}
    notes: dict[str, int] = {}
    for dimension in questionnaire.dimensions:
        for question in dimension.questions:
            column = _only(table, dimension.id, question.id)
            if column is not None:
                questions[question.id] = column
            note = _only(table, dimension.id, note_name(question))
            if note is not None:
                notes[question.id] = note
    header = {key: c for key in HEADER_COLUMNS if (c := table.column(key)) is not None}
    return Layout(
        questions=questions,
        notes=notes,
        header=header,
        ids=tuple(c for name in ID_COLUMNS if (c := table.column(name)) is not None),
        received=tuple(c for name in RECEIVED_COLUMNS if (c := table.column(name)) is not None),
        reviews={
            c: value
            for name, value in REVIEW_COLUMNS.items()
            if (c := table.column(name)) is not None
        },
        validation=table.column(VALIDATION_COLUMN),
        date=table.column(DATE_FIELD),
        round=table.column(ROUND_FIELD),
        earlier={
            migration.from_version: _earlier(table, questionnaire, migration)
            for migration in questionnaire.migrations
        },
    )


def _earlier(table: CsvTable, questionnaire: Questionnaire, migration: Migration) -> Earlier:
    """Where the form of the version ``migration`` starts from keeps its answers.

    An old question's column is looked for under its new question's dimension, then under the
    other dimensions (it may have moved), then bare; failing those, under a group of any other
    name (a dimension renamed since), when no other field has that column.
    """
    home = {q.id: d.id for d in questionnaire.dimensions for q in d.questions}
    groups = [dimension.id for dimension in questionnaire.dimensions]
    old_ids = list(dict.fromkeys([*home, *migration.questions]))
    found: dict[tuple[str, str], int] = {}
    for old in old_ids:
        new = migration.questions.get(old, old)
        first = home.get(new) if new is not None else None
        order = [first, *(g for g in groups if g != first)] if first else groups
        for name in (old, old + NOTE_SUFFIX):
            column = _find(table, order, name)
            if column is not None:
                found[old, name] = column
    taken = set(found.values())
    for old in old_ids:
        for name in (old, old + NOTE_SUFFIX):
            if (old, name) not in found:
                column = _under_any_group(table, name, taken)
                if column is not None:
                    found[old, name] = column
                    taken.add(column)
    return Earlier(
        migration.from_version,
        migration,
        questions={old: c for (old, name), c in found.items() if name == old},
        notes={old: c for (old, name), c in found.items() if name != old},
    )


def _under_any_group(table: CsvTable, name: str, taken: set[int]) -> int | None:
    """The first free column named ``<group><separator><name>``, the group one step deep.

    Not a KoboToolbox ``group/question/choice`` column: its ``group/question`` has a ``/``.
    """
    for column, title in enumerate(table.header):
        if column in taken:
            continue
        for sep in SEPARATORS:
            group = title.removesuffix(sep + name)
            if group != title and group and "/" not in group:
                return column
    return None


@dataclass(frozen=True)
class Submission:
    """One submission as a response: its id, header values and answers by question id."""

    id: str
    line: int
    header: dict[str, str]
    answers: dict[str, Answer]
    #: For a submission to an earlier version's form: that version, and what its migration did.
    earlier: str | None = None
    migrated: Migrated | None = None


def rejected(record: Record, where: Layout) -> bool:
    """Whether the server's reviewer turned this submission down."""
    return any(record.cells[c].strip() == value for c, value in where.reviews.items())


def not_approved(record: Record, where: Layout) -> bool:
    """Whether KoboToolbox's validation status of this submission is "Not approved"."""
    if where.validation is None:
        return False
    return record.cells[where.validation].strip().casefold() in NOT_APPROVED


def submission_id(record: Record, where: Layout) -> str | None:
    """The submission's id: ``KEY``, else ``meta-instanceID``, else ``_uuid`` (None: none)."""
    for column in where.ids:
        value = record.cells[column].strip()
        if value:
            return value
    return None


def submission(
    table: CsvTable,
    record: Record,
    questionnaire: Questionnaire,
    where: Layout,
    defaults: dict[str, str],
) -> tuple[Submission | None, list[Problem]]:
    """A record as a submission, or the problems of its cells (then None).

    ``defaults`` fill a header key whose column is missing or whose cell is empty
    (``--organization``, ``--round``).
    """
    problems: list[Problem] = []

    def at(column: int | None) -> Location:
        return Location(table.path, record.line, None if column is None else column + 1)

    ident = submission_id(record, where)
    if ident is None:
        names = " or ".join(table.header[c] for c in where.ids) or "KEY, meta-instanceID or _uuid"
        problems.append(Problem(f"the submission has no id (no {names})", at(None)))
    header: dict[str, str] = {}
    for key, column in where.header.items():
        value = record.cells[column].strip()
        if value:
            header[key] = value
    if "round" not in header and where.round is not None and record.cells[where.round].strip():
        header["round"] = record.cells[where.round].strip()
    for key, value in defaults.items():
        header.setdefault(key, value)
    version = header.get("questionnaire_version")
    earlier = where.earlier.get(version) if version and version != questionnaire.version else None
    found = header.get("questionnaire")
    if found is not None and found != questionnaire.id:
        problems.append(
            Problem(
                f"this submission is to questionnaire '{found}', not '{questionnaire.id}'",
                at(where.header["questionnaire"]),
            )
        )
    header["questionnaire"] = questionnaire.id
    header["questionnaire_version"] = questionnaire.version
    if not header.get("organization"):
        problems.append(
            Problem(
                "the submission names no organization (give --organization)",
                at(where.header.get("organization")),
            )
        )
    date, date_problem = _date(record, where, at)
    if date_problem is not None:
        problems.append(date_problem)
    elif date is not None:
        header["date"] = date
    if earlier is not None:
        migrated = _migrated(questionnaire, earlier, record, at, problems)
        answers = _carried(questionnaire, earlier, migrated, at, problems)
    else:
        migrated, answers = None, _answers(questionnaire, where, record, at, problems)
    if problems:
        return None, problems
    answered = earlier.version if earlier is not None else None  # an earlier form's version
    return Submission(ident or "", record.line, header, answers, answered, migrated), []


def _answers(
    questionnaire: Questionnaire,
    where: Layout,
    record: Record,
    at: Callable[[int | None], Location],
    problems: list[Problem],
) -> dict[str, Answer]:
    """The answers and notes of a submission to this version's form; problems added."""
    answers: dict[str, Answer] = {}
    for question_id, column in where.questions.items():
        question = questionnaire.question_by_id[question_id][1]
        given, messages = answer_value(question, record.cells[column])
        problems += [Problem(message, at(column)) for message in messages]
        note_column = where.notes.get(question_id)
        note = record.cells[note_column] if note_column is not None else ""
        if not messages and (given is not None or note):
            answers[question_id] = Answer(given, note or None)
    for question_id, column in where.notes.items():
        if question_id not in where.questions and record.cells[column]:
            answers[question_id] = Answer(None, record.cells[column])
    return answers


def _migrated(
    questionnaire: Questionnaire,
    earlier: Earlier,
    record: Record,
    at: Callable[[int | None], Location],
    problems: list[Problem],
) -> Migrated:
    """A submission to an earlier version's form, migrated as ``migrate`` migrates its file.

    The cells are read into the answers a response file of that version would hold (old ids,
    in the form's order; values as YAML reads them, a note making a mapping), then carried over
    by the migration: what cannot be is dropped, never refused, as ``migrate`` does.
    """
    raw: dict[str, Any] = {}
    placed = sorted((c, old) for old, c in [*earlier.questions.items(), *earlier.notes.items()])
    for old in dict.fromkeys(old for _, old in placed):  # in the form's order, as its file
        new = earlier.migration.questions.get(old, old)
        found = questionnaire.question_by_id.get(new) if new is not None else None
        column = earlier.questions.get(old)
        text = record.cells[column].strip() if column is not None else ""
        value: Any = None
        if text:
            value, message = _earlier_value(found[1] if found else None, old, text)
            if message is not None:
                problems.append(Problem(message, at(column)))
                continue
        note_column = earlier.notes.get(old)
        note = record.cells[note_column] if note_column is not None else ""
        if value is not None or note:
            raw[old] = {"value": value, "note": note} if note else value
    return migrate_answers(questionnaire, earlier.migration, raw)


def _earlier_value(question: Question | None, old: str, text: str) -> tuple[Any, str | None]:
    """A cell of an earlier form as a response file of that version holds it, or a problem.

    The cell is read by the kind of the question its answer goes to now; one no longer asked
    by what it looks like (values separated by spaces are a multi answer, a whole number a
    scale's).
    """
    if text == NA:
        return NA, None
    values = text.split()
    kind = question.kind if question is not None else None
    if kind == "multi" or (kind is None and (len(values) > 1 or text == NONE_OF_THESE)):
        if NONE_OF_THESE in values or NA in values:
            alone = NONE_OF_THESE if NONE_OF_THESE in values else NA
            if len(values) > 1:
                return None, f"'{alone}' is chosen with other options for '{old}'"
            return ([] if alone == NONE_OF_THESE else NA), None
        return values, None
    if kind in ("scale", None) and _WHOLE.match(text):
        return int(text), None
    return text, None


def _carried(
    questionnaire: Questionnaire,
    earlier: Earlier,
    migrated: Migrated,
    at: Callable[[int | None], Location],
    problems: list[Problem],
) -> dict[str, Answer]:
    """The migrated answers as answers to this version (each checked once more)."""
    answers: dict[str, Answer] = {}
    for new, raw in migrated.answers.items():
        value, note = (raw.get("value"), raw.get("note")) if isinstance(raw, dict) else (raw, None)
        question = questionnaire.question_by_id[new][1]
        messages = [message for message, _ in value_problems(question, value)]
        column = earlier.questions.get(migrated.sources[new])
        problems += [Problem(message, at(column)) for message in messages]
        if not messages:
            given = tuple(value) if isinstance(value, list) else value
            answers[new] = Answer(given, note or None)
    return answers


def _date(
    record: Record, where: Layout, locate: Callable[[int | None], Location]
) -> tuple[str | None, Problem | None]:
    """The ``date`` cell, else the date part of when the server received the submission."""
    if where.date is not None and record.cells[where.date].strip():
        value = record.cells[where.date].strip()
        if not is_calendar_date(value):
            return None, Problem(
                f"date {shown(value)} is not a date (YYYY-MM-DD)", locate(where.date)
            )
        return value, None
    for column in where.received:
        value = record.cells[column].strip()
        if not value:
            continue
        if not is_calendar_date(value[:10]):
            return None, Problem(
                f"{shown(value)} does not start with a date (YYYY-MM-DD)", locate(column)
            )
        return value[:10], None
    return None, None


def answer_value(question: Question, cell: str) -> tuple[AnswerValue, list[str]]:
    """What a cell answers to a question, and what is wrong with it (an empty cell: None)."""
    text = cell.strip()
    if not text:
        return None, []
    raw: object = text
    if text == NA:
        raw = NA
    elif question.kind == "scale":
        if _WHOLE.match(text) and len(text.lstrip("+-")) > digit_limit():
            return None, [
                f"this number is too long: a whole number may have at most {digit_limit():,} digits"
            ]
        raw = int(text) if _WHOLE.match(text) else text
    elif question.kind == "multi":
        values = text.split()
        if NONE_OF_THESE in values or NA in values:
            alone = NONE_OF_THESE if NONE_OF_THESE in values else NA
            if len(values) > 1:
                return None, [f"'{alone}' is chosen with other options for '{question.id}'"]
            raw = [] if alone == NONE_OF_THESE else NA
        else:
            raw = values
    messages = [message for message, _ in value_problems(question, raw)]
    if messages:
        return None, messages
    return (tuple(raw) if isinstance(raw, list) else raw), []  # type: ignore[return-value]

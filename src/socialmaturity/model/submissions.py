"""Submissions to an exported form, read back as answers (SPEC section 7).

A CSV export names a question's column after its group path: ODK Central joins the path with
``-`` (``<dimension id>-<question id>``), KoboToolbox with ``/``, and either may leave groups out.
:class:`Layout` finds each field's column once per file; :func:`submission` turns one record into
a header and answers, or into the problems of its cells, each at ``FILE:ROW:COLUMN``. Cells hold
what the form stored: option values, whole numbers, ``na``, space-separated values for a multi
question (``none_of_these`` for none), and the note fields' text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from socialmaturity.errors import Location, Problem
from socialmaturity.model.questionnaire import Question, Questionnaire
from socialmaturity.model.response import NA, Answer, AnswerValue, value_problems
from socialmaturity.model.scalars import is_calendar_date
from socialmaturity.model.survey_csv import CsvTable, Record

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


def layout(table: CsvTable, questionnaire: Questionnaire) -> Layout:
    """Find each field's column: grouped as either server writes it, else bare."""

    def find(group: str | None, name: str) -> int | None:
        names = [f"{group}{sep}{name}" for sep in SEPARATORS] if group else []
        for candidate in [*names, name]:
            found = table.column(candidate)
            if found is not None:
                return found
        return None

    questions: dict[str, int] = {}
    notes: dict[str, int] = {}
    for dimension in questionnaire.dimensions:
        for question in dimension.questions:
            column = find(dimension.id, question.id)
            if column is not None:
                questions[question.id] = column
            note = find(dimension.id, note_name(question))
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
    )


@dataclass(frozen=True)
class Submission:
    """One submission as a response: its id, header values and answers by question id."""

    id: str
    line: int
    header: dict[str, str]
    answers: dict[str, Answer]


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
    if problems:
        return None, problems
    return Submission(ident or "", record.line, header, answers), []


def _date(
    record: Record, where: Layout, locate: Callable[[int | None], Location]
) -> tuple[str | None, Problem | None]:
    """The ``date`` cell, else the date part of when the server received the submission."""
    if where.date is not None and record.cells[where.date].strip():
        value = record.cells[where.date].strip()
        if not is_calendar_date(value):
            return None, Problem(f"date {value!r} is not a date (YYYY-MM-DD)", locate(where.date))
        return value, None
    for column in where.received:
        value = record.cells[column].strip()
        if not value:
            continue
        if not is_calendar_date(value[:10]):
            return None, Problem(
                f"{value!r} does not start with a date (YYYY-MM-DD)", locate(column)
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

"""CSV exports of submissions written as the survey servers write them, for the import tests.

ODK Central: ``,``-separated, cells quoted only where needed, ``SubmissionDate`` first, group
paths joined with ``-``, the form's ``meta-instanceID`` after its fields, then the server's own
columns (``KEY`` ... ``FormVersion``). KoboToolbox ("XML values and headers"): ``;`` or ``,``
separated, every cell quoted, group paths joined with ``/``, a select_multiple question followed
by one 0/1 column per choice (``group/question/choice``), then the server's ``_id``, ``_uuid``,
``_submission_time`` ... columns.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from socialmaturity.model.questionnaire import Question, Questionnaire
from socialmaturity.model.response import Answer, AnswerValue

HEADER = ("questionnaire", "questionnaire_version", "organization", "respondent", "role", "date")
ODK_TAIL = (
    "KEY",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
)
KOBO_TAIL = (
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
)


@dataclass
class Sent:
    """One submission as a form would have stored it."""

    id: str
    header: dict[str, str]
    answers: dict[str, Answer] = field(default_factory=dict)
    review: str = ""
    received: str = "2026-11-20T09:15:32.123Z"


def cell(value: AnswerValue) -> str:
    """What the form stores for an answer value."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        return " ".join(value) if value else "none_of_these"
    return str(value)


def _choices(question: Question) -> list[str]:
    values = [option.value for option in question.options or ()]
    if question.allow_na:
        values.append("na")
    return [*values, "none_of_these"]


def _text(rows: Sequence[Sequence[str]], delimiter: str, quote_all: bool) -> str:
    """Kobo quotes every cell and ends lines with CRLF; ODK (csv-stringify) quotes a cell only
    when it holds a comma, a quote or a line break of either kind, and ends lines with LF."""
    if quote_all:
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_ALL).writerows(rows)
        return out.getvalue()

    def quoted(text: str) -> str:
        if any(special in text for special in (delimiter, '"', "\r", "\n")):
            return '"' + text.replace('"', '""') + '"'
        return text

    return "".join(delimiter.join(map(quoted, row)) + "\n" for row in rows)


def odk_csv(
    questionnaire: Questionnaire, sent: Sequence[Sent], *, round_column: bool = False
) -> str:
    """The submissions as ODK Central's CSV export."""
    header_names = [*HEADER, *(["round"] if round_column else [])]
    columns = ["SubmissionDate", *header_names]
    for dimension in questionnaire.dimensions:
        for question in dimension.questions:
            columns += [f"{dimension.id}-{question.id}", f"{dimension.id}-{question.id}_note"]
    columns += ["meta-instanceID", *ODK_TAIL]
    rows = [columns]
    for one in sent:
        row = [one.received, *(one.header.get(name, "") for name in header_names)]
        for dimension in questionnaire.dimensions:
            for question in dimension.questions:
                answer = one.answers.get(question.id, Answer(None))
                row += [cell(answer.value), answer.note or ""]
        row += [one.id, one.id, "5", "Field team", "0", "0", "", one.review, "", "0", "1"]
        rows.append(row)
    return _text(rows, ",", quote_all=False)


def kobo_csv(
    questionnaire: Questionnaire,
    sent: Sequence[Sent],
    *,
    delimiter: str = ";",
    groups: bool = True,
    round_column: bool = False,
) -> str:
    """The submissions as KoboToolbox's CSV export with XML values and headers."""
    header_names = [*HEADER, *(["round"] if round_column else [])]
    columns = list(header_names)

    def path(group: str, name: str) -> str:
        return f"{group}/{name}" if groups else name

    for dimension in questionnaire.dimensions:
        for question in dimension.questions:
            columns.append(path(dimension.id, question.id))
            if question.kind == "multi":
                columns += [
                    f"{path(dimension.id, question.id)}/{choice}" for choice in _choices(question)
                ]
            columns.append(path(dimension.id, f"{question.id}_note"))
    columns += KOBO_TAIL
    rows = [columns]
    for number, one in enumerate(sent, start=1):
        row = [one.header.get(name, "") for name in header_names]
        for dimension in questionnaire.dimensions:
            for question in dimension.questions:
                answer = one.answers.get(question.id, Answer(None))
                stored = cell(answer.value)
                row.append(stored)
                if question.kind == "multi":
                    chosen = stored.split()
                    row += [
                        ("1" if choice in chosen else "0") if stored else ""
                        for choice in _choices(question)
                    ]
                row.append(answer.note or "")
        received = one.received.removesuffix("Z").split(".")[0]
        row += [
            str(number),
            one.id,
            received,
            one.review,
            "",
            "submitted_via_web",
            "",
            "v1",
            "",
            "",
        ]
        rows.append(row)
    return _text(rows, delimiter, quote_all=True)

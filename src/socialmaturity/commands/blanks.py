"""Blank answer files: ``template``, and the header options it shares with ``assess``.

A blank lists every question with a comment on what to answer, ready for any editor; with
``--from`` it carries last round's answers into this round's file.
"""

from __future__ import annotations

import sys

from socialmaturity import i18n
from socialmaturity.errors import EXIT_OK, UsageError, print_problems
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.loading import load_response
from socialmaturity.terminal import visible

DEFAULT_QUESTIONNAIRE = "social-maturity"
#: The header options of ``assess`` and ``template`` by file key, in the file's order.
HEADER_OPTIONS = ("organization", "respondent", "role", "date", "round")


def header_options(**given: str | None) -> dict[str, str | None]:
    """Option values trimmed and checked: text that could be saved, a real date."""
    from socialmaturity.interview.session import unsaveable

    header: dict[str, str | None] = {}
    for key in HEADER_OPTIONS:
        value = given.get(key)
        if value is None:
            continue
        value = value.strip()
        problem = unsaveable(value)
        if problem is not None:
            raise UsageError(f"--{key}: {problem.replace('the line', 'the value')}")
        if not value:
            raise UsageError(f"--{key} is empty")
        if key == "date":
            _check_date(value)
        header[key] = value
    return header


def _check_date(value: str) -> None:
    """A ``--date`` that is written YYYY-MM-DD and is a day of the calendar."""
    from socialmaturity.model.scalars import DATE_FORMAT, is_calendar_date

    if not DATE_FORMAT.fullmatch(value):
        raise UsageError(f"--date {value!r}: give a date as YYYY-MM-DD")
    if not is_calendar_date(value):
        raise UsageError(
            f"--date {value!r} is written YYYY-MM-DD but is not a calendar date (there is no "
            "such day)"
        )


def response_schema() -> str:
    """Where editors find the response schema, wherever the file goes: its published URL."""
    from socialmaturity.model.schemas import published_url

    return published_url("response")


def template(
    output: str | None,
    reference: str | None,
    *,
    force: bool,
    header: dict[str, str | None],
    earlier: str | None = None,
    language: str | None = None,
) -> int:
    """``template``: a commented blank response for one questionnaire, to stdout or ``-o``.

    ``language``: its comments in that language (SPEC section 8); the keys never change.

    With ``earlier`` (``--from``), that file's header, answers and notes are carried into the
    new file (migrated first if the questionnaire changed since), with ``date`` and ``round``
    replaced by the options or left empty: next year's round starts from last year's answers.
    """
    from socialmaturity.files import refuse_unwritable, write_atomic
    from socialmaturity.interview.writer import BLANK_KEYS, blank_text

    i18n.use(language)
    catalog = Catalog(language=language)
    if output is not None:
        refuse_unwritable(output, force=force)
    if earlier is None:
        questionnaire = catalog.resolve(reference or DEFAULT_QUESTIONNAIRE)
        text = blank_text(questionnaire, header, response_schema())
    else:
        response, questionnaire = load_response(earlier, catalog, reference)
        print_problems(response.warnings)
        carried: dict[str, str | None] = {
            key: getattr(response, key) for key in ("organization", "respondent", "role")
        }
        carried["assessor"] = response.assessor
        carried.update({key: value for key, value in header.items() if value is not None})
        carried.setdefault("date", None)
        carried.setdefault("round", None)
        text = blank_text(
            questionnaire,
            carried,
            response_schema(),
            blank_keys=(*BLANK_KEYS, "round"),
            answers=response.answers,
        )
        if response.migrated is not None and response.questionnaire_version is not None:
            from socialmaturity.interview.migrated import with_dropped

            # what the migration dropped, kept as migrate keeps it: comments above answers
            text = with_dropped(
                text, questionnaire.version, response.questionnaire_version, response.migrated
            )
    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    write_atomic(output, text, force=force)
    sys.stderr.write(f"wrote {visible(output)}\n")
    return EXIT_OK

"""Reading one response file together with the questionnaire it answers.

Most files take a quick path: a plain file (:mod:`~socialmaturity.model.plain_yaml`) whose header
and answers are all valid, with nothing to warn about, is built straight into a
:class:`~socialmaturity.model.response.Response`. Every other file, and every file when
``SOCIALMATURITY_FULL_READER`` is set, goes through the full path, which locates each problem.
Both give the same response for a valid file; ``tests/test_plain_yaml.py`` checks that they do.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Literal

from socialmaturity.errors import InputError, Location, Problem, SocialMaturityError, input_errors
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.derived import derived
from socialmaturity.model.plain_yaml import read_plain
from socialmaturity.model.questionnaire import Questionnaire
from socialmaturity.model.reading import read_text
from socialmaturity.model.response import (
    ANSWER_KEYS,
    EVIDENCE,
    Answer,
    Response,
    answer_problems,
    is_valid_value,
    load_response_document,
    response_from,
    response_header,
    response_location,
    unanswered_required,
)
from socialmaturity.model.scalars import is_calendar_date

if TYPE_CHECKING:
    from socialmaturity.model.yaml_reader import YamlDocument

#: Set (to anything but empty) to read every response through the full path.
FULL_READER_VARIABLE = "SOCIALMATURITY_FULL_READER"

FileKind = Literal["questionnaire", "response"]


def file_kind(data: object) -> FileKind | None:
    """What a loaded file is, told from its keys: ``dimensions``, else ``answers``, or neither."""
    if isinstance(data, dict) and "dimensions" in data:
        return "questionnaire"
    if isinstance(data, dict) and "answers" in data:
        return "response"
    return None


def load_response(
    path: str,
    catalog: Catalog,
    reference: str | None = None,
    *,
    strict: bool = False,
    text: str | None = None,
) -> tuple[Response, Questionnaire]:
    """Read a response file, find its questionnaire and check the answers against it."""
    if not os.environ.get(FULL_READER_VARIABLE):
        if text is None:
            text = read_text(path)
        quick = _quick_response(path, text, catalog, reference, strict=strict)
        if quick is not None:
            return quick
    doc = load_response_document(path, text=text)
    try:
        header = response_header(doc)
    except InputError as exc:  # report the answers' problems in the same run
        found = [*exc.problems, *_answers_anyway(doc, catalog, reference)]
        found.sort(key=lambda p: (p.location.line or 0) if p.location else 0)
        raise input_errors(found) from None
    questionnaire = catalog.for_response(header.questionnaire, reference, response_location(doc))
    return response_from(doc, header, questionnaire, strict=strict), questionnaire


def _answers_anyway(doc: YamlDocument, catalog: Catalog, reference: str | None) -> list[Problem]:
    """The answers' problems of a response whose header is wrong, where they can be found."""
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        return []
    questionnaire_id = data.get("questionnaire")
    if not isinstance(questionnaire_id, str) and reference is None:
        return []
    try:
        questionnaire = catalog.for_response(
            str(questionnaire_id), reference, response_location(doc)
        )
    except SocialMaturityError:
        return []
    return answer_problems(doc, questionnaire, data["answers"])


_OPTIONAL_TEXT = ("questionnaire_version", "respondent", "role", "assessor", "round")
_HEADER_KEYS = frozenset(("questionnaire", "organization", "date", "answers", *_OPTIONAL_TEXT))


def _quick_response(
    path: str, text: str, catalog: Catalog, reference: str | None, *, strict: bool
) -> tuple[Response, Questionnaire] | None:
    """The response of a plain, valid file with nothing to warn about; None for any other.

    Every condition here is one under which the full path accepts the file without a
    problem or a warning, and builds this same response.
    """
    data = read_plain(text)
    if data is None or not _plain_header(data):
        return None
    try:
        questionnaire = catalog.for_response(data["questionnaire"], reference, Location(path))
    except SocialMaturityError:
        return None
    version = data.get("questionnaire_version")
    if questionnaire.id != data["questionnaire"] or version not in (None, questionnaire.version):
        return None
    answers = _plain_answers(data["answers"], questionnaire)
    if answers is None:
        return None
    if strict and next(unanswered_required(questionnaire, answers), None) is not None:
        return None
    response = Response(
        path=path,
        questionnaire_id=data["questionnaire"],
        questionnaire_version=version,
        organization=data["organization"],
        respondent=data.get("respondent"),
        role=data.get("role"),
        date=data.get("date"),
        assessor=data.get("assessor"),
        answers=answers,
        round=data.get("round"),
    )
    return response, questionnaire


def _plain_header(data: dict[str, Any]) -> bool:
    """Whether the header keys are all there, known and valid (as ``ResponseFile`` checks)."""
    questionnaire = data.get("questionnaire")
    organization = data.get("organization")
    date = data.get("date")
    return (
        data.keys() <= _HEADER_KEYS
        and isinstance(questionnaire, str)
        and questionnaire != ""
        and isinstance(organization, str)
        and organization.strip() != ""
        and (date is None or (isinstance(date, str) and is_calendar_date(date)))
        and isinstance(data.get("answers"), dict)
        and all(isinstance(data.get(key), str | None) for key in _OPTIONAL_TEXT)
    )


def _plain_answers(raw: dict[str, Any], questionnaire: Questionnaire) -> dict[str, Answer] | None:
    """The answers, if every one is to a known question and valid; otherwise None."""
    option_answers = derived(questionnaire, _option_answers_of)
    answers: dict[str, Answer] = {}
    for question_id, given in raw.items():
        options = option_answers.get(question_id)
        if options is not None and type(given) is str and (answer := options.get(given)):
            answers[question_id] = answer  # the usual answer: one of the options
            continue
        found = questionnaire.question_by_id.get(question_id)
        if found is None:
            return None
        question = found[1]
        value, note, evidence = given, None, None
        if isinstance(given, dict):
            note, evidence = given.get("note"), given.get("evidence")
            if (
                not given.keys() <= ANSWER_KEYS
                or not isinstance(note, str | None)
                or (evidence is not None and evidence not in EVIDENCE)
            ):
                return None
            value = given.get("value")
        if not is_valid_value(question, value):
            return None
        answers[question_id] = Answer(
            tuple(value) if isinstance(value, list) else value, note, evidence
        )
    return answers


def _option_answers_of(questionnaire: Questionnaire) -> dict[str, dict[str, Answer]]:
    """One shared answer for each option of each single-choice question.

    A batch builds the same few hundred answers thousands of times; answers cannot change, so
    files share them (a third of the time of checking the answers).
    """
    return {
        question.id: {value: Answer(value) for value in question.option_by_value}
        for _, question in questionnaire.question_by_id.values()
        if question.kind == "single"
    }

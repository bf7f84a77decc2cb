"""Response files: one respondent's answers, checked against their questionnaire (SPEC section 2).

The top-level keys are pydantic models in :mod:`socialmaturity.model.response_file` (which also
give the JSON Schema), loaded only by the full path; the answers are checked by hand against the
questionnaire because what is valid depends on each question's kind, options
and range. Every problem is reported at its ``path:LINE:COL``; a version mismatch is a warning.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from socialmaturity.errors import InputError, Location, Problem, did_you_mean, input_errors
from socialmaturity.model.derived import derived
from socialmaturity.model.questionnaire import Question, Questionnaire
from socialmaturity.model.validation import MAX_REPORTED, describe, shown, validate_model

if TYPE_CHECKING:
    from socialmaturity.model.migration import Migrated
    from socialmaturity.model.response_file import Expectations, ResponseFile
    from socialmaturity.model.yaml_reader import YamlDocument

NA = "na"
Evidence = Literal["seen", "claimed"]
#: What an answer's ``evidence`` may say.
EVIDENCE: tuple[Evidence, ...] = ("seen", "claimed")
#: The keys of an answer written as a mapping.
ANSWER_KEYS = frozenset({"value", "note", "evidence"})
#: What a single answer holds: an option value, "na", a tuple of values (multi) or a number.
AnswerValue = str | tuple[str, ...] | int | None


@dataclass(frozen=True)
class Answer:
    """One answer as given: ``value`` is None when the question is not answered yet."""

    value: AnswerValue
    note: str | None = None
    #: ``seen`` (the consultant saw the evidence) or ``claimed`` (taken on trust), when said.
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Response:
    """A validated response: who answered, when, and their answers by question id."""

    path: str
    questionnaire_id: str
    questionnaire_version: str | None
    organization: str
    respondent: str | None
    role: str | None
    date: str | None
    assessor: str | None
    answers: dict[str, Answer]
    expect: Expectations | None = None
    warnings: tuple[Problem, ...] = field(default=())
    round: str | None = None
    #: What migrating the answers from the file's earlier version did (None: not migrated);
    #: ``template --from`` keeps what was dropped as comments, as ``migrate`` does.
    migrated: Migrated | None = None

    def value(self, question_id: str) -> AnswerValue:
        """The answer's value, None when unanswered."""
        answer = self.answers.get(question_id)
        return None if answer is None else answer.value


def load_response_document(path: str | Path, *, text: str | None = None) -> YamlDocument:
    """Read a response file's YAML (anchors and aliases refused)."""
    from socialmaturity.model.yaml_reader import load_yaml  # PyYAML: only to read a file

    return load_yaml(path, allow_aliases=False, text=text)


def response_header(doc: YamlDocument, *, expect: bool = False) -> ResponseFile:
    """Validate the keys of a response document, without looking at the questionnaire.

    The ``expect:`` block is read only with ``expect`` (``check``, and ``validate``, which checks
    the whole file): SPEC 2 says only ``check`` reads it, so scoring or reporting a regression
    case never fails on what it expects.
    """
    from socialmaturity.model.response_file import KNOWN_KEYS, ResponseFile

    data = doc.data
    if not expect and isinstance(data, dict) and "expect" in data:
        doc = replace(doc, data={k: v for k, v in data.items() if k != "expect"})
    return validate_model(ResponseFile, doc, known_keys=KNOWN_KEYS)


def response_from(
    doc: YamlDocument, header: ResponseFile, questionnaire: Questionnaire, *, strict: bool = False
) -> Response:
    """Check a response's answers against its questionnaire and build the :class:`Response`."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    if header.questionnaire != questionnaire.id:
        raise InputError(
            f"this response is for questionnaire '{header.questionnaire}', "
            f"not '{questionnaire.id}'",
            doc.locate(("questionnaire",)),
        )
    raw_answers: dict[str, Any] = header.answers
    sources: dict[str, str] = {}
    migrated: Migrated | None = None
    version = header.questionnaire_version
    if version is not None and version != questionnaire.version:
        migration = questionnaire.migration_by_version.get(version)
        if migration is None:
            warnings.append(
                Problem(
                    f"answered with version {version} of '{questionnaire.id}', "
                    f"scored with version {questionnaire.version}",
                    doc.locate(("questionnaire_version",)),
                    severity="warning",
                )
            )
        else:
            from socialmaturity.model.migration import migrate_answers

            migrated = migrate_answers(questionnaire, migration, header.answers)
            raw_answers, sources = migrated.answers, migrated.sources
            dropped = "; ".join(str(d) for d in migrated.dropped) or "nothing"
            warnings.append(
                Problem(
                    f"answered with version {version} of '{questionnaire.id}', migrated to "
                    f"{questionnaire.version} in memory (socialmaturity migrate rewrites the "
                    f"file); dropped: {dropped}",
                    doc.locate(("questionnaire_version",)),
                    severity="warning",
                )
            )
    answers: dict[str, Answer] = {}
    unknown: list[str] = []
    option_answers = derived(questionnaire, _option_answers)
    for question_id, raw in raw_answers.items():
        options = option_answers.get(question_id)
        if options is not None and type(raw) is str and (answer := options.get(raw)) is not None:
            answers[question_id] = answer  # the usual answer: one of a single question's options
            continue
        found = questionnaire.question_by_id.get(question_id)
        if found is None:
            unknown.append(question_id)
            if len(unknown) <= MAX_REPORTED:
                problems.append(_unknown_question(doc, questionnaire, question_id))
            continue
        answer, found_problems = _check_answer(
            doc, found[1], raw, sources.get(question_id, question_id)
        )
        problems.extend(found_problems)
        if answer is not None:
            answers[question_id] = answer
    if len(unknown) > MAX_REPORTED:
        problems.append(
            Problem(
                f"and {len(unknown) - MAX_REPORTED:,} more unknown questions",
                doc.locate(("answers", unknown[MAX_REPORTED]), key=True),
            )
        )
    for question in unanswered_required(questionnaire, answers) if strict else ():
        in_file = question.id in raw_answers
        source = sources.get(question.id, question.id)
        where = ("answers", source) if in_file else ("answers",)
        problems.append(
            Problem(
                f"required question '{question.id}' is not answered (--strict)",
                doc.locate(where, key=in_file),
            )
        )
    if problems:
        raise input_errors(problems)
    return Response(
        path=doc.path,
        questionnaire_id=header.questionnaire,
        questionnaire_version=header.questionnaire_version,
        organization=header.organization,
        respondent=header.respondent,
        role=header.role,
        date=header.date,
        assessor=header.assessor,
        answers=answers,
        expect=header.expect,
        warnings=tuple(warnings),
        round=header.round,
        migrated=migrated,
    )


def _option_answers(questionnaire: Questionnaire) -> dict[str, dict[str, Answer]]:
    """One shared answer for each option of each single-choice question, by question id.

    A batch builds the same few hundred answers thousands of times; answers cannot change, so
    files share them (a third of the time of checking the answers).
    """
    return {
        question.id: {value: Answer(value) for value in question.option_by_value}
        for _, question in questionnaire.question_by_id.values()
        if question.kind == "single"
    }


def unanswered_required(
    questionnaire: Questionnaire, answers: dict[str, Answer]
) -> Iterator[Question]:
    """The required questions without an answer: what ``--strict`` refuses."""
    for dimension in questionnaire.dimensions:
        for question in dimension.questions:
            if question.required and answers.get(question.id, Answer(None)).value is None:
                yield question


def answer_problems(
    doc: YamlDocument, questionnaire: Questionnaire, answers: dict[str, Any]
) -> list[Problem]:
    """Every problem of raw answers against a questionnaire (used when the header is wrong).

    A key that is not text is the header's problem, reported there: it is passed over here.
    """
    problems: list[Problem] = []
    unknown = 0
    for question_id, raw in answers.items():
        if not isinstance(question_id, str):
            continue
        found = questionnaire.question_by_id.get(question_id)
        if found is None:
            unknown += 1
            if unknown <= MAX_REPORTED:
                problems.append(_unknown_question(doc, questionnaire, question_id))
            continue
        problems.extend(_check_answer(doc, found[1], raw)[1])
    return problems


def _unknown_question(doc: YamlDocument, questionnaire: Questionnaire, question_id: str) -> Problem:
    message = f"unknown question '{question_id}' in questionnaire '{questionnaire.id}'"
    message += did_you_mean(question_id, questionnaire.question_by_id)
    return Problem(message, doc.locate(("answers", question_id), key=True))


def _check_answer(
    doc: YamlDocument, question: Question, raw: Any, source: str | None = None
) -> tuple[Answer | None, list[Problem]]:
    """Check one raw answer; ``source`` is its id in the file (before a migration renamed it)."""
    if not isinstance(raw, dict) and is_valid_value(question, raw):
        return Answer(tuple(raw) if isinstance(raw, list) else raw), []  # no message to build
    loc: tuple[str | int, ...] = ("answers", source or question.id)
    note: str | None = None
    evidence: Evidence | None = None
    value = raw
    if isinstance(raw, dict):
        extra = [key for key in raw if key not in ANSWER_KEYS]
        problems = [
            Problem(
                f"unknown key '{key}' in the answer to '{question.id}' "
                "(an answer mapping has only value, note and evidence)",
                doc.locate((*loc, key), key=True),
            )
            for key in extra[:MAX_REPORTED]
        ]
        if len(extra) > MAX_REPORTED:
            problems.append(
                Problem(
                    f"and {len(extra) - MAX_REPORTED:,} more unknown keys in the answer to "
                    f"'{question.id}'",
                    doc.locate((*loc, extra[MAX_REPORTED]), key=True),
                )
            )
        note = raw.get("note")
        if note is not None and not isinstance(note, str):
            problems.append(
                Problem(f"a note must be text, not {describe(note)}", doc.locate((*loc, "note")))
            )
        evidence = raw.get("evidence")
        if evidence is not None and evidence not in EVIDENCE:
            problems.append(
                Problem(
                    f"evidence must be seen or claimed, not {describe(evidence)}",
                    doc.locate((*loc, "evidence")),
                )
            )
        if problems:
            return None, problems
        value = raw.get("value")
        loc = (*loc, "value")
    found = value_problems(question, value)
    checked = list(islice(found, MAX_REPORTED))
    if checked:
        problems = [
            Problem(message, doc.locate(loc if item is None else (*loc, item)))
            for message, item in checked
        ]
        first_more = next(found, None)
        if first_more is not None:
            more = 1 + sum(1 for _ in found)
            problems.append(
                Problem(
                    f"and {more:,} more problems in the answer to '{question.id}'",
                    doc.locate(loc if first_more[1] is None else (*loc, first_more[1])),
                )
            )
        return None, problems
    if isinstance(value, list):
        value = tuple(value)
    return Answer(value, note, evidence), []


def is_valid_value(question: Question, value: Any) -> bool:
    """Whether :func:`value_problems` would find nothing wrong, told without building messages.

    The first test of every answer, as answers are almost always right; the two are kept in
    agreement by a property test.
    """
    if value is None:
        return True
    if value == NA:
        return question.allow_na
    if question.kind == "scale":
        return type(value) is int and (question.min or 0) <= value <= (question.max or 0)
    options = question.option_by_value
    if question.kind == "single":
        return type(value) is str and value in options
    return (
        type(value) is list
        and all(type(item) is str and item in options for item in value)
        and len(set(value)) == len(value)
    )


def value_problems(question: Question, value: Any) -> Iterator[tuple[str, int | None]]:
    """What is wrong with an answer value: messages, each with the list index it is about."""
    if value is None:
        return
    qid = question.id
    if value == NA:
        if not question.allow_na:
            yield f"'{qid}' does not allow na (the questionnaire sets no allow_na for it)", None
        return
    if question.kind == "scale":
        if isinstance(value, bool) or not isinstance(value, int):
            yield (
                (
                    f"'{qid}' is a scale question: the answer must be a whole number from "
                    f"{shown(question.min)} to {shown(question.max)}, not {describe(value)}"
                ),
                None,
            )
        elif not (question.min or 0) <= value <= (question.max or 0):
            yield (
                f"{shown(value)} is out of range for '{qid}' "
                f"({shown(question.min)}..{shown(question.max)})",
                None,
            )
        return
    options = question.option_by_value
    choices = ", ".join(options)
    if question.kind == "single":
        if isinstance(value, list):
            yield f"'{qid}' takes one answer, not a list (options: {choices})", None
        elif not isinstance(value, str):
            yield f"'{qid}' takes one of the options ({choices}), not {describe(value)}", None
        elif value not in options:
            hint = did_you_mean(value, options)
            yield f"unknown option '{value}' for '{qid}'{hint} (options: {choices})", None
        return
    if not isinstance(value, list):
        example = next(iter(options))
        yield f"'{qid}' takes a list of options, e.g. [{example}], not {describe(value)}", None
        return
    seen: set[str] = set()
    for index, item in enumerate(value):
        if not isinstance(item, str):
            yield f"'{qid}' takes option values ({choices}), not {describe(item)}", index
        elif item not in options:
            hint = did_you_mean(item, options)
            yield f"unknown option '{item}' for '{qid}'{hint} (options: {choices})", index
        elif item in seen:
            yield f"option '{item}' is repeated in the answer to '{qid}'", index
        else:
            seen.add(item)


def response_location(doc: YamlDocument) -> Location:
    """Where the ``questionnaire:`` key is, for errors about finding the questionnaire."""
    return doc.locate(("questionnaire",))

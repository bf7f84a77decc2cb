"""What an organization view keeps of each response: a few facts and its answers, compactly.

``trend`` and ``score --by organization`` cannot close a round before every file is read (the
respondents of one organization may come in any order), so they keep something of each file. A
full :class:`~socialmaturity.engine.scoring.Result` holds the response with all its answers
(some 35 KiB a file); a :class:`Respondent` holds only what combining and its outputs read: who
answered, when, in which round, each dimension's score and caps, and each answer as a small
number (one byte a question for most questionnaires). The distinct answers to each question,
with their norms, are kept once per questionnaire in its :class:`AnswerBook`, so a norm is
computed once per distinct answer, never again per respondent.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Sequence
from typing import NamedTuple, TypeVar

from socialmaturity.engine.scoring import CapHit, Result, norm_of
from socialmaturity.model.questionnaire import Question, Questionnaire
from socialmaturity.model.response import AnswerValue

#: Stands for a dimension without a score in :attr:`Respondent.scores` (scores are finite).
NO_SCORE = math.nan
#: An answer's code when the question is unanswered; given answers are numbered from 1.
UNANSWERED = 0

Text = TypeVar("Text", str, tuple[str, str])


class AnswerBook:
    """The distinct answers given to each question of one questionnaire, numbered, with norms.

    Questions are numbered across the questionnaire in order (the first dimension's first).
    """

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        self.questions: tuple[Question, ...] = tuple(
            question for dimension in questionnaire.dimensions for question in dimension.questions
        )
        self._codes: list[dict[AnswerValue, int]] = [{} for _ in self.questions]
        #: Per question, by code: the answer and its norm (None when unanswered or na).
        self.answers: list[list[tuple[AnswerValue, float | None]]] = [
            [(None, None)] for _ in self.questions
        ]

    def code(self, index: int, value: AnswerValue) -> int:
        """The number of ``value`` among the answers to question ``index``."""
        if value is None:
            return UNANSWERED
        codes = self._codes[index]
        found = codes.get(value)
        if found is None:
            answers = self.answers[index]
            found = codes[value] = len(answers)
            answers.append((value, norm_of(self.questions[index], value)))
        return found


class Respondent(NamedTuple):
    """One response as organization views need it (no answers kept as objects of their own)."""

    book: AnswerBook
    key: tuple[str, str]  # questionnaire id, organization folded
    organization: str
    round: str | None  # as named, trimmed; None when unnamed
    date: str | None
    path: str
    name: str | None  # the respondent as written (or their anonymous label)
    role: str | None
    version: str  # the questionnaire version the response says it answers
    scores: array[float]  # per dimension; NO_SCORE where none
    caps: tuple[tuple[CapHit, ...], ...]  # per dimension, the chosen capping options
    codes: bytes | array[int]  # per question, in questionnaire order: AnswerBook codes

    @property
    def questionnaire(self) -> Questionnaire:
        """The questionnaire the response was scored against."""
        return self.book.questionnaire

    @property
    def label(self) -> str:
        """How the respondent is named in disagreements: their name, else their file."""
        return self.name or self.path

    def score(self, index: int) -> float | None:
        """The score of dimension ``index``, or None."""
        score = self.scores[index]
        return None if math.isnan(score) else score

    def value(self, index: int) -> AnswerValue:
        """The answer to question ``index`` (numbered across the questionnaire)."""
        return self.book.answers[index][self.codes[index]][0]


def _packed(codes: list[int]) -> bytes | array[int]:
    """Codes in as few bytes as they fit: one each for most questionnaires."""
    if max(codes, default=0) < 256:
        return bytes(codes)
    return array("H" if max(codes) < 65536 else "Q", codes)


class Gatherer:
    """Turns results into respondents as files stream, sharing what repeats among them.

    Organizations, dates, roles, rounds and versions repeat from file to file: each is kept
    once; so are the capping options chosen and each questionnaire's :class:`AnswerBook`.
    """

    def __init__(self) -> None:
        self._books: dict[int, AnswerBook] = {}
        self._texts: dict[object, object] = {}
        self._caps: dict[tuple[tuple[CapHit, ...], ...], tuple[tuple[CapHit, ...], ...]] = {}

    def _once(self, text: Text) -> Text:
        found: Text = self._texts.setdefault(text, text)  # type: ignore[assignment]
        return found

    def book(self, questionnaire: Questionnaire) -> AnswerBook:
        """The answer book of this very questionnaire object."""
        book = self._books.get(id(questionnaire))
        if book is None or book.questionnaire is not questionnaire:
            book = self._books[id(questionnaire)] = AnswerBook(questionnaire)
        return book

    def respondent(self, result: Result) -> Respondent:
        """What organization views keep of ``result``."""
        q = result.questionnaire
        book = self.book(q)
        response = result.response
        codes: list[int] = []
        for dimension in result.dimensions:
            answers = dimension.answers or {}
            for question in dimension.dimension.questions:
                answer = answers.get(question.id)
                codes.append(book.code(len(codes), None if answer is None else answer.value))
        caps = tuple(tuple(dimension.caps) for dimension in result.dimensions)
        once = self._once
        organization = response.organization if response else ""
        name = response.round.strip() if response and response.round else ""
        return Respondent(
            book,
            once((q.id, organization.strip().casefold())),
            once(organization),
            once(name) if name else None,
            once(response.date) if response and response.date else None,
            response.path if response else "",
            response.respondent if response else None,
            once(response.role) if response and response.role else None,
            once((response.questionnaire_version if response else None) or q.version),
            array("d", (NO_SCORE if d.score is None else d.score for d in result.dimensions)),
            self._caps.setdefault(caps, caps),
            _packed(codes),
        )


def respondents_of(results: Iterable[Result]) -> list[Respondent]:
    """Each result as a respondent (for a few results at once: a report's respondents)."""
    gatherer = Gatherer()
    return [gatherer.respondent(result) for result in results]


def renamed(respondents: Sequence[Respondent], names: Sequence[str]) -> list[Respondent]:
    """The respondents under other names (``--anonymous``: their labels by role)."""
    return [r._replace(name=name) for r, name in zip(respondents, names, strict=True)]

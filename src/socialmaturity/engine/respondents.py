"""What an organization view keeps of each response: a few facts and its answers, compactly.

``trend`` and ``score --by organization`` cannot close a round before every file is read (the
respondents of one organization may come in any order), so they keep something of each file. A
full :class:`~socialmaturity.engine.scoring.Result` holds the response with all its answers
(about 9 KiB a file of the bundled questionnaire). :class:`Respondents` keeps only what combining
and its outputs read: who answered, when, in which round, each dimension's score, and each
answer as a small number (one byte a question for most questionnaires), all in a few flat arrays
that grow as files come, so what is kept is not scattered among what each file left behind
(about 300 bytes a file). The distinct answers to each question are kept once per questionnaire
in its :class:`AnswerBook`, with their norms and caps, so a norm is computed once per distinct
answer, never again per respondent.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from socialmaturity.engine.scoring import CapHit, Result, norm_of
from socialmaturity.model.questionnaire import Question, Questionnaire
from socialmaturity.model.response import AnswerValue

#: Stands for a dimension without a score among the kept scores (scores are finite).
NO_SCORE = math.nan
#: An answer's code when the question is unanswered; given answers are numbered from 1.
UNANSWERED = 0


def organization_key(questionnaire_id: str, organization: str) -> tuple[str, str]:
    """Whose assessment a response is part of: questionnaire id, organization (folded)."""
    return (questionnaire_id, organization.strip().casefold())


def assessment_key(result: Result) -> tuple[str, str]:
    """The :func:`organization_key` of a scored response."""
    response = result.response
    return organization_key(result.questionnaire.id, response.organization if response else "")


def round_name(written: str | None) -> str | None:
    """The round a response names, trimmed; None when it names none."""
    return (written or "").strip() or None


class Kept(NamedTuple):
    """What an organization view keeps of one scored response, as plain data.

    Made where the response is scored (:func:`kept_of`), in a ``--jobs`` worker too, which sends
    it to the command instead of the whole result; the command keeps it with the questionnaire
    it finds by the same id (:meth:`Respondents.keep`).
    """

    questionnaire: str  # its id
    organization: str
    round: str | None  # trimmed; None when it names none
    date: str | None
    role: str | None
    version: str  # the version the response says it answers, else the questionnaire's
    path: str
    name: str | None
    scores: tuple[float | None, ...]  # per dimension
    values: tuple[AnswerValue, ...]  # per question of the questionnaire, in order
    caps: tuple[tuple[CapHit, ...], ...]  # the capping options chosen, per dimension


def kept_of(result: Result) -> Kept:
    """What an organization view keeps of ``result``."""
    q = result.questionnaire
    response = result.response
    values: list[AnswerValue] = []
    for dimension in result.dimensions:
        answers = dimension.answers or {}
        for question in dimension.dimension.questions:
            answer = answers.get(question.id)
            values.append(None if answer is None else answer.value)
    scores = tuple(d.score for d in result.dimensions)
    caps = tuple(d.caps for d in result.dimensions)
    if response is None:  # scored from answers alone
        return Kept(q.id, "", None, None, None, q.version, "", None, scores, tuple(values), caps)
    return Kept(
        q.id,
        response.organization,
        round_name(response.round),
        response.date,
        response.role,
        response.questionnaire_version or q.version,
        response.path,
        response.respondent,
        scores,
        tuple(values),
        caps,
    )


class Answer(NamedTuple):
    """One distinct answer to a question: its value, norm and the cap it chooses, if any."""

    value: AnswerValue
    norm: float | None
    cap: CapHit | None


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
        #: Per question, by code: the answer (code 0: unanswered).
        self.answers: list[list[Answer]] = [[Answer(None, None, None)] for _ in self.questions]
        #: Per dimension, the numbers of its questions with an answer that chose a cap, in order.
        self.capping: list[list[int]] = [[] for _ in questionnaire.dimensions]

    def code(self, index: int, value: AnswerValue, caps: Sequence[CapHit], dim: int) -> int:
        """The number of ``value`` among the answers to question ``index``.

        ``caps`` are the capping options that scoring found chosen in its dimension ``dim``: a
        new answer keeps the one it chose (looked for only then, as most answers repeat).
        """
        if value is None:
            return UNANSWERED
        codes = self._codes[index]
        found = codes.get(value)
        if found is None:
            question = self.questions[index]
            answers = self.answers[index]
            found = codes[value] = len(answers)
            cap = next((hit for hit in caps if hit.question == question.id), None)
            answers.append(Answer(value, norm_of(question, value), cap))
            if cap is not None and index not in self.capping[dim]:
                self.capping[dim].append(index)
                self.capping[dim].sort()
        return found


class _Texts:
    """Texts that repeat from file to file (organizations, dates, roles), each kept once."""

    def __init__(self) -> None:
        self.texts: list[str | None] = [None]
        self._numbers: dict[str, int] = {}

    def number(self, text: str | None) -> int:
        if text is None:
            return 0
        found = self._numbers.get(text)
        if found is None:
            found = self._numbers[text] = len(self.texts)
            self.texts.append(text)
        return found


class _Column:
    """Texts of their own (file paths, names), one after the other in one buffer."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._ends = array("Q")
        self._given = bytearray()  # 0 where the text is None

    def append(self, text: str | None) -> None:
        self._buffer += (text or "").encode("utf-8", "surrogatepass")
        self._ends.append(len(self._buffer))
        self._given.append(text is not None)

    def __getitem__(self, index: int) -> str | None:
        if not self._given[index]:
            return None
        start = self._ends[index - 1] if index else 0
        return self._buffer[start : self._ends[index]].decode("utf-8", "surrogatepass")


class Respondents:
    """Respondents kept as files stream, then read back by number.

    :meth:`add` keeps a result; :meth:`keep`, what was kept of one where it was scored.
    """

    def __init__(self) -> None:
        self._books: list[AnswerBook] = []
        self._texts = _Texts()
        self._keys: list[tuple[str, str]] = []
        self._key_numbers: dict[tuple[str, str], int] = {}
        self._book = array("H")
        #: texts by number in ``_texts``: organization, round, date, role, version
        self._facts = [array("I") for _ in range(5)]
        self._key = array("I")
        self._paths = _Column()
        self._names = _Column()
        self._scores = array("d")
        self._score_starts = array("Q")
        self._codes: array[int] = array("B")
        self._code_starts = array("Q")
        self._renamed: list[str] | None = None

    def __len__(self) -> int:
        return len(self._key)

    def __iter__(self) -> Iterator[Respondent]:
        return (Respondent(self, n) for n in range(len(self)))

    def _book_of(self, questionnaire: Questionnaire) -> int:
        for n, book in enumerate(self._books):
            if book.questionnaire is questionnaire:
                return n
        self._books.append(AnswerBook(questionnaire))
        return len(self._books) - 1

    def add(self, result: Result) -> None:
        """Keep what organization views need of ``result`` (and nothing that refers to it)."""
        self.keep(kept_of(result), result.questionnaire)

    def keep(self, kept: Kept, questionnaire: Questionnaire) -> None:
        """Keep ``kept``, a response scored against ``questionnaire`` (:func:`kept_of`)."""
        number = self._book_of(questionnaire)
        book = self._books[number]
        key = organization_key(questionnaire.id, kept.organization)
        if key not in self._key_numbers:
            self._key_numbers[key] = len(self._keys)
            self._keys.append(key)
        facts = (kept.organization, kept.round, kept.date, kept.role, kept.version)
        codes: list[int] = []
        values = kept.values
        for dim, dimension in enumerate(questionnaire.dimensions):
            caps = kept.caps[dim]
            for _ in dimension.questions:
                codes.append(book.code(len(codes), values[len(codes)], caps, dim))
        if max(codes, default=0) >= 1 << (8 * self._codes.itemsize):
            self._codes = array("H" if max(codes) < 1 << 16 else "Q", self._codes)
        self._book.append(number)
        self._key.append(self._key_numbers[key])
        for column, text in zip(self._facts, facts, strict=True):
            column.append(self._texts.number(text))
        self._paths.append(kept.path)
        self._names.append(kept.name)
        self._score_starts.append(len(self._scores))
        self._scores.extend(NO_SCORE if score is None else score for score in kept.scores)
        self._code_starts.append(len(self._codes))
        self._codes.extend(codes)

    def rename(self, names: Sequence[str]) -> None:
        """Name the respondents otherwise, in order (``--anonymous``: by role)."""
        self._renamed = list(names)


class Respondent:
    """One kept response, read from :class:`Respondents` when asked."""

    __slots__ = ("_kept", "_n")

    def __init__(self, kept: Respondents, n: int) -> None:
        self._kept = kept
        self._n = n

    def _fact(self, which: int) -> str | None:
        kept = self._kept
        return kept._texts.texts[kept._facts[which][self._n]]

    @property
    def book(self) -> AnswerBook:
        """The answers given to the questionnaire the response was scored against."""
        return self._kept._books[self._kept._book[self._n]]

    @property
    def questionnaire(self) -> Questionnaire:
        """The questionnaire the response was scored against."""
        return self.book.questionnaire

    @property
    def key(self) -> tuple[str, str]:
        """Whose assessment it is part of: questionnaire id, organization folded."""
        return self._kept._keys[self._kept._key[self._n]]

    @property
    def organization(self) -> str:
        """The organization as written."""
        return self._fact(0) or ""

    @property
    def round(self) -> str | None:
        """The round it names, trimmed; None when it names none."""
        return self._fact(1)

    @property
    def date(self) -> str | None:
        """When it was answered."""
        return self._fact(2)

    @property
    def role(self) -> str | None:
        """The respondent's role."""
        return self._fact(3)

    @property
    def version(self) -> str:
        """The questionnaire version the response says it answers."""
        return self._fact(4) or ""

    @property
    def path(self) -> str:
        """The response file."""
        return self._kept._paths[self._n] or ""

    @property
    def name(self) -> str | None:
        """The respondent as written (or as renamed)."""
        renamed = self._kept._renamed
        return renamed[self._n] if renamed is not None else self._kept._names[self._n]

    @property
    def label(self) -> str:
        """How the respondent is named in disagreements: their name, else their file."""
        return self.name or self.path

    def score(self, dim: int) -> float | None:
        """The score of dimension number ``dim``, or None."""
        kept = self._kept
        score = kept._scores[kept._score_starts[self._n] + dim]
        return None if math.isnan(score) else score

    def codes(self) -> Sequence[int]:
        """Each question's answer as its number in :attr:`book`, in questionnaire order."""
        kept = self._kept
        start = kept._code_starts[self._n]
        return kept._codes[start : start + len(self.book.questions)]

    def caps(self, dim: int, codes: Sequence[int]) -> list[CapHit]:
        """The capping options chosen in dimension number ``dim`` (``codes``: :meth:`codes`)."""
        book = self.book
        return [
            cap for n in book.capping[dim] if (cap := book.answers[n][codes[n]].cap) is not None
        ]

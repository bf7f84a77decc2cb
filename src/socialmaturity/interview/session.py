"""The interview behind ``assess``: which question comes next, what a typed line means, saving.

The person is reached only through :class:`Conversation` (show text, read a line), so the flow can
be driven by a terminal, by scripted stdin, or by tests, and the scoring core never imports prompt
code. The answer file is written atomically after every answer: an interrupted interview loses at
most the answer being typed, and running it again resumes with what is unanswered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from socialmaturity.interview.writer import response_text
from socialmaturity.model.questionnaire import Dimension, Question, Questionnaire
from socialmaturity.model.response import NA, Answer, AnswerValue, Response

BACK = "<"
HELP = "?"
NOTE_SEPARATOR = " # "


class Conversation(Protocol):
    """How the interview talks to the person."""

    def show_question(self, step: Step, answer: Answer | None) -> None:
        """Present a question (with its options, progress and any earlier answer)."""

    def show(self, message: str, *, style: str = "") -> None:
        """Say something: help, an explanation of a bad line, a status."""

    def read(self, prompt: str) -> str | None:
        """One line typed by the person, without its line break; None when input has ended."""


@dataclass(frozen=True)
class Step:
    """A question in interview order, with where it stands."""

    number: int
    total: int
    dimension: Dimension
    question: Question


@dataclass(frozen=True)
class Parsed:
    """What a typed line means: an answer, a skip, back, help, or a mistake to explain."""

    kind: str  # "answer" | "skip" | "back" | "help" | "invalid"
    value: AnswerValue = None
    note: str | None = None
    problem: str = ""


def parse_line(question: Question, line: str) -> Parsed:
    """Interpret one line of input for a question (SPEC section 4, ``assess``)."""
    if line.strip().startswith("#"):  # only a note: the question stays unanswered
        text, note_text = "", line.strip()[1:]
    else:
        text, _, note_text = line.partition(NOTE_SEPARATOR)
    text = text.strip()
    note = note_text.strip() or None
    if text == BACK:
        return Parsed("back")
    if text == HELP:
        return Parsed("help")
    if not text:
        return Parsed("skip", note=note)
    if text.lower() == NA:
        if not question.allow_na:
            return Parsed("invalid", problem="this question cannot be answered with na")
        return Parsed("answer", NA, note)
    if question.kind == "scale":
        return _parse_scale(question, text, note)
    options = question.options or []
    parts = [part.strip() for part in text.split(",")]
    numbers: list[int] = []
    for part in parts:
        if not part.isdigit():
            return Parsed("invalid", problem=f"{part!r} is not an option number")
        numbers.append(int(part))
    if question.kind == "single":
        if len(numbers) != 1:
            return Parsed("invalid", problem="choose one option")
        if not 1 <= numbers[0] <= len(options):
            return Parsed("invalid", problem=f"choose a number from 1 to {len(options)}")
        return Parsed("answer", options[numbers[0] - 1].value, note)
    if numbers == [0]:
        return Parsed("answer", (), note)
    if any(not 1 <= n <= len(options) for n in numbers):
        return Parsed(
            "invalid", problem=f"use numbers from 1 to {len(options)}, or 0 for none of them"
        )
    if len(set(numbers)) != len(numbers):
        return Parsed("invalid", problem="each option can be chosen once")
    return Parsed("answer", tuple(options[n - 1].value for n in numbers), note)


def _parse_scale(question: Question, text: str, note: str | None) -> Parsed:
    low, high = question.min or 0, question.max or 0
    try:
        value = int(text)
    except ValueError:
        return Parsed("invalid", problem=f"give a whole number from {low} to {high}")
    if not low <= value <= high:
        return Parsed("invalid", problem=f"{value} is outside {low} to {high}")
    return Parsed("answer", value, note)


class InputEnded(Exception):
    """Input ended before the last question (the answers so far are saved)."""


@dataclass
class Interview:
    """One respondent's interview: the answers so far and where to save them."""

    questionnaire: Questionnaire
    save: Callable[[str], None]
    organization: str
    respondent: str | None = None
    role: str | None = None
    date: str | None = field(default_factory=lambda: dt.date.today().isoformat())
    assessor: str | None = None
    answers: dict[str, Answer] = field(default_factory=dict)

    @classmethod
    def resume(
        cls, questionnaire: Questionnaire, save: Callable[[str], None], response: Response
    ) -> Interview:
        """Carry on with an existing response file."""
        return cls(
            questionnaire,
            save,
            response.organization,
            response.respondent,
            response.role,
            response.date,
            response.assessor,
            dict(response.answers),
        )

    def steps(self) -> list[Step]:
        """Every question in interview order, dimension by dimension."""
        questions = [
            (dimension, question)
            for dimension in self.questionnaire.dimensions
            for question in dimension.questions
        ]
        return [
            Step(n, len(questions), dimension, question)
            for n, (dimension, question) in enumerate(questions, start=1)
        ]

    def pending(self) -> list[Step]:
        """The questions still unanswered: what a (resumed) interview asks."""
        return [
            s for s in self.steps() if self.answers.get(s.question.id, Answer(None)).value is None
        ]

    def write(self) -> None:
        """Save the answers so far (atomically, through ``save``)."""
        self.save(
            response_text(
                self.questionnaire,
                self.answers,
                organization=self.organization,
                respondent=self.respondent,
                role=self.role,
                date=self.date,
                assessor=self.assessor,
            )
        )

    def run(self, conversation: Conversation) -> None:
        """Ask every unanswered question; save after each answer.

        Raises :class:`InputEnded` when input ends early; KeyboardInterrupt passes through (the
        answers given so far are already saved).
        """
        asked = self.pending()
        self.write()
        position = 0
        shown = -1
        while position < len(asked):
            step = asked[position]
            if shown != position:  # after help or a mistake, only ask again
                conversation.show_question(step, self.answers.get(step.question.id))
                shown = position
            line = conversation.read("answer")
            if line is None:
                raise InputEnded
            parsed = parse_line(step.question, line)
            if parsed.kind == "help":
                conversation.show(step.question.help or "No help for this question.", style="help")
                continue
            if parsed.kind == "invalid":
                conversation.show(f"Not understood: {parsed.problem}.", style="error")
                continue
            if parsed.kind == "back":
                if position == 0:
                    conversation.show("This is the first question.", style="error")
                else:
                    position -= 1
                continue
            earlier = self.answers.get(step.question.id)
            note = parsed.note or (earlier.note if earlier else None)  # a note is kept
            value = parsed.value if parsed.kind == "answer" else None  # a skip clears the value
            if value is None and note is None:
                self.answers.pop(step.question.id, None)
            else:
                self.answers[step.question.id] = Answer(value, note)
            self.write()
            position += 1

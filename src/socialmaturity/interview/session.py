"""The interview behind ``assess``: which question comes next, what a typed line means, saving.

The person is reached only through :class:`Conversation` (show text, read a line), so the flow can
be driven by a terminal, by scripted stdin, or by tests, and the scoring core never imports prompt
code. The answer file is written atomically after every answer: an interrupted interview loses at
most the answer being typed, and running it again resumes with what is unanswered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from socialmaturity.i18n import _
from socialmaturity.interview.writer import saved_text
from socialmaturity.model.questionnaire import Dimension, Question, Questionnaire
from socialmaturity.model.response import NA, Answer, AnswerValue, Response
from socialmaturity.terminal import visible

BACK = "<"
HELP = "?"
CLEAR = "-"
#: Stops the interview: what was answered is saved, and the resume command is shown.
QUIT = "q"
#: ``:N`` or ``:question_id`` jumps to that question.
JUMP = ":"
#: A note follows the answer after this (`` # `` reads best; no spaces are needed).
NOTE_MARK = "#"

#: Characters a typed line may not hold: they could not be saved and read back (controls, the
#: non-characters U+FFFE/U+FFFF, line separators, and bytes that were not UTF-8).
_UNSAVEABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


#: A typed whole number: ASCII digits only (``str.isdigit`` takes ``²`` and ``①``, which ``int``
#: refuses; ``int`` takes ``1_000``), and few enough of them that ``int`` never refuses the length.
_WHOLE = re.compile(r"-?[0-9]{1,30}")


def whole_number(text: str, *, signed: bool = False) -> int | None:
    """``text`` as a whole number typed in plain digits (a minus only if ``signed``), or None."""
    if _WHOLE.fullmatch(text) is None or (not signed and not text[0].isdigit()):
        return None
    return int(text)


def unsaveable(text: str) -> str | None:
    """Why ``text`` cannot be stored in an answer file, or None when it can."""
    found = _UNSAVEABLE.search(text)
    if found is None:
        return None
    char = found.group()
    if "\ud800" <= char <= "\udfff":
        return _("the line is not valid UTF-8 text")
    return _("the line holds a control character ({char}); type plain text").format(
        char=visible(char)
    )


class Conversation(Protocol):
    """How the interview talks to the person."""

    def show_question(self, step: Step, answer: Answer | None) -> None:
        """Present a question (with its options, progress and any earlier answer)."""

    def show(self, message: str, *, style: str = "") -> None:
        """Say something: help, an explanation of a bad line, a status."""

    def read(self, prompt: str) -> str | None:
        """One line typed by the person, without its line break; None when input has ended."""

    def show_levels(self, rows: list[tuple[str, str, str]]) -> None:
        """The end screen: each dimension's level and score, the overall row last."""


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

    kind: str  # "answer" | "skip" | "clear" | "back" | "help" | "jump" | "quit" | "invalid"
    value: AnswerValue = None
    note: str | None = None
    problem: str = ""
    target: str = ""  # of a jump: a question's number or id, as typed


def parse_line(question: Question, line: str) -> Parsed:
    """Interpret one line of input for a question (SPEC section 4, ``assess``)."""
    problem = unsaveable(line)
    if problem is not None:
        return Parsed("invalid", problem=problem)
    text, _separator, note_text = line.partition(NOTE_MARK)  # "# note" alone: no answer
    text = text.strip()
    note = note_text.strip() or None
    if text == BACK:
        return Parsed("back")
    if text == HELP:
        return Parsed("help")
    if text == CLEAR:
        return Parsed("clear")
    if text.lower() == QUIT:
        return Parsed("quit")
    if text.startswith(JUMP):
        target = text[len(JUMP) :].strip()
        if not target:
            return Parsed("invalid", problem=_("type : and a question's number or id"))
        return Parsed("jump", target=target)
    if not text:
        return Parsed("skip", note=note)
    if text.lower() == NA:
        if not question.allow_na:
            return Parsed("invalid", problem=_("this question cannot be answered with na"))
        return Parsed("answer", NA, note)
    if question.kind == "scale":
        return _parse_scale(question, text, note)
    options = question.options or []
    parts = [part.strip() for part in text.split(",")]
    numbers: list[int] = []
    for part in parts:
        number = whole_number(part)
        if number is None:
            return Parsed(
                "invalid", problem=_("{part} is not an option number").format(part=repr(part))
            )
        numbers.append(number)
    if question.kind == "single":
        if len(numbers) != 1:
            return Parsed("invalid", problem=_("choose one option"))
        if not 1 <= numbers[0] <= len(options):
            return Parsed(
                "invalid",
                problem=_("choose a number from 1 to {count}").format(count=len(options)),
            )
        return Parsed("answer", options[numbers[0] - 1].value, note)
    if numbers == [0]:
        return Parsed("answer", (), note)
    if any(not 1 <= n <= len(options) for n in numbers):
        return Parsed(
            "invalid",
            problem=_("use numbers from 1 to {count}, or 0 for none of them").format(
                count=len(options)
            ),
        )
    if len(set(numbers)) != len(numbers):
        return Parsed("invalid", problem=_("each option can be chosen once"))
    return Parsed("answer", tuple(options[n - 1].value for n in numbers), note)


def _parse_scale(question: Question, text: str, note: str | None) -> Parsed:
    low, high = question.min or 0, question.max or 0
    value = whole_number(text, signed=True)
    if value is None:
        return Parsed(
            "invalid",
            problem=_("give a whole number from {low} to {high}").format(low=low, high=high),
        )
    if not low <= value <= high:
        return Parsed(
            "invalid",
            problem=_("{value} is outside {low} to {high}").format(value=value, low=low, high=high),
        )
    return Parsed("answer", value, note)


class InputEnded(Exception):
    """Input ended before the last question (the answers so far are saved)."""


def step_names(steps: list[Step]) -> str:
    """Questions as the person can find them again: ``2 owner, 5 budget`` (number and id)."""
    return ", ".join(f"{step.number} {step.question.id}" for step in steps)


def steps_of(questionnaire: Questionnaire) -> list[Step]:
    """Every question of ``questionnaire`` in interview order, dimension by dimension."""
    questions = [
        (dimension, question)
        for dimension in questionnaire.dimensions
        for question in dimension.questions
    ]
    return [
        Step(n, len(questions), dimension, question)
        for n, (dimension, question) in enumerate(questions, start=1)
    ]


def find_step(steps: list[Step], target: str) -> Step | None:
    """The question ``target`` names: its number in interview order, or its id."""
    number = whole_number(target)
    if number is not None:
        return steps[number - 1] if 1 <= number <= len(steps) else None
    return next((s for s in steps if s.question.id == target), None)


@dataclass
class Interview:
    """One respondent's interview: the answers so far, the file's text, and where to save it.

    ``text`` is the answer file as last saved; every save updates it in place (comments and any
    other keys survive), so what ``template`` wrote or a person edited by hand stays as it was.
    """

    questionnaire: Questionnaire
    save: Callable[[str], None]
    text: str
    header: dict[str, str | None]
    answers: dict[str, Answer] = field(default_factory=dict)
    #: The file as it is now and its answers when it differs from ``text`` (someone edited it
    #: while the interview ran), else None; raises InputError when it can no longer be read.
    changed_on_disk: Callable[[str], tuple[str, dict[str, Answer]] | None] | None = None
    #: The question on screen: where a stopped interview (quit, input ended, Ctrl-C) goes on.
    stopped_at: str | None = None

    @classmethod
    def resume(
        cls,
        questionnaire: Questionnaire,
        save: Callable[[str], None],
        text: str,
        response: Response,
        header: dict[str, str | None],
        *,
        changed_on_disk: Callable[[str], tuple[str, dict[str, Answer]] | None] | None = None,
    ) -> Interview:
        """Carry on with an existing response file; ``header`` fills values it lacks."""
        return cls(questionnaire, save, text, header, dict(response.answers), changed_on_disk)

    def steps(self) -> list[Step]:
        """Every question in interview order, dimension by dimension."""
        return steps_of(self.questionnaire)

    def is_answered(self, question_id: str) -> bool:
        """Whether a question has a value (a note alone is not an answer)."""
        return self.answers.get(question_id, Answer(None)).value is not None

    def pending(self) -> list[Step]:
        """The questions still unanswered: what a (resumed) interview asks."""
        return [s for s in self.steps() if not self.is_answered(s.question.id)]

    def catch_up(self) -> bool:
        """Take in what was edited in the file since it was last saved; whether anything was.

        The typed answer is then applied to the file as it is now, so an edit made meanwhile in
        an editor (a corrected answer, a comment, an ``expect:`` block) is not saved over.
        """
        if self.changed_on_disk is None:
            return False
        found = self.changed_on_disk(self.text)
        if found is None:
            return False
        self.text, self.answers = found
        # the header was written at the first save: what the file says now is what it says
        self.header = {}
        return True

    def write(self) -> None:
        """Save the answers so far (atomically, through ``save``), keeping the rest of the file."""
        self.text = saved_text(self.text, self.questionnaire, self.header, self.answers)
        self.save(self.text)

    def run(
        self, conversation: Conversation, *, review: bool = False, start: int | None = None
    ) -> str:
        """Ask the unanswered questions (with ``review``: every question); save after each.

        ``start``: the number of the question to begin with (``--review QUESTION``). ``<``
        walks back through every question, answered or not, across the point where a resumed
        interview started; ``:N`` or ``:id`` jumps to any question. Moving on from a question
        shows each question again up to the furthest one reached; after the last question, the
        unanswered ones a jump or ``start`` passed over unseen are asked. On an answered question an
        empty line keeps the answer and ``-`` clears it. Returns ``"done"``, or ``"quit"`` when
        the person typed the quit key (:attr:`stopped_at` names the question). Raises
        :class:`InputEnded` when input ends early; KeyboardInterrupt passes through (what was
        confirmed is already saved).
        """
        steps = self.steps()
        to_ask = {s.number for s in steps} if review else {s.number for s in self.pending()}
        self.write()
        position = start or next((s.number for s in steps if s.number in to_ask), None)
        furthest = position or 0
        shown: int | None = None
        seen: set[int] = set()  # every question shown: one passed over by a jump is asked later
        while position is not None:
            step = steps[position - 1]
            if shown != position:  # after help or a mistake, only ask again
                conversation.show_question(step, self.answers.get(step.question.id))
                shown = position
                seen.add(position)
                self.stopped_at = step.question.id
            line = conversation.read(_("answer"))
            if line is None:
                raise InputEnded
            parsed = parse_line(step.question, line)
            if parsed.kind == "quit":
                return "quit"
            if parsed.kind == "jump":
                found = find_step(steps, parsed.target)
                if found is None:
                    parsed = Parsed("invalid", problem=self._no_question(parsed.target))
                else:
                    position = found.number
                    furthest = max(furthest, position)
                    shown = None
                    continue
            if parsed.kind == "help":
                help_text = step.question.help or _("No help for this question.")
                conversation.show(help_text, style="help")
                continue
            if parsed.kind == "invalid":
                conversation.show(
                    _("Not understood: {problem}.").format(problem=parsed.problem), style="error"
                )
                continue
            if parsed.kind == "back":
                if position == 1:
                    conversation.show(_("This is the first question."), style="error")
                else:
                    position -= 1
                continue
            if self._record(step.question.id, parsed):
                conversation.show(_("The file was edited meanwhile: those edits are kept."))
            position = next(
                (
                    n
                    for n in range(position + 1, len(steps) + 1)
                    if n <= furthest or (n in to_ask and n not in seen)
                ),
                None,
            )
            if position is None:  # at the end: back to the unanswered a jump or start passed
                position = next(
                    (
                        s.number
                        for s in steps
                        if s.number in to_ask
                        and s.number not in seen
                        and not self.is_answered(s.question.id)
                    ),
                    None,
                )
                furthest = position or 0
            furthest = max(furthest, position or 0)
        return "done"

    def _no_question(self, target: str) -> str:
        """Why a jump went nowhere, and what would go somewhere."""
        return _(
            "there is no question {target}: type :1 to :{total} or : and a question id"
        ).format(target=visible(target), total=len(self.steps()))

    def _record(self, question_id: str, parsed: Parsed) -> bool:
        """Apply a typed answer: a new value, a kept one (empty line), or cleared (``-``).

        Whether the file had been edited meanwhile (its edits are kept, the answer goes on top).
        """
        edited = self.catch_up()
        earlier = self.answers.get(question_id, Answer(None))
        if parsed.kind == "clear":
            changed = Answer(None)
        elif parsed.kind == "answer":  # evidence said of the earlier answer stays with it
            kept = earlier.evidence if parsed.value == earlier.value else None
            changed = Answer(parsed.value, parsed.note or earlier.note, kept)
        else:  # an empty line keeps what is there; a note alone is added to it
            changed = Answer(earlier.value, parsed.note or earlier.note, earlier.evidence)
        if changed.value is None and changed.note is None:
            self.answers.pop(question_id, None)
        else:
            self.answers[question_id] = changed
        if changed != earlier:
            self.write()
        return edited

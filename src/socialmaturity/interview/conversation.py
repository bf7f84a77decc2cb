"""The two ways the interview talks to a person: a styled terminal, or plain lines.

Both read one line per answer, so scripted input and a live terminal follow the same grammar; the
terminal one adds colour, a header per dimension and line editing.
"""

from __future__ import annotations

import sys
from typing import TextIO

from rich.console import Console
from rich.markup import escape

from socialmaturity.interview.session import Step
from socialmaturity.model.response import Answer
from socialmaturity.terminal import console as make_console

HINTS = "Enter a number; empty line to skip; < to go back; ? for help; add ' # ' and a note."


def describe_answer(step: Step, answer: Answer | None) -> str | None:
    """An earlier answer as the person chose it, to show when a question is asked again."""
    if answer is None or answer.value is None:
        return None
    from socialmaturity.engine.explain import answer_label

    return answer_label(step.question, answer.value)


def question_lines(step: Step, answer: Answer | None) -> list[tuple[str, str]]:
    """The lines that present a question, each with a style name (empty: plain)."""
    question = step.question
    lines = [
        (f"Question {step.number} of {step.total} · {step.dimension.name}", "progress"),
        (question.text, "question"),
    ]
    if question.kind == "scale":
        labels = question.labels or {}
        lines.append(
            (f"  A whole number from {question.min} to {question.max}", ""),
        )
        lines += [(f"  {value}: {labels[value]}", "") for value in sorted(labels)]
    else:
        lines += [
            (f"  {n}) {option.label}", "") for n, option in enumerate(question.options or (), 1)
        ]
        if question.kind == "multi":
            lines.append(("  Several numbers separated by commas, or 0 for none of them.", "hint"))
    if question.allow_na:
        lines.append(("  na: does not apply here", "hint"))
    if question.help:
        lines.append(("  ? shows what evidence to ask for", "hint"))
    earlier = describe_answer(step, answer)
    if earlier is not None:
        lines.append((f"  Answered before: {earlier}", "hint"))
    if answer is not None and answer.note:
        lines.append((f"  Note: {answer.note}", "hint"))
    return lines


class PlainConversation:
    """Plain lines on any stream: for scripted input and non-terminals."""

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout

    def show_question(self, step: Step, answer: Answer | None) -> None:
        """Print the question and its options."""
        self.stdout.write("\n" + "\n".join(text for text, _ in question_lines(step, answer)) + "\n")

    def show(self, message: str, *, style: str = "") -> None:
        """Print a message."""
        self.stdout.write(message + "\n")

    def read(self, prompt: str) -> str | None:
        """Read one line; None at the end of input."""
        self.stdout.write(f"{prompt}> ")
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            self.stdout.write("\n")
            return None
        return line.rstrip("\r\n")


_STYLES = {
    "progress": "dim",
    "question": "bold",
    "hint": "dim",
    "help": "cyan",
    "error": "yellow",
    "": "",
}


class TerminalConversation:
    """A styled interview on a terminal, with a header when the dimension changes."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or make_console(sys.stdout)
        self._dimension: str | None = None

    def _print(self, text: str, style: str) -> None:
        self.console.print(escape(text), style=_STYLES.get(style, ""), highlight=False)

    def show_question(self, step: Step, answer: Answer | None) -> None:
        """Print the dimension header (when it changes), the question and its options."""
        if step.dimension.id != self._dimension:
            self._dimension = step.dimension.id
            self.console.rule(escape(step.dimension.name))
            if step.dimension.description:
                self._print(step.dimension.description, "hint")
            self._print(HINTS, "hint")
        self.console.print()
        for text, style in question_lines(step, answer):
            self._print(text, style)

    def show(self, message: str, *, style: str = "") -> None:
        """Print a message in its style."""
        self._print(message, style)

    def read(self, prompt: str) -> str | None:
        """Read one line with line editing; None at the end of input (Ctrl-D)."""
        try:
            return self.console.input(f"[bold]{escape(prompt)}>[/bold] ")
        except EOFError:
            self.console.print()
            return None

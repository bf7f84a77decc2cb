"""The two ways the interview talks to a person: a styled terminal, or plain lines.

Both read one line per answer, so scripted input and a live terminal follow the same grammar; the
terminal one adds colour, a header per dimension and line editing.
"""

from __future__ import annotations

import sys
from typing import TextIO

from rich.console import Console
from rich.markup import escape

from socialmaturity.i18n import _
from socialmaturity.interview.session import Step
from socialmaturity.model.response import Answer
from socialmaturity.terminal import console as make_console
from socialmaturity.terminal import markup, visible, visible_lines


def hints() -> str:
    """How to answer, shown at each dimension's start."""
    return _(
        "Enter a number; empty line to skip; < to go back; :N to go to question N; ? for help; "
        "q to stop (saved, to go on later); add # and a note."
    )


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
        (
            _("Question {number} of {total} · {dimension}").format(
                number=step.number, total=step.total, dimension=step.dimension.name
            ),
            "progress",
        ),
        (question.text, "question"),
    ]
    chosen = answer.value if answer is not None else None
    if question.kind == "scale":
        labels = question.labels or {}
        lines.append(
            (
                "  "
                + _("A whole number from {low} to {high}").format(
                    low=question.min, high=question.max
                ),
                "",
            ),
        )
        lines += [(f"  {value}: {labels[value]}", "") for value in sorted(labels)]
    else:
        for n, option in enumerate(question.options or (), 1):
            picked = option.value == chosen or (
                isinstance(chosen, tuple) and option.value in chosen
            )
            mark = ("[x] " if picked else "[ ] ") if question.kind == "multi" else ""
            lines.append((f"  {n}) {mark}{option.label}", "chosen" if picked else ""))
        if question.kind == "multi":
            lines.append(
                ("  " + _("Several numbers separated by commas, or 0 for none of them."), "hint")
            )
    if question.allow_na:
        lines.append(("  na: " + _("does not apply here"), "hint"))
    if question.help:
        lines.append(("  ? " + _("shows what evidence to ask for"), "hint"))
    earlier = describe_answer(step, answer)
    if earlier is not None:
        lines.append(("  " + _("Answered before: {answer}").format(answer=earlier), "hint"))
        lines.append(("  " + _("Enter keeps this answer; - clears it."), "hint"))
    if answer is not None and answer.note:
        lines.append(("  " + _("Note: {note}").format(note=answer.note), "hint"))
    return lines


def levels_lines(rows: list[tuple[str, str, str]]) -> list[str]:
    """The end screen as plain lines."""
    return [_("Levels:")] + [
        f"  {name}: {level}{f' ({score})' if score else ''}" for name, level, score in rows
    ]


class PlainConversation:
    """Plain lines on any stream: for scripted input and non-terminals."""

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout

    def show_question(self, step: Step, answer: Answer | None) -> None:
        """Print the question and its options."""
        lines = (visible_lines(text) for text, _style in question_lines(step, answer))
        self.stdout.write("\n" + "\n".join(lines) + "\n")

    def show(self, message: str, *, style: str = "") -> None:
        """Print a message."""
        self.stdout.write(visible_lines(message) + "\n")

    def show_levels(self, rows: list[tuple[str, str, str]]) -> None:
        """Print the levels reached, one line per dimension."""
        self.stdout.write("\n" + "\n".join(map(visible_lines, levels_lines(rows))) + "\n")

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
    "chosen": "bold green",
    "": "",
}


#: The width of the progress bar, in columns.
_BAR = 24


class TerminalConversation:
    """A styled interview on a terminal.

    A header per dimension, a progress bar, options with their wrapped lines indented under
    their number, ticks on a multi question's chosen options, and the levels as a table.
    """

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or make_console(sys.stdout)
        self._dimension: str | None = None

    def _print(self, text: str, style: str) -> None:
        shown = escape(visible_lines(text))
        self.console.print(shown, style=_STYLES.get(style, ""), highlight=False)

    def _indented(self, text: str, style: str) -> None:
        """A line whose continuation lines align under its text, after ``  1) ``."""
        from rich.text import Text

        stripped = text.lstrip(" ")
        lead = len(text) - len(stripped)
        marker = stripped.split(" ", 1)[0] if stripped[:1].isdigit() else ""
        hang = lead + (len(marker) + 1 if marker else 0)
        if stripped[len(marker) + 1 :].startswith(("[x] ", "[ ] ")):
            hang += 4
        width = max(20, self.console.width - hang)
        body = Text(visible(text[hang:]), style=_STYLES.get(style, ""))
        lines = body.wrap(self.console, width)
        for n, line in enumerate(lines):
            prefix = Text(
                visible(text[:hang]) if n == 0 else " " * hang, style=_STYLES.get(style, "")
            )
            self.console.print(prefix + line, highlight=False, soft_wrap=True)

    def show_question(self, step: Step, answer: Answer | None) -> None:
        """Print the dimension header (when it changes), progress, the question and its options."""
        from rich.cells import cell_len
        from rich.progress_bar import ProgressBar

        if step.dimension.id != self._dimension:
            self._dimension = step.dimension.id
            self.console.rule(markup(step.dimension.name))
            if step.dimension.description:
                self._print(step.dimension.description, "hint")
            self._print(hints(), "hint")
        self.console.print()
        lines = question_lines(step, answer)
        bar = ProgressBar(total=step.total, completed=step.number - 1, width=_BAR)
        progress = lines[0][0]
        if self.console.width > _BAR + cell_len(visible(progress)):
            self.console.print(
                bar, markup(f" {progress}"), style=_STYLES["progress"], highlight=False
            )
        else:  # a narrow terminal: the bar above, the progress wrapped below, never cut off
            self.console.print(bar)
            self._print(progress, "progress")
        for text, style in lines[1:]:
            if text.startswith("  "):
                self._indented(text, style)
            else:
                self._print(text, style)

    def show(self, message: str, *, style: str = "") -> None:
        """Print a message in its style."""
        self._print(message, style)

    def show_levels(self, rows: list[tuple[str, str, str]]) -> None:
        """The levels reached, as a small table."""
        from rich.table import Table

        table = Table(title=_("Levels"), title_justify="left", box=None, pad_edge=False)
        table.add_column(_("dimension"))
        table.add_column(_("level"))
        table.add_column(_("score"), justify="right")
        for n, (name, level, score) in enumerate(rows):
            last = n == len(rows) - 1
            table.add_row(markup(name), markup(level), score, style="bold" if last else None)
        self.console.print()
        self.console.print(table)

    def read(self, prompt: str) -> str | None:
        """Read one line with line editing; None at the end of input (Ctrl-D)."""
        try:
            return self.console.input(f"[bold]{markup(prompt)}>[/bold] ")
        except EOFError:
            self.console.print()
            return None

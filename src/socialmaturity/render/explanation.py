"""``explain`` at a terminal: per dimension a table of answers, the caps and the quickest wins."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from socialmaturity.engine.explain import DimensionExplanation
from socialmaturity.engine.scoring import Result
from socialmaturity.render.summary import as_given
from socialmaturity.terminal import markup

if TYPE_CHECKING:
    from rich.console import Console


#: Quickest wins listed per dimension; the rest are counted.
MAX_WINS_SHOWN = 5


def _num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}".rstrip("0").rstrip(".")


#: A note longer than this is cut in ``explain`` (the report and the file keep all of it).
NOTE_SHOWN = 500


def _short(note: str) -> str:
    """A note as ``explain`` shows it: at most NOTE_SHOWN characters, then how much is left."""
    if len(note) <= NOTE_SHOWN:
        return note
    return f"{note[:NOTE_SHOWN]}… ({len(note) - NOTE_SHOWN:,} more characters)"


def render_explanation(
    result: Result, explanations: tuple[DimensionExplanation, ...], out: Console
) -> None:
    """Print the explanation: per dimension a table of answers, then caps and quickest wins."""
    from rich.table import Table

    q = result.questionnaire
    response = result.response
    who = response.organization if response else ""
    if response and response.respondent:
        who += f" — {response.respondent}"
    overall = "no score" if result.score is None else f"{result.score:.1f}"
    level = "–" if result.level is None else f"{result.level} {q.level_name(result.level)}"
    out.print(f"[bold]{markup(who)}[/bold]  ({markup(q.title)} {markup(q.version)})")
    out.print(f"Overall: {overall}, level {markup(level)} ({q.overall} of the dimensions)\n")
    for item in explanations:
        dim = item.result
        score = "no score" if dim.score is None else f"{dim.score:.1f}"
        level = "–" if dim.level is None else f"{dim.level} {q.level_name(dim.level)}"
        out.print(f"[bold]{markup(dim.dimension.name)}[/bold]: {score}, level {markup(level)}")
        table = Table(box=None, pad_edge=False, show_edge=False)
        columns: tuple[tuple[str, Literal["left", "right"]], ...] = (
            ("question", "left"),
            ("answer", "left"),
            ("points", "right"),
            ("norm", "right"),
            ("weight", "right"),
            ("contribution", "right"),
        )
        for name, justify in columns:
            table.add_column(name, justify=justify, overflow="fold")
        for line in item.lines:
            answer = markup(as_given(line.label, line.claimed)) + (
                f"\n  note: {markup(_short(line.note))}" if line.note else ""
            )
            table.add_row(
                markup(line.question.id),
                answer,
                _num(line.points),
                _num(line.norm, 3),
                _num(line.question.weight),
                _num(line.contribution),
            )
        out.print(table)
        for cap in dim.caps:
            effect = "lowered the level" if cap in dim.lowering_caps else "no effect"
            out.print(
                f"  cap: {markup(cap.question)} = {markup(cap.option)} caps at level "
                f"{cap.level} ({effect})"
            )
        if item.wins:
            out.print("  quickest wins:")
            for win in item.wins[:MAX_WINS_SHOWN]:
                out.print(
                    f"   • {markup(win.question.id)}: {markup(win.before)} → "
                    f"{markup(win.after)} raises it to level {win.level} "
                    f"{markup(q.level_name(win.level) or '')} (score {win.score or 0.0:.1f})"
                )
            if len(item.wins) > MAX_WINS_SHOWN:
                out.print(f"   … and {len(item.wins) - MAX_WINS_SHOWN} more")
        elif dim.level == q.top_level:
            out.print("  already at the top level")
        else:
            out.print("  no single answer change raises the level")
        out.print()

"""``trend``: each organization's assessments over the years, as a table, JSON or a report."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from socialmaturity.commands.assessments import gathered
from socialmaturity.commands.batch import collect_files
from socialmaturity.engine.organization import DEFAULT_WINDOW
from socialmaturity.errors import (
    EXIT_INPUT,
    EXIT_OK,
    Problem,
    print_problems,
)
from socialmaturity.i18n import _, language
from socialmaturity.render.escaping import json_pretty

if TYPE_CHECKING:
    from socialmaturity.engine.respondents import Respondents


def _note_problems(
    organization: str, dates: list[str | None], notes: list[dict[str, list[str]]]
) -> list[Problem]:
    """A change that may come from who answered or from the model: one organization's warnings.

    ``notes`` are per assessment (:func:`~socialmaturity.render.records.trend_notes`), on
    ``dates``; the warnings go to stderr with ``table`` and ``json``.
    """
    problems = []
    for date, found in zip(dates, notes, strict=True):
        for since, what in (
            ("previous", "the previous assessment"),
            ("year_before", "a year before"),
        ):
            for note in found[since]:
                problems.append(
                    Problem(
                        f"{organization}, {date}: the change since "
                        f"{what} may not be the company's own: {note}",
                        None,
                        "warning",
                    )
                )
    return problems


def _context(
    records: list[dict[str, Any]], notes: list[list[dict[str, list[str]]]]
) -> dict[str, Any]:
    """What the trend templates show: per organization, the rows, sparklines and a chart."""
    from socialmaturity import __version__
    from socialmaturity.render.charts import sparkline

    organizations = []
    for record, per_assessment in zip(records, notes, strict=True):
        assessments = [
            a | {"notes": found}
            for a, found in zip(record["assessments"], per_assessment, strict=True)
        ]
        dates = [a["date"] for a in assessments]
        names = [(d["id"], d["name"]) for d in assessments[0]["dimensions"]]
        series = [
            {
                "name": name,
                "scores": [a["dimensions"][n]["score"] for a in assessments],
                "total": False,
            }
            for n, (_, name) in enumerate(names)
        ]
        series.append(
            {
                "name": _("Overall"),
                "scores": [a["overall"]["score"] for a in assessments],
                "total": True,
            }
        )
        organizations.append(
            record
            | {
                "assessments": assessments,
                "dimension_names": [name for _, name in names],
                "sparklines": [{"name": s["name"], "line": sparkline(s["scores"])} for s in series],
                "chart": {
                    "title": _("Scores over time, {organization}").format(
                        organization=record["organization"]
                    ),
                    "dates": dates,
                    "series": series,
                },
            }
        )
    return {
        "tool": {"name": "socialmaturity", "version": __version__},
        "language": language(),
        "trends": organizations,
    }


def _streamed(
    kept: Respondents,
    window: int,
    output_format: str,
    output: str | None,
    force: bool,
) -> None:
    """``table`` and ``json``, written one organization at a time as its trend is made.

    The warnings come first, as they always have: a first pass makes each trend for them
    alone (combining is quick; scoring, done once, is what takes the time).
    """
    from contextlib import nullcontext

    from socialmaturity.engine.trend import trends
    from socialmaturity.files import is_terminal_output, open_atomic
    from socialmaturity.render.records import trend_notes, trend_record
    from socialmaturity.render.tables import trend_table
    from socialmaturity.terminal import is_terminal, on_terminal, width

    for trend in trends(kept, window):
        dates = [assessment.date for assessment in trend.assessments]
        notes = trend_notes(trend, english=True)  # stderr's words are English
        print_problems(_note_problems(trend.organization, dates, notes))

    def records() -> Iterator[dict[str, Any]]:
        return (trend_record(trend) for trend in trends(kept, window))

    if output is None and output_format == "table":  # the table shows itself on a terminal
        for record in records():
            trend_table(record, sys.stdout, width(sys.stdout))
        return
    # asked once: on a terminal (-o - or /dev/stdout too) controls are shown, never acted on
    to_terminal = is_terminal(sys.stdout) if output is None else is_terminal_output(output)
    shown = on_terminal if to_terminal else str
    with nullcontext(sys.stdout) if output is None else open_atomic(output, force=force) as out:
        if output_format == "table":
            for record in records():
                buffer = io.StringIO()
                trend_table(record, buffer, width(buffer))
                out.write(shown(buffer.getvalue()))
        else:
            for chunk in _json_chunks(records()):
                out.write(shown(chunk))
    if output is not None:
        sys.stderr.write(f"wrote {output}\n")


def _json_chunks(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """``json.dumps(list(records), indent=2)`` and a newline, a record at a time."""
    first = True
    for record in records:
        yield ("[\n  " if first else ",\n  ") + json_pretty(record).replace("\n", "\n  ")
        first = False
    yield "[]\n" if first else "\n]\n"


def trend_files(
    paths: list[str],
    reference: str | None,
    *,
    output_format: str | None,
    output: str | None,
    force: bool,
    window: int = DEFAULT_WINDOW,
    language: str | None = None,
) -> int:
    """``trend``: group by organization, order by date, combine each round's respondents.

    With ``language``, names and the tool's words are in that language (SPEC section 8).
    """
    from socialmaturity import i18n
    from socialmaturity.commands.documents import write_document
    from socialmaturity.engine.trend import trends
    from socialmaturity.files import refuse_unwritable
    from socialmaturity.render.formats import choose, render
    from socialmaturity.render.records import trend_notes, trend_record

    output_format = choose("trend", output_format, output).name
    i18n.use(language)
    if output is not None:
        refuse_unwritable(output, force=force)
    files, missing = collect_files(paths, once=True)
    print_problems(missing)
    failed = bool(missing)
    dated, bad = gathered(files, reference, dated=True, language=language)
    failed = failed or bad
    if output_format in ("table", "json"):
        _streamed(dated, window, output_format, output, force)
        return EXIT_INPUT if failed else EXIT_OK
    grouped = list(trends(dated, window))
    records = [trend_record(t) for t in grouped]
    notes = [trend_notes(t) for t in grouped]
    # md, html, pdf, xlsx: a document of its own, made of every organization's trend at once
    text = render("trend", _context(records, notes), output_format)
    write_document(text, output, fmt=output_format, force=force)
    return EXIT_INPUT if failed else EXIT_OK

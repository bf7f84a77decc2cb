"""``trend``: each organization's assessments over the years, as a table, JSON or a report."""

from __future__ import annotations

import io
import json
import sys
from typing import Any, TextIO

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
from socialmaturity.render.escaping import json_controls


def _warn_notes(records: list[dict[str, Any]], notes: list[list[dict[str, list[str]]]]) -> None:
    """A change that may come from who answered or from the model, as a warning on stderr."""
    problems = []
    for record, per_assessment in zip(records, notes, strict=True):
        for assessment, found in zip(record["assessments"], per_assessment, strict=True):
            for since, what in (
                ("previous", "the previous assessment"),
                ("year_before", "a year before"),
            ):
                for note in found[since]:
                    problems.append(
                        Problem(
                            f"{record['organization']}, {assessment['date']}: the change since "
                            f"{what} may not be the company's own: {note}",
                            None,
                            "warning",
                        )
                    )
    print_problems(problems)


def _in_language(records: list[dict[str, Any]], language: str) -> None:
    """The names of dimensions and levels in ``language``, from the questionnaires' translations."""
    from socialmaturity.model.catalog import Catalog

    catalog = Catalog(language=language)
    for record in records:
        q = catalog.resolve(record["questionnaire"]["id"])
        names = {d.id: d.name for d in q.dimensions}
        for assessment in record["assessments"]:
            for dim in assessment["dimensions"]:
                dim["name"] = names.get(dim["id"], dim["name"])
                dim["level_name"] = q.level_name(dim["level"])
            overall = assessment["overall"]
            if "level_name" in overall:
                overall["level_name"] = q.level_name(overall["level"])


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


def _table(records: list[dict[str, Any]], stream: TextIO) -> None:
    from socialmaturity.render.tables import trend_table
    from socialmaturity.terminal import width

    for record in records:
        trend_table(record, stream, width(stream))


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
    from socialmaturity.engine.trend import trends
    from socialmaturity.files import is_terminal_output, refuse_overwrite, write_atomic
    from socialmaturity.render.formats import choose, render
    from socialmaturity.render.records import trend_notes, trend_record

    output_format = choose("trend", output_format, output).name
    i18n.use(language)
    if output is not None and not force:
        refuse_overwrite(output)
    files, missing = collect_files(paths)
    print_problems(missing)
    failed = bool(missing)
    dated, bad = gathered(files, reference, dated=True)
    failed = failed or bad
    grouped = trends(dated, window)
    records = [trend_record(t) for t in grouped]
    if language is not None:
        _in_language(records, language)
    notes = [trend_notes(t) for t in grouped]
    if output_format in ("table", "json"):
        _warn_notes(records, notes)
    text: str | bytes
    if output_format == "table":
        buffer = io.StringIO()
        _table(records, sys.stdout if output is None else buffer)
        text = buffer.getvalue()
    elif output_format == "json":
        text = json.dumps(records, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
        text = json_controls(text)
    else:  # md, html, pdf, xlsx: a document of its own
        text = render("trend", _context(records, notes), output_format)
    if output is None:
        from socialmaturity.terminal import for_stream

        shown = text if isinstance(text, str) else ""  # binary formats need -o
        sys.stdout.write(for_stream(shown, sys.stdout))
    else:
        if isinstance(text, str) and is_terminal_output(output):  # -o - or /dev/stdout
            from socialmaturity.terminal import on_terminal

            text = on_terminal(text)
        write_atomic(output, text, force=force)
        sys.stderr.write(f"wrote {output}\n")
    return EXIT_INPUT if failed else EXIT_OK

"""``score`` and ``explain``: results for machines and people, streamed in input order."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import nullcontext
from typing import Any, TextIO

from socialmaturity.commands.batch import collect_files
from socialmaturity.commands.batch import score_files as run_batch
from socialmaturity.engine.scoring import Result
from socialmaturity.errors import EXIT_INPUT, EXIT_OK, print_problems
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.loading import load_response
from socialmaturity.render.escaping import json_controls
from socialmaturity.render.records import combined_record, result_record
from socialmaturity.terminal import console, with_progress

#: Strict JSON (never NaN) with text as written, made once for the whole batch.
_TO_JSON = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode


def json_text(record: dict[str, Any]) -> str:
    """One record as strict JSON."""
    return json_controls(_TO_JSON(record))


def json_record(result: Result, file: str) -> str:
    """A result's record as JSON text; a module-level function, so ``--jobs`` workers run it."""
    return json_text(result_record(result, file))


def score_files(
    paths: list[str],
    reference: str | None,
    *,
    output_format: str | None,
    strict: bool = False,
    jobs: int = 1,
    by: str | None = None,
    output: str | None = None,
    force: bool = False,
    window: int | None = None,
    anonymous: bool = False,
) -> int:
    """``score``: stream results in input order; bad files on stderr and exit status 1.

    ``by="organization"`` combines the respondents of each organization assessment (same
    questionnaire, organization and round) and prints one result per assessment instead, with
    ``window`` days for a round (None: SPEC's default). ``output`` writes the results to a file
    instead of stdout: streamed into a temporary file that takes the name, atomically, once all
    are in.
    """
    from socialmaturity.files import open_atomic, refuse_unwritable, write_atomic
    from socialmaturity.render.formats import choose

    output_format = choose("score", output_format, output).name
    if output is not None:
        refuse_unwritable(output, force=force)
    files, missing = collect_files(paths, once=by == "organization")
    print_problems(missing)
    failed = bool(missing)

    as_json = output_format in ("json", "jsonl")

    def good() -> Iterator[Any]:
        """Each scored file's record, or its JSON text for the JSON formats."""
        nonlocal failed
        if by == "organization":
            from socialmaturity.commands.assessments import gathered, name_by_role
            from socialmaturity.engine.organization import DEFAULT_WINDOW, combine_all

            members, bad = gathered(files, reference, strict=strict, jobs=jobs)
            failed = failed or bad
            if anonymous:  # by role, numbered by position among the files as given
                name_by_role(members, files)
            for combined in combine_all(members, DEFAULT_WINDOW if window is None else window):
                record = combined_record(combined)
                yield json_text(record) if as_json else record
            return
        make = json_record if as_json and not anonymous else result_record
        batch = run_batch(files, reference, strict=strict, jobs=jobs, make=make)
        for outcome in with_progress(batch, len(files), "scoring", sys.stderr):
            print_problems(outcome.warnings)
            if outcome.record is None:
                print_problems(outcome.problems)
                failed = True
            elif anonymous and isinstance(outcome.record, dict):  # the role stays, the name goes
                record = outcome.record | {"respondent": None}
                yield json_text(record) if as_json else record
            else:
                yield outcome.record

    if output_format == "xlsx":
        from socialmaturity.render.xlsx import ScoreWorkbook

        workbook = ScoreWorkbook()
        for header, record in _uniform(good(), "workbook"):
            if header is None:
                failed = True
                continue
            if header:
                workbook.header(header)
            workbook.add(record)
        content = workbook.close()
        if output is not None:  # always: a workbook needs -o
            write_atomic(output, content, force=force)
    else:
        # Written as the results come, so memory stays flat however large the batch.
        to = nullcontext(sys.stdout) if output is None else open_atomic(output, force=force)
        with to as out:
            if not _write_text(output_format, good(), out):
                failed = True
    if output is not None:
        sys.stderr.write(f"wrote {output}\n")
    return EXIT_INPUT if failed else EXIT_OK


def _write_text(output_format: str, items: Iterator[Any], out: TextIO) -> bool:
    """Write the records (JSON text in the JSON formats); False if one of them is refused."""
    if output_format == "jsonl":
        for text in items:
            out.write(text + "\n")
    elif output_format == "json":
        out.write("[")
        for n, text in enumerate(items):
            out.write(",\n " if n else "\n ")
            out.write(text)
        out.write("\n]\n")
    elif output_format == "csv":
        return _write_csv(items, out)
    else:
        from socialmaturity.render.tables import score_tables
        from socialmaturity.terminal import width

        score_tables(items, out, width(out))
    return True


def _uniform(
    records: Iterator[dict[str, Any]], what: str
) -> Iterator[tuple[list[str] | None, dict[str, Any]]]:
    """Records of the first record's questionnaire, for tables with one set of columns.

    Yields ``(header, record)``: the header (a list) with the first record, ``[]`` with the
    others, and ``None`` for a record of another questionnaire, which is reported on stderr.
    """
    from socialmaturity.render.records import csv_header

    first: tuple[str, list[str]] | None = None
    for record in records:
        shape = (record["questionnaire"]["id"], [d["id"] for d in record["dimensions"]])
        if first is None:
            first = shape
            yield csv_header(shape[1]), record
        elif shape != first:
            sys.stderr.write(
                f"{record['file']}: error: scored with questionnaire '{shape[0]}', but the {what} "
                f"has the columns of '{first[0]}' (score each questionnaire separately)\n"
            )
            yield None, record
        else:
            yield [], record


def _write_csv(records: Iterator[dict[str, Any]], out: TextIO) -> bool:
    """Write CSV rows; files of another questionnaire than the first are errors."""
    from socialmaturity.render.escaping import csv_line
    from socialmaturity.render.records import csv_row
    from socialmaturity.terminal import is_terminal, on_terminal

    shown = on_terminal if is_terminal(out) else str  # asked once, not for every row
    ok = True
    for header, record in _uniform(records, "CSV"):
        if header is None:
            ok = False
            continue
        if header:
            out.write(csv_line(header))
        out.write(shown(csv_line(csv_row(record))))
    return ok


def explain_file(path: str, reference: str | None) -> int:
    """``explain``: the score's workings, question by question, with the quickest wins."""
    from socialmaturity.engine.explain import explain
    from socialmaturity.engine.scoring import score_response
    from socialmaturity.render.explanation import render_explanation

    response, questionnaire = load_response(path, Catalog(), reference)
    print_problems(response.warnings)
    result = score_response(questionnaire, response)
    render_explanation(result, explain(result), console(sys.stdout))
    return EXIT_OK

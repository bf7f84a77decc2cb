"""What each command does, between parsed options and printed output.

The CLI calls one function here per command; each returns the exit status. Results go to stdout,
problems and progress to stderr. Nothing here knows about typer, so commands can also be driven
from tests or other programs.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TextIO

from socialmaturity.batch import Outcome, collect_files, load_response
from socialmaturity.batch import score_files as run_batch
from socialmaturity.catalog import Catalog, Entry, bundled_dir
from socialmaturity.errors import (
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    InputError,
    Location,
    Problem,
    SocialMaturityError,
)
from socialmaturity.questionnaire import questionnaire_from
from socialmaturity.response import (
    Response,
    load_response_document,
    response_from,
    response_header,
)
from socialmaturity.terminal import console, is_terminal
from socialmaturity.yaml_reader import load_yaml, read_text

if TYPE_CHECKING:
    from socialmaturity.interview import Conversation, Interview

#: Show a progress bar for batches at least this large (and only on a terminal).
PROGRESS_THRESHOLD = 200


def _problems(problems: Iterable[Problem], stream: TextIO | None = None) -> None:
    out = stream or sys.stderr
    for problem in problems:
        out.write(f"{problem}\n")


def list_questionnaires(output_format: str) -> int:
    """``list``: every questionnaire on the search path, errors on stderr."""
    catalog = Catalog()
    entries: list[Entry] = []
    status = EXIT_OK
    seen: set[str] = set()
    for found in catalog.entries():
        if isinstance(found, SocialMaturityError):
            _problems(found.problems)
            status = EXIT_INPUT
            continue
        shadowed = found.questionnaire.id in seen
        seen.add(found.questionnaire.id)
        if not shadowed:
            entries.append(found)
    rows: list[dict[str, Any]] = [
        {
            "id": e.questionnaire.id,
            "version": e.questionnaire.version,
            "title": e.questionnaire.title,
            "dimensions": len(e.questionnaire.dimensions),
            "questions": e.questionnaire.question_count,
            "source": e.origin,
            "path": str(e.path),
        }
        for e in entries
    ]
    if output_format == "json":
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return status
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False)
    for name in ("id", "version", "title", "dimensions", "questions", "source"):
        numeric = name in ("dimensions", "questions")
        table.add_column(name, justify="right" if numeric else "left", overflow="fold")
    for row in rows:
        source = row["source"] if row["source"] == "bundled" else f"{row['source']}: {row['path']}"
        table.add_row(
            row["id"],
            Text(row["version"]),
            Text(row["title"]),
            str(row["dimensions"]),
            str(row["questions"]),
            Text(source),
        )
    console(sys.stdout).print(table)
    return status


def validate_files(paths: list[str], reference: str | None, *, strict: bool = False) -> int:
    """``validate``: check each file by its kind; ``ok`` per good file."""
    catalog = Catalog()
    files, missing = collect_files(paths)
    _problems(missing)
    status = EXIT_INPUT if missing else EXIT_OK
    for path in files:
        try:
            warnings = _validate_one(path, catalog, reference, strict=strict)
        except SocialMaturityError as exc:
            _problems(exc.problems)
            status = EXIT_INPUT
            continue
        _problems(warnings)
        sys.stdout.write(f"{path}: ok\n")
    return status


def _validate_one(
    path: str, catalog: Catalog, reference: str | None, *, strict: bool
) -> tuple[Problem, ...]:
    text = read_text(path)
    doc = load_yaml(path, allow_aliases=True, text=text)
    data = doc.data
    if isinstance(data, dict) and "dimensions" in data:
        questionnaire_from(doc)
        return ()
    if isinstance(data, dict) and "answers" in data:
        response, _ = load_response(path, catalog, reference, strict=strict, text=text)
        return response.warnings
    raise InputError(
        "cannot tell what this file is: a questionnaire has 'dimensions', a response 'answers'",
        doc.locate(()),
    )


def _with_progress(outcomes: Iterator[Outcome], total: int) -> Iterator[Outcome]:
    if total < PROGRESS_THRESHOLD or not is_terminal(sys.stderr):
        yield from outcomes
        return
    from rich.progress import Progress

    with Progress(console=console(sys.stderr), transient=True) as progress:
        task = progress.add_task("scoring", total=total)
        for outcome in outcomes:
            progress.advance(task)
            yield outcome


def score_files(
    paths: list[str],
    reference: str | None,
    *,
    output_format: str,
    strict: bool = False,
    jobs: int = 1,
) -> int:
    """``score``: stream results in input order; bad files on stderr and exit status 1."""
    files, missing = collect_files(paths)
    _problems(missing)
    failed = bool(missing)

    def good() -> Iterator[dict[str, Any]]:
        nonlocal failed
        batch = run_batch(files, reference, strict=strict, jobs=jobs)
        for outcome in _with_progress(batch, len(files)):
            _problems(outcome.warnings)
            if outcome.record is None:
                _problems(outcome.problems)
                failed = True
            else:
                yield outcome.record

    out = sys.stdout
    if output_format == "jsonl":
        for record in good():
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif output_format == "json":
        out.write("[")
        for n, record in enumerate(good()):
            out.write(",\n " if n else "\n ")
            out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n]\n")
    elif output_format == "csv":
        if not _write_csv(good(), out):
            failed = True
    else:
        from socialmaturity.tables import score_tables

        score_tables(list(good()), console(out))
    return EXIT_INPUT if failed else EXIT_OK


def _write_csv(records: Iterator[dict[str, Any]], out: TextIO) -> bool:
    """Write CSV rows; files of another questionnaire than the first are errors."""
    from socialmaturity.records import csv_header, csv_row

    writer = csv.writer(out, lineterminator="\n")
    first: tuple[str, list[str]] | None = None
    ok = True
    for record in records:
        shape = (record["questionnaire"]["id"], [d["id"] for d in record["dimensions"]])
        if first is None:
            first = shape
            writer.writerow(csv_header(shape[1]))
        elif shape != first:
            sys.stderr.write(
                f"{record['file']}: error: scored with questionnaire '{shape[0]}', but the CSV "
                f"has the columns of '{first[0]}' (score each questionnaire separately)\n"
            )
            ok = False
            continue
        writer.writerow(csv_row(record))
    return ok


def explain_file(path: str, reference: str | None) -> int:
    """``explain``: the score's workings, question by question, with the quickest wins."""
    from socialmaturity.explain import explain, render_explanation
    from socialmaturity.scoring import score_response

    response, questionnaire = load_response(path, Catalog(), reference)
    _problems(response.warnings)
    result = score_response(questionnaire, response)
    render_explanation(result, explain(result), console(sys.stdout))
    return EXIT_OK


def _warn_baseline(current: Response, earlier: Response) -> None:
    """Warn (stderr) when a baseline is of another organization or questionnaire version."""
    where = Location(earlier.path)
    if current.organization.strip().casefold() != earlier.organization.strip().casefold():
        _problems(
            [
                Problem(
                    f"the baseline is for '{earlier.organization}', not '{current.organization}'",
                    where,
                    "warning",
                )
            ]
        )
    if (
        current.questionnaire_version
        and earlier.questionnaire_version
        and current.questionnaire_version != earlier.questionnaire_version
        and not earlier.warnings  # already said: it differs from the questionnaire's version
    ):
        _problems(
            [
                Problem(
                    f"the baseline was answered with version {earlier.questionnaire_version}, "
                    f"today's with {current.questionnaire_version}",
                    where,
                    "warning",
                )
            ]
        )


def build_report(
    path: str,
    reference: str | None,
    *,
    output_format: str,
    baseline: str | None = None,
    targets: list[str] | None = None,
    template: str | None = None,
) -> str:
    """Score a response (and its baseline) and render the report text."""
    from pathlib import Path

    from socialmaturity.report import render_report, report_context
    from socialmaturity.roadmap import parse_targets
    from socialmaturity.scoring import score_response

    catalog = Catalog()
    response, questionnaire = load_response(path, catalog, reference)
    parsed_targets = parse_targets(targets or [], questionnaire)
    _problems(response.warnings)
    earlier_result = None
    if baseline is not None:
        earlier_doc = load_response_document(baseline)
        earlier_header = response_header(earlier_doc)
        if earlier_header.questionnaire != questionnaire.id:
            raise InputError(
                f"the baseline answers questionnaire '{earlier_header.questionnaire}', "
                f"not '{questionnaire.id}'",
                earlier_doc.locate(("questionnaire",)),
            )
        earlier = response_from(earlier_doc, earlier_header, questionnaire)
        _problems(earlier.warnings)
        _warn_baseline(response, earlier)
        earlier_result = score_response(questionnaire, earlier)
    context = report_context(
        score_response(questionnaire, response),
        baseline=earlier_result,
        targets=parsed_targets,
    )
    return render_report(
        context,
        "html" if output_format == "html" else "md",
        Path(template) if template else None,
    )


def report_file(
    path: str,
    reference: str | None,
    *,
    output_format: str | None,
    output: str | None,
    baseline: str | None,
    targets: list[str],
    template: str | None,
    force: bool,
) -> int:
    """``report``: write the report to ``output`` (atomically) or stdout."""
    from socialmaturity.files import refuse_overwrite, write_atomic

    if output_format is None:
        html = output is not None and output.lower().endswith((".html", ".htm"))
        output_format = "html" if html else "md"
    if output is not None and not force:
        refuse_overwrite(output)
    text = build_report(
        path,
        reference,
        output_format=output_format,
        baseline=baseline,
        targets=targets,
        template=template,
    )
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text, force=force)
        sys.stderr.write(f"wrote {output}\n")
    return EXIT_OK


DEMO_FILES = ("response.yaml", "report.md", "report.html")


def demo(directory: str, *, force: bool) -> int:
    """``demo``: a sample response for the bundled questionnaire and its two reports."""
    from importlib import resources
    from pathlib import Path

    from socialmaturity.files import refuse_overwrite, write_atomic

    folder = Path(directory)
    targets = [folder / name for name in DEMO_FILES]
    if not force:
        for target in targets:
            refuse_overwrite(target)
    sample = Path(str(resources.files("socialmaturity") / "data" / "demo-response.yaml"))
    bundled = str(bundled_dir() / "social-maturity.yaml")  # never one shadowed on the path
    texts = [sample.read_text(encoding="utf-8")]
    texts += [build_report(str(sample), bundled, output_format=fmt) for fmt in ("md", "html")]
    for path, text in zip(targets, texts, strict=True):
        write_atomic(path, text, force=force)
    response_path, _, html_path = targets
    for path in targets:
        sys.stdout.write(f"{path}\n")
    sys.stderr.write(
        f"Open {html_path} in a browser, or try: socialmaturity explain {response_path}\n"
    )
    return EXIT_OK


def check_cases(paths: list[str], reference: str | None, *, update: bool, junit: str | None) -> int:
    """``check``: score each case and compare with its ``expect:`` block (or rewrite it)."""
    from socialmaturity.files import write_atomic
    from socialmaturity.junit import Case, junit_xml
    from socialmaturity.regression import compare, expect_block, replace_expect
    from socialmaturity.scoring import score_response

    catalog = Catalog()
    files, missing = collect_files(paths)
    _problems(missing)
    cases: list[Case] = []
    unscorable = bool(missing)
    out = sys.stdout
    for path in files:
        try:
            text = read_text(path)
            response, questionnaire = load_response(path, catalog, reference, text=text)
            result = score_response(questionnaire, response)
        except SocialMaturityError as exc:
            unscorable = True
            _problems(exc.problems)
            cases.append(Case(path, "error", [str(p) for p in exc.problems]))
            out.write(f"ERROR {path}\n")
            continue
        _problems(response.warnings)
        if update:
            doc = load_response_document(path, text=text)
            write_atomic(path, replace_expect(text, doc, expect_block(result)), force=True)
            cases.append(Case(path, "pass", []))
            out.write(f"updated {path}\n")
            continue
        if response.expect is None:
            cases.append(Case(path, "fail", ["no expectations (add an expect: block)"]))
            out.write(f"FAIL {path}: no expectations\n")
            continue
        mismatches = compare(result, response.expect)
        if not mismatches:
            cases.append(Case(path, "pass", []))
            out.write(f"pass {path}\n")
            continue
        cases.append(Case(path, "fail", [str(m) for m in mismatches]))
        out.write(f"FAIL {path}\n")
        for mismatch in mismatches:
            out.write(f"    {mismatch}\n")
    passed = sum(1 for case in cases if case.outcome == "pass")
    failed = sum(1 for case in cases if case.outcome == "fail")
    errors = sum(1 for case in cases if case.outcome == "error")
    summary = f"{passed} passed, {failed} failed" + (
        f", {errors} could not be scored" if errors else ""
    )
    sys.stderr.write(summary + "\n")
    if junit is not None:
        write_atomic(junit, junit_xml(cases), force=True)
    if update:
        return EXIT_INPUT if unscorable else EXIT_OK
    return EXIT_OK if passed == len(cases) and not missing else EXIT_INPUT


def assess(
    output: str,
    reference: str | None,
    *,
    organization: str | None,
    respondent: str | None,
    role: str | None,
) -> int:
    """``assess``: the interview, saved to ``output`` after every answer; resumes a file."""
    from pathlib import Path

    from socialmaturity.conversation import PlainConversation, TerminalConversation
    from socialmaturity.files import write_atomic
    from socialmaturity.interview import InputEnded, Interview
    from socialmaturity.terminal import is_terminal

    catalog = Catalog()
    questionnaire = catalog.resolve(reference or "social-maturity")
    talk: Conversation = (
        TerminalConversation()
        if is_terminal(sys.stdin) and is_terminal(sys.stdout)
        else PlainConversation()
    )

    def save(text: str) -> None:
        write_atomic(output, text, force=True)

    if Path(output).exists():
        response, _ = load_response(output, catalog, reference or questionnaire.id)
        interview = Interview.resume(questionnaire, save, response)
        left = len(interview.pending())
        talk.show(f"Resuming {output}: {left} question{'s' if left != 1 else ''} left.")
    else:
        while not organization:
            typed = talk.read("Organization")
            if typed is None:
                sys.stderr.write("input ended before the organization was given; nothing saved\n")
                return EXIT_INPUT
            organization = typed.strip()
        interview = Interview(questionnaire, save, organization, respondent, role)
    hint = f"run the same command to resume: socialmaturity assess -o {output}"
    try:
        interview.run(talk)
    except InputEnded:
        left = len(interview.pending())
        sys.stderr.write(
            f"input ended with {left} question(s) unanswered; saved to {output}; {hint}\n"
        )
        return EXIT_INPUT
    except KeyboardInterrupt:
        sys.stderr.write(f"\ninterrupted; answers so far are saved in {output}; {hint}\n")
        return EXIT_INTERRUPTED
    _interview_summary(interview, output, talk)
    return EXIT_OK


def _interview_summary(interview: Interview, output: str, talk: Conversation) -> None:
    from socialmaturity.scoring import score_answers

    result = score_answers(interview.questionnaire, interview.answers)
    q = interview.questionnaire
    talk.show("")
    talk.show("Levels:", style="question")
    for dim in result.dimensions:
        level = "not scored" if dim.level is None else f"{dim.level} {q.level_name(dim.level)}"
        score = "" if dim.score is None else f" ({dim.score:.1f})"
        talk.show(f"  {dim.dimension.name}: {level}{score}")
    overall = (
        "not scored" if result.level is None else f"{result.level} {q.level_name(result.level)}"
    )
    score = "" if result.score is None else f" ({result.score:.1f})"
    talk.show(f"  Overall: {overall}{score}", style="question")
    unanswered = len(interview.pending())
    if unanswered:
        talk.show(f"{unanswered} question(s) skipped; run the same command again to answer them.")
    talk.show(f"Saved to {output}. Next: socialmaturity report {output} -o report.html")

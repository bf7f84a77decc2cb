"""``report`` and ``demo``: score, render and write client reports."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from socialmaturity.errors import EXIT_OK, InputError, Location, Problem, UsageError, print_problems
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.loading import load_response
from socialmaturity.model.response import (
    Response,
    load_response_document,
    response_from,
    response_header,
)
from socialmaturity.resources import bundled_dir

if TYPE_CHECKING:
    from socialmaturity.render.report import ReportFormat


def _warn_baseline(current: Response, earlier: Response) -> None:
    """Warn (stderr) when a baseline is of another organization or questionnaire version."""
    where = Location(earlier.path)
    if current.organization.strip().casefold() != earlier.organization.strip().casefold():
        print_problems(
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
        print_problems(
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
    paths: list[str],
    reference: str | None,
    *,
    output_format: str,
    baseline: str | None = None,
    targets: list[str] | None = None,
    template: str | None = None,
) -> str:
    """Score a response (and its baseline), or combine several of one organization, and render."""
    from pathlib import Path

    from socialmaturity.render.report import render_report

    context = report_context_for(paths, reference, baseline=baseline, targets=targets)
    fmt: ReportFormat = "html" if output_format == "html" else "md"
    return render_report(context, fmt, Path(template) if template else None)


def report_context_for(
    paths: list[str],
    reference: str | None,
    *,
    baseline: str | None = None,
    targets: list[str] | None = None,
) -> dict[str, Any]:
    """The report context of one response (with its baseline) or of several respondents.

    Several files must be respondents of one organization and questionnaire; they make an
    organization report (a baseline is for single reports).
    """
    from socialmaturity.engine.organization import combine, group_key
    from socialmaturity.engine.roadmap import parse_targets
    from socialmaturity.engine.scoring import score_response
    from socialmaturity.render.report import organization_context, report_context

    catalog = Catalog()
    loaded = [load_response(path, catalog, reference) for path in paths]
    response, questionnaire = loaded[0]
    parsed_targets = parse_targets(targets or [], questionnaire)
    for other, _ in loaded:
        print_problems(other.warnings)
    if len(loaded) > 1:
        if baseline is not None:
            raise UsageError("--baseline works with one response file, not several")
        results = [score_response(q, r) for r, q in loaded]
        first_key = group_key(results[0])
        for result in results[1:]:
            key = group_key(result)
            if key[:2] != first_key[:2]:
                raise InputError(
                    "an organization report needs respondents of one organization and "
                    f"questionnaire: '{result.response.organization if result.response else ''}' "
                    f"differs from '{response.organization}'",
                    Location(result.response.path if result.response else ""),
                )
            if key[2] != first_key[2]:
                print_problems(
                    [
                        Problem(
                            f"answered on another date than {paths[0]}; combined all the same "
                            "(use trend to compare dates)",
                            Location(result.response.path if result.response else ""),
                            "warning",
                        )
                    ]
                )
        return organization_context(combine(results), targets=parsed_targets)
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
        print_problems(earlier.warnings)
        _warn_baseline(response, earlier)
        earlier_result = score_response(questionnaire, earlier)
    return report_context(
        score_response(questionnaire, response),
        baseline=earlier_result,
        targets=parsed_targets,
    )


def report_file(
    paths: list[str],
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
        paths,
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
    from socialmaturity.render.report import render_report

    folder = Path(directory)
    targets = [folder / name for name in DEMO_FILES]
    if not force:
        for target in targets:
            refuse_overwrite(target)
    sample = Path(str(resources.files("socialmaturity") / "data" / "demo-response.yaml"))
    bundled = str(bundled_dir() / "social-maturity.yaml")  # never one shadowed on the path
    context = report_context_for([str(sample)], bundled)  # scored once, rendered twice
    texts = [sample.read_text(encoding="utf-8")]
    texts += [render_report(context, fmt) for fmt in ("md", "html")]
    for path, text in zip(targets, texts, strict=True):
        write_atomic(path, text, force=force)
    response_path, _, html_path = targets
    for path in targets:
        sys.stdout.write(f"{path}\n")
    sys.stderr.write(
        f"Open {html_path} in a browser, or try: socialmaturity explain {response_path}\n"
    )
    return EXIT_OK

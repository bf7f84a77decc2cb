"""The commands about results: score, explain, report, trend, check and demo.

Unlike the rest of the package, the modules of ``cli`` do not postpone their annotations: Typer
reads every option from them, and annotations kept as text are compiled again at each start-up
(building all thirteen commands for ``--help`` took 12 ms that way, 4 ms without).
"""

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from socialmaturity.cli.app import app, guarded
from socialmaturity.cli.options import (
    AnonymousOption,
    ForceOption,
    LangOption,
    OutputOption,
    QuestionnaireOption,
    StrictOption,
    WindowOption,
    format_option,
)


class GroupBy(str, Enum):
    """How ``score --by`` groups responses."""

    organization = "organization"


@app.command()
@guarded
def score(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="Response files, or folders (every *.yaml/*.yml inside, recursively).",
        ),
    ],
    questionnaire: QuestionnaireOption = None,
    output_format: Annotated[
        str | None,
        format_option(
            "score",
            "table for people; json, jsonl or csv for machines; xlsx (needs -o) for Excel. "
            "Default: from OUT's suffix, else table.",
        ),
    ] = None,
    strict: StrictOption = False,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            max=1024,
            help="Worker processes, 0 to 1024 (0 = one per usable CPU).",
        ),
    ] = 1,
    by: Annotated[
        GroupBy | None,
        typer.Option(
            "--by",
            help="organization: combine the respondents of each organization and round.",
            show_default=False,
        ),
    ] = None,
    window: WindowOption = 31,
    anonymous: AnonymousOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Score response files; files that fail are reported on stderr, the rest still scored.

    Example: socialmaturity score responses/ -o scores.xlsx
    """
    from socialmaturity.commands.scores import score_files

    raise typer.Exit(
        score_files(
            [str(p) for p in paths],
            questionnaire,
            output_format=output_format,
            strict=strict,
            jobs=jobs,
            by=by.value if by else None,
            output=output,
            force=force,
            window=window,
            anonymous=anonymous,
        )
    )


@app.command()
@guarded
def explain(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A response file.")],
    questionnaire: QuestionnaireOption = None,
) -> None:
    """Show how each score was reached, question by question, and the quickest wins.

    For every dimension: each answer as labelled, its points, norm, weight and contribution;
    the caps; and the single answer changes that would raise the level, smallest first.

    Example: socialmaturity explain responses/acme.yaml
    """
    from socialmaturity.commands.scores import explain_file

    raise typer.Exit(explain_file(str(file), questionnaire))


@app.command()
@guarded
def report(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE...",
            help="A response file; several files (or a folder) of one organization make an "
            "organization report.",
        ),
    ],
    questionnaire: QuestionnaireOption = None,
    output_format: Annotated[
        str | None,
        format_option(
            "report",
            "md (renders on GitHub), html (self-contained, printable), pdf or xlsx "
            "(both need -o), json (the report as data). Default: from OUT's suffix, else md.",
        ),
    ] = None,
    output: OutputOption = None,
    baseline: Annotated[
        list[Path] | None,
        typer.Option(
            "--baseline",
            metavar="EARLIER",
            help="An earlier response of the same organization; repeat it (or give a folder) "
            "for an earlier organization assessment of several respondents.",
        ),
    ] = None,
    target: Annotated[
        list[str] | None,
        typer.Option(
            "--target",
            metavar="LEVEL|DIMENSION=LEVEL",
            help="Target LEVEL for every dimension, or DIMENSION=LEVEL (repeatable). "
            "Default: one level up.",
        ),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option("--template", help="Your own Jinja template instead of the bundled one."),
    ] = None,
    brand: Annotated[
        Path | None,
        typer.Option(
            "--brand",
            metavar="FILE",
            help="A brand file (name, logo, colour, footer) for the consultancy's identity. "
            "Default: the file named by SOCIALMATURITY_BRAND, if set.",
            show_default=False,
        ),
    ] = None,
    steps_per_phase: Annotated[
        int,
        typer.Option(
            "--steps-per-phase",
            min=0,
            metavar="N",
            help="At most N steps in each phase of the roadmap (0: no limit).",
        ),
    ] = 5,
    window: WindowOption = 31,
    anonymous: AnonymousOption = False,
    lang: LangOption = None,
    kpis: Annotated[
        Path | None,
        typer.Option(
            "--kpis",
            metavar="CSV",
            help="The client's KPI series (metric, period, value): adds the long-haul "
            "evidence and flags answers whose claims the data does not show.",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
) -> None:
    """Write a client-ready report: levels, charts, caps, roadmap and the answers.

    The format follows the name of OUT (.md, .html, .pdf, .xlsx, .json) unless --format says it.

    Example: socialmaturity report acme.yaml -o acme.pdf --baseline acme-2025.yaml
    """
    from socialmaturity.commands.reports import report_file

    raise typer.Exit(
        report_file(
            [str(f) for f in files],
            questionnaire,
            output_format=output_format,
            output=output,
            baseline=[str(b) for b in baseline or []],
            targets=target or [],
            template=str(template) if template else None,
            force=force,
            brand=str(brand) if brand else None,
            window=window,
            steps_per_phase=steps_per_phase,
            anonymous=anonymous,
            kpis=str(kpis) if kpis else None,
            language=lang,
        )
    )


@app.command()
@guarded
def trend(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="PATH...", help="Dated response files, or folders of them."),
    ],
    questionnaire: QuestionnaireOption = None,
    output_format: Annotated[
        str | None,
        format_option(
            "trend",
            "table, json, a md/html/pdf report with a chart, or xlsx (pdf and xlsx need "
            "-o). Default: from OUT's suffix, else table.",
        ),
    ] = None,
    window: WindowOption = 31,
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = None,
) -> None:
    """Show each organization's maturity over time, assessment by assessment.

    Responses are grouped by organization and ordered by date; the respondents of one round
    (named in the files, else dated within --window days) are combined. Each assessment shows
    its change since the previous one and since a year before.

    Example: socialmaturity trend responses/ --format html -o trend.html
    """
    from socialmaturity.commands.trends import trend_files

    raise typer.Exit(
        trend_files(
            [str(p) for p in paths],
            questionnaire,
            output_format=output_format,
            output=output,
            force=force,
            window=window,
            language=lang,
        )
    )


@app.command()
@guarded
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="Cases: response files with an expect: block, or folders of them.",
        ),
    ],
    questionnaire: QuestionnaireOption = None,
    update: Annotated[
        bool,
        typer.Option(
            "--update", help="Rewrite each case's expect: block from today's scores instead."
        ),
    ] = False,
    junit: Annotated[
        str | None,
        typer.Option("--junit", metavar="PATH", help="Also write a JUnit XML report here."),
    ] = None,
) -> None:
    """Check regression cases: score each and compare with its expect: block.

    Levels must match exactly; a score passes within 0.05 of the unrounded score. Exit status 0
    when every case passes.

    Example: socialmaturity check cases/ --junit check.xml
    """
    from socialmaturity.commands.cases import check_cases

    raise typer.Exit(
        check_cases(
            [str(p) for p in paths],
            questionnaire,
            update=update,
            junit=junit,
        )
    )


@app.command()
@guarded
def demo(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder to write the demo files into.")
    ] = Path("socialmaturity-demo"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing demo files.")] = False,
    lang: LangOption = None,
) -> None:
    """Write a sample response for the bundled questionnaire and its reports in every format.

    The response (YAML) and the report as Markdown, HTML, PDF and an Excel workbook; nothing
    is written if any of them exists, unless --force. Open the HTML or PDF file to see what
    socialmaturity produces.

    Example: socialmaturity demo -o /tmp/demo
    """
    from socialmaturity.commands.reports import demo

    raise typer.Exit(demo(str(output), force=force, language=lang))

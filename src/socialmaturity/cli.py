"""The ``socialmaturity`` command line: parses options, calls the core, maps errors to exits.

Kept thin on purpose: each command hands its work to a core module, imported inside the command
so ``--help`` and ``--version`` stay fast. Every command runs inside :func:`_guarded`, which turns
a :class:`~socialmaturity.errors.SocialMaturityError` into ``path:LINE:COL: error: ...`` lines on
stderr and its exit status, and Ctrl-C into a calm message and status 130.

Unlike the rest of the package, this module does not postpone its annotations: Typer reads every
option from them, and annotations kept as text are compiled again at each start-up (building all
thirteen commands for ``--help`` took 12 ms that way, 4 ms without).
"""

import copy
import functools
import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from socialmaturity import __version__
from socialmaturity.errors import EXIT_INTERRUPTED, SocialMaturityError, print_problems
from socialmaturity.render.formats import COMMAND_FORMATS
from socialmaturity.signals import (
    EXIT_TERMINATED,
    Terminated,
    release_signals,
    signals_unwrapped,
)

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="socialmaturity",
    help=(
        "Social business maturity assessments: interview a client, score answer files, "
        "and write client-ready reports with a roadmap."
    ),
    rich_markup_mode=None,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _guarded(command: F) -> F:
    """Run a command, turning user errors into messages and exit statuses (never tracebacks)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with signals_unwrapped():  # a Ctrl-C or SIGTERM in a lazy import, wrapped
                release_signals()  # held while the command line was parsed
                return command(*args, **kwargs)
        except SocialMaturityError as exc:
            print_problems(exc.problems)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            sys.stderr.write("interrupted\n")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except Terminated:
            sys.stderr.write("terminated\n")
            raise typer.Exit(EXIT_TERMINATED) from None
        except BrokenPipeError:
            # The reader went away (``| head``): stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(1) from None
        except typer.Exit:
            raise
        except Exception as exc:
            if os.environ.get("SOCIALMATURITY_DEBUG"):
                raise
            sys.stderr.write(
                f"error: internal error: {type(exc).__name__}: {exc}\n"
                "(this is a bug in socialmaturity; set SOCIALMATURITY_DEBUG=1 for details)\n"
            )
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"socialmaturity {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_show_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Social business maturity assessments from YAML questionnaires."""


def _questionnaire_option(help_text: str) -> Any:
    """``--questionnaire``/``-q``: the same option everywhere, with what it is for."""
    return typer.Option(
        "--questionnaire", "-q", metavar="PATH|ID", help=help_text, show_default=False
    )


QuestionnaireOption = Annotated[
    str | None,
    _questionnaire_option(
        "Questionnaire to use: a file path or the id of a known questionnaire "
        "(default: the id named in each response)."
    ),
]


def _format_option(command: str, help_text: str, *, show_default: bool = False) -> Any:
    """``--format``/``-f`` with the command's formats from the one table of formats."""
    choices = COMMAND_FORMATS[command]

    def check(value: str | None) -> str | None:
        if value is not None and value not in choices:
            raise typer.BadParameter(
                f"{value!r} is not one of {', '.join(repr(c) for c in choices)}."
            )
        return value

    return typer.Option(
        "--format",
        "-f",
        metavar=f"<{'|'.join(choices)}>",
        help=help_text,
        callback=check,
        autocompletion=lambda: list(choices),
        show_default=show_default,
    )


OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write here (atomically) instead of stdout."),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite OUT if it exists.")]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Unanswered required questions are errors.")
]


OrganizationOption = Annotated[
    str | None, typer.Option("--organization", help="The client (asked first if missing).")
]
RespondentOption = Annotated[str | None, typer.Option("--respondent", help="Who answers.")]
RoleOption = Annotated[str | None, typer.Option("--role", help="The respondent's role.")]
RoundOption = Annotated[
    str | None,
    typer.Option(
        "--round", metavar="TEXT", help="The assessment round, e.g. '2026 annual review'."
    ),
]


WindowOption = Annotated[
    int,
    typer.Option(
        "--window",
        min=0,
        max=36500,
        metavar="DAYS",
        help="Responses without a round join a round dated up to DAYS after its first.",
    ),
]


@app.command("list")
@_guarded
def list_command(
    output_format: Annotated[
        str, _format_option("list", "table for people, json for scripts.", show_default=True)
    ] = "table",
) -> None:
    """List the known questionnaires: bundled ones and those in SOCIALMATURITY_PATH.

    Example: SOCIALMATURITY_PATH=./my-models socialmaturity list
    """
    from socialmaturity.commands.listing import list_questionnaires

    raise typer.Exit(list_questionnaires(output_format))


@app.command()
@_guarded
def validate(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="Questionnaire and/or response files (folders: every *.yaml inside).",
        ),
    ],
    questionnaire: QuestionnaireOption = None,
    strict: StrictOption = False,
) -> None:
    """Check questionnaire and response files; print ok for each good one.

    The kind of each file is told from its keys (dimensions: a questionnaire; answers: a
    response). A response is checked against its questionnaire.

    Example: socialmaturity validate questionnaires/*.yaml responses/
    """
    from socialmaturity.commands.listing import validate_files

    raise typer.Exit(validate_files([str(p) for p in paths], questionnaire, strict=strict))


@app.command()
@_guarded
def lint(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="Questionnaire files (folders: every *.yaml/*.yml inside, recursively).",
        ),
    ],
    output_format: Annotated[
        str,
        _format_option(
            "lint", "text (path:LINE:COL lines) or json for scripts.", show_default=True
        ),
    ] = "text",
) -> None:
    """Find what makes a valid questionnaire's results misleading.

    Anchors outside their level's band, caps that can never bind, levels without a roadmap step
    or a description, gaps that can never be found, repeated questions. Each finding is one line
    path:LINE:COL: warning: message [code]; exit status 1 when there is any.

    Example: socialmaturity lint questionnaires/
    """
    from socialmaturity.commands.linting import lint_files

    raise typer.Exit(lint_files([str(p) for p in paths], output_format))


@app.command()
@_guarded
def migrate(
    paths: Annotated[
        list[Path], typer.Argument(metavar="FILE...", help="Response files of an earlier version.")
    ],
    questionnaire: QuestionnaireOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="DIR", help="Write each file to DIR/<its name>."),
    ] = None,
    in_place: Annotated[
        bool, typer.Option("--in-place", help="Rewrite each file where it is (atomically).")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace files that already exist in DIR.")
    ] = False,
) -> None:
    """Rewrite responses of an earlier questionnaire version for the current one.

    Question ids and option values are mapped by the questionnaire's migrations; comments,
    notes and the expect: block are kept, and each dropped answer becomes a comment above
    answers:. One line per file says what was done.

    Example: socialmaturity migrate responses/2025/*.yaml -o responses/2025-migrated
    """
    from socialmaturity.commands.migrating import migrate_files

    out = None if output is None else str(output)
    raise typer.Exit(
        migrate_files(
            [str(p) for p in paths], questionnaire, output=out, in_place=in_place, force=force
        )
    )


class SchemaKind(str, Enum):
    """The file kinds that have a JSON Schema."""

    questionnaire = "questionnaire"
    response = "response"


@app.command()
@_guarded
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Which file kind: questionnaire or response.")],
) -> None:
    """Print the JSON Schema of a questionnaire or response file, for editors and CI.

    Example: socialmaturity schema response > response.schema.json
    """
    from socialmaturity.model.schemas import schema_text

    sys.stdout.write(schema_text(kind.value))


class GroupBy(str, Enum):
    """How ``score --by`` groups responses."""

    organization = "organization"


@app.command()
@_guarded
def assess(
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="The answer file: created, or resumed when it exists."),
    ],
    questionnaire: Annotated[
        str | None,
        _questionnaire_option(
            "Questionnaire to ask: a file path or an id (default: the file's own, else "
            "social-maturity)."
        ),
    ] = None,
    organization: OrganizationOption = None,
    respondent: RespondentOption = None,
    role: RoleOption = None,
    date: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="The interview's date (default: today)."),
    ] = None,
    round_: RoundOption = None,
    review: Annotated[
        bool,
        typer.Option("--review", help="Walk every question of an existing file, answer shown."),
    ] = False,
) -> None:
    """Interview a respondent question by question, saving after every answer.

    Type an option number (several, comma separated, for multi questions; 0 for none), a
    number for scales, na where allowed, an empty line to skip (on an answered question: to
    keep the answer), - to clear an answer, < to go back, ? for help, and ' # ' then a note
    after any answer. Run the same command again to resume; --review to revise every answer.

    Example: socialmaturity assess -o acme-cmo.yaml --organization "Acme Corp"
    """
    from socialmaturity.commands.interviews import assess, header_options

    header = header_options(
        organization=organization, respondent=respondent, role=role, date=date, round=round_
    )
    raise typer.Exit(assess(str(output), questionnaire, header=header, review=review))


@app.command()
@_guarded
def template(
    questionnaire: Annotated[
        str | None,
        _questionnaire_option(
            "Questionnaire to write a blank response for (default: social-maturity)."
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    organization: OrganizationOption = None,
    respondent: RespondentOption = None,
    role: RoleOption = None,
    round_: RoundOption = None,
) -> None:
    """Write a blank response file for a respondent to fill in with any editor.

    Every question is listed with a comment giving its text, options, and what evidence to ask
    for; the first line links the JSON Schema so editors check the answers as they are typed.

    Example: socialmaturity template --organization "Acme Corp" -o acme-sales.yaml
    """
    from socialmaturity.commands.interviews import header_options, template

    header = header_options(
        organization=organization, respondent=respondent, role=role, round=round_
    )
    out = None if output is None else str(output)
    raise typer.Exit(template(out, questionnaire, force=force, header=header))


@app.command()
@_guarded
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
        _format_option(
            "score",
            "table for people; json, jsonl or csv for machines; xlsx (needs -o) for Excel. "
            "Default: from OUT's suffix, else table.",
        ),
    ] = None,
    strict: StrictOption = False,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs", "-j", min=0, max=1024, help="Worker processes, 0 to 1024 (0 = one per CPU)."
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
            output=str(output) if output else None,
            force=force,
            window=window,
        )
    )


@app.command()
@_guarded
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
@_guarded
def report(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE...",
            help="A response file; several files of one organization make an organization report.",
        ),
    ],
    questionnaire: QuestionnaireOption = None,
    output_format: Annotated[
        str | None,
        _format_option(
            "report",
            "md (renders on GitHub), html (self-contained, printable), pdf or xlsx "
            "(both need -o). Default: from OUT's suffix, else md.",
        ),
    ] = None,
    output: OutputOption = None,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", help="An earlier response of the same organization."),
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
    window: WindowOption = 31,
    force: ForceOption = False,
) -> None:
    """Write a client-ready report: levels, charts, caps, roadmap and the answers.

    The format follows the name of OUT (.md, .html, .pdf, .xlsx) unless --format says it.

    Example: socialmaturity report acme.yaml -o acme.pdf --baseline acme-2025.yaml
    """
    from socialmaturity.commands.reports import report_file

    raise typer.Exit(
        report_file(
            [str(f) for f in files],
            questionnaire,
            output_format=output_format,
            output=str(output) if output else None,
            baseline=str(baseline) if baseline else None,
            targets=target or [],
            template=str(template) if template else None,
            force=force,
            brand=str(brand) if brand else None,
            window=window,
        )
    )


@app.command()
@_guarded
def trend(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="PATH...", help="Dated response files, or folders of them."),
    ],
    questionnaire: QuestionnaireOption = None,
    output_format: Annotated[
        str | None,
        _format_option(
            "trend",
            "table, json, a md/html/pdf report with a chart, or xlsx (pdf and xlsx need "
            "-o). Default: from OUT's suffix, else table.",
        ),
    ] = None,
    window: WindowOption = 31,
    output: OutputOption = None,
    force: ForceOption = False,
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
            output=str(output) if output else None,
            force=force,
            window=window,
        )
    )


@app.command()
@_guarded
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
        Path | None, typer.Option("--junit", help="Also write a JUnit XML report here.")
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
            junit=str(junit) if junit else None,
        )
    )


@app.command()
@_guarded
def demo(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder to write the demo files into.")
    ] = Path("socialmaturity-demo"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing demo files.")] = False,
) -> None:
    """Write a sample response for the bundled questionnaire and its reports in every format.

    The response (YAML) and the report as Markdown, HTML, PDF and an Excel workbook; nothing
    is written if any of them exists, unless --force. Open the HTML or PDF file to see what
    socialmaturity produces.

    Example: socialmaturity demo -o /tmp/demo
    """
    from socialmaturity.commands.reports import demo

    raise typer.Exit(demo(str(output), force=force))


def main() -> None:
    """Entry point of the console script and ``python -m socialmaturity``."""
    app_for(sys.argv[1:])(prog_name="socialmaturity")


def app_for(args: list[str]) -> typer.Typer:
    """The application with only the command ``args`` name, when they start with one.

    Typer builds every registered command's options before running one (13 commands: 6 ms of
    each start-up). A command's help, usage and errors never mention its siblings, so the one
    named is all that is needed; anything else (no command, an option first, a misspelt name
    that deserves a suggestion, shell completion) gets the whole application.
    """
    if not args or os.environ.get("_SOCIALMATURITY_COMPLETE"):
        return app
    named = [info for info in app.registered_commands if _command_name(info) == args[0]]
    if not named:
        return app
    single = copy.copy(app)
    single.registered_commands = named
    return single


def _command_name(info: typer.models.CommandInfo) -> str | None:
    if info.name:
        return info.name
    return None if info.callback is None else info.callback.__name__.lower().replace("_", "-")

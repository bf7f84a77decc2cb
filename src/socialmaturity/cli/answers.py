"""The commands about questionnaires and answer files.

They are list, validate, lint, migrate, schema, assess and template.

Unlike the rest of the package, the modules of ``cli`` do not postpone their annotations: Typer
reads every option from them, and annotations kept as text are compiled again at each start-up
(building all thirteen commands for ``--help`` took 12 ms that way, 4 ms without).
"""

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from socialmaturity.cli.app import app, guarded
from socialmaturity.cli.options import (
    ForceOption,
    LangOption,
    OrganizationOption,
    OutputOption,
    QuestionnaireOption,
    RespondentOption,
    RoleOption,
    RoundOption,
    StrictOption,
    format_option,
    questionnaire_option,
)


@app.command("list")
@guarded
def list_command(
    output_format: Annotated[
        str, format_option("list", "table for people, json for scripts.", show_default=True)
    ] = "table",
) -> None:
    """List the known questionnaires: bundled ones and those in SOCIALMATURITY_PATH.

    Example: SOCIALMATURITY_PATH=./my-models socialmaturity list
    """
    from socialmaturity.commands.listing import list_questionnaires

    raise typer.Exit(list_questionnaires(output_format))


@app.command()
@guarded
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
@guarded
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
        format_option("lint", "text (path:LINE:COL lines) or json for scripts.", show_default=True),
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
@guarded
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
    translation = "translation"


@app.command()
@guarded
def schema(
    kind: Annotated[
        SchemaKind, typer.Argument(help="Which file kind: questionnaire, response or translation.")
    ],
) -> None:
    """Print the JSON Schema of a questionnaire, response or translation file, for editors.

    Example: socialmaturity schema response > response.schema.json
    """
    from socialmaturity.model.schemas import schema_text

    sys.stdout.write(schema_text(kind.value))


@app.command()
@guarded
def assess(
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="The answer file: created, or resumed when it exists.",
        ),
    ],
    questionnaire: Annotated[
        str | None,
        questionnaire_option(
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
    lang: LangOption = None,
    start: Annotated[
        str | None,
        typer.Argument(
            metavar="[QUESTION]",
            help="Begin at this question, by number or id (--review QUESTION).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Interview a respondent question by question, saving after every answer.

    Type an option number (several, comma separated, for multi questions; 0 for none), a
    number for scales, na where allowed, an empty line to skip (on an answered question: to
    keep the answer), - to clear an answer, < to go back, :N or :ID to go to a question, ? for
    help, q to stop (saved; the command to go on is shown), and # then a note after any
    answer. Run the same command again to resume; --review to revise every answer, --review
    QUESTION to begin the review there.

    Example: socialmaturity assess -o acme-cmo.yaml --organization "Acme Corp"
    """
    from socialmaturity.commands.blanks import header_options
    from socialmaturity.commands.interviews import assess

    header = header_options(
        organization=organization, respondent=respondent, role=role, date=date, round=round_
    )
    raise typer.Exit(
        assess(output, questionnaire, header=header, review=review, language=lang, start=start)
    )


@app.command()
@guarded
def template(
    questionnaire: Annotated[
        str | None,
        questionnaire_option(
            "Questionnaire to write a blank response for (default: the --from file's, else "
            "social-maturity)."
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    organization: OrganizationOption = None,
    respondent: RespondentOption = None,
    role: RoleOption = None,
    round_: RoundOption = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="YYYY-MM-DD", help="The date to write (default: left empty)."
        ),
    ] = None,
    earlier: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="EARLIER.yaml",
            help="Start from an earlier response: its header, answers and notes, with date and "
            "round replaced.",
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Write a blank response file for a respondent to fill in with any editor.

    Every question is listed with a comment giving its text, options, and what evidence to ask
    for; the first line links the JSON Schema so editors check the answers as they are typed.
    With --from, last round's answers are filled in, ready to be revised.

    Example: socialmaturity template --organization "Acme Corp" -o acme-sales.yaml
    """
    from socialmaturity.commands.blanks import header_options, template

    header = header_options(
        organization=organization, respondent=respondent, role=role, date=date, round=round_
    )
    source = None if earlier is None else str(earlier)
    raise typer.Exit(
        template(output, questionnaire, force=force, header=header, earlier=source, language=lang)
    )

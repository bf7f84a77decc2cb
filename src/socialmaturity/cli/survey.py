"""The commands that work with survey servers: export xlsform and import (SPEC section 7).

Unlike the rest of the package, the modules of ``cli`` do not postpone their annotations: Typer
reads every option from them, and annotations kept as text are compiled again at each start-up.
"""

from pathlib import Path
from typing import Annotated

import typer

from socialmaturity.cli.app import app, guarded
from socialmaturity.cli.options import QuestionnaireOption, RoundOption, questionnaire_option

export_app = typer.Typer(
    name="export",
    help="Export a questionnaire for other tools: xlsform, a form for survey servers.",
    rich_markup_mode=None,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(export_app, name="export")

FormOrganizationOption = Annotated[
    str | None,
    typer.Option(
        "--organization",
        help="The client: filled in on every submission instead of asked (a calculate field).",
    ),
]
ImportForceOption = Annotated[
    bool, typer.Option("--force", help="Replace response files that already exist in DIR.")
]


@export_app.command("xlsform")
@guarded
def xlsform(
    output: Annotated[
        str,
        typer.Option("--output", "-o", metavar="FORM.xlsx", help="The workbook to write."),
    ],
    questionnaire: Annotated[
        str | None,
        questionnaire_option("Questionnaire to export (default: social-maturity)."),
    ] = None,
    languages: Annotated[
        list[str] | None,
        typer.Option(
            "--lang",
            metavar="L",
            help="Write label::<Language> (<tag>) columns for this language (repeatable); "
            "the questionnaire's own language comes first.",
            show_default=False,
        ),
    ] = None,
    organization: FormOrganizationOption = None,
    round_: RoundOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite FORM.xlsx if it exists.")
    ] = False,
) -> None:
    """Write the questionnaire as an XLSForm for ODK Central, KoboToolbox and other servers.

    Upload the workbook to the server as a new form, send its link to the respondents, then
    download the submissions as CSV and read them with socialmaturity import.

    Example: socialmaturity export xlsform -o acme-form.xlsx --organization "Acme Corp"
    """
    from socialmaturity.commands.exporting import export_xlsform

    raise typer.Exit(
        export_xlsform(
            output,
            questionnaire,
            languages=languages or [],
            organization=organization,
            round_name=round_,
            force=force,
        )
    )


@app.command("import")
@guarded
def import_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE...",
            help="CSV exports of submissions (ODK Central, or KoboToolbox 'XML values and "
            "headers').",
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="DIR", help="Write a response file per submission here."
        ),
    ],
    questionnaire: QuestionnaireOption = None,
    organization: Annotated[
        str | None,
        typer.Option("--organization", help="The client, where a submission does not name it."),
    ] = None,
    round_: RoundOption = None,
    force: ImportForceOption = False,
) -> None:
    """Turn survey servers' CSV exports of submissions into response files.

    Each submission becomes DIR/<submission id>.yaml, as template writes it. Rejected
    submissions are skipped; a bad cell is reported at FILE:ROW:COLUMN and only its submission
    is left out. Files already in DIR are never replaced without --force, so importing a
    growing export again writes only the new submissions.

    Example: socialmaturity import acme-form.csv -o acme/2026
    """
    from socialmaturity.commands.importing import import_submissions

    raise typer.Exit(
        import_submissions(
            [str(p) for p in paths],
            questionnaire,
            output=str(output),
            organization=organization,
            round_name=round_,
            force=force,
        )
    )

"""The options several commands share, written once: the same flag means the same everywhere.

Unlike the rest of the package, the modules of ``cli`` do not postpone their annotations: Typer
reads every option from them, and annotations kept as text are compiled again at each start-up
(building all thirteen commands for ``--help`` took 12 ms that way, 4 ms without).
"""

from typing import Annotated, Any

import typer

from socialmaturity.render.formats import COMMAND_FORMATS


def questionnaire_option(help_text: str) -> Any:
    """``--questionnaire``/``-q``: the same option everywhere, with what it is for."""
    return typer.Option(
        "--questionnaire", "-q", metavar="PATH|ID", help=help_text, show_default=False
    )


QuestionnaireOption = Annotated[
    str | None,
    questionnaire_option(
        "Questionnaire to use: a file path or the id of a known questionnaire "
        "(default: the id named in each response)."
    ),
]


def format_option(command: str, help_text: str, *, show_default: bool = False) -> Any:
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


#: A path as typed, not a ``Path``: that would drop the final ``/`` of ``out/``, which names a
#: folder, and write a file named ``out``.
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output", "-o", metavar="PATH", help="Write here (atomically) instead of stdout."
    ),
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


AnonymousOption = Annotated[
    bool,
    typer.Option(
        "--anonymous",
        help="Name respondents by their role (or 'Respondent N'), never by name.",
    ),
]


def _language_tag(value: str | None) -> str | None:
    """``--lang`` in the case BCP 47 writes tags, so ``DE`` finds the ``de`` translation."""
    from socialmaturity.i18n import canonical_tag

    return None if value is None else canonical_tag(value)


LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="LANG",
        help="Write in this language (de, fr, es, ...; a regional tag such as de-CH falls back "
        "to its language). Default: English.",
        show_default=False,
        callback=_language_tag,
    ),
]

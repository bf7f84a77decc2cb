"""``export xlsform``: the questionnaire as a form for survey servers (SPEC section 7)."""

from __future__ import annotations

import sys

from socialmaturity.errors import EXIT_OK, InputError, Location, input_errors, placed
from socialmaturity.model.catalog import Catalog, in_language
from socialmaturity.terminal import visible

DEFAULT_QUESTIONNAIRE = "social-maturity"


def export_xlsform(
    output: str,
    reference: str | None,
    *,
    languages: list[str],
    organization: str | None,
    round_name: str | None,
    force: bool,
) -> int:
    """Write the XLSForm of a questionnaire to ``output``; never replaces a file without force."""
    from socialmaturity.commands.blanks import header_options
    from socialmaturity.files import refuse_unwritable, write_atomic
    from socialmaturity.i18n import checked_tag
    from socialmaturity.model.languages import chosen_languages
    from socialmaturity.render.xlsform import xlsform, xlsform_workbook

    header = header_options(organization=organization, round=round_name)
    refuse_unwritable(output, force=force)
    for tag in languages:
        checked_tag(tag)
    reference = reference or DEFAULT_QUESTIONNAIRE
    questionnaire, path = Catalog().located(reference)
    chosen = chosen_languages(languages) if languages else None
    # read once; the languages after the questionnaire's own come from its translations
    translated = {tag: in_language(questionnaire, path, tag) for tag in (chosen or [])[1:]}
    try:
        form = xlsform(
            questionnaire,
            chosen,
            organization=header.get("organization"),
            round_name=header.get("round"),
            translated=translated,
        )
    except InputError as exc:  # what the form cannot hold is the questionnaire file's problem
        raise input_errors(placed(exc.problems, Location(str(path)))) from None
    write_atomic(output, xlsform_workbook(form), force=force)
    sys.stderr.write(f"wrote {visible(output)}\n")
    return EXIT_OK

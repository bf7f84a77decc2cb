"""A questionnaire as an XLSForm (SPEC section 7): the form standard of ODK, KoboToolbox and others.

Survey servers deploy the workbook as web and phone forms; ``import`` reads back the submissions
they export. The form is built as plain rows first (:func:`xlsform`), then written with XlsxWriter
(:func:`xlsform_workbook`), every cell as text, never a formula. Each question is answered with
the option values the response files use, so a submission maps back to exactly those answers:

- single -> ``select_one``; scale -> ``select_one`` over its whole numbers; multi ->
  ``select_multiple`` with an extra ``none_of_these`` (an empty list) chosen alone;
- ``allow_na`` adds a choice ``na``; after each question a ``<question id>_note`` text field.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from socialmaturity.errors import InputError
from socialmaturity.i18n import gettext_in
from socialmaturity.model.languages import SOURCE_LANGUAGE, language_label
from socialmaturity.model.questionnaire import Question, Questionnaire
from socialmaturity.model.response import NA
from socialmaturity.model.submissions import DATE_FIELD, NONE_OF_THESE, ROUND_FIELD, note_name
from socialmaturity.model.submissions import HEADER_COLUMNS as HEADER_FIELDS

#: Names the survey servers give to their own fields.
RESERVED_NAMES = frozenset({"meta", "instanceID"})
#: The most whole numbers a scale question may offer as choices.
MAX_SCALE_CHOICES = 1000


def _words(language: str) -> dict[str, str]:
    """The tool's own words on the form, in ``language`` (from the gettext catalogs)."""
    _ = gettext_in(language)
    return {
        "organization": _("Organization"),
        "respondent": _("Your name"),
        "role": _("Your role"),
        "note": _("Note (optional)"),
        NA: _("Does not apply here"),
        NONE_OF_THESE: _("None of these"),
    }


SURVEY_COLUMNS = ("type", "name", "label", "hint", "required", "relevant", "constraint")
SURVEY_TAIL = ("appearance", "calculation")


@dataclass(frozen=True)
class Form:
    """The three sheets of an XLSForm, each a header row and rows of text."""

    settings: tuple[tuple[str, ...], tuple[str, ...]]
    survey: tuple[tuple[str, ...], list[tuple[str, ...]]]
    choices: tuple[tuple[str, ...], list[tuple[str, ...]]]


def xpath_text(text: str) -> str:
    """An XPath string literal for ``text``, as pyxform passes it on unchanged.

    ``concat`` joins pieces where one literal cannot hold the text: both kinds of quote, or
    ``${``, which pyxform would read as a reference to a field.
    """
    if "${" not in text and not ("'" in text and '"' in text):
        return f'"{text}"' if "'" in text else f"'{text}'"
    pieces: list[str] = []
    for n, chunk in enumerate(text.split("$")):
        if n:
            pieces.append("'$'")
        for m, part in enumerate(chunk.split("'")):
            if m:
                pieces.append('"\'"')
            if part:
                pieces.append(f"'{part}'")
    return f"concat({', '.join(pieces)})" if len(pieces) > 1 else pieces[0]


def shown(text: str) -> str:
    """A label or hint as the form shows it: ``${`` kept from being read as a field reference.

    A word joiner (U+2060, invisible) goes between the two characters.
    """
    return text.replace("${", "$\u2060{")


def exportable(questionnaire: Questionnaire) -> None:
    """Refuse a questionnaire whose form would clash with itself (an :class:`InputError`).

    Every name in a form is unique: a question may not share its name with a header field, a
    note field, a dimension (a group) or the servers' own ``meta`` fields; and a multi question
    may not have an option ``none_of_these``, which the form adds.
    """
    problems: list[str] = []
    taken: dict[str, str] = {}

    def claim(name: str, what: str) -> None:
        if name in taken:
            problems.append(f"{what} is named '{name}' like {taken[name]}")
        else:
            taken[name] = what

    for name in (*HEADER_FIELDS, DATE_FIELD, ROUND_FIELD):
        claim(name, f"the header field '{name}'")
    for name in sorted(RESERVED_NAMES):
        claim(name, f"the servers' field '{name}'")
    for dimension in questionnaire.dimensions:
        claim(dimension.id, f"the group of dimension '{dimension.id}'")
        for question in dimension.questions:
            claim(question.id, f"question '{question.id}'")
            claim(note_name(question), f"the note field of question '{question.id}'")
            if question.kind == "multi" and NONE_OF_THESE in question.option_by_value:
                problems.append(
                    f"multi question '{question.id}' has an option '{NONE_OF_THESE}', which the "
                    "form adds for an empty answer: rename the option"
                )
            if question.kind == "scale":
                count = (question.max or 0) - (question.min or 0) + 1
                if count > MAX_SCALE_CHOICES:
                    problems.append(
                        f"scale question '{question.id}' has {count:,} whole numbers; a form "
                        f"offers at most {MAX_SCALE_CHOICES:,} choices"
                    )
    if problems:
        raise InputError(
            f"'{questionnaire.id}' cannot be exported as a form: {'; '.join(problems)}"
        )


def xlsform(
    questionnaire: Questionnaire,
    languages: Sequence[str] | None = None,
    *,
    organization: str | None = None,
    round_name: str | None = None,
    translated: Mapping[str, Questionnaire] | None = None,
) -> Form:
    """The form's sheets, ready to be written.

    ``languages`` None: plain ``label``/``hint`` columns in the questionnaire's own words; else
    one ``label::<Name> (<tag>)`` column per language, in order, the texts of each from
    ``translated`` (the questionnaire in that language), else the questionnaire's own.
    """
    exportable(questionnaire)
    tags = list(languages) if languages else [None]
    in_language = translated or {}
    # the questionnaire in each language (its own words where it has no translation)
    versions = [in_language.get(tag or SOURCE_LANGUAGE, questionnaire) for tag in tags]
    words = [_words(tag or SOURCE_LANGUAGE) for tag in tags]

    def per_language(name: str) -> tuple[str, ...]:
        if languages is None:
            return (name,)
        return tuple(f"{name}::{language_label(tag)}" for tag in languages)

    labels, hints = per_language("label"), per_language("hint")
    survey_header = ("type", "name", *labels, *hints, *SURVEY_COLUMNS[4:], *SURVEY_TAIL)
    choices_header = ("list_name", "name", *labels)
    survey: list[tuple[str, ...]] = []
    choices: list[tuple[str, ...]] = []
    blank = ("",) * len(tags)

    def row(
        kind: str,
        name: str,
        label: Sequence[str] = blank,
        hint: Sequence[str] = blank,
        *,
        required: bool = False,
        relevant: str = "",
        constraint: str = "",
        appearance: str = "",
        calculation: str = "",
    ) -> None:
        survey.append(
            (
                kind,
                name,
                *map(shown, label),
                *map(shown, hint),
                "yes" if required else "",
                relevant,
                constraint,
                appearance,
                calculation,
            )
        )

    row("calculate", "questionnaire", calculation=xpath_text(questionnaire.id))
    row("calculate", "questionnaire_version", calculation=xpath_text(questionnaire.version))
    if organization is None:
        row("text", "organization", [w["organization"] for w in words], required=True)
    else:
        row("calculate", "organization", calculation=xpath_text(organization))
    row("text", "respondent", [w["respondent"] for w in words])
    row("text", "role", [w["role"] for w in words])
    row("today", DATE_FIELD)
    if round_name is not None:
        row("calculate", ROUND_FIELD, calculation=xpath_text(round_name))
    for dimension in questionnaire.dimensions:
        names = [v.dimension_by_id[dimension.id].name for v in versions]
        row("begin_group", dimension.id, names, appearance="field-list")
        for question in dimension.questions:
            said = [v.question_by_id[question.id][1] for v in versions]
            kind = "select_multiple" if question.kind == "multi" else "select_one"
            row(
                f"{kind} {question.id}",
                question.id,
                [s.text for s in said],
                [s.help or "" for s in said],
                required=question.required,
                constraint=_alone_constraint(question) if question.kind == "multi" else "",
            )
            row(
                "text",
                note_name(question),
                [w["note"] for w in words],
                relevant=f"${{{question.id}}} != ''",
            )
            for value, label in _choices(question, said, words):
                choices.append((question.id, value, *map(shown, label)))
        row("end_group", "")
    settings_header: tuple[str, ...] = ("form_title", "form_id", "version")
    # pyxform reads ${name} in the settings too; submissions record the version exactly (the
    # questionnaire_version calculation), so the form's own version is shown as a label is
    version = shown(questionnaire.version)
    settings: tuple[str, ...] = (shown(versions[0].title), questionnaire.id, version)
    if languages is not None:
        settings_header += ("default_language",)
        settings += (language_label(languages[0]),)
    return Form((settings_header, settings), (survey_header, survey), (choices_header, choices))


def _alone_constraint(question: Question) -> str:
    """A multi answer's ``none_of_these`` (and ``na``) is chosen alone or not at all."""
    alone = [NONE_OF_THESE, *([NA] if question.allow_na else [])]
    unchosen = " and ".join(f"not(selected(., '{value}'))" for value in alone)
    if len(alone) > 1:
        unchosen = f"({unchosen})"
    return f"{unchosen} or count-selected(.) = 1"


def _choices(
    question: Question, said: Sequence[Question], words: Sequence[dict[str, str]]
) -> list[tuple[str, list[str]]]:
    """The choices of a question's list: (name, label per language).

    ``said`` is the question in each language.
    """
    found: list[tuple[str, list[str]]] = []
    if question.kind == "scale":
        for number in range(question.min or 0, (question.max or 0) + 1):
            found.append((str(number), [(t.labels or {}).get(number, str(number)) for t in said]))
    else:
        for option in question.options or ():
            found.append((option.value, [t.option_by_value[option.value].label for t in said]))
    if question.allow_na:
        found.append((NA, [w[NA] for w in words]))
    if question.kind == "multi":
        found.append((NONE_OF_THESE, [w[NONE_OF_THESE] for w in words]))
    return found


def xlsform_workbook(form: Form) -> bytes:
    """The form as ``.xlsx`` bytes: sheets ``survey``, ``choices`` and ``settings``, all text."""
    import xlsxwriter

    from socialmaturity.render.sheets import FIXED_DATE, Sheet

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    workbook.set_properties({"created": FIXED_DATE})
    formats = {
        "header": workbook.add_format({"bold": True}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
    }
    for name, (header, rows) in (
        ("survey", form.survey),
        ("choices", form.choices),
        ("settings", (form.settings[0], [form.settings[1]])),
    ):
        sheet = Sheet(workbook, name, formats)
        sheet.write_row(header, "header")
        for cells in rows:
            sheet.write_row(cells)
        sheet.finish()
    workbook.close()
    return output.getvalue()

"""Every output format in one table, with the commands that write it and how it is rendered.

Each format has its name, the suffixes that name it, whether it is binary, and how a document (a
report or a trend) is rendered in it.

The command line's ``--format`` choices, the suffix rules of SPEC section 4 (:func:`choose`),
the renderers of ``report`` and ``trend`` (:func:`render`) and the files ``demo`` writes all read
from here, so a new format is one entry in :data:`FORMATS`, its name in :data:`COMMAND_FORMATS`,
and one function.

The suffix rules, one set for every command that writes files:

- ``--format`` absent and ``-o`` given: the suffix chooses the format, where the command has that
  format; a path without a suffix (``/dev/stdout``, a named pipe) gets the command's default
  format (its first); any other suffix is a usage error naming the formats.
- ``--format`` given: a known suffix that names another format is a usage error (``-o r.pdf
  --format md`` would write Markdown into a file called PDF); an unknown suffix is accepted.
- Binary formats (``pdf``, ``xlsx``) need ``-o``.

The choice is made before anything is read or written, so a refused command writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from socialmaturity.errors import UsageError, print_problems

#: A document's renderer: its context and options in, text or bytes out.
Render = Callable[[str, dict[str, Any], "Options"], "str | bytes"]


@dataclass(frozen=True)
class Options:
    """What a renderer may need besides the context."""

    #: A user's Jinja template instead of the bundled one (md, html, pdf).
    template: Path | None = None
    #: The brand's logo for a workbook, as (media type, bytes); templates have it in the context.
    logo: tuple[str, bytes] | None = None


@dataclass(frozen=True)
class Format:
    """An output format."""

    name: str
    #: The suffixes of ``-o`` that name it, lower case; the first is the one files get.
    suffixes: tuple[str, ...] = ()
    #: Not text: never written to a terminal or a pipe.
    binary: bool = False
    #: Rendered through a Jinja template, so ``--template`` can shape it.
    templated: bool = False
    #: How a document is rendered in it, by document (``report``, ``trend``); the formats of
    #: ``score`` are streamed record by record (``commands.scores``) and have none here.
    render: Render | None = field(default=None, compare=False)


def _markdown(document: str, context: dict[str, Any], options: Options) -> str:
    from socialmaturity.render.templating import render_report

    return render_report(context, "md", options.template, name=document)


def _html(document: str, context: dict[str, Any], options: Options) -> str:
    from socialmaturity.render.figures import with_figures
    from socialmaturity.render.templating import render_report

    return render_report(with_figures(document, context), "html", options.template, name=document)


def _pdf(document: str, context: dict[str, Any], options: Options) -> bytes:
    return pdf_of(_html(document, context, options))


def pdf_of(html: str) -> bytes:
    """The PDF of a document already rendered as HTML (its warnings go to stderr).

    For a caller that writes the HTML too: the same document is not rendered twice.
    """
    from socialmaturity.render.pdf import html_to_pdf

    pdf = html_to_pdf(html)
    print_problems(pdf.warnings)
    return pdf.data


def _workbook(document: str, context: dict[str, Any], options: Options) -> bytes:
    from socialmaturity.render.xlsx import report_workbook, trend_workbook

    if document == "trend":
        return trend_workbook(context["trends"])
    return report_workbook(context, options.logo)


def _json(document: str, context: dict[str, Any], options: Options) -> str:
    from socialmaturity.render.report_json import report_json

    if document != "report":  # a trend's JSON is its records, written by the command
        raise UsageError(f"a {document} is not written as json here")
    return report_json(context)


FORMATS: Mapping[str, Format] = {
    f.name: f
    for f in (
        Format("table"),
        Format("text"),
        Format("md", (".md", ".markdown"), templated=True, render=_markdown),
        Format("html", (".html", ".htm"), templated=True, render=_html),
        Format("pdf", (".pdf",), binary=True, templated=True, render=_pdf),
        Format("xlsx", (".xlsx",), binary=True, render=_workbook),
        Format("json", (".json",), render=_json),
        Format("jsonl", (".jsonl",)),
        Format("csv", (".csv",)),
    )
}

#: The formats of each command, its default first (the order ``--help`` lists them in).
COMMAND_FORMATS: Mapping[str, tuple[str, ...]] = {
    "list": ("table", "json"),
    "lint": ("text", "json"),
    "score": ("table", "json", "jsonl", "csv", "xlsx"),
    "report": ("md", "html", "pdf", "xlsx", "json"),
    "trend": ("table", "json", "md", "html", "pdf", "xlsx"),
    "demo": ("md", "html", "pdf", "xlsx"),
}

#: The suffixes that name a format, whatever the command.
SUFFIXES: Mapping[str, str] = {s: f.name for f in FORMATS.values() for s in f.suffixes}


def suffix_of(output: str) -> str:
    """The suffix of an output path as the rules read it: lower case, ``""`` when none."""
    return PurePath(output).suffix.lower()


def file_name(stem: str, format_name: str) -> str:
    """The name a file of this format gets: ``report`` and ``pdf`` give ``report.pdf``."""
    return stem + FORMATS[format_name].suffixes[0]


def choose(command: str, requested: str | None, output: str | None) -> Format:
    """The format a command writes, or a :class:`UsageError` (exit status 2) naming the choices.

    ``requested`` is ``--format`` (None when absent), ``output`` is ``-o`` (None for stdout).
    """
    choices = COMMAND_FORMATS[command]
    formats = ", ".join(choices)
    chosen = requested
    if output is not None:
        suffix = suffix_of(output)
        named = SUFFIXES.get(suffix)
        if requested is not None:
            if named is not None and named != requested:
                raise UsageError(
                    f"--format {requested} contradicts the name {output}: '{suffix}' means "
                    f"{named}; name the file for its format, or leave out --format"
                )
        elif named is not None and named in choices:
            chosen = named
        elif suffix == "":
            chosen = choices[0]
        else:
            suffixes = ", ".join(s for s, name in SUFFIXES.items() if name in choices)
            if named is not None:  # a format, but not one of this command's
                raise UsageError(
                    f"{command} has no {named} output (the name {output} asks for it): its "
                    f"formats are {formats}; use a name ending in {suffixes}, or give --format"
                )
            raise UsageError(
                f"cannot tell the format from the name {output}: use a name ending in "
                f"{suffixes}, or give --format ({formats})"
            )
    if chosen is None:
        chosen = choices[0]
    if chosen not in choices:  # library callers; the command line checks --format itself
        raise UsageError(f"--format {chosen}: expected one of {formats}")
    if FORMATS[chosen].binary and output is None:
        raise UsageError(
            f"--format {chosen} is a binary format: write it to a file with -o FILE "
            f"(for example -o out.{chosen})"
        )
    return FORMATS[chosen]


def render(
    document: str, context: dict[str, Any], format_name: str, options: Options | None = None
) -> str | bytes:
    """A document's context (``report`` or ``trend``) rendered in a format: text or bytes."""
    renderer = FORMATS[format_name].render
    if renderer is None or format_name not in COMMAND_FORMATS[document]:
        raise UsageError(f"a {document} cannot be written as {format_name}")
    return renderer(document, context, options or Options())

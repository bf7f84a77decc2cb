"""``report`` and ``demo``: score, render and write client reports.

Reports come as Markdown, HTML, PDF (the HTML laid out for paper) or an Excel workbook; the
format comes from ``--format`` or the name of ``-o`` (:mod:`socialmaturity.commands.formats`).
Everything is rendered in memory first and written in one atomic step, so a command that fails
or is refused writes nothing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from socialmaturity.engine.organization import DEFAULT_WINDOW
from socialmaturity.engine.roadmap import STEPS_PER_PHASE
from socialmaturity.errors import (
    EXIT_INPUT,
    EXIT_OK,
    InputError,
    Location,
    SocialMaturityError,
    UsageError,
    input_errors,
    print_problems,
    warn,
)
from socialmaturity.i18n import _
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.loading import load_response
from socialmaturity.model.response import (
    Response,
    load_response_document,
    response_from,
    response_header,
)
from socialmaturity.resources import bundled_dir, data_dir

if TYPE_CHECKING:
    from socialmaturity.engine.organization import Combined
    from socialmaturity.engine.scoring import Result
    from socialmaturity.model.brand import Brand
    from socialmaturity.model.kpi_file import KpiFile
    from socialmaturity.model.questionnaire import Questionnaire

#: The environment variable naming a brand file when ``--brand`` is not given.
BRAND_VARIABLE = "SOCIALMATURITY_BRAND"


def brand_from(option: str | None) -> Brand | None:
    """The brand of ``--brand``, else of ``SOCIALMATURITY_BRAND``, else none; warnings shown."""
    from socialmaturity.model.brand import load_brand

    path = option if option is not None else os.environ.get(BRAND_VARIABLE) or None
    if path is None:
        return None
    brand = load_brand(path)
    print_problems(brand.warnings)
    return brand


def _warn_baseline(current: Response, earlier: Response) -> None:
    """Warn (stderr) when a baseline is of another organization or questionnaire version."""
    where = Location(earlier.path)
    if current.organization.strip().casefold() != earlier.organization.strip().casefold():
        warn(f"the baseline is for '{earlier.organization}', not '{current.organization}'", where)
    if (
        current.questionnaire_version
        and earlier.questionnaire_version
        and current.questionnaire_version != earlier.questionnaire_version
        and not earlier.warnings  # already said: it differs from the questionnaire's version
    ):
        warn(
            f"the baseline was answered with version {earlier.questionnaire_version}, "
            f"today's with {current.questionnaire_version}",
            where,
        )


def build_report(
    paths: list[str],
    reference: str | None,
    *,
    output_format: str,
    baseline: Sequence[str] = (),
    targets: list[str] | None = None,
    template: str | None = None,
    brand: Brand | None = None,
    window: int = DEFAULT_WINDOW,
    steps_per_phase: int = STEPS_PER_PHASE,
    anonymous: bool = False,
    kpis: str | None = None,
    language: str | None = None,
) -> str | bytes:
    """Score a response (and its baseline), or combine several of one organization, and render.

    ``md`` and ``html`` are text; ``pdf`` and ``xlsx`` are bytes. ``kpis`` names the client's
    KPI file (SPEC section 9). ``language`` writes the report in that language (SPEC section 8):
    the questionnaire's texts from its translation, the tool's words from its catalogs.
    """
    from pathlib import Path

    from socialmaturity import i18n
    from socialmaturity.render.formats import Options, render

    i18n.use(language)

    context = report_context_for(
        paths,
        reference,
        language=language,
        baseline=baseline,
        targets=targets,
        brand=brand,
        window=window,
        steps_per_phase=steps_per_phase,
        anonymous=anonymous,
        kpis=kpis,
    )
    logo = brand.logo if brand is not None else None
    options = Options(
        template=Path(template) if template else None,
        logo=(logo.media_type, logo.data) if logo else None,
    )
    return render("report", context, output_format, options)


def report_context_for(
    paths: list[str],
    reference: str | None,
    *,
    language: str | None = None,
    baseline: Sequence[str] = (),
    targets: list[str] | None = None,
    brand: Brand | None = None,
    window: int = DEFAULT_WINDOW,
    steps_per_phase: int = STEPS_PER_PHASE,
    anonymous: bool = False,
    kpis: str | None = None,
) -> dict[str, Any]:
    """The report context of one response (with its baseline) or of several respondents.

    Several files (a folder counts as its files) must be respondents of one organization and
    questionnaire; they make an organization report. A baseline (one file, or several of one
    organization) goes with either. Files of several rounds (``window``: the days that group
    unnamed responses) are combined with a warning. ``anonymous`` names every respondent by
    role, never by name. ``kpis`` names a KPI file whose series are analysed beside the answers.
    """
    from socialmaturity.commands.batch import collect_files
    from socialmaturity.engine.organization import anonymized, combine
    from socialmaturity.engine.roadmap import parse_targets
    from socialmaturity.engine.scoring import score_response
    from socialmaturity.render.organization_report import organization_context
    from socialmaturity.render.report import report_context

    # a folder counts as its files, in sorted order; a file named twice, once
    files, missing = collect_files(paths, once=True)
    if missing:
        raise input_errors(missing)
    catalog = Catalog(language=language)
    loaded = [load_response(path, catalog, reference) for path in files]
    series = _kpi_file(kpis)
    response, questionnaire = loaded[0]
    parsed_targets = parse_targets(targets or [], questionnaire)
    for other, _questionnaire in loaded:
        print_problems(other.warnings)
    if len(loaded) > 1:
        results = [score_response(q, r) for r, q in loaded]
        stranger = _stranger(results)
        if stranger is not None:
            raise InputError(_stranger_message(stranger, results[0]), _where(stranger))
        combined = combine(anonymized(results) if anonymous else results)
        versions = sorted(combined.versions)
        if len(versions) > 1:
            warn(
                f"the respondents answered different versions of '{questionnaire.id}' "
                f"({', '.join(versions)}): the model changed between them, so their "
                "answers may differ for that reason"
            )
        _warn_rounds(results, window, "the files")
        earlier = _baseline_result(baseline, questionnaire, results, anonymous, window)
        return organization_context(
            combined,
            baseline=earlier.result,
            baseline_group=earlier.shown,
            baseline_notes=earlier.notes(results),
            targets=parsed_targets,
            brand=brand,
            steps_per_phase=steps_per_phase,
            anonymous=anonymous,
            kpis=series,
        )
    result = score_response(questionnaire, response)
    earlier = _baseline_result(baseline, questionnaire, [result], anonymous, window)
    return report_context(
        anonymized([result])[0] if anonymous else result,
        baseline=earlier.result,
        baseline_group=earlier.shown,
        baseline_notes=earlier.notes([result]),
        targets=parsed_targets,
        brand=brand,
        steps_per_phase=steps_per_phase,
        anonymous=anonymous,
        kpis=series,
    )


def _kpi_file(path: str | None) -> KpiFile | None:
    """The KPI file of ``--kpis``, read and checked; None without one."""
    if path is None:
        return None
    from socialmaturity.model.kpi_file import load_kpis

    return load_kpis(path)


class _Earlier(NamedTuple):
    """The ``--baseline`` assessment: its result, who answered it as shown, and as they are."""

    result: Result | None = None
    #: its respondents as the report names them (by role with --anonymous)
    shown: Combined | None = None
    #: its respondents by their own names: who answered is compared by name, never by role
    named: Combined | None = None

    def notes(self, today: Sequence[Result]) -> list[str]:
        """What besides the company may have changed since (SPEC 5), against today's results."""
        from socialmaturity.engine.organization import combine
        from socialmaturity.engine.trend import comparison_notes

        return [] if self.named is None else comparison_notes(combine(today), self.named)


def _warn_rounds(results: Sequence[Result], window: int, files: str) -> None:
    """Warn when ``results`` belong to several assessment rounds: they are combined all the same."""
    from socialmaturity.engine.organization import rounds

    found = rounds(results, window)
    if len(found) > 1:
        what = "; ".join(", ".join(r.response.path for r in group if r.response) for group in found)
        warn(
            f"{files} belong to {len(found)} assessment rounds ({what}); "
            "combined all the same (use trend to compare rounds)"
        )


def _warn_not_earlier(today: Sequence[Result], earlier: Sequence[Result]) -> None:
    """Warn when the baseline is not an earlier assessment: dated after today's, or today's file."""
    from socialmaturity.commands.batch import file_identity

    def dates(results: Sequence[Result]) -> list[str]:
        return sorted(str(r.response.date) for r in results if r.response and r.response.date)

    def files(results: Sequence[Result]) -> set[tuple[int, int] | None]:
        return {file_identity(r.response.path) for r in results if r.response} - {None}

    now, then = dates(today), dates(earlier)
    if files(today) & files(earlier):
        warn("the baseline is one of this assessment's own files")
    elif now and then and then[0] > now[0]:
        warn(f"the baseline is dated {then[0]}, after this assessment ({now[0]})")


def _baseline_result(
    paths: Sequence[str],
    questionnaire: Questionnaire,
    today: Sequence[Result],
    anonymous: bool,
    window: int,
) -> _Earlier:
    """The earlier assessment ``--baseline`` names: one response, or several combined.

    Folders count as their files. Several files must be respondents of one organization; they are
    combined as today's respondents are (several rounds with a warning). Each is read against
    today's questionnaire (an earlier version is migrated); another questionnaire id is an error.
    """
    if not paths:
        return _Earlier()
    from socialmaturity.commands.batch import collect_files
    from socialmaturity.engine.organization import anonymized, combine
    from socialmaturity.engine.scoring import score_response
    from socialmaturity.render.organization_report import combined_as_result

    files, missing = collect_files(paths, once=True)
    if missing:
        raise input_errors(missing)
    results = []
    for path in files:
        doc = load_response_document(path)
        header = response_header(doc)
        if header.questionnaire != questionnaire.id:
            raise InputError(
                f"the baseline answers questionnaire '{header.questionnaire}', "
                f"not '{questionnaire.id}'",
                doc.locate(("questionnaire",)),
            )
        earlier = response_from(doc, header, questionnaire)
        print_problems(earlier.warnings)
        if today[0].response is not None:
            _warn_baseline(today[0].response, earlier)
        results.append(score_response(questionnaire, earlier))
    stranger = _stranger(results) if len(results) > 1 else None
    if stranger is not None:
        raise InputError(
            "the baseline's files must be respondents of one organization and questionnaire",
            Location(stranger.response.path if stranger.response else ""),
        )
    _warn_rounds(results, window, "the baseline's files")
    _warn_not_earlier(today, results)
    named = combine(results)
    shown = (
        combine(anonymized(results, _baseline_positions(today, results))) if anonymous else named
    )
    result = shown.respondents[0] if len(results) == 1 else combined_as_result(shown)
    return _Earlier(result, shown, named)


def _baseline_positions(today: Sequence[Result], earlier: Sequence[Result]) -> list[int]:
    """Where ``--anonymous`` numbers the baseline's respondents ("Respondent N").

    As today's file of the same person, else after today's files: no label names two people.
    """
    from socialmaturity.engine.organization import folded

    def name(result: Result) -> str:
        return folded(result.response.respondent if result.response else None)

    positions = {name(r): n for n, r in enumerate(today, start=1) if name(r)}
    numbers = iter(range(len(today) + 1, len(today) + len(earlier) + 1))  # the others, in turn
    return [positions[name(r)] if name(r) in positions else next(numbers) for r in earlier]


def _where(result: Result) -> Location:
    return Location(result.response.path if result.response else "")


def _stranger_message(stranger: Result, first: Result) -> str:
    """Why a file cannot join an organization report: what differs from the first file."""
    one, other = first.response, stranger.response
    first_path = one.path if one else ""
    if stranger.questionnaire.id != first.questionnaire.id:
        return (
            "an organization report needs respondents of one questionnaire: this file answers "
            f"'{stranger.questionnaire.id}', {first_path} answers '{first.questionnaire.id}'"
        )
    return (
        "an organization report needs respondents of one organization: "
        f"'{other.organization if other else ''}' differs from "
        f"'{one.organization if one else ''}' ({first_path})"
    )


def _stranger(results: Sequence[Result]) -> Result | None:
    """The first result of another organization or questionnaire than the first one's, if any."""
    from socialmaturity.engine.respondents import assessment_key

    first = assessment_key(results[0])
    return next((r for r in results[1:] if assessment_key(r) != first), None)


def report_file(
    paths: list[str],
    reference: str | None,
    *,
    output_format: str | None,
    output: str | None,
    baseline: Sequence[str],
    targets: list[str],
    template: str | None,
    force: bool,
    brand: str | None = None,
    window: int = DEFAULT_WINDOW,
    steps_per_phase: int = STEPS_PER_PHASE,
    anonymous: bool = False,
    kpis: str | None = None,
    language: str | None = None,
) -> int:
    """``report``: write the report to ``output`` (atomically) or stdout.

    The format is settled first and a file that exists is refused before any work, so a
    refused command writes nothing.
    """
    from socialmaturity.commands.documents import write_document
    from socialmaturity.files import refuse_unwritable
    from socialmaturity.render.formats import COMMAND_FORMATS, FORMATS, choose

    chosen = choose("report", output_format, output)
    fmt = chosen.name
    if template is not None and not chosen.templated:
        shaped = [name for name in COMMAND_FORMATS["report"] if FORMATS[name].templated]
        raise UsageError(
            f"--template shapes {', '.join(shaped[:-1])} and {shaped[-1]} reports; "
            f"{fmt} has no template"
        )
    if output is not None:
        refuse_unwritable(output, force=force)
    content = build_report(
        paths,
        reference,
        output_format=fmt,
        baseline=baseline,
        targets=targets,
        template=template,
        brand=brand_from(brand),
        window=window,
        steps_per_phase=steps_per_phase,
        anonymous=anonymous,
        kpis=kpis,
        language=language,
    )
    write_document(content, output, fmt=fmt, force=force)
    return EXIT_OK


def demo(directory: str, *, force: bool, language: str | None = None) -> int:
    """``demo``: a sample response, the client's KPI series, and its reports.

    The reports show the long-haul evidence of the series (SPEC section 9), in ``language``
    (SPEC section 8; the response and the KPI file stay as they are). If any of the files
    exists, nothing is written without ``force``. Where PDF output is not
    possible (a system library is missing), the other files are written and the problem is
    reported with exit status 1.
    """
    from pathlib import Path

    from socialmaturity import i18n
    from socialmaturity.files import refuse_unusable_folder, refuse_unwritable, write_atomic
    from socialmaturity.render.formats import COMMAND_FORMATS, file_name, pdf_of, render
    from socialmaturity.terminal import progress_steps

    refuse_unusable_folder(directory, "demo")  # an error of that path, as writing would say
    i18n.use(language)
    folder = Path(directory)
    reports = {file_name("report", name): name for name in COMMAND_FORMATS["demo"]}
    names = ["response.yaml", "kpis.csv", *reports]
    targets = [folder / name for name in names]
    for target in targets:
        refuse_unwritable(target, force=force)
    data = data_dir()
    sample, series = data / "demo-response.yaml", data / "demo-kpis.csv"
    bundled = str(bundled_dir() / "social-maturity.yaml")  # never one shadowed on the path
    problem: SocialMaturityError | None = None
    contents: dict[str, str | bytes] = {
        "response.yaml": sample.read_text(encoding="utf-8"),
        "kpis.csv": series.read_text(encoding="utf-8"),
    }
    # several seconds in all (the PDF most): a terminal sees what is being done
    with progress_steps(sys.stderr, 1 + len(reports)) as step:
        step(_("Scoring the sample response and analysing its KPI series"))
        # scored and analysed once, rendered four times
        context = report_context_for([str(sample)], bundled, kpis=str(series), language=language)
        for name, format_name in reports.items():
            step(_("Writing {file}").format(file=folder / name))
            try:
                html = contents.get(file_name("report", "html"))
                if format_name == "pdf" and isinstance(html, str):
                    contents[name] = pdf_of(html)  # the report.html just made, laid out
                else:
                    contents[name] = render("report", context, format_name)
            except SocialMaturityError as exc:  # PDF without its system library
                problem = exc
    written = [folder / name for name in names if name in contents]
    for path in written:
        write_atomic(path, contents[path.name], force=force)
        sys.stdout.write(f"{path}\n")
    if problem is not None:
        print_problems(problem.problems)
        return EXIT_INPUT
    sys.stderr.write(
        f"Open {folder / 'report.html'} in a browser or {folder / 'report.pdf'} in a PDF "
        f"viewer; the workbook is {folder / 'report.xlsx'}. Or try: socialmaturity explain "
        f"{folder / 'response.yaml'}\n"
    )
    return EXIT_OK

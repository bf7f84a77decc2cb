"""Excel workbooks for the consultant's own analysis, written with XlsxWriter.

Three workbooks, sheets and columns as SPEC sections 4 and 5 name them:

- a report (:func:`report_workbook`): ``Summary`` (every dimension and the overall: score,
  level, level name, answered, with a native bar chart of the scores and a radar chart of the
  levels against the target), ``Roadmap`` (one row per step) and ``Answers`` (one row per
  question; for an organization, an answer and a note column per respondent), and with KPI
  series ``Evidence`` (:mod:`~socialmaturity.render.evidence_sheet`);
- ``score`` results (:class:`ScoreWorkbook`): the CSV's header and rows, streamed row by row in
  XlsxWriter's constant-memory mode so a batch of any size keeps memory flat;
- a trend (:func:`trend_workbook`): one row per assessment and dimension.

Scores, levels, phases and counts are numbers, never text; text is always written as text (a
note beginning with ``=`` stays a note, not a formula). Header rows are frozen and columns sized
to their content. The document's creation date is fixed (the assessment's date where there is
one), so the same input gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from socialmaturity.errors import warn
from socialmaturity.i18n import _, colon
from socialmaturity.render.records import source_of
from socialmaturity.render.sheets import (
    DEFAULT_ACCENT,
    FIXED_DATE,
    MAX_FOOTER,
    Cell,
    Sheet,
    cell_formats,
    created,
    header,
    image_size,
    page_footer,
    typed_row,
)


def report_workbook(context: dict[str, Any], logo: tuple[str, bytes] | None = None) -> bytes:
    """The workbook of a report context (see :func:`~socialmaturity.render.report.report_context`).

    ``logo`` is the brand's ``(media type, bytes)``; PNG and JPEG logos go on the ``Summary``
    sheet (Excel shows no SVG images, so an SVG logo is left out there).
    """
    import xlsxwriter

    brand = context.get("brand") or {}
    accent = brand.get("accent") or DEFAULT_ACCENT
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    workbook.set_properties(
        {
            "title": f"{context['questionnaire']['title']}{colon()} {context['organization']}",
            "subject": context["organization"],
            "author": brand.get("name") or context["tool"]["name"],
            "company": brand.get("name") or "",
            "comments": f"{context['tool']['name']} {context['tool']['version']}",
            "created": created(context.get("date")),
        }
    )
    formats = cell_formats(workbook, accent)
    footer = brand.get("footer") or ""
    printed, shortened = page_footer(
        f"{context['organization']}{' · ' + footer if footer else ''}", brand.get("name") or ""
    )
    if shortened:
        warn(
            f"the workbook's page footer is shortened to Excel's {MAX_FOOTER} characters "
            "(the organization, the brand's footer and name, the page numbers)"
        )

    summary = Sheet(workbook, "Summary", formats)
    header_row, columns = _summary(summary, context)
    summary.finish(header_row)
    _charts(workbook, summary, context, header_row, columns + 1, accent)
    if logo is not None and logo[0] in ("image/png", "image/jpeg"):
        size = image_size(logo[1], logo[0])
        scale = min(1.0, 48 / size[1], 200 / size[0]) if size and size[0] and size[1] else 1.0
        summary.sheet.insert_image(
            0,
            max(columns - 2, 3),
            "logo.png" if logo[0] == "image/png" else "logo.jpeg",
            {"image_data": io.BytesIO(logo[1]), "x_scale": scale, "y_scale": scale},
        )

    roadmap = Sheet(workbook, "Roadmap", formats)
    _roadmap(roadmap, context)
    roadmap.finish(0, len(ROADMAP_COLUMNS))

    answers = Sheet(workbook, "Answers", formats)
    columns = _answers(answers, context)
    answers.finish(0, columns)

    kpis = Sheet(workbook, "KPIs", formats)
    _kpis(kpis, context)
    kpis.finish(0, len(KPI_COLUMNS))

    sheets = [summary, roadmap, answers, kpis]
    if context.get("long_haul") is not None:  # report --kpis
        from socialmaturity.render.evidence_sheet import evidence_sheet

        sheets.append(evidence_sheet(workbook, formats, context))
        sheets[-1].finish(0)
    for sheet in sheets:
        sheet.sheet.set_landscape()
        sheet.sheet.set_paper(9)  # A4
        sheet.sheet.fit_to_pages(1, 0)
        sheet.sheet.set_footer(printed)
        sheet.sheet.repeat_rows(header_row if sheet is summary else 0)
    workbook.close()
    return output.getvalue()


def _summary(sheet: Sheet, context: dict[str, Any]) -> tuple[int, int]:
    """The title block, then one row per dimension and the overall.

    Returns the header's row number and the number of columns.
    """
    q = context["questionnaire"]
    brand = context.get("brand") or {}
    sheet.write(0, 0, context["organization"], "title")
    sheet.write(1, 0, f"{q['title']} ({q['id']} {q['version']})", "subtitle")
    facts: list[tuple[str, Cell]] = []
    if context.get("respondent") or context.get("role"):
        who = ", ".join(part for part in (context.get("respondent"), context.get("role")) if part)
        facts.append(("respondent" if not context["respondents"] else "respondents", who))
    if context.get("date"):
        facts.append(("date", context["date"]))
    if context.get("assessor"):
        facts.append(("assessor", context["assessor"]))
    counts = {"answered": context["answered"], "total": context["question_count"]}
    answered = _("%(answered)s of %(total)s questions (%(pct)s%%)")
    facts.append(("answered", answered % {**counts, "pct": context["completeness_pct"]}))
    if context.get("baseline"):
        facts.append(("baseline", context["baseline"].get("date") or ""))
    if brand.get("name"):
        facts.append(("prepared by", brand["name"]))
    row = 3
    for label, value in facts:
        sheet.write(row, 0, label, "label")
        sheet.write(row, 1, value)
        row += 1
    sheet.widths[0] = max(sheet.widths.get(0, 0), 12)
    sheet.widths[0] = min(sheet.widths[0], 34)  # the title may be long; it may run over
    header_row = row + 1
    sheet.row = header_row
    names = [
        "dimension",
        "score",
        "level",
        "level name",
        "answered",
        "questions",
        "target level",
        "target level name",
    ]
    baseline = context.get("baseline")
    if baseline:
        names += ["earlier score", "earlier level", "earlier level name", "change"]
    if context["respondents"]:
        names.append("spread")
    header(sheet, names)
    targets = {t["id"]: t for t in context.get("targets", [])}
    for index, d in enumerate(context["dimensions"]):
        target = targets.get(d["id"], {})
        cells: list[Cell] = [
            d["name"],
            d["score"],
            *_level_cells(d["level"]),
            d["answered"],
            d["questions"],
            target.get("target"),
            target.get("target_name"),
        ]
        if baseline:
            cells += _baseline_cells(d.get("baseline") or {})
        if context["respondents"]:
            cells.append(context["spread_scores"][index])
        typed_row(sheet, cells, names)
    overall = context["overall"]
    cells = [
        "Overall",
        overall["score"],
        *_level_cells(overall["level"]),
        context["answered"],
        context["question_count"],
        None,
        None,
    ]
    if baseline:
        cells += _baseline_cells(baseline)
    if context["respondents"]:
        cells.append(None)
    for column, value in enumerate(cells):
        style = "total"
        if isinstance(value, float):
            style = "total_number"
        elif isinstance(value, int):
            style = "total_int"
        sheet.write(sheet.row, column, value, style)
    sheet.row += 1
    return header_row, len(names)


def _level_cells(level: dict[str, Any]) -> list[Cell]:
    """A level's number and name; no name where there is no level."""
    number = level.get("number")
    return [number, level.get("name") if number is not None else None]


def _baseline_cells(before: dict[str, Any]) -> list[Cell]:
    """The earlier score, level number and name, and the change since: the baseline columns."""
    return [before.get("score"), *_level_cells(before.get("level") or {}), before.get("change")]


def _charts(
    workbook: Any,
    sheet: Sheet,
    context: dict[str, Any],
    header_row: int,
    column: int,
    accent: str,
) -> None:
    """A bar chart of the dimension scores and a radar chart of today's and target levels."""
    count = len(context["dimensions"])
    if not count:
        return
    first, last = header_row + 1, header_row + count
    name = "Summary"
    bar = workbook.add_chart({"type": "bar"})
    bar.add_series(
        {
            "name": "score",
            "categories": [name, first, 0, last, 0],
            "values": [name, first, 1, last, 1],
            "fill": {"color": accent},
            "data_labels": {"value": True, "num_format": "0.0"},
        }
    )
    bar.set_title({"name": "Dimension scores"})
    bar.set_x_axis({"min": 0, "max": 100, "major_unit": 20})
    bar.set_y_axis({"reverse": True})
    bar.set_legend({"none": True})
    bar_height = 90 + 36 * count
    bar.set_size({"width": 620, "height": bar_height})
    sheet.sheet.insert_chart(header_row, column, bar)

    radar = workbook.add_chart({"type": "radar", "subtype": "with_markers"})
    radar.add_series(
        {
            "name": "today",
            "categories": [name, first, 0, last, 0],
            "values": [name, first, 2, last, 2],
            "line": {"color": accent, "width": 2.25},
            "marker": {"type": "circle", "fill": {"color": accent}, "border": {"color": accent}},
        }
    )
    radar.add_series(
        {
            "name": "target",
            "categories": [name, first, 0, last, 0],
            "values": [name, first, 6, last, 6],
            "line": {"color": "#1d2733", "width": 1.5, "dash_type": "round_dot"},
            "marker": {"type": "diamond", "border": {"color": "#1d2733"}},
        }
    )
    levels = len(context.get("levels", [])) or 5
    radar.set_y_axis({"min": 0, "max": levels, "major_unit": 1})
    radar.set_title({"name": "Levels: today and target"})
    radar.set_size({"width": 620, "height": 420})
    rows_below = -(-bar_height // 20) + 2  # default rows are 20 pixels high
    sheet.sheet.insert_chart(header_row + rows_below, column, radar)


ROADMAP_COLUMNS = [
    "phase",
    "dimension",
    "level",
    "title",
    "effort",
    "horizon",
    "owner",
    "kpis",
    "why",
    "done",
    "waits for",
    "first move",
]


def _roadmap(sheet: Sheet, context: dict[str, Any]) -> None:
    header(sheet, ROADMAP_COLUMNS)
    for phase in context["phases"]:
        for step in phase["steps"]:
            typed_row(
                sheet,
                [
                    phase["number"],
                    step["dimension"],
                    step["level"],
                    step["title"],
                    _(step["effort"]) if step["effort"] else None,  # low, medium, high
                    step["horizon"],
                    step["owner"],
                    "; ".join(step["kpis"]),
                    step["why"],
                    step["done"],
                    "; ".join(step["waits_for"]),
                    "true" if step["first_move"] else "false",
                ],
                ROADMAP_COLUMNS,
            )


KPI_COLUMNS = ["kpi", "steps", "owners", "current", "target"]


def _kpis(sheet: Sheet, context: dict[str, Any]) -> None:
    """Every KPI of the plan once, with the steps it measures and blank cells to fill in."""
    header(sheet, KPI_COLUMNS)
    for kpi in context["all_kpis"]:
        sheet.write_row([kpi["name"], "; ".join(kpi["steps"]), ", ".join(kpi["owners"])])


def _answers(sheet: Sheet, context: dict[str, Any]) -> int:
    """One row per question; an answer and a note column per respondent for an organization."""
    people = context.get("answers_by_respondent") or []
    if len(people) <= 1:
        names = [
            "dimension",
            "question id",
            "question text",
            "answer label",
            "points",
            "norm",
            "weight",
            "note",
        ]
        header(sheet, names)
        sections = people[0]["sections"] if people else context["appendix"]
        for section in sections:
            for row in section["answers"]:
                typed_row(
                    sheet,
                    [
                        section["name"],
                        row["id"],
                        row["text"],
                        row["answer"] if row["answered"] else None,
                        row.get("points"),
                        row.get("norm"),
                        row.get("weight"),
                        row["note"],
                    ],
                    names,
                )
        return len(names)
    names = ["dimension", "question id", "question text"]
    for person in people:
        names += [f"{person['name']}: answer", f"{person['name']}: note"]
    names += ["points", "norm", "weight"]
    header(sheet, names)
    first = people[0]["sections"]
    for s, section in enumerate(first):
        for r, row in enumerate(section["answers"]):
            cells: list[Cell] = [section["name"], row["id"], row["text"]]
            points: list[float] = []
            norms: list[float] = []
            for person in people:
                theirs = person["sections"][s]["answers"][r]
                cells += [theirs["answer"] if theirs["answered"] else None, theirs["note"]]
                if theirs.get("points") is not None:
                    points.append(theirs["points"])
                if theirs.get("norm") is not None:
                    norms.append(theirs["norm"])
            cells += [
                sum(points) / len(points) if points else None,
                sum(norms) / len(norms) if norms else None,
                row.get("weight"),
            ]
            typed_row(sheet, cells, names)
    return len(names)


class ScoreWorkbook:
    """``score`` results as a workbook: the CSV's header and rows, streamed in constant memory.

    Rows go to a temporary file as they come (XlsxWriter's ``constant_memory`` mode), so memory
    stays flat whatever the size of the batch; :meth:`close` returns the finished file's bytes.
    A second sheet, ``Levels``, names the level numbers.
    """

    def __init__(self) -> None:
        import xlsxwriter

        self._output = io.BytesIO()
        self._workbook = xlsxwriter.Workbook(self._output, {"constant_memory": True})
        self._workbook.set_properties(
            {"title": "socialmaturity scores", "created": FIXED_DATE, "author": "socialmaturity"}
        )
        self.cell_formats = cell_formats(self._workbook, DEFAULT_ACCENT)
        self._sheet = Sheet(self._workbook, "Scores", self.cell_formats)
        self._levels: dict[int, str] = {}
        self._columns = 0

    def header(self, names: Sequence[str]) -> None:
        """The header row (the CSV's)."""
        self._columns = len(names)
        header(self._sheet, names)

    def add(self, record: dict[str, Any]) -> None:
        """One result record as a row: text as text, scores and levels as numbers."""
        cells: list[Cell] = [source_of(record)]
        cells += [record[key] for key in ("organization", "respondent", "role", "date")]
        overall = record["overall"]
        cells += [overall["score"], overall["level"]]
        self._remember(overall)
        for dimension in record["dimensions"]:
            cells += [dimension["score"], dimension["level"]]
            self._remember(dimension)
        for column, value in enumerate(cells):
            style = "number" if column >= 5 and isinstance(value, float) else None
            self._sheet.write(self._sheet.row, column, value, style)
        self._sheet.row += 1

    def _remember(self, part: dict[str, Any]) -> None:
        if part["level"] is not None and part.get("level_name"):
            self._levels.setdefault(part["level"], part["level_name"])

    def close(self) -> bytes:
        """Finish the workbook and return its bytes."""
        self._sheet.finish(0, self._columns)
        levels = Sheet(self._workbook, "Levels", self.cell_formats)
        header(levels, ["level", "level name"])
        for number in sorted(self._levels):
            levels.write_row([number, self._levels[number]])
        levels.finish(0)
        self._workbook.close()
        return self._output.getvalue()


def trend_workbook(records: Iterable[dict[str, Any]]) -> bytes:
    """The trend records as one row per assessment and dimension (the overall as ``overall``)."""
    import xlsxwriter

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    workbook.set_properties(
        {"title": "Maturity over time", "created": FIXED_DATE, "author": "socialmaturity"}
    )
    formats = cell_formats(workbook, DEFAULT_ACCENT)
    sheet = Sheet(workbook, "Trend", formats)
    names = [
        "organization",
        "date",
        "round",
        "respondents",
        "dimension",
        "score",
        "level",
        "change since previous",
        "change since a year before",
        "level name",
    ]
    header(sheet, names)
    for record in records:
        for assessment in record["assessments"]:
            previous = assessment.get("change_since_previous") or {}
            year = assessment.get("change_since_year_before") or {}
            parts = [("overall", assessment["overall"])]
            parts += [(d["id"], d) for d in assessment["dimensions"]]
            for dimension_id, part in parts:
                typed_row(
                    sheet,
                    [
                        record["organization"],
                        assessment["date"],
                        assessment.get("round"),
                        assessment["respondents"],
                        dimension_id,
                        part["score"],
                        part["level"],
                        previous.get(dimension_id),
                        year.get(dimension_id),
                        part.get("level_name") if part["level"] is not None else None,
                    ],
                    ["", "", "", "", "", "score", "", "change", "change", ""],
                )
    sheet.finish(0, len(names))
    workbook.close()
    return output.getvalue()

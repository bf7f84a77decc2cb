"""Tables for people at a terminal: ``score`` (single and by organization) and ``trend``.

One style for all of them: a header, a rule, one line per row in fixed-width columns, scores as
``score (level)``. Rows are written as they come, so a table of 10,000 responses holds no more
than one row in memory. Text columns share the width the terminal leaves: names are cut at the
end, paths at the start (the file name is what tells rows apart), never wrapped over lines; each
text column stops at a width its content rarely passes, so the room left goes to the dimensions,
whose full names head their columns wherever the line has room (else their first words).
Below the width that shows every dimension, each response becomes a short block of lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import Any, TextIO

from socialmaturity.render.records import source_of
from socialmaturity.terminal import visible

SCORE_WIDTH = 9  # "100.0 (5)"
GAP = "  "
#: The widest a dimension's column gets for its name; a longer name is cut.
NAME_WIDTH = 28
#: The widest each text column gets: names and paths rarely need more, so the rest of a wide
#: terminal goes to the dimensions' names rather than to empty space.
TEXT_WIDTHS = {"file": 48, "client": 32, "respondent": 24, "round": 24}


@dataclass(frozen=True)
class Column:
    """A column: its header, width, whether numbers align right, and how to cut long text."""

    header: str
    width: int
    right: bool = False
    cut_start: bool = False


def cut(text: str, width: int, *, start: bool = False) -> str:
    """``text`` (made visible) in at most ``width`` characters, marked with … where cut."""
    shown = visible(text)
    if len(shown) <= width:
        return shown
    if width <= 1:
        return "…"[:width]
    return "…" + shown[-(width - 1) :] if start else shown[: width - 1] + "…"


class TableWriter:
    """Writes rows under a header as they come, in columns sized once."""

    def __init__(self, out: TextIO, columns: Sequence[Column]) -> None:
        self.out = out
        self.columns = list(columns)
        self.rows = 0

    def header(self) -> None:
        """The header line and its rule."""
        self._line([c.header for c in self.columns])
        self.out.write(GAP.join("─" * c.width for c in self.columns).rstrip() + "\n")

    def row(self, cells: Sequence[str]) -> None:
        """One row; each cell is cut to its column."""
        self._line(list(cells))
        self.rows += 1

    def _line(self, cells: list[str]) -> None:
        parts = []
        for column, cell in zip(self.columns, cells, strict=True):
            text = cut(cell, column.width, start=column.cut_start)
            parts.append(text.rjust(column.width) if column.right else text.ljust(column.width))
        self.out.write(GAP.join(parts).rstrip() + "\n")


def _cell(part: dict[str, Any]) -> str:
    return "–" if part["score"] is None else f"{part['score']:.1f} ({part['level']})"


def _short(name: str) -> str:
    """A dimension's name cut to its first word, so a row of them fits a terminal."""
    first = name.split()[0] if name.split() else name
    return first if len(first) <= SCORE_WIDTH else first[: SCORE_WIDTH - 1] + "…"


def _first_word(name: str) -> str:
    """A dimension's name cut to its first word, whole (up to the widest a name gets)."""
    return cut(name.split()[0] if name.split() else name, NAME_WIDTH)


Share = tuple[str, int, int, bool]  # a text column: header, minimum, weight, cut at its start


def _layout(
    width: int,
    fixed: Sequence[Column],
    names: Sequence[str],
    shares: Sequence[Share],
    needs: dict[str, str],
) -> tuple[list[Column], list[Column]]:
    """The text columns and the dimensions' columns of a table ``width`` wide.

    Each text column first gets what its first value needs (up to its widest, TEXT_WIDTHS; a
    path only its file name);
    the dimensions are then headed by their full names where the rest of the line has room,
    else by their first words; where even those do not fit, by first words cut to a score's
    width, and the text columns share what is left.
    """
    wanted = [
        (
            header,
            min(
                TEXT_WIDTHS.get(header, minimum), max(minimum, len(visible(needs.get(header, ""))))
            ),
            weight,
            start,
        )
        for header, minimum, weight, start in shares
    ]
    for label in (lambda name: cut(name, NAME_WIDTH), _first_word):
        headers = [label(name) for name in names]
        dimensions = [Column(h, max(SCORE_WIDTH, len(h)), right=True) for h in headers]
        columns = [*fixed, *dimensions]
        used = sum(c.width for c in columns) + sum(share[1] for share in wanted)
        if used + len(GAP) * (len(columns) + len(wanted) - 1) <= width:
            return _shares(width, columns, wanted), dimensions
    dimensions = [Column(_short(name), SCORE_WIDTH, right=True) for name in names]
    return _shares(width, [*fixed, *dimensions], shares), dimensions


def _shares(width: int, fixed: Sequence[Column], shares: Sequence[Share]) -> list[Column]:
    """Text columns sized to what the fixed ones leave: (header, minimum, weight, cut start).

    Each gets its weight's part of the room left, never less than its minimum; the extra a
    minimum takes comes out of the others' parts, so the line fits whenever it can.
    """
    used = sum(c.width for c in fixed) + len(GAP) * (len(fixed) + len(shares) - 1)
    left = width - used
    total = sum(weight for _, _, weight, _ in shares)
    sizes = [
        max(minimum, min(TEXT_WIDTHS.get(header, left), left * weight // total))
        for header, minimum, weight, _ in shares
    ]
    while sum(sizes) > left and any(s > m for s, (_, m, _, _) in zip(sizes, shares, strict=True)):
        widest = max(range(len(sizes)), key=lambda n: sizes[n] - shares[n][1])
        sizes[widest] -= 1
    return [
        Column(header, size, cut_start=start)
        for size, (header, _, _, start) in zip(sizes, shares, strict=True)
    ]


def _fits(columns: Sequence[Column], width: int) -> bool:
    return sum(c.width for c in columns) + len(GAP) * (len(columns) - 1) <= width


class ScoreTable:
    """``score --format table``: a table per questionnaire as results stream in."""

    def __init__(self, out: TextIO, width: int) -> None:
        self.out = out
        self.width = width
        self.writer: TableWriter | None = None
        self.questionnaire: str | None = None
        self.levels: dict[int, str] = {}
        self.count = 0
        self.noun = "response"

    def add(self, record: dict[str, Any]) -> None:
        """Print one result (single or organization)."""
        questionnaire = f"{record['questionnaire']['id']} {record['questionnaire']['version']}"
        if questionnaire != self.questionnaire:
            self._finish()
            self.questionnaire = questionnaire
            self._start(record)
        for part in (record["overall"], *record["dimensions"]):
            if part["level"] is not None:
                self.levels[part["level"]] = part["level_name"]
        self.count += 1
        if self.writer is None:
            self._block(record)
            return
        if "respondents" in record:
            cells = [
                record["organization"],
                record["date"] or "–",
                record["round"] or "–",
                str(record["respondents"]),
                str(len(record["disagreements"])),
            ]
        else:
            cells = [
                source_of(record),
                record["organization"],
                record["respondent"] or "–",
                record["date"] or "–",
            ]
        cells += [_cell(record["overall"]), *(_cell(d) for d in record["dimensions"])]
        cells.append(f"{record['completeness']:.0%}")
        self.writer.row(cells)

    def _start(self, record: dict[str, Any]) -> None:
        dimensions = record["dimensions"]
        organizations = "respondents" in record
        self.noun = "assessment" if organizations else "response"
        if organizations:
            fixed = [
                Column("date", 10),
                Column("resp.", 5, right=True),
                Column("disagr.", 7, right=True),
            ]
            shares = [("client", 10, 3, False), ("round", 5, 1, False)]
        else:
            fixed = [Column("date", 10)]
            shares = [
                ("file", 10, 4, True),
                ("client", 10, 3, False),
                ("respondent", 10, 2, False),
            ]
        numbers = [Column("overall", SCORE_WIDTH, right=True), Column("answ.", 5, right=True)]
        needs = {
            "file": "…" + PurePath(source_of(record)).name,  # the name tells rows apart
            "client": record["organization"],
            "respondent": record.get("respondent") or "–",
            "round": record.get("round") or "–",
        }
        names = [d["name"] for d in dimensions]
        texts, columns = _layout(self.width, [*fixed, *numbers], names, shares, needs)
        numbers[1:1] = columns
        self.out.write(f"{visible(self.questionnaire or '')}\n")
        if organizations:
            columns = [texts[0], fixed[0], texts[1], fixed[1], fixed[2], *numbers]
        else:
            columns = [texts[0], texts[1], texts[2], fixed[0], *numbers]
        if not _fits(columns, self.width):
            self.writer = None  # too narrow for every dimension: a block per response
            return
        self.writer = TableWriter(self.out, columns)
        self.writer.header()

    def _block(self, record: dict[str, Any]) -> None:
        """A narrow terminal: the response's name, then one line per dimension."""
        who = source_of(record) if "respondents" not in record else record["organization"]
        title = f"{who}: {record['organization']}" if "respondents" not in record else who
        self.out.write("\n" + cut(title, self.width, start=True) + "\n")
        parts = [("Overall", record["overall"]), *((d["name"], d) for d in record["dimensions"])]
        name_width = max(8, min(self.width - SCORE_WIDTH - 4, 34))
        for name, part in parts:
            score = "–" if part["score"] is None else f"{part['score']:.1f}"
            level = "" if part["level"] is None else f"{part['level']} {part['level_name']}"
            line = f"  {cut(name, name_width).ljust(name_width)} {score.rjust(5)}  {level}"
            self.out.write(cut(line, self.width) + "\n")
        self.out.write(f"  {'Answered'.ljust(name_width)} {record['completeness']:.0%}\n")

    def _finish(self) -> None:
        if self.questionnaire is None:
            return
        noun = self.noun if self.count == 1 else f"{self.noun}s"
        levels = ", ".join(f"{level} {name}" for level, name in sorted(self.levels.items()))
        self.out.write(f"{self.count} {noun}; score (level); levels: {visible(levels)}\n\n")
        self.count = 0
        self.levels = {}

    def close(self) -> None:
        """The last table's closing line."""
        self._finish()


def score_tables(records: Iterable[dict[str, Any]], out: TextIO, width: int) -> None:
    """Print results as tables, streaming: one table per questionnaire, rows in input order."""
    table = ScoreTable(out, width)
    for record in records:
        table.add(record)
    table.close()


def trend_table(record: dict[str, Any], out: TextIO, width: int) -> None:
    """One organization's trend in the same style: an assessment per row, with its changes.

    Its headers are the tool's words and its numbers written as the language in use writes
    them (``trend --lang``, SPEC section 8).
    """
    from socialmaturity.i18n import _, change_text, decimal_text

    def column(header: str, least: int) -> Column:
        return Column(header, max(least, len(header)), right=True)

    assessments = record["assessments"]
    dimensions = assessments[0]["dimensions"]
    numbers = [column(_("overall"), SCORE_WIDTH)]
    numbers += [column(_("since prev."), 11), column(_("since year"), 10)]
    fixed = [Column(_("date"), 10), column(_("resp."), 5)]
    rounds = max((a["round"] or "–" for a in assessments), key=len)
    names = [d["name"] for d in dimensions]
    (round_column,), columns = _layout(
        width, [*fixed, *numbers], names, [("round", 5, 1, False)], {"round": rounds}
    )
    numbers[1:1] = columns
    round_column = replace(round_column, header=_("round"))
    writer = TableWriter(out, [fixed[0], round_column, fixed[1], *numbers])
    out.write(f"{visible(record['organization'])}\n")
    writer.header()

    def delta(change: dict[str, Any] | None) -> str:
        if change is None or change["overall"] is None:
            return "–"
        return change_text(change["overall"])

    for a in assessments:
        writer.row(
            [
                a["date"] or "–",
                a["round"] or "–",
                str(a["respondents"]),
                decimal_text(_cell(a["overall"])),
                *(decimal_text(_cell(d)) for d in a["dimensions"]),
                delta(a["change_since_previous"]),
                delta(a["change_since_year_before"]),
            ]
        )
    out.write("\n")

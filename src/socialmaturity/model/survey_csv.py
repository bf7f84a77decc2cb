"""CSV exports of survey servers as a header and records, each record with the line it starts on.

The one seam where such files are read (``import``, SPEC section 7). ODK Central separates cells
with ``,``; KoboToolbox with ``;`` or ``,``, told from the header line. A cell may hold line
breaks inside quotes, so a record's line is counted, not assumed: errors point at the line on
which the record starts (the header being line 1).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from socialmaturity.errors import InputError, Location
from socialmaturity.model.reading import read_text

DELIMITERS = (",", ";")


@dataclass(frozen=True)
class Record:
    """One data row: the line it starts on and its cells (as many as the header has)."""

    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class CsvTable:
    """A CSV file read whole: its column names and its records, in order."""

    path: str
    header: tuple[str, ...]
    records: tuple[Record, ...]
    delimiter: str

    def column(self, name: str) -> int | None:
        """The index of the first column with this exact name, or None."""
        try:
            return self.header.index(name)
        except ValueError:
            return None


def delimiter_of(text: str) -> str:
    """``;`` when the first line has more of them than commas, else ``,``."""
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def read_csv_table(path: str | Path) -> CsvTable:
    """Read a CSV export; a file that is not one is an :class:`InputError` located in it."""
    name = str(path)
    text = read_text(path)
    delimiter = delimiter_of(text)
    rows = csv_records(name, text, delimiter)
    first = next(rows, None)
    if first is None or not any(cell.strip() for cell in first.cells):
        raise InputError(
            "has no header row: an export of submissions starts with one", Location(name)
        )
    header = tuple(cell.strip() for cell in first.cells)
    width = len(header)
    records = tuple(
        Record(row.line, (*row.cells[:width], *("",) * (width - len(row.cells))))
        for row in rows
        if any(cell.strip() for cell in row.cells)
    )
    return CsvTable(name, header, records, delimiter)


def csv_records(path: str, text: str, delimiter: str) -> Iterator[Record]:
    """Every row of the text with the line it starts on; a CSV error is located at its line."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(f"not a readable CSV file: {exc}", Location(path, line)) from None
        yield Record(line, tuple(cells))
        line = reader.line_num + 1

"""A worksheet written row by row with typed cells: what every workbook of the tool shares.

Numbers are written as numbers and text as text (a note beginning with ``=`` stays a note, never a
formula); columns are sized to their content; printed headers escape ``&``.
"""

from __future__ import annotations

import datetime as dt
import struct
from collections.abc import Sequence
from typing import Any

from socialmaturity.errors import InputError

#: A cell holds at most this many characters (Excel's limit).
MAX_CELL = 32_767
#: The most rows and columns a worksheet has (Excel's limits); XlsxWriter drops a cell past them.
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
#: The longest printed page header or footer, codes included (Excel's limit).
MAX_FOOTER = 255
#: Columns are sized to their content, up to this many characters; longer text wraps.
MAX_WIDTH = 60
#: The creation date written when no assessment date applies.
FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
DEFAULT_ACCENT = "#1f5f8b"

Cell = str | int | float | None


def created(date: str | None) -> dt.datetime:
    """The workbook's creation date: the assessment's, so the same input gives the same bytes."""
    if date:
        try:
            day = dt.date.fromisoformat(date)
        except ValueError:
            return FIXED_DATE
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
    return FIXED_DATE


def header_text(text: str) -> str:
    """Text for a printed page header or footer: ``&`` is a code there, so it is doubled."""
    return text.replace("&", "&&")


def _cut(text: str, room: int) -> str:
    """Header text shortened to ``room`` characters, marked with …, never half of a ``&&``."""
    if len(text) <= room:
        return text
    kept = text[: max(room - 1, 0)]
    if (len(kept) - len(kept.rstrip("&"))) % 2:
        kept = kept[:-1]
    return kept + "…"


def page_footer(left: str, right: str) -> tuple[str, bool]:
    """A printed footer: ``left`` on the left, ``right`` and the page numbers on the right.

    Excel drops a footer longer than :data:`MAX_FOOTER` (XlsxWriter warns and leaves it out),
    so the texts are shortened (marked with …) until it fits, the right one to at most half of
    the room when both are long; True when they had to be.
    """
    codes = "&L&R page &P of &N"
    room = MAX_FOOTER - len(codes)
    first, second = header_text(left), header_text(right)
    if len(first) + len(second) <= room:
        return f"&L{first}&R{second} page &P of &N", False
    second = _cut(second, max(room // 2, room - len(first)))
    first = _cut(first, room - len(second))
    return f"&L{first}&R{second} page &P of &N", True


class Sheet:
    """A worksheet written row by row, typed cells, with widths that follow the content."""

    def __init__(self, workbook: Any, name: str, formats: dict[str, Any]) -> None:
        self.sheet = workbook.add_worksheet(name)
        self.formats = formats
        self.row = 0
        self.widths: dict[int, int] = {}
        self.wrap: set[int] = set()

    def write_row(self, cells: Sequence[Cell], style: str | None = None) -> None:
        """Write one row of cells and move to the next."""
        for column, value in enumerate(cells):
            self.write(self.row, column, value, style)
        self.row += 1

    def write(self, row: int, column: int, value: Cell, style: str | None = None) -> None:
        """Write one cell as a number or as text (never a formula), noting its width.

        A cell past Excel's last row or column, or text longer than a cell holds, is an error:
        XlsxWriter would drop or cut it silently.
        """
        if row >= MAX_ROWS or column >= MAX_COLUMNS:
            what = f"{MAX_COLUMNS:,} columns" if column >= MAX_COLUMNS else f"{MAX_ROWS:,} rows"
            raise InputError(
                f"the workbook's sheet '{self.sheet.name}' needs more than Excel's {what}; "
                "write csv or json instead, or split the input"
            )
        sheet = self.sheet
        if value is None or value == "":
            fmt = self.formats.get(style or "")
            if fmt is not None:
                sheet.write_blank(row, column, None, fmt)
            return
        if isinstance(value, bool):
            value = str(value).lower()
        if isinstance(value, (int, float)):
            number_style = style or ("int" if isinstance(value, int) else "number")
            sheet.write_number(row, column, value, self.formats.get(number_style))
            width = len(f"{value:.1f}" if isinstance(value, float) else str(value))
        else:
            text = str(value)
            if len(text) > MAX_CELL:  # XlsxWriter would cut it short without a word
                from xlsxwriter.utility import xl_rowcol_to_cell

                raise InputError(
                    f"cell {xl_rowcol_to_cell(row, column)} of the workbook's sheet "
                    f"'{self.sheet.name}' would hold {len(text):,} characters, more than "
                    f"Excel's {MAX_CELL:,}; write csv or json instead, or shorten the text"
                )
            longest = max((len(line) for line in text.splitlines()), default=0)
            if longest > MAX_WIDTH:
                self.wrap.add(column)
            sheet.write_string(row, column, text, self.formats.get(style or "text"))
            width = longest
        self.widths[column] = max(self.widths.get(column, 0), width)

    def finish(self, header_row: int | None = 0, filter_columns: int = 0) -> None:
        """Size the columns, freeze the header row and offer filters on it."""
        for column, width in self.widths.items():
            wrap = column in self.wrap
            fmt = self.formats["wrap"] if wrap else None
            self.sheet.set_column(column, column, min(max(width, 6) + 2, MAX_WIDTH + 2), fmt)
        if header_row is not None:
            self.sheet.freeze_panes(header_row + 1, 0)
            if filter_columns and self.row > header_row + 1:
                self.sheet.autofilter(header_row, 0, self.row - 1, filter_columns - 1)


def cell_formats(workbook: Any, accent: str) -> dict[str, Any]:
    """The cell styles of a workbook, by name, in the accent colour."""
    return {
        "header": workbook.add_format(
            {
                "bold": True,
                "font_color": "#ffffff",
                "bg_color": accent,
                "text_wrap": True,
                "valign": "top",
                "border": 0,
            }
        ),
        "title": workbook.add_format({"bold": True, "font_size": 16, "font_color": accent}),
        "subtitle": workbook.add_format({"italic": True, "font_color": "#5b6876"}),
        "label": workbook.add_format({"bold": True, "font_color": "#5b6876"}),
        "text": workbook.add_format({"valign": "top"}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "number": workbook.add_format({"num_format": "0.0", "valign": "top"}),
        "int": workbook.add_format({"num_format": "0", "valign": "top"}),
        "norm": workbook.add_format({"num_format": "0.00", "valign": "top"}),
        "change": workbook.add_format({"num_format": "+0.0;-0.0;0.0", "valign": "top"}),
        "total": workbook.add_format({"bold": True, "top": 1}),
        "total_number": workbook.add_format({"bold": True, "top": 1, "num_format": "0.0"}),
        "total_int": workbook.add_format({"bold": True, "top": 1, "num_format": "0"}),
    }


def header(sheet: Sheet, names: Sequence[str]) -> None:
    """A header row."""
    sheet.write_row(names, "header")


def image_size(data: bytes, media_type: str) -> tuple[int, int] | None:
    """Width and height in pixels of a PNG or JPEG image, read from its header."""
    if media_type == "image/png" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if media_type == "image/jpeg":
        at = 2
        while at + 9 < len(data):
            if data[at] != 0xFF:
                return None
            marker = data[at + 1]
            length = int.from_bytes(data[at + 2 : at + 4], "big")
            if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD):
                height, width = struct.unpack(">HH", data[at + 5 : at + 9])
                return int(width), int(height)
            at += 2 + length
    return None


def typed_row(sheet: Sheet, cells: Sequence[Cell], names: Sequence[str]) -> None:
    """A row whose cells are styled by their column's name (scores, changes, norms)."""
    for column, (value, name) in enumerate(zip(cells, names, strict=True)):
        style = None
        if name in ("score", "earlier score", "spread", "points"):
            style = "number"
        elif name == "change":
            style = "change"
        elif name == "norm":
            style = "norm"
        elif isinstance(value, str) and len(value) > MAX_WIDTH:
            style = "wrap"
        if isinstance(value, int) and style in ("number", "change", "norm"):
            value = float(value)
        sheet.write(sheet.row, column, value, style)
    sheet.row += 1

"""The ``score --format table`` view: one readable row per response, for people at a terminal."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from socialmaturity.render.records import source_of
from socialmaturity.terminal import markup, visible


def _cell(score: float | None, level: int | None) -> str:
    if score is None:
        return "–"
    return f"{score:.1f} ({level})"


def _short(name: str) -> str:
    """A dimension's name cut to its first word, so a row of them fits a terminal."""
    first = name.split()[0] if name.split() else name
    return first if len(first) <= 14 else first[:13] + "…"


def _levels(rows: list[dict[str, Any]]) -> list[tuple[int, str]]:
    """The level names that appear in the rows, for the table's legend."""
    seen: dict[int, str] = {}
    for record in rows:
        for part in (record["overall"], *record["dimensions"]):
            if part["level"] is not None:
                seen[part["level"]] = part["level_name"]
    return sorted(seen.items())


def score_tables(records: list[dict[str, Any]], out: Console) -> None:
    """Print one table per questionnaire, rows in input order: score (level) per dimension."""
    if out.width < WIDE_TABLE_MIN_WIDTH:
        score_listing(records, out)
        return
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        groups.setdefault(record["questionnaire"]["id"], []).append(record)
    for questionnaire_id, rows in groups.items():
        table = Table(
            title=markup(
                f"{questionnaire_id}: {len(rows)} response{'' if len(rows) == 1 else 's'}"
            ),
            title_justify="left",
            caption=markup(
                "score (level); levels: "
                + ", ".join(f"{level} {name}" for level, name in _levels(rows))
            ),
            caption_justify="left",
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
        )
        table.add_column("file", overflow="fold", min_width=14)
        table.add_column("organization", min_width=12)
        table.add_column("overall", style="bold", justify="right", no_wrap=True)
        for dimension in rows[0]["dimensions"]:
            table.add_column(
                Text(visible(_short(dimension["name"]))), justify="right", no_wrap=True
            )
        table.add_column("answered", justify="right", no_wrap=True)
        for record in rows:
            overall = record["overall"]
            table.add_row(
                Text(visible(source_of(record))),
                Text(visible(record["organization"])),
                _cell(overall["score"], overall["level"]),
                *(_cell(d["score"], d["level"]) for d in record["dimensions"]),
                f"{record['completeness']:.0%}",
            )
        out.print(table)


#: Below this many columns the wide table cannot show every dimension; list responses instead.
WIDE_TABLE_MIN_WIDTH = 110


def score_listing(records: list[dict[str, Any]], out: Console) -> None:
    """Narrow terminals: one block per response, one line per dimension."""
    for record in records:
        table = Table(
            title=markup(f"{source_of(record)}: {record['organization']}"),
            title_justify="left",
            box=None,
            pad_edge=False,
            show_header=False,
        )
        table.add_column("part", overflow="fold")
        table.add_column("score", justify="right", no_wrap=True)
        table.add_column("level", overflow="fold")
        overall = record["overall"]
        for name, part in (("Overall", overall), *((d["name"], d) for d in record["dimensions"])):
            score = "–" if part["score"] is None else f"{part['score']:.1f}"
            level = "" if part["level"] is None else f"{part['level']} {part['level_name']}"
            table.add_row(
                Text(visible(name)),
                score,
                Text(visible(level)),
                style="bold" if part is overall else None,
            )
        table.add_row("Answered", f"{record['completeness']:.0%}", "")
        out.print(table)
        out.print()

"""The ``score --format table`` view: one readable row per response, for people at a terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table


def _cell(score: float | None, level_name: str | None) -> str:
    if score is None:
        return "–"
    return f"{score:.1f} {level_name}"


def score_tables(records: list[dict[str, Any]], out: Console) -> None:
    """Print one table per questionnaire, rows in input order."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        groups.setdefault(record["questionnaire"]["id"], []).append(record)
    for questionnaire_id, rows in groups.items():
        table = Table(title=f"{questionnaire_id} — {len(rows)} response(s)", title_justify="left")
        table.add_column("file", overflow="fold")
        table.add_column("organization", overflow="fold")
        table.add_column("overall", style="bold")
        for dimension in rows[0]["dimensions"]:
            table.add_column(dimension["name"], overflow="fold")
        table.add_column("complete", justify="right")
        for record in rows:
            overall = record["overall"]
            table.add_row(
                record["file"],
                record["organization"],
                _cell(overall["score"], overall["level_name"]),
                *(_cell(d["score"], d["level_name"]) for d in record["dimensions"]),
                f"{record['completeness']:.0%}",
            )
        out.print(table)

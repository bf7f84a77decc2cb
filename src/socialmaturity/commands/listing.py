"""``list`` and ``validate``: what questionnaires are known, and whether files are valid."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from socialmaturity.commands.batch import collect_files
from socialmaturity.errors import (
    EXIT_INPUT,
    EXIT_OK,
    InputError,
    Location,
    Problem,
    SocialMaturityError,
    print_problems,
    warn,
)
from socialmaturity.model.catalog import Catalog, Entry, file_key
from socialmaturity.model.loading import file_kind, load_response
from socialmaturity.model.questionnaire import questionnaire_from
from socialmaturity.model.reading import read_text
from socialmaturity.model.translation import is_translation, translation_from
from socialmaturity.model.yaml_reader import load_yaml
from socialmaturity.terminal import console, visible


def list_questionnaires(output_format: str) -> int:
    """``list``: every questionnaire on the search path; exit status 0.

    A file on the path that cannot be read as a questionnaire is passed over, as when a response
    finds its questionnaire there: ``list`` names it with its problem on stderr (SPEC section 4).
    """
    catalog = Catalog()
    entries: list[Entry] = []
    status = EXIT_OK
    seen: dict[str, Entry] = {}
    for found in catalog.entries():
        if isinstance(found, SocialMaturityError):
            print_problems(found.problems)
            continue
        first = seen.get(found.questionnaire.id)
        if first is not None:  # shadowed: by an earlier folder (SPEC), or in its own folder
            if file_key(first.path) == file_key(found.path):
                continue  # a folder on the path twice: the same file again
            if first.path.parent == found.path.parent and first.origin == found.origin:
                warn(
                    f"also defines '{found.questionnaire.id}', which {first.path.name} in the "
                    "same folder defines first (in file-name order): this file is not used",
                    Location(str(found.path)),
                )
            continue
        seen[found.questionnaire.id] = found
        entries.append(found)
    rows: list[dict[str, Any]] = [
        {
            "id": e.questionnaire.id,
            "version": e.questionnaire.version,
            "title": e.questionnaire.title,
            "dimensions": len(e.questionnaire.dimensions),
            "questions": e.questionnaire.question_count,
            "source": e.origin,
            "path": str(e.path),
            "languages": _languages(e.path),
        }
        for e in entries
    ]
    if output_format == "json":
        from socialmaturity.render.escaping import json_pretty

        sys.stdout.write(json_pretty(rows) + "\n")
        return status
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False)
    for name in ("id", "version", "title", "dimensions", "questions", "languages", "source"):
        numeric = name in ("dimensions", "questions")
        table.add_column(name, justify="right" if numeric else "left", overflow="fold")
    for row in rows:
        source = row["source"] if row["source"] == "bundled" else f"{row['source']}: {row['path']}"
        table.add_row(
            visible(row["id"]),
            Text(visible(row["version"])),
            Text(visible(row["title"])),
            str(row["dimensions"]),
            str(row["questions"]),
            Text(visible(", ".join(row["languages"]))),
            Text(visible(source)),
        )
    out = console(sys.stdout, fold_off_terminal=False)
    with out.capture() as captured:
        out.print(table)
    sys.stdout.writelines(line.rstrip(" ") + "\n" for line in captured.get().splitlines())
    return status


def _languages(path: Path) -> list[str]:
    """The languages a questionnaire can be read in: its own (``en``) and its translations'."""
    from socialmaturity.model.translation import translations_beside

    return ["en", *sorted({tag for tag, _ in translations_beside(path)})]


def validate_files(paths: list[str], reference: str | None, *, strict: bool = False) -> int:
    """``validate``: check each file by its kind; ``ok`` per good file."""
    catalog = Catalog()
    files, missing = collect_files(paths)
    print_problems(missing)
    status = EXIT_INPUT if missing else EXIT_OK
    errors = len(missing)
    bad_files = len(missing)
    for path in files:
        try:
            warnings = _validate_one(path, catalog, reference, strict=strict)
        except SocialMaturityError as exc:
            print_problems(exc.problems)
            status = EXIT_INPUT
            errors += len(exc.problems)
            bad_files += 1
            continue
        print_problems(warnings)
        sys.stdout.write(f"{visible(path)}: ok\n")
    if errors:
        sys.stderr.write(
            f"{errors} error{'s' if errors != 1 else ''} in {bad_files} "
            f"file{'s' if bad_files != 1 else ''}\n"
        )
    return status


def _validate_one(
    path: str, catalog: Catalog, reference: str | None, *, strict: bool
) -> tuple[Problem, ...]:
    text = read_text(path)
    doc = load_yaml(path, allow_aliases=True, text=text)
    if is_translation(doc.data):
        translation_from(doc)  # its shape; lint compares it with its questionnaire
        return ()
    kind = file_kind(doc.data)
    if kind == "questionnaire":
        questionnaire_from(doc)
        return ()
    if kind == "response":
        response, _ = load_response(
            path, catalog, reference, strict=strict, text=text, read=doc, expect=True
        )
        return response.warnings
    raise InputError(
        "cannot tell what this file is: a questionnaire has 'dimensions', a response "
        "'answers', a translation 'translation_of'",
        doc.locate(()),
    )

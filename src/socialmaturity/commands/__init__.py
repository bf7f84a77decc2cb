"""What each command does, between parsed options and printed output.

The CLI calls one function here per command; each returns the exit status. Results go to stdout,
problems and progress to stderr. Nothing here knows about typer, so commands can also be driven
from tests or other programs. One module per group of commands, and :mod:`.batch`, which reads many
response files and scores them in worker processes (file I/O, so not in the pure engine).

Each function is imported on first use, so a command loads only the modules it needs: start-up
time is part of the product.

May import: every layer below (``interview``, ``render``, ``engine``, ``model``) and the shared
bottom modules; only ``cli`` imports this package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: The module of each command function.
_WHERE = {
    "assess": "interviews",
    "build_report": "reports",
    "check_cases": "cases",
    "demo": "reports",
    "explain_file": "scores",
    "lint_files": "linting",
    "list_questionnaires": "listing",
    "migrate_files": "migrating",
    "report_file": "reports",
    "score_files": "scores",
    "template": "interviews",
    "trend_files": "trends",
    "validate_files": "listing",
}

__all__ = [
    "assess",
    "build_report",
    "check_cases",
    "demo",
    "explain_file",
    "lint_files",
    "list_questionnaires",
    "migrate_files",
    "report_file",
    "score_files",
    "template",
    "trend_files",
    "validate_files",
]


def __getattr__(name: str) -> Any:
    """Import a command's module when the command is first used."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


if TYPE_CHECKING:
    from socialmaturity.commands.cases import check_cases as check_cases
    from socialmaturity.commands.interviews import assess as assess
    from socialmaturity.commands.interviews import template as template
    from socialmaturity.commands.linting import lint_files as lint_files
    from socialmaturity.commands.listing import (
        list_questionnaires as list_questionnaires,
    )
    from socialmaturity.commands.listing import (
        validate_files as validate_files,
    )
    from socialmaturity.commands.migrating import migrate_files as migrate_files
    from socialmaturity.commands.reports import (
        build_report as build_report,
    )
    from socialmaturity.commands.reports import (
        demo as demo,
    )
    from socialmaturity.commands.reports import (
        report_file as report_file,
    )
    from socialmaturity.commands.scores import (
        explain_file as explain_file,
    )
    from socialmaturity.commands.scores import (
        score_files as score_files,
    )
    from socialmaturity.commands.trends import trend_files as trend_files

"""What each command does, between parsed options and printed output.

The CLI calls one function here per command; each returns the exit status. Results go to stdout,
problems and progress to stderr. Nothing here knows about typer, so commands can also be driven
from tests or other programs. One module per group of commands.
"""

from socialmaturity.commands.cases import check_cases
from socialmaturity.commands.interviews import assess, template
from socialmaturity.commands.linting import lint_files
from socialmaturity.commands.listing import list_questionnaires, validate_files
from socialmaturity.commands.reports import build_report, demo, report_file
from socialmaturity.commands.scores import explain_file, score_files
from socialmaturity.commands.trends import trend_files

__all__ = [
    "assess",
    "build_report",
    "check_cases",
    "demo",
    "explain_file",
    "lint_files",
    "list_questionnaires",
    "report_file",
    "score_files",
    "template",
    "trend_files",
    "validate_files",
]

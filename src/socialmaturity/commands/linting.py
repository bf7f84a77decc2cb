"""``lint``: consistency findings in questionnaire files (SPEC section 6)."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass

from socialmaturity.commands.batch import collect_files
from socialmaturity.errors import (
    EXIT_INPUT,
    EXIT_OK,
    Location,
    Problem,
    SocialMaturityError,
    print_problems,
)
from socialmaturity.model.loading import file_kind
from socialmaturity.model.yaml_reader import YamlDocument, load_yaml


@dataclass(frozen=True)
class LocatedFinding:
    """A finding with the file, line and column of its node."""

    file: str
    line: int | None
    column: int | None
    code: str
    message: str

    def text(self) -> str:
        """``path:LINE:COL: warning: message [code]``, on one line."""
        where = Location(self.file, self.line, self.column)
        return f"{Problem(self.message, where, 'warning')} [{self.code}]"


def lint_files(paths: list[str], output_format: str) -> int:
    """Lint every questionnaire among ``paths``; findings to stdout, errors to stderr."""
    files, missing = collect_files(paths)
    print_problems(missing)
    status = EXIT_INPUT if missing else EXIT_OK
    findings: list[LocatedFinding] = []
    read = 0
    for path in files:
        problems: tuple[Problem, ...] = ()
        try:
            doc = load_yaml(path, allow_aliases=True)
            if file_kind(doc.data) == "response":
                continue  # responses are passed over
            findings += lint_document(doc)
        except SocialMaturityError as exc:
            problems = exc.problems
        except RecursionError:
            problems = (Problem("the file is nested too deeply", Location(path)),)
        read += 1
        if problems:
            print_problems(problems)
            status = EXIT_INPUT
    if output_format == "json":
        records = [finding.__dict__ for finding in findings]
        from socialmaturity.render.escaping import json_controls

        text = json.dumps(records, indent=2, ensure_ascii=False, allow_nan=False)
        sys.stdout.write(json_controls(text) + "\n")
    else:
        sys.stdout.writelines(finding.text() + "\n" for finding in findings)
    sys.stdout.flush()
    sys.stderr.write(f"{len(findings)} findings in {read} files\n")
    return EXIT_INPUT if findings else status


def lint_document(doc: YamlDocument) -> list[LocatedFinding]:
    """Validate a loaded document as a questionnaire, then locate each of its findings."""
    from socialmaturity.engine.lint import lint
    from socialmaturity.model.questionnaire import questionnaire_from

    questionnaire = questionnaire_from(doc)
    located = []
    for finding in lint(questionnaire):
        where = doc.locate(finding.path)
        located.append(
            LocatedFinding(where.path, where.line, where.column, finding.code, finding.message)
        )
    return sorted(located, key=lambda f: (f.line or 0, f.column or 0))

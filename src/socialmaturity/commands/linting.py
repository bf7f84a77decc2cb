"""``lint``: consistency findings in questionnaire files (SPEC section 6)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from socialmaturity.commands.batch import collect_files
from socialmaturity.errors import (
    EXIT_INPUT,
    EXIT_OK,
    InputError,
    Location,
    Problem,
    SocialMaturityError,
    print_problems,
)
from socialmaturity.model.catalog import Catalog, file_key
from socialmaturity.model.loading import file_kind
from socialmaturity.model.reading import decode_utf8, read_bytes
from socialmaturity.model.translation import is_translation, translations_beside
from socialmaturity.model.yaml_reader import YamlDocument, load_yaml
from socialmaturity.terminal import visible


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
        return visible(f"{where}: warning: {self.message} [{self.code}]")


def lint_files(paths: list[str], output_format: str) -> int:
    """Lint every questionnaire among ``paths``; findings to stdout, errors to stderr."""
    files, missing = collect_files(paths)
    print_problems(missing)
    status = EXIT_INPUT if missing else EXIT_OK
    findings: list[LocatedFinding] = []
    read = 0
    named = {file_key(Path(path)) for path in files}
    questionnaires = Catalog()  # a questionnaire read once for all its translations
    for path in files:
        linted = [_lint_file(Path(path), None, questionnaires)]
        if linted[0].kind == "questionnaire":  # and the translations beside it, each on its own
            linted += [
                _lint_file(beside, Path(path), questionnaires)
                for _, beside in translations_beside(Path(path))
                if file_key(beside) not in named  # else it is linted in its turn
            ]
        for one in linted:
            findings += one.findings
            read += one.read
            if one.problems:
                print_problems(one.problems)
                status = EXIT_INPUT
    if output_format == "json":
        records = [finding.__dict__ for finding in findings]
        from socialmaturity.render.escaping import json_pretty

        sys.stdout.write(json_pretty(records) + "\n")
    else:
        sys.stdout.writelines(finding.text() + "\n" for finding in findings)
    sys.stdout.flush()
    # SPEC section 6 fixes this line's form, "N findings in M files", whatever the counts: tools
    # and CI logs read it as it is written there.
    sys.stderr.write(f"{len(findings)} findings in {read} files\n")
    return EXIT_INPUT if findings else status


@dataclass(frozen=True)
class _Linted:
    """What linting one file gave, and whether it counts among the files read (SPEC 6)."""

    findings: list[LocatedFinding]
    problems: tuple[Problem, ...] = ()
    read: bool = True
    kind: str | None = None  # "questionnaire", "translation", "response" or None (unreadable)


def _lint_file(path: Path, questionnaire: Path | None, questionnaires: Catalog) -> _Linted:
    """Lint one questionnaire or translation file (``questionnaire``: the one it is beside).

    A path that cannot be read is an error and not a file read; a response is passed over.
    """
    try:
        raw = read_bytes(path)
    except InputError as exc:
        return _Linted([], exc.problems, read=False)
    try:
        doc = load_yaml(path, text=decode_utf8(path, raw)[0], allow_aliases=True)
        if file_kind(doc.data) == "response":
            return _Linted([], read=False, kind="response")
        if is_translation(doc.data):
            found = lint_translation_document(doc, questionnaire, questionnaires)
            return _Linted(found, kind="translation")
        return _Linted(lint_document(doc, questionnaires), kind="questionnaire")
    except SocialMaturityError as exc:
        return _Linted([], exc.problems)
    except RecursionError:
        return _Linted([], (Problem("the file is nested too deeply", Location(str(path))),))


def lint_translation_document(
    doc: YamlDocument, questionnaire_path: Path | None, catalog: Catalog | None = None
) -> list[LocatedFinding]:
    """Validate a loaded translation, then locate its findings against its questionnaire.

    The questionnaire is ``questionnaire_path``, else the file beside the translation whose
    name it extends (``x.de.yaml`` -> ``x.yaml``), else the one ``translation_of`` names.
    """
    from socialmaturity.engine.lint import lint_translation
    from socialmaturity.i18n import base_language
    from socialmaturity.model.translation import translation_from

    catalog = catalog or Catalog()
    translation = translation_from(doc)
    path = Path(doc.path)
    source = questionnaire_path or _questionnaire_beside(path)
    if source is not None:
        questionnaire = catalog.load(source)
    else:
        where = doc.locate(("translation_of",))
        questionnaire = catalog.resolve(translation.translation_of, where)
    if questionnaire.id != translation.translation_of:
        raise InputError(
            f"translates '{translation.translation_of}', but the questionnaire beside it is "
            f"'{questionnaire.id}'",
            doc.locate(("translation_of",)),
        )
    named = _tag_in_name(path, source) if questionnaire_path is None else None
    if named is not None and base_language(named) != base_language(translation.language):
        raise InputError(  # report --lang passes such a file over
            f"is a translation into '{translation.language}', but its name says '{named}'",
            doc.locate(("language",)),
        )
    located = []
    for finding in lint_translation(translation, questionnaire):
        where = doc.locate(finding.path, key=bool(finding.path))
        located.append(
            LocatedFinding(where.path, where.line, where.column, finding.code, finding.message)
        )
    return sorted(located, key=lambda f: (f.line or 0, f.column or 0))


def _tag_in_name(translation: Path, questionnaire: Path | None) -> str | None:
    """The language tag the file's name gives beside its questionnaire (``x.de.yaml``: de)."""
    if questionnaire is None:
        return None
    from socialmaturity.model.translation import translations_beside

    return next(
        (tag for tag, file in translations_beside(questionnaire) if file == translation), None
    )


def _questionnaire_beside(translation: Path) -> Path | None:
    """``social-maturity.yaml`` for ``social-maturity.de.yaml``, when it is there."""
    stem = translation.name[: -len(translation.suffix)]
    if "." not in stem:
        return None
    for suffix in (".yaml", ".yml"):
        candidate = translation.with_name(stem.rsplit(".", 1)[0] + suffix)
        if candidate.is_file():
            return candidate
    return None


def lint_document(doc: YamlDocument, catalog: Catalog | None = None) -> list[LocatedFinding]:
    """Validate a loaded document as a questionnaire, then locate each of its findings.

    The questionnaire is kept in ``catalog``, where its translations will look for it.
    """
    from socialmaturity.engine.lint import lint
    from socialmaturity.model.questionnaire import questionnaire_from

    questionnaire = questionnaire_from(doc)
    if catalog is not None:
        catalog.keep(Path(doc.path), questionnaire)
    located = []
    for finding in lint(questionnaire):
        where = doc.locate(finding.path)
        located.append(
            LocatedFinding(where.path, where.line, where.column, finding.code, finding.message)
        )
    return sorted(located, key=lambda f: (f.line or 0, f.column or 0))

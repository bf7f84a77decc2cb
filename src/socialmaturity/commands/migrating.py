"""``migrate``: rewrite responses of an earlier questionnaire version for the current one."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from socialmaturity.errors import (
    EXIT_INPUT,
    EXIT_OK,
    InputError,
    SocialMaturityError,
    UsageError,
    print_problems,
)
from socialmaturity.i18n import _, ngettext, semicolon
from socialmaturity.model.catalog import Catalog
from socialmaturity.terminal import visible

if TYPE_CHECKING:
    from socialmaturity.model.migration import Migrated
    from socialmaturity.model.questionnaire import Questionnaire
    from socialmaturity.model.yaml_reader import YamlDocument


def migrate_files(
    paths: list[str],
    reference: str | None,
    *,
    output: str | None,
    in_place: bool,
    force: bool,
) -> int:
    """Migrate each file; one line per file on stdout, problems on stderr."""
    if (output is None) == (not in_place):
        raise UsageError("give either -o DIR or --in-place (one of them)")
    if output is not None:
        from socialmaturity.files import refuse_unusable_folder

        refuse_unusable_folder(output, "migrate")  # an error of that path, as writing would say
    catalog = Catalog()
    status = EXIT_OK
    for path in paths:
        try:
            line = _migrate_one(path, catalog, reference, output, force)
        except SocialMaturityError as exc:
            print_problems(exc.problems)
            status = EXIT_INPUT
            continue
        sys.stdout.write(visible(line) + "\n")
    return status


def _migrate_one(
    path: str, catalog: Catalog, reference: str | None, output: str | None, force: bool
) -> str:
    from socialmaturity.locks import hold

    if output is None and Path(path).is_file():  # never under a running interview's feet:
        with hold(path, purpose="migration"):  # its next save would put the old version back
            return _migrate_to(path, catalog, reference, path, force=True)
    target = path if output is None else str(Path(output) / Path(path).name)
    return _migrate_to(path, catalog, reference, target, force=force or output is None)


def _migrate_to(
    path: str, catalog: Catalog, reference: str | None, target: str, *, force: bool
) -> str:
    from socialmaturity.files import write_atomic
    from socialmaturity.model.reading import read_text
    from socialmaturity.model.response import (
        load_response_document,
        response_header,
        response_location,
    )

    text = read_text(path)
    doc = load_response_document(path, text=text)
    header = response_header(doc)
    questionnaire = catalog.for_response(header.questionnaire, reference, response_location(doc))
    in_place = target == path
    version = header.questionnaire_version
    if version == questionnaire.version:
        if not in_place:
            write_atomic(target, text, force=force)
            return f"{path}: already at version {version}; copied unchanged to {target}"
        return f"{path}: already at version {version}; left as it is"
    if version is None:
        raise InputError(
            "has no questionnaire_version, so it cannot be migrated (say which version it "
            "answers first)",
            doc.locate(("questionnaire",)),
        )
    if version not in questionnaire.migration_by_version:
        known = ", ".join(questionnaire.migration_by_version) or "none"
        raise InputError(
            f"version {version} of '{questionnaire.id}' has no migration to "
            f"{questionnaire.version} (migrations from: {known})",
            doc.locate(("questionnaire_version",)),
        )
    new_text, summary = migrated_file(path, text, questionnaire, target, doc)
    write_atomic(target, new_text, force=force)
    where = "" if in_place else f" to {target}"
    return f"{path}: migrated from {version} to {questionnaire.version}{where}: {summary}"


def migrated_file(
    path: str,
    text: str,
    questionnaire: Questionnaire,
    target: str | None = None,
    doc: YamlDocument | None = None,
) -> tuple[str, str]:
    """A response file's text rewritten for ``questionnaire``'s version, and what was done.

    The file's ``questionnaire_version`` must be the ``from`` of one of its migrations. What
    ``migrate`` writes and what ``assess`` starts from on an earlier version's file: ids and
    values mapped, everything else kept, one comment per dropped answer. The new text is read
    back (as ``target``, where it goes) before it is returned. ``doc`` is ``text`` as the
    caller has read it already, if it has.
    """
    from socialmaturity.interview.migrated import migrated_text
    from socialmaturity.model.migration import migrate_answers
    from socialmaturity.model.response import (
        load_response_document,
        response_from,
        response_header,
    )

    if doc is None:
        doc = load_response_document(path, text=text)
    header = response_header(doc)
    version = str(header.questionnaire_version)
    migration = questionnaire.migration_by_version[version]
    migrated = migrate_answers(questionnaire, migration, header.answers)
    new_text = migrated_text(text, questionnaire.version, version, migrated, header.answers)
    check = load_response_document(target or path, text=new_text)  # it must read back
    expected = {**doc.data, "questionnaire_version": questionnaire.version}
    if check.data != expected | {"answers": migrated.answers}:  # nothing else changed
        raise RuntimeError(f"{path}: the migrated file does not read back as its answers do")
    response_from(check, response_header(check), questionnaire)
    return new_text, migration_summary(migrated)


def migration_summary(migrated: Migrated) -> str:
    """What a migration did: ``2 renamed, 3 values mapped; dropped: x``.

    In the language in use: English for ``migrate``, the interview's for ``assess``.
    """
    dropped = semicolon().join(d.said(_) for d in migrated.dropped) or _("nothing")
    mapped = ngettext("{n} value", "{n} values", migrated.mapped).format(n=migrated.mapped)
    return _("{renamed} renamed, {mapped} mapped; dropped: {dropped}").format(
        renamed=migrated.renamed, mapped=mapped, dropped=dropped
    )

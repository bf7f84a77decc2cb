"""Finding questionnaires: bundled ones, folders on ``SOCIALMATURITY_PATH``, or a path.

A response names its questionnaire by id; ``-q`` may name one by id or path. Lookup order is
SPEC section 4's: the folders of ``SOCIALMATURITY_PATH`` in order (earlier folders win), then the
questionnaires shipped inside the package. Loaded questionnaires are cached per catalog, so a batch
of thousands of responses reads each questionnaire once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from socialmaturity.errors import InputError, Location, SocialMaturityError, did_you_mean
from socialmaturity.model.collector import paused_collector
from socialmaturity.model.questionnaire import Questionnaire, load_questionnaire
from socialmaturity.model.reading import read_bytes
from socialmaturity.resources import bundled_dir

ENV_VAR = "SOCIALMATURITY_PATH"
BUNDLED = "bundled"
#: A top-level ``id:`` line, matched in a file's bytes after a line feed (:func:`_sniff` puts one
#: before the first line): much quicker than ``^`` in multi-line mode, which tries every position.
_TOP_LEVEL_ID = re.compile(rb"\nid:[ \t]*['\"]?([a-z][a-z0-9_-]*)['\"]?[ \t]*(?:#[^\n]*)?(?=\n|\Z)")


def search_folders() -> list[tuple[Path, str]]:
    """Folders to search, in order, each with a label saying where it comes from."""
    folders = [
        (Path(entry), ENV_VAR)
        for entry in os.environ.get(ENV_VAR, "").split(os.pathsep)
        if entry.strip()
    ]
    folders.append((bundled_dir(), BUNDLED))
    return folders


def yaml_files(folder: Path) -> list[Path]:
    """A folder's ``*.yaml`` and ``*.yml`` files (not recursive), sorted by name.

    Everything so named but a folder: a link that leads nowhere or round in a loop is a file
    that cannot be read, which ``list`` names (SPEC 4), not one to leave out unsaid.
    """
    try:
        named = (p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
        return sorted(p for p in named if not p.is_dir())
    except OSError:
        return []


@dataclass(frozen=True)
class Entry:
    """A questionnaire that was found, and where."""

    questionnaire: Questionnaire
    path: Path
    origin: str


@dataclass
class Catalog:
    """Resolves questionnaire references, caching what it has loaded (and what failed to).

    With a ``language`` (``--lang``), every questionnaire comes with the texts of its translation
    into that language where one sits beside it (SPEC section 8).
    """

    language: str | None = None
    _by_path: dict[Path, Questionnaire | SocialMaturityError] = field(default_factory=dict)
    _by_id: dict[str, Entry | None] = field(default_factory=dict)
    _skipped: list[Path] = field(default_factory=list)

    def load(self, path: Path) -> Questionnaire:
        """Load (once) the questionnaire at ``path``; a failure is remembered and raised again."""
        key = file_key(path)
        if key not in self._by_path:
            try:
                # Read, validated and translated in one pause of the collector: between two,
                # it would walk what was just read (model/collector.py).
                with paused_collector():
                    questionnaire = load_questionnaire(path)
                    if self.language is not None and not _written_in(self.language):
                        questionnaire = in_language(questionnaire, path, self.language)
                self._by_path[key] = questionnaire
            except SocialMaturityError as exc:
                self._by_path[key] = exc
        found = self._by_path[key]
        if isinstance(found, SocialMaturityError):
            raise found
        return found

    def keep(self, path: Path, questionnaire: Questionnaire) -> None:
        """Remember a questionnaire already read from ``path``: :meth:`load` will not read it."""
        self._by_path[file_key(path)] = questionnaire

    def entries(self) -> Iterator[Entry | SocialMaturityError]:
        """Every questionnaire on the search path, or the error that stopped one loading.

        Files that are plainly response files (``answers:`` but no ``dimensions:``) are skipped:
        people keep example responses next to their questionnaires.
        """
        for folder, origin in search_folders():
            for path in yaml_files(folder):
                sniffed = _sniff(path)
                if sniffed.is_response or sniffed.is_translation:
                    continue
                try:
                    yield Entry(self.load(path), path, origin)
                except SocialMaturityError as exc:
                    yield exc

    def find(self, questionnaire_id: str) -> Entry | None:
        """The first questionnaire with this id on the search path, or None.

        A file that names another id, or is a response, is passed over without loading it; one
        whose id cannot be told and that fails to load is passed over too (and counted), so a
        stray broken file never stops other questionnaires from being found. A file that names
        the wanted id and is broken is an error.
        """
        if questionnaire_id in self._by_id:
            return self._by_id[questionnaire_id]
        found: Entry | None = None
        for folder, origin in search_folders():
            for path in yaml_files(folder):
                sniffed = _sniff(path)
                if sniffed.is_response or sniffed.is_translation:
                    continue
                if sniffed.id not in (None, questionnaire_id):
                    continue
                try:
                    questionnaire = self.load(path)
                except SocialMaturityError:
                    if sniffed.id == questionnaire_id:
                        raise
                    if path not in self._skipped:
                        self._skipped.append(path)
                    continue
                if questionnaire.id == questionnaire_id:
                    found = Entry(questionnaire, path, origin)
                    break
            if found is not None:
                break
        self._by_id[questionnaire_id] = found
        return found

    def _not_found(self, questionnaire_id: str, where: Location | None) -> InputError:
        message = f"unknown questionnaire '{questionnaire_id}'"
        known = [entry.questionnaire.id for entry in self.entries() if isinstance(entry, Entry)]
        message += did_you_mean(questionnaire_id, known)
        message += (
            f": not bundled and not in {ENV_VAR} (see 'socialmaturity list', or pass -q PATH)"
        )
        if self._skipped:
            names = ", ".join(str(p) for p in self._skipped[:3])
            message += f"; files that could not be read were passed over: {names}"
        return InputError(message, where)

    def resolve(self, reference: str, where: Location | None = None) -> Questionnaire:
        """A ``-q`` value: the path of a questionnaire file, or the id of a known one."""
        return self.located(reference, where)[0]

    def located(self, reference: str, where: Location | None = None) -> tuple[Questionnaire, Path]:
        """:meth:`resolve`, and the file the questionnaire was read from.

        Anything there but a folder counts as a path, broken links and link loops included, so
        reading it says what is wrong with it.
        """
        path = Path(reference)
        there = os.path.lexists(reference) and not os.path.isdir(reference)
        if path.suffix in (".yaml", ".yml") or os.sep in reference or there:
            return self.load(path), path
        entry = self.find(reference)
        if entry is None:
            raise self._not_found(reference, where)
        return entry.questionnaire, entry.path

    def for_response(
        self,
        questionnaire_id: object,
        reference: str | None,
        where: Location | Callable[[], Location],
    ) -> Questionnaire:
        """The questionnaire a response is scored against: ``-q`` if given, else by its id.

        ``where`` locates errors; a batch passes a function, called only when there is one.
        """
        if reference is not None:
            return self.resolve(reference, _location(where))
        if not isinstance(questionnaire_id, str) or not questionnaire_id:
            raise InputError("missing required key 'questionnaire'", _location(where))
        entry = self.find(questionnaire_id)
        if entry is None:
            raise self._not_found(questionnaire_id, _location(where))
        return entry.questionnaire


def _location(where: Location | Callable[[], Location]) -> Location:
    return where if isinstance(where, Location) else where()


@dataclass(frozen=True)
class _Sniffed:
    """What a cheap look at a file's top-level keys tells, before parsing it."""

    id: str | None
    is_response: bool
    is_translation: bool = False


_TOP_LEVEL_KEY = re.compile(rb"\n(answers|dimensions|translation_of):")


def file_key(path: Path) -> Path:
    """The file a path names, links followed; the path itself where they cannot be.

    What tells two paths to one file apart from two files, never failing on a path (a loop of
    links makes :meth:`pathlib.Path.resolve` raise).
    """
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):  # a link loop, a NUL character in the name
        return Path(os.path.abspath(path))


def _sniff(path: Path) -> _Sniffed:
    """Read a file's top-level ``id:`` and whether it is a response, by pattern, not by YAML.

    A file too large to be read as a questionnaire is not looked into: loading it says why.
    """
    try:
        raw = read_bytes(path)  # only a regular file, never waiting on a pipe, at most 10 MB
    except InputError:
        return _Sniffed(None, False)  # let the real load report it
    text = b"\n" + raw.removeprefix(b"\xef\xbb\xbf")  # every line, the first too, after a \n
    if b"\r" in text:  # YAML's other line breaks, CR LF and a lone CR, read as line feeds
        text = text.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    match = _TOP_LEVEL_ID.search(text)
    keys = set(_TOP_LEVEL_KEY.findall(text))
    return _Sniffed(
        match.group(1).decode("ascii") if match else None,
        keys == {b"answers"},
        b"translation_of" in keys,
    )


def _written_in(language: str) -> bool:
    """Whether questionnaires are written in ``language``: English, the tool's own language.

    Then there is nothing to translate them into, and no translation to miss.
    """
    from socialmaturity.i18n import ENGLISH, base_language

    return base_language(language) == ENGLISH


def in_language(questionnaire: Questionnaire, path: Path, language: str) -> Questionnaire:
    """The questionnaire with its texts in ``language``, from the translations beside ``path``.

    A regional tag's own file gives its texts, its language's file the ones it lacks, the
    questionnaire the rest. Without a translation its texts stay as written, with a warning,
    when the tool's own words exist in that language; when neither does, the language cannot be
    used (exit 2).
    """
    from socialmaturity.errors import UsageError, warn
    from socialmaturity.i18n import base_language, catalog_languages, has_catalog
    from socialmaturity.model.translation import (
        translated,
        translation_files,
        translation_from,
        translations_beside,
        unknown_ids,
    )
    from socialmaturity.model.yaml_reader import load_yaml

    usable = []
    passed_over = set()
    for found in translation_files(path, language):
        doc = load_yaml(found, allow_aliases=True)
        translation = translation_from(doc)
        if translation.translation_of != questionnaire.id:  # as lint says: not its translation
            warn(
                f"translates '{translation.translation_of}', not '{questionnaire.id}': passed over",
                doc.locate(("translation_of",)),
            )
            passed_over.add(found)
        elif base_language(translation.language) != base_language(language):
            warn(
                f"is a translation into '{translation.language}', not '{language}': passed over",
                doc.locate(("language",)),
            )
            passed_over.add(found)
        else:
            usable.append((doc, translation))
    if not usable:
        if has_catalog(language):
            warn(
                f"'{questionnaire.id}' has no translation into '{language}' (beside {path}): "
                "its questions and recommendations stay as written"
            )
            return questionnaire
        known = [
            "en",
            *sorted(
                {
                    *catalog_languages(),
                    *(tag for tag, file in translations_beside(path) if file not in passed_over),
                }
                - {"en"}
            ),
        ]
        raise UsageError(
            f"--lang {language}: no translation of '{questionnaire.id}' and no catalog of the "
            f"tool's words in that language; available: {', '.join(known)}"
        )
    texts = questionnaire
    for doc, translation in reversed(usable):  # the language's texts, then the region's over
        for at, what in unknown_ids(translation, questionnaire):
            where = doc.locate(at, key=True)
            warn(f"{what} is not in '{questionnaire.id}': its texts are passed over", where)
        texts = translated(texts, translation)
    return texts

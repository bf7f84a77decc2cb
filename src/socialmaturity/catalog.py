"""Finding questionnaires: bundled ones, folders on ``SOCIALMATURITY_PATH``, or a path.

A response names its questionnaire by id; ``-q`` may name one by id or path. Lookup order is
SPEC section 4's: the folders of ``SOCIALMATURITY_PATH`` in order (earlier folders win), then the
questionnaires shipped inside the package. Loaded questionnaires are cached per catalog, so a batch
of thousands of responses reads each questionnaire once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from socialmaturity.errors import InputError, Location, SocialMaturityError
from socialmaturity.questionnaire import Questionnaire, load_questionnaire

ENV_VAR = "SOCIALMATURITY_PATH"
BUNDLED = "bundled"
_TOP_LEVEL_ID = re.compile(r"^id:[ \t]*['\"]?([a-z][a-z0-9_-]*)['\"]?[ \t]*(?:#.*)?$", re.MULTILINE)


def _shipped(name: str) -> Path:
    """A data folder shipped inside the installed package.

    An editable (development) install imports the package from ``src/`` where the folder is not
    copied; only then is the checkout's top-level folder used instead.
    """
    packaged = Path(str(resources.files("socialmaturity") / name))
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / name
    return checkout if checkout.is_dir() else packaged


def bundled_dir() -> Path:
    """The questionnaires shipped inside the installed package."""
    return _shipped("questionnaires")


def templates_dir() -> Path:
    """The report templates shipped inside the installed package."""
    return _shipped("report_templates")


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
    """A folder's ``*.yaml`` and ``*.yml`` files (not recursive), sorted by name."""
    try:
        return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
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
    """Resolves questionnaire references, caching what it has loaded."""

    _by_path: dict[Path, Questionnaire] = field(default_factory=dict)
    _by_id: dict[str, Entry | None] = field(default_factory=dict)

    def load(self, path: Path) -> Questionnaire:
        """Load (once) the questionnaire at ``path``."""
        key = path.resolve()
        if key not in self._by_path:
            self._by_path[key] = load_questionnaire(path)
        return self._by_path[key]

    def entries(self) -> Iterator[Entry | SocialMaturityError]:
        """Every questionnaire file on the search path, or the error that stopped it loading."""
        for folder, origin in search_folders():
            for path in yaml_files(folder):
                try:
                    yield Entry(self.load(path), path, origin)
                except SocialMaturityError as exc:
                    yield exc

    def find(self, questionnaire_id: str) -> Entry | None:
        """The first questionnaire with this id on the search path, or None."""
        if questionnaire_id in self._by_id:
            return self._by_id[questionnaire_id]
        found: Entry | None = None
        for folder, origin in search_folders():
            for path in yaml_files(folder):
                if not _may_have_id(path, questionnaire_id):
                    continue
                questionnaire = self.load(path)
                if questionnaire.id == questionnaire_id:
                    found = Entry(questionnaire, path, origin)
                    break
            if found is not None:
                break
        self._by_id[questionnaire_id] = found
        return found

    def resolve(self, reference: str) -> Questionnaire:
        """A ``-q`` value: the path of a questionnaire file, or the id of a known one."""
        path = Path(reference)
        if path.suffix in (".yaml", ".yml") or os.sep in reference or path.is_file():
            return self.load(path)
        entry = self.find(reference)
        if entry is None:
            raise InputError(
                f"no questionnaire with id '{reference}' (see 'socialmaturity list'; "
                f"{ENV_VAR} adds folders)",
            )
        return entry.questionnaire

    def for_response(
        self, questionnaire_id: object, reference: str | None, where: Location
    ) -> Questionnaire:
        """The questionnaire a response is scored against: ``-q`` if given, else by its id."""
        if reference is not None:
            return self.resolve(reference)
        if not isinstance(questionnaire_id, str) or not questionnaire_id:
            raise InputError("missing required key 'questionnaire'", where)
        entry = self.find(questionnaire_id)
        if entry is None:
            raise InputError(
                f"unknown questionnaire '{questionnaire_id}': not bundled and not in "
                f"{ENV_VAR} (or pass -q PATH)",
                where,
            )
        return entry.questionnaire


def _may_have_id(path: Path, questionnaire_id: str) -> bool:
    """Cheaply rule out files whose top-level ``id:`` line names another questionnaire."""
    try:
        head = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return True  # let the real load report it
    match = _TOP_LEVEL_ID.search(head)
    return match is None or match.group(1) == questionnaire_id

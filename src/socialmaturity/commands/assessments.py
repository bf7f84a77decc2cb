"""Response files read for organization views: each kept as a small respondent as it streams.

``trend`` and ``score --by organization`` put respondents into rounds, which needs every file
read first. Each scored file is turned into what a
:class:`~socialmaturity.engine.respondents.Respondent` keeps where it is scored (in a ``--jobs``
worker too) and its full result let go, so memory grows by a few hundred bytes a file.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from socialmaturity.commands.batch import score_files
from socialmaturity.engine.organization import labels_by_role
from socialmaturity.engine.respondents import Kept, Respondents, kept_of
from socialmaturity.engine.scoring import Result
from socialmaturity.errors import Location, Problem, print_problems
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.questionnaire import Questionnaire
from socialmaturity.terminal import with_progress


def _kept(result: Result, file: str) -> Kept:
    """:func:`kept_of`, in the form a batch calls what it makes of each file's result."""
    return kept_of(result)


def gathered(
    files: Sequence[str],
    reference: str | None,
    *,
    strict: bool = False,
    dated: bool = False,
    language: str | None = None,
    jobs: int = 1,
) -> tuple[Respondents, bool]:
    """Score ``files`` in order and keep each as a respondent; whether any failed.

    Problems and warnings go to stderr as the files come. With ``dated`` (a trend), a response
    without a date is an error of its file. With ``language``, the questionnaires' names of
    dimensions and levels are in it. ``jobs``: as for ``score``; what a worker keeps of a file
    holds no text of the questionnaire, which is found here by the same id. A view in a
    language (``trend``, which has no ``--jobs``) is scored in this process, where the
    questionnaire is read in it and any warning about its translation is told once, in order.
    """
    if language is not None and jobs != 1:
        raise ValueError("a view in a language is scored in the command's own process")
    catalog = Catalog(language=language)
    questionnaires: dict[str, Questionnaire] = {}  # by id: asked of the catalog once each
    kept = Respondents()
    failed = False
    outcomes = score_files(files, reference, strict=strict, jobs=jobs, catalog=catalog, make=_kept)
    for outcome in with_progress(outcomes, len(files), "scoring", sys.stderr):
        found: Kept | None = outcome.record
        if found is None:
            print_problems(outcome.problems)
            failed = True
        elif dated and found.date is None:
            undated = "a response without a date cannot be placed on a trend"
            print_problems([Problem(undated, Location(found.path))])
            failed = True
        else:
            print_problems(outcome.warnings)
            questionnaire = questionnaires.get(found.questionnaire)
            if questionnaire is None:
                where = Location(found.path)
                questionnaire = catalog.for_response(found.questionnaire, reference, where)
                questionnaires[found.questionnaire] = questionnaire
            kept.keep(found, questionnaire)
    return kept, failed


def name_by_role(kept: Respondents, files: Sequence[str]) -> None:
    """Name the respondents by role (``--anonymous``), numbered by position among ``files``."""
    position = {path: n for n, path in enumerate(files, 1)}
    respondents = list(kept)
    roles = [r.role for r in respondents]
    kept.rename(labels_by_role(roles, [position.get(r.path, 0) for r in respondents]))

"""Response files read for organization views: each kept as a small respondent as it streams.

``trend`` and ``score --by organization`` put respondents into rounds, which needs every file
read first. Each scored file is turned into a :class:`~socialmaturity.engine.respondents.Respondent`
at once and its full result let go, so memory grows by a few hundred bytes a file.
"""

from __future__ import annotations

from collections.abc import Sequence

from socialmaturity.commands.batch import score_results
from socialmaturity.engine.organization import labels_by_role
from socialmaturity.engine.respondents import Respondents
from socialmaturity.errors import Location, Problem, SocialMaturityError, print_problems


def gathered(
    files: Sequence[str],
    reference: str | None,
    *,
    strict: bool = False,
    dated: bool = False,
    language: str | None = None,
) -> tuple[Respondents, bool]:
    """Score ``files`` in order and keep each as a respondent; whether any failed.

    Problems and warnings go to stderr as the files come. With ``dated`` (a trend), a response
    without a date is an error of its file. With ``language``, the questionnaires' names of
    dimensions and levels are in it.
    """
    kept = Respondents()
    failed = False
    for found in score_results(files, reference, strict=strict, language=language):
        if isinstance(found, SocialMaturityError):
            print_problems(found.problems)
            failed = True
        elif dated and (found.response is None or found.response.date is None):
            where = Location(found.response.path if found.response else "")
            print_problems(
                [Problem("a response without a date cannot be placed on a trend", where)]
            )
            failed = True
        else:
            if found.response is not None:
                print_problems(found.response.warnings)
            kept.add(found)
    return kept, failed


def name_by_role(kept: Respondents, files: Sequence[str]) -> None:
    """Name the respondents by role (``--anonymous``), numbered by position among ``files``."""
    position = {path: n for n, path in enumerate(files, 1)}
    respondents = list(kept)
    roles = [r.role for r in respondents]
    kept.rename(labels_by_role(roles, [position.get(r.path, 0) for r in respondents]))

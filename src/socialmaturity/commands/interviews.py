"""``assess``: run the interview on a terminal or from scripted lines, then show the levels."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from socialmaturity.errors import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.loading import load_response

if TYPE_CHECKING:
    from socialmaturity.interview.session import Conversation, Interview


def assess(
    output: str,
    reference: str | None,
    *,
    organization: str | None,
    respondent: str | None,
    role: str | None,
) -> int:
    """``assess``: the interview, saved to ``output`` after every answer; resumes a file."""
    from pathlib import Path

    from socialmaturity.files import write_atomic
    from socialmaturity.interview.conversation import PlainConversation, TerminalConversation
    from socialmaturity.interview.session import InputEnded, Interview
    from socialmaturity.terminal import is_terminal

    catalog = Catalog()
    talk: Conversation = (
        TerminalConversation()
        if is_terminal(sys.stdin) and is_terminal(sys.stdout)
        else PlainConversation()
    )

    def save(text: str) -> None:
        write_atomic(output, text, force=True)

    if Path(output).exists():  # resume, with the questionnaire the file names (or -q)
        response, questionnaire = load_response(output, catalog, reference)
        interview = Interview.resume(questionnaire, save, response)
        left = len(interview.pending())
        talk.show(f"Resuming {output}: {left} question{'s' if left != 1 else ''} left.")
    else:
        questionnaire = catalog.resolve(reference or "social-maturity")
        while not organization:
            typed = talk.read("Organization")
            if typed is None:
                sys.stderr.write("input ended before the organization was given; nothing saved\n")
                return EXIT_INPUT
            organization = typed.strip()
        interview = Interview(questionnaire, save, organization, respondent, role)
    again = f" -q {reference}" if reference else ""
    hint = f"run the same command to resume: socialmaturity assess -o {output}{again}"
    try:
        interview.run(talk)
    except InputEnded:
        left = len(interview.pending())
        sys.stderr.write(
            f"input ended with {left} question(s) unanswered; saved to {output}; {hint}\n"
        )
        return EXIT_INPUT
    except KeyboardInterrupt:
        sys.stderr.write(f"\ninterrupted; answers so far are saved in {output}; {hint}\n")
        return EXIT_INTERRUPTED
    _interview_summary(interview, output, talk)
    return EXIT_OK


def _interview_summary(interview: Interview, output: str, talk: Conversation) -> None:
    from socialmaturity.engine.scoring import score_answers

    result = score_answers(interview.questionnaire, interview.answers)
    q = interview.questionnaire
    talk.show("")
    talk.show("Levels:", style="question")
    for dim in result.dimensions:
        level = "not scored" if dim.level is None else f"{dim.level} {q.level_name(dim.level)}"
        score = "" if dim.score is None else f" ({dim.score:.1f})"
        talk.show(f"  {dim.dimension.name}: {level}{score}")
    overall = (
        "not scored" if result.level is None else f"{result.level} {q.level_name(result.level)}"
    )
    score = "" if result.score is None else f" ({result.score:.1f})"
    talk.show(f"  Overall: {overall}{score}", style="question")
    unanswered = len(interview.pending())
    if unanswered:
        talk.show(f"{unanswered} question(s) skipped; run the same command again to answer them.")
    talk.show(f"Saved to {output}. Next: socialmaturity report {output} -o report.html")

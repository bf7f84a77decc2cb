"""Collecting answers in the terminal: ``assess``, the interview, saved after every answer."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from socialmaturity import i18n
from socialmaturity.commands.blanks import DEFAULT_QUESTIONNAIRE, HEADER_OPTIONS, response_schema
from socialmaturity.errors import (
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    InputError,
    Location,
    Problem,
    UsageError,
    counted,
    input_errors,
    print_problems,
)
from socialmaturity.i18n import _, decimal_text, ngettext
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.loading import file_kind, load_response
from socialmaturity.terminal import visible

if TYPE_CHECKING:
    from socialmaturity.engine.scoring import Result
    from socialmaturity.interview.session import Conversation, Interview
    from socialmaturity.model.questionnaire import Questionnaire
    from socialmaturity.model.response import Answer


def assess(
    output: str,
    reference: str | None,
    *,
    header: dict[str, str | None],
    review: bool = False,
    language: str | None = None,
    start: str | None = None,
) -> int:
    """``assess``: the interview, saved to ``output`` after every answer; resumes a file.

    ``language``: questions, prompts and help in that language (SPEC section 8). ``start``:
    the question to begin with, by number or id (``--review QUESTION``).
    """
    from socialmaturity.files import refuse_unwritable
    from socialmaturity.locks import hold

    if output == "-":
        raise UsageError("-o - names standard output; the interview saves to a file: name one")
    refuse_unwritable(output, force=True)  # a folder (out/ too) before any question
    i18n.use(language)
    with hold(output):
        return _assess(
            output, reference, header=header, review=review, language=language, start=start
        )


def _assess(
    output: str,
    reference: str | None,
    *,
    header: dict[str, str | None],
    review: bool,
    language: str | None = None,
    start: str | None = None,
) -> int:
    from socialmaturity.files import write_atomic
    from socialmaturity.interview.conversation import PlainConversation, TerminalConversation
    from socialmaturity.interview.session import InputEnded, Interview, step_names
    from socialmaturity.interview.writer import blank_text, with_header
    from socialmaturity.model.reading import read_text
    from socialmaturity.terminal import is_terminal

    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="surrogateescape")  # a non-UTF-8 byte is explained, not fatal
    catalog = Catalog(language=language)
    on_terminal = is_terminal(sys.stdin) and is_terminal(sys.stdout)
    talk: Conversation = TerminalConversation() if on_terminal else PlainConversation()

    def save(text: str) -> None:
        write_atomic(output, text, force=True)

    def changed_on_disk(last: str) -> tuple[str, dict[str, Answer]] | None:
        """The file and its answers, when an editor changed it since the interview saved it.

        Gone, it is written again at the next save; changed so that it cannot be read (not
        UTF-8, not YAML, a wrong answer), it stops the interview with its own problems and is
        not saved over.
        """
        try:
            os.stat(output)  # links followed: a link whose file is gone is gone too
        except FileNotFoundError:
            return None
        except OSError:
            pass  # reading it says what is wrong
        try:
            now = read_text(output)
            if now == last:
                return None
            edited, _questionnaire = load_response(output, catalog, reference, text=now)
        except InputError as exc:
            stopped = Problem(
                "was edited while the interview ran and cannot be read now; the last answer was "
                "not saved over it: fix the file, then resume: "
                + resume_command(output, reference, language=language),
                Location(output),
            )
            raise input_errors([*exc.problems, stopped]) from None
        print_problems(edited.warnings)  # another version's answers, say, as on resuming
        return now, dict(edited.answers)

    if Path(output).exists():  # resume, with the questionnaire the file names (or -q)
        text = read_text(output)
        missing = _blank_header(output, text)
        if missing:  # a blank from `template`: ask, then fill it in
            organization = _organization(header, talk, output)
            if organization is None:
                return EXIT_INPUT
            asked = {key: header.get(key) for key in missing}
            asked["organization"] = organization
            asked_header(asked, talk, on_terminal=on_terminal, empty=missing)
            text = with_header(text, {k: v for k, v in asked.items() if v is not None})
        response, questionnaire = load_response(output, catalog, reference, text=text)
        version = response.questionnaire_version
        if version != questionnaire.version and version in questionnaire.migration_by_version:
            text = _migrated_first(output, text, questionnaire, version, talk)
            response, questionnaire = load_response(output, catalog, reference, text=text)
        print_problems(response.warnings)  # another version's answers, say (SPEC 2)
        existing = {key: getattr(response, key) for key in HEADER_OPTIONS}
        _refuse_other_values(output, existing, header)
        # Values the file has (the same, once trimmed) stay as written; only new ones go in.
        header = {key: value for key, value in header.items() if existing.get(key) is None}
        first = _start_number(questionnaire, start)
        interview = Interview.resume(
            questionnaire, save, text, response, header, changed_on_disk=changed_on_disk
        )
        left = len(interview.steps() if review else interview.pending())
        if review:
            resuming = ngettext(
                "Resuming {file}: {n} question to review.",
                "Resuming {file}: {n} questions to review.",
                left,
            )
        else:
            resuming = ngettext(
                "Resuming {file}: {n} question left.", "Resuming {file}: {n} questions left.", left
            )
        talk.show(resuming.format(file=visible(output), n=left))
    else:
        if review:
            raise InputError("no such file to review", Location(output))
        questionnaire = catalog.resolve(reference or DEFAULT_QUESTIONNAIRE)
        first = _start_number(questionnaire, start)
        header = {"date": dt.date.today().isoformat(), **header}
        organization = _organization(header, talk, output)
        if organization is None:
            return EXIT_INPUT
        header["organization"] = organization
        try:
            asked_header(header, talk, on_terminal=on_terminal)
        except KeyboardInterrupt:  # what was typed so far is kept, as an answer would be
            save(blank_text(questionnaire, header, response_schema()))
            raise
        text = blank_text(questionnaire, header, response_schema())
        interview = Interview(questionnaire, save, text, header, changed_on_disk=changed_on_disk)
    try:
        outcome = interview.run(talk, review=review, start=first)
    except InputEnded:
        if not on_terminal:  # scripted input that ended early (SPEC): status 1
            unanswered = interview.pending()
            command = resume_command(output, reference, language=language)
            names = f" ({visible(step_names(unanswered))})" if unanswered else ""
            # stderr stays English, as every error and warning does; the command keeps --lang
            ended = (
                f"input ended with {counted(len(unanswered), 'question')} unanswered{names}; "
                f"saved to {visible(output)}; to resume: {command}"
            )
            print_problems([Problem(ended, Location(str(output)))])  # an error of its file
            return EXIT_INPUT
        outcome = "quit"  # Ctrl-D on a terminal is the quit key
    except KeyboardInterrupt:
        at = interview.stopped_at if review else None
        command = resume_command(output, reference, at, language=language)
        sys.stderr.write(
            f"\ninterrupted; the answers so far are saved in {visible(output)}; "
            f"to resume: {command}\n"
        )
        return EXIT_INTERRUPTED
    if outcome == "quit":
        _stopped(interview, output, reference, talk, review=review, language=language)
        return EXIT_OK
    _interview_summary(interview, output, talk)
    return EXIT_OK


def resume_command(
    output: str, reference: str | None, at: str | None = None, *, language: str | None = None
) -> str:
    """The command that goes on with this interview (``--review QUESTION`` with ``at``)."""
    import shlex

    words = ["socialmaturity", "assess", "-o", visible(output)]
    if reference:
        words += ["-q", visible(reference)]
    if at is not None:
        words += ["--review", visible(at)]
    if language:
        words += ["--lang", visible(language)]
    return " ".join(shlex.quote(word) for word in words)


def _stopped(
    interview: Interview,
    output: str,
    reference: str | None,
    talk: Conversation,
    *,
    review: bool,
    language: str | None,
) -> None:
    """The quit key (or Ctrl-D on a terminal): what is saved, what is left, how to go on."""
    from socialmaturity.interview.session import step_names

    at = interview.stopped_at if review else None
    command = resume_command(output, reference, at, language=language)
    talk.show(_("Stopped. The answers are saved in {file}.").format(file=visible(output)))
    left = interview.pending()
    if left:
        talk.show(
            ngettext(
                "{n} question unanswered ({names}).",
                "{n} questions unanswered ({names}).",
                len(left),
            ).format(n=len(left), names=step_names(left))
        )
    talk.show(_("To go on: {command}").format(command=command))


def _start_number(questionnaire: Questionnaire, start: str | None) -> int | None:
    """The number of the question ``--review QUESTION`` names, or a usage error naming it."""
    if start is None:
        return None
    from socialmaturity.errors import did_you_mean
    from socialmaturity.interview.session import find_step, steps_of

    steps = steps_of(questionnaire)
    value = start.strip()
    step = find_step(steps, value)
    if step is not None:
        return step.number
    ids = [s.question.id for s in steps]
    raise UsageError(
        f"no question {value!r} in '{questionnaire.id}': give its number (1 to {len(ids)}) or "
        f"its id{did_you_mean(value, ids)}"
    )


def asked_header(
    header: dict[str, str | None],
    talk: Conversation,
    *,
    on_terminal: bool,
    empty: Collection[str] = ("respondent", "role"),
) -> None:
    """On a terminal, ask for the respondent and role the command line left out.

    Only those ``empty`` still (a resumed blank's own respondent or role is kept, not asked
    again). Enter leaves one empty (it can be filled in later); scripted input is never asked,
    so a script's lines stay answers.
    """
    if not on_terminal:
        return
    prompts = {"respondent": _("Respondent (Enter: none)"), "role": _("Role (Enter: none)")}
    for key, prompt in prompts.items():
        if header.get(key) or key not in empty:
            continue
        typed = _read_saveable(talk, prompt)
        if typed is None:
            return
        if typed:
            header[key] = typed


def _read_saveable(talk: Conversation, prompt: str) -> str | None:
    """A line the answer file can hold (stripped), asked again until it is one.

    None when input ends first.
    """
    from socialmaturity.interview.session import unsaveable

    while True:
        typed = talk.read(prompt)
        if typed is None:
            return None
        problem = unsaveable(typed)
        if problem is None:
            return typed.strip()
        talk.show(_("Not understood: {problem}.").format(problem=problem), style="error")


def _migrated_first(
    output: str, text: str, questionnaire: Questionnaire, earlier: str, talk: Conversation
) -> str:
    """An earlier version's file, migrated and saved as ``migrate`` would, before any question.

    Nothing is dropped silently: what could not be carried over is kept as comments, said here,
    and the file names the version its answers are now in.
    """
    from socialmaturity.commands.migrating import migrated_file
    from socialmaturity.files import write_atomic

    new_text, summary = migrated_file(output, text, questionnaire)
    write_atomic(output, new_text, force=True)
    talk.show(
        _("Migrated {file} from version {earlier} to {version} first: {summary}.").format(
            file=visible(output),
            earlier=visible(earlier),
            version=visible(questionnaire.version),
            summary=visible(summary),
        )
    )
    return new_text


def _organization(
    header: dict[str, str | None], talk: Conversation, output: str | Path
) -> str | None:
    """``--organization``, else asked for until a usable name is typed.

    None when input ends first, which is said on stderr as an error of ``output``: nothing is
    saved then.
    """
    if header.get("organization"):
        return header["organization"]
    while True:
        typed = _read_saveable(talk, _("Organization"))
        if typed is None:
            ended = "input ended before the organization was given; nothing saved"
            print_problems([Problem(ended, Location(str(output)))])
            return None
        if typed:
            return typed
        talk.show(_("The organization is required: type its name."), style="error")


def _blank_header(output: str, text: str) -> list[str]:
    """A blank template's header keys still empty (organization first); none if it has one."""
    from socialmaturity.model.yaml_reader import load_yaml

    data = load_yaml(output, allow_aliases=False, text=text).data
    if not isinstance(data, dict) or file_kind(data) != "response":
        return []

    def empty(key: str) -> bool:
        value = data.get(key)
        return value is None or (isinstance(value, str) and not value.strip())

    if not empty("organization"):
        return []
    return [key for key in ("organization", "respondent", "role") if empty(key)]


def _refuse_other_values(
    output: str, existing: dict[str, object], header: dict[str, str | None]
) -> None:
    """Options that disagree with the file are an error naming both; the file is untouched."""
    problems = []
    for key, value in header.items():
        current = existing.get(key)
        if value is None or current is None:
            continue  # a value the file does not have yet is filled in
        if str(current).strip() != value:
            problems.append(
                f"--{key} {value!r} differs from the file's {key} {str(current).strip()!r}; "
                "edit the file or use the same value"
            )
    if problems:
        raise input_errors(Problem(visible(message), Location(output)) for message in problems)


def _interview_summary(interview: Interview, output: str, talk: Conversation) -> None:
    from socialmaturity.engine.scoring import score_answers

    result = score_answers(interview.questionnaire, interview.answers)
    talk.show_levels(_levels(interview.questionnaire, result))
    from socialmaturity.interview.session import step_names

    unanswered = interview.pending()
    if unanswered:
        talk.show(
            ngettext(
                "{n} question skipped ({names}); run the same command again to answer it.",
                "{n} questions skipped ({names}); run the same command again to answer them.",
                len(unanswered),
            ).format(n=len(unanswered), names=step_names(unanswered))
        )
    shown = visible(output)
    talk.show(
        _("Saved to {file}. Next: socialmaturity report {file} -o report.html").format(file=shown)
    )


def _levels(q: Questionnaire, result: Result) -> list[tuple[str, str, str]]:
    """Rows of the end screen: dimension, level, score (and the overall row last)."""
    rows = []
    for dim in result.dimensions:
        level = _("not scored") if dim.level is None else f"{dim.level} {q.level_name(dim.level)}"
        if dim.capped and dim.uncapped_level is not None:  # as reports say it: held by a cap
            level = _("{level}, held there by a cap (the score alone: {uncapped})").format(
                level=level,
                uncapped=f"{dim.uncapped_level} {q.level_name(dim.uncapped_level)}",
            )
        score = "" if dim.score is None else decimal_text(f"{dim.score:.1f}")
        rows.append((dim.dimension.name, level, score))
    if result.level is None:
        level = _("not scored")
    else:
        level = f"{result.level} {q.level_name(result.level)}"
    score = "" if result.score is None else decimal_text(f"{result.score:.1f}")
    rows.append((_("Overall"), level, score))
    return rows

"""Several respondents of one organization combined into one assessment (SPEC section 5).

Responses with the same questionnaire id and organization (trimmed, case-insensitive) that belong
to the same *round* form one assessment: a round is named in the responses (``round:``), or,
for unnamed ones, made of the dates within a window (31 days by default) of its earliest date.
Dimension scores are the mean of the respondents' scores, a cap holds when it holds for at least
half of them (the lower median), and the questions where respondents' answers lie far apart are
the disagreements to resolve with the client. Pure functions, like scoring.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from socialmaturity.engine.respondents import (
    Respondent,
    Respondents,
    assessment_key,
    round_name,
)
from socialmaturity.engine.scoring import CapHit, Result, level_for, overall_of
from socialmaturity.model.questionnaire import Dimension, Questionnaire

#: Values a median is taken of: answers' norms (floats) or levels and caps (whole numbers).
Ordered = TypeVar("Ordered", int, float)
#: What is put in rounds: results (a report's few files) or respondents (a batch's many).
Member = TypeVar("Member")

#: Two respondents disagree on a question when their norms are this far apart or more.
DISAGREEMENT = 0.5
#: Unnamed responses join a round when dated at most this many days after its earliest date.
DEFAULT_WINDOW = 31


def rounds(results: Iterable[Result], window: int = DEFAULT_WINDOW) -> list[tuple[Result, ...]]:
    """The organization assessments among ``results``, each a tuple of its respondents.

    Named rounds group by name (case-insensitive); unnamed, dated responses group by date: in
    date order, each joins the current round when at most ``window`` days after that round's
    earliest date, else starts a new one; undated unnamed responses form one round. Named and
    unnamed responses never share a round. Assessments come per organization in order of first
    appearance, each organization's in order of their earliest date (undated last).
    """

    def facts(result: Result) -> tuple[tuple[str, str], str | None, str | None]:
        response = result.response
        if response is None:
            return assessment_key(result), None, None
        return assessment_key(result), round_name(response.round), response.date

    return list(_grouped(results, window, facts))


def respondent_rounds(
    respondents: Iterable[Respondent], window: int = DEFAULT_WINDOW
) -> Iterator[tuple[Respondent, ...]]:
    """:func:`rounds` of respondents kept as files stream, one organization's after another."""

    def facts(r: Respondent) -> tuple[tuple[str, str], str | None, str | None]:
        return r.key, r.round, r.date

    return _grouped(respondents, window, facts)


def _grouped(
    items: Iterable[Member],
    window: int,
    facts: Callable[[Member], tuple[tuple[str, str], str | None, str | None]],
) -> Iterator[tuple[Member, ...]]:
    """Items in rounds, as :func:`rounds` says, from each item's (key, round name, date).

    Only the items are kept per organization; their facts are asked for again one organization
    at a time, so a batch's many respondents carry nothing more while they are grouped.
    """
    by_organization: dict[tuple[str, str], list[Member]] = {}
    for item in items:
        by_organization.setdefault(facts(item)[0], []).append(item)
    for members in by_organization.values():
        named: dict[str, list[tuple[str | None, Member]]] = {}
        dated: list[tuple[str, Member]] = []
        undated: list[tuple[str | None, Member]] = []
        for member in members:
            _, name, date = facts(member)
            if name is not None:
                named.setdefault(name.casefold(), []).append((date, member))
            elif date:
                dated.append((date, member))
            else:
                undated.append((date, member))
        groups: list[list[tuple[str | None, Member]]] = list(named.values())
        groups += _by_date(dated, window)
        if undated:
            groups.append(undated)
        keyed = []
        for group in groups:
            dates = [date for date, _ in group if date]
            first = min(dates) if dates else None
            keyed.append(((first is None, first or ""), tuple(item for _, item in group)))
        keyed.sort(key=lambda pair: pair[0])
        for _, items_of_round in keyed:
            yield items_of_round


def _by_date(dated: list[tuple[str, Member]], window: int) -> list[list[tuple[str | None, Member]]]:
    ordered = sorted(dated, key=lambda member: member[0])
    groups: list[list[tuple[str | None, Member]]] = []
    start: dt.date | None = None
    for date, member in ordered:
        day = dt.date.fromisoformat(date)
        if start is None or (day - start).days > window:
            groups.append([])
            start = day
        groups[-1].append((date, member))
    return groups


def label_of(result: Result) -> str:
    """How a respondent is named in disagreements: their name, else their file."""
    response = result.response
    if response is None:
        return ""
    return response.respondent or response.path


@dataclass(frozen=True)
class CombinedDimension:
    """One dimension across respondents."""

    dimension: Dimension
    score: float | None
    level: int | None
    cap: int | None
    spread: float | None
    answered: int
    #: every chosen capping option of any respondent, once each, in the order they came
    caps: tuple[CapHit, ...] = ()
    #: those that hold the level down, by question, each at the level it holds (:func:`_holding`)
    holding: tuple[CapHit, ...] = ()

    @property
    def id(self) -> str:
        """The dimension's id (so overall_of can treat it like a DimensionResult)."""
        return self.dimension.id


@dataclass(frozen=True)
class Disagreement:
    """A question whose answers are far apart, with each respondent's answer."""

    question: str
    dimension: str
    answers: dict[str, object]
    spread: float = 0.0  # highest minus lowest norm
    #: Who of ``answers`` marked that answer ``evidence: claimed`` (known where the full results
    #: are: a report, which shows it so, SPEC section 4).
    claimed: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Combined:
    """An organization assessment: respondents of one organization on one date.

    ``members`` are what was kept of each response; ``respondents`` the full results, where the
    caller had them all at once (a report shows each respondent's answers; a batch keeps none).
    """

    questionnaire: Questionnaire
    organization: str
    date: str | None  # the earliest of ``dates``
    members: tuple[Respondent, ...]
    dimensions: tuple[CombinedDimension, ...]
    score: float | None
    level: int | None
    round: str | None = None
    dates: tuple[str, ...] = ()
    respondents: tuple[Result, ...] = ()

    @functools.cached_property
    def disagreements(self) -> tuple[Disagreement, ...]:
        """The questions whose answers lie far apart, found when first asked for.

        A trend shows none, so its assessments never hold them.
        """
        found = _disagreements(self.members)
        if not found or not self.respondents:
            return found
        claims = list(zip(_member_labels(self.members), self.respondents, strict=True))
        return tuple(
            dataclasses.replace(
                d,
                claimed=frozenset(
                    label
                    for label, result in claims
                    if result.response is not None
                    and (answer := result.response.answers.get(d.question)) is not None
                    and answer.evidence == "claimed"
                ),
            )
            for d in found
        )

    @property
    def people(self) -> frozenset[str] | None:
        """Who answered, as names folded for comparison; None when a response names nobody."""
        return _folded(m.name for m in self.members)

    @property
    def roles(self) -> frozenset[str] | None:
        """The roles that answered, folded for comparison; None when a response gives none."""
        return _folded(m.role for m in self.members)

    @property
    def versions(self) -> frozenset[str]:
        """The questionnaire versions the responses were answered on (as they say)."""
        return frozenset(m.version for m in self.members)

    @property
    def files(self) -> list[str]:
        """The response files combined, in input order."""
        return [m.path for m in self.members]


def folded(text: str | None) -> str:
    """A name, role or organization as it is compared: trimmed and case-folded ("" for none)."""
    return (text or "").strip().casefold()


def _folded(texts: Iterable[str | None]) -> frozenset[str] | None:
    """Texts trimmed and case-folded for comparison; None when any is missing or blank."""
    kept = [folded(text) for text in texts]
    return frozenset(kept) if all(kept) else None


def lower_median(values: Iterable[Ordered]) -> Ordered:
    """The middle value, or the lower of the two middle ones: always a value that was given."""
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def median_answer(given: Sequence[tuple[Ordered, str]]) -> tuple[Ordered, tuple[str, ...]]:
    """The lower median of answers given as (value, label), and the labels given at it, once."""
    median = lower_median(value for value, _ in given)
    return median, tuple(dict.fromkeys(label for value, label in given if value == median))


def anonymous_labels(
    results: Sequence[Result], positions: Sequence[int] | None = None
) -> list[str]:
    """Respondents by role, never by name (``--anonymous``, SPEC section 4).

    A role held by one respondent names them; a file without a role is ``Respondent N``, N its
    position among the files (``positions``, else its place in ``results``); a role held by
    several is told apart by that position too.
    """
    return labels_by_role([r.response.role if r.response else None for r in results], positions)


def labels_by_role(
    roles: Sequence[str | None], positions: Sequence[int] | None = None
) -> list[str]:
    """:func:`anonymous_labels` of respondents whose roles are ``roles``."""
    trimmed = [(role or "").strip() for role in roles]
    counts = Counter(role.casefold() for role in trimmed if role)
    labels = []
    for n, role in zip(positions or range(1, len(trimmed) + 1), trimmed, strict=True):
        if not role:
            labels.append(f"Respondent {n}")
        elif counts[role.casefold()] > 1:
            labels.append(f"{role} (respondent {n})")
        else:
            labels.append(role)
    return labels


def anonymized(results: Sequence[Result], positions: Sequence[int] | None = None) -> list[Result]:
    """The results with each respondent's name replaced by their anonymous label.

    Everything shown of a respondent then names them by role; notes are kept.
    """
    return [
        r
        if r.response is None
        else dataclasses.replace(r, response=dataclasses.replace(r.response, respondent=label))
        for r, label in zip(results, anonymous_labels(results, positions), strict=True)
    ]


def respondent_labels(results: tuple[Result, ...]) -> list[str]:
    """Respondent labels, falling back to the file where a name is missing or repeated."""
    names = [label_of(r) for r in results]
    return _labels(
        names,
        [r.response.path if r.response else name for name, r in zip(names, results, strict=True)],
    )


def _member_labels(members: Sequence[Respondent]) -> list[str]:
    """How disagreements name respondents kept of their files: :func:`_labels` of theirs."""
    return _labels([m.label for m in members], [m.path for m in members])


def _labels(names: list[str], paths: list[str]) -> list[str]:
    """Each name, or its file where the name is given more than once."""
    counts = Counter(names)
    return [name if counts[name] == 1 else path for name, path in zip(names, paths, strict=True)]


def combine(results: Iterable[Result]) -> Combined:
    """Combine the results of one organization assessment (same questionnaire, org and round)."""
    respondents = tuple(results)
    if not respondents:
        raise ValueError("nothing to combine")
    kept = Respondents()
    for result in respondents:
        kept.add(result)
    return combine_members(list(kept), respondents)


def combine_members(members: Sequence[Respondent], results: tuple[Result, ...] = ()) -> Combined:
    """Combine the respondents of one organization assessment; ``results``: theirs, if kept."""
    if not members:
        raise ValueError("nothing to combine")
    q = members[0].questionnaire
    top = q.top_level
    codes = [m.codes() for m in members]
    dimensions = []
    start = 0
    for index, dimension in enumerate(q.dimensions):
        scores = [score for m in members if (score := m.score(index)) is not None]
        score = sum(scores) / len(scores) if scores else None
        caps = [m.caps(index, mine) for m, mine in zip(members, codes, strict=True)]
        cap = lower_median([min((c.level for c in chosen), default=top) for chosen in caps])
        level = level_for(q, score)
        if level is not None:
            level = min(level, cap)
        stop = start + len(dimension.questions)
        answered = sum(1 for n in range(start, stop) if any(mine[n] for mine in codes))
        start = stop
        dimensions.append(
            CombinedDimension(
                dimension,
                score,
                level,
                cap if cap < top else None,
                max(scores) - min(scores) if scores else None,
                answered,
                tuple(dict.fromkeys(hit for chosen in caps for hit in chosen)),
                _holding(caps, cap, top),
            )
        )
    score, level = overall_of(q, dimensions)
    dates = sorted({date for m in members if (date := m.date)})
    return Combined(
        q,
        members[0].organization,
        dates[0] if dates else None,
        tuple(members),
        tuple(dimensions),
        score,
        level,
        _round_of(members),
        tuple(dates),
        results,
    )


def _holding(caps: Sequence[Sequence[CapHit]], cap: int, top: int) -> tuple[CapHit, ...]:
    """The chosen capping answers that hold a dimension down (SPEC 3 and 5), by question.

    ``caps``: each respondent's chosen capping options; ``cap``: the combined cap (``top`` for
    none). A question holds the dimension at the lower median of its respondents' caps (one
    without a capping answer to it counts as the top level): at least half of them answered it
    so, whatever else they answered. Its answers at or below that level are named, at that
    level. Where no question alone holds the dimension at the combined cap (its caps come from
    different questions), the answers at or below the combined cap are named: together they do.
    """
    hits = list(dict.fromkeys(hit for chosen in caps for hit in chosen))
    held: list[CapHit] = []
    lowest = top
    for question in dict.fromkeys(hit.question for hit in hits):
        mine = [
            min((h.level for h in chosen if h.question == question), default=top) for chosen in caps
        ]
        level = lower_median(mine)
        if level < top:
            lowest = min(lowest, level)
            held += [
                CapHit(hit.question, hit.option, level)
                for hit in hits
                if hit.question == question and hit.level <= level
            ]
    if cap < lowest:
        named = {(hit.question, hit.option) for hit in held}
        held += [
            hit for hit in hits if hit.level <= cap and (hit.question, hit.option) not in named
        ]
    return tuple(held)


def _round_of(members: Sequence[Respondent]) -> str | None:
    """The round the members all name, as the first writes it.

    None when they name none, or not the same one (several rounds combined in one report).
    """
    names = {(m.round or "").casefold() for m in members}
    return members[0].round if len(names) == 1 else None


def _disagreements(members: Sequence[Respondent]) -> tuple[Disagreement, ...]:
    """Questions where two respondents' norms lie :data:`DISAGREEMENT` or more apart.

    Only the distinct answers given are looked at: their norms are in the answer books.
    """
    found = []
    labels: list[str] | None = None
    books = [m.book for m in members]
    codes = [m.codes() for m in members]
    one_book = all(book is books[0] for book in books)
    q = members[0].questionnaire
    n = 0
    for dimension in q.dimensions:
        for question in dimension.questions:
            column = [mine[n] for mine in codes]
            given = (
                [books[0].answers[n][code] for code in set(column)]
                if one_book
                else [book.answers[n][code] for book, code in zip(books, column, strict=True)]
            )
            norms = [answer.norm for answer in given if answer.norm is not None]
            if len(norms) >= 2 and max(norms) - min(norms) >= DISAGREEMENT - 1e-9:
                if labels is None:
                    labels = _member_labels(members)
                answers: dict[str, object] = {}
                for label, book, code in zip(labels, books, column, strict=True):
                    value = book.answers[n][code].value
                    if value is not None:
                        answers[label] = list(value) if isinstance(value, tuple) else value
                found.append(
                    Disagreement(question.id, dimension.id, answers, max(norms) - min(norms))
                )
            n += 1
    return tuple(found)


def combine_all(
    respondents: Iterable[Respondent], window: int = DEFAULT_WINDOW
) -> Iterator[Combined]:
    """Group respondents into organization assessments (rounds) and combine each, one by one."""
    for group in respondent_rounds(respondents, window):
        yield combine_members(group)

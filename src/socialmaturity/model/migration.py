"""Answers to an earlier questionnaire version, carried over by its ``migrations`` entry.

Pure: raw answers (as read from YAML) in, raw answers for this version out, with every answer
or value that could not be carried over listed as dropped, and where each new id came from so
errors still point at the line of the original file. ``response_from`` applies it in memory
whenever a response names a version a migration starts from; ``migrate`` rewrites the file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from socialmaturity.i18n import N_, colon
from socialmaturity.model.questionnaire import Migration, Question, Questionnaire

NA = "na"
#: Why an answer is dropped, in English; translated where it is shown.
NOT_ASKED = N_("no longer asked")
NOT_VALID = N_("no longer a valid answer")
NOT_AN_OPTION = N_("no longer an option")
TO_NOTHING = N_("mapped to nothing")
TAKEN = N_("'{new}' already has the answer to '{old}'")


@dataclass(frozen=True)
class Dropped:
    """An answer, or one value of a multi answer, that has no meaning in the new version."""

    question: str  # the old question id
    value: object
    note: str | None
    #: Why, in English, with ``{fields}`` to fill: translated where it is shown (``because``).
    reason: str
    #: The answer's ``evidence`` (a whole answer dropped), kept with it as its note is.
    evidence: object = None
    fields: Mapping[str, str] = field(default_factory=dict)

    def because(self, translate: Callable[[str], str] = str) -> str:
        """Why it was dropped, in the words ``translate`` gives (English by default)."""
        return translate(self.reason).format(**self.fields)

    def said(self, translate: Callable[[str], str] = str) -> str:
        """``question: value (why)``, as ``migrate`` lists it."""
        shown = (
            "[" + ", ".join(map(str, self.value)) + "]"
            if isinstance(self.value, list)
            else translate(N_("no answer"))
            if self.value is None
            else self.value
        )
        return f"{self.question}{colon()} {shown} ({self.because(translate)})"

    def __str__(self) -> str:
        return self.said()


@dataclass
class Migrated:
    """The answers for the new version, where they came from, and what was dropped."""

    answers: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # new id -> old id
    dropped: list[Dropped] = field(default_factory=list)
    #: Per multi answer (new id): what became of each of its old values, in the file's order:
    #: its new value, or None where it was dropped or repeats a value kept before it.
    values: dict[str, list[Any]] = field(default_factory=dict)
    renamed: int = 0
    mapped: int = 0


def _split(raw: Any) -> tuple[Any, str | None]:
    """(value, note) of a raw answer; a note that is not text is left for validation."""
    if isinstance(raw, dict):
        note = raw.get("note")
        return raw.get("value"), note if isinstance(note, str) else None
    return raw, None


def _valid(question: Question, value: Any) -> bool:
    if value == NA:
        return question.allow_na
    if question.kind == "scale":
        low, high = question.min, question.max
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and low is not None
            and high is not None
            and low <= value <= high
        )
    return isinstance(value, str) and value in question.option_by_value


def migrate_answers(q: Questionnaire, migration: Migration, answers: Mapping[str, Any]) -> Migrated:
    """Carry ``answers`` (old ids, raw values) over to ``q`` as ``migration`` says."""
    done = Migrated()
    for old_id, raw in answers.items():
        value, note = _split(raw)
        evidence = raw.get("evidence") if isinstance(raw, dict) else None
        new_id = migration.questions.get(old_id, old_id)
        if value is None:  # unanswered: the empty key (and its note) moves to its new id
            if new_id is not None and new_id in q.question_by_id and new_id not in done.answers:
                _put(done, new_id, old_id, None, raw)
            elif note is not None or evidence is not None:  # said of it, so said where it went
                asked = new_id is not None and new_id in q.question_by_id
                reason, fields = _taken(done, new_id) if asked and new_id else (NOT_ASKED, {})
                done.dropped.append(Dropped(old_id, None, note, reason, evidence, fields))
            continue
        if new_id is None or new_id not in q.question_by_id:
            done.dropped.append(Dropped(old_id, value, note, NOT_ASKED, evidence))
            continue
        # an empty key of the new id, written before, is filled by this answer if it carries
        # over (and stays, empty, if it does not)
        if new_id in done.answers and not _blank(done.answers[new_id]):
            reason, fields = _taken(done, new_id)
            done.dropped.append(Dropped(old_id, value, note, reason, evidence, fields))
            continue
        question = q.question_by_id[new_id][1]
        values = migration.options.get(new_id, {})
        if isinstance(value, list) and question.kind != "multi":  # a list answers a multi only
            done.dropped.append(Dropped(old_id, value, note, NOT_VALID, evidence))
            continue
        if isinstance(value, list):
            kept: list[Any] = []
            became: list[Any] = []
            for item in value:
                mapped = values[item] if isinstance(item, str) and item in values else item
                if mapped is None or not _valid(question, mapped):
                    reason = TO_NOTHING if mapped is None else NOT_AN_OPTION
                    done.dropped.append(Dropped(old_id, [item], None, reason))
                    became.append(None)
                    continue
                done.mapped += mapped != item
                became.append(None if mapped in kept else mapped)
                if mapped not in kept:
                    kept.append(mapped)
            _put(done, new_id, old_id, kept, raw)
            done.values[new_id] = became
            continue
        mapped = values[value] if isinstance(value, str) and value in values else value
        alone = question.kind != "multi" or mapped == NA  # a multi answer is a list, or na
        if mapped is None or not _valid(question, mapped) or not alone:
            reason = TO_NOTHING if mapped is None else NOT_VALID
            done.dropped.append(Dropped(old_id, value, note, reason, evidence))
            continue
        done.mapped += mapped != value
        _put(done, new_id, old_id, mapped, raw)
    return done


def _taken(done: Migrated, new_id: str) -> tuple[str, dict[str, str]]:
    """Why an answer cannot go to ``new_id``, and the ids to fill in: another one went there."""
    return TAKEN, {"new": new_id, "old": done.sources[new_id]}


def _blank(answer: Any) -> bool:
    """An unanswered key with nothing said of it: no value, no note, no evidence."""
    if isinstance(answer, dict):
        return all(answer.get(key) is None for key in ("value", "note", "evidence"))
    return answer is None


def _put(done: Migrated, new_id: str, old_id: str, value: Any, raw: Any) -> None:
    """Record a carried-over answer; a mapping keeps every key (its note) but the new value."""
    if isinstance(raw, dict):
        carried = dict(raw)
        if value is not None or "value" in raw:
            carried["value"] = value
        done.answers[new_id] = carried
    else:
        done.answers[new_id] = value
    earlier = done.sources.get(new_id)  # an empty key this answer fills: its rename is undone
    done.renamed += (new_id != old_id) - (earlier is not None and earlier != new_id)
    done.sources[new_id] = old_id

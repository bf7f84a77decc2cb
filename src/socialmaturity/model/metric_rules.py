"""The rules of SPEC section 9 that span several fields of a questionnaire's ``metrics``.

pydantic checks each metric's shape; these rules check what needs the rest of the
questionnaire: ids that would match the same CSV metric, and ``evidences`` that name single
questions with level anchors, with a ``claimed_at`` level the questionnaire has. Each finding is
located at its YAML node.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from socialmaturity.errors import Problem

if TYPE_CHECKING:
    from socialmaturity.model.questionnaire import Questionnaire
    from socialmaturity.model.yaml_reader import YamlDocument


def metric_key(name: str) -> str:
    """A metric's name as it is matched: ignoring case, with ``-``, ``_`` and spaces the same.

    Here, not beside the KPI file's reader, so checking a questionnaire's ``metrics:`` does not
    import that reader.
    """
    return name.strip().casefold().replace("-", "_").replace(" ", "_")


def metric_problems(doc: YamlDocument, q: Questionnaire) -> Iterator[Problem]:
    """Unique metric ids (as matched), known anchored single evidences, claimed_at in range."""
    top = q.top_level
    seen: dict[str, int] = {}
    for m, metric in enumerate(q.metrics):
        at: tuple[str | int, ...] = ("metrics", m)
        key = metric_key(metric.id)
        if key in seen:
            first = q.metrics[seen[key]].id
            yield Problem(
                f"metric '{metric.id}' matches the same CSV metric as '{first}' (metrics"
                f"[{seen[key]}]): ids are matched ignoring case, with -, _ and spaces the same",
                doc.locate((*at, "id")),
            )
        seen.setdefault(key, m)
        if metric.evidences and metric.claimed_at is None:
            yield Problem(
                f"metric '{metric.id}' has evidences but no claimed_at: say from which answer "
                "level an answer claims the metric",
                doc.locate((*at, "evidences"), key=True),
            )
        if metric.claimed_at is not None and metric.claimed_at > top:
            yield Problem(
                f"claimed_at must be a level between 1 and {top}, not {metric.claimed_at}",
                doc.locate((*at, "claimed_at")),
            )
        listed: set[str] = set()
        for i, question_id in enumerate(metric.evidences):
            where = doc.locate((*at, "evidences", i))
            if question_id in listed:
                yield Problem(f"'{question_id}' is listed twice in evidences", where)
                continue
            listed.add(question_id)
            found = q.question_by_id.get(question_id)
            if found is None:
                yield Problem(f"evidences names an unknown question '{question_id}'", where)
                continue
            question = found[1]
            if question.kind != "single":
                yield Problem(
                    f"evidences names '{question_id}', a {question.kind} question: only a "
                    "single question's answer has a level that can claim a metric",
                    where,
                )
            elif not any(option.level is not None for option in question.options or ()):
                yield Problem(
                    f"evidences names '{question_id}', whose options have no level anchors: "
                    "its answers can never claim a metric",
                    where,
                )

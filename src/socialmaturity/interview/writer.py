"""Writing response files: the documented format, every question listed in questionnaire order.

Used by the interview to save after every answer. Unanswered questions are written as empty
values so the file shows what is left; free text is written bare when that is unambiguous, else
as a double-quoted YAML scalar (JSON string syntax, which YAML 1.2 reads back unchanged).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from socialmaturity.model.questionnaire import Questionnaire
from socialmaturity.model.response import Answer, AnswerValue

_PLAIN_SAFE = re.compile(r"[A-Za-z][A-Za-z0-9 _.,()'-]*\Z")
_NOT_PLAIN = frozenset({"true", "false", "null", "yes", "no", "on", "off", "na", "~"})


def quote(text: str) -> str:
    """A YAML scalar for free text: bare when unambiguous, otherwise double-quoted."""
    if _PLAIN_SAFE.match(text) and text.lower() not in _NOT_PLAIN and text == text.strip():
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    # YAML treats these as line breaks even inside quotes; keep them as escapes.
    return quoted.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\x85")


def _value(value: AnswerValue) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return "[" + ", ".join(value) + "]"
    return str(value)


def response_text(
    questionnaire: Questionnaire,
    answers: Mapping[str, Answer],
    *,
    organization: str,
    respondent: str | None = None,
    role: str | None = None,
    date: str | None = None,
    assessor: str | None = None,
) -> str:
    """The full text of a response file for these answers."""
    lines = [
        f"questionnaire: {questionnaire.id}",
        f"questionnaire_version: {json.dumps(questionnaire.version)}",
        f"organization: {quote(organization)}",
    ]
    for key, text in (("respondent", respondent), ("role", role), ("date", date)):
        if text is not None:
            lines.append(f"{key}: {text if key == 'date' else quote(text)}")
    if assessor is not None:
        lines.append(f"assessor: {quote(assessor)}")
    lines.append("answers:")
    for dimension in questionnaire.dimensions:
        lines.append(f"  # {dimension.name}")
        for question in dimension.questions:
            answer = answers.get(question.id, Answer(None))
            if answer.note:
                lines.append(f"  {question.id}:")
                if answer.value is not None:
                    lines.append(f"    value: {_value(answer.value)}")
                lines.append(f"    note: {quote(answer.note)}")
            else:
                lines.append(f"  {question.id}: {_value(answer.value)}".rstrip())
    return "\n".join(lines) + "\n"

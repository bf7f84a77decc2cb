"""Reading one response file together with the questionnaire it answers.

Every file is read the one way there is: the YAML reader (:mod:`~socialmaturity.model.yaml_reader`)
builds its values and keeps the nodes they came from, the header is checked by its model and the
answers against the questionnaire, and each problem is reported where it is written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from socialmaturity.errors import InputError, Problem, SocialMaturityError, input_errors
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.questionnaire import Questionnaire
from socialmaturity.model.response import (
    Response,
    answer_problems,
    load_response_document,
    response_from,
    response_header,
    response_location,
)

if TYPE_CHECKING:
    from socialmaturity.model.yaml_reader import YamlDocument

FileKind = Literal["questionnaire", "response"]


def file_kind(data: object) -> FileKind | None:
    """What a loaded file is, told from its keys: ``dimensions``, else ``answers``, or neither."""
    if isinstance(data, dict) and "dimensions" in data:
        return "questionnaire"
    if isinstance(data, dict) and "answers" in data:
        return "response"
    return None


def load_response(
    path: str,
    catalog: Catalog,
    reference: str | None = None,
    *,
    strict: bool = False,
    text: str | None = None,
    read: YamlDocument | None = None,
    expect: bool = False,
) -> tuple[Response, Questionnaire]:
    """Read a response file, find its questionnaire and check the answers against it.

    ``read`` is the file as already read allowing aliases (by ``validate``, before it knew what
    the file is): it serves unless it may hold an anchor, which a response file may not.
    ``expect`` reads the ``expect:`` block too (see :func:`response_header`).
    """
    doc = read if read is not None and not read.may_alias else None
    if doc is None:
        doc = load_response_document(path, text=text)
    try:
        header = response_header(doc, expect=expect)
    except InputError as exc:  # report the answers' problems in the same run
        found = [*exc.problems, *_answers_anyway(doc, catalog, reference)]
        found.sort(key=lambda p: (p.location.line or 0) if p.location else 0)
        raise input_errors(found) from None
    questionnaire = catalog.for_response(
        header.questionnaire, reference, lambda: response_location(doc)
    )
    return response_from(doc, header, questionnaire, strict=strict), questionnaire


def _answers_anyway(doc: YamlDocument, catalog: Catalog, reference: str | None) -> list[Problem]:
    """The answers' problems of a response whose header is wrong, where they can be found."""
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        return []
    questionnaire_id = data.get("questionnaire")
    if not isinstance(questionnaire_id, str) and reference is None:
        return []
    try:
        questionnaire = catalog.for_response(
            str(questionnaire_id), reference, response_location(doc)
        )
    except SocialMaturityError:
        return []
    return answer_problems(doc, questionnaire, data["answers"])

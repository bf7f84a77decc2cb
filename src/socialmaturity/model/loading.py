"""Reading one response file together with the questionnaire it answers."""

from __future__ import annotations

from socialmaturity.model.catalog import Catalog
from socialmaturity.model.questionnaire import Questionnaire
from socialmaturity.model.response import (
    Response,
    load_response_document,
    response_from,
    response_header,
    response_location,
)


def load_response(
    path: str,
    catalog: Catalog,
    reference: str | None = None,
    *,
    strict: bool = False,
    text: str | None = None,
) -> tuple[Response, Questionnaire]:
    """Read a response file, find its questionnaire and check the answers against it."""
    doc = load_response_document(path, text=text)
    header = response_header(doc)
    questionnaire = catalog.for_response(header.questionnaire, reference, response_location(doc))
    return response_from(doc, header, questionnaire, strict=strict), questionnaire

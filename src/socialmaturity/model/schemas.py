"""JSON Schemas of the two file kinds, generated from the pydantic models.

The same schemas ship as files next to the bundled questionnaires so editors (via the
``# yaml-language-server: $schema=...`` line) validate questionnaires and responses as people type.
"""

from __future__ import annotations

import json
from typing import Any, Literal

SchemaKind = Literal["questionnaire", "response", "translation"]
DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: Where the schemas are published: the repository's ``questionnaires/schemas`` folder, the same
#: files as those shipped with the package. Files the tool writes link a schema by this URL, which
#: works wherever they travel (never by a path of the machine that wrote them).
PUBLISHED = (
    "https://raw.githubusercontent.com/socialmaturity/socialmaturity/main/"
    "questionnaires/schemas/{kind}.schema.json"
)


def published_url(kind: SchemaKind) -> str:
    """The URL of a file kind's published JSON Schema, for ``$schema=`` lines."""
    return PUBLISHED.format(kind=kind)


def json_schema(kind: SchemaKind) -> dict[str, Any]:
    """The JSON Schema of a questionnaire, a response or a translation file."""
    if kind == "questionnaire":
        from socialmaturity.model.questionnaire import Questionnaire

        body = Questionnaire.model_json_schema()
        title = "socialmaturity questionnaire"
    elif kind == "translation":
        from socialmaturity.model.translation import Translation

        body = Translation.model_json_schema()
        title = "socialmaturity translation"
    else:
        from socialmaturity.model.response_file import ResponseFile

        body = ResponseFile.model_json_schema()
        title = "socialmaturity response"
    return {"$schema": DIALECT, "$id": f"{kind}.schema.json", **body, "title": title}


def schema_text(kind: SchemaKind) -> str:
    """The schema as the indented JSON text that is printed and shipped."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False, allow_nan=False) + "\n"

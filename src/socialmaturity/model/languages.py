"""The languages a form shows a questionnaire in, and how each is named (SPEC sections 7, 8).

A questionnaire is written in English; its translations (``<stem>.<lang>.yaml`` beside it) give
its texts in other languages, falling back to its own text where one lacks a text.
"""

from __future__ import annotations

from collections.abc import Iterable

from socialmaturity.i18n import ENGLISH, base_language, canonical_tag, language_name

#: The language every questionnaire is written in: the tool's own.
SOURCE_LANGUAGE = ENGLISH


def chosen_languages(tags: Iterable[str]) -> list[str]:
    """``--lang`` values as a form's languages: the questionnaire's own first, each once.

    A form has one column per language: a regional tag takes its language's column (the first
    tag given for a language wins) and keeps its region for the texts (``de-CH``: Swiss German
    where the translations have it, German else). Tags are compared whatever their case.
    """
    chosen = [SOURCE_LANGUAGE]
    for tag in tags:
        language = canonical_tag(tag.strip().replace("_", "-"))
        if all(base_language(language) != base_language(other) for other in chosen):
            chosen.append(language)
    return chosen


def language_label(tag: str) -> str:
    """``Deutsch (de)``: the tag's language, named in itself (first letter upper case), and code.

    The region stays out: survey servers know languages by their IANA code (pyxform warns at
    ``de-CH``).
    """
    language = base_language(tag)
    return f"{language_name(language)} ({language})"

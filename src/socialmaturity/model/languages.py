"""The languages a form shows a questionnaire in, and how each is named (SPEC sections 7, 8).

A questionnaire is written in English; its translations (``<stem>.<lang>.yaml`` beside it) give
its texts in other languages, falling back to its own text where one lacks a text.
"""

from __future__ import annotations

from collections.abc import Iterable

from socialmaturity.i18n import ENGLISH, base_language, language_name

#: The language every questionnaire is written in: the tool's own.
SOURCE_LANGUAGE = ENGLISH


def chosen_languages(tags: Iterable[str]) -> list[str]:
    """``--lang`` values as languages: the questionnaire's own first, each once.

    A regional tag counts as its language (``de-CH`` -> ``de``).
    """
    chosen = [SOURCE_LANGUAGE]
    for tag in tags:
        language = base_language(tag.strip().replace("_", "-"))
        if language not in chosen:
            chosen.append(language)
    return chosen


def language_label(language: str) -> str:
    """``Deutsch (de)``: the language's name in itself, first letter upper case, and its tag."""
    return f"{language_name(language)} ({language})"

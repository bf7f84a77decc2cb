"""The languages a form shows a questionnaire in, and its texts in each (SPEC sections 7, 8).

A questionnaire is written in English; its translations (``<stem>.<lang>.yaml`` beside it) give
its texts in other languages, falling back to its own text where one lacks a text. What shows a
questionnaire in several languages at once (the XLSForm export) asks this module for the texts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from socialmaturity.i18n import ENGLISH, base_language, language_name
from socialmaturity.model.questionnaire import Dimension, Question, Questionnaire

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


@dataclass(frozen=True)
class QuestionTexts:
    """What a question says in one language: its text, help, option labels and scale labels."""

    text: str
    help: str | None
    options: Mapping[str, str]
    labels: Mapping[int, str]


@dataclass(frozen=True)
class Wording:
    """A questionnaire's texts in one language: ``questionnaire`` is already in that language."""

    questionnaire: Questionnaire
    language: str

    def title(self) -> str:
        """The questionnaire's title."""
        return self.questionnaire.title

    def dimension_name(self, dimension: Dimension) -> str:
        """A dimension's name in this language (found by its id)."""
        return self.questionnaire.dimension_by_id[dimension.id].name

    def question(self, question: Question) -> QuestionTexts:
        """A question's text, help, option labels and scale labels in this language."""
        question = self.questionnaire.question_by_id[question.id][1]
        return QuestionTexts(
            text=question.text,
            help=question.help,
            options={option.value: option.label for option in question.options or ()},
            labels=dict(question.labels or {}),
        )


def wording(questionnaire: Questionnaire, language: str) -> Wording:
    """The texts of ``questionnaire``, translated into ``language`` (or its own)."""
    return Wording(questionnaire, language)

"""The languages a questionnaire can be shown in, and its texts in one of them (SPEC section 8).

Translations (``<stem>.<lang>.yaml`` beside a questionnaire) are not read yet, so every
questionnaire is available in its own language only, English. What shows a questionnaire in a
language (the XLSForm export today; templates and reports later) asks this module for the texts,
never the models directly, so reading a translation changes this module alone: the functions
below then return the translated text, falling back to the questionnaire's own where a
translation lacks one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from socialmaturity.errors import UsageError
from socialmaturity.model.questionnaire import Dimension, Question, Questionnaire

#: The language every questionnaire is written in.
SOURCE_LANGUAGE = "en"
#: Each language's name in itself. Babel's ``Locale.parse(tag).display_name`` replaces this
#: table once translations land: it names every language, regional ones included.
_NAMES: Mapping[str, str] = {"en": "English"}


def base_language(tag: str) -> str:
    """The language part of a BCP 47 tag (``de-CH`` -> ``de``): regional tags fall back to it."""
    return tag.strip().replace("_", "-").split("-")[0].lower()


def available_languages(questionnaire: Questionnaire) -> tuple[str, ...]:
    """The languages a questionnaire can be shown in, its own first."""
    del questionnaire  # every questionnaire has its own language only, until translations
    return (SOURCE_LANGUAGE,)


def chosen_languages(questionnaire: Questionnaire, tags: Iterable[str]) -> list[str]:
    """``--lang`` values as languages: the questionnaire's own first, each once.

    A language the questionnaire is not available in is a usage error naming the available ones.
    """
    available = available_languages(questionnaire)
    chosen = [available[0]]
    for tag in tags:
        language = base_language(tag)
        if language not in available:
            raise UsageError(
                f"--lang {tag!r}: '{questionnaire.id}' is available in {', '.join(available)} only"
            )
        if language not in chosen:
            chosen.append(language)
    return chosen


def language_label(language: str) -> str:
    """``English (en)``: the language's name in itself, first letter upper case, and its tag."""
    name = _NAMES.get(language, language)
    return f"{name[:1].upper()}{name[1:]} ({language})"


@dataclass(frozen=True)
class QuestionTexts:
    """What a question says in one language: its text, help, option labels and scale labels."""

    text: str
    help: str | None
    options: Mapping[str, str]
    labels: Mapping[int, str]


@dataclass(frozen=True)
class Wording:
    """A questionnaire's texts in one language (today: its own; later: from its translation)."""

    questionnaire: Questionnaire
    language: str

    def title(self) -> str:
        """The questionnaire's title."""
        return self.questionnaire.title

    def dimension_name(self, dimension: Dimension) -> str:
        """A dimension's name."""
        return dimension.name

    def question(self, question: Question) -> QuestionTexts:
        """A question's text, help, option labels and scale labels."""
        return QuestionTexts(
            text=question.text,
            help=question.help,
            options={option.value: option.label for option in question.options or ()},
            labels=dict(question.labels or {}),
        )


def wording(questionnaire: Questionnaire, language: str) -> Wording:
    """The texts of ``questionnaire`` in ``language`` (one of :func:`available_languages`)."""
    return Wording(questionnaire, language)

"""The tool's own words in the client's language (SPEC section 8).

Headings, the summary's sentences, table headers, chart labels and prompts are looked up in
gettext catalogs shipped compiled in the package (``locale/<lang>/LC_MESSAGES/socialmaturity.mo``;
the ``.po`` sources sit beside them). One language is in use per run, chosen by ``--lang``; a
string missing from the catalog stays English. Numbers and dates are written as the language
writes them, through Babel, which is imported only when a language other than English is used,
so English start-up is unchanged. Machine-facing names (JSON keys, CSV and xlsx headers, sheet
names, ids) never go through here.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext as _gettext
from collections.abc import Callable
from pathlib import Path
from typing import Any

DOMAIN = "socialmaturity"
ENGLISH = "en"

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = ENGLISH


def locale_dir() -> Path:
    """Where the compiled catalogs are."""
    return Path(__file__).parent / "locale"


def catalog_languages() -> list[str]:
    """The languages the tool's own words are translated into, besides English."""
    folder = locale_dir()
    try:
        found = [p.name for p in folder.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()]
    except OSError:
        return []
    return sorted(found)


#: A BCP 47 language tag as ``--lang`` and translations use it: ``de``, ``de-CH``, ``pt-BR``.
LANGUAGE_TAG = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"


def checked_tag(tag: str | None) -> str | None:
    """A ``--lang`` value as given, once it is a language tag (``de``, ``de-CH``); else exit 2."""
    import re

    from socialmaturity.errors import UsageError

    if tag is not None and re.fullmatch(LANGUAGE_TAG, tag) is None:
        raise UsageError(f"--lang {tag!r}: give a language tag such as de, fr, es or de-CH")
    return tag


def canonical_tag(tag: str) -> str:
    """A language tag in the case BCP 47 writes it (tags match whatever their case).

    ``DE`` -> ``de``, ``de-ch`` -> ``de-CH``, ``zh-hant-tw`` -> ``zh-Hant-TW``; anything that is
    not a language tag is left as given, for :func:`checked_tag` to refuse.
    """
    import re

    if re.fullmatch(LANGUAGE_TAG, tag) is None:
        return tag
    language, *rest = tag.split("-")
    subtags = [
        part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part.lower()
        for part in rest
    ]
    return "-".join([language.lower(), *subtags])


def base_language(tag: str) -> str:
    """The language of a regional tag, lower case: ``de-CH`` -> ``de``."""
    return tag.split("-", 1)[0].casefold()


def has_catalog(tag: str) -> bool:
    """Whether the tool's words exist in this language (a regional tag falls back)."""
    return base_language(tag) == ENGLISH or base_language(tag) in catalog_languages()


def _catalog(tag: str | None) -> _gettext.NullTranslations:
    if tag is None or base_language(tag) == ENGLISH:
        return _gettext.NullTranslations()
    return _gettext.translation(
        DOMAIN,
        str(locale_dir()),
        languages=[tag.replace("-", "_"), base_language(tag)],
        fallback=True,
    )


def use(tag: str | None) -> None:
    """Write the tool's words in ``tag`` from now on (None or English: English).

    A ``tag`` that is not a language tag is a usage error (exit 2), whichever command gave it.
    """
    global _translations, _language
    checked_tag(tag)
    _translations = _catalog(tag)
    _language = ENGLISH if tag is None or base_language(tag) == ENGLISH else tag


def gettext_in(tag: str) -> Callable[[str], str]:
    """The tool's words in ``tag``, whatever language is in use (a form has several at once)."""
    return _catalog(tag).gettext


def language() -> str:
    """The language in use: a BCP 47 tag, ``en`` by default."""
    return _language


def gettext(message: str) -> str:
    """``message`` in the language in use."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural of ``message`` for ``n``, in the language in use."""
    return _translations.ngettext(singular, plural, n)


_ = gettext


def colon() -> str:
    """``:`` after a label, as the language in use writes it.

    French puts a no-break space before it (and before ``;``): a rule of its typography that no
    catalog entry can carry where code joins a label to its value.
    """
    return "\u00a0:" if base_language(_language) == "fr" else ":"


def semicolon() -> str:
    """``; `` between the items of a list, as the language in use writes it (see :func:`colon`)."""
    return "\u00a0; " if base_language(_language) == "fr" else "; "


def N_(message: str) -> str:
    """``message`` unchanged: marks words made in one place and translated where shown."""
    return message


def quoted(text: str) -> str:
    """Text in the quotation marks of the language in use (“…”, „…“, « … »)."""
    return gettext("“{text}”").format(text=text)


def _babel_locale() -> Any:
    """Babel's locale of the language in use, parsed once per language (reports ask often)."""
    return _parsed_locale(_language)


def _parsed_locale(tag: str) -> Any:
    """Babel's locale of ``tag``; one Babel does not know falls back to its language, then English.

    ``de-US`` is a well-formed tag that CLDR has no data for: it is written as ``de`` is. A
    language only a translation knows (``tlh``) has its numbers and dates written as English.
    """
    return _known_locale(tag) or _known_locale(base_language(tag)) or _known_locale(ENGLISH)


@functools.cache
def _known_locale(tag: str) -> Any:
    """Babel's locale of ``tag``, or None when Babel does not know it."""
    from babel import Locale, UnknownLocaleError  # only for a language other than English

    try:
        return Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


def change_text(change: float | None) -> str:
    """A change in score points as every output writes it: ``+2.5``, ``-0.4``, ``±0.0``.

    A dash for no change to tell (one side not scored).
    """
    if change is None or change != change:  # none, or not a number
        return "\u2013"
    shown = round(change, 1)  # what rounds to nothing is no change, whatever its sign
    return decimal_text(f"{shown:+.1f}" if shown else "\u00b10.0")


def decimal_text(text: str) -> str:
    """A number already written with a ``.`` (``49.9``) as the language writes it (``49,9``)."""
    if _language == ENGLISH or "." not in text:
        return text
    from babel.numbers import get_decimal_symbol

    return text.replace(".", str(get_decimal_symbol(_babel_locale())))


def percent_text(number: str) -> str:
    """A number already written in the language, with the percent sign as the language sets it.

    ``23.4%`` in English; German, French and Spanish put a no-break space before the sign
    (``23,4 %``), which also keeps the two on one line. The place and the space are CLDR's.
    """
    if _language == ENGLISH:
        return number + "%"
    pattern = _babel_locale().percent_formats[None]
    return f"{pattern.prefix[0]}{number}{pattern.suffix[0]}"


def number_text(value: float, decimals: int) -> str:
    """A number with ``decimals`` places and thousands grouped, as the language writes it."""
    if _language == ENGLISH:
        return f"{value:,.{decimals}f}"
    from decimal import Decimal

    from babel.numbers import format_decimal

    # rounded once, as English rounds it (the float's own digits): Babel would round the
    # shortest decimal spelling half-even, so 2.675 gave 2,68 where English says 2.67
    rounded = Decimal(f"{value:.{decimals}f}")
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return str(format_decimal(rounded, format=pattern, locale=_babel_locale()))


def iso_date_text(iso: object) -> object:
    """An ISO date (``2026-11-20``) as :func:`date_text` writes it; anything else as it is.

    What reports and trends print of the dates their data holds (None stays None).
    """
    if not isinstance(iso, str):
        return iso
    try:
        return date_text(dt.date.fromisoformat(iso))
    except ValueError:
        return iso


def date_text(date: dt.date) -> str:
    """A date in words: ``20 November 2026``, ``20. November 2026``, ``20 de noviembre de 2026``."""
    if _language == ENGLISH:
        return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"
    from babel.dates import format_date

    return str(format_date(date, format="long", locale=_babel_locale()))


def language_name(tag: str) -> str:
    """A language's name in itself, first letter upper case: ``Deutsch``, ``Français``."""
    if base_language(tag) == ENGLISH:
        return "English"
    known = _known_locale(tag) or _known_locale(base_language(tag))
    name = (known.display_name if known is not None else None) or tag
    return name[:1].upper() + name[1:]

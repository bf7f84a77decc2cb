"""SPEC section 8: the tool's own words in German, French and Spanish, from gettext catalogs.

Every string the templates and the Python that builds sentences mark for translation is in the
template catalog (``socialmaturity.pot``), every language's catalog translates all of them with
their placeholders intact and nothing fuzzy, and the compiled catalogs shipped in the package are
those of today's sources. ``docs/development.md`` says how to refresh them.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from conftest import REPO

LOCALE = REPO / "src" / "socialmaturity" / "locale"
LANGUAGES = ("de", "fr", "es")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}|%%")


def _catalog(path: Path):  # type: ignore[no-untyped-def]
    with path.open("rb") as handle:
        return read_po(handle)


def _extracted() -> set[str]:
    """What the sources mark today, as ``pybabel extract -F babel.cfg`` finds it."""
    found: set[str] = set()
    methods = [("**.py", "python"), ("**.j2", "jinja2")]
    options = {"**.j2": {"extensions": "jinja2.ext.i18n"}}
    for folder in (REPO / "src" / "socialmaturity", REPO / "report_templates"):
        for _, _, message, _, _ in extract_from_dir(
            str(folder),
            methods,
            options_map=options,
            keywords={"_": None, "gettext": None, "ngettext": (1, 2), "N_": None},
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_the_template_catalog_holds_every_marked_string() -> None:
    pot = {
        m.id[0] if isinstance(m.id, tuple) else m.id
        for m in _catalog(LOCALE / "socialmaturity.pot")
        if m.id
    }
    extracted = _extracted()
    assert extracted - pot == set(), "run pybabel extract (docs/development.md)"
    assert pot - extracted == set(), "the catalog holds strings the sources no longer mark"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated_with_its_placeholders(language: str) -> None:
    po = _catalog(LOCALE / language / "LC_MESSAGES" / "socialmaturity.po")
    pot = {m.id for m in _catalog(LOCALE / "socialmaturity.pot") if m.id}
    assert {m.id for m in po if m.id} == pot, "run pybabel update (docs/development.md)"
    for message in po:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert not message.fuzzy, ids[0]
        assert all(strings), f"untranslated: {ids[0]!r}"
        wanted = set(PLACEHOLDER.findall(ids[0])) | set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            found = set(PLACEHOLDER.findall(text))
            if len(ids) == 1:
                assert found == wanted, (ids[0], text)
            else:  # a plural form may leave the number out ("eine Antwort")
                assert found <= wanted and wanted - found <= {"{n}", "%(num)d"}, (ids[0], text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_shipped_compiled_catalog_is_todays(language: str) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "socialmaturity.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    po = _catalog(folder / "socialmaturity.po")
    form_of = gettext.c2py(po.plural_expr)  # type: ignore[attr-defined]
    stale = "run pybabel compile (docs/development.md)"
    for message in po:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            singular, plural = message.id
            for n in (1, 2, 5):
                expected = message.string[form_of(n)]
                assert compiled.ngettext(singular, plural, n) == expected, stale
        else:
            assert compiled.gettext(message.id) == message.string, stale


def test_no_marked_string_hides_inside_an_f_string() -> None:
    """pybabel does not look inside f-strings: a ``_("...")`` there would never be translated."""
    import io
    import tokenize

    hidden = []
    for path in sorted((REPO / "src" / "socialmaturity").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            prefix = token.string[:2].lower()
            is_f = token.type == tokenize.STRING and "f" in prefix.split('"')[0].split("'")[0]
            if is_f and ("_(" in token.string or "gettext(" in token.string):
                hidden.append(f"{path.name}:{token.start[0]}")
    assert hidden == []

"""User text with bidirectional controls cannot reorder the report's words, and is isolated once.

A text is safe inside a sentence when every control it holds sits inside a balanced isolate: no
closing mark without an opening one (it would close the isolate around the text), none left open
(it would isolate the rest of the sentence), and no embedding, override or mark outside one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialmaturity.render import summary
from socialmaturity.render.escaping import isolate, md_escape
from socialmaturity.render.templating import render_report
from socialmaturity.terminal import BIDI_CONTROLS

OPENS, CLOSE = "\u2066\u2067\u2068", "\u2069"
FSI = "\u2068"


#: Paragraph separators: Unicode's bidirectional algorithm ends everything open at one.
SEPARATORS = "\n\r\x1c\x1d\x1e\x85\u2029"


def contained(text: str) -> bool:
    """Whether every bidirectional control of ``text`` sits inside a balanced isolate of its
    own paragraph."""
    depth = 0
    for char in text:
        if char in SEPARATORS:
            if depth:
                return False
        elif char == CLOSE:
            if depth == 0:
                return False
            depth -= 1
        elif char in OPENS:
            depth += 1
        elif char in BIDI_CONTROLS and depth == 0:
            return False
    return depth == 0


def visible(text: str) -> str:
    return "".join(char for char in text if char not in BIDI_CONTROLS)


texts = st.text(
    alphabet=st.sampled_from(["a", "b", " ", "“", *BIDI_CONTROLS, *SEPARATORS]), max_size=30
)


@given(texts)
def test_isolated_text_is_contained_keeps_its_words_and_is_isolated_once(text: str) -> None:
    once = isolate(text)
    assert contained(once)
    assert visible(once) == visible(text)
    assert isolate(once) == once
    if not any(char in BIDI_CONTROLS for char in text):
        assert once == text


def test_a_closing_mark_in_the_text_cannot_end_the_isolate_around_it() -> None:
    assert isolate("Evil\u2069\u202eRTL") == "\u2068Evil\u202eRTL\u2069"
    assert isolate("open \u2067end") == "open \u2067end\u2069"  # closed, nothing spills after it
    assert isolate("\u2068x\u202ey\u2069") == "\u2068x\u202ey\u2069"  # isolated already


@pytest.mark.parametrize("separator", ["\n", "\u2029", "\x85"])
def test_each_paragraph_is_isolated_on_its_own(separator: str) -> None:
    """An isolate ends with its paragraph: an override after a separator is at the top level
    of the next paragraph, however the text before it was isolated."""
    text = f"\u2067a{separator}\u202eb\u2069"
    assert isolate(text) == f"\u2067a\u2069{separator}\u2068\u202eb\u2069"


def test_the_templates_quote_as_the_summary_does_and_print_isolated_text_as_it_is(
    tmp_path: Path,
) -> None:
    """``quoted`` isolates inside the quotation marks like the summary's sentences; a value
    printed after ``md`` or ``quoted`` is not wrapped again."""
    template = tmp_path / "t.md.j2"
    template.write_text("{{ t | quoted }}|{{ t | md }}|{{ t }}|{{ s }}\n", encoding="utf-8")
    text = "Evil \u202eRTL"
    sentence = f"We asked {summary.quoted_text(text)}."
    out = render_report({"t": text, "s": sentence}, "md", template).rstrip("\n").split("|")
    assert out[0] == summary.quoted_text(text)
    assert out[1] == md_escape(text)
    assert out[2] == isolate(text)
    assert out[3] == sentence
    assert all(part.count(FSI) == 1 and contained(part) for part in out)

"""``json_controls``: DEL, C1 controls, U+2028 and U+2029 in JSON text written as ``\\uXXXX``."""

from __future__ import annotations

import json
import re

from hypothesis import given
from hypothesis import strategies as st

from socialmaturity.render.escaping import json_controls

#: What the function must do, written the plain way.
_RAW = re.compile("[\x7f-\x9f\u2028\u2029]")


@given(st.text())
def test_json_controls_escapes_exactly_those_characters(text: str) -> None:
    encoded = json.dumps(text, ensure_ascii=False)
    expected = _RAW.sub(lambda found: f"\\u{ord(found.group()):04x}", encoded)
    assert json_controls(encoded) == expected
    assert json.loads(json_controls(encoded)) == text


def test_ascii_text_is_returned_as_it_is_unless_it_holds_del() -> None:
    assert json_controls('"plain"') == '"plain"'
    assert json_controls('"a\x7fb"') == '"a\\u007fb"'
    assert json_controls('"caf\u00e9 \u2028"') == '"caf\u00e9 \\u2028"'

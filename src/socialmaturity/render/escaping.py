"""User text made safe for each output: Markdown, CSS strings, bidi, CSV cells, JSON.

Every text from a questionnaire or a response passes through one of these before it reaches a
report, so it can never become markup, a live link, a formula, or reorder the report's own words.
"""

from __future__ import annotations

import re

from socialmaturity.terminal import BIDI_CONTROLS

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#+!|~&$])")
#: The ``:`` of a URL (``scheme://``, ``mailto:``, ``xmpp:``), which GitHub would autolink.
_URL_COLON = re.compile(r"(?i)(?::(?=//)|(?<=mailto):|(?<=xmpp):)")
#: GitHub links bare ``www.`` names and e-mail addresses in text (autolinks); these break them.
_WWW = re.compile(r"(?i)\b(www)\.")
_EMAIL_AT = re.compile(r"(?<=[\w.+-])@(?=[\w-])")
#: Bidirectional controls: text holding one is isolated so it cannot reorder the report's words.
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")


#: What opens an isolate (LRI, RLI, FSI) and what closes one (PDI).
_OPENS, _CLOSE = "\u2066\u2067\u2068", "\u2069"
#: Paragraph separators (bidirectional class B): every isolate, embedding and override ends at
#: one, so each paragraph of a text is isolated on its own.
_PARAGRAPHS = re.compile("([\n\r\x1c-\x1e\x85\u2029])")


def isolate(text: str) -> str:
    """Text whose bidirectional controls cannot reach the words around it; other text as is.

    Each paragraph is taken on its own (Unicode's bidirectional algorithm ends every isolate,
    embedding and override at a paragraph separator). Its isolates are balanced first: a
    closing mark with nothing to close is dropped (it would close the isolate around it) and
    one still open is closed. A paragraph whose every control then sits inside an isolate is
    left so: isolating again what is isolated already (a quoted answer inside a sentence, a
    value the templates print) would only nest. Any other paragraph with a control is wrapped
    in one isolate (FSI ... PDI), which ends every embedding and override begun inside it.
    """
    if not _BIDI.search(text):
        return text
    parts = _PARAGRAPHS.split(text)  # paragraphs, with the separators between them
    return "".join(part if n % 2 else _isolated(part) for n, part in enumerate(parts))


def _isolated(paragraph: str) -> str:
    """One paragraph, as :func:`isolate` leaves it."""
    kept: list[str] = []
    depth = 0
    contained = True  # every control so far inside an isolate
    for char in paragraph:
        if char == _CLOSE:
            if not depth:
                continue
            depth -= 1
        elif char in _OPENS:
            depth += 1
        elif depth == 0 and char in BIDI_CONTROLS:
            contained = False
        kept.append(char)
    balanced = "".join(kept) + _CLOSE * depth
    return balanced if contained else f"\u2068{balanced}\u2069"


#: White space that Markdown output folds into one space: all of it but the no-break spaces
#: (U+00A0, U+2007, U+202F), which languages write inside numbers and before punctuation.
_SPACES = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def md_escape(text: object) -> str:
    """Markdown-escape text so it renders literally, on one line (CommonMark backslash escapes).

    Line breaks become spaces, so user text can never start a heading, list, quote or table row;
    templates never begin a line with user text. The ``:`` of a URL is escaped and ``www.`` and
    ``@`` are broken up so that GitHub does not turn a URL or an address into a live link.
    """
    escaped = _MD_SPECIAL.sub(r"\\\1", _SPACES.sub(" ", isolate(str(text))).strip(" "))
    escaped = _URL_COLON.sub(r"\\:", escaped)
    escaped = _WWW.sub(r"\1\\.", escaped)
    return _EMAIL_AT.sub("<!-- -->@", escaped)


def md_cell(text: object) -> str:
    """Markdown-escape text for a table cell (``|`` stays inside the cell); never empty."""
    return md_escape(text) or " "


def css_string(text: object) -> str:
    """Text for inside a double-quoted CSS string, escaped so it cannot end the string.

    Every character but ASCII letters, digits and spaces becomes a CSS escape.
    """
    return "".join(
        ch if (ch.isascii() and ch.isalnum()) or ch == " " else f"\\{ord(ch):x} "
        for ch in str(text)
    )


#: What a spreadsheet reads as the start of a formula (or, for tab and CR, hides one behind).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: What makes a CSV cell need quotes: the separator, the quote, and any line break (a bare CR
#: splits a row in most readers, yet Python's csv module leaves it unquoted).
_CSV_SPECIAL = re.compile('[,"\r\n]')


def csv_text(text: str) -> str:
    """A text cell that a spreadsheet shows as text: a leading ``'`` before a formula's start."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_line(cells: list[str]) -> str:
    """One CSV row (RFC 4180 quoting, a newline at the end); any line break in a cell is quoted."""
    return (
        ",".join(
            '"' + cell.replace('"', '""') + '"' if _CSV_SPECIAL.search(cell) else cell
            for cell in cells
        )
        + "\n"
    )


#: What JSON may carry raw that a terminal acts on or a line reader splits at: DEL and C1
#: controls (U+009B is a terminal's CSI, U+0085 a line break to some), U+2028 and U+2029.
_JSON_RAW_CONTROLS = re.compile("[\x7f-\x9f\u2028\u2029]")


def json_controls(text: str) -> str:
    r"""JSON text with DEL, C1 controls, U+2028 and U+2029 written as ``\uXXXX``, as C0 are.

    The same data for every JSON reader; nothing in it can act on a terminal, and a JSON line
    stays one line for readers that split at every Unicode line break. Those characters can
    only be inside strings, so the text stays valid JSON.
    """
    if text.isascii() and "\x7f" not in text:  # the usual case, told without the regex
        return text
    return _JSON_RAW_CONTROLS.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def json_pretty(data: object) -> str:
    """Strict JSON (never NaN), indented by two, text as written, controls escaped.

    What every JSON document the tool writes is made of (:func:`json_controls`).
    """
    import json

    return json_controls(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False))

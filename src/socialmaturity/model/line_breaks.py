"""Line breaks as YAML 1.2 counts them, where Python and YAML 1.1 parsers count more.

YAML 1.2 ends a line at a line feed, a carriage return, or both; NEL, LS and PS are ordinary
characters inside a line. Python's ``str.splitlines`` and the YAML 1.1 parsers this tool uses
(libyaml to read, ruamel.yaml to rewrite answer files) break lines at them too. Light on
purpose: no YAML library is imported here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from socialmaturity.errors import InputError, Location

#: Line breaks in YAML 1.1 (and to libyaml and ruamel.yaml) but ordinary characters in YAML 1.2.
NOT_BREAKS = "\x85\u2028\u2029"
#: Characters no YAML rule treats specially, to stand in for those while a parser reads the text.
STAND_INS = (range(0xE000, 0xF900), range(0xF0000, 0xFFFFE), range(0x100000, 0x10FFFE))

#: A line as YAML 1.2 numbers lines: ended by a line feed, a carriage return, or both.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def yaml_lines(text: str) -> list[str]:
    """The text's lines, endings kept, numbered as :attr:`Location.line` numbers them.

    Not ``str.splitlines``: that also breaks at NEL, LS, PS and a few controls, which YAML 1.2
    keeps inside a line.
    """
    return _LINE.findall(text)


def ending_of(lines: Iterable[str]) -> str:
    """The first line ending among ``lines``: CR LF, CR or LF; LF when none of them ends.

    What a rewritten file's new lines end with, so that it does not end its lines two ways.
    """
    for line in lines:
        for ending in ("\r\n", "\r", "\n"):
            if line.endswith(ending):
                return ending
    return "\n"


def stand_in_for_non_breaks(text: str, name: str = "") -> tuple[str, dict[int, str]]:
    """Hide NEL, LS and PS from a YAML 1.1 parser (libyaml, ruamel.yaml): it would break at them.

    Each is replaced by a character the text does not use and no YAML rule treats specially,
    one for one, so lines and columns stay right. Returns the text to parse and the table
    (for ``str.translate``) that puts the original characters back. ``name`` is the file, for
    the one error: a text that also uses every character that could stand in.
    """
    present = [char for char in NOT_BREAKS if char in text]
    if not present:
        return text, {}
    used = set(text)
    free = (chr(code) for codes in STAND_INS for code in codes if chr(code) not in used)
    hide: dict[int, str] = {}
    restore: dict[int, str] = {}
    for char in present:
        stand_in = next(free, None)
        if stand_in is None:
            raise InputError(
                f"cannot read U+{ord(char):04X} in a file that also uses every private-use "
                "character",
                Location(name),
            )
        hide[ord(char)] = stand_in
        restore[ord(stand_in)] = char
    return text.translate(hide), restore

"""JUnit XML for ``check --junit``: one testcase per regression case, for CI dashboards."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

#: Characters XML 1.0 cannot hold at all, even escaped: C0 controls but tab, newline and carriage
#: return, lone surrogates, U+FFFE and U+FFFF. ElementTree writes them as they are, and the
#: document is no longer well-formed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    r"""Text an XML document can hold: what it cannot is written as ``\xNN`` or ``\uXXXX``."""
    return _NOT_XML.sub(
        lambda found: (
            f"\\x{ord(found.group()):02x}"
            if ord(found.group()) < 0x100
            else f"\\u{ord(found.group()):04x}"
        ),
        text,
    )


@dataclass(frozen=True)
class Case:
    """The outcome of one regression case: pass, fail or error, with the reasons."""

    file: str
    outcome: str
    messages: list[str]


def junit_xml(cases: list[Case], name: str = "socialmaturity check") -> str:
    """A JUnit XML document with one ``testcase`` per case."""
    suite = ET.Element(
        "testsuite",
        name=name,
        tests=str(len(cases)),
        failures=str(sum(1 for c in cases if c.outcome == "fail")),
        errors=str(sum(1 for c in cases if c.outcome == "error")),
    )
    for case in cases:
        element = ET.SubElement(
            suite, "testcase", classname="socialmaturity.check", name=_xml_text(case.file)
        )
        if case.outcome in ("fail", "error"):
            tag = "failure" if case.outcome == "fail" else "error"
            first = case.messages[0] if case.messages else ""
            detail = ET.SubElement(element, tag, message=_xml_text(first))
            detail.text = _xml_text("\n".join(case.messages))
    ET.indent(suite)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"
    )

"""JUnit XML for ``check --junit``: one testcase per regression case, for CI dashboards."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass


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
        element = ET.SubElement(suite, "testcase", classname="socialmaturity.check", name=case.file)
        if case.outcome in ("fail", "error"):
            tag = "failure" if case.outcome == "fail" else "error"
            detail = ET.SubElement(element, tag, message=case.messages[0] if case.messages else "")
            detail.text = "\n".join(case.messages)
    ET.indent(suite)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"
    )

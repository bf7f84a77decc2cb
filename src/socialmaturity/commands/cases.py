"""``check``: regression cases, their comparison, ``--update`` and ``--junit``."""

from __future__ import annotations

import contextlib
import sys

from socialmaturity.commands.batch import collect_files
from socialmaturity.errors import EXIT_INPUT, EXIT_OK, SocialMaturityError, print_problems
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.loading import load_response
from socialmaturity.model.reading import read_text
from socialmaturity.model.response import load_response_document
from socialmaturity.terminal import visible


def check_cases(paths: list[str], reference: str | None, *, update: bool, junit: str | None) -> int:
    """``check``: score each case and compare with its ``expect:`` block (or rewrite it)."""
    from socialmaturity.engine.regression import compare, expect_block, replace_expect
    from socialmaturity.engine.scoring import score_response
    from socialmaturity.files import STDOUT_NAME, refuse_unwritable, write_atomic
    from socialmaturity.locks import hold
    from socialmaturity.render.junit import Case, junit_xml

    if junit is not None:  # replaced at every run; a folder in its place never can be
        refuse_unwritable(junit, force=True)
    catalog = Catalog()
    files, missing = collect_files(paths)
    print_problems(missing)
    cases: list[Case] = []
    unscorable = bool(missing)
    # With the JUnit report on stdout (``--junit -``), the case lines go to stderr: stdout then
    # holds nothing but the XML a CI system reads.
    out = sys.stderr if junit == STDOUT_NAME else sys.stdout
    for path in files:
        held = contextlib.ExitStack()
        try:
            if update:  # an interview holding the file would overwrite the new block
                held.enter_context(hold(path, purpose="update"))
            text = read_text(path)
            response, questionnaire = load_response(
                path, catalog, reference, text=text, expect=True
            )
            result = score_response(questionnaire, response)
        except SocialMaturityError as exc:
            held.close()
            unscorable = True
            print_problems(exc.problems)
            cases.append(Case(path, "error", [str(p) for p in exc.problems]))
            out.write(f"ERROR {visible(path)}\n")
            continue
        print_problems(response.warnings)
        if update:
            with held:
                doc = load_response_document(path, text=text)
                write_atomic(path, replace_expect(text, doc, expect_block(result)), force=True)
            cases.append(Case(path, "pass", []))
            out.write(f"updated {visible(path)}\n")
            continue
        if response.expect is None or not response.expect.checks_anything:
            cases.append(Case(path, "fail", ["no expectations (add an expect: block)"]))
            out.write(f"FAIL {visible(path)}: no expectations\n")
            continue
        mismatches = compare(result, response.expect)
        if not mismatches:
            cases.append(Case(path, "pass", []))
            out.write(f"pass {visible(path)}\n")
            continue
        cases.append(Case(path, "fail", [str(m) for m in mismatches]))
        out.write(f"FAIL {visible(path)}\n")
        for mismatch in mismatches:
            out.write(f"    {visible(mismatch)}\n")
    passed = sum(1 for case in cases if case.outcome == "pass")
    failed = sum(1 for case in cases if case.outcome == "fail")
    errors = sum(1 for case in cases if case.outcome == "error")
    summary = f"{passed} passed, {failed} failed" + (
        f", {errors} could not be scored" if errors else ""
    )
    sys.stderr.write(summary + "\n")
    if junit is not None:
        write_atomic(junit, junit_xml(cases), force=True)
    if update:
        return EXIT_INPUT if unscorable else EXIT_OK
    return EXIT_OK if passed == len(cases) and not missing else EXIT_INPUT

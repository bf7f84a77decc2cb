"""SPEC section 4, "Hardening (v3)": broken files, Excel's limits, unreadable inputs, start-up.

``check --junit`` writes well-formed XML whatever the text; an xlsx that would pass Excel's
limits is an error (a footer is shortened, with a warning); a file that cannot be read is an
error for that file and the batch goes on; ``list`` still exits 0; a Ctrl-C in the tool's first
imports ends calmly.
"""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest

from conftest import REPO, TINY, assert_clean_failure, run_cli, run_process, write

DEMO = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"


# --- check --junit --------------------------------------------------------------------------------


def test_junit_is_well_formed_whatever_the_text(tmp_path: Path) -> None:
    q = write(tmp_path / "q.yaml", TINY)
    cases = tmp_path / "cases"
    good = "questionnaire: tiny\norganization: A\nanswers: {q: b, s: 5}\n"
    write(cases / "ctrl\x01\x1b[31m.yaml", good + "expect:\n  overall: {level: 1}\n")
    write(cases / "bad\x0b.yaml", "questionnaire: tiny\norganization: A\nanswers: {zz: 1}\n")
    write(cases / "ok.yaml", good + "expect:\n  overall: {level: 2}\n")
    report = tmp_path / "junit.xml"
    run = run_cli("check", cases, "-q", q, "--junit", report)
    assert run.code == 1
    suite = ET.parse(report).getroot()  # well-formed
    names = [case.get("name") for case in suite.iter("testcase")]
    assert str(cases / "ctrl\\x01\\x1b[31m.yaml") in names
    assert str(cases / "bad\\x0b.yaml") in names
    assert suite.get("failures") == "1" and suite.get("errors") == "1"


# --- Excel's limits -----------------------------------------------------------------------------


def wide_questionnaire(dimensions: int) -> str:
    lines = [
        "id: wide",
        'version: "1"',
        "title: Wide",
        "levels:",
        "  - {level: 1, name: Low, min_score: 0}",
        "  - {level: 2, name: High, min_score: 50}",
        "dimensions:",
    ]
    options = "[{value: a, label: A, points: 0}, {value: b, label: B, points: 1}]"
    for n in range(dimensions):
        lines += [f"  - id: d{n}", f"    name: D{n}", "    questions:"]
        lines += [f"      - {{id: q{n}, text: Q{n}, options: {options}}}"]
    return "\n".join(lines) + "\n"


def test_a_score_workbook_past_excels_columns_is_an_error(tmp_path: Path) -> None:
    q = write(tmp_path / "wide.yaml", wide_questionnaire(8_189))  # 7 + 2 * 8,189 > 16,384
    response = write(
        tmp_path / "r.yaml", "questionnaire: wide\norganization: A\nanswers: {q0: b}\n"
    )
    out = tmp_path / "scores.xlsx"
    run = run_cli("score", response, "-q", q, "-o", out)
    assert_clean_failure(run)
    assert "needs more than Excel's 16,384 columns" in run.stderr
    assert not out.exists()


def test_a_sheet_past_excels_rows_is_an_error() -> None:
    import xlsxwriter

    from socialmaturity.errors import InputError
    from socialmaturity.render.sheets import MAX_ROWS, Sheet

    workbook = xlsxwriter.Workbook(os.devnull, {"constant_memory": True})
    sheet = Sheet(workbook, "Scores", {})
    sheet.write(MAX_ROWS - 1, 0, "last row")
    with pytest.raises(InputError, match="needs more than Excel's 1,048,576 rows"):
        sheet.write(MAX_ROWS, 0, "one more")


def test_a_long_footer_is_shortened_with_a_warning(tmp_path: Path) -> None:
    footer = "Confidential & privileged: " + "prepared for the executive team only. " * 10
    name = "Harbour & Finch Advisory, Strategy and Social Business Consultants " * 3
    brand = write(tmp_path / "brand.yaml", f"name: {name}\nfooter: {json.dumps(footer)}\n")
    out = tmp_path / "r.xlsx"
    run = run_cli("report", DEMO, "--brand", brand, "-o", out)
    assert run.code == 0, run.stderr
    assert (
        "warning: the workbook's page footer is shortened to Excel's 255 characters" in run.stderr
    )
    assert "Warning" not in run.stderr  # nothing of XlsxWriter's own
    printed = openpyxl.load_workbook(out)["Summary"].oddFooter
    assert printed.left.text.startswith("Northwind Outdoor Gear · Confidential && privileged")
    assert printed.left.text.endswith("…")
    assert (printed.right.text or "").startswith("Harbour && Finch Advisory")


def test_a_short_footer_is_left_whole(tmp_path: Path) -> None:
    from socialmaturity.render.sheets import page_footer

    assert page_footer("Acme & Co", "H&F") == ("&LAcme && Co&RH&&F page &P of &N", False)
    for left, right in [("x" * 300, "y"), ("x", "y" * 300), ("&" * 300, "&" * 300)]:
        text, shortened = page_footer(left, right)
        assert shortened and len(text) <= 255, text
        assert "…&R" in text or "… page" in text
        codes = re.findall(r"&(.)", text.replace("&&", ""))
        assert codes == ["L", "R", "P", "N"]  # no & left alone to start a code


# --- a file that cannot be read -----------------------------------------------------------------


@pytest.fixture
def unreadable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files named ``secret*`` cannot be opened, as for a user without permission to read them
    (the tests may run as root, who reads everything)."""
    real = os.open

    def refusing(path: object, *args: object, **kwargs: object) -> int:
        if os.path.basename(str(path)).startswith("secret"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refusing)


@pytest.mark.parametrize(
    "args",
    [
        ("score", "--format", "csv"),
        ("score", "--format", "json", "--by", "organization"),
        ("validate",),
        ("trend", "--format", "json"),
        ("check",),
    ],
)
def test_an_unreadable_file_is_an_error_for_that_file_and_the_batch_goes_on(
    tmp_path: Path, unreadable: None, args: tuple[str, ...]
) -> None:
    secret = write(tmp_path / "secret.yaml", DEMO.read_text())
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(tmp_path / "loop.yaml")
    good = write(tmp_path / "good.yaml", DEMO.read_text() + "expect:\n  overall: {level: 3}\n")
    run = run_cli(args[0], secret, loop, good, *args[1:])
    assert run.code == 1, run.stderr
    assert f"{secret}: error: cannot read: Permission denied" in run.stderr
    assert f"{loop}: error: cannot read: symbolic links form a loop" in run.stderr
    assert "Northwind" in run.stdout or "good.yaml" in run.stdout
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr


def test_list_names_unreadable_files_on_the_path_and_exits_0(
    tmp_path: Path, unreadable: None
) -> None:
    folder = tmp_path / "models"
    write(folder / "secret.yaml", "id: hidden\n")
    write(folder / "broken.yaml", "id: [\n")
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    run = run_cli("list", env={"SOCIALMATURITY_PATH": str(folder)})
    assert run.code == 0, run.stderr
    assert f"{folder / 'secret.yaml'}: error: cannot read: Permission denied" in run.stderr
    assert f"{folder / 'broken.yaml'}:2:1: error:" in run.stderr
    assert "social-maturity" in run.stdout


# --- Ctrl-C while the tool's first modules are imported -----------------------------------------


@pytest.mark.parametrize(
    ("name", "status", "said"), [("SIGINT", 130, "interrupted"), ("SIGTERM", 143, "terminated")]
)
@pytest.mark.parametrize("module", ["socialmaturity.signals", "socialmaturity.cli"])
def test_a_signal_during_the_first_imports_ends_calmly(
    name: str, status: int, said: str, module: str
) -> None:
    """The signal arrives exactly as ``module`` is first imported by ``python -m socialmaturity``.

    Before the entry point took signals first thing, one that came while it imported the
    package's signal module printed a traceback from there.
    """
    probe = textwrap.dedent(
        f"""
        import importlib.abc, os, runpy, signal, sys

        class Trap(importlib.abc.MetaPathFinder):
            def find_spec(self, fullname, path, target=None):
                if fullname == {module!r}:
                    sys.meta_path.remove(self)
                    os.kill(os.getpid(), signal.{name})
                return None

        sys.meta_path.insert(0, Trap())
        sys.argv = ["socialmaturity", "list"]
        runpy.run_module("socialmaturity", run_name="__main__", alter_sys=True)
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "SOCIALMATURITY_PATH"}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60
    )
    assert (done.returncode, done.stderr) == (status, f"{said}\n")
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # this process: as it was


# --- -o - and leftovers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("score", str(DEMO), "--format", "csv"),
        ("score", str(DEMO), "--format", "jsonl"),
        ("report", str(DEMO)),
        ("report", str(DEMO), "--format", "json"),
        ("trend", str(DEMO), "--format", "json"),
        ("template", "--organization", "Acme"),
    ],
)
def test_dash_o_dash_writes_to_stdout(tmp_path: Path, args: tuple[str, ...]) -> None:
    """``-o -`` is standard output, as in most tools; it wrote a file named ``-``."""
    plain = run_process(*args, cwd=tmp_path)
    dashed = run_process(*args, "-o", "-", cwd=tmp_path)
    assert dashed.code == plain.code == 0, dashed.stderr
    assert dashed.stdout == plain.stdout
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ("assess", "-o", "-"),
        ("migrate", str(DEMO), "-o", "-"),
        ("demo", "-o", "-"),
        ("import", "submissions.csv", "-o", "-"),  # it made a folder named -
    ],
)
def test_dash_o_dash_where_a_file_or_folder_is_needed_is_a_usage_error(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    run = run_cli(*args, cwd=tmp_path)
    assert run.code == 2, run.stderr
    assert "-o - names standard output" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_leftovers_of_killed_writers_go_with_the_next_write_into_the_folder(
    tmp_path: Path,
) -> None:
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    dead = ended.pid  # a process that no longer runs
    leftovers = [
        tmp_path / f".old-report.html.{dead}.0123abcd.tmp",
        tmp_path / f".x.yaml.{dead}.89abcdef.tmp",
    ]
    for leftover in leftovers:
        leftover.write_text("half written")
    alive = tmp_path / f".other.md.{os.getpid()}.0123abcd.tmp"  # a writer still at work
    alive.write_text("being written")
    run = run_cli("report", DEMO, "-o", tmp_path / "new.md")
    assert run.code == 0, run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [alive.name, "new.md"]


def test_a_note_longer_than_a_cell_holds_is_an_error_not_cut_short(tmp_path: Path) -> None:
    """SPEC 4: a workbook past Excel's limits is an error, never a silent loss."""
    note = "N" * 39_999 + "END"
    response = write(
        tmp_path / "long.yaml",
        "questionnaire: social-maturity-quick\norganization: Acme\ndate: 2026-01-05\n"
        f"answers:\n  quick_exec_sponsor:\n    value: none\n    note: {note}\n",
    )
    out = tmp_path / "r.xlsx"
    run = run_cli("report", response, "-o", out)
    assert_clean_failure(run)
    assert "of the workbook's sheet 'Answers' would hold 40,002 characters" in run.stderr
    assert not out.exists()
    assert run_cli("report", response, "--format", "json").code == 0

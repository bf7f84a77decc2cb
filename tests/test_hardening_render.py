"""SPEC section 4, "Hardening (v3)": rendering is bounded and Ctrl-C stops it.

A user template that runs past 60 seconds or writes more than 50 MB is stopped with an error
naming the template (exit 1); one step that would take gigabytes at once is refused before it
runs. Ctrl-C stops any rendering, PDF included, with exit 130 and no file written.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from socialmaturity.signals import Terminated

from conftest import REPO, assert_clean_failure, run_cli, started, without_import_times, write

DEMO = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"

HEAVY = [
    ("{{ 9 ** 999999999 }}", "it raises a number to the power 1e+09"),
    ("{{ (2 ** 5000) * (2 ** 5000) * (2 ** 5000) }}", "multiplies numbers of thousands of digits"),
    ("{{ 'x' * 10 ** 10 }}", "it repeats a value 10,000,000,000 times"),
    ("{{ [1, 2] * 100000000 }}", "it repeats a value 100,000,000 times"),
    ("{{ 'x' | center(10 ** 10) }}", "it passes the number 1e+10 to a function or filter"),
    ("{{ 'x'.ljust(10 ** 10) }}", "it passes the number 1e+10 to a function or filter"),
    ("{{ '{:>999999999}'.format(1) }}", "a width or precision of eight digits or more"),
    ("{{ '%0999999999d' % 1 }}", "a width or precision of eight digits or more"),
    ("{{ '%0999999999d' | format(1) }}", "a width or precision of eight digits or more"),
    (
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}{{ ns.s | length }}",
        "it builds a value of more than 50 MB",
    ),
    (
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}"
        "{% endfor %}{{ ns.s | length }}",
        "it builds a value of more than 50 MB",
    ),
    ("{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}", "it writes more than 50 MB"),
]


@pytest.mark.parametrize(("body", "expected"), HEAVY)
def test_a_template_step_that_would_take_gigabytes_is_stopped(
    tmp_path: Path, body: str, expected: str
) -> None:
    template = write(tmp_path / "heavy.md.j2", body + "\n")
    out = tmp_path / "r.md"
    run = run_cli("report", DEMO, "--template", template, "-o", out)
    assert_clean_failure(run)
    assert run.stderr.startswith(f"{template}: error: the template was stopped: "), run.stderr
    assert expected in run.stderr
    assert not out.exists()


def test_a_template_that_runs_too_long_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from socialmaturity.render import sandbox

    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.5)  # 60 in real use
    body = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    template = write(tmp_path / "slow.html.j2", body + "done\n")
    out = tmp_path / "r.html"
    run = run_cli("report", DEMO, "--template", template, "-o", out)
    assert_clean_failure(run)
    assert f"{template}: error: the template was stopped: it ran for more than 0.5 s" in run.stderr
    assert not out.exists()


def test_a_template_doing_ordinary_sums_renders(tmp_path: Path) -> None:
    body = (
        "{{ organization | md }} {{ 2 ** 10 }} {{ 'ab' * 3 }} {{ '%05.1f' % 3.14159 }} "
        "{{ '{:>6}'.format('x') }} {{ 'x' | center(5) }} {{ [1] * 3 }} {{ 'a' ~ 'b' }}"
        "{% for i in range(3) %}{{ i }}{% endfor %}\n"
    )
    template = write(tmp_path / "sums.md.j2", body)
    run = run_cli("report", DEMO, "--template", template)
    assert run.code == 0, run.stderr
    assert run.stdout == "Northwind Outdoor Gear 1024 ababab 003.1      x   x   [1, 1, 1] ab012"


# --- Ctrl-C while a PDF is drawn ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raised", "status", "said"),
    [(KeyboardInterrupt, 130, "interrupted"), (Terminated, 143, "terminated")],
)
def test_a_signal_while_an_svg_is_drawn_stops_the_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raised: type, status: int, said: str
) -> None:
    """WeasyPrint draws SVG (the report's charts, a logo) inside ``except BaseException``."""
    import weasyprint.svg

    def interrupted(*args: object, **kwargs: object) -> None:
        raise raised

    monkeypatch.setattr(weasyprint.svg.SVG, "draw", interrupted)
    out = tmp_path / "r.pdf"
    run = run_cli("report", DEMO, "-o", out)
    assert run.code == status, run.stderr
    assert run.stderr == f"{said}\n"
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == []


def test_pdf_warnings_are_short(tmp_path: Path) -> None:
    """A resource left out of the PDF is named, not repeated whole (a data URI can be 1 MB)."""
    uri = "data:image/png;base64," + "A" * 200_000
    body = f'<html><body><img src="{uri}"></body></html>\n'
    template = write(tmp_path / "big.html.j2", body)
    run = run_cli("report", DEMO, "--template", template, "-o", tmp_path / "r.pdf")
    assert run.code == 0, run.stderr
    assert run.stderr.count("warning") >= 1
    assert max(map(len, run.stderr.splitlines())) < 1000


@pytest.mark.slow
def test_ctrl_c_while_a_heavy_pdf_is_drawn_ends_with_130_and_no_file(tmp_path: Path) -> None:
    """A real process: the PDF of a template whose SVG takes long to draw, interrupted."""
    shapes = "".join(
        f'<circle cx="{n % 300}" cy="{n // 300}" r="3" fill="#0b6e4f"/>' for n in range(60_000)
    )
    template = write(
        tmp_path / "heavy.html.j2",
        f'<html><body><svg xmlns="http://www.w3.org/2000/svg" width="300" height="200">'
        f"{shapes}</svg></body></html>\n",
    )
    out = tmp_path / "r.pdf"
    env = {k: v for k, v in os.environ.items() if k != "SOCIALMATURITY_PATH"}
    process, early = started(
        "report", str(DEMO), "--template", str(template), "-o", str(out), env=env
    )
    time.sleep(4)
    process.send_signal(signal.SIGINT)
    _, late = process.communicate(timeout=120)
    err = without_import_times((early + late).decode())
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert not out.exists()

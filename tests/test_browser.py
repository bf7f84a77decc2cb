"""The demo's HTML report in a real headless browser: a screenshot and a printed PDF."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import run_cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)"),
]


def _chromium(*args: str) -> None:
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                f"--user-data-dir={profile}",
                *args,
            ],
            capture_output=True,
            timeout=120,
            check=True,
        )


def test_demo_report_screenshot_and_pdf(tmp_path: Path) -> None:
    assert run_cli("demo", "-o", tmp_path).code == 0
    page = (tmp_path / "report.html").as_uri()
    png = tmp_path / "report.png"
    pdf = tmp_path / "report.pdf"
    _chromium(f"--screenshot={png}", "--window-size=1200,2400", page)
    _chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page)
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG")
    assert len(data) > 50_000  # a rendered page, not a blank one
    document = pdf.read_bytes()
    assert document.startswith(b"%PDF")
    pages = document.count(b"/Type /Page") - document.count(b"/Type /Pages")
    assert pages >= 3  # the print CSS breaks sections onto their own pages

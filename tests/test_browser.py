"""The demo's HTML report in a real headless browser: a screenshot and a printed PDF.

The demo is written once for the whole file (:func:`demo`); each test works in a folder of its own.
"""

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


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder ``socialmaturity demo`` wrote, once for every test here."""
    folder = tmp_path_factory.mktemp("demo")
    assert run_cli("demo", "-o", folder).code == 0
    return folder


def _chromium(*args: str) -> str:
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
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
            text=True,
        )
        return done.stdout


def test_demo_report_screenshot_and_pdf(demo: Path, tmp_path: Path) -> None:
    page = (demo / "report.html").as_uri()
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


#: Marks every element whose right edge passes the window's width, once the page has loaded.
OVERFLOW_PROBE = """<script>
window.addEventListener("load", () => {
  const width = document.documentElement.clientWidth, over = [];
  document.querySelectorAll("body *").forEach((e) => {
    if (e.getBoundingClientRect().right > width + 1) over.push(e.tagName + " " + e.className);
  });
  document.body.setAttribute("data-overflow", over.length ? over.join("; ") : "none");
});
</script>"""


@pytest.mark.parametrize("width", [320, 390, 768])
def test_nothing_is_clipped_at_phone_width(demo: Path, tmp_path: Path, width: int) -> None:
    html = (demo / "report.html").read_text(encoding="utf-8")
    probe = tmp_path / "probe.html"
    probe.write_text(html.replace("</body>", OVERFLOW_PROBE + "</body>"), encoding="utf-8")
    dom = _chromium(
        f"--window-size={width},3000", "--virtual-time-budget=3000", "--dump-dom", probe.as_uri()
    )
    assert 'data-overflow="none"' in dom, dom[dom.find("data-overflow") :][:300]

"""``--brand FILE`` / ``SOCIALMATURITY_BRAND``: the consultancy's name, logo, colour and footer.

Brand files are checked like every YAML file users write (located errors, exit status 1); the
logo is told by its bytes and embedded, never linked; a colour too light for white text on it is
darkened until it reads; without a brand the reports are as they were.
"""

from __future__ import annotations

import base64
import re
import struct
import zlib
from pathlib import Path

import openpyxl
import pytest

from socialmaturity.model.brand import (
    MIN_CONTRAST,
    contrast,
    image_type,
    load_brand,
    mix,
    usable_accent,
)

from conftest import REPO, Run, run_cli, write

DEMO = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"
GOLDEN = Path(__file__).parent / "golden"

LOGO_SVG = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40" width="120" height="40">
  <rect width="40" height="40" rx="6" fill="#0b6e4f"/>
  <text x="48" y="27" font-size="16" fill="#0b6e4f">H&amp;F</text>
</svg>
"""


def tiny_png(width: int = 4, height: int = 2) -> bytes:
    """A valid PNG of the given size, every pixel white."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


BRAND = """\
name: Harbour & Finch Advisory
logo: logo.svg
colour: "#0b6e4f"
footer: "Confidential: prepared for the client's executive team"
"""


@pytest.fixture
def brand(tmp_path: Path) -> Path:
    write(tmp_path / "brand" / "logo.svg", LOGO_SVG)
    return write(tmp_path / "brand" / "brand.yaml", BRAND)


def report(*args: str | Path, env: dict[str, str] | None = None) -> Run:
    return run_cli("report", DEMO, *args, env=env)


# --- what a brand puts on the reports -----------------------------------------------------------


def test_html_carries_name_logo_colour_and_footer(brand: Path) -> None:
    done = report("--format", "html", "--brand", brand)
    assert done.code == 0, done.stderr
    html = done.stdout
    assert "Prepared by Harbour &amp; Finch Advisory" in html
    assert "Confidential: prepared for the client&#39;s executive team" in html
    assert ":root { --accent: #0b6e4f; --accent-soft: #ddebe6; }" in html
    assert 'fill="#0b6e4f"' in html  # the charts' bars carry the accent too
    found = re.search(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)" alt="', html)
    assert found, "the logo is embedded as an image"
    assert base64.b64decode(found.group(1)).decode() == LOGO_SVG
    assert not re.search(r'(src|href)="(?!data:)', html)  # nothing linked
    assert '@bottom-right { content: "Harbour \\26  Finch Advisory · "' in html


def test_markdown_has_the_name_and_footer_as_text(brand: Path) -> None:
    done = report("--brand", brand)
    assert done.code == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[2] == "*Prepared by Harbour \\& Finch Advisory*"
    assert lines[-1] == (
        "Harbour \\& Finch Advisory · Confidential: prepared for the client's executive team"
    )


def test_pdf_has_the_footer_on_every_page(brand: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "r.pdf"
    done = report("--brand", brand, "-o", out)
    assert done.code == 0, done.stderr
    pages = [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(out).pages]
    assert "Prepared by Harbour & Finch Advisory" in pages[0]
    for number, text in enumerate(pages, start=1):
        assert "Confidential: prepared for the client's executive team" in text
        assert f"Harbour & Finch Advisory · page {number} of {len(pages)}" in text


def test_workbook_names_the_brand_and_shows_a_png_logo(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(tiny_png(60, 20))
    path = write(tmp_path / "brand.yaml", "name: Harbour & Finch\nlogo: logo.png\n")
    out = tmp_path / "r.xlsx"
    done = report("--brand", path, "-o", out)
    assert done.code == 0, done.stderr
    book = openpyxl.load_workbook(out)
    summary = book["Summary"]
    facts = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row[0]}
    assert facts["prepared by"] == "Harbour & Finch"
    assert len(summary._images) == 1
    assert book.properties.creator == "Harbour & Finch"


def test_without_a_brand_the_reports_are_as_before(tmp_path: Path) -> None:
    done = report("--format", "md")
    assert done.code == 0
    assert done.stdout == (GOLDEN / "demo-report.md").read_text(encoding="utf-8")
    html = report("--format", "html").stdout
    assert "Prepared by" not in html and "--accent: #1f5f8b" in html


# --- where the brand comes from -----------------------------------------------------------------


def test_the_environment_names_the_brand_and_the_option_wins(brand: Path, tmp_path: Path) -> None:
    done = report(env={"SOCIALMATURITY_BRAND": str(brand)})
    assert done.code == 0, done.stderr
    assert "*Prepared by Harbour \\& Finch Advisory*" in done.stdout
    other = write(tmp_path / "other.yaml", "name: Other Partners\n")
    done = report("--brand", other, env={"SOCIALMATURITY_BRAND": str(brand)})
    assert "*Prepared by Other Partners*" in done.stdout and "Harbour" not in done.stdout
    broken = write(tmp_path / "broken.yaml", "name: [\n")
    done = report("--brand", brand, env={"SOCIALMATURITY_BRAND": str(broken)})
    assert done.code == 0, done.stderr  # the option wins: the variable's file is not read
    done = report(env={"SOCIALMATURITY_BRAND": ""})
    assert done.code == 0 and "Prepared by" not in done.stdout


# --- a bad brand file is an error, located, whatever the format -----------------------------------


BAD_BRANDS = [
    ("name: X\nlogo: logo.svg\ncolor: '#000000'\n", r"3:1: error: unknown key 'color' \(did you"),
    ("name: 3\n", r"1:7: error: name must be text"),
    ("footer: F\n", r"1:1: error: missing required key 'name'"),
    ("name: '  '\n", r"1:7: error: name: must not be blank"),
    ("name: X\ncolour: red\n", r"2:9: error: colour: must be a colour written #rrggbb"),
    ("name: X\ncolour: #0b6e4f\n", r"2:8: error: colour: is empty: in YAML a # starts a comment"),
    ("name: X\ncolour: '#0b6e4'\n", r"2:9: error: colour: must be a colour"),
    ("name: X\nlogo: missing.png\n", r"2:7: error: no such logo file: .*missing.png"),
    ("name: X\nname: Y\n", r"2:1: error: .*duplicate"),
    ("- name: X\n", r"1:1: error: the file must be a mapping"),
]


@pytest.mark.parametrize(("text", "expected"), BAD_BRANDS)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_brand_errors_are_located(tmp_path: Path, text: str, expected: str, fmt: str) -> None:
    write(tmp_path / "logo.svg", LOGO_SVG)
    path = write(tmp_path / "brand.yaml", text)
    out = tmp_path / f"r.{fmt}"
    done = report("--brand", path, "-o", out)
    assert done.code == 1, done.stderr
    assert re.search(r"brand\.yaml:" + expected, done.stderr), done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("logo.png", b"GIF89a" + b"\x00" * 40, "is not a PNG, JPEG or SVG image"),
        ("logo.svg", b"<html><body>not svg</body></html>", "is not a PNG, JPEG or SVG image"),
        ("logo.png", b"just text", "is not a PNG, JPEG or SVG image"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 1_000_000, "the limit is 1 MB"),
    ],
)
def test_logo_type_and_size_come_from_the_bytes(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    (tmp_path / name).write_bytes(content)
    path = write(tmp_path / "brand.yaml", f"name: X\nlogo: {name}\n")
    for fmt in ("md", "xlsx"):
        done = report("--brand", path, "-o", tmp_path / f"r.{fmt}")
        assert done.code == 1
        assert re.search(rf"brand.yaml:2:7: error: the logo .*{re.escape(expected)}", done.stderr)
        assert not (tmp_path / f"r.{fmt}").exists()


def test_logo_types_by_content() -> None:
    assert image_type(tiny_png()) == "image/png"
    assert image_type(b"\xff\xd8\xff\xe0" + b"\x00" * 20) == "image/jpeg"
    assert image_type(LOGO_SVG.encode()) == "image/svg+xml"
    assert image_type(b"\xef\xbb\xbf<!-- logo -->\n<svg xmlns='x'/>") == "image/svg+xml"
    assert image_type(b"GIF89a") is None
    assert image_type(b"<svgx>") is None


def test_a_logo_is_found_beside_the_brand_file(tmp_path: Path, brand: Path) -> None:
    loaded = load_brand(brand)
    assert loaded.logo is not None and loaded.logo.media_type == "image/svg+xml"
    assert loaded.name == "Harbour & Finch Advisory" and loaded.warnings == ()


# --- colours that are too light -----------------------------------------------------------------


@pytest.mark.parametrize(
    "colour", ["#ffd84d", "#ffffff", "#7fdbff", "#ff8800", "#0b6e4f", "#1f5f8b", "#000000"]
)
def test_the_accent_always_carries_readable_text(colour: str) -> None:
    accent = usable_accent(colour)
    assert contrast(accent, "#ffffff") >= MIN_CONTRAST
    assert contrast(accent, mix(accent, "#ffffff", 0.14)) >= MIN_CONTRAST
    if contrast(colour, "#ffffff") >= 7:
        assert accent == colour  # dark enough already: kept as it is


def test_a_too_light_colour_is_darkened_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "brand.yaml", 'name: Sunny\ncolour: "#FFD84D"\n')
    done = report("--format", "html", "--brand", path)
    assert done.code == 0
    assert re.search(
        r"brand.yaml: warning: colour #FFD84D is too light for white text on it "
        r"\(contrast 1\.4:1; WCAG asks 4\.5:1\): the reports use (#[0-9a-f]{6}) instead",
        done.stderr,
    )
    used = usable_accent("#FFD84D")
    assert f"--accent: {used};" in done.stdout and used != "#ffd84d"


def test_the_warning_says_how_to_keep_the_original_colour(tmp_path: Path) -> None:
    path = write(tmp_path / "brand.yaml", 'name: Sunny\ncolour: "#FFD84D"\n')
    template = write(tmp_path / "t.md.j2", "band {{ brand.colour }} text {{ brand.accent }}\n")
    done = report("--format", "md", "--brand", path, "--template", template)
    assert done.code == 0, done.stderr
    assert (
        "instead for text and behind it; to keep #FFD84D for lines and fills, use it in a "
        "--template as brand.colour"
    ) in done.stderr
    assert done.stdout == f"band #FFD84D text {usable_accent('#FFD84D')}\n"

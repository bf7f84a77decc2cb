"""SPEC section 4, "Hardening (v3)": brand logos are checked when the brand file is read.

A PNG or JPEG must decode and be at most 4,096 by 4,096 pixels; an SVG may not use ``<use>``,
``<image>``, scripts or external references. Anything else is a located error of the brand file
(exit 1) in every format, before any report is drawn.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest

from conftest import REPO, assert_clean_failure, run_cli, write

DEMO = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{}</svg>'


def png(width: int, height: int, *, broken: str = "") -> bytes:
    """A grey PNG of this size, or one broken in its header (``crc``) or its data (``cut``)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        crc = zlib.crc32(body) ^ (1 if broken == "crc" and kind == b"IHDR" else 0)
        return struct.pack(">I", len(data)) + body + struct.pack(">I", crc)

    rows = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    if broken == "cut":
        rows = rows[: len(rows) // 2]
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def jpeg(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "#0b6e4f").save(out, "JPEG")
    return out.getvalue()


def fan_out(levels: int = 11) -> str:
    """A few kilobytes of ``<use>`` that a renderer draws 10**levels times."""
    parts = ['<defs><rect id="a0" width="1" height="1"/>']
    for n in range(1, levels + 1):
        parts.append(f'<g id="a{n}">' + f'<use xlink:href="#a{n - 1}"/>' * 10 + "</g>")
    parts.append(f'</defs><use xlink:href="#a{levels}"/>')
    return SVG.format("".join(parts))


def brand_with(tmp_path: Path, name: str, logo: bytes) -> Path:
    (tmp_path / name).write_bytes(logo)
    return write(tmp_path / "brand.yaml", f"name: Harbour\nlogo: {name}\n")


REFUSED_SVG = [
    (fan_out(), "refers to other elements (<use>)"),
    (SVG.format('<image href="https://example.com/x.png"/>'), "another picture (<image>)"),
    (SVG.format('<image href="data:image/png;base64,AAAA"/>'), "another picture (<image>)"),
    (SVG.format("<script>alert(1)</script>"), "holds a script (<script>)"),
    (SVG.format('<rect onload="alert(1)"/>'), "holds a script (the attribute onload)"),
    (SVG.format('<a href="https://example.com"><text>x</text></a>'), "refers to something"),
    (SVG.format('<rect fill="url(https://example.com/p#x)"/>'), "refers to something outside"),
    (SVG.format("<style>rect { fill: url(file:///etc/passwd) }</style>"), "refers to something"),
    (SVG.format('<style>@import "https://example.com/a.css";</style>'), "imports a style sheet"),
    (SVG.format('<filter><feImage href="x.png"/></filter>'), "another picture (<feImage>)"),
    (SVG.format("<foreignObject><p>x</p></foreignObject>"), "a document of another kind"),
    (
        '<?xml-stylesheet href="https://example.com/a.css"?>' + SVG.format(""),
        "refers to a style sheet",
    ),
    (
        '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        + SVG.format("<text>&b;</text>"),
        "",  # not even taken for an SVG: a document type with declarations
    ),
    (
        '<!DOCTYPE svg SYSTEM "https://example.com/svg.dtd">' + SVG.format(""),
        "an outside document type",
    ),
    (SVG.format("<rect>").replace("</svg>", ""), "is not a well-formed SVG image"),
]


@pytest.mark.parametrize(("svg", "expected"), REFUSED_SVG)
def test_an_svg_logo_that_refers_or_runs_is_refused_when_read(
    tmp_path: Path, svg: str, expected: str
) -> None:
    brand = brand_with(tmp_path, "logo.svg", svg.encode())
    out = tmp_path / "r.html"
    run = run_cli("report", DEMO, "--brand", brand, "-o", out)
    assert_clean_failure(run)
    assert f"{brand}:2:7: error: the logo {tmp_path / 'logo.svg'} is " in run.stderr
    assert expected in run.stderr
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["md", "html", "pdf", "xlsx", "json"])
def test_a_fan_out_logo_is_an_error_in_every_format(tmp_path: Path, fmt: str) -> None:
    brand = brand_with(tmp_path, "logo.svg", fan_out().encode())
    out = tmp_path / f"r.{fmt}"
    run = run_cli("report", DEMO, "--brand", brand, "-o", out)
    assert_clean_failure(run)
    assert f"{brand}:2:7: error:" in run.stderr and "(<use>)" in run.stderr
    assert not out.exists()


def test_an_svg_logo_with_its_own_gradients_and_links_inside_is_fine(tmp_path: Path) -> None:
    svg = SVG.format(
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#0b6e4f"/></linearGradient>'
        '<linearGradient id="h" href="#g"/></defs>'
        '<style>rect { stroke: url(#g) }</style><rect fill="url(#h)" width="9" height="9"/>'
    )
    brand = brand_with(tmp_path, "logo.svg", svg.encode())
    run = run_cli("report", DEMO, "--brand", brand, "--format", "html")
    assert run.code == 0, run.stderr


@pytest.mark.parametrize(
    ("name", "logo", "expected"),
    [
        ("logo.png", png(4, 2, broken="crc"), "cannot be decoded as a PNG image"),
        ("logo.png", png(40, 20, broken="cut"), "cannot be decoded as a PNG image"),
        ("logo.png", png(4, 2)[:20], "cannot be decoded as a PNG image"),
        ("logo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 40, "cannot be decoded as a JPEG image"),
        ("logo.jpg", jpeg(16, 16)[:200], "cannot be decoded as a JPEG image"),
        ("logo.png", png(4097, 1), "is 4,097 × 1 pixels; the limit is 4,096 × 4,096"),
        ("logo.png", png(1, 20_000), "is 1 × 20,000 pixels; the limit is 4,096 × 4,096"),
        ("logo.jpg", jpeg(4200, 8), "is 4,200 × 8 pixels; the limit is 4,096 × 4,096"),
    ],
)
@pytest.mark.parametrize("fmt", ["md", "xlsx"])
def test_a_png_or_jpeg_logo_must_decode_and_fit(
    tmp_path: Path, name: str, logo: bytes, expected: str, fmt: str
) -> None:
    brand = brand_with(tmp_path, name, logo)
    out = tmp_path / f"r.{fmt}"
    run = run_cli("report", DEMO, "--brand", brand, "-o", out)
    assert_clean_failure(run)
    assert f"{brand}:2:7: error: the logo {tmp_path / name} " in run.stderr
    assert expected in run.stderr
    assert "Warning" not in run.stderr  # nothing of Pillow's own
    assert " object at 0x" not in run.stderr  # nor the name of its in-memory file
    assert not out.exists()


def test_a_png_or_jpeg_logo_at_the_limit_is_fine(tmp_path: Path) -> None:
    for name, logo in (("wide.png", png(4096, 2)), ("tall.jpg", jpeg(8, 4096))):
        brand = brand_with(tmp_path, name, logo)
        run = run_cli("report", DEMO, "--brand", brand, "-o", tmp_path / f"{name}.xlsx")
        assert run.code == 0, run.stderr


# --- the rest of a brand file -------------------------------------------------------------------


def test_a_colour_with_a_line_break_after_it_is_an_error(tmp_path: Path) -> None:
    brand = write(tmp_path / "brand.yaml", 'name: X\ncolour: "#0b6e4f\\n"\n')
    run = run_cli("report", DEMO, "--brand", brand, "--format", "html")
    assert_clean_failure(run)
    assert f"{brand}:2:9: error: colour: must be a colour written #rrggbb" in run.stderr
    assert "warning" not in run.stderr


def test_an_alias_in_a_brand_file_is_blamed_on_brand_files(tmp_path: Path) -> None:
    brand = write(tmp_path / "brand.yaml", "name: &n X\nfooter: *n\n")
    run = run_cli("report", DEMO, "--brand", brand)
    assert_clean_failure(run)
    assert "anchors and aliases are not allowed in brand files" in run.stderr
    assert "response" not in run.stderr


def test_an_svg_declaring_entities_is_refused_by_the_check_itself() -> None:
    from socialmaturity.model.images import ImageProblem, check_image

    bomb = '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>' + SVG.format("")
    with pytest.raises(ImageProblem, match="declares or refers to entities"):
        check_image(bomb.encode(), "image/svg+xml")

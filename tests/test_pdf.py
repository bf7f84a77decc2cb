"""PDF reports: real PDFs with searchable text, page numbers, the footer; clear errors; no fetching.

The files are opened with pypdf (pages and text) and, where poppler's ``pdftoppm`` is installed,
rendered to PNG like a viewer would. WeasyPrint takes a second or more per PDF, so tests that
look at the same report share one PDF made once per session (:func:`ann_pdf`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import DEMO_RESPONSE, REPO, Run, demo_html, run_cli, run_process, write

QUESTIONNAIRE = """
id: pdfq
version: "1"
title: Print <test> model
levels:
  - {level: 1, name: Low, min_score: 0}
  - {level: 2, name: Mid, min_score: 40}
  - {level: 3, name: High, min_score: 75}
dimensions:
  - id: alpha
    name: Alpha
    questions:
      - id: a1
        text: Is there a sponsor?
        options:
          - {value: none, label: Nobody, points: 0, cap: 1}
          - {value: some, label: Someone, points: 1}
          - {value: full, label: The CEO, points: 2}
      - {id: a2, text: How many years?, kind: scale, min: 0, max: 4}
    recommendations:
      - {id: r_a2, level: 2, title: Name a sponsor, effort: low, kpis: [sponsor named]}
      - {id: r_a3, level: 3, title: Plan three years, effort: high}
  - id: beta
    name: Beta
    questions:
      - id: b1
        text: Which channels?
        kind: multi
        options:
          - {value: blog, label: Blog, points: 1}
          - {value: care, label: Customer care, points: 3}
    recommendations:
      - {id: r_b2, level: 2, title: Start a blog}
      - {id: r_b3, level: 3, title: Staff customer care}
"""


def response(folder: Path, name: str, a1: str, *, date: str = "2026-11-20") -> Path:
    return write(
        folder / f"{name}-{date}.yaml",
        f"questionnaire: pdfq\norganization: Quill & Co <Ltd>\nrespondent: {name}\n"
        f"date: {date}\nanswers:\n  a1:\n    value: {a1}\n    note: Said by {name}\n"
        "  a2: 2\n  b1: [care]\n",
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write(tmp_path / "models" / "pdfq.yaml", QUESTIONNAIRE)
    return tmp_path


def run(folder: Path, *args: str | Path, env: dict[str, str] | None = None) -> Run:
    return run_cli(*args, env={"SOCIALMATURITY_PATH": str(folder / "models"), **(env or {})})


def run_fresh(folder: Path, *args: str | Path, env: dict[str, str] | None = None) -> Run:
    """:func:`run` in a process of its own: for a stand-in WeasyPrint found through PYTHONPATH
    (this process has imported the real one)."""
    return run_process(*args, env={"SOCIALMATURITY_PATH": str(folder / "models"), **(env or {})})


@dataclass(frozen=True)
class Rendered:
    """A report made once: the folder with its questionnaire, the response and the PDF."""

    folder: Path
    answers: Path
    pdf: Path


@pytest.fixture(scope="session")
def ann_pdf(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """Ann's report on the small questionnaire as a PDF, made once."""
    folder = tmp_path_factory.mktemp("ann-pdf")
    write(folder / "models" / "pdfq.yaml", QUESTIONNAIRE)
    answers = response(folder, "Ann", "some")
    out = folder / "one.pdf"
    done = run(folder, "report", answers, "-o", out)
    assert done.code == 0, done.stderr
    return Rendered(folder, answers, out)


def pages_text(path: Path) -> list[str]:
    reader = PdfReader(path)
    return [page.extract_text() or "" for page in reader.pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_demo_report_as_pdf_is_searchable_with_page_numbers_and_footer(tmp_path: Path) -> None:
    out = tmp_path / "demo.pdf"
    done = run_cli("report", DEMO_RESPONSE, "-o", out)
    assert done.code == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    texts = pages_text(out)
    count = len(texts)
    assert count >= 5
    for number, text in enumerate(texts, start=1):
        assert f"page {number} of {count}" in text
        assert "Northwind Outdoor Gear · Social Business Maturity Assessment" in flat(text)
    whole = flat(" ".join(texts))
    for expected in ("Executive summary", "Scores by dimension", "Phase 1", "Appendix"):
        assert expected in whole
    assert "Maren Holloway" in whole  # the respondent, as copyable text
    # the whole executive summary fits the first page: findings, first moves and its basis
    first = flat(texts[0]).casefold()  # the kinds of finding are set in capitals
    for expected in (
        "Strength to keep",
        "Holding the company back",
        "First moves",
        "Basis of this assessment",
    ):
        assert expected.casefold() in first
    for title in (
        "Appoint a senior social leader with a written remit",
        "Adopt a social media policy approved by legal",
    ):
        assert title.casefold() in first
    metadata = PdfReader(out).metadata
    assert metadata is not None
    assert metadata.title == "Social Business Maturity Assessment: Northwind Outdoor Gear"


def test_organization_report_and_trend_as_pdf(folder: Path) -> None:
    first = response(folder, "Ann", "full")
    second = response(folder, "Bob", "none")
    out = folder / "org.pdf"
    done = run(folder, "report", first, second, "-o", out)
    assert done.code == 0, done.stderr
    whole = flat(" ".join(pages_text(out)))
    assert "Quill & Co <Ltd>" in whole  # escaped in the HTML, literal in the PDF
    assert "Each respondent" in whole and "Ann" in whole and "Bob" in whole
    earlier = response(folder, "Ann", "some", date="2025-11-18")
    trend = folder / "trend.pdf"
    done = run(folder, "trend", first, second, earlier, "-o", trend)
    assert done.code == 0, done.stderr
    whole = flat(" ".join(pages_text(trend)))
    assert "Maturity over time" in whole and "Quill & Co <Ltd>" in whole
    assert "2025-11-18" in whole and "page 1 of" in whole


def test_the_same_report_gives_the_same_pdf(ann_pdf: Rendered, tmp_path: Path) -> None:
    one, two = ann_pdf.pdf, tmp_path / "two.pdf"
    assert run(ann_pdf.folder, "report", ann_pdf.answers, "-o", two).code == 0
    assert one.read_bytes() == two.read_bytes()


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is missing")
def test_pdf_pages_render_as_images(ann_pdf: Rendered, tmp_path: Path) -> None:
    out = ann_pdf.pdf
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(out), str(tmp_path / "page")],
        check=True,
        timeout=120,
    )
    (png,) = tmp_path.glob("page-*.png")
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 5_000  # a drawn page, not a blank one


def test_a_missing_pango_library_is_explained_not_a_traceback(folder: Path) -> None:
    # A stand-in for WeasyPrint that fails to import the way it does without Pango.
    fake = folder / "fake"
    write(
        fake / "weasyprint" / "__init__.py",
        textwrap.dedent(
            """
            raise OSError(
                "cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared "
                "object file: No such file or directory"
            )
            """
        ),
    )
    answers = response(folder, "Ann", "some")
    out = folder / "r.pdf"
    done = run_fresh(folder, "report", answers, "-o", out, env={"PYTHONPATH": str(fake)})
    assert done.code == 1
    assert done.stderr.startswith("error: PDF output needs the Pango library: apt-get install ")
    assert "libpango-1.0-0 libpangoft2-1.0-0" in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert not out.exists()
    # Every other format still works without it.
    assert run_fresh(
        folder, "report", answers, "-o", folder / "r.html", env={"PYTHONPATH": str(fake)}
    )
    assert (folder / "r.html").exists()


def test_the_demo_without_pango_writes_the_rest_and_says_what_to_install(tmp_path: Path) -> None:
    fake = write(tmp_path / "fake" / "weasyprint" / "__init__.py", "raise OSError('no pango')\n")
    # a process of its own: this one has imported the real WeasyPrint
    done = run_process("demo", "-o", tmp_path / "d", env={"PYTHONPATH": str(fake.parent.parent)})
    assert done.code == 1
    assert "PDF output needs the Pango library" in done.stderr
    names = sorted(p.name for p in (tmp_path / "d").iterdir())
    assert names == ["kpis.csv", "report.html", "report.md", "report.xlsx", "response.yaml"]


def test_a_user_template_cannot_pull_local_files_into_the_pdf(folder: Path) -> None:
    secret = write(folder / "secret.txt", "top secret\n")
    template = write(
        folder / "mine.html.j2",
        f'<html><body><h1>{{{{ organization }}}}</h1><img src="{secret.as_uri()}">'
        f'<link rel="stylesheet" href="{secret.as_uri()}"></body></html>\n',
    )
    answers = response(folder, "Ann", "some")
    out = folder / "r.pdf"
    done = run(folder, "report", answers, "--template", template, "-o", out)
    assert done.code == 0, done.stderr
    assert "warning: left out of the PDF" in done.stderr
    assert "top secret" not in " ".join(pages_text(out))
    assert b"top secret" not in out.read_bytes()


def test_pdf_support_loads_only_when_a_pdf_is_written() -> None:
    code = textwrap.dedent(
        """
        import sys
        from socialmaturity.cli import app
        try:
            app(["report", sys.argv[1], "--format", "html"], prog_name="socialmaturity")
        except SystemExit:
            pass
        print(sorted(m for m in ("weasyprint", "xlsxwriter") if m in sys.modules))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(DEMO_RESPONSE)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr


def test_fonts_subset_without_harfbuzz_carry_no_time_of_writing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where fontTools subsets the fonts (no HarfBuzz-Subset), it stamps them with the current
    time unless SOURCE_DATE_EPOCH says otherwise: two runs a second apart once differed."""
    import os
    import time

    import weasyprint.pdf.fonts

    from socialmaturity.render.pdf import html_to_pdf

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    html = "<!DOCTYPE html><html><body><p>Quill &amp; Co, 2026</p></body></html>"
    monkeypatch.setattr(time, "time", lambda: 1_800_000_000.0)
    first = html_to_pdf(html).data
    monkeypatch.setattr(time, "time", lambda: 1_800_000_001.0)
    assert html_to_pdf(html).data == first
    assert "SOURCE_DATE_EPOCH" not in os.environ  # put back as it was


def test_every_font_in_the_pdf_is_the_one_shipped_with_the_package(ann_pdf: Rendered) -> None:
    """So the same report lays out the same on any machine (SPEC section 4): text, charts and
    page footers all use the embedded Liberation Sans, never a font the machine happens to have."""
    reader = PdfReader(ann_pdf.pdf)
    fonts = set()
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        for font in resources.get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    assert fonts and all(name.startswith("Report-Sans") for name in fonts), fonts
    shipped = REPO / "src" / "socialmaturity" / "data" / "fonts"
    assert "SIL Open Font License" in (shipped / "OFL.txt").read_text(encoding="utf-8")


def test_the_shipped_fonts_reach_weasyprint_by_name_and_nothing_else_does() -> None:
    """Embedded as data: URIs, the fonts' 1.6 MB of base64 took WeasyPrint about a second to
    parse and write out again. They are named instead, and the fetcher answers those names
    with the shipped faces only: never another file, whatever a template writes."""
    import weasyprint

    from socialmaturity.render.pdf import FONT_URL, _fetcher, _with_shipped_fonts

    html = _with_shipped_fonts("<!DOCTYPE html><html><head></head><body></body></html>")
    assert len(html) < 2_000 and "base64" not in html
    fetcher = _fetcher(weasyprint)
    face = fetcher(f"{FONT_URL}LiberationSans-Bold.ttf")
    assert face.read(4) == b"\x00\x01\x00\x00"  # a TrueType font
    for other in ("OFL.txt", "../fonts/LiberationSans-Bold.ttf", "/etc/passwd", ""):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher(f"{FONT_URL}{other}")
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher(Path(__file__).as_uri())


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "de", "fr", "es"])
def test_the_fixed_tables_columns_hold_the_demos_longest_words(language: str) -> None:
    """The appendix, About the levels and the KPI table take their column widths from the print
    style sheet, not from their cells: every word of the demo must fit its column in every
    language, without the word breaking the style sheet allows as a last resort."""
    import weasyprint
    from weasyprint.formatting_structure import boxes

    from socialmaturity.render.pdf import _fetcher, _with_shipped_fonts

    html = demo_html(language)
    unbroken = "<style>td, th { overflow-wrap: normal !important; }</style></head>"
    html = _with_shipped_fonts(html.replace("</head>", unbroken, 1))
    document = weasyprint.HTML(string=html, url_fetcher=_fetcher(weasyprint)).render()
    fixed = {"kpis", "about-levels", "answers"}
    overflowing: list[str] = []
    cells = 0

    def texts(box: object) -> list[boxes.TextBox]:
        found = [box] if isinstance(box, boxes.TextBox) else []
        for child in getattr(box, "children", []):
            found.extend(texts(child))
        return found

    def visit(box: object, table: str | None) -> None:
        nonlocal cells
        if isinstance(box, boxes.TableBox):
            table = box.element.get("class")
        if isinstance(box, boxes.TableCellBox) and table in fixed:
            cells += 1
            right = box.content_box_x() + box.width
            overflowing.extend(
                text.text for text in texts(box) if text.position_x + text.width > right + 0.5
            )
        for child in getattr(box, "children", []):
            visit(child, table)

    for page in document.pages:
        visit(page._page_box, None)
    assert cells > 100
    assert not overflowing


def test_demo_lays_out_the_html_report_it_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PDF is made from report.html's own text: one HTML rendering, not two."""
    from socialmaturity.render import pdf, templating

    rendered: list[str] = []
    laid_out: list[str] = []
    render_report, html_to_pdf = templating.render_report, pdf.html_to_pdf

    def counting_render(context: object, fmt: str, *args: object, **kwargs: object) -> str:
        text = render_report(context, fmt, *args, **kwargs)  # type: ignore[arg-type]
        if fmt == "html":
            rendered.append(text)
        return text

    def recording_pdf(html: str) -> pdf.Pdf:
        laid_out.append(html)
        return html_to_pdf(html)

    monkeypatch.setattr(templating, "render_report", counting_render)
    monkeypatch.setattr(pdf, "html_to_pdf", recording_pdf)
    run = run_cli("demo", "-o", tmp_path / "d")
    assert run.code == 0, run.stderr
    assert len(rendered) == 1
    assert laid_out == [(tmp_path / "d" / "report.html").read_text(encoding="utf-8")]

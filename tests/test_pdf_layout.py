"""The demo's PDF laid out: print rules that stand in for slower layouts hold their places.

Each test lays out the demo report (with its KPIs) in a language and looks at WeasyPrint's boxes:
where a print rule replaces a flex or grid layout to save time, the page must still show what
the screen layout shows. WeasyPrint takes a second or more per document, so these are slow tests
(``python -m pytest -m slow``).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import demo_html


def laid_out(html: str) -> Any:
    """WeasyPrint's document of ``html``, as :func:`html_to_pdf` lays it out."""
    import weasyprint

    from socialmaturity.render.pdf import _fetcher, _with_shipped_fonts

    fetcher = _fetcher(weasyprint)
    return weasyprint.HTML(string=_with_shipped_fonts(html), url_fetcher=fetcher).render()


def descendants(box: Any) -> Iterator[Any]:
    """A box and every box inside it, in document order."""
    yield box
    for child in getattr(box, "children", []):
        yield from descendants(child)


def first_text(box: Any) -> Any:
    """The first piece of text laid out in a box."""
    from weasyprint.formatting_structure import boxes

    return next(found for found in descendants(box) if isinstance(found, boxes.TextBox))


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "de"])
def test_a_steps_title_and_dimension_sit_side_by_side_on_one_baseline(language: str) -> None:
    """In print a step's head is two floats, not a flex row: the title on the left, the
    dimension set right beside it, their first lines on one baseline, neither running into the
    other, and the text below them starting below the taller of the two (never overlapping it).
    Both float: a float at the top of a page sat a pixel lower than a block beside it."""
    from weasyprint.formatting_structure import boxes

    html = demo_html(language)
    document = laid_out(html)
    steps = [
        box
        for page in document.pages
        for box in descendants(page._page_box)
        if isinstance(box, boxes.ParentBox) and box.element_tag == "li"
        if "action" in (box.element.get("class") or "").split()
    ]
    assert len(steps) == html.count('class="action-head"') > 10
    for step in steps:
        head, below = step.children[0], step.children[1]
        assert head.element.get("class") == "action-head"
        title, dimension = head.children[:2]
        title_text, dimension_text = first_text(title), first_text(dimension)
        title_baseline = title_text.position_y + title_text.baseline
        dimension_baseline = dimension_text.position_y + dimension_text.baseline
        assert abs(title_baseline - dimension_baseline) < 0.5, title_text.text
        assert title.position_x + title.margin_width() <= dimension.content_box_x()
        # what follows the head starts below both: laid out, not only measured, clear of them
        for part in (title, dimension):
            assert part.position_y + part.margin_height() <= below.position_y + 0.01, (
                title_text.text
            )


CHART = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 760 210" width="100%" role="img" '
    'class="chart kpi-chart"><title>Reach &amp; more</title>'
    '<text x="56" y="20" font-size="11">35</text></svg>'
)


def test_a_chart_is_drawn_from_its_name_inside_the_svg_element_it_had() -> None:
    """The chart's ``<svg>`` keeps its attributes, so the document's rules place it as before;
    its content comes from the fetcher, by name. An SVG that is not a chart, holds another or is
    not well-formed XML stays inline, as WeasyPrint would draw it anyway."""
    from socialmaturity.render.pdf import CHART_URL, _charts_by_name

    not_a_chart = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect/></svg>'
    not_xml = CHART.replace("&amp;", "&nbsp;")
    nested = CHART.replace("<text", '<svg xmlns="http://www.w3.org/2000/svg"></svg><text', 1)
    html = f"<p>{CHART}</p>{not_a_chart}{not_xml}<div>{nested}</div>"

    by_name, charts = _charts_by_name(html)

    opening = CHART[: CHART.index(">") + 1]
    image = f'<image width="760" height="210" href="{CHART_URL}0"/>'
    assert by_name == f"<p>{opening}{image}</svg></p>{not_a_chart}{not_xml}<div>{nested}</div>"
    assert charts == (CHART.encode(),)


def test_the_fetcher_answers_the_documents_own_charts_and_nothing_else() -> None:
    import weasyprint

    from socialmaturity.render.pdf import CHART_URL, _fetcher

    fetcher = _fetcher(weasyprint, (CHART.encode(),))
    response = fetcher(f"{CHART_URL}0")
    assert response.read() == CHART.encode()
    assert response.content_type == "image/svg+xml"
    for other in ("1", "-1", "00", "../0", ""):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher(f"{CHART_URL}{other}")
    with pytest.raises(ValueError, match="disallowed protocol"):
        _fetcher(weasyprint)(f"{CHART_URL}0")


def test_a_pdf_is_laid_out_with_the_collector_paused_and_nothing_kept_frozen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """WeasyPrint's boxes are thrown away once the PDF is written: the collector waits while
    they are made (it walked them again and again) and none of them is frozen."""
    import gc
    import types

    from socialmaturity.render import pdf

    seen: list[bool] = []

    class HTML:
        def __init__(self, **options: Any) -> None:
            seen.append(gc.isenabled())

        def write_pdf(self) -> bytes:
            seen.append(gc.isenabled())
            return b"%PDF-1.7"

    class URLFetcher:
        def __init__(self, **options: Any) -> None:
            pass

    fake = types.SimpleNamespace(HTML=HTML, URLFetcher=URLFetcher)
    monkeypatch.setattr(pdf, "_weasyprint", lambda: fake)
    frozen = gc.get_freeze_count()
    assert pdf.html_to_pdf("<html><body><p>x</p></body></html>").data == b"%PDF-1.7"
    assert seen == [False, False]
    assert gc.isenabled() and gc.get_freeze_count() == frozen


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
def test_the_demos_charts_drawn_by_name_are_the_same_pixels_as_inline(tmp_path: Path) -> None:
    """The bar chart and the radar (page 2) and the KPI cards' charts (pages 10 to 12), laid
    out with the charts inline and by name, rendered as a viewer would."""
    import weasyprint

    from socialmaturity.render.pdf import (
        _charts_by_name,
        _fetcher,
        _with_shipped_fonts,
        html_to_pdf,
    )

    html = demo_html("en")
    assert len(_charts_by_name(html)[1]) == 8  # the bars, the radar and six KPI cards
    fetcher = _fetcher(weasyprint)
    inline = weasyprint.HTML(string=_with_shipped_fonts(html), url_fetcher=fetcher).write_pdf()
    pages = (2, 10, 11, 12)
    pictures = []
    for name, pdf in (("inline", inline), ("by-name", html_to_pdf(html).data)):
        (tmp_path / f"{name}.pdf").write_bytes(pdf)
        for page in pages:
            out = tmp_path / f"{name}-{page}"
            subprocess.run(
                ["pdftoppm", "-r", "60", "-png", "-f", str(page), "-l", str(page),
                 "-singlefile", tmp_path / f"{name}.pdf", out],
                check=True,
            )  # fmt: skip
        pictures.append([(tmp_path / f"{name}-{page}.png").read_bytes() for page in pages])
    assert pictures[0] == pictures[1]


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "de"])
def test_a_steps_effort_horizon_and_kpis_wrap_as_whole_items(language: str) -> None:
    """In print a step's effort and horizon are runs of text that never break and its KPIs one
    inline block that moves to the next line whole, as the flex items are on screen; no text
    reaches past the paragraph's right edge."""
    from weasyprint.formatting_structure import boxes

    html = demo_html(language)
    metas = [
        box
        for page in laid_out(html).pages
        for box in descendants(page._page_box)
        if isinstance(box, boxes.BlockBox) and box.element_tag == "p"
        if box.element.get("class") == "meta"
    ]
    assert len(metas) == html.count('class="meta"') > 10
    for meta in metas:
        items = list(meta.element)
        pieces = {
            id(item): [box for box in descendants(meta) if box.element is item and box is not meta]
            for item in items
        }
        effort, horizon = items[0], items[1]
        for item in (effort, horizon):
            assert len([p for p in pieces[id(item)] if isinstance(p, boxes.InlineBox)]) == 1
        if len(items) == 4:
            kpis = [
                p
                for p in pieces[id(items[3])]
                if isinstance(p, boxes.InlineBox | boxes.InlineBlockBox)
            ]
            assert len(kpis) == 1 and isinstance(kpis[0], boxes.InlineBlockBox)
        right = meta.content_box_x() + meta.width + 0.01
        texts = [box for box in descendants(meta) if isinstance(box, boxes.TextBox)]
        assert all(text.position_x + text.width <= right for text in texts)


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "de"])
def test_the_footers_sit_on_one_line_each_at_either_side_of_every_page(language: str) -> None:
    """Without a brand the footers have set widths in print (three quarters and a quarter), so
    WeasyPrint need not measure them on every page: the organization and the page number still
    fit on one line each, at the left and right edges, apart."""
    from weasyprint.formatting_structure import boxes

    document = laid_out(demo_html(language))
    for page in document.pages:
        footers = {
            box.at_keyword: box
            for box in page._page_box.children
            if isinstance(box, boxes.MarginBox)
        }
        left, right = footers["@bottom-left"], footers["@bottom-right"]
        left_lines, right_lines = left.children, right.children
        assert len(left_lines) == 1 and len(right_lines) == 1
        left_text, right_text = first_text(left), first_text(right)
        assert left_text.position_x == pytest.approx(left.content_box_x())
        page_right = right.content_box_x() + right.width
        assert right_text.position_x + right_text.width == pytest.approx(page_right, abs=0.5)
        assert left_text.position_x + left_text.width < right_text.position_x

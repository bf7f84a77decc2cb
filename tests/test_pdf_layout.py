"""The demo's PDF laid out: print rules that stand in for slower layouts hold their places.

Each test lays out the demo report (with its KPIs) in a language and looks at WeasyPrint's boxes:
where a print rule replaces a flex or grid layout to save time, the page must still show what
the screen layout shows. WeasyPrint takes a second or more per document, so these are slow tests
(``python -m pytest -m slow``).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest

from conftest import REPO

DEMO = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"


@cache
def demo_html(language: str) -> str:
    """The demo's HTML report, with its KPIs, as the PDF is made from it."""
    from socialmaturity import i18n
    from socialmaturity.commands.reports import report_context_for
    from socialmaturity.render.formats import Options, _html
    from socialmaturity.resources import bundled_dir

    tag = None if language == "en" else language
    i18n.use(tag)
    try:
        context = report_context_for(
            [str(DEMO)],
            str(bundled_dir() / "social-maturity.yaml"),
            kpis=str(DEMO.with_name("demo-kpis.csv")),
            language=tag,
        )
        return _html("report", context, Options(None, None))
    finally:
        i18n.use(None)


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
    other, and the head as tall as the taller of the two (the text below never overlaps it)."""
    from weasyprint.formatting_structure import boxes

    html = demo_html(language)
    document = laid_out(html)
    heads = [
        box
        for page in document.pages
        for box in descendants(page._page_box)
        if isinstance(box, boxes.ParentBox) and box.element_tag == "div"
        if box.element.get("class") == "action-head"
    ]
    assert len(heads) == html.count('class="action-head"') > 10
    for head in heads:
        title, dimension = head.children
        title_text, dimension_text = first_text(title), first_text(dimension)
        title_baseline = title_text.position_y + title_text.baseline
        dimension_baseline = dimension_text.position_y + dimension_text.baseline
        assert abs(title_baseline - dimension_baseline) < 0.5, title_text.text
        assert title.position_x + title.margin_width() <= dimension.content_box_x()
        bottom = head.position_y + head.margin_height()
        for part in (title, dimension):
            assert part.position_y + part.margin_height() <= bottom + 0.01, title_text.text

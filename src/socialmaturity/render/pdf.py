"""PDF: the HTML reports laid out for paper by WeasyPrint, with searchable, copyable text.

The HTML templates carry the print rules (``@media print`` and ``@page``: A4, page numbers and
the organization in the footer, headings kept with what follows, tables broken between rows), so
the PDF is the HTML report, printed. WeasyPrint is imported only when a PDF is written (it takes
a noticeable part of a second to load), and it needs the Pango text library from the system: when
that is missing, the error says what to install instead of showing a traceback.

Nothing outside the document is ever fetched: the bundled templates are self-contained, and a
user's template (``--template``) may embed ``data:`` URIs only, so a PDF cannot pull in local files
or anything from the network. What WeasyPrint could not load is returned as warnings.

The shipped fonts and the charts the report drew reach WeasyPrint by name, answered by its
fetcher (:func:`_fetcher`): WeasyPrint reads them as files, not as markup it parses and styles.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from socialmaturity.errors import EXIT_INPUT, Problem, SocialMaturityError
from socialmaturity.signals import Terminated

#: What to install where WeasyPrint cannot find Pango (or the libraries Pango needs).
PANGO_HINT = (
    "PDF output needs the Pango library: apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
    "(Debian/Ubuntu), dnf install pango (Fedora), brew install pango (macOS); other systems: "
    "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html"
)


class PdfUnavailableError(SocialMaturityError):
    """PDF output cannot be made on this machine: a library is missing (exit status 1)."""

    exit_code = EXIT_INPUT


@dataclass(frozen=True)
class Pdf:
    """A rendered PDF and what could not go into it."""

    data: bytes
    warnings: tuple[Problem, ...] = ()


def _weasyprint() -> Any:
    """The ``weasyprint`` module, or an error that says what to install."""
    try:
        import weasyprint
    except ImportError as exc:
        raise PdfUnavailableError(
            f"PDF output needs WeasyPrint: python -m pip install weasyprint ({exc})"
        ) from None
    except OSError as exc:  # the system libraries WeasyPrint loads: Pango, GObject, HarfBuzz
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise PdfUnavailableError(f"{PANGO_HINT} ({reason})") from None
    return weasyprint


#: The longest report of WeasyPrint's that a warning repeats (one can hold a whole data URI).
MAX_WARNING = 300


class _Collect(logging.Handler):
    """Keeps WeasyPrint's reports of resources it could not load; passes Ctrl-C on.

    WeasyPrint draws an SVG image inside ``except BaseException``, logging the failure: a
    Ctrl-C or SIGTERM that lands there would be swallowed and the PDF written anyway (exit 0).
    The exception comes with the failure's debug record, and is raised again from here.
    """

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        found = record.exc_info[1] if record.exc_info else None
        if isinstance(found, KeyboardInterrupt | Terminated):
            raise found
        if record.levelno >= logging.ERROR:
            message = record.getMessage()
            if len(message) > MAX_WARNING:
                message = message[:MAX_WARNING] + f"… ({len(message):,} characters in all)"
            self.messages.append(message)


@contextmanager
def _collected() -> Iterator[_Collect]:
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)  # the record that carries a swallowed Ctrl-C is a debug one
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


#: The family the report's style sheets name first: in a PDF it is the font shipped with the
#: package, so a report lays out the same on every machine; browsers pass over it.
FONT_FAMILY = "Report Sans"
#: The shipped faces: file, weight, style.
_FACES = (
    ("LiberationSans-Regular.ttf", "normal", "normal"),
    ("LiberationSans-Bold.ttf", "bold", "normal"),
    ("LiberationSans-Italic.ttf", "normal", "italic"),
    ("LiberationSans-BoldItalic.ttf", "bold", "italic"),
)


#: How the style sheet names a shipped face: not a place anything can be fetched from, only a
#: name that :func:`_fetcher` answers with the face's file.
FONT_URL = "socialmaturity-font:"


def _with_shipped_fonts(html: str) -> str:
    """The document with the shipped faces declared as :data:`FONT_FAMILY`.

    The rules name each face by :data:`FONT_URL`, which :func:`_fetcher` answers with the
    face's file. (Embedded as ``data:`` URIs, the 1.6 MB of base64 were parsed as HTML, then
    tokenized and written out again character by character as CSS: 2 of the demo's 5 seconds.)
    """
    rules = "".join(
        f'@font-face{{font-family:"{FONT_FAMILY}";font-weight:{weight};font-style:{style};'
        f"src:url({FONT_URL}{name})}}"
        for name, weight, style in _FACES
    )
    style = f"<style>{rules}</style>"
    head = html.find("</head>")
    return style + html if head < 0 else html[:head] + style + html[head:]


#: How the document names a chart it drew (:func:`_charts_by_name`): a name :func:`_fetcher`
#: answers with that chart's SVG, the number its place among the document's charts.
CHART_URL = "socialmaturity-chart:"

#: A chart the report drew, whole: an inline ``<svg>`` of class ``chart``, whose ``viewBox``
#: starts at 0 0 (the charts of :mod:`socialmaturity.render.charts` and ``kpi_charts``).
_CHART = re.compile(
    r'(<svg xmlns="http://www.w3.org/2000/svg"[^>]*?\bviewBox="0 0 ([\d.]+) ([\d.]+)"[^>]*>)'
    r"(.*?)</svg>",
    re.DOTALL,
)


def _charts_by_name(html: str) -> tuple[str, tuple[bytes, ...]]:
    """The document with each chart's content drawn from its SVG by name, and those SVGs.

    A chart's ``<svg>`` element stays, with its attributes, so every rule of the document
    places and sizes it as before; inside it, one ``<image>`` the chart's size names the chart
    (:data:`CHART_URL`), and WeasyPrint draws the chart from there: the same drawing, the same
    pixels. Left inline, each of the chart's elements (a quarter of the demo's) was parsed as
    HTML and given the document's styles, which no SVG element reads (WeasyPrint's SVG code
    reads attributes and the SVG's own style sheets only): about 0.1 s of the demo's PDF.
    An ``<svg>`` that is not a chart, holds another, or is not well-formed XML stays inline.
    """
    from xml.etree import ElementTree

    charts: list[bytes] = []

    def by_name(match: re.Match[str]) -> str:
        opening, width, height, content = match.groups()
        markup = match.group(0)
        if 'class="chart' not in opening or "<svg" in content:
            return markup
        try:
            ElementTree.fromstring(markup)
        except ElementTree.ParseError:
            return markup
        charts.append(markup.encode())
        name = f"{CHART_URL}{len(charts) - 1}"
        return f'{opening}<image width="{width}" height="{height}" href="{name}"/></svg>'

    return _CHART.sub(by_name, html), tuple(charts)


def _fetcher(weasyprint: Any, charts: Sequence[bytes] = ()) -> Any:
    """WeasyPrint's fetcher of ``data:`` URIs only, which also answers our names of resources.

    Those are the names of the shipped faces (:data:`FONT_URL`) and of the document's charts
    (:data:`CHART_URL`); only those faces and the given charts are answered: a template can name
    them, never another file.
    """
    from socialmaturity.resources import fonts_dir

    faces = {name for name, _weight, _style in _FACES}
    numbers = {str(number): chart for number, chart in enumerate(charts)}

    class Fetcher(weasyprint.URLFetcher):  # type: ignore[misc]  # WeasyPrint has no types
        def fetch(self, url: str, headers: Any = None) -> Any:
            name = url.removeprefix(FONT_URL)
            if url.startswith(FONT_URL) and name in faces:
                data = (fonts_dir() / name).read_bytes()
                return weasyprint.urls.URLFetcherResponse(
                    url, data, headers={"Content-Type": "font/ttf"}
                )
            number = url.removeprefix(CHART_URL)
            if url.startswith(CHART_URL) and number in numbers:
                return weasyprint.urls.URLFetcherResponse(
                    url, numbers[number], headers={"Content-Type": "image/svg+xml"}
                )
            return super().fetch(url, headers)

    return Fetcher(allowed_protocols=("data",))


#: The date embedded fonts carry when nothing else says one (2000-01-01, as in workbooks).
FONT_DATE = "946684800"


@contextmanager
def _fixed_font_dates() -> Iterator[None]:
    """Give the fonts WeasyPrint embeds a fixed modification date while it writes.

    Where HarfBuzz cannot subset a font (no libharfbuzz-subset; variable or colour fonts),
    fontTools does it and stamps the font's ``head.modified`` with the current time, so two
    runs a second apart differ. fontTools takes ``SOURCE_DATE_EPOCH`` instead when it is set;
    one set by the caller is left as it is.
    """
    if os.environ.get("SOURCE_DATE_EPOCH"):
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = FONT_DATE
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def html_to_pdf(html: str) -> Pdf:
    """Lay out a self-contained HTML document as a PDF (the print style sheet applies).

    The same HTML gives the same bytes: WeasyPrint adds no time of its own, the document's
    creation date comes from its ``dcterms.created`` meta element, and the fonts' own dates are
    fixed (:func:`_fixed_font_dates`). Python's cyclic collector waits meanwhile
    (:mod:`~socialmaturity.model.collector`): it walked WeasyPrint's boxes again and again.
    """
    from socialmaturity.model.collector import paused_collector

    with paused_collector(lasting=False):
        weasyprint = _weasyprint()
        html, charts = _charts_by_name(html)
        fetcher = _fetcher(weasyprint, charts)
        with _collected() as log, _fixed_font_dates():
            document = weasyprint.HTML(
                string=_with_shipped_fonts(html), base_url=None, url_fetcher=fetcher
            )
            data = document.write_pdf()
    warnings = tuple(
        Problem(f"left out of the PDF: {message}", None, "warning") for message in log.messages
    )
    return Pdf(bytes(data), warnings)

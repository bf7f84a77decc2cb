"""What a logo may be, checked when the brand file is read rather than when a report is drawn.

A report embeds the logo's bytes, and every format draws them later: WeasyPrint decodes a PNG
or JPEG to its full size (a small file can hold a huge picture) and follows an SVG's ``<use>``
references (a few kilobytes of them can fan out without end); XlsxWriter reads the image's
header itself. So a PNG or JPEG must decode, at most :data:`MAX_PIXELS` a side, and an SVG may
hold nothing that refers to something else, runs code or brings in another picture.
"""

from __future__ import annotations

import io
import re
import warnings
from typing import NoReturn

#: The most pixels a logo may have on each side.
MAX_PIXELS = 4096

#: SVG elements a logo may not hold: a reference to another element or file (``use``), another
#: picture (``image``, ``feImage``), code (``script``), or a document of another kind.
_REFUSED_ELEMENTS = {
    "use": "refers to other elements (<use>)",
    "image": "brings in another picture (<image>)",
    "feimage": "brings in another picture (<feImage>)",
    "script": "holds a script (<script>)",
    "foreignobject": "holds a document of another kind (<foreignObject>)",
}
#: ``url(...)`` in an attribute or a style sheet; only ``url(#id)``, inside the logo, is allowed.
_URL = re.compile(r"url\s*\(\s*(['\"]?)\s*(?P<target>[^)'\"]*)", re.IGNORECASE)
_IMPORT = re.compile(r"@import", re.IGNORECASE)


class ImageProblem(Exception):
    """Why the bytes are not a logo that can be embedded safely."""


def check_image(data: bytes, media_type: str) -> None:
    """Raise :class:`ImageProblem` unless ``data`` is a logo every format can draw."""
    if media_type == "image/svg+xml":
        _check_svg(data)
    else:
        _check_raster(data, "PNG" if media_type == "image/png" else "JPEG")


def _check_raster(data: bytes, kind: str) -> None:
    """The picture's size from its header, then the whole picture decoded."""
    from PIL import Image, ImageFile

    lenient = ImageFile.LOAD_TRUNCATED_IMAGES  # WeasyPrint sets it for the whole process
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # what Pillow warns of is refused here or harmless
        try:
            with Image.open(io.BytesIO(data), formats=[kind]) as image:
                width, height = image.size
                if width > MAX_PIXELS or height > MAX_PIXELS:
                    raise ImageProblem(_too_large(width, height))
                image.load()
        except Image.DecompressionBombError:
            raise ImageProblem(f"is larger than {MAX_PIXELS:,} × {MAX_PIXELS:,} pixels") from None
        except ImageProblem:
            raise
        except Exception as exc:  # Pillow fails in many ways on damaged data
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            # Pillow names the in-memory file it was given ("<_io.BytesIO object at 0x...>")
            reason = re.sub(r"\s*<[^<>]* object at 0x[0-9a-f]+>", "", reason) or type(exc).__name__
            raise ImageProblem(f"cannot be decoded as a {kind} image ({reason})") from None
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def _too_large(width: int, height: int) -> str:
    return f"is {width:,} × {height:,} pixels; the limit is {MAX_PIXELS:,} × {MAX_PIXELS:,}"


def _check_svg(data: bytes) -> None:
    """Read the SVG as XML, refusing on the first thing a logo may not hold."""
    from xml.parsers import expat

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    in_style: list[bool] = []

    def refuse(reason: str) -> NoReturn:
        raise ImageProblem(f"is an SVG that {reason}; a logo must be self-contained")

    def outside(text: str) -> None:
        target = _outside_url(text)
        if target is not None:
            refuse(f"refers to something outside it (url({target[:80]}))")

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if local.lower() in _REFUSED_ELEMENTS:
            refuse(_REFUSED_ELEMENTS[local.lower()])
        for key, value in attributes.items():
            attribute = key.rpartition(" ")[2].lower()
            if attribute.startswith("on"):
                refuse(f"holds a script (the attribute {attribute})")
            if attribute == "href" and not value.strip().startswith("#"):
                refuse(f"refers to something outside it (href {value[:80]!r})")
            outside(value)
        in_style.append(local.lower() == "style")

    def end(name: str) -> None:
        in_style.pop()

    def text(data: str) -> None:
        if in_style and in_style[-1]:
            if _IMPORT.search(data):
                refuse("imports a style sheet (@import)")
            outside(data)

    def doctype(name: str, system: str | None, public: str | None, internal: bool) -> None:
        if system or public:
            refuse("refers to an outside document type")

    def entity(*_: object) -> NoReturn:
        refuse("declares or refers to entities")

    def instruction(target: str, _: str) -> None:
        if target.lower() == "xml-stylesheet":
            refuse("refers to a style sheet (xml-stylesheet)")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.ProcessingInstructionHandler = instruction
    parser.ExternalEntityRefHandler = entity
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise ImageProblem(f"is not a well-formed SVG image ({exc})") from None


def _outside_url(text: str) -> str | None:
    """The first ``url(...)`` in ``text`` that points outside the image, if any."""
    for found in _URL.finditer(text):
        target = found.group("target").strip()
        if not target.startswith("#"):
            return target
    return None

"""Brand files: the consultancy's name, logo, accent colour and footer on client reports.

A brand file is YAML read by the rules of SPEC section 0 and checked like every file users
write (unknown keys, wrong types and blank text are errors at ``path:LINE:COL``)::

    name: Harbour & Finch Advisory      # required
    logo: harbour-finch.svg             # optional: PNG, JPEG or SVG, at most 1 MB
    colour: "#0b6e4f"                   # optional: the accent colour, #rrggbb
    footer: Confidential                # optional

The logo is read here, once: its type is told from its bytes (not its name) and it is checked
(:mod:`socialmaturity.model.images`: it decodes, it is not too large, an SVG refers to nothing
outside it), and reports embed those bytes, so a report never links to a file. The accent
colour is made fit for use: reports put white text on it, so a colour too light for that
(contrast below WCAG's 4.5:1) is darkened, keeping its hue, until white text on it reaches 4.5:1,
with a warning that names the colour used instead.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from socialmaturity.errors import InputError, Problem

if TYPE_CHECKING:
    from socialmaturity.model.yaml_reader import YamlDocument

#: The largest logo embedded, in bytes (1 MB).
MAX_LOGO_BYTES = 1_000_000
#: The contrast WCAG 2 asks for normal text (level AA); white text on the accent reaches it.
MIN_CONTRAST = 4.5
#: How much of the accent the light tint behind accent-coloured text holds.
SOFT_SHARE = 0.14

_SVG = re.compile(
    rb"^\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--.*?-->|<!DOCTYPE[^>]*>)\s*)*<svg[\s>/]",
    re.DOTALL | re.IGNORECASE,
)


@dataclass(frozen=True)
class Logo:
    """A logo's bytes and media type, ready to embed."""

    path: str
    media_type: str  # image/png, image/jpeg or image/svg+xml
    data: bytes


@dataclass(frozen=True)
class Brand:
    """A checked brand: what reports show, and the colours they can use.

    ``accent`` is the colour reports use (``colour`` itself, or darkened until white text on
    it reaches :data:`MIN_CONTRAST`); ``accent_soft`` is the light tint behind accent text.
    """

    path: str
    name: str
    footer: str | None
    colour: str | None
    accent: str | None
    accent_soft: str | None
    logo: Logo | None
    warnings: tuple[Problem, ...] = ()


def load_brand(path: str | Path) -> Brand:
    """Read and check a brand file, its logo included; every problem at ``path:LINE:COL``."""
    # PyYAML and pydantic: only when a brand is read (reports without one never need them)
    from socialmaturity.model.brand_file import BrandFile
    from socialmaturity.model.validation import validate_model
    from socialmaturity.model.yaml_reader import load_yaml

    doc = load_yaml(path, allow_aliases=False, kind="brand files")
    found = validate_model(BrandFile, doc, known_keys=BrandFile.model_fields)
    warnings: list[Problem] = []
    accent = soft = None
    if found.colour is not None:
        accent = usable_accent(found.colour)
        soft = mix(accent, "#ffffff", SOFT_SHARE)
        if accent != found.colour.lower():
            warnings.append(
                Problem(
                    f"colour {found.colour} is too light for white text on it (contrast "
                    f"{contrast(found.colour, '#ffffff'):.1f}:1; WCAG asks {MIN_CONTRAST}:1): "
                    f"the reports use {accent} instead for text and behind it; to keep "
                    f"{found.colour} for lines and fills, use it in a --template as "
                    "brand.colour (the bundled templates use brand.accent throughout)",
                    doc.locate(("colour",)),
                    "warning",
                )
            )
    logo = _load_logo(doc, found.logo) if found.logo is not None else None
    return Brand(
        path=str(path),
        name=found.name.strip(),
        footer=found.footer.strip() if found.footer else None,
        colour=found.colour,
        accent=accent,
        accent_soft=soft,
        logo=logo,
        warnings=tuple(warnings),
    )


def _load_logo(doc: YamlDocument, name: str) -> Logo:
    """The logo named in a brand file, relative to that file; its type from its first bytes."""
    where = doc.locate(("logo",))
    path = Path(doc.path).parent / name

    def refuse(message: str) -> InputError:
        return InputError(message, where)

    try:
        status = os.stat(path)
        if stat.S_ISDIR(status.st_mode):
            raise refuse(f"the logo {path} is a folder, not an image file")
        if not stat.S_ISREG(status.st_mode):
            raise refuse(f"the logo {path} is not a regular file")
        if status.st_size > MAX_LOGO_BYTES:
            raise refuse(_too_large(path, status.st_size))
        with open(path, "rb") as stream:
            data = stream.read(MAX_LOGO_BYTES + 1)
    except FileNotFoundError:
        raise refuse(f"no such logo file: {path}") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise refuse(f"cannot read the logo {path}: {reason}") from None
    if len(data) > MAX_LOGO_BYTES:  # it grew after it was looked at
        raise refuse(_too_large(path, len(data)))
    media_type = image_type(data)
    if media_type is None:
        raise refuse(
            f"the logo {path} is not a PNG, JPEG or SVG image (told from its content, not its name)"
        )
    from socialmaturity.model.images import ImageProblem, check_image

    try:
        check_image(data, media_type)
    except ImageProblem as problem:
        raise refuse(f"the logo {path} {problem}") from None
    return Logo(str(path), media_type, data)


def _too_large(path: Path, size: int) -> str:
    return (
        f"the logo {path} is {size / 1_000_000:.2f} MB; the limit is "
        f"{MAX_LOGO_BYTES // 1_000_000} MB"
    )


def image_type(data: bytes) -> str | None:
    """The media type of a PNG, JPEG or SVG image from its bytes; None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    head = data.removeprefix(b"\xef\xbb\xbf")[:4096]
    if _SVG.match(head):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "image/svg+xml"
    return None


def _channels(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _hex(channels: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in channels)


def luminance(colour: str) -> float:
    """The relative luminance of a ``#rrggbb`` colour (WCAG 2)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else float(((c + 0.055) / 1.055) ** 2.4)

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two colours, from 1 to 21."""
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def mix(colour: str, other: str, share: float) -> str:
    """``share`` of ``colour`` with the rest ``other``, channel by channel."""
    pairs = zip(_channels(colour), _channels(other), strict=True)
    r, g, b = (share * a + (1 - share) * b for a, b in pairs)
    return _hex((r, g, b))


def usable_accent(colour: str) -> str:
    """``colour`` (lower case), darkened in small steps until text on it reads well.

    Both white text on the accent and accent text on its light tint reach :data:`MIN_CONTRAST`;
    the hue stays, only the lightness drops. Black always qualifies, so this ends.
    """
    channels = _channels(colour)
    factor = 1.0
    while True:
        candidate = _hex((channels[0] * factor, channels[1] * factor, channels[2] * factor))
        soft = mix(candidate, "#ffffff", SOFT_SHARE)
        if contrast(candidate, "#ffffff") >= MIN_CONTRAST and contrast(candidate, soft) >= (
            MIN_CONTRAST
        ):
            return candidate
        factor -= 0.02
        if factor <= 0:
            return "#000000"

"""Where the data folders shipped with the package are: bundled questionnaires, report templates."""

from __future__ import annotations

from pathlib import Path

#: The installed package's folder. Found from this file rather than with ``importlib.resources``,
#: whose import (with ``tempfile``) was about 2 ms of every command's start-up: the package is
#: always installed as files on disk, never run from a zip archive.
_PACKAGE = Path(__file__).parent


def _shipped(name: str) -> Path:
    """A data folder shipped inside the installed package.

    An editable (development) install imports the package from ``src/`` where the folder is not
    copied; only then is the checkout's top-level folder used instead.
    """
    packaged = _PACKAGE / name
    if packaged.is_dir():
        return packaged
    checkout = _PACKAGE.parents[1] / name  # src/socialmaturity -> the checkout
    return checkout if checkout.is_dir() else packaged


def bundled_dir() -> Path:
    """The questionnaires shipped inside the installed package."""
    return _shipped("questionnaires")


def fonts_dir() -> Path:
    """The fonts PDF output embeds (Liberation Sans, SIL Open Font License: ``OFL.txt``)."""
    return data_dir() / "fonts"


def data_dir() -> Path:
    """The package's data: the demo's sample files and the fonts."""
    return _PACKAGE / "data"


def templates_dir() -> Path:
    """The report templates shipped inside the installed package."""
    return _shipped("report_templates")

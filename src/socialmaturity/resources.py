"""Where the data folders shipped with the package are: bundled questionnaires, report templates."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _shipped(name: str) -> Path:
    """A data folder shipped inside the installed package.

    An editable (development) install imports the package from ``src/`` where the folder is not
    copied; only then is the checkout's top-level folder used instead.
    """
    package = Path(str(resources.files("socialmaturity")))
    packaged = package / name
    if packaged.is_dir():
        return packaged
    checkout = package.parents[1] / name  # src/socialmaturity -> the checkout
    return checkout if checkout.is_dir() else packaged


def bundled_dir() -> Path:
    """The questionnaires shipped inside the installed package."""
    return _shipped("questionnaires")


def fonts_dir() -> Path:
    """The fonts PDF output embeds (Liberation Sans, SIL Open Font License: ``OFL.txt``)."""
    return Path(str(resources.files("socialmaturity"))) / "data" / "fonts"


def templates_dir() -> Path:
    """The report templates shipped inside the installed package."""
    return _shipped("report_templates")

"""An earlier revision's code beside the working tree, so a benchmark can pair old and new runs.

    with revision("ef52ec3") as old:
        subprocess.run([*old.command, "report", ...], env=old.environment)

:func:`revision` extracts the revision's files (``git archive``, so the repository, its
worktrees and its index are left alone) into a temporary folder, removed afterwards.
:func:`working_tree` is the code of this checkout, run the same way: both are
``python -m socialmaturity`` with ``PYTHONPATH`` at their own ``src``, so neither has an
advantage of start-up. The bundled questionnaires and templates are those of the revision's
own checkout (the package finds them beside ``src``), and the Python and its libraries are this
one's: a revision that needs other versions of the libraries is not measured fairly here.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

#: The checkout this file belongs to.
REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Code:
    """One version of the tool: what it is, the folder of its checkout and how to run it."""

    name: str
    root: Path

    @property
    def command(self) -> list[str]:
        """The command line of the tool, to which a command's arguments are added."""
        return [sys.executable, "-m", "socialmaturity"]

    @property
    def environment(self) -> dict[str, str]:
        """The environment that makes :attr:`command` run this version's code.

        ``PYTHONDONTWRITEBYTECODE`` is dropped (see ``installed.py``): the first run compiles
        the sources and every later one uses the cache, as an installed tool does.
        """
        environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        environment["PYTHONPATH"] = str(self.root / "src")
        return environment


def working_tree() -> Code:
    """The code of this checkout, as it is on disk (changes not yet committed included)."""
    return Code("working tree", REPO)


@contextmanager
def revision(name: str) -> Iterator[Code]:
    """The code of the revision ``name`` (a commit, tag or branch), in a temporary folder."""
    done = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", name],
        capture_output=True,
        check=False,
    )
    if done.returncode:
        message = done.stderr.decode(errors="replace").strip()
        raise SystemExit(f"cannot extract revision {name}: {message}")
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", f"{name}^{{commit}}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix=f"socialmaturity-{commit}-") as folder:
        with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
            if hasattr(tarfile, "data_filter"):  # Python 3.10.12 and later
                archive.extractall(folder, filter="data")
            else:
                archive.extractall(folder)  # our own repository's files
        yield Code(f"{name} ({commit})", Path(folder))

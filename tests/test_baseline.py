"""benchmarks/baseline.py: an earlier revision's code, run beside the working tree's."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from baseline import revision, working_tree

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not (REPO / ".git").exists(),
    reason="needs git and a git checkout",
)

WHERE = "import socialmaturity; print(socialmaturity.__file__)"


def test_a_revision_runs_its_own_code_from_a_folder_removed_afterwards() -> None:
    with revision("HEAD") as old:
        root = old.root
        assert (root / "src" / "socialmaturity" / "__init__.py").is_file()
        assert (root / "report_templates" / "report.html.j2").is_file()
        where = subprocess.run(
            [sys.executable, "-c", WHERE],
            env=old.environment,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert where.startswith(str(root / "src"))
        version = subprocess.run(
            [*old.command, "--version"],
            env=old.environment,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        assert "socialmaturity" in version.stdout
    assert not root.exists()
    assert working_tree().root == REPO
    assert working_tree().environment["PYTHONPATH"] == str(REPO / "src")


def test_an_unknown_revision_is_a_message_not_a_traceback() -> None:
    refused = pytest.raises(SystemExit, match="cannot extract revision no-such-revision")
    with refused, revision("no-such-revision"):
        pass

"""The built wheel carries the questionnaires and templates and works outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SOCIALMATURITY_PATH", "PYTHONPATH")}
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def test_wheel_installs_and_runs_outside_the_repo(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, REPO, cwd=tmp_path
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("socialmaturity-*.whl")

    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    installed = _run(python, "-m", "pip", "install", "-q", wheel, cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr

    work = tmp_path / "elsewhere"
    work.mkdir()
    listing = _run(env_dir / "bin" / "socialmaturity", "list", "--format", "json", cwd=work)
    assert listing.returncode == 0, listing.stderr
    assert '"id": "social-maturity"' in listing.stdout
    assert '"id": "social-maturity-quick"' in listing.stdout
    assert str(REPO) not in listing.stdout  # found inside the installed package
    assert "site-packages" in listing.stdout

    demo = _run(env_dir / "bin" / "socialmaturity", "demo", cwd=work)
    assert demo.returncode == 0, demo.stderr
    assert (work / "socialmaturity-demo" / "report.html").is_file()

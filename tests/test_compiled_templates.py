"""Compiled report templates are kept by the same rules as the questionnaire cache.

They live in the tool's cache folder (``templates`` beside ``questionnaires``), follow
``SOCIALMATURITY_CACHE`` and ``SOCIALMATURITY_NO_CACHE``, never create a home folder, are used
only from a folder that nobody else can write (a compiled template is code that runs), and a
damaged, unreadable or unwritable entry only means compiling the template again.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from socialmaturity.commands.reports import build_report
from socialmaturity.model import cache

from conftest import REPO, one_bit_changes

DEMO = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"


def html_report() -> str:
    report = build_report([str(DEMO)], None, output_format="html")
    assert isinstance(report, str)
    return report


@pytest.fixture(scope="module")
def expected() -> str:
    """The demo's HTML report, compiled without any cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(cache.OFF_VARIABLE, "1")
        return html_report()


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own."""
    monkeypatch.setenv(cache.FOLDER_VARIABLE, str(tmp_path / "cache"))
    monkeypatch.delenv(cache.OFF_VARIABLE, raising=False)
    return tmp_path / "cache"


def entries(root: Path) -> list[Path]:
    folder = root / "templates"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_compiled_templates_live_in_the_tools_cache_folder(root: Path, expected: str) -> None:
    assert html_report() == expected
    assert entries(root), "the compiled template was not kept"
    for made in (root, root / "templates", *entries(root)):
        assert stat.S_IMODE(made.stat().st_mode) == (0o700 if made.is_dir() else 0o600), made
    assert html_report() == expected  # now from the entry


def test_an_entry_is_used(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    html_report()

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("the template was compiled again")

    monkeypatch.setattr("jinja2.environment.Environment._compile", refuse)
    html_report()


def test_the_cache_can_be_turned_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, expected: str
) -> None:
    monkeypatch.setenv(cache.OFF_VARIABLE, "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert html_report() == expected
    assert list(tmp_path.iterdir()) == []


def test_a_home_that_is_not_there_is_not_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, expected: str
) -> None:
    for name in (cache.FOLDER_VARIABLE, cache.OFF_VARIABLE, "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "gone"))
    assert html_report() == expected
    assert not (tmp_path / "gone").exists()


@pytest.mark.parametrize(
    "damage",
    [b"", b"garbage", b"j2\x00\x00\x00\x00\x00\x00garbage"],
    ids=["empty", "garbage", "jinja-like"],
)
def test_a_damaged_entry_means_compiling_again(root: Path, expected: str, damage: bytes) -> None:
    html_report()
    assert entries(root)
    for entry in entries(root):
        entry.write_bytes(entry.read_bytes()[:40] + damage)
    assert html_report() == expected
    for entry in entries(root):
        entry.write_bytes(damage)
    assert html_report() == expected


def test_an_entry_changed_in_one_byte_is_not_used(root: Path, expected: str) -> None:
    """Changed compiled code could fail or crash the report: it is compiled again instead."""
    html_report()
    [entry] = entries(root)
    for position, damaged in one_bit_changes(entry.read_bytes(), 40):
        entry.write_bytes(damaged)
        assert html_report() == expected, position


def test_an_entry_that_is_a_fifo_is_not_waited_for(root: Path, expected: str) -> None:
    html_report()
    assert entries(root)
    for entry in entries(root):
        entry.unlink()
        os.mkfifo(entry)
    assert html_report() == expected


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into any folder")
def test_an_unwritable_folder_is_no_cache(root: Path, expected: str) -> None:
    (root / "templates").mkdir(parents=True, mode=0o500)
    try:
        assert html_report() == expected
    finally:
        (root / "templates").chmod(0o700)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")
def test_a_folder_others_can_write_is_not_trusted(root: Path, expected: str) -> None:
    folder = root / "templates"
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    assert html_report() == expected
    assert entries(root) == [], "compiled code was kept where anybody could replace it"

"""The questionnaire cache: the same questionnaire as the YAML gives, or the YAML is read."""

from __future__ import annotations

import dataclasses
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from socialmaturity.errors import InputError
from socialmaturity.model import cache
from socialmaturity.model.questionnaire import load_questionnaire

from conftest import REPO, one_bit_changes, run_cli, write

QUESTIONNAIRES = sorted((REPO / "questionnaires").glob("*.yaml")) + sorted(
    (REPO / "tests" / "fixtures").rglob("*.yaml")
)
QUESTIONNAIRES = [path for path in QUESTIONNAIRES if "dimensions:" in path.read_text("utf-8")]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The questionnaires folder of a cache of this test's own."""
    monkeypatch.setenv(cache.FOLDER_VARIABLE, str(tmp_path / "cache"))
    monkeypatch.delenv(cache.OFF_VARIABLE, raising=False)
    return tmp_path / "cache" / "questionnaires"


def no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make reading YAML fail, to show an entry was served from the cache."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the YAML was read")

    monkeypatch.setattr("socialmaturity.model.yaml_reader.load_yaml", refuse)


@pytest.mark.parametrize("path", QUESTIONNAIRES, ids=lambda p: p.name)
def test_a_cached_questionnaire_equals_the_one_read_from_yaml(
    path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_yaml = load_questionnaire(path)
    assert cache.load_questionnaire_cached(path) == from_yaml  # a miss: read, then stored
    assert len(list(folder.glob("*.pickle"))) == 1
    no_yaml(monkeypatch)
    cached = cache.load_questionnaire_cached(path)
    assert cached == from_yaml
    assert dataclasses.asdict(cached) == dataclasses.asdict(from_yaml)


@pytest.mark.parametrize(
    "call",
    [
        "commands.score_files([DEMO], None, output_format='jsonl')",
        "commands.report_file([DEMO], None, output_format='html', output=None, baseline=None,"
        " targets=[], template=None, force=False)",
    ],
    ids=["score", "report"],
)
def test_scoring_and_reporting_a_plain_file_import_neither_pydantic_nor_yaml(
    call: str, folder: Path
) -> None:
    """pydantic costs a start-up more than the command line framework: only checking needs it."""
    demo = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"
    probe = (
        f"import sys; from socialmaturity import commands; DEMO = {str(demo)!r}\n"
        f"status = {call}\n"
        "print(status, 'pydantic' in sys.modules, 'yaml' in sys.modules, file=sys.stderr)"
    )
    run_probe(probe, folder)  # fills the cache
    assert run_probe(probe, folder).stderr.split() == ["0", "False", "False"]


def test_changed_bytes_are_read_again(tmp_path: Path, folder: Path) -> None:
    source = (REPO / "questionnaires" / "social-maturity-quick.yaml").read_text("utf-8")
    path = write(tmp_path / "q.yaml", source)
    first = cache.load_questionnaire_cached(path)
    path.write_text(source.replace("title: ", "title: Renamed ", 1), encoding="utf-8")
    second = cache.load_questionnaire_cached(path)
    assert second.title == "Renamed " + first.title
    assert len(list(folder.glob("*.pickle"))) == 2


def pickled(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


class Payload:
    """What an attacker would write into an entry: unpickling it would run a shell command."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, (f"touch {self.marker}",)


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a pickle",
        b"\x80\x05",
        pickled([1, 2]),
        pickled({"id": "x"}),
        pickled(Path("x")),
        b"\xff" * 100,
    ],
    ids=["empty", "text", "truncated", "list", "dict", "another-class", "bytes"],
)
def test_a_damaged_entry_means_reading_the_yaml(damage: str, tmp_path: Path, folder: Path) -> None:
    path = REPO / "questionnaires" / "social-maturity-quick.yaml"
    expected = cache.load_questionnaire_cached(path)
    [entry] = folder.glob("*.pickle")
    entry.write_bytes(damage)
    assert cache.load_questionnaire_cached(path) == expected


def test_an_entry_changed_in_one_byte_is_not_used(folder: Path) -> None:
    """A changed entry that still unpickles (a flipped digit of a weight, say) is not used."""
    path = REPO / "questionnaires" / "social-maturity-quick.yaml"
    expected = cache.load_questionnaire_cached(path)
    [entry] = folder.glob("*.pickle")
    for position, damaged in one_bit_changes(entry.read_bytes(), 60):
        entry.write_bytes(damaged)
        assert cache.load_questionnaire_cached(path) == expected, position


def test_nothing_in_an_entry_can_run(tmp_path: Path, folder: Path) -> None:
    path = REPO / "questionnaires" / "social-maturity-quick.yaml"
    expected = cache.load_questionnaire_cached(path)
    [entry] = folder.glob("*.pickle")
    marker = tmp_path / "ran"
    payload = pickled(Payload(marker))
    assert cache.write_entry(entry, payload)  # written as the tool writes its own entries
    assert cache.load_questionnaire_cached(path) == expected  # refused, read from the YAML
    assert not marker.exists()
    pickle.loads(payload)  # the payload is real: plain pickle runs it
    assert marker.exists()


def test_a_cached_questionnaire_needs_no_pydantic(folder: Path) -> None:
    """Read back from the cache in a fresh process, nothing imports pydantic or PyYAML."""
    path = REPO / "questionnaires" / "social-maturity.yaml"
    cache.load_questionnaire_cached(path)
    probe = (
        "import sys; from socialmaturity.model import cache;"
        f"q = cache.load_questionnaire_cached({str(path)!r});"
        "print(q.id, 'pydantic' in sys.modules, 'yaml' in sys.modules)"
    )
    assert run_probe(probe, folder).stdout.split() == ["social-maturity", "False", "False"]


def run_probe(code: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh Python whose cache is ``folder``'s."""
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, cache.FOLDER_VARIABLE: str(folder.parent)},
        check=True,
    )


def test_problems_are_never_cached(tmp_path: Path, folder: Path) -> None:
    source = (REPO / "questionnaires" / "social-maturity-quick.yaml").read_text("utf-8")
    path = write(tmp_path / "q.yaml", source + "titel: a misspelt key\n")
    messages = []
    for _ in range(2):
        with pytest.raises(InputError) as raised:
            cache.load_questionnaire_cached(path)
        messages.append([str(problem) for problem in raised.value.problems])
    assert messages[0] == messages[1] and messages[0]
    assert not list(folder.glob("*.pickle"))


def test_the_cache_can_be_turned_off(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.OFF_VARIABLE, "1")
    cache.load_questionnaire_cached(REPO / "questionnaires" / "social-maturity-quick.yaml")
    assert not folder.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into any folder")
def test_a_cache_that_cannot_be_written_is_no_cache(tmp_path: Path, folder: Path) -> None:
    folder.mkdir(parents=True)
    folder.chmod(0o500)
    path = REPO / "questionnaires" / "social-maturity-quick.yaml"
    assert cache.load_questionnaire_cached(path) == load_questionnaire(path)
    assert not list(folder.iterdir())


def test_a_cache_folder_that_is_a_file_is_no_cache(tmp_path: Path, folder: Path) -> None:
    folder.parent.mkdir()
    folder.write_text("in the way", encoding="utf-8")
    path = REPO / "questionnaires" / "social-maturity-quick.yaml"
    assert cache.load_questionnaire_cached(path) == load_questionnaire(path)
    assert folder.read_text("utf-8") == "in the way"
    assert not list(folder.parent.glob(".*.tmp"))


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")
def test_a_folder_others_can_write_is_neither_read_nor_written(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = REPO / "questionnaires" / "social-maturity-quick.yaml"
    expected = cache.load_questionnaire_cached(path)
    [entry] = folder.glob("*.pickle")
    forged = dataclasses.replace(expected, title="Forged")
    assert cache.write_entry(entry, pickled(forged))
    folder.chmod(0o777)
    assert cache.load_questionnaire_cached(path).title == expected.title
    entry.unlink()
    cache.load_questionnaire_cached(path)
    assert not list(folder.iterdir()), "an entry was written where anybody could replace it"
    folder.chmod(0o700)
    assert cache.load_questionnaire_cached(path).title == expected.title
    assert len(list(folder.glob("*.pickle"))) == 1


def test_only_the_newest_entries_are_kept(tmp_path: Path, folder: Path) -> None:
    source = (REPO / "questionnaires" / "social-maturity-quick.yaml").read_text("utf-8")
    for n in range(cache.KEEP + 3):
        path = write(tmp_path / f"q{n}.yaml", source + f"# edit {n}\n")
        cache.load_questionnaire_cached(path)
    assert len(list(folder.glob("*.pickle"))) == cache.KEEP
    assert not list(folder.glob(".*"))


def test_a_temporary_entry_left_by_a_killed_writer_is_removed(folder: Path) -> None:
    """An entry's writer killed mid-way leaves its temporary file: the next writer removes it.

    Named as every file the tool writes is while it is written (``.NAME.PID.RANDOM.tmp``), so
    one rule finds what a process that no longer runs left behind.
    """
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    entry = folder / "entry.pickle"
    folder.mkdir(parents=True, mode=0o700)
    stale = write(folder / f".entry.pickle.{dead}.0123abcd.tmp", "half")
    alive = write(folder / f".entry.pickle.{os.getpid()}.0123abcd.tmp", "being written")
    assert cache.write_entry(entry, b"whole")
    assert cache.read_entry(entry) == b"whole"
    assert not stale.exists() and alive.exists()
    assert sorted(path.name for path in folder.iterdir()) == [alive.name, entry.name]


def test_the_command_line_gives_the_same_output_from_the_cache(
    tmp_path: Path, folder: Path
) -> None:
    demo = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"
    environment = {cache.FOLDER_VARIABLE: str(folder.parent)}
    runs = [run_cli("score", demo, "--format", "json", env=environment) for _ in range(2)]
    off = run_cli("score", demo, "--format", "json", env={cache.OFF_VARIABLE: "1"})
    assert len(list(folder.glob("*.pickle"))) == 1
    assert runs[0] == runs[1] == off
    assert runs[0].code == 0


def test_an_entry_that_is_a_fifo_is_not_waited_for(tmp_path: Path, folder: Path) -> None:
    path = REPO / "questionnaires" / "social-maturity-quick.yaml"
    expected = cache.load_questionnaire_cached(path)
    [entry] = folder.glob("*.pickle")
    entry.unlink()
    os.mkfifo(entry)
    assert cache.load_questionnaire_cached(path) == expected  # read from the YAML, at once


def test_without_a_home_there_is_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (cache.FOLDER_VARIABLE, "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)
    assert cache.cache_folder("questionnaires") is None
    path = REPO / "questionnaires" / "social-maturity-quick.yaml"
    assert cache.load_questionnaire_cached(path) == load_questionnaire(path)


def test_a_home_that_is_not_there_is_not_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in (cache.FOLDER_VARIABLE, "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "gone"))
    path = REPO / "questionnaires" / "social-maturity-quick.yaml"
    assert cache.load_questionnaire_cached(path) == load_questionnaire(path)
    assert not (tmp_path / "gone").exists()
    monkeypatch.setenv("HOME", str(tmp_path))
    cache.load_questionnaire_cached(path)
    assert len(list((tmp_path / ".cache" / "socialmaturity" / "questionnaires").iterdir())) == 1


def test_many_processes_filling_the_cache_at_once_agree(tmp_path: Path, folder: Path) -> None:
    demo = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"
    environment = {**os.environ, cache.FOLDER_VARIABLE: str(folder.parent)}
    command = [sys.executable, "-m", "socialmaturity", "score", str(demo), "--format", "jsonl"]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
        for _ in range(8)
    ]
    outputs = {run.communicate(timeout=120) for run in runs}
    assert len(outputs) == 1 and next(iter(outputs))[1] == b""
    assert all(run.returncode == 0 for run in runs)
    assert len(list(folder.glob("*.pickle"))) == 1
    assert not list(folder.glob(".*"))


def test_the_key_tells_pydantic_releases_apart_at_the_same_size_and_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Installers that keep a wheel's file times leave pydantic's files at one size and time
    across releases (its ``__init__.py`` is the same in 2.14.3 and 2.14.4): the key reads the
    release itself."""
    import importlib.machinery
    import importlib.util

    stamps = []
    for release in ("2.14.3", "2.14.4"):
        package = tmp_path / release / "pydantic"
        init = write(package / "__init__.py", "from .version import VERSION\n")
        version = write(package / "version.py", f"VERSION = '{release}'\n")
        for path in (init, version):
            os.utime(path, ns=(1_580_601_600_000_000_000,) * 2)
        spec = importlib.machinery.ModuleSpec("pydantic", None, origin=str(init))
        monkeypatch.setattr(importlib.util, "find_spec", lambda name, spec=spec: spec)
        cache._code_stamp.cache_clear()
        stamps.append(cache._code_stamp())
    cache._code_stamp.cache_clear()
    assert stamps[0] != stamps[1]

"""Files and folders named on the command line that cannot be read as they should: FIFOs, link
loops, names too long, unreadable files and folders. Each is one located error, never a hang or
an internal error, and the other files of a batch are still read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from socialmaturity.errors import InputError
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.questionnaire import load_questionnaire
from socialmaturity.model.reading import read_text

from conftest import GOOD, TINY, assert_clean_failure, csv_files, run_cli, write


def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    for command in ("validate", "score", "explain", "report"):
        run = run_cli(command, fifo)
        assert run.code == 1
        assert f"{fifo}: error: not a regular file" in run.stderr


def test_a_symbolic_link_loop_is_a_clear_error(tmp_path: Path) -> None:
    write(tmp_path / "q.yaml", TINY)
    write(tmp_path / "r.yaml", GOOD)
    (tmp_path / "loop").symlink_to("loop")
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    for reference in ("loop", "./loop", "loop.yaml"):
        run = run_cli("score", "r.yaml", "-q", reference, cwd=tmp_path)
        assert_clean_failure(run)
        name = reference.removeprefix("./")
        assert run.stderr == f"{name}: error: cannot read: symbolic links form a loop\n"
    run = run_cli("score", "loop.yaml", "r.yaml", "-q", "q.yaml", "--format", "csv", cwd=tmp_path)
    assert_clean_failure(run)
    assert run.stderr == "loop.yaml: error: cannot read: symbolic links form a loop\n"
    assert csv_files(run) == ["r.yaml"]


def test_a_name_too_long_is_a_clear_error(tmp_path: Path) -> None:
    write(tmp_path / "q.yaml", TINY)
    write(tmp_path / "r.yaml", GOOD)
    long_name = "a" * 5000
    run = run_cli("score", long_name, "r.yaml", "-q", "q.yaml", "--format", "csv", cwd=tmp_path)
    assert_clean_failure(run)
    assert run.stderr == f"{long_name}: error: cannot read: File name too long\n"
    assert csv_files(run) == ["r.yaml"]
    for reference in (long_name, long_name + ".yaml", f"./{long_name}"):
        run = run_cli("score", "r.yaml", "-q", reference, cwd=tmp_path)
        assert_clean_failure(run)


def test_reading_never_raises_anything_but_input_errors(tmp_path: Path) -> None:
    cases: list[str | Path] = [
        "a\x00b.yaml",  # a NUL byte in the name
        tmp_path / ("n" * 5000),  # a name too long
        tmp_path,  # a folder
        tmp_path / "missing.yaml",
    ]
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop.name)
    cases.append(loop)
    for path in cases:
        with pytest.raises(InputError) as caught:
            read_text(path)
        assert caught.value.problems[0].location is not None
        with pytest.raises(InputError):
            load_questionnaire(path)
        with pytest.raises(InputError):
            Catalog().resolve(str(path))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_a_file_that_cannot_be_read_is_a_clear_error(tmp_path: Path) -> None:
    locked = write(tmp_path / "r.yaml", GOOD)
    locked.chmod(0)
    run = run_cli("score", locked)
    assert_clean_failure(run)
    assert run.stderr == f"{locked}: error: cannot read: Permission denied\n"


def test_an_unreadable_folder_inside_a_batch_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from socialmaturity.commands.batch import collect_files

    good = write(tmp_path / "a" / "good.yaml", GOOD)
    locked = tmp_path / "b"
    write(locked / "hidden.yaml", GOOD)
    scandir = os.scandir

    def refusing(path: str | os.PathLike[str]) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    files, problems = collect_files([str(tmp_path)])
    assert files == [str(good)]
    assert [str(problem) for problem in problems] == [
        f"{locked}: error: cannot read: Permission denied"
    ]
    files, problems = collect_files([str(locked)])
    assert files == [] and len(problems) == 1  # not also "no *.yaml files"

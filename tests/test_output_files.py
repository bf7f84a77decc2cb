"""Writing files (SPEC section 4's writing rules): atomic creation and replacement, links written
through, modes kept, FIFOs and descriptors written directly, streamed writes, concurrent writers,
paths that cannot be files, and long names."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from socialmaturity.errors import InputError
from socialmaturity.files import open_atomic, write_atomic

from conftest import REPO, run_cli, run_process, write

DEMO = REPO / "tests" / "fixtures" / "social-maturity-1.0.0" / "northwind-2026.yaml"
CLEAN = REPO / "src" / "socialmaturity" / "data" / "demo-response.yaml"  # nothing to warn about

# --- writing files --------------------------------------------------------------------------------


def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    real = write(tmp_path / "real.txt", "old\n")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomic(link, "new\n", force=True)
    assert link.is_symlink() and real.read_text() == "new\n"


def test_a_dangling_link_creates_the_file_it_names(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "sub" / "made.txt")
    write_atomic(link, "x\n")
    assert link.is_symlink() and (tmp_path / "sub" / "made.txt").read_text() == "x\n"


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    secret = write(tmp_path / "secret.txt", "old\n")
    secret.chmod(0o600)
    write_atomic(secret, "new\n", force=True)
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600 and secret.read_text() == "new\n"


@contextlib.contextmanager
def fifo_read(fifo: Path) -> Iterator[list[bytes]]:
    """A FIFO made at ``fifo`` and read to its end by a thread: what it read, after the block."""
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    try:
        yield received
    finally:
        reader.join(30)


def test_a_fifo_is_written_directly_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    with fifo_read(fifo) as received:
        write_atomic(fifo, "through the pipe\n")  # no --force needed
    assert received == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


# --- streamed writes (score -o) -------------------------------------------------------------------


def test_a_streamed_file_appears_whole_at_the_end(tmp_path: Path) -> None:
    target = tmp_path / "scores.jsonl"
    line = "x" * 1000 + "\n"
    with open_atomic(target) as out:
        for _ in range(200):  # 200 kB: more than the buffer, so some of it is on disk already
            out.write(line)
        assert not target.exists()
        [temporary] = tmp_path.glob(".scores.jsonl.*.tmp")
        assert 0 < temporary.stat().st_size < 200 * len(line)
    assert target.read_text() == line * 200
    assert list(tmp_path.iterdir()) == [target]


def test_a_failed_streamed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = write(tmp_path / "scores.jsonl", "old\n")
    with pytest.raises(KeyboardInterrupt), open_atomic(target, force=True) as out:
        out.write("x" * 100_000)
        raise KeyboardInterrupt
    assert target.read_text() == "old\n"
    assert list(tmp_path.iterdir()) == [target]


def test_a_streamed_write_that_fails_is_one_error_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(descriptor: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    target = tmp_path / "out.txt"
    with pytest.raises(InputError) as raised, open_atomic(target) as out:
        monkeypatch.setattr("socialmaturity.files._write_all", full)
        out.write("x" * 200_000)  # more than the buffer: written, and refused, here
    assert [str(problem) for problem in raised.value.problems] == [
        f"{target}: error: cannot write: No space left on device"
    ]
    assert not isinstance(raised.value.__context__, InputError)  # no second failure on close
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_during_a_streamed_write_stays_ctrl_c(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What is still buffered is dropped, not written: a failing write must not replace it."""

    def full(descriptor: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(KeyboardInterrupt), open_atomic(tmp_path / "out.txt") as out:
        out.write("buffered, not yet written")
        monkeypatch.setattr("socialmaturity.files._write_all", full)
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_score_streams_into_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    with fifo_read(fifo) as received:
        run = run_cli("score", DEMO, "--format", "jsonl", "-o", fifo)
    assert run.code == 0
    assert received == [run_cli("score", DEMO, "--format", "jsonl").stdout.encode()]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("output_format", ["table", "json", "jsonl", "csv"])
def test_score_to_a_file_writes_what_stdout_shows(tmp_path: Path, output_format: str) -> None:
    target = tmp_path / f"scores.{output_format}"
    run = run_cli("score", DEMO, "--format", output_format, "-o", target)
    assert run.code == 0 and run.stdout == ""
    assert target.read_text() == run_cli("score", DEMO, "--format", output_format).stdout


# --- what is never replaced, and what is left behind ----------------------------------------------


def test_a_folder_is_an_error_and_nothing_is_written(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        write_atomic(tmp_path, "x", force=True)
    blocker = write(tmp_path / "file", "x")
    with pytest.raises(InputError, match="a file is in the way"):
        write_atomic(blocker / "below" / "out.txt", "x")
    assert os.listdir(tmp_path) == ["file"]


def test_output_paths_that_cannot_be_files(tmp_path: Path) -> None:
    run = run_cli("report", CLEAN, "-o", tmp_path)
    assert run.code == 1 and "is a folder" in run.stderr
    blocker = write(tmp_path / "file.txt", "x")
    run = run_cli("report", CLEAN, "-o", blocker / "report.md")
    assert run.code == 1 and "a file is in the way" in run.stderr
    upper = tmp_path / "REPORT.HTML"
    assert run_cli("report", CLEAN, "-o", upper).code == 0
    assert upper.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    "command",
    [
        ["check", str(REPO / "tests" / "cases"), "--junit"],
        ["report", str(DEMO), "--format", "pdf", "--force", "-o"],
        ["score", str(DEMO), "--force", "-o"],
    ],
    ids=["check --junit", "report --force", "score --force"],
)
def test_a_folder_is_refused_before_any_work(tmp_path: Path, command: list[str]) -> None:
    """A folder can never be written, --force or not: the command stops before it starts."""
    run = run_cli(*command, tmp_path)
    assert (run.code, run.stdout) == (1, "")
    assert run.stderr == f"{tmp_path}: error: is a folder; give the name of a file to write\n"
    assert os.listdir(tmp_path) == []


def test_an_existing_file_is_not_replaced_without_force(tmp_path: Path) -> None:
    kept = write(tmp_path / "kept.txt", "mine\n")
    with pytest.raises(InputError, match="already exists"):
        write_atomic(kept, "theirs\n")
    assert kept.read_text() == "mine\n"


def test_a_stale_temporary_file_of_a_dead_writer_is_removed(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    stale = write(tmp_path / f".out.txt.{dead.stdout.strip()}.0123abcd.tmp", "half")
    other = write(tmp_path / f".other.txt.{dead.stdout.strip()}.0123abcd.tmp", "half too")
    write_atomic(tmp_path / "out.txt", "whole\n")
    assert not stale.exists() and not other.exists()  # any name: it may never be written again
    assert sorted(os.listdir(tmp_path)) == ["out.txt"]


def test_concurrent_reports_to_one_new_path_exactly_one_wins(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.md"
    env = {k: v for k, v in os.environ.items() if k != "SOCIALMATURITY_PATH"}
    command = [
        sys.executable,
        "-m",
        "socialmaturity",
        "report",
        str(DEMO),
        "-q",
        str(REPO / "tests" / "fixtures" / "social-maturity-1.0.0" / "questionnaire.yaml"),
        "-o",
        str(target),
    ]
    runs = [
        subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
        )
        for _ in range(6)
    ]
    results = [(p.wait(60), p.stderr.read()) for p in runs]  # type: ignore[union-attr]
    assert sorted(code for code, _ in results) == [0, 1, 1, 1, 1, 1], results
    assert all("already exists" in err for code, err in results if code == 1)
    assert [p.name for p in target.parent.iterdir()] == ["report.md"]


def test_junit_to_a_fifo_is_not_replaced(tmp_path: Path) -> None:
    case = write(tmp_path / "case.yaml", DEMO.read_text() + "expect:\n  overall: {level: 3}\n")
    fifo = tmp_path / "junit.xml"
    q = REPO / "tests" / "fixtures" / "social-maturity-1.0.0" / "questionnaire.yaml"
    with fifo_read(fifo) as received:
        run = run_cli("check", case, "-q", q, "--junit", fifo)
    assert run.code == 0, run.stderr
    assert received and received[0].startswith(b"<?xml")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_check_update_writes_through_a_link_and_keeps_the_mode(tmp_path: Path) -> None:
    real = write(tmp_path / "cases" / "real.yaml", DEMO.read_text())
    real.chmod(0o600)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    q = REPO / "tests" / "fixtures" / "social-maturity-1.0.0" / "questionnaire.yaml"
    run = run_cli("check", link, "-q", q, "--update")
    assert run.code == 0, run.stderr
    assert link.is_symlink() and "expect:" in real.read_text()
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


# --- names and descriptors ------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["999", "2147483648", "99999999999999999999"])
def test_a_descriptor_that_is_not_open_is_a_clear_error(number: str) -> None:
    for args in (("score", CLEAN), ("report", CLEAN), ("template",)):
        run = run_cli(*args, "-o", f"/dev/fd/{number}")
        assert (run.code, run.stdout) == (1, ""), run.stderr
        assert run.stderr == f"/dev/fd/{number}: error: cannot write: Bad file descriptor\n"


@pytest.mark.parametrize("length", [200, 240, 251])
def test_a_long_file_name_can_be_written(tmp_path: Path, length: int) -> None:
    """A name the system allows (up to 255 bytes) is written, though temporary and lock names
    beside it are longer than the name itself."""
    stem = "é" * ((length - 5) // 2) + "a" * ((length - 5) % 2)  # two bytes a character
    for args, suffix in (
        (("score", CLEAN, "--format", "json"), ".json"),
        (("template",), ".yaml"),
        (("assess", "--organization", "A"), ".yaml"),
    ):
        target = tmp_path / (stem + suffix)
        assert len(os.fsencode(target.name)) == length
        run = run_cli(*args, "-o", target, stdin="1\n")
        assert run.code in (0, 1) and target.exists(), run.stderr
        assert "Traceback" not in run.stderr and "too long" not in run.stderr, run.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == [target.name], "a file left behind"
        target.unlink()


def test_a_link_to_standard_output_that_is_a_pipe_is_written_through(tmp_path: Path) -> None:
    """SPEC 4: a path is classified by what it finally names, links followed; a link to
    /dev/stdout ends at /proc/self/fd/1, a pipe no path spells (it failed as a new file)."""
    link = tmp_path / "out"
    link.symlink_to("/dev/stdout")
    run = run_process("score", DEMO, "--format", "csv", "-o", link)  # stdout: a pipe
    assert run.code == 0, run.stderr
    assert run.stdout.startswith("file,organization,")
    assert link.is_symlink() and os.readlink(link) == "/dev/stdout"


@pytest.mark.parametrize(
    "command",
    [
        ["report", str(CLEAN), "-o"],
        ["score", str(CLEAN), "-o"],
        ["template", "-o"],
        ["check", str(REPO / "tests" / "cases"), "--junit"],
    ],
    ids=["report", "score", "template", "check --junit"],
)
def test_a_new_path_ending_in_a_slash_names_a_folder_and_is_refused(
    tmp_path: Path, command: list[str]
) -> None:
    """``-o out/`` asks for a folder: no file named ``out`` appears in its place."""
    run = run_cli(*command, f"{tmp_path}/out/")
    assert (run.code, run.stdout) == (1, "")
    assert run.stderr == (
        f"{tmp_path}/out/: error: names a folder; give the name of a file to write\n"
    )
    assert os.listdir(tmp_path) == []


def test_a_slash_after_an_existing_file_is_refused_and_the_file_kept(tmp_path: Path) -> None:
    kept = write(tmp_path / "kept.md", "mine\n")
    with pytest.raises(InputError, match="names a folder"):
        write_atomic(f"{kept}/", "theirs\n", force=True)
    assert kept.read_text(encoding="utf-8") == "mine\n"


@contextlib.contextmanager
def socket_read(path: Path, kind: int) -> Iterator[list[bytes]]:
    """A Unix socket listening at ``path``; what its one client sent, once the block ends."""
    import socket

    server = socket.socket(socket.AF_UNIX, kind)
    server.bind(str(path))
    if kind == socket.SOCK_STREAM:
        server.listen(1)  # before the block: a client may connect at once
    received: list[bytes] = []

    def serve() -> None:
        if kind == socket.SOCK_DGRAM:
            received.append(server.recv(1 << 16))
            return
        connection, _ = server.accept()
        with connection:
            while chunk := connection.recv(1 << 16):
                received.append(chunk)

    reader = threading.Thread(target=serve, daemon=True)
    reader.start()
    try:
        yield received
    finally:
        reader.join(30)
        server.close()


def test_a_unix_socket_is_written_directly_and_stays_a_socket(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "sock"
    with socket_read(path, socket.SOCK_STREAM) as got:
        write_atomic(path, "through the socket\n" * 50_000)  # no --force needed
    assert b"".join(got) == b"through the socket\n" * 50_000
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_a_datagram_socket_is_refused_not_sent_in_pieces(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(path))
    try:
        with pytest.raises(InputError, match="not a stream socket; only a stream socket"):
            write_atomic(path, "x" * 400_000)
    finally:
        server.close()


def test_score_writes_into_a_unix_socket(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "sock"
    with socket_read(path, socket.SOCK_STREAM) as got:
        run = run_cli("score", CLEAN, "--format", "jsonl", "-o", path)
    assert run.code == 0, run.stderr
    assert b"".join(got).decode("utf-8") == run_cli("score", CLEAN, "--format", "jsonl").stdout


def test_a_socket_nobody_listens_on_is_a_clear_error(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.close()  # the socket file stays, no one listens
    run = run_cli("report", CLEAN, "-o", path)
    assert run.code == 1
    assert run.stderr.startswith(f"{path}: error: cannot write: ")
    assert stat.S_ISSOCK(os.lstat(path).st_mode)

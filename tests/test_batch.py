"""A folder of a few thousand generated responses scores in every format, bad files mixed in."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from socialmaturity.commands.batch import expand_paths

from conftest import REPO, run_cli, run_process, started, without_import_times

sys.path.insert(0, str(REPO / "benchmarks"))
from generate_responses import generate

COUNT = 2000


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    generate(folder / "a", COUNT // 2, "social-maturity", seed=1)
    generate(folder / "b" / "deeper", COUNT // 2, "social-maturity", seed=2)
    (folder / "b" / "broken.yaml").write_text("questionnaire: social-maturity\nanswers: [\n")
    (folder / "b" / "notes.txt").write_text("not a response")  # ignored: not *.yaml
    return folder


def test_jsonl_and_json_cover_every_good_file(batch: Path) -> None:
    run = run_process("score", batch, "--format", "jsonl", "--jobs", "0")  # workers: a real command
    assert run.code == 1  # the broken file
    assert run.stderr.count("error:") == 1 and "broken.yaml:3:1" in run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(records) == COUNT
    files = [r["file"] for r in records]
    assert files == sorted(files, key=lambda f: Path(f).parts)  # folders in sorted path order
    as_json = json.loads(run_cli("score", batch, "--format", "json").stdout)
    assert as_json == records


@pytest.mark.parametrize("given", ["tree", "tree/", "./tree", "tree//"])
def test_folders_expand_in_path_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    names = ["a-b.yaml", "a/b.yaml", "a.b/c.yaml", "a b.yaml", "a!/x.yaml", "a0.yml", "a~.yaml"]
    names += ["a/b/c.yaml", "a/b-c.yaml", "A.yaml", "a/é.yaml", "a/z.yaml", "ab/a.yaml"]
    for name in names:
        (tmp_path / "tree" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "tree" / name).write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    found = list(expand_paths([given]))
    assert len(found) == len(names)
    assert found == sorted(found, key=lambda f: Path(f).parts)


def test_csv_has_a_row_per_good_file(batch: Path) -> None:
    run = run_process("score", batch, "--format", "csv", "--jobs", "2")  # workers: a real command
    assert run.code == 1
    rows = list(csv.reader(io.StringIO(run.stdout)))
    assert len(rows) == COUNT + 1
    assert rows[0][:7] == [
        "file",
        "organization",
        "respondent",
        "role",
        "date",
        "overall_score",
        "overall_level",
    ]
    assert all(len(row) == len(rows[0]) for row in rows)


def test_table_lists_every_good_file(batch: Path) -> None:
    run = run_cli("score", batch / "a", env={"COLUMNS": "200"})
    assert run.code == 0, run.stderr
    assert f"{COUNT // 2} responses" in run.stdout
    assert run.stdout.count("response-") == COUNT // 2


def test_a_folder_without_responses_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for command in ("score", "validate"):
        run = run_cli(command, tmp_path / "empty")
        assert run.code == 1
        assert (
            run.stderr.splitlines()[0]
            == f"{tmp_path / 'empty'}: error: no *.yaml or *.yml files in this folder"
        )


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["INT", "TERM"])
@pytest.mark.parametrize("reader", ["slow", "none"])
def test_a_signal_to_the_whole_group_ends_a_parallel_batch_calmly(
    batch: Path, tmp_path: Path, number: int, reader: str
) -> None:
    """Ctrl-C reaches every process of the foreground group, the workers too (so does
    ``timeout`` or a service manager's TERM): the batch ends with 130 or 143, one line on
    stderr, no worker's traceback, no hang, and no temporary file left."""
    env = {k: v for k, v in os.environ.items() if k != "SOCIALMATURITY_PATH"}
    status = 130 if number == signal.SIGINT else 143
    for delay in (0.3, 0.5, 0.7, 0.9):
        target = tmp_path / f"out-{delay}.jsonl"
        command = ["score", str(batch), "--jobs", "2"]
        if reader == "none":  # the output goes to a file: nothing ever waits for a reader
            command += ["--format", "jsonl", "-o", str(target)]
        else:  # the output goes to a pipe read slowly: workers wait to hand over results
            command += ["--format", "jsonl"]
        # the delay counts from the moment the tool's code runs, not Python's own start
        process, early = started(*command, env=env, start_new_session=True)
        time.sleep(delay)
        os.killpg(process.pid, number)
        try:
            _, late = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            pytest.fail(f"the batch hung after the signal (at {delay} s)")
        err = without_import_times((early + late).decode()).encode()
        # Before the signal, the batch may have reported its broken file, or even finished.
        lines = [line for line in err.decode().splitlines() if "broken.yaml" not in line]
        finished = process.returncode == 1 and lines in ([], [f"wrote {target}"])
        message = "interrupted" if number == signal.SIGINT else "terminated"
        assert finished or (process.returncode, lines) == (status, [message]), (
            delay,
            process.returncode,
            err.decode()[-2000:],
        )
        assert not list(tmp_path.glob(".*")), "a temporary file was left behind"


def score_with_few_files(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    """``socialmaturity score ARGUMENTS`` allowed 40 open files: too few for 30 workers."""
    import resource

    def few_files() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (40, 40))

    env = {k: v for k, v in os.environ.items() if k != "SOCIALMATURITY_PATH"}
    return subprocess.run(
        [sys.executable, "-m", "socialmaturity", "score", *map(str, arguments)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        preexec_fn=few_files,  # the test starts no threads, so this runs safely
        check=False,
    )


def test_workers_that_cannot_start_are_a_clear_error(batch: Path, tmp_path: Path) -> None:
    """Too many open files (or processes) for the workers asked for: an error that says so,
    with nothing written, and no worker left waiting for ever."""
    done = score_with_few_files(batch, "--jobs", "30", "-o", tmp_path / "scores.csv")
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("error: cannot start 30 worker processes: "), done.stderr
    assert "--jobs" in done.stderr and "internal error" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_no_more_workers_start_than_there_are_files(batch: Path) -> None:
    """``--jobs 1024`` for two files starts two workers at most (it forked 1,024, for seconds):
    with open files for a few workers only, it still scores."""
    two = sorted((batch / "a").glob("*.yaml"))[:2]
    done = score_with_few_files(*two, "--jobs", "1024", "--format", "jsonl")
    assert (done.returncode, done.stderr) == (0, "")
    assert [json.loads(line)["file"] for line in done.stdout.splitlines()] == list(map(str, two))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's parent-death signal")
def test_workers_end_with_the_command_however_it_ends(batch: Path, tmp_path: Path) -> None:
    """Workers ignore SIGTERM (the command acts on it); killed outright, the command takes
    them with it instead of leaving them waiting for work for ever."""
    env = {k: v for k, v in os.environ.items() if k != "SOCIALMATURITY_PATH"}
    command = [sys.executable, "-m", "socialmaturity", "score", str(batch), "--jobs", "2"]
    process = subprocess.Popen(
        [*command, "-o", str(tmp_path / "scores.jsonl")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    children_file = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    workers: list[int] = []
    deadline = time.monotonic() + 30
    while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
        with contextlib.suppress(OSError):
            workers = [int(pid) for pid in children_file.read_text().split()]
    if len(workers) < 2:
        pytest.skip("the batch ended before its workers could be seen")
    process.kill()
    process.wait()

    def running(pid: int) -> bool:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            return False
        return state != "Z"

    deadline = time.monotonic() + 10
    while any(running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in workers if running(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "workers outlived the command"


def test_an_interrupted_batch_ends_workers_that_do_not_finish(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A worker still busy after the wind-down's wait is killed: the command never hangs on it."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from socialmaturity.commands import batch

    monkeypatch.setattr(batch, "WIND_DOWN_SECONDS", 0.2)
    pool = ProcessPoolExecutor(max_workers=1)
    pool.submit(time.sleep, 600)
    workers = list(pool._processes.values())  # the processes the wind-down must end
    batch._wind_down(pool)
    assert workers and all(worker.exitcode == -signal.SIGKILL for worker in workers)
    assert not multiprocessing.active_children()


def test_jobs_0_counts_the_cpus_the_command_may_use(monkeypatch: pytest.MonkeyPatch) -> None:
    """A container or ``taskset`` that allows two of the machine's CPUs: two jobs, not one per
    CPU of the machine."""
    from socialmaturity.commands import batch as batch_module

    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {3, 5}, raising=False)
    assert batch_module.usable_cpus() == 2
    monkeypatch.delattr(os, "sched_getaffinity")
    assert batch_module.usable_cpus() == 64


@pytest.fixture(scope="module")
def organizations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Several organizations and rounds in any order, with a broken, an undated and an older
    version's file among them (``generate_organizations.py --variety``)."""
    from generate_organizations import generate_organizations

    folder = tmp_path_factory.mktemp("organizations")
    generate_organizations(folder, 300, organizations=12, seed=11, variety=True)
    (folder / "broken.yaml").write_text("questionnaire: social-maturity\nanswers: [\n")
    return folder


@pytest.mark.parametrize("options", [["--format", "json"], ["--format", "csv", "--anonymous"]])
def test_organization_views_score_in_workers_with_the_same_output(
    organizations: Path, options: list[str]
) -> None:
    """``score --by organization --jobs 2``: the workers send back what is kept of each file;
    every byte of the output, every message and the exit status are those of one job."""
    command: list[str | Path] = ["score", organizations, "--by", "organization", *options]
    one = run_process(*command, "--jobs", "1")
    two = run_process(*command, "--jobs", "2")
    assert one.code == 1 and "broken.yaml:3:1" in one.stderr
    assert (two.code, two.stdout, two.stderr) == (one.code, one.stdout, one.stderr)


def test_organization_views_start_the_workers_asked_for(organizations: Path) -> None:
    """Too few open files for the workers: the same clear error as ``score`` without ``--by``,
    which shows the organization view scores in workers too."""
    done = score_with_few_files(organizations, "--by", "organization", "--jobs", "30")
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("error: cannot start 30 worker processes: "), done.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("by", [None, "organization"])
def test_a_big_batch_shows_its_progress_on_a_terminal_and_nowhere_else(
    batch: Path, monkeypatch: pytest.MonkeyPatch, by: str | None
) -> None:
    """``score`` of 200 files or more, by file or by organization (and so ``trend``, which reads
    its files the same way): a bar on stderr when it is a terminal, nothing on a pipe."""
    from socialmaturity.commands.scores import score_files

    shown = {}
    for stderr in (io.StringIO(), _Terminal()):
        monkeypatch.setattr(sys, "stderr", stderr)
        monkeypatch.setattr(sys, "stdout", io.StringIO())
        score_files([str(batch / "a")], None, output_format="jsonl", by=by)
        shown[stderr.isatty()] = stderr.getvalue()
    assert shown[False] == ""
    assert "scoring" in shown[True]

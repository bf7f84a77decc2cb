"""Organization views of two versions of the code compared byte for byte on generated corpora.

    python benchmarks/compare_organizations.py OLD [NEW] [--count N] [--seeds S...] [--quick]

OLD and NEW are revisions (a commit, tag or branch, extracted by ``baseline.py``); NEW defaults to
this checkout's working tree. For each seed, a corpus of N files
(``generate_organizations.py --variety``: several organizations, named and dated rounds,
respondents spread over the batch in any order) is run through ``score --by organization`` in
every format, with and without ``--anonymous`` and with several ``--window``s (and with
``--jobs 2``, which an older version may ignore: its output is the same), through ``trend``
in every format, and through an organization ``report``. Standard output, standard error, the
exit status and every file written must be the same bytes. ``--quick`` leaves out the PDFs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from baseline import Code, revision, working_tree
from generate_organizations import generate_organizations


def variants(corpus: Path, pdf: bool) -> list[tuple[str, list[str], str | None]]:
    """Each run: a name, its arguments, and the file it writes (None: standard output)."""
    runs: list[tuple[str, list[str], str | None]] = []
    windows = ([], ["--window", "10"], ["--window", "400"])
    for fmt in ("table", "json", "jsonl", "csv", "xlsx"):
        for anonymous in ([], ["--anonymous"]):
            for window in windows:
                name = "-".join(["score", fmt, *anonymous, *window]).replace("--", "")
                args = ["score", str(corpus), "--by", "organization", "--format", fmt]
                out = f"{name}.{fmt}" if fmt == "xlsx" else None
                runs.append((name, args + anonymous + window, out))
    for fmt in ("table", "json", "md", "html", "xlsx", *(("pdf",) if pdf else ())):
        for window in windows[:2]:
            name = "-".join(["trend", fmt, *window]).replace("--", "")
            out = f"{name}.{fmt}" if fmt in ("xlsx", "pdf") else None
            runs.append((name, ["trend", str(corpus), "--format", fmt, *window], out))
    runs.append(("trend-json-fr", ["trend", str(corpus), "--format", "json", "--lang", "fr"], None))
    for fmt in ("json", "csv"):  # scored in workers: the same bytes as one job's
        args = ["score", str(corpus), "--by", "organization", "--format", fmt, "--jobs", "2"]
        runs.append((f"score-{fmt}-jobs2", args, None))
        runs.append((f"score-{fmt}-jobs2-anonymous", [*args, "--anonymous"], None))
    for fmt in ("table", "json"):
        runs.append((f"trend-{fmt}-o", ["trend", str(corpus), "--format", fmt], f"trend-{fmt}.out"))
        runs.append(
            (
                f"score-{fmt}-o",
                ["score", str(corpus), "--by", "organization", "--format", fmt],
                f"score-{fmt}.out",
            )
        )
    return runs


def report_files(corpus: Path) -> list[str]:
    """Some files of one organization and round, for an organization report."""
    found = []
    for path in sorted(corpus.iterdir()):
        text = path.read_text(encoding="utf-8")
        if "organization: Company 001\n" in text and "date: 2021-" in text:
            found.append(str(path))
    return found[:6]


def run(code: Code, args: list[str], cwd: Path) -> tuple[int, bytes, bytes]:
    """The exit status, standard output and standard error of one version of the tool."""
    env = code.environment | {"COLUMNS": "120", "SOURCE_DATE_EPOCH": "0"}
    done = subprocess.run([*code.command, *args], capture_output=True, cwd=cwd, env=env)
    return done.returncode, done.stdout, done.stderr


def compare(old: Code, new: Code, corpus: Path, work: Path, pdf: bool) -> list[str]:
    """The runs whose outputs differ (empty when all are the same)."""
    differ = []
    runs = variants(corpus, pdf)
    files = report_files(corpus)
    for fmt in ("md", "json"):
        runs.append((f"report-{fmt}", ["report", *files, "--format", fmt], None))
        anonymous = ["report", *files, "--format", fmt, "--anonymous"]
        runs.append((f"report-{fmt}-anon", anonymous, None))
    for name, args, out in runs:
        outputs = []
        for side, source in (("old", old), ("new", new)):
            folder = work / side
            folder.mkdir(exist_ok=True)
            extra = ["-o", out, "--force"] if out else []
            status, stdout, stderr = run(source, args + extra, folder)
            written = (folder / out).read_bytes() if out and (folder / out).exists() else b""
            outputs.append((status, stdout, stderr, written))
        same = outputs[0] == outputs[1]
        print(f"{'same' if same else 'DIFFERENT':>9}  {name} (exit {outputs[1][0]})", flush=True)
        if not same:
            differ.append(name)
    return differ


def main() -> None:
    """Generate the corpora and compare every run."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("old", help="a revision")
    parser.add_argument("new", nargs="?", help="a revision (default: the working tree)")
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--seeds", type=int, nargs="+", default=[7])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    differ = []
    with ExitStack() as stack:
        old = stack.enter_context(revision(args.old))
        new = stack.enter_context(revision(args.new)) if args.new else working_tree()
        for seed in args.seeds:
            with tempfile.TemporaryDirectory() as tmp:
                corpus = Path(tmp) / "corpus"
                generate_organizations(
                    corpus, args.count, organizations=12, seed=seed, variety=True
                )
                print(f"seed {seed}: {args.count} files", flush=True)
                differ += compare(old, new, corpus, Path(tmp), not args.quick)
    print("all the same" if not differ else f"{len(differ)} different: {', '.join(differ)}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()

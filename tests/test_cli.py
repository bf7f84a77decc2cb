"""The command line as a whole: help everywhere, version, exit statuses, the README's tour."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from socialmaturity import __version__
from socialmaturity.cli import app, app_for, command_name

from conftest import REPO, run_cli, run_process

COMMANDS = sorted(
    info.name or (info.callback.__name__ if info.callback else "")
    for info in app.registered_commands
)


def test_version() -> None:
    run = run_process("--version")  # the entry point answers this one before Typer is imported
    assert run.code == 0
    assert run.stdout == f"socialmaturity {__version__}\n"


def test_no_arguments_shows_help() -> None:
    run = run_cli()
    assert "Usage" in run.stdout + run.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    run = run_cli(command, "--help")
    assert run.code == 0, run.stderr
    assert "Usage" in run.stdout
    assert "Example" in run.stdout


@pytest.mark.parametrize("args", [["--help"], ["--no-such-option"], ["-q"]])
@pytest.mark.parametrize("command", COMMANDS)
def test_a_command_built_alone_behaves_as_in_the_whole_application(
    command: str, args: list[str]
) -> None:
    alone = app_for([command, *args])
    assert [command_name(info) for info in alone.registered_commands] == [command]
    runner = CliRunner()
    runs = [
        runner.invoke(application, [command, *args], prog_name="socialmaturity")
        for application in (app, alone)
    ]
    assert runs[0].exit_code == runs[1].exit_code
    assert runs[0].output == runs[1].output


@pytest.mark.parametrize("args", [[], ["--help"], ["scor"], ["--version"], ["-h", "score"]])
def test_anything_but_a_command_name_first_gets_the_whole_application(args: list[str]) -> None:
    assert app_for(args) is app


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command: str) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"`socialmaturity {command}\b", readme)


def test_unknown_command_and_option_are_usage_errors() -> None:
    assert run_cli("frobnicate").code == 2
    assert run_cli("list", "--frobnicate").code == 2
    assert run_cli("score", "x.yaml", "--format", "xml").code == 2
    assert run_cli("schema", "xml").code == 2
    assert run_cli("score", "x.yaml", "--jobs", "-1").code == 2


def test_list_shows_bundled_questionnaires() -> None:
    run = run_cli("list")
    assert run.code == 0, run.stderr
    assert "social-maturity " in run.stdout and "social-maturity-quick" in run.stdout
    assert "bundled" in run.stdout


def test_list_includes_socialmaturity_path_and_reports_broken_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    good = (REPO / "questionnaires" / "social-maturity-quick.yaml").read_text(encoding="utf-8")
    (tmp_path / "mine.yaml").write_text(
        good.replace("id: social-maturity-quick", "id: my-model"), encoding="utf-8"
    )
    (tmp_path / "broken.yml").write_text("id: [\n", encoding="utf-8")
    run = run_cli("list", "--format", "json", env={"SOCIALMATURITY_PATH": str(tmp_path)})
    assert '"id": "my-model"' in run.stdout
    assert '"source": "SOCIALMATURITY_PATH"' in run.stdout
    assert re.search(r"broken\.yml:\d+:\d+: error:", run.stderr)
    assert run.code == 0  # passed over, as when a response looks for its questionnaire


def test_python_dash_m() -> None:
    assert run_process("--help").code == 0


def test_shipped_schemas_match_the_models() -> None:
    for kind in ("questionnaire", "response", "translation"):
        shipped = (REPO / "questionnaires" / "schemas" / f"{kind}.schema.json").read_text(
            encoding="utf-8"
        )
        assert run_cli("schema", kind).stdout == shipped, f"regenerate {kind}.schema.json"


def test_bundled_questionnaires_point_at_the_schema() -> None:
    for path in (REPO / "questionnaires").glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = "translation" if path.stem.count(".") else "questionnaire"
        assert first == f"# yaml-language-server: $schema=schemas/{kind}.schema.json", path


@pytest.mark.parametrize("args", [("score", "--help"), ("report", "--help"), ("--help",)])
def test_a_command_line_that_reads_no_file_imports_no_pydantic(args: tuple[str, ...]) -> None:
    """Importing pydantic costs more than importing Typer; Typer 0.29 would import it for its
    options (pyproject.toml keeps Typer below 0.29). Only reading a questionnaire needs it."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "socialmaturity", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert "pydantic" not in imported and "yaml" not in imported


@pytest.mark.parametrize(
    ("command", "argument"),
    [
        ("validate", "PATH"),
        ("lint", "PATH"),
        ("migrate", "FILE"),
        ("score", "PATH"),
        ("report", "FILE"),
        ("trend", "PATH"),
        ("check", "PATH"),
    ],
)
def test_a_command_that_takes_several_files_says_so_in_its_usage(
    command: str, argument: str
) -> None:
    """SPEC section 4 writes ``PATH...``: the usage line shows that more than one is taken."""
    usage = run_cli(command, "--help").stdout.strip().splitlines()[0]
    assert f"{argument}..." in usage, usage


def test_help_and_version_do_not_import_the_engine() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from socialmaturity.cli import main; sys.argv=['socialmaturity','--version']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pydantic', 'jinja2', 'yaml', 'socialmaturity.engine.scoring') "
        "if m in sys.modules]\n"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("[]"), out.stdout

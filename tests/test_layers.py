"""The package's layers import only downward (src/socialmaturity/__init__.py draws them)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "socialmaturity"

#: Each layer and the layers it may import (itself included).
BOTTOM = {"bottom"}
ALLOWED: dict[str, set[str]] = {
    "bottom": BOTTOM,
    "model": BOTTOM | {"model"},
    "engine": BOTTOM | {"model", "engine"},
    "render": BOTTOM | {"model", "engine", "render"},
    "interview": BOTTOM | {"model", "engine", "interview"},
    "commands": BOTTOM | {"model", "engine", "render", "interview", "commands"},
    "cli": BOTTOM | {"model", "engine", "render", "interview", "commands", "cli"},
}
SUBPACKAGES = {"model", "engine", "render", "interview", "commands"}
BOTTOM_MODULES = {
    "socialmaturity",
    "errors",
    "files",
    "i18n",
    "locks",
    "resources",
    "signals",
    "terminal",
}


def layer_of(module: str) -> str:
    """The layer of a dotted module name inside the package."""
    parts = module.split(".")
    assert parts[0] == "socialmaturity", module
    head = parts[1] if len(parts) > 1 else "socialmaturity"
    if head in SUBPACKAGES:
        return head
    if head in {"cli", "__main__", "entry"}:
        return "cli"
    if head in BOTTOM_MODULES:
        return "bottom"
    raise AssertionError(f"{module} belongs to no layer: place it in one and in this test")


def imported_modules(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """Every module of the package that `source` imports, anywhere (functions included)."""
    found: list[tuple[int, str]] = []
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # `from socialmaturity import commands` imports the subpackage itself
            found += [(node.lineno, f"{target}.{a.name}") for a in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] == "socialmaturity"]


def is_module(name: str) -> bool:
    """Whether a dotted name (perhaps ``package.attribute``) names a module of the package."""
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def violations(sources: dict[str, tuple[str, bool]]) -> list[str]:
    """Imports that run upward or sideways, as 'module:line imports target (a -> b)'."""
    found = []
    for module, (source, is_package) in sorted(sources.items()):
        mine = layer_of(module)
        for line, target in imported_modules(source, module, is_package):
            if not is_module(target):
                continue  # an attribute: its module is listed on its own
            theirs = layer_of(target)
            if theirs not in ALLOWED[mine]:
                found.append(f"{module}:{line} imports {target} ({mine} -> {theirs})")
    return found


def package_sources() -> dict[str, tuple[str, bool]]:
    sources = {}
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(relative.parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        sources[".".join(parts)] = (path.read_text(encoding="utf-8"), is_package)
    return sources


def test_every_module_belongs_to_a_layer() -> None:
    for module in package_sources():
        layer_of(module)


def test_imports_run_only_downward() -> None:
    assert violations(package_sources()) == []


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        (
            "socialmaturity.engine.scoring",
            "from socialmaturity.render.records import result_record\n",
            "engine -> render",
        ),
        (
            "socialmaturity.model.catalog",
            "def f():\n    from ..engine import scoring\n",
            "model -> engine",
        ),
        (
            "socialmaturity.render.report",
            "import socialmaturity.interview.session\n",
            "render -> interview",
        ),
        ("socialmaturity.errors", "from socialmaturity import cli\n", "bottom -> cli"),
    ],
)
def test_an_upward_import_is_found(module: str, source: str, expected: str) -> None:
    found = violations({module: (source, False)})
    assert found and all(expected in line for line in found)


def test_downward_imports_pass() -> None:
    source = "from socialmaturity.model.questionnaire import Question\nfrom . import scoring\n"
    assert violations({"socialmaturity.engine.explain": (source, False)}) == []


def import_cycles(sources: dict[str, tuple[str, bool]]) -> list[list[str]]:
    """Cycles among the imports that run (type-checking imports left out), each once."""
    graph: dict[str, set[str]] = {}
    for module, (source, is_package) in sources.items():
        runtime = _without_type_checking_blocks(source)
        graph[module] = {
            target
            for _, target in imported_modules(runtime, module, is_package)
            if target in sources and target != module
        }
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                found.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, path)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [])
    return found


def _without_type_checking_blocks(source: str) -> str:
    tree = ast.parse(source)
    kept = [
        node
        for node in tree.body
        if not (isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test))
    ]
    return ast.unparse(ast.Module(body=kept, type_ignores=[]))


def test_no_module_imports_itself_through_others() -> None:
    assert import_cycles(package_sources()) == []


def test_a_cycle_is_found() -> None:
    sources = {
        "socialmaturity.cli": ("from socialmaturity import entry\n", True),
        "socialmaturity.entry": ("def main():\n    from socialmaturity.cli import app\n", False),
    }
    assert import_cycles(sources) == [
        ["socialmaturity.cli", "socialmaturity.entry", "socialmaturity.cli"]
    ]


def test_every_module_is_small() -> None:
    """Small modules of one concern: over 500 lines, a module is doing two things."""
    long = {m: s.count("\n") for m, (s, _) in package_sources().items() if s.count("\n") > 500}
    assert long == {}

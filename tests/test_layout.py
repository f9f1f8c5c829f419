"""The house keeps its shape: imports run one way through the stages, and the architecture page
names every folder (issue 11; docs/explanation/architecture.md)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "skilleco"
PAGE = ROOT / "docs" / "explanation" / "architecture.md"

BASE = ("_version", "exceptions", "ladder", "_present")
"""Top-level modules every stage may import (the version, the one error tree, the grades, the hook)."""
STAGES = (
    "models",
    "standards",
    "facts",
    "rules",
    "policy",
    "decisions",
    "engine",
    "questions",
    "population",
    "columnar",
    "whatif",
    "render",
    "cli",
)
"""The stages in import order: a module may import from its own stage or an earlier one, never a later
one. ``decisions`` (the values) sits before ``engine``, which builds them; ``standards`` arrives with
the occupational standards; ``render`` and ``cli`` are leaves."""
LEAVES = ("testing", "__main__", "")
"""Outside the order: the public face (``skilleco``), ``python -m skilleco`` and the test strategies
import from the stages, and no stage imports them."""
DATA = ("examples",)
"""Folders of data only (the bundled example subjects)."""


def _modules() -> dict[str, Path]:
    out = {}
    for f in PACKAGE.rglob("*.py"):
        parts = f.relative_to(PACKAGE).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = f
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> Iterator[tuple[int, str]]:
    """The package modules ``name`` imports, anywhere in it (under TYPE_CHECKING and in functions too)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    if name == "":
        package = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            elif (node.module or "").split(".")[0] == "skilleco":
                module = (node.module or "").removeprefix("skilleco").lstrip(".")
            else:
                continue
            for alias in node.names:
                sub = f"{module}.{alias.name}".lstrip(".")
                yield node.lineno, sub if sub in MODULES else module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "skilleco":
                    yield node.lineno, alias.name.removeprefix("skilleco").lstrip(".")


GRAPH = {name: {t for _, t in _imports(name, path) if t != name} for name, path in MODULES.items()}


def _stage(module: str) -> str:
    return module.split(".")[0]


def test_every_module_has_a_place() -> None:
    """Each module is a base module, in a stage folder, a leaf, or data: nothing sits outside the map."""
    known = {*BASE, *STAGES, *LEAVES, *DATA}
    assert sorted({_stage(m) for m in MODULES} - known) == []


def test_imports_run_down_the_stages() -> None:
    """No module imports from a later stage, from a leaf, or from the public face."""
    bad = []
    for name, targets in GRAPH.items():
        here = _stage(name)
        for target in targets:
            there = _stage(target)
            if there in LEAVES and here != there and name not in ("", "__main__"):
                bad.append(f"{name} -> {target or 'skilleco'}")
            elif there in STAGES and (here in BASE or (here in STAGES and STAGES.index(there) > STAGES.index(here))):
                bad.append(f"{name} -> {target}")
    assert bad == []


def test_no_import_cycles() -> None:
    """No module reaches itself through imports, not even through TYPE_CHECKING or function-level ones."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in GRAPH[v]:
            if w not in GRAPH:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in GRAPH:
        if v not in index:
            visit(v)
    assert cycles == []


def test_values_never_import_a_renderer() -> None:
    """Only render/ itself, the command and the hook name the render folder (values go through _present)."""
    users = sorted(n for n, t in GRAPH.items() if any(_stage(x) == "render" for x in t))
    assert [n for n in users if _stage(n) not in ("render", "cli")] == []


def test_modules_stay_readable() -> None:
    """No module passes ~450 lines; the top holds only a handful of modules."""
    long = {n: len(p.read_text(encoding="utf-8").splitlines()) for n, p in MODULES.items()}
    assert {n: k for n, k in long.items() if k > 450} == {}
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 7, top


def test_the_architecture_page_names_every_folder() -> None:
    """docs/explanation/architecture.md's folder map lists exactly the folders of src/skilleco, in import order."""
    text = PAGE.read_text(encoding="utf-8")
    block = re.search(r"```text\nsrc/skilleco/\n(.*?)```", text, re.DOTALL)
    assert block is not None
    listed = re.findall(r"^  ([a-z_]+)/", block.group(1), re.MULTILINE)
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file())
    assert sorted(listed) == folders
    assert [f for f in listed if f in STAGES] == [s for s in STAGES if s in listed]


@pytest.mark.parametrize("stage", [s for s in STAGES if (PACKAGE / s).is_dir()])
def test_each_stage_folder_has_a_face(stage: str) -> None:
    """Each stage folder's __init__ says what the stage is (its docstring is the room's sign)."""
    tree = ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8"))
    assert ast.get_docstring(tree)

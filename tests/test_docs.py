"""Code blocks in README.md and docs/ run as tests, so the docs cannot drift from the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FILES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def _blocks() -> list[tuple[str, str]]:
    out = []
    for f in FILES:
        for i, block in enumerate(BLOCK.findall(f.read_text(encoding="utf-8"))):
            out.append((f"{f.relative_to(ROOT)}#{i}", block))
    return out


@pytest.mark.parametrize(("where", "code"), _blocks(), ids=[w for w, _ in _blocks()])
def test_code_block_runs(where: str, code: str) -> None:
    """Each Python code block in the docs runs without error (its asserts are the checks)."""
    exec(compile(code, where, "exec"), {"__name__": "__docs__"})  # running our own docs is the point


def test_doctests_in_public_modules() -> None:
    """The examples in module docstrings hold."""
    import doctest

    import skilleco
    from skilleco import facts, ladder, policy, rules

    for mod in (skilleco, facts, ladder, policy, rules):
        result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, mod.__name__


def test_generated_pages_are_current() -> None:
    """docs/reference pages generated from the code match what the generator writes now."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("docs_generate", ROOT / "docs" / "_generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, make in module.PAGES.items():
        assert (ROOT / "docs" / name).read_text(encoding="utf-8") == make(), (
            f"run python docs/_generate.py ({name})"
        )

"""Code blocks in README.md and docs/ run as tests, so the docs cannot drift from the code."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

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
    from skilleco.columnar import distributed_records
    from skilleco.facts import spec
    from skilleco.policy import policy as policy_module
    from skilleco.population import record_files
    from skilleco.rules import rule

    modules = (skilleco, facts, spec, ladder, policy, policy_module, rules, rule)
    for mod in (*modules, record_files, distributed_records):
        result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, mod.__name__


def _generator() -> Any:
    """docs/_generate.py, loaded as a module (docs/ is not a package)."""
    spec = importlib.util.spec_from_file_location("docs_generate", ROOT / "docs" / "_generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_pages_are_current() -> None:
    """docs/reference pages generated from the code match what the generator writes now."""
    for name, make in _generator().PAGES.items():
        assert (ROOT / "docs" / name).read_text(encoding="utf-8") == make(), (
            f"run python docs/_generate.py ({name})"
        )


POLICY_REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "policy"
RULE_ID = re.compile(r"`([a-z][a-z0-9_]*(?:\.[a-z0-9_\-]+){2,})`")


def test_rules_reference_lists_every_rule_id_of_the_policy_reference() -> None:
    """Every rule id named in the policy reference (shared/policy/*.md) has an entry in the generated rules reference."""
    if not POLICY_REFERENCE.is_dir():
        pytest.skip(f"the policy reference is not beside the repository ({POLICY_REFERENCE} is absent)")
    named = {m for f in POLICY_REFERENCE.glob("*.md") for m in RULE_ID.findall(f.read_text(encoding="utf-8"))}
    assert len(named) > 50, "the rule-id pattern no longer matches the policy reference"
    pages = {name: make() for name, make in _generator().PAGES.items() if name.startswith("reference/rules/")}
    entries = {m for text in pages.values() for m in re.findall(r"\{ #([^ }]+) \}", text)}
    assert sorted(named - entries) == []


def test_rules_reference_has_a_page_per_shipped_policy() -> None:
    """The generated rules reference has one page per shipped policy, and each names every rule and parameter of it."""
    import skilleco

    pages = _generator().PAGES
    for policy_id in skilleco.list_policies():
        policy = skilleco.load_policy(policy_id)
        text = pages[f"reference/rules/{policy_id}.md"]()
        assert all(f"`{rule_id}`" in text for rule_id in policy.rules), policy_id
        assert all(f"`{name}`" in text for name in policy.parameters), policy_id


def test_every_public_module_has_an_api_page() -> None:
    """Each public module of the package is rendered by mkdocstrings on its own API reference page."""
    import pkgutil

    import skilleco

    # A public module is a top-level module or a stage folder whose face lists __all__, or a module
    # the docs name by its path (the four below); data folders (examples) list nothing. The command
    # is documented in how-to/use-the-command.md.
    modules = {
        m.name
        for m in pkgutil.iter_modules(skilleco.__path__)
        if m.name[0] != "_" and hasattr(importlib.import_module(f"skilleco.{m.name}"), "__all__")
    }
    modules |= {"render.charts", "population.synthetic", "columnar.distributed", "decisions.schema"}
    modules -= {"cli"}
    pages = {
        p.stem: p.read_text(encoding="utf-8") for p in (ROOT / "docs" / "reference" / "api").glob("*.md")
    }
    assert sorted(modules - set(pages)) == []
    assert all(f"::: skilleco.{name}\n" in text for name, text in pages.items())
    assert "::: skilleco\n" in (ROOT / "docs" / "reference" / "api.md").read_text(encoding="utf-8")


def test_repository_files_are_relinked_for_the_site() -> None:
    """Links in CHANGELOG.md and SECURITY.md become site links when the page exists, else repository paths in text."""
    spec = importlib.util.spec_from_file_location("docs_hooks", ROOT / "docs" / "_hooks.py")
    if spec is None or spec.loader is None or importlib.util.find_spec("mkdocs") is None:
        pytest.skip("mkdocs is not installed (the docs extra)")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    text = "[a](docs/x.md#b) [docs/y.md](docs/y.md) [e](examples/service/app.py) [w](https://x.org) [s](#t)"
    assert hooks.relink(text, {"x.md"}) == (
        "[a](x.md#b) `docs/y.md` e (`examples/service/app.py` in the repository) [w](https://x.org) [s](#t)"
    )


def test_docstring_markup_is_rewritten_for_the_site() -> None:
    """The API reference shows `Example:` sections as examples and Sphinx roles as inline code."""
    if importlib.util.find_spec("griffe") is None:
        pytest.skip("griffe is not installed (the docs extra)")
    spec = importlib.util.spec_from_file_location("docs_griffe", ROOT / "docs" / "_griffe.py")
    assert spec is not None
    assert spec.loader is not None
    markup = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(markup)
    text = "Use :func:`load_policy` or :class:`~skilleco.decisions.Decision`.\n\nExample:\n    >>> 1\n    1"
    assert markup.rewrite(text) == "Use `load_policy` or `Decision`.\n\nExamples:\n    >>> 1\n    1"

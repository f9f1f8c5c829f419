"""Code blocks in README.md and docs/ run as tests, so the docs cannot drift from the code.

Every ```python block of a docs page is followed by its output, a ```text title="Output" block:
the test runs the block (in a scratch directory), captures what it prints and compares it with the
page. Pictures on the pages (``![...](../images/NAME.png)``) are PNG files that a block writes as
``NAME.png``; the committed copies live in docs/images/. After a change that moves an output, run

    pytest tests/test_docs.py --update-docs

which rewrites the Output blocks and the pictures from a fresh run (review the diff, then commit).
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
IMAGES = DOCS / "images"
FILES = [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]
BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)

OUTPUT_FENCE = '```text title="Output"'
_PYTHON = re.compile(r"^```python\n(.*?)^```\n", re.DOTALL | re.MULTILINE)
_OUTPUT = re.compile(r"\n*" + re.escape(OUTPUT_FENCE) + r"\n(.*?)^```\n", re.DOTALL | re.MULTILINE)
_IMAGE = re.compile(r"!\[[^\]]*\]\(((?:\.\./)*images/([^)\s/]+\.png))\)")


@dataclass(frozen=True)
class Example:
    """A ```python block of a page and the Output block after it (``output`` is None without one)."""

    index: int
    code: str
    output: str | None
    span: tuple[int, int]  # the Output block's place: where it is, or where it goes


def examples(text: str) -> list[Example]:
    """The python blocks of a page, in order, each with the Output block that follows it."""
    found = []
    for i, m in enumerate(_PYTHON.finditer(text)):
        out = _OUTPUT.match(text, m.end())
        if out is None:
            found.append(Example(i, m.group(1), None, (m.end(), m.end())))
        else:
            found.append(Example(i, m.group(1), out.group(1), (m.end(), out.end())))
    return found


def normal(text: str) -> str:
    """Output as a page shows it: no trailing spaces, no blank lines at either end."""
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "".join(f"{line}\n" for line in lines)


def with_output(text: str, index: int, output: str) -> str:
    """``text`` with the Output block of its ``index``-th python block set to ``output``."""
    start, end = examples(text)[index].span
    rest = text[end:]
    block = f"\n{OUTPUT_FENCE}\n{output}```\n"
    return text[:start] + block + ("" if rest.startswith("\n") or not rest else "\n") + rest


@functools.cache
def _generated() -> frozenset[Path]:
    return frozenset(DOCS / name for name in _generator().PAGES)


def shown_pages() -> list[Path]:
    """The docs pages whose python blocks must show their output (all but the generated pages)."""
    generated = _generated()
    return [f for f in FILES if f.is_relative_to(DOCS) and f not in generated]


def _blocks() -> list[tuple[str, str]]:
    out = []
    for f in FILES:
        for i, block in enumerate(BLOCK.findall(f.read_text(encoding="utf-8"))):
            out.append((f"{f.relative_to(ROOT)}#{i}", block))
    return out


def _pictures() -> dict[str, list[tuple[Path, str]]]:
    """Picture name -> the pages that show it, with the link as written."""
    found: dict[str, list[tuple[Path, str]]] = {}
    for page in shown_pages():
        for link, name in _IMAGE.findall(page.read_text(encoding="utf-8")):
            found.setdefault(name, []).append((page, link))
    return found


def _check_png(path: Path) -> None:
    from PIL import Image

    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    assert 5_000 < len(data) < 150_000, f"{path.name}: {len(data):,} bytes (a real chart, kept small)"
    with Image.open(path) as image:
        assert image.width > 300 and image.height > 200, (path.name, image.size)


@pytest.mark.parametrize(("where", "code"), _blocks(), ids=[w for w, _ in _blocks()])
def test_code_block_runs(
    where: str, code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """Each Python code block in the docs runs without error (its asserts are the checks) and prints
    what its page shows after it; a picture it writes is the one the pages show."""
    monkeypatch.chdir(tmp_path)  # files a block writes (charts) land in a scratch directory
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, where, "exec"), {"__name__": "__docs__"})  # running our own docs is the point
    output = normal(printed.getvalue())

    name, _, index = where.rpartition("#")
    page = ROOT / name
    update = bool(request.config.getoption("--update-docs"))
    pictures = _pictures()
    for made in sorted(tmp_path.glob("*.png")):
        if made.name in pictures:
            _check_png(made)
            if update:
                IMAGES.mkdir(exist_ok=True)
                shutil.copyfile(made, IMAGES / made.name)

    text = page.read_text(encoding="utf-8")
    example = examples(text)[int(index)]
    assert example.code == code
    if page not in shown_pages() and example.output is None:
        return  # README.md: blocks show an output where one is written
    assert output, f"{where} prints nothing: print the result it shows (a decision's .text(), a table)"
    assert "```" not in output, where
    if update:
        if example.output != output:
            page.write_text(with_output(text, int(index), output), encoding="utf-8")
        return
    assert example.output is not None, (
        f"{where} has no Output block: run pytest tests/test_docs.py --update-docs"
    )
    assert example.output == output, (
        f"{where}: the page shows another output; run pytest tests/test_docs.py --update-docs"
    )


def test_every_example_shows_its_output() -> None:
    """Every python block of a docs page is followed by a non-empty Output block (the site shows it)."""
    missing, count = [], 0
    for page in shown_pages():
        for example in examples(page.read_text(encoding="utf-8")):
            count += 1
            if not (example.output or "").strip():
                missing.append(f"{page.relative_to(ROOT)}#{example.index}")
    assert missing == [], "run pytest tests/test_docs.py --update-docs"
    assert count > 40


def test_pages_show_pictures_made_by_their_examples() -> None:
    """At least three pictures are shown; each exists in docs/images as a real PNG chart, is linked
    right from each page, and is written by a python block of the docs (so --update-docs remakes it)."""
    pytest.importorskip("PIL")
    pictures = _pictures()
    assert len(pictures) >= 3, sorted(pictures)
    codes = [code for page in shown_pages() for code in BLOCK.findall(page.read_text(encoding="utf-8"))]
    for name, shown in sorted(pictures.items()):
        assert (IMAGES / name).is_file(), (
            f"docs/images/{name} is missing: run pytest tests/test_docs.py --update-docs"
        )
        _check_png(IMAGES / name)
        for page, link in shown:
            assert (page.parent / link).resolve() == (IMAGES / name).resolve(), (page, link)
        assert any(f'"{name}"' in code for code in codes), f"no docs example writes {name}"
    assert sorted(p.name for p in IMAGES.glob("*")) == sorted(pictures), (
        "docs/images holds only shown pictures"
    )


def test_output_blocks_are_rewritten_in_place() -> None:
    """--update-docs puts an Output block after its python block, or replaces the one there."""
    page = "Text.\n\n```python\nprint(1)\n```\n\nMore.\n\n```python\nprint(2)\n```\nEnd.\n"
    once = with_output(with_output(page, 0, "1\n"), 1, "2\n")
    assert once == (
        'Text.\n\n```python\nprint(1)\n```\n\n```text title="Output"\n1\n```\n\nMore.\n\n'
        '```python\nprint(2)\n```\n\n```text title="Output"\n2\n```\n\nEnd.\n'
    )
    assert [e.output for e in examples(once)] == ["1\n", "2\n"]
    assert with_output(once, 0, "one\n") == once.replace("\n1\n", "\none\n")
    assert normal("  \n a  \n\n b\n\n") == " a\n\n b\n"


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


def test_the_build_warns_of_an_example_without_output() -> None:
    """docs/_hooks.py finds a python block with no Output block (or an empty one): --strict fails on it."""
    spec = importlib.util.spec_from_file_location("docs_hooks", ROOT / "docs" / "_hooks.py")
    if spec is None or spec.loader is None or importlib.util.find_spec("mkdocs") is None:
        pytest.skip("mkdocs is not installed (the docs extra)")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    shown = with_output("```python\nprint(1)\n```\n", 0, "1\n")
    empty = f"```python\npass\n```\n\n{OUTPUT_FENCE}\n```\n"
    assert hooks.without_output(shown + "```python\nx = 1\n```\n" + shown + empty) == [1, 3]
    bare = [p.name for p in shown_pages() if hooks.without_output(p.read_text(encoding="utf-8"))]
    assert bare == [], "run pytest tests/test_docs.py --update-docs"

"""MkDocs hooks (`hooks:` in mkdocs.yml): generated pages are made afresh at every build.

- Every page of `docs/_generate.py` (the rules reference, facts, JSON Schemas) is generated from the
  installed package and replaces the committed copy in the build, so the site never serves a stale
  page even if someone forgot to run the generator (the tests catch that for the repository).
- Repository files that live outside docs/ (CHANGELOG.md, SECURITY.md) become pages of the site.
  Their links are rewritten for their new place: `docs/x.md` becomes `x.md` when that page exists;
  any other relative link is turned into its repository path in text, so `--strict` stays strict.
- Every ```python block of a page shows its output: a ```text title="Output" block right after it
  (written by `pytest tests/test_docs.py --update-docs`). A block without one is a build warning,
  so `mkdocs build --strict` fails on it.
"""

from __future__ import annotations

import importlib.util
import logging
import re
from pathlib import Path
from types import ModuleType
from typing import Any

from mkdocs.structure.files import File, Files

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent

API_DIR = "reference/api"
"""``reference/api.md`` documents the package; ``reference/api/<module>.md`` each public module."""

INCLUDED = {"changelog.md": "CHANGELOG.md", "security.md": "SECURITY.md"}
"""Site page -> repository file placed at the root of the site."""

_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_PYTHON = re.compile(r"^```python\n.*?^```\n", re.DOTALL | re.MULTILINE)
_OUTPUT = re.compile(r'\n*```text title="Output"\n(.*?)^```\n', re.DOTALL | re.MULTILINE)

log = logging.getLogger("mkdocs.hooks.skilleco")  # under "mkdocs": a warning fails --strict


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_generate", DOCS / "_generate.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {DOCS / '_generate.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _put(files: Files, config: Any, name: str, content: str) -> None:
    old = files.get_file_from_path(name)
    if old is not None:
        files.remove(old)
    files.append(File.generated(config, name, content=content))


def relink(text: str, pages: set[str]) -> str:
    """Rewrite the links of a repository-root file for a page at the root of the site."""

    def fix(m: re.Match[str]) -> str:
        label, target = m.group(1), m.group(2)
        if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            return m.group(0)  # an absolute URL or an anchor on the same page
        path, _, anchor = target.partition("#")
        inside = path.removeprefix("docs/")
        if path.startswith("docs/") and inside in pages:
            return f"[{label}]({inside}{'#' + anchor if anchor else ''})"
        if label.strip("`") == path:
            return f"`{path}`"
        return f"{label} (`{path}` in the repository)"

    return _LINK.sub(fix, text)


def without_output(markdown: str) -> list[int]:
    """The (0-based) python blocks of a page not followed by a non-empty Output block."""
    missing = []
    for i, block in enumerate(_PYTHON.finditer(markdown)):
        output = _OUTPUT.match(markdown, block.end())
        if output is None or not output.group(1).strip():
            missing.append(i)
    return missing


def _expand(nav: list[Any], index: str, pages: list[dict[str, str]]) -> None:
    """Replace the nav entry ``{title: index}`` by a section of ``index`` and ``pages``."""
    for i, item in enumerate(nav):
        if isinstance(item, dict):
            for title, value in item.items():
                if value == index:
                    nav[i] = {title: [index, *pages]}
                elif isinstance(value, list):
                    _expand(value, index, pages)


def on_config(config: Any) -> Any:
    """List one rules page per shipped policy and one API page per module file in the nav, so a new
    pack or module page needs no edit of mkdocs.yml."""
    rules = _generator().rules_pages()
    index = next(name for name in rules if name.endswith("/index.md"))
    policies = [{Path(name).stem: name} for name in rules if name != index]
    _expand(config["nav"], index, policies)
    modules = sorted((DOCS / API_DIR).glob("*.md"))
    _expand(config["nav"], f"{API_DIR}.md", [{f"skilleco.{p.stem}": f"{API_DIR}/{p.name}"} for p in modules])
    return config


def on_files(files: Files, config: Any) -> Files:
    """Replace the generated pages by fresh ones and add the repository's own pages."""
    for name, make in _generator().PAGES.items():
        _put(files, config, name, make())
    pages = {f.src_uri for f in files}
    for name, source in INCLUDED.items():
        _put(files, config, name, relink((ROOT / source).read_text(encoding="utf-8"), pages))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    """Warn of a python block that does not show its output (a failure under ``--strict``)."""
    missing = without_output(markdown)
    if missing:
        blocks = ", ".join(f"#{i}" for i in missing)
        log.warning(
            "%s: python block(s) %s show no output; run pytest tests/test_docs.py --update-docs",
            page.file.src_uri,
            blocks,
        )
    return markdown

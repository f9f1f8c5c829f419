"""A griffe extension for the API reference (`extensions:` in mkdocs.yml).

It changes only what the docs site shows, never the source:

- The docstrings head their doctests ``Example:`` (singular), which griffe's Google parser reads as
  an admonition, so the ``>>>`` lines would render as nested block quotes and a ``[...][:2]`` in
  them as a broken link. Read as ``Examples:`` they render as highlighted console code.
- Sphinx roles (``:func:`load_policy```, ``:class:`~skilleco.decisions.Decision```) mean nothing
  to Markdown; they are shown as inline code with the name as written (the last part after ``~``).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_EXAMPLE = re.compile(r"^(\s*)Example:[ \t]*$", re.MULTILINE)
_ROLE = re.compile(r":(?:py:)?(?:func|meth|class|attr|data|mod|exc|obj|const):`(~?)([^`]+)`")


def _role(m: re.Match[str]) -> str:
    name = m.group(2).rsplit(".", 1)[-1] if m.group(1) else m.group(2)
    return f"`{name}`"


def rewrite(docstring: str) -> str:
    """The docstring as the site shows it."""
    return _ROLE.sub(_role, _EXAMPLE.sub(r"\1Examples:", docstring))


class DocstringMarkup(griffe.Extension):
    """Rewrite ``Example:`` headings and Sphinx roles in every docstring as it is loaded."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Rewrite the docstring of each object as it is loaded."""
        if obj.docstring is not None:
            obj.docstring.value = rewrite(obj.docstring.value)

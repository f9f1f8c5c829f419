"""How a value shows itself without importing a renderer.

Values (decisions, policies, comparisons, sweeps) sit in early stages of the flow; every human-facing
form of them lives in :mod:`skilleco.render`, the last stage, which imports the values. A value's
``text()``, ``markdown()``, ``_repr_html_()``, ``plot()`` and ``save_chart()`` call the functions
here, which look the renderer up by its module name when first asked, so no value module imports a
renderer and ``import skilleco`` loads no presenter.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from matplotlib.figure import Figure

Form = Literal["text", "markdown", "html"]
"""The text forms of a value."""

_RENDER = "skilleco.render"


def _present(value: object, form: str, options: dict[str, Any]) -> object:
    return import_module(_RENDER).present(value, form, **options)


def text(value: object, form: Form, **options: Any) -> str:
    """``value`` as plain text, Markdown or HTML (``options``: ``lang``, and ``top`` for comparisons)."""
    out = _present(value, form, options)
    if not isinstance(out, str):  # a renderer bug, not bad input
        raise TypeError(f"the {form} renderer of {type(value).__name__} returned {type(out).__name__}")
    return out


def figure(value: object, **options: Any) -> Figure:
    """``value`` drawn as a chart (the ``plot`` extra)."""
    return _present(value, "plot", options)  # type: ignore[return-value]  # Figure only exists with matplotlib


def chart_file(value: object, path: str | Path, **options: Any) -> Path:
    """``value`` drawn as a chart and saved to ``path`` (``.png`` or ``.svg``); returns the path."""
    out = _present(value, "chart_file", {"path": path, **options})
    if not isinstance(out, Path):
        raise TypeError(f"the chart writer of {type(value).__name__} returned {type(out).__name__}")
    return out

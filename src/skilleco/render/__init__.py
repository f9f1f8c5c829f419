"""Every human-facing form of skilleco's values: text (zh, en), Markdown, HTML, charts.

The values (decisions, policies, comparisons, sweeps) never import this folder: their ``text()``,
``markdown()``, ``_repr_html_()``, ``plot()`` and ``save_chart()`` go through
:mod:`skilleco._present`, which calls :func:`present` here. Charts for plain data are in
:mod:`skilleco.render.charts` (the ``plot`` extra).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..decisions import Decision, EditionComparison, ExitReport, GradeProfile
from ..decisions.career_plan import Plan
from ..policy.policy import Policy
from ..whatif.comparison import Comparison
from ..whatif.sweep import Sweep
from . import decisions as _d
from . import plans as _pl
from . import plots as _p
from . import whatif as _w

Presenter = Callable[..., Any]

_FORMS: Mapping[type, Mapping[str, Presenter]] = MappingProxyType(
    {
        Decision: {"text": _d.decision_text, "markdown": _d.decision_markdown, "html": _d.decision_html},
        GradeProfile: {"text": _d.profile_text, "html": _d.profile_html},
        ExitReport: {
            "text": _d.exit_report_text,
            "markdown": _d.exit_report_markdown,
            "html": _d.exit_report_html,
        },
        EditionComparison: {
            "text": _d.comparison_text,
            "markdown": _d.comparison_markdown,
            "html": _d.comparison_html,
        },
        Plan: {"text": _pl.plan_text, "markdown": _pl.plan_markdown, "html": _pl.plan_html},
        Policy: {"html": _d.policy_html},
        Comparison: {
            "text": _w.comparison_text,
            "markdown": _w.comparison_markdown,
            "html": _w.comparison_html,
            "plot": _p.comparison_plot,
        },
        Sweep: {
            "text": _w.sweep_text,
            "markdown": _w.sweep_markdown,
            "html": _w.sweep_html,
            "plot": _p.sweep_plot,
        },
    }
)


def present(value: object, form: str, **options: Any) -> object:
    """``value`` in ``form`` (``text``, ``markdown``, ``html``, ``plot`` or ``chart_file``).

    ``options`` are the presenter's own: ``lang`` for text and charts, ``top`` for a comparison's
    text, ``kind`` and ``by`` for a comparison's chart, ``path`` for ``chart_file``.
    """
    if form == "chart_file":
        path: str | Path = options.pop("path")
        return _p.save(_FORMS[type(value)]["plot"](value, **options), path)
    return _FORMS[type(value)][form](value, **options)

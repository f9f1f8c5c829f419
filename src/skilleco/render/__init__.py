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
from ..whatif.pipeline_result import Pipeline, PipelineComparison
from ..whatif.sweep import Sweep
from . import decisions as _d
from . import pipelines as _pp
from . import plans as _pl
from . import plots as _p
from . import whatif as _w
from .words import Lang

Presenter = Callable[..., Any]


def _pipeline_plot(pipelines: list[Any], lang: Lang) -> Any:
    from .pipeline_chart import pipeline_chart  # matplotlib only when a chart is asked for

    return pipeline_chart(pipelines, lang=lang)


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
        Pipeline: {
            "text": _pp.pipeline_text,
            "markdown": _pp.pipeline_markdown,
            "html": _pp.pipeline_html,
            "plot": lambda p, lang="en": _pipeline_plot([p], lang),
        },
        PipelineComparison: {
            "text": _pp.comparison_text,
            "markdown": _pp.comparison_markdown,
            "html": _pp.comparison_html,
            "plot": lambda c, lang="en": _pipeline_plot([c.baseline, c.reform], lang),
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

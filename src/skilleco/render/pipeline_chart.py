"""The pipeline chart (issue 17): workers first eligible for each certificate grade, month by month
after the date asked about, under one policy or two (the ``plot`` extra).

One colour (and marker) per grade, in ladder order; the baseline is drawn solid and the reform, when
there is one, dashed. The legend names each grade and, below the grades, which line style is which
policy (its ``display_id``). Counts are weighted (workers, not rows) and cumulative: a line never
falls.

Example:
    >>> from skilleco.render.pipeline_chart import pipeline_chart
    >>> fig = pipeline_chart([comparison.baseline, comparison.reform], lang="zh")  # doctest: +SKIP
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

from ..exceptions import InputError
from . import chart_base as base
from .chart_text import count_title, grade_rank
from .words import Lang, grade_name, word

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..whatif.pipeline_result import Pipeline

__all__ = ["GRADE_STYLES", "pipeline_chart"]

GRADE_STYLES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        # grade: (Okabe–Ito colour, marker): lines told apart with colour-vision deficiencies and in grey
        "junior": ("#CC79A7", "v"),
        "intermediate": ("#009E73", "o"),
        "senior": ("#E69F00", "s"),
        "technician": ("#0072B2", "^"),
        "senior_technician": ("#D55E00", "D"),
    }
)
"""The colour and marker of each certificate grade's line (another grade takes a spare style)."""

_STYLES: Mapping[str, Literal["-", "--"]] = MappingProxyType({"baseline": "-", "reform": "--"})
# (line width, opacity) by role when a reform is drawn: the baseline wide and pale under the dashes,
# so a reform line that matches its baseline still shows
_WEIGHTS: Mapping[str, tuple[float, float]] = MappingProxyType(
    {"baseline": (2.8, 0.45), "reform": (1.6, 1.0), "alone": (1.8, 1.0)}
)
_TICK_MONTHS = 12


def _text(key: str, lang: Lang, **fields: object) -> str:
    return word(f"pipeline.chart_{key}", lang, **fields)


def _drawable(x: float) -> float:
    """A count as drawn: a value past the range of a float is missing, not an infinite axis."""
    return x if math.isfinite(x) else math.nan


def _grades(pipelines: Sequence[Pipeline]) -> list[str]:
    """Every grade any pipeline reports, up the ladder."""
    found = {g.grade for p in pipelines for g in p.grades}
    return sorted(found, key=lambda g: (grade_rank(g), g))


def _style(grade: str, index: int) -> tuple[str, str]:
    return GRADE_STYLES.get(grade) or base.OTHER_STYLES[index % len(base.OTHER_STYLES)][:2]


def pipeline_chart(pipelines: Sequence[Pipeline], *, lang: Lang = "en") -> Figure:
    """Weighted workers first eligible for each grade by each look: one line per grade per pipeline.

    Args:
        pipelines: one pipeline, or a baseline and a reform (drawn dashed) over the same looks.
        lang: ``"en"`` or ``"zh"``: grade names, titles and the legend.

    Returns:
        The figure (no pipeline, or no grade to reach: a "No data" chart).

    Raises:
        InputError: more than two pipelines.
    """
    fig, ax = base.new_figure()
    first = pipelines[0] if pipelines else None
    on = first.on.isoformat() if first is not None else "—"
    base.decorate(
        ax,
        title=_text("title", lang, on=on),
        xlabel=_text("months", lang, on=on),
        ylabel=count_title("grade", lang),
    )
    if len(pipelines) > 2:
        raise InputError(
            "arguments",
            [
                {
                    "loc": ("pipelines",),
                    "input": len(pipelines),
                    "type": "too_many_pipelines",
                    "msg": f"expected one pipeline or two (a baseline and a reform), got {len(pipelines)}",
                }
            ],
        )
    grades = _grades(pipelines)
    if first is None or not grades:
        base.no_data(ax, lang)
        return fig
    roles = ("baseline", "reform")[: len(pipelines)]
    labelled: set[str] = set()
    for role, p in zip(roles, pipelines, strict=True):
        for i, g in enumerate(grades):
            try:
                series = p.grade(g)
            except KeyError:  # no worker is below this grade under this policy
                continue
            colour, marker = _style(g, i)
            width, alpha = _WEIGHTS[role if len(roles) > 1 else "alone"]
            label = "_nolegend_" if g in labelled else base.series_label(grade_name(g, lang))
            labelled.add(g)
            ax.plot(
                list(p.months),
                [_drawable(e) for e in series.eligible],
                color=colour,
                marker=marker,
                markevery=[k for k, m in enumerate(p.months) if m % _TICK_MONTHS == 0],
                markersize=5,
                linestyle=_STYLES[role],
                linewidth=width,
                alpha=alpha,
                label=label,
            )
    _axes(ax, first.months)
    base.legend(ax, extra=_policy_keys(pipelines, roles, lang))
    return fig


def _axes(ax: Axes, months: Sequence[int]) -> None:
    """Ticks every 12 months across the looks; whole counts from zero."""
    from matplotlib.ticker import MultipleLocator

    ax.set_xlim(0, max(months[-1], 1))
    ax.xaxis.set_major_locator(MultipleLocator(_TICK_MONTHS))
    base.integer_counts(ax)
    ax.set_ylim(bottom=0)


def _policy_keys(pipelines: Sequence[Pipeline], roles: Sequence[str], lang: Lang) -> list[tuple[Artist, str]]:
    """Legend entries saying which line style is which policy (a grey line of each style)."""
    from matplotlib.lines import Line2D

    weights = {r: _WEIGHTS[r if len(roles) > 1 else "alone"] for r in roles}
    return [
        (
            Line2D(
                [],
                [],
                color=base.CHANGE_COLOUR,
                linestyle=_STYLES[role],
                linewidth=weights[role][0],
                alpha=weights[role][1],
            ),
            base.series_label(_policy_label(p, role if len(roles) > 1 else "", lang)),
        )
        for role, p in zip(roles, pipelines, strict=True)
    ]


def _policy_label(p: Pipeline, role: str, lang: Lang) -> str:
    """``baseline: gd-2025`` / ``基准：gd-2025``; a pipeline drawn alone: ``policy: gd-2025``."""
    if not role:
        return word("chart.policy", lang, policy=p.policy.display_id)
    return _text("line", lang, role=word(f"chart.{role}", lang), policy=p.policy.display_id)

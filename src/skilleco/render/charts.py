"""Charts for what-if comparisons and sweeps, in Chinese or English (the ``plot`` extra).

The functions take plain data — mappings and sequences of numbers — and return a matplotlib
:class:`~matplotlib.figure.Figure` with a title, axis titles with units, a legend, and value labels
with thousands separators. Statuses and grade ids are translated (``review`` → 待复核,
``technician`` → 技师); other labels (regions, policy ids) are shown as given.

Chinese text is drawn with a font that ships with skilleco (a subset of Noto Sans CJK SC, SIL Open
Font License 1.1), so charts render the same on any machine without system CJK fonts. A character
outside that font is drawn as ``□`` and logged on the ``skilleco.render.charts`` logger; the chart never
fails for it. Only the object-oriented matplotlib API is used and no global matplotlib state is
touched, so charts can be drawn in several threads at once.

Example:
    >>> from skilleco.render.charts import counts_chart, save_chart
    >>> fig = counts_chart({"eligible": (120, 150), "ineligible": (80, 50)},
    ...                    baseline_label="gd-2022", reform_label="gd-2025", lang="zh")
    >>> fig.axes[0].get_xlabel()
    '状态'
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..exceptions import InputError
from . import chart_base as base
from . import font as _fonts
from .chart_text import (
    GRADE_GROUPS,
    STATUS_LABELS,
    Lang,
    count_title,
    flips_title,
    grade_rank,
    group_title,
    group_value,
    number,
    status_label,
)
from .words import word

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "CHART_SUFFIXES",
    "MAX_GROUPS",
    "STATUS_LABELS",
    "Lang",
    "counts_chart",
    "flips_chart",
    "save_chart",
    "sweep_chart",
]

CHART_SUFFIXES = (".png", ".svg")
"""The file types :func:`save_chart` writes."""

MAX_GROUPS = 15
"""A flips chart shows at most this many groups; the smallest of the rest are summed as "other"."""

_BAR_GROUP_WIDTH = 0.8


def _bar_layout(groups: int, series: int, values: Iterable[float]) -> tuple[float, bool]:
    """The figure width for bar charts, and whether value labels must stand upright.

    The width (6.4 to 16 inches) leaves each bar room for its value label; labels stand upright
    only when even 16 inches is too narrow.
    """
    longest = max((len(number(v)) for v in values), default=1)
    # About 0.062 inch per character of an 8-point label, plus a little air between labels.
    per_group = max(0.9, series * (0.062 * longest + 0.05) / _BAR_GROUP_WIDTH)
    width = 1.5 + per_group * groups
    return min(16.0, max(6.4, width)), width > 16.0


def _side_by_side(series: int) -> list[float]:
    """Offsets from each group's centre for ``series`` bars side by side."""
    width = _BAR_GROUP_WIDTH / series
    return [(i - (series - 1) / 2) * width for i in range(series)]


def counts_chart(
    counts: Mapping[str, tuple[float, float]],
    *,
    baseline_label: str,
    reform_label: str,
    title: str | None = None,
    question: str | None = None,
    lang: Lang = "en",
    weighted: bool = True,
) -> Figure:
    """Baseline and reform side by side for each status, the change (reform − baseline) marked
    above each pair (``Δ +381``).

    Bar labels and the change are whole subjects (weighted counts are rounded); a status at zero
    under both policies is left out.

    Args:
        counts: status → ``(baseline, reform)``, in the order to draw (favourable first, say).
        baseline_label: names the baseline in the legend (a policy id such as ``gd-2022``).
        reform_label: names the reform in the legend.
        title: the chart title; by default "Outcomes by status" with the question.
        question: the question name (``grade:technician``, ``lead``, ``exits``...): sets the unit
            (workers 人, organisations 家, chains 条).
        lang: ``"en"`` or ``"zh"``.
        weighted: the counts are weighted (real subjects); ``False`` counts rows.

    Returns:
        The figure (no counts: a "No data" chart).
    """
    default = word("chart.counts_title", lang)
    if question:
        default += word("chart.separator", lang) + question
    counts = {s: pair for s, pair in counts.items() if any(v != 0 for v in pair)}
    width, upright = _bar_layout(len(counts), 2, [v for pair in counts.values() for v in pair])
    fig, ax = base.new_figure(width)
    base.decorate(
        ax,
        title=default if title is None else title,
        xlabel=word("chart.status", lang),
        ylabel=count_title(question, lang, weighted=weighted),
    )
    if not counts:
        base.no_data(ax, lang)
        return fig
    statuses = list(counts)
    offsets = _side_by_side(2)
    series = [
        (word("chart.baseline", lang), baseline_label, base.BASELINE_COLOUR),
        (word("chart.reform", lang), reform_label, base.REFORM_COLOUR),
    ]
    for i, (role, name, colour) in enumerate(series):
        values = [float(counts[s][i]) for s in statuses]
        label = f"{role}{word('chart.separator', lang)}{name}" if name else role
        bars = ax.bar(
            [x + offsets[i] for x in range(len(statuses))],
            values,
            _BAR_GROUP_WIDTH / 2,
            label=base.series_label(label),
            color=colour,
        )
        base.bar_values(ax, bars, values, upright=upright)
    _changes(ax, [counts[s] for s in statuses], upright)
    base.category_ticks(ax, range(len(statuses)), [status_label(s, lang) for s in statuses])
    base.integer_counts(ax)
    from matplotlib.patches import Patch

    base.legend(ax, extra=[(Patch(color="none"), base.series_label(word("chart.change", lang)))])
    return fig


def _signed(value: float) -> str:
    """A change in whole subjects with its sign: ``+381``, ``−12`` (a minus sign), ``0``."""
    text = base.whole(abs(value))
    return text if text == "0" else ("+" if value > 0 else "−") + text


def _changes(ax: Axes, pairs: Sequence[tuple[float, float]], upright: bool) -> None:
    """``Δ`` and the change (reform − baseline) above each pair of bars, clear of their labels."""
    longest = max((len(base.whole(v)) for pair in pairs for v in pair), default=1)
    rise = 10 + (5.5 * longest if upright else 10)  # points above the taller bar: past its label
    for x, (a, b) in enumerate(pairs):
        top, change = max(float(a), float(b)), float(b) - float(a)
        if not (math.isfinite(top) and math.isfinite(change)):
            continue
        ax.annotate(
            f"Δ {_signed(change)}",
            xy=(x, top),
            xytext=(0, rise),
            textcoords="offset points",
            ha="center",
            va="bottom",
            color=base.CHANGE_COLOUR,
            fontproperties=_fonts.font(base.VALUE_SIZE),
        )
    ax.margins(y=0.5 if upright else 0.28)


def _order_groups(flips: Mapping[str, Mapping[str, float]], by: str) -> list[str]:
    """Grades by ladder rank; other groups largest first, then by name."""
    if by in GRADE_GROUPS:
        return sorted(flips, key=lambda v: (grade_rank(v), v))
    return sorted(flips, key=lambda v: (-sum(flips[v].values()), v))


def _fold_groups(
    flips: Mapping[str, Mapping[str, float]], by: str, lang: Lang
) -> list[tuple[str, dict[str, float]]]:
    """The groups to draw, labelled in ``lang``; beyond :data:`MAX_GROUPS` the rest summed as "other"."""
    order = _order_groups(flips, by)
    shown = order if len(order) <= MAX_GROUPS else order[: MAX_GROUPS - 1]
    groups = [(group_value(by, v, lang), dict(flips[v])) for v in shown]
    rest = order[len(shown) :]
    if rest:
        summed: dict[str, float] = {}
        for v in rest:
            for kind, w in flips[v].items():
                summed[kind] = summed.get(kind, 0.0) + w
        groups.append((word("chart.other", lang, n=len(rest)), summed))
    return groups


def flips_chart(
    flips: Mapping[str, Mapping[str, float]],
    *,
    by: str,
    title: str | None = None,
    lang: Lang = "en",
    question: str | None = None,
) -> Figure:
    """Who gained and who lost, per group (a grade, a region, any group label).

    Args:
        flips: group value → ``{"gained": w, "lost": w}`` (weighted flips); a flip "gains" when its
            new status is more favourable (towards eligible or retain). Grade groups are ordered by
            the ladder, others largest first; beyond :data:`MAX_GROUPS` the smallest are summed.
        by: the group label: ``grade``, ``target``, ``region`` or any label name. Grade ids are
            translated (``technician`` → 技师); ``—`` (no value) reads "not stated".
        title: the chart title; by default "Status changes by <group>".
        lang: ``"en"`` or ``"zh"``.
        question: the question name, for the unit (workers 人, chains 条...).

    Returns:
        The figure (no flips: a "No data" chart).
    """
    groups = _fold_groups(flips, by, lang)
    kinds = ["gained", "lost", *sorted({k for _, g in groups for k in g} - {"gained", "lost"})]
    width, upright = _bar_layout(len(groups), len(kinds), [w for _, g in groups for w in g.values()])
    xlabel = group_title(by, lang)
    fig, ax = base.new_figure(width)
    base.decorate(
        ax,
        title=word("chart.flips_title", lang, by=xlabel) if title is None else title,
        xlabel=xlabel,
        ylabel=flips_title(question, by, lang),
    )
    if not groups:
        base.no_data(ax, lang)
        return fig
    offsets = _side_by_side(len(kinds))
    colours = {"gained": base.GAINED_COLOUR, "lost": base.LOST_COLOUR}
    for i, kind in enumerate(kinds):
        values = [float(g.get(kind, 0.0)) for _, g in groups]
        bars = ax.bar(
            [x + offsets[i] for x in range(len(groups))],
            values,
            _BAR_GROUP_WIDTH / len(kinds),
            label=base.series_label(word(f"chart.{kind}", lang) if kind in ("gained", "lost") else kind),
            color=colours.get(kind, base.OTHER_STYLES[i % len(base.OTHER_STYLES)][0]),
        )
        base.bar_values(ax, bars, values, upright=upright)
    base.category_ticks(ax, range(len(groups)), [name for name, _ in groups])
    base.integer_counts(ax)
    base.legend(ax)
    return fig


def sweep_chart(
    parameter: str,
    values: Sequence[float | int],
    counts: Mapping[str, Sequence[float]],
    *,
    current: float | int | None = None,
    policy_label: str = "",
    title: str | None = None,
    lang: Lang = "en",
    question: str | None = None,
    weighted: bool = True,
) -> Figure:
    """One line per status as a parameter takes each value; the current value marked.

    A status at zero for every value is left out (of the lines and the legend); whole-number values
    get whole-number ticks (``2``, ``3``, never ``2.5``).

    Args:
        parameter: the parameter swept (``t2023.technician.after_senior_years``); the x-axis title.
        values: the values tried (drawn in ascending order; ``nan`` points are left out).
        counts: status → one count per value, in the order of ``values``.
        current: the parameter's value in the policy, drawn as a dashed vertical line.
        policy_label: the policy swept, shown as the legend title.
        title: the chart title; by default "Outcomes as <parameter> varies".
        lang: ``"en"`` or ``"zh"``.
        question: the question name, for the unit (workers 人, chains 条...).
        weighted: the counts are weighted (real subjects); ``False`` counts rows.

    Returns:
        The figure (no values or no statuses: a "No data" chart).

    Raises:
        InputError: a status has more or fewer counts than there are values.
    """
    for status, series in counts.items():
        if len(series) != len(values):
            raise InputError(
                "arguments",
                [
                    {
                        "loc": ("counts", status),
                        "input": len(series),
                        "type": "length_mismatch",
                        "msg": f"expected {len(values)} counts (one per value), got {len(series)}",
                    }
                ],
            )
    fig, ax = base.new_figure()
    base.decorate(
        ax,
        title=word("chart.sweep_title", lang, parameter=parameter) if title is None else title,
        xlabel=word("chart.parameter", lang, parameter=parameter),
        ylabel=count_title(question, lang, weighted=weighted),
    )
    points = sorted((float(v), i) for i, v in enumerate(values) if not math.isnan(float(v)))
    counts = {s: series for s, series in counts.items() if any(float(c) != 0 for c in series)}
    if not points or not counts:
        base.no_data(ax, lang)
        return fig
    xs = [x for x, _ in points]
    for n, (status, series) in enumerate(counts.items()):
        colour, marker, style = base.status_style(status, n)
        ax.plot(
            xs,
            [float(series[i]) for _, i in points],
            color=colour,
            marker=marker,
            linestyle=style,
            label=base.series_label(status_label(status, lang)),
        )
    if current is not None:
        ax.axvline(
            float(current),
            color="#444444",
            linestyle=(0, (4, 3)),
            linewidth=1.2,
            label=base.series_label(word("chart.current", lang, value=current)),
        )
    if all(x.is_integer() for x in xs if math.isfinite(x)):
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    base.integer_counts(ax)
    ax.set_ylim(bottom=0)
    base.legend(ax, title=word("chart.policy", lang, policy=policy_label) if policy_label else "")
    return fig


def save_chart(fig: Figure, path: str | os.PathLike[str]) -> Path:
    """Write ``fig`` to ``path`` as PNG (150 dpi) or SVG, chosen by the suffix.

    SVG files carry no date, so the same chart saves to the same text apart from matplotlib's
    random element ids (set the ``svg.hashsalt`` rcParam for fully stable SVG).

    Returns:
        The path written.

    Raises:
        InputError: the suffix is not ``.png`` or ``.svg`` (a ``ValueError``).
    """
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in CHART_SUFFIXES:
        raise InputError(
            "arguments",
            [
                {
                    "loc": ("path",),
                    "input": str(path),
                    "type": "chart_format",
                    "msg": f"expected a file ending in .png or .svg, got suffix {suffix or '(none)'!r}",
                }
            ],
        )
    if suffix == ".png":
        fig.savefig(out, format="png", dpi=150)
    else:
        fig.savefig(out, format="svg", metadata={"Date": None})
    return out

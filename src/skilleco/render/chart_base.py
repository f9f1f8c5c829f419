"""The parts every chart shares: a figure of its own, titles and labels in the bundled font, the
legend, value labels on bars, and the "no data" chart.

Only matplotlib's object-oriented API is used (``Figure`` with an Agg canvas, never ``pyplot``), and
nothing global is read for fonts or changed: two threads may draw at the same time.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

from ..exceptions import MissingDependencyError
from . import font as _fonts
from .chart_text import Lang, number
from .words import word

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.container import BarContainer
    from matplotlib.figure import Figure

TITLE_SIZE = 13.0
LABEL_SIZE = 10.5
TICK_SIZE = 9.5
VALUE_SIZE = 8.0
# Okabe–Ito colours: told apart with every common colour-vision deficiency.
BASELINE_COLOUR = "#8C8C8C"
REFORM_COLOUR = "#0072B2"
GAINED_COLOUR = "#009E73"
LOST_COLOUR = "#D55E00"
CHANGE_COLOUR = "#333333"
STATUS_STYLES: Mapping[str, tuple[str, str, str]] = MappingProxyType(
    {
        # status: (colour, marker, line style), so that lines differ in grey print too
        "eligible": ("#009E73", "o", "-"),
        "review": ("#E69F00", "s", "--"),
        "ineligible": ("#D55E00", "^", "-."),
        "undetermined": ("#999999", "D", ":"),
        "not_applicable": ("#CC79A7", "v", "--"),
        "retain": ("#0072B2", "o", "-"),
        "exit": ("#000000", "x", "-."),
    }
)
OTHER_STYLES = (("#56B4E9", "P", "-"), ("#F0E442", "*", "--"), ("#882255", "h", ":"))
LONG_LABEL = 6  # characters; longer tick labels, or many of them, are turned


@functools.cache
def _figure_class() -> type[Figure]:
    """A matplotlib ``Figure`` that shows itself in notebooks as PNG, with no pyplot and no magic."""
    from matplotlib.figure import Figure

    class ChartFigure(Figure):
        """A ``Figure`` with ``_repr_png_``: Jupyter displays it without ``%matplotlib inline``."""

        def _repr_png_(self) -> bytes:
            buf = io.BytesIO()
            self.savefig(buf, format="png")
            return buf.getvalue()

    return ChartFigure


def new_figure(width: float = 8.0, height: float = 4.8) -> tuple[Figure, Axes]:
    """A figure with one axes, its own Agg canvas, and constrained layout.

    Raises:
        MissingDependencyError: matplotlib is not installed (the ``plot`` extra).
    """
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
    except ImportError:
        raise MissingDependencyError("charts need the plot extra: pip install 'skilleco[plot]'") from None
    fig = _figure_class()(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    return fig, ax


def decorate(ax: Axes, *, title: str, xlabel: str, ylabel: str) -> None:
    """Title and axis titles in the bundled font, light horizontal grid lines, counts with separators."""
    from matplotlib.ticker import FuncFormatter

    ax.set_title(_fonts.clean(title), fontproperties=_fonts.font(TITLE_SIZE))
    ax.set_xlabel(_fonts.clean(xlabel), fontproperties=_fonts.font(LABEL_SIZE))
    ax.set_ylabel(_fonts.clean(ylabel), fontproperties=_fonts.font(LABEL_SIZE))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: number(v)))
    ax.grid(axis="y", color="#E0E0E0", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def category_ticks(ax: Axes, positions: Sequence[float], labels: Sequence[str]) -> None:
    """Categorical x ticks in the bundled font, turned when long or many so they never overlap."""
    cleaned = [_fonts.clean(label) for label in labels]
    turn = len(cleaned) > 8 or any(len(label) > LONG_LABEL for label in cleaned)
    ax.set_xticks(
        list(positions),
        cleaned,
        fontproperties=_fonts.font(TICK_SIZE),
        rotation=30 if turn else 0,
        ha="right" if turn else "center",
        rotation_mode="anchor",
    )


def series_label(text: str) -> str:
    """A legend entry: drawable in the bundled font, and shown even if it starts with ``_``."""
    s = _fonts.clean(text)
    # matplotlib leaves out of the legend any label starting with "_".
    return " " + s if s.startswith("_") else s


def legend(ax: Axes, *, title: str = "", extra: Sequence[tuple[Artist, str]] = ()) -> None:
    """The legend in the bundled font, below the axes and outside them (never over a bar or a line),
    in up to four columns; ``extra`` adds entries for artists not in the axes' legend (a proxy).

    Constrained layout makes room for it under the axis title (matplotlib's ``outside`` locations).
    """
    handles, labels = ax.get_legend_handles_labels()
    handles += [h for h, _ in extra]
    labels += [label for _, label in extra]
    if not labels:
        return
    fig = ax.get_figure()
    assert fig is not None
    leg = fig.legend(
        handles,
        labels,
        loc="outside lower center",
        ncols=legend_columns(labels, fig.bbox.width / fig.dpi * 72 / TICK_SIZE),
        prop=_fonts.font(TICK_SIZE),
        title=_fonts.clean(title) if title else None,
        title_fontproperties=_fonts.font(TICK_SIZE),
        frameon=False,
    )
    leg.set_zorder(5)


def legend_columns(labels: Sequence[str], width_em: float) -> int:
    """How many columns (up to four) the legend can take without running past the figure: each
    column is as wide as the longest label (a wide CJK character counts two half-ems) plus the swatch
    and the gap; ``width_em`` is the figure's width in ems of the legend's font."""
    import unicodedata

    def ems(label: str) -> float:
        return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in label)

    column = max(map(ems, labels)) + 3.5  # the swatch, its gap and the gap between columns
    return max(1, min(len(labels), 4, int(width_em // column)))


def whole(value: float) -> str:
    """A weighted count as whole subjects, half up (``12,346`` for 12,345.5); ``∞``, ``NaN`` as they are."""
    return number(math.floor(value + 0.5)) if math.isfinite(value) else number(value)


def integer_counts(ax: Axes) -> None:
    """Count ticks on whole numbers only (no 2.5 people on the axis)."""
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))


def bar_values(ax: Axes, bars: BarContainer, values: Sequence[float], *, upright: bool = False) -> None:
    """Each bar's value above it as whole subjects (``12,345``; weighted counts are rounded), upright
    where bars are too narrow, with room at the top."""
    ax.bar_label(
        bars,
        labels=[whole(v) for v in values],
        padding=2,
        rotation=90 if upright else 0,
        fontproperties=_fonts.font(VALUE_SIZE),
    )
    ax.margins(y=0.3 if upright else 0.15)


def no_data(ax: Axes, lang: Lang) -> None:
    """Say "No data" in the middle of empty axes (keeping the title and axis titles)."""
    ax.text(
        0.5,
        0.5,
        word("chart.no_data", lang),
        transform=ax.transAxes,
        ha="center",
        va="center",
        color="#666666",
        fontproperties=_fonts.font(LABEL_SIZE + 2),
    )
    ax.set_xticks([])
    ax.set_yticks([])


def status_style(status: str, index: int) -> tuple[str, str, str]:
    """The colour, marker and line style for a status line (unknown statuses take spare styles)."""
    return STATUS_STYLES.get(status) or OTHER_STYLES[index % len(OTHER_STYLES)]

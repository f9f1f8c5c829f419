"""What-if values drawn as charts: a comparison's counts or flips, a sweep's curve.

A number that is not finite (a sum past the range of a float) has no bar or point: it is drawn as
missing, NaN, not as an axis stretched to infinity (issue 15, M2).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from . import charts

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..whatif.comparison import Comparison
    from ..whatif.sweep import Sweep
    from .words import Lang


def _drawable(x: float) -> float:
    return x if math.isfinite(x) else math.nan


def _title(c: Comparison | Sweep, lang: Lang) -> str:
    q = c.question_zh if lang == "zh" else c.question_en
    return f"{q} · {c.on.isoformat()}"


def comparison_plot(
    c: Comparison, kind: Literal["counts", "flips"] = "counts", *, by: str = "target", lang: Lang = "en"
) -> Figure:
    """``counts`` (baseline vs reform per status) or ``flips`` (gained/lost per ``by``)."""
    title = _title(c, lang)
    if kind == "counts":
        return charts.counts_chart(
            {
                s.status: (_drawable(s.baseline), _drawable(s.reform))
                for s in c.counts
                if s.baseline_rows or s.reform_rows
            },
            baseline_label=c.baseline.display_id,
            reform_label=c.reform.display_id,
            title=title,
            question=c.question,
            lang=lang,
        )
    found = c.flips_by(by) if c.flips else {}
    flips = {g: {k: _drawable(v) for k, v in row.items()} for g, row in found.items()}
    return charts.flips_chart(flips, by=by, title=title, lang=lang, question=c.question)


def sweep_plot(s: Sweep, *, lang: Lang = "en") -> Figure:
    """One line per status over the values, the current value marked."""
    numeric = [float(v) if isinstance(v, int | float) else float("nan") for v in s.values]
    statuses = [st for st in s.statuses if any(st in p.counts for p in s.points)]
    current = s.current if isinstance(s.current, int | float) else None
    return charts.sweep_chart(
        s.parameter,
        numeric,
        {st: tuple(map(_drawable, s.series(st))) for st in statuses},
        current=current,
        policy_label=s.policy.display_id,
        title=_title(s, lang),
        lang=lang,
        question=s.question,
    )


def save(figure: Figure, path: str | Path) -> Path:
    """Save a drawn chart (``.png`` or ``.svg``); returns the path."""
    return charts.save_chart(figure, path)

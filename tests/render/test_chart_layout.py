"""Charts that read at a glance (issue 16): the legend below the axes, never on the bars; whole-number
ticks for whole-number sweeps; no legend entries for statuses that never occur; whole people on
weighted bars; and the change (reform − baseline) marked on the counts chart."""

from __future__ import annotations

import datetime as dt

import pytest
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

import skilleco
from skilleco.population import synthetic
from skilleco.render.charts import counts_chart, flips_chart, sweep_chart

ON = dt.date(2026, 11, 21)
GD = skilleco.load_policy("gd-2025")
PARAM = "t2023.technician.after_senior_years"
REFORM = GD.with_changes({PARAM: 4}, label="wait 4 years")
COUNTS = {"eligible": (12345.0, 15000.0), "review": (10.0, 25.5), "ineligible": (8000.0, 5355.0)}


def _boxes(fig: Figure) -> tuple[Bbox, Bbox, list[Bbox]]:
    """The legend's box, the axes' box and the boxes of the axes' bars, in display units."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    (legend,) = fig.legends
    ax = fig.axes[0]
    bars = [p.get_window_extent(renderer) for p in ax.patches]
    return legend.get_window_extent(renderer), ax.get_window_extent(renderer), bars


def _below_everything(fig: Figure) -> None:
    legend, axes, bars = _boxes(fig)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    ax = fig.axes[0]
    assert legend.y1 <= axes.y0, (legend, axes)  # outside the axes, under them
    assert not any(legend.overlaps(b) for b in bars)
    under = [t.get_window_extent(renderer) for t in [*ax.get_xticklabels(), ax.xaxis.label] if t.get_text()]
    assert all(legend.y1 <= b.y0 + 0.5 for b in under)  # under the tick labels and the axis title too
    assert legend.y0 >= 0  # inside the figure


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_legend_sits_below_the_axes_for_a_small_population(lang: str) -> None:
    """A small population's bars reach the top of the axes: the legend is under the axes, never on them."""
    people = synthetic.workers(25, seed=3, on=ON)
    c = skilleco.compare(people, "next_grade", baseline=GD, reform=REFORM, on=ON)
    figs = [
        c.plot("counts", lang=lang),  # type: ignore[arg-type]
        counts_chart({"eligible": (3.0, 4.0)}, baseline_label="a", reform_label="b"),
        flips_chart({"广州": {"gained": 5.0, "lost": 1.0}}, by="region"),
        sweep_chart("p", [1, 2, 3], {"eligible": [9.0, 9.0, 9.0]}, current=2, policy_label="gd-2025"),
    ]
    for fig in figs:
        _below_everything(fig)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_legend_of_long_labels_stays_inside_the_figure(lang: str) -> None:
    """The demo's labels (a reform label of 30 characters, the change entry) fill more than the
    figure's width in one row: the legend takes fewer columns and stays inside the figure, left and
    right (it was cut off at both sides in the demo chart)."""
    fig = counts_chart(
        COUNTS,
        baseline_label="gd-2025",
        reform_label="gd-2025 [technician wait 4 years, 技师年限缩短]",
        lang=lang,  # type: ignore[arg-type]
    )
    legend, _, _ = _boxes(fig)
    width = fig.bbox.width
    assert legend.x0 >= 0 and legend.x1 <= width, (legend, width)
    _below_everything(fig)


def test_whole_number_sweeps_get_whole_number_ticks() -> None:
    """Values 2.0 … 6.0 (whole numbers, even as floats) are ticked 2, 3, 4 — never 2.0 or 2.5."""
    for values in ([2, 3, 4, 5, 6], [2.0, 3.0, 4.0, 5.0, 6.0], [2, 3]):
        fig = sweep_chart("p", values, {"eligible": [1.0] * len(values)}, current=values[0])
        fig.draw_without_rendering()
        ticks = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
        assert ticks and all(t.lstrip("−-").replace(",", "").isdigit() for t in ticks), ticks
    people = synthetic.workers(40, seed=3, on=ON)
    s = skilleco.sweep(people, "next_grade", parameter=PARAM, values=[2, 3, 4, 5, 6], policy=GD, on=ON)
    fig = s.plot()
    fig.draw_without_rendering()
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert {"2", "3", "4", "5", "6"} <= set(ticks) and not any("." in t for t in ticks)


def test_fractional_sweep_values_keep_their_fractions() -> None:
    fig = sweep_chart("p", [0.5, 1.0, 1.5], {"eligible": [1.0, 2.0, 3.0]})
    fig.draw_without_rendering()
    assert any("." in t.get_text() for t in fig.axes[0].get_xticklabels())


def test_statuses_at_zero_everywhere_are_left_out() -> None:
    """A sweep's status that is zero at every value has no line and no legend entry; a counts chart's
    status that is zero under both policies has no bars."""
    fig = sweep_chart(
        "p", [1, 2], {"eligible": [3.0, 4.0], "review": [0.0, 0.0], "ineligible": [1.0, 0.0]}, lang="en"
    )
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["eligible", "ineligible"]
    assert len(fig.axes[0].get_lines()) == 2
    counts = counts_chart(
        {"eligible": (3.0, 4.0), "review": (0.0, 0.0)}, baseline_label="a", reform_label="b"
    )
    assert [t.get_text() for t in counts.axes[0].get_xticklabels()] == ["eligible"]
    people = synthetic.workers(40, seed=3, on=ON)
    s = skilleco.sweep(people, "next_grade", parameter=PARAM, values=[3, 4], policy=GD, on=ON)
    assert s.points[0].counts["review"] == 0.0  # in the sweep, but never drawn
    shown = [t.get_text() for t in s.plot().legends[0].get_texts()]
    assert "review" not in shown and "eligible" in shown


def test_weighted_counts_show_whole_people() -> None:
    """Bar labels and count ticks are whole people, even for fractional weights (3.4 → 3, 25.5 → 26)."""
    fig = counts_chart(
        {"eligible": (3.4, 25.5), "ineligible": (1.5, 0.2)}, baseline_label="a", reform_label="b"
    )
    fig.draw_without_rendering()
    ax = fig.axes[0]
    bars = [t.get_text() for t in ax.texts if not t.get_text().startswith("Δ")]
    assert sorted(bars) == sorted(["3", "26", "2", "0"])
    ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert ticks and not any("." in t for t in ticks)
    flips = flips_chart({"广州": {"gained": 2.6, "lost": 0.4}}, by="region")
    assert sorted(t.get_text() for t in flips.axes[0].texts) == ["0", "3"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_counts_chart_marks_the_change(lang: str) -> None:
    """Above each pair of bars: Δ and reform − baseline in whole people, signed, over the taller bar."""
    fig = counts_chart(COUNTS, baseline_label="a", reform_label="b", lang=lang)  # type: ignore[arg-type]
    ax = fig.axes[0]
    marks = [t for t in ax.texts if t.get_text().startswith("Δ")]
    assert [t.get_text() for t in marks] == ["Δ +2,655", "Δ +16", "Δ −2,645"]
    for x, (t, (a, b)) in enumerate(zip(marks, COUNTS.values(), strict=True)):
        assert t.xy == (x, max(a, b))  # type: ignore[attr-defined]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert (
        legend[-1].startswith("Δ") and ("改革 − 基准" if lang == "zh" else "reform − baseline") in legend[-1]
    )
    people = synthetic.workers(300, seed=5, on=ON)
    c = skilleco.compare(people, "next_grade", baseline=GD, reform=REFORM, on=ON)
    shown = {t.get_text() for t in c.plot().axes[0].texts if t.get_text().startswith("Δ")}
    gained = c.count("eligible").change
    assert f"Δ +{round(gained):,}" in shown and f"Δ −{round(gained):,}" in shown

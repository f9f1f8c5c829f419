"""The pipeline chart (issue 17): one line per grade per pipeline, the reform dashed, a legend naming
grades and policies, in English and Chinese, saved as PNG.

pytest turns warnings into errors, so every render here also proves that matplotlib found a glyph for
every character.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from skilleco.exceptions import InputError
from skilleco.render.charts import save_chart
from skilleco.render.pipeline_chart import GRADE_STYLES, pipeline_chart
from skilleco.render.words import Lang
from skilleco.whatif.parts import PolicyRef
from skilleco.whatif.pipeline_result import GradePipeline, Pipeline, PipelineComparison

ON = _dt.date(2026, 11, 21)
MONTHS = tuple(range(0, 61, 3))
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
GD = PolicyRef("gd-2025", None, "0" * 64)
REFORM = PolicyRef("gd-2025", "wait 4 years", "1" * 64)
ZH_EN: list[Lang] = ["zh", "en"]
# lang: (grade names up the ladder, baseline key, reform key, policy key alone, x title, y title)
EXPECTED = {
    "en": (
        ["senior worker", "technician"],
        "baseline: gd-2025",
        "reform: gd-2025 [wait 4 years]",
        "policy: gd-2025",
        "Months after 2026-11-21",
        "Number of workers",
    ),
    "zh": (
        ["高级工", "技师"],
        "基准：gd-2025",
        "改革：gd-2025 [wait 4 years]",
        "政策：gd-2025",
        "距 2026-11-21 的月数",
        "人数（人）",
    ),
}


def _grade(grade: str, per_look: float) -> GradePipeline:
    """A grade whose weighted eligible count grows by ``per_look`` at every look."""
    eligible = tuple(per_look * (i + 1) for i in range(len(MONTHS)))
    return GradePipeline(grade, 100, 1_000.0, tuple(int(e) for e in eligible), eligible)


def _pipeline(policy: PolicyRef, *grades: GradePipeline) -> Pipeline:
    return Pipeline(
        policy=policy,
        on=ON,
        months=MONTHS,
        horizons=(6, 12, 24, 36),
        lead_months=3,
        rows=1_000,
        total_weight=1_000.0,
        grades=grades,
    )


# Technician before senior: the chart orders grades up the ladder, not as given.
BASELINE = _pipeline(GD, _grade("technician", 10.0), _grade("senior", 20.0))
REFORMED = _pipeline(REFORM, _grade("technician", 15.0), _grade("senior", 20.0))


def _lines(fig: Figure) -> list[Line2D]:
    """The data lines (one point per look)."""
    return [line for line in fig.axes[0].get_lines() if len(line.get_xdata()) == len(MONTHS)]


def _legend(fig: Figure) -> list[str]:
    assert fig.axes[0].get_legend() is None and len(fig.legends) == 1
    return [t.get_text() for t in fig.legends[0].get_texts()]


@pytest.mark.parametrize("lang", ZH_EN)
def test_baseline_solid_and_reform_dashed_one_line_per_grade(lang: Lang) -> None:
    """Two pipelines of two grades draw four lines: each grade's colour twice, solid then dashed."""
    fig = pipeline_chart([BASELINE, REFORMED], lang=lang)
    lines = _lines(fig)
    assert [line.get_linestyle() for line in lines] == ["-", "-", "--", "--"]
    colours = [GRADE_STYLES["senior"][0], GRADE_STYLES["technician"][0]]
    assert [line.get_color() for line in lines] == colours * 2
    assert list(lines[3].get_ydata()) == list(REFORMED.grade("technician").eligible)
    assert list(lines[0].get_xdata()) == list(MONTHS)


@pytest.mark.parametrize("lang", ZH_EN)
def test_legend_names_each_grade_once_and_each_policy(lang: Lang) -> None:
    """The legend holds the grade names in ladder order, then which line style is which policy."""
    grades, baseline, reform, _, _, _ = EXPECTED[lang]
    assert _legend(pipeline_chart([BASELINE, REFORMED], lang=lang)) == [*grades, baseline, reform]


@pytest.mark.parametrize("lang", ZH_EN)
def test_axes_are_months_by_year_and_whole_workers(lang: Lang) -> None:
    """x: months after the date, a tick every 12 months over the five years; y: workers from zero."""
    fig = pipeline_chart([BASELINE, REFORMED], lang=lang)
    ax = fig.axes[0]
    *_, xlabel, ylabel = EXPECTED[lang]
    assert (ax.get_xlabel(), ax.get_ylabel()) == (xlabel, ylabel)
    assert ax.get_title() and "2026-11-21" in ax.get_title()
    fig.canvas.draw()
    assert [t for t in ax.get_xticks() if 0 <= t <= 60] == [0, 12, 24, 36, 48, 60]
    assert ax.get_ylim()[0] == 0
    assert all(float(t).is_integer() for t in ax.get_yticks())


@pytest.mark.parametrize("lang", ZH_EN)
def test_one_pipeline_is_drawn_solid_under_its_policy(lang: Lang) -> None:
    """A pipeline alone (Pipeline.plot) draws one solid line per grade; the legend names the policy."""
    fig = BASELINE.plot(lang=lang)
    assert [line.get_linestyle() for line in _lines(fig)] == ["-", "-"]
    grades, _, _, alone, _, _ = EXPECTED[lang]
    assert _legend(fig) == [*grades, alone]


def test_a_grade_under_one_policy_only_is_named_once() -> None:
    """A grade only the reform reports gets its dashed line and one legend entry."""
    reform = _pipeline(REFORM, _grade("technician", 15.0), _grade("senior_technician", 1.0))
    fig = pipeline_chart([_pipeline(GD, _grade("technician", 10.0)), reform])
    assert [line.get_linestyle() for line in _lines(fig)] == ["-", "--", "--"]
    assert _legend(fig)[:2] == ["technician", "senior technician"]


def test_no_grade_is_a_no_data_chart() -> None:
    """A population with no worker below a certificate grade draws "No data", with no lines."""
    fig = pipeline_chart([_pipeline(GD)], lang="zh")
    assert _lines(fig) == [] and [t.get_text() for t in fig.axes[0].texts] == ["无数据"]


def test_more_than_two_pipelines_is_an_input_error() -> None:
    """The chart compares a baseline and a reform: a third pipeline is refused, not dropped."""
    with pytest.raises(InputError) as info:
        pipeline_chart([BASELINE, REFORMED, BASELINE])
    assert info.value.errors[0]["type"] == "too_many_pipelines"


@pytest.fixture(scope="module")
def computed() -> PipelineComparison:
    """The pipeline of 300 synthetic workers under gd-2025 and the 4-year technician wait."""
    from skilleco.policy.registry import load_policy
    from skilleco.population.synthetic_tables import worker_tables
    from skilleco.whatif.pipeline import compare_pipeline

    gd = load_policy("gd-2025")
    reform = gd.with_changes({"t2023.technician.after_senior_years": 4}, label="wait 4 years")
    return compare_pipeline(worker_tables(300, seed=17, on=ON), baseline=gd, reform=reform, on=ON)


@pytest.mark.parametrize("lang", ZH_EN)
def test_a_computed_comparison_saves_a_png(computed: PipelineComparison, tmp_path: Path, lang: Lang) -> None:
    """PipelineComparison.plot() draws a line per grade per policy and saves as PNG."""
    fig = computed.plot(lang=lang)
    grades = len(computed.baseline.grades) + len(computed.reform.grades)
    assert grades and len(_lines(fig)) == grades
    out = save_chart(fig, tmp_path / f"pipeline-{lang}.png")
    assert out.read_bytes().startswith(PNG_MAGIC)

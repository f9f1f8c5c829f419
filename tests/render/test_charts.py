"""Charts: labelled in both languages, Chinese drawn without missing glyphs, saved as PNG or SVG, thread-safe.

pytest turns warnings into errors, so every render here also proves that matplotlib found a glyph
for every character (it warns "Glyph ... missing from font" otherwise).
"""

from __future__ import annotations

import logging
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from matplotlib.legend import Legend

from skilleco.exceptions import InputError, MissingDependencyError
from skilleco.ladder import GRADES
from skilleco.render import font as _fonts
from skilleco.render.charts import (
    MAX_GROUPS,
    STATUS_LABELS,
    Lang,
    counts_chart,
    flips_chart,
    save_chart,
    sweep_chart,
)
from skilleco.render.words import CHART as _WORDS
from skilleco.render.words import UNITS as _UNITS

COUNTS = {"eligible": (12345.0, 15000.0), "review": (10.0, 25.5), "ineligible": (8000.0, 5355.0)}
REGION_FLIPS = {"广州": {"gained": 120.0, "lost": 3.0}, "深圳": {"gained": 1500.0, "lost": 10.0}}
GRADE_FLIPS = {"technician": {"gained": 40.0, "lost": 2.0}, "senior": {"gained": 75.0, "lost": 0.0}}
SWEEP_VALUES = [1, 2, 3, 4]
SWEEP = {"eligible": [400.0, 300.0, 200.0, 100.0], "ineligible": [100.0, 200.0, 300.0, 400.0]}

ZH_EN: list[Lang] = ["zh", "en"]
CHANGE = {"zh": "Δ 变化（改革 − 基准）", "en": "Δ change (reform − baseline)"}
EXPECTED = {
    # lang: (status tick labels, legend of counts, grade tick labels, flips legend, x title by region)
    "zh": (
        ["可申报", "待复核", "不可申报"],
        ["基准：gd-2022", "改革：gd-2025"],
        ["高级工", "技师"],
        ["获益（状态改善）", "受损（状态变差）"],
        "地区",
    ),
    "en": (
        ["eligible", "review", "ineligible"],
        ["baseline: gd-2022", "reform: gd-2025"],
        ["senior worker", "technician"],
        ["gained (better status)", "lost (worse status)"],
        "Region",
    ),
}


def _counts(lang: Lang) -> Figure:
    return counts_chart(
        COUNTS, baseline_label="gd-2022", reform_label="gd-2025", question="grade:technician", lang=lang
    )


def _region_flips(lang: Lang) -> Figure:
    return flips_chart(REGION_FLIPS, by="region", lang=lang, title="广州 与 深圳" if lang == "zh" else None)


def _sweep(lang: Lang) -> Figure:
    return sweep_chart(
        "t2023.technician.after_senior_years",
        SWEEP_VALUES,
        SWEEP,
        current=3,
        policy_label="gd-2025",
        question="grade:technician",
        lang=lang,
    )


CHARTS: dict[str, Callable[[Lang], Figure]] = {"counts": _counts, "flips": _region_flips, "sweep": _sweep}


def _ticks(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.axes[0].get_xticklabels()]


def _legend_box(fig: Figure) -> Legend:
    """The chart's one legend: the figure's, below the axes (never the axes' own, over the bars)."""
    assert fig.axes[0].get_legend() is None and len(fig.legends) == 1
    return fig.legends[0]


def _legend(fig: Figure) -> list[str]:
    return [t.get_text() for t in _legend_box(fig).get_texts()]


@pytest.mark.parametrize("lang", ZH_EN)
def test_counts_chart_is_labelled_in_the_language(lang: Lang) -> None:
    """The counts chart has a title, axis titles with the unit, the two policies in the legend, translated statuses."""
    fig = _counts(lang)
    ax = fig.axes[0]
    assert ax.get_title()
    assert ax.get_xlabel() == ("状态" if lang == "zh" else "Status")
    assert ax.get_ylabel() == ("人数（人）" if lang == "zh" else "Number of workers")
    assert _legend(fig) == [*EXPECTED[lang][1], CHANGE[lang]]
    assert _ticks(fig) == EXPECTED[lang][0]


@pytest.mark.parametrize("lang", ZH_EN)
def test_bars_carry_their_values_with_thousands_separators(lang: Lang) -> None:
    """Every bar is labelled with its value in whole subjects: 12,345, and 26 for a weighted 25.5."""
    labels = {t.get_text() for t in _counts(lang).axes[0].texts}
    assert {"12,345", "15,000", "10", "26", "8,000", "5,355"} <= labels
    assert not any("." in label for label in labels)


@pytest.mark.parametrize("lang", ZH_EN)
def test_flips_by_grade_show_grade_names_in_ladder_order(lang: Lang) -> None:
    """Grade ids become grade names (technician → 技师), ordered up the ladder."""
    fig = flips_chart(GRADE_FLIPS, by="target", lang=lang)
    assert _ticks(fig) == EXPECTED[lang][2]
    assert _legend(fig) == EXPECTED[lang][3]
    assert fig.axes[0].get_xlabel() == ("申报等级" if lang == "zh" else "Grade applied for")
    assert fig.axes[0].get_ylabel() == ("状态变化（人）" if lang == "zh" else "Status changes (workers)")


@pytest.mark.parametrize("lang", ZH_EN)
def test_flips_by_region_show_region_names_largest_first(lang: Lang) -> None:
    """Region names are kept as given (广州, 深圳), the region with most flips first."""
    fig = _region_flips(lang)
    assert _ticks(fig) == ["深圳", "广州"]
    assert fig.axes[0].get_xlabel() == EXPECTED[lang][4]
    assert fig.axes[0].get_title()


@pytest.mark.parametrize("lang", ZH_EN)
def test_sweep_chart_has_a_line_per_status_and_the_current_value(lang: Lang) -> None:
    """One line per status, a dashed line at the current value, the policy as the legend title."""
    fig = _sweep(lang)
    ax = fig.axes[0]
    current = "现行值：3" if lang == "zh" else "current value: 3"
    assert _legend(fig) == [STATUS_LABELS["eligible"][lang], STATUS_LABELS["ineligible"][lang], current]
    assert [line.get_xdata()[0] for line in ax.get_lines() if line.get_label() == current] == [3.0]
    assert "gd-2025" in _legend_box(fig).get_title().get_text()
    assert "t2023.technician.after_senior_years" in ax.get_xlabel()
    assert ax.get_ylabel() == ("人数（人）" if lang == "zh" else "Number of workers")


@pytest.mark.parametrize("lang", ZH_EN)
@pytest.mark.parametrize("kind", list(CHARTS))
def test_charts_render_to_png_and_svg_without_warnings(kind: str, lang: Lang, tmp_path: Path) -> None:
    """PNG starts with the PNG signature, SVG parses as XML; a missing glyph would have failed the test."""
    fig = CHARTS[kind](lang)
    png = save_chart(fig, tmp_path / f"{kind}.png")
    svg = save_chart(fig, tmp_path / f"{kind}.SVG")
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert ET.parse(svg).getroot().tag == "{http://www.w3.org/2000/svg}svg"


def test_every_text_uses_the_bundled_font() -> None:
    """Title, axis titles, ticks, legend and value labels are all drawn with the bundled CJK font."""
    fig = _counts("zh")
    ax = fig.axes[0]
    legend = _legend_box(fig)
    texts = [ax.title, ax.xaxis.label, ax.yaxis.label, *ax.get_xticklabels(), *legend.get_texts(), *ax.texts]
    assert {Path(str(t.get_fontproperties().get_file())) for t in texts} == {_fonts.FONT_PATH}


def test_the_font_covers_every_word_the_charts_use() -> None:
    """Statuses, grades, units and phrases in both languages are all in the bundled font (never □)."""
    words = [label for labels in STATUS_LABELS.values() for label in labels.values()]
    words += [g.label_zh for g in GRADES] + [g.label_en for g in GRADES]
    words += [w for pair in _WORDS.values() for w in pair] + [w for unit in _UNITS.values() for w in unit]
    words += ["广州", "深圳", "佛山", "东莞", "北京", "天津", "济南", "儋州", "亳州", "漯河", "衢州", "泸州"]
    missing = {c for w in words for c in w if ord(c) not in _fonts.coverage()}
    assert missing == set()


def test_module_example_holds() -> None:
    """The example in the charts module docstring holds."""
    import doctest

    from skilleco.render import charts

    assert doctest.testmod(charts).failed == 0


def test_font_ships_with_its_licence() -> None:
    """The font and the OFL text are package data (inside src/skilleco/fonts)."""
    assert _fonts.FONT_PATH.is_file()
    assert "SIL OPEN FONT LICENSE" in (_fonts.FONT_PATH.parent / "OFL.txt").read_text(encoding="utf-8")


def test_characters_outside_the_font_become_boxes_and_are_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A rare character (𠮷, an emoji) is drawn as □ with a logged warning, never a failed render."""
    with caplog.at_level(logging.WARNING, logger="skilleco.render.charts"):
        fig = flips_chart({"𠮷野家😀": {"gained": 1.0, "lost": 0.0}}, by="region", lang="zh")
    assert _ticks(fig) == ["□野家□"]
    assert any("U+20BB7" in r.getMessage() for r in caplog.records)
    assert save_chart(fig, tmp_path / "rare.png").stat().st_size > 0


def test_dollar_signs_are_text_not_mathtext(tmp_path: Path) -> None:
    """A label with dollar signs is drawn literally (not parsed as mathtext)."""
    fig = counts_chart({"eligible": (1.0, 2.0)}, baseline_label="$a$", reform_label="b", title="$x$ and $y$")
    save_chart(fig, tmp_path / "dollar.png")
    assert fig.axes[0].get_title() == r"\$x\$ and \$y\$"


@pytest.mark.parametrize("lang", ZH_EN)
def test_empty_inputs_give_a_no_data_chart(lang: Lang, tmp_path: Path) -> None:
    """No counts, no flips, no sweep values: a titled chart saying "No data" / 无数据, which still saves."""
    figs = [
        counts_chart({}, baseline_label="a", reform_label="b", lang=lang),
        flips_chart({}, by="region", lang=lang),
        sweep_chart("p", [], {}, lang=lang),
        sweep_chart("p", [1, 2], {}, current=1, lang=lang),
    ]
    for i, fig in enumerate(figs):
        ax = fig.axes[0]
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        assert [t.get_text() for t in ax.texts] == ["无数据" if lang == "zh" else "No data"]
        assert ax.get_legend() is None and fig.legends == []
        save_chart(fig, tmp_path / f"empty{i}.png")


def test_many_groups_are_folded_into_other() -> None:
    """Beyond MAX_GROUPS groups, the smallest are summed into one "other (n)" bar."""
    flips = {f"区{i:02d}": {"gained": float(100 - i), "lost": 1.0} for i in range(MAX_GROUPS + 5)}
    ticks = _ticks(flips_chart(flips, by="region", lang="zh"))
    assert len(ticks) == MAX_GROUPS
    assert ticks[0] == "区00"
    assert ticks[-1] == "其他（6 项）"


def test_long_value_labels_widen_the_chart_then_stand_upright() -> None:
    """Bars get room for their value labels: a wider figure first, upright labels past 16 inches."""
    few = counts_chart({"eligible": (14_845_745.0, 15_263_935.0)}, baseline_label="a", reform_label="b")
    many = flips_chart(
        {f"r{i}": {"gained": 18_518_505.0, "lost": 7_654_321.0} for i in range(15)}, by="region"
    )
    assert {t.get_rotation() for t in few.axes[0].texts} == {0.0}
    assert many.get_figwidth() == 16.0
    assert {t.get_rotation() for t in many.axes[0].texts} == {90.0}


@pytest.mark.parametrize(
    ("question", "weighted", "zh", "en"),
    [
        ("grade:senior", True, "人数（人）", "Number of workers"),
        ("next_grade", True, "人数（人）", "Number of workers"),
        ("lead", True, "单位数（家）", "Number of organisations"),
        ("exits", True, "链数（条）", "Number of chains"),
        ("dualcert", True, "人数（人）", "Number of candidates"),
        (None, True, "数量（个）", "Number of subjects"),
        ("exits", False, "行数（行）", "Number of rows"),
    ],
)
def test_count_axis_names_the_unit(question: str | None, weighted: bool, zh: str, en: str) -> None:
    """The y-axis title names what is counted: workers 人, organisations 家, chains 条, or rows."""
    pairs: list[tuple[Lang, str]] = [("zh", zh), ("en", en)]
    for lang, expected in pairs:
        fig = counts_chart(
            COUNTS, baseline_label="a", reform_label="b", question=question, weighted=weighted, lang=lang
        )
        assert fig.axes[0].get_ylabel() == expected


@pytest.mark.parametrize("name", ["chart.pdf", "chart.jpeg", "chart"])
def test_other_suffixes_are_refused(name: str, tmp_path: Path) -> None:
    """Only .png and .svg are written; the error (a ValueError) names the suffix and the allowed ones."""
    fig = _counts("en")
    with pytest.raises(ValueError, match=r"\.png or \.svg") as info:
        save_chart(fig, tmp_path / name)
    assert isinstance(info.value, InputError)
    assert info.value.errors[0]["type"] == "chart_format"
    assert (Path(name).suffix or "(none)") in str(info.value)
    assert not (tmp_path / name).exists()


def test_sweep_counts_must_match_the_values() -> None:
    """A status with a count missing is an input error naming the status."""
    with pytest.raises(InputError) as info:
        sweep_chart("p", [1, 2, 3], {"eligible": [1.0, 2.0]})
    assert info.value.errors[0]["loc"] == ("counts", "eligible")


def test_missing_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without matplotlib, drawing raises MissingDependencyError (an ImportError) pointing at skilleco[plot]."""
    for module in ("matplotlib.figure", "matplotlib.backends.backend_agg"):
        monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(MissingDependencyError, match=r"skilleco\[plot\]"):
        counts_chart(COUNTS, baseline_label="a", reform_label="b")


def test_threads_draw_the_same_bytes(tmp_path: Path) -> None:
    """Four threads drawing and saving at once give, for each input, the PNG bytes a lone thread gives."""
    langs: list[Lang] = ["zh", "en"]
    jobs = [(kind, lang) for kind in ("counts", "flips") for lang in langs]

    def draw(n: int) -> tuple[tuple[str, Lang], bytes]:
        kind, lang = jobs[n % len(jobs)]
        return (kind, lang), save_chart(CHARTS[kind](lang), tmp_path / f"t{n}.png").read_bytes()

    alone = {
        (k, lang): save_chart(CHARTS[k](lang), tmp_path / f"{k}-{lang}.png").read_bytes() for k, lang in jobs
    }
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(draw, range(4 * len(jobs))))
    assert len(results) == 16
    for job, data in results:
        assert data == alone[job], job

"""The words on a chart, in Chinese and English: statuses, grades, units, axis titles, numbers.

One table per kind of word, so that a translator reads them in one place. Anything not in a table
(a new status, a region name, a policy id) is shown as it arrived.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal, TypeAlias

from ..exceptions import UnknownGradeError
from ..ladder import grade

Lang: TypeAlias = Literal["zh", "en"]

STATUS_LABELS: Mapping[str, Mapping[Lang, str]] = MappingProxyType(
    {
        "eligible": {"zh": "可申报", "en": "eligible"},
        "review": {"zh": "待复核", "en": "review"},
        "ineligible": {"zh": "不可申报", "en": "ineligible"},
        "undetermined": {"zh": "待定", "en": "undetermined"},
        "not_applicable": {"zh": "不适用", "en": "not applicable"},
        "retain": {"zh": "保留", "en": "retain"},
        "exit": {"zh": "退出", "en": "exit"},
    }
)
"""Status id → label per language (``STATUS_LABELS["review"]["zh"] == "待复核"``)."""

_WORDS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        # key: (en, zh)
        "status": ("Status", "状态"),
        "baseline": ("baseline", "基准"),
        "reform": ("reform", "改革"),
        "counts_title": ("Outcomes by status", "各状态数量"),
        "flips_title": ("Status changes by {by}", "按{by}统计的状态变化"),
        "sweep_title": ("Outcomes as {parameter} varies", "{parameter} 变化时的结果"),
        "gained": ("gained (better status)", "获益（状态改善）"),
        "lost": ("lost (worse status)", "受损（状态变差）"),
        "parameter": ("Parameter: {parameter}", "参数：{parameter}"),
        "current": ("current value: {value}", "现行值：{value}"),
        "policy": ("policy: {policy}", "政策：{policy}"),
        "no_data": ("No data", "无数据"),
        "not_stated": ("not stated", "未填写"),
        "other": ("other ({n})", "其他（{n} 项）"),
        "separator": (": ", "："),
    }
)

# A group label (``by``) → its axis title; any other label is shown as given.
_GROUPS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "grade": ("Grade", "等级"),
        "target": ("Grade applied for", "申报等级"),
        "held": ("Grade held", "现有等级"),
        "region": ("Region", "地区"),
    }
)
GRADE_GROUPS = frozenset({"grade", "target", "held"})
"""Group labels whose values are grade ids."""

# What is counted: (English noun, Chinese axis title, Chinese measure word).
_UNITS: Mapping[str, tuple[str, str, str]] = MappingProxyType(
    {
        "grade": ("workers", "人数", "人"),
        "dualcert": ("candidates", "人数", "人"),
        "lead": ("organisations", "单位数", "家"),
        "exits": ("chains", "链数", "条"),
        "rows": ("rows", "行数", "行"),
        "": ("subjects", "数量", "个"),
    }
)


def word(key: str, lang: Lang, **fields: object) -> str:
    """The phrase ``key`` in ``lang``, with ``{fields}`` filled in."""
    en, zh = _WORDS[key]
    return (zh if lang == "zh" else en).format(**fields)


def status_label(status: str, lang: Lang) -> str:
    """A status in ``lang`` (``review`` → ``待复核``); an unknown status as it arrived."""
    labels = STATUS_LABELS.get(status)
    return labels[lang] if labels is not None else status


def group_title(by: str, lang: Lang) -> str:
    """The axis title for a group label (``region`` → ``地区``); other labels as given."""
    pair = _GROUPS.get(by)
    return by if pair is None else pair[1 if lang == "zh" else 0]


def group_value(by: str, value: str, lang: Lang) -> str:
    """A group value in ``lang``: grade ids become grade names, ``—`` (no value) becomes "not stated"."""
    if value in ("—", ""):
        return word("not_stated", lang)
    if by in GRADE_GROUPS:
        try:
            g = grade(value)
        except UnknownGradeError:
            return value
        return g.label_zh if lang == "zh" else g.label_en
    return value


def grade_rank(value: str) -> int:
    """The ladder rank of a grade id or label, 99 for anything else (sorted last)."""
    try:
        return grade(value).rank
    except UnknownGradeError:
        return 99


def _area(question: str | None, weighted: bool) -> str:
    if not weighted:
        return "rows"
    area = (question or "").split(":", 1)[0].strip()
    area = "grade" if area == "next_grade" else area
    return area if area in _UNITS else ""


def count_title(question: str | None, lang: Lang, *, weighted: bool = True) -> str:
    """The y-axis title for counts: ``Number of workers`` / ``人数（人）``; unweighted: rows."""
    noun, zh, measure = _UNITS[_area(question, weighted)]
    return f"{zh}（{measure}）" if lang == "zh" else f"Number of {noun}"


def flips_title(question: str | None, by: str, lang: Lang) -> str:
    """The y-axis title for flips: ``Status changes (workers)`` / ``状态变化（人）``."""
    area = _area(question, True) or ("grade" if by in GRADE_GROUPS else "")
    noun, _, measure = _UNITS[area]
    return f"状态变化（{measure}）" if lang == "zh" else f"Status changes ({noun})"


def number(value: float) -> str:
    """A count with thousands separators: ``12,345``; weighted fractions to two places (``2.5``)."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")

"""The words on a chart, in Chinese and English: statuses, grades, units, axis titles, numbers.

The words themselves are in the catalogue (:mod:`skilleco.render.words`, sections ``chart``,
``group`` and ``status``, and :data:`~skilleco.render.words.UNITS`); this module picks them for a
chart. Anything not in the catalogue (a new status, a region name, a policy id) is shown as it arrived.
"""

from __future__ import annotations

import math

from ..exceptions import UnknownGradeError
from ..ladder import grade
from .words import GROUP, STATUS_LABELS, UNITS, Lang, grade_name, status_label, word

__all__ = [
    "GRADE_GROUPS",
    "STATUS_LABELS",
    "Lang",
    "count_title",
    "flips_title",
    "grade_rank",
    "group_title",
    "group_value",
    "number",
    "status_label",
]

GRADE_GROUPS = frozenset({"grade", "target", "held"})
"""Group labels whose values are grade ids."""


def group_title(by: str, lang: Lang) -> str:
    """The axis title for a group label (``region`` → ``地区``); other labels as given."""
    return by if by not in GROUP else word(f"group.{by}", lang)


def group_value(by: str, value: str, lang: Lang) -> str:
    """A group value in ``lang``: grade ids become grade names, ``—`` (no value) becomes "not stated"."""
    if value in ("—", ""):
        return word("chart.not_stated", lang)
    return grade_name(value, lang) if by in GRADE_GROUPS else value


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
    return area if area in UNITS else ""


def count_title(question: str | None, lang: Lang, *, weighted: bool = True) -> str:
    """The y-axis title for counts: ``Number of workers`` / ``人数（人）``; unweighted: rows."""
    noun, title, measure = UNITS[_area(question, weighted)]
    return word("chart.count_axis", lang, noun=noun, title=title, measure=measure)


def flips_title(question: str | None, by: str, lang: Lang) -> str:
    """The y-axis title for flips: ``Status changes (workers)`` / ``状态变化（人）``."""
    area = _area(question, True) or ("grade" if by in GRADE_GROUPS else "")
    noun, _, measure = UNITS[area]
    return word("chart.flips_axis", lang, noun=noun, measure=measure)


def number(value: float) -> str:
    """A count with thousands separators: ``12,345``; weighted fractions to two places (``2.5``).

    Never raises: a value that is not finite (a sum past the range of a float) is ``∞``, ``-∞`` or
    ``NaN`` (issue 15, M2).
    """
    if not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("∞" if value > 0 else "-∞")
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")

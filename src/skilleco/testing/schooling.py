"""Strategies for a worker's schooling and training: school records and formal trainings."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from hypothesis import strategies as st

from ..ladder import CERTIFICATE_GRADES, GradeId
from ..models.schooling import DEGREE_LEVELS, Education, FormalTraining
from .records import _code, _literals
from .values import DEFAULT_MAX_DATE, DEFAULT_MIN_DATE, _bounds, _maybe, dates, kleene_values

__all__ = ["MAJORS", "educations", "formal_trainings"]

MAJORS: tuple[str, ...] = (
    "焊接技术应用",
    "金属热加工（焊接）",
    "机电一体化",
    "劳动与社会保障",
    "人力资源管理",
    "学前教育",
    "护理",
    "会计学",
)
"""A few majors (专业), some listed by the shipped standards (``standards.md``) and some not."""

_SCHOOL_KINDS = _literals(Education, "school_kind")
_CLASS_LEVELS = _literals(Education, "class_level")
_TRAINING_TARGETS = _literals(Education, "training_target")
_CERT_LEVELS: tuple[GradeId, ...] = tuple(g.id for g in CERTIFICATE_GRADES)


@st.composite
def educations(
    draw: st.DrawFn,
    *,
    min_date: _dt.date = DEFAULT_MIN_DATE,
    max_date: _dt.date = DEFAULT_MAX_DATE,
    school_kinds: Sequence[str] | None = None,
    expected_only: bool = True,
) -> Education:
    """School records, with graduation and expected graduation never before enrolment, and for
    higher education sometimes a degree level (one the school kind gives) and a major.

    Args:
        min_date: the earliest date on the record.
        max_date: the latest date on the record.
        school_kinds: the school kinds to draw from; all when left out.
        expected_only: whether a record may give an expected graduation date without an actual
            one. Such a record counts as a current-year graduate only in the expected year, so its
            facts change with the calendar year; pass ``False`` where that would get in the way.
    """
    lo, hi = _bounds(min_date, max_date)
    enrolled = draw(_maybe(dates(lo, hi)))
    first = lo if enrolled is None else enrolled
    graduated = draw(_maybe(dates(first, hi)))
    expected = None
    if graduated is not None or expected_only:
        expected = draw(_maybe(dates(first, hi)))
    kind = draw(st.sampled_from(tuple(school_kinds or _SCHOOL_KINDS)))
    degrees = sorted(DEGREE_LEVELS.get(kind, ()))
    return Education.model_validate(
        {
            "school_kind": kind,
            "class_level": draw(_maybe(st.sampled_from(_CLASS_LEVELS))),
            "specialty_match": draw(kleene_values()),
            "assessed": draw(kleene_values()),
            "training_target": draw(_maybe(st.sampled_from(_TRAINING_TARGETS))),
            "enrolled_on": enrolled,
            "graduated_on": graduated,
            "expected_graduation": expected,
            "degree_level": draw(_maybe(st.sampled_from(degrees))) if degrees else None,
            "major": draw(_maybe(st.sampled_from(MAJORS))),
        }
    )


def formal_trainings(
    *,
    occupation_code: str | st.SearchStrategy[str] | None = None,
    levels: Sequence[str] | None = None,
    min_date: _dt.date = DEFAULT_MIN_DATE,
    max_date: _dt.date = DEFAULT_MAX_DATE,
) -> st.SearchStrategy[FormalTraining]:
    """Completed formal trainings (正规培训结业) for a certificate level.

    Args:
        occupation_code: the occupation (a code or a strategy of codes); drawn from
            :data:`~skilleco.testing.OCCUPATION_CODES` when left out.
        levels: the grade ids to draw from; every certificate level when left out.
        min_date: the earliest completion date.
        max_date: the latest completion date.
    """
    choices = _CERT_LEVELS if levels is None else tuple(levels)
    return st.builds(
        FormalTraining,
        level=st.sampled_from(choices),
        occupation_code=_code(occupation_code),
        completed_on=dates(*_bounds(min_date, max_date)),
    )

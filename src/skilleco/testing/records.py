"""Strategies for the records on a worker: occupation, work periods, certificates, schooling, ...

Every strategy draws *valid* records: ends never precede starts, a rank never exceeds the number
of entrants, certificates are at a certificate level, and every date lies within the bounds given.
"""

from __future__ import annotations

import datetime as _dt
import typing
from collections.abc import Sequence
from typing import Literal

from hypothesis import strategies as st
from pydantic import BaseModel

from ..ladder import CERTIFICATE_GRADES, GRADES, GradeId, grade
from ..models.worker import (
    Apprenticeship,
    Certificate,
    CompetitionResult,
    Contribution,
    DirectRecognition,
    Employer,
    Occupation,
    Post,
    PrepTechnicianCertificate,
    Title,
    WorkPeriod,
)
from .values import DEFAULT_MAX_DATE, DEFAULT_MIN_DATE, _bounds, _maybe, _text, dates, kleene_values

__all__ = [
    "COMPETITION_LEVELS",
    "OCCUPATION_CODES",
    "apprenticeships",
    "certificates",
    "competition_results",
    "contributions",
    "direct_recognitions",
    "employers",
    "occupations",
    "posts",
    "prep_technician_certificates",
    "titles",
    "work_periods",
]


OCCUPATION_CODES: tuple[str, ...] = ("6-18-02-04", "6-31-01-03", "4-07-05-01")
"""A few occupation codes, so that certificates often match the worker's occupation."""


def _literals(model: type[BaseModel], field: str) -> tuple[str, ...]:
    """The string literals a model field admits, read from its annotation (one source of truth)."""
    out: list[str] = []

    def visit(tp: object) -> None:
        if typing.get_origin(tp) is Literal:
            out.extend(a for a in typing.get_args(tp) if isinstance(a, str))
        else:
            for arg in typing.get_args(tp):
                visit(arg)

    visit(model.model_fields[field].annotation)
    return tuple(out)


COMPETITION_LEVELS: tuple[str, ...] = _literals(CompetitionResult, "level")
"""Every competition level a :class:`~skilleco.models.CompetitionResult` admits."""

_TITLE_LEVELS = _literals(Title, "level")
_AWARDS = _literals(CompetitionResult, "award")
_CONTRIBUTION_KINDS = _literals(Contribution, "kind")
_POST_KINDS = _literals(Post, "kind")
_ISSUER_KINDS = _literals(Certificate, "issuer_kind")
_CERT_KINDS = _literals(Certificate, "kind")
_WORK_KINDS = _literals(WorkPeriod, "kind")
_CERT_LEVELS: tuple[GradeId, ...] = tuple(g.id for g in CERTIFICATE_GRADES)
_ALL_GRADES: tuple[GradeId, ...] = tuple(g.id for g in GRADES)


@st.composite
def _span(
    draw: st.DrawFn, lo: _dt.date, hi: _dt.date, open_ended: bool | None
) -> tuple[_dt.date, _dt.date | None]:
    start = draw(dates(lo, hi))
    is_open = draw(st.booleans()) if open_ended is None else open_ended
    return start, None if is_open else draw(dates(start, hi))


def _code(occupation_code: str | st.SearchStrategy[str] | None) -> st.SearchStrategy[str]:
    if occupation_code is None:
        return st.sampled_from(OCCUPATION_CODES)
    if isinstance(occupation_code, str):
        return st.just(occupation_code)
    return occupation_code


def occupations(
    *,
    code: str | None = None,
    edition: Literal["t2018", "t2023", "legacy"] | None = None,
    has_senior_technician: bool | None = None,
) -> st.SearchStrategy[Occupation]:
    """Occupations.

    Args:
        code: the occupation code; drawn from :data:`OCCUPATION_CODES` when left out.
        edition: the standard template (``t2018``, ``t2023`` or ``legacy``); ``t2018`` or
            ``t2023`` when left out (a legacy occupation's steps come from its standard).
        has_senior_technician: fix the flag; left out, it is drawn from true, false and unknown.
    """
    editions: tuple[Literal["t2018", "t2023"], ...] = ("t2018", "t2023")
    return st.builds(
        Occupation,
        code=_code(code),
        name=_maybe(_text()),
        standard_edition=st.sampled_from(editions) if edition is None else st.just(edition),
        has_senior_technician=(
            kleene_values() if has_senior_technician is None else st.just(has_senior_technician)
        ),
    )


@st.composite
def work_periods(
    draw: st.DrawFn,
    *,
    min_date: _dt.date = DEFAULT_MIN_DATE,
    max_date: _dt.date = DEFAULT_MAX_DATE,
    open_ended: bool | None = None,
    occupation_code: str | st.SearchStrategy[str] | None = None,
    kinds: Sequence[str] = ("work",),
) -> WorkPeriod:
    """Work periods with ``end >= start``.

    Args:
        min_date: the earliest start.
        max_date: the latest start or end.
        open_ended: ``True`` for open periods only (still working), ``False`` for closed ones
            only; either when left out.
        occupation_code: the occupation worked in (a code or a strategy of codes), stated in
            some periods and left out in others; never stated when left out.
        kinds: the kinds to draw from (``work``; ``trainee``: trainee work, 见习).

    Raises:
        ValueError: an unknown kind.
    """
    if not kinds or any(k not in _WORK_KINDS for k in kinds):
        raise ValueError(f"expected work period kinds from {list(_WORK_KINDS)}, got {kinds!r}")
    start, end = draw(_span(*_bounds(min_date, max_date), open_ended))
    code = None if occupation_code is None else draw(_maybe(_code(occupation_code)))
    kind = draw(st.sampled_from(tuple(kinds)))
    return WorkPeriod.model_validate({"start": start, "end": end, "occupation_code": code, "kind": kind})


@st.composite
def certificates(
    draw: st.DrawFn,
    *,
    occupation_code: str | st.SearchStrategy[str] | None = None,
    levels: Sequence[str] | None = None,
    min_date: _dt.date = DEFAULT_MIN_DATE,
    max_date: _dt.date = DEFAULT_MAX_DATE,
    dated: bool | None = None,
) -> Certificate:
    """Skill level certificates at a certificate level (``junior`` … ``senior_technician``).

    Args:
        occupation_code: the occupation (a code or a strategy of codes); drawn from
            :data:`OCCUPATION_CODES` when left out.
        levels: the grade ids to draw from; every certificate level when left out.
        min_date: the earliest issue date.
        max_date: the latest issue date.
        dated: ``True`` to always give an issue date, ``False`` never; either when left out.

    Raises:
        ValueError: a level that is not a certificate level.
    """
    choices = _CERT_LEVELS if levels is None else tuple(grade(v).id for v in levels)
    if not choices or any(c not in _CERT_LEVELS for c in choices):
        raise ValueError(f"expected certificate levels from {list(_CERT_LEVELS)}, got {levels!r}")
    lo, hi = _bounds(min_date, max_date)
    has_date = draw(st.booleans()) if dated is None else dated
    return Certificate(
        level=draw(st.sampled_from(choices)),
        occupation_code=draw(_code(occupation_code)),
        issued_on=draw(dates(lo, hi)) if has_date else None,
        issuer_kind=draw(_maybe(st.sampled_from(_ISSUER_KINDS))),
        kind=draw(st.sampled_from(_CERT_KINDS)),
    )


def prep_technician_certificates(
    *,
    occupation_code: str | st.SearchStrategy[str] | None = None,
    min_date: _dt.date = DEFAULT_MIN_DATE,
    max_date: _dt.date = DEFAULT_MAX_DATE,
) -> st.SearchStrategy[PrepTechnicianCertificate]:
    """Preparatory-technician certificates, dated or not.

    Args:
        occupation_code: the occupation (a code or a strategy of codes).
        min_date: the earliest issue date.
        max_date: the latest issue date.
    """
    return st.builds(
        PrepTechnicianCertificate,
        occupation_code=_code(occupation_code),
        issued_on=_maybe(dates(*_bounds(min_date, max_date))),
    )


def titles(
    *, min_date: _dt.date = DEFAULT_MIN_DATE, max_date: _dt.date = DEFAULT_MAX_DATE
) -> st.SearchStrategy[Title]:
    """Professional titles, dated or not, with a known or unknown specialty match.

    Args:
        min_date: the earliest date obtained.
        max_date: the latest date obtained.
    """
    return st.builds(
        Title,
        level=st.sampled_from(_TITLE_LEVELS),
        specialty_match=kleene_values(),
        obtained_on=_maybe(dates(*_bounds(min_date, max_date))),
    )


@st.composite
def competition_results(
    draw: st.DrawFn,
    *,
    levels: Sequence[str] | None = None,
    min_date: _dt.date = DEFAULT_MIN_DATE,
    max_date: _dt.date = DEFAULT_MAX_DATE,
) -> CompetitionResult:
    """Competition results, with ``rank <= entrants`` when both are given.

    Args:
        levels: the competition levels to draw from (see :data:`COMPETITION_LEVELS`); all when
            left out.
        min_date: the earliest result (and promotion) date.
        max_date: the latest result (and promotion) date.

    Raises:
        ValueError: an unknown competition level.
    """
    choices = COMPETITION_LEVELS if levels is None else tuple(levels)
    if not choices or any(c not in COMPETITION_LEVELS for c in choices):
        raise ValueError(f"expected competition levels from {list(COMPETITION_LEVELS)}, got {levels!r}")
    lo, hi = _bounds(min_date, max_date)
    on = draw(dates(lo, hi))
    entrants = draw(_maybe(st.integers(1, 10_000)))
    rank = draw(_maybe(st.integers(1, 1_000 if entrants is None else min(entrants, 1_000))))
    return CompetitionResult(
        level=draw(st.sampled_from(choices)),
        award=draw(_maybe(st.sampled_from(_AWARDS))),
        rank=rank,
        entrants=entrants,
        on=on,
        promoted_on=draw(_maybe(dates(on, hi))),
    )


def contributions(
    *, min_date: _dt.date = DEFAULT_MIN_DATE, max_date: _dt.date = DEFAULT_MAX_DATE
) -> st.SearchStrategy[Contribution]:
    """Records of exceptional contributions.

    Args:
        min_date: the earliest date.
        max_date: the latest date.
    """
    return st.builds(
        Contribution,
        kind=st.sampled_from(_CONTRIBUTION_KINDS),
        on=dates(*_bounds(min_date, max_date)),
    )


def direct_recognitions(
    *, min_date: _dt.date = DEFAULT_MIN_DATE, max_date: _dt.date = DEFAULT_MAX_DATE
) -> st.SearchStrategy[DirectRecognition]:
    """Direct recognitions by an enterprise, at any grade of the ladder.

    Args:
        min_date: the earliest date of recognition.
        max_date: the latest date of recognition.
    """
    return st.builds(
        DirectRecognition,
        grade=st.sampled_from(_ALL_GRADES),
        on=dates(*_bounds(min_date, max_date)),
        by=_text(),
        limits_waived=st.booleans(),
    )


@st.composite
def posts(
    draw: st.DrawFn,
    *,
    min_date: _dt.date = DEFAULT_MIN_DATE,
    max_date: _dt.date = DEFAULT_MAX_DATE,
    open_ended: bool | None = None,
) -> Post:
    """Enterprise posts with ``end >= start``.

    Args:
        min_date: the earliest start.
        max_date: the latest start or end.
        open_ended: ``True`` for posts still held, ``False`` for ended ones; either when left out.
    """
    start, end = draw(_span(*_bounds(min_date, max_date), open_ended))
    return Post(kind=draw(st.sampled_from(_POST_KINDS)), start=start, end=end)


@st.composite
def apprenticeships(
    draw: st.DrawFn,
    *,
    occupation_code: str | st.SearchStrategy[str] | None = None,
    min_date: _dt.date = DEFAULT_MIN_DATE,
    max_date: _dt.date = DEFAULT_MAX_DATE,
) -> Apprenticeship:
    """Apprenticeships with ``end >= start`` and probation ending no earlier than the start.

    Args:
        occupation_code: the occupation (a code or a strategy of codes).
        min_date: the earliest start.
        max_date: the latest date on the record.
    """
    lo, hi = _bounds(min_date, max_date)
    start, end = draw(_span(lo, hi, None))
    wages = _maybe(st.floats(0, 100_000, allow_nan=False, allow_infinity=False))
    return Apprenticeship(
        occupation_code=draw(_code(occupation_code)),
        start=start,
        end=end,
        completed=draw(kleene_values()),
        probation_end=draw(_maybe(dates(start, hi))),
        special_case=draw(st.booleans()),
        monthly_wage=draw(wages),
        local_minimum_wage=draw(wages),
    )


def employers() -> st.SearchStrategy[Employer]:
    """Employers, each flag true, false or unknown."""
    return st.builds(
        Employer,
        name=_maybe(_text()),
        above_designated_size=kleene_values(),
        mainly_skilled_workforce=kleene_values(),
        appoints_special_technicians=kleene_values(),
    )

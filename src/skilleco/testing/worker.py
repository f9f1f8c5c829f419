"""Strategies for whole workers: :class:`~skilleco.models.Worker` models and JSON-like worker dicts."""

from __future__ import annotations

import datetime as _dt
import typing
from collections.abc import Mapping, Sequence
from typing import Literal

from hypothesis import strategies as st

from ..ladder import GRADES
from ..models.dates import MIN_DATE
from ..models.plausible import MIN_WORKING_AGE, add_years, record_dates
from ..models.worker import Worker
from .records import (
    apprenticeships,
    certificates,
    competition_results,
    contributions,
    direct_recognitions,
    employers,
    occupations,
    posts,
    prep_technician_certificates,
    titles,
    work_periods,
)
from .schooling import educations, formal_trainings
from .values import (
    DEFAULT_MAX_DATE,
    DEFAULT_MIN_DATE,
    JSONValue,
    _bounds,
    _maybe,
    _text,
    dates,
    kleene_values,
)

__all__ = ["worker_dicts", "workers"]


@st.composite
def workers(
    draw: st.DrawFn,
    *,
    occupation_code: str | None = None,
    edition: Literal["t2018", "t2023", "legacy"] | None = None,
    complete: bool | None = None,
    min_date: _dt.date = DEFAULT_MIN_DATE,
    max_date: _dt.date = DEFAULT_MAX_DATE,
    until: _dt.date | None = None,
    expected_only: bool = True,
    competition_levels: Sequence[str] | None = None,
    max_records: int = 4,
) -> Worker:
    """Workers: every list field left out (not stated), empty, or holding a few valid records.

    Certificates, preparatory-technician certificates, formal trainings and apprenticeships are
    mostly in the worker's own occupation, so that routes which need them are often reached. A
    work period is now and then trainee work (见习); school records sometimes give a degree level
    and a major.

    Args:
        occupation_code: the occupation code; drawn from :data:`OCCUPATION_CODES` when left out.
        edition: the occupation's standard template; ``t2018`` or ``t2023`` when left out.
        complete: the ``records_complete`` flag; either when left out.
        min_date: the earliest date drawn, but for a birth date: births keep the records possible
            (nothing before the birth, no work before 16), so a worker whose records start near
            ``min_date`` is born before it.
        max_date: the latest date drawn.
        until: when given, every date on every record (starts, ends, issue dates, graduation,
            probation end, promotions) and the birth date fall on or before it; open periods and
            posts stay open. Facts then change after ``until`` by the passing of time alone.
        expected_only: passed to :func:`educations`.
        competition_levels: the competition levels to draw from; all when left out.
        max_records: the most records in each list.
    """
    lo, hi = _bounds(min_date, max_date)
    if until is not None:
        hi = min(hi, until)
        lo = min(lo, hi)
    occ = draw(occupations(code=occupation_code, edition=edition))
    # Mostly the worker's own occupation, sometimes another one (which must not count).
    codes = st.sampled_from((occ.code, occ.code, occ.code, "9-99-99-99"))

    def some(strategy: st.SearchStrategy[typing.Any]) -> typing.Any:
        return draw(_maybe(st.lists(strategy, max_size=max_records)))

    wid = draw(_text())
    records = {
        "work_periods": some(work_periods(min_date=lo, max_date=hi, occupation_code=codes, kinds=_KINDS)),
        "certificates": some(certificates(occupation_code=codes, min_date=lo, max_date=hi)),
        "prep_technician_certificates": some(
            prep_technician_certificates(occupation_code=codes, min_date=lo, max_date=hi)
        ),
        "education": some(educations(min_date=lo, max_date=hi, expected_only=expected_only)),
        "formal_trainings": some(formal_trainings(occupation_code=codes, min_date=lo, max_date=hi)),
        "titles": some(titles(min_date=lo, max_date=hi)),
        "competitions": some(competition_results(levels=competition_levels, min_date=lo, max_date=hi)),
        "contributions": some(contributions(min_date=lo, max_date=hi)),
        "direct_recognitions": some(direct_recognitions(min_date=lo, max_date=hi)),
        "posts": some(posts(min_date=lo, max_date=hi)),
        "apprenticeship": draw(_maybe(apprenticeships(occupation_code=codes, min_date=lo, max_date=hi))),
    }
    return Worker(
        id=wid,
        birth_date=draw(_maybe(_births(lo, hi, records))),
        occupation=occ,
        **records,
        employer=draw(_maybe(employers())),
        frontline=draw(kleene_values()),
        frontline_record=draw(kleene_values()),
        annual_appraisals_passed=draw(_maybe(st.integers(0, 10))),
        records_complete=draw(st.booleans()) if complete is None else complete,
    )


_KINDS = ("work", "work", "work", "trainee")  # trainee work (见习) now and then


def _births(
    lo: _dt.date, hi: _dt.date, records: Mapping[str, typing.Any]
) -> st.SearchStrategy[_dt.date | None]:
    """Birth dates that keep ``records`` possible (grades.md, "Dates must be possible"): on or
    before every record and at least :data:`~skilleco.models.plausible.MIN_WORKING_AGE` years
    before any work starts. Between ``lo`` and ``hi`` when the records allow it, else up to 60
    years before the latest possible day; none when not even 1900 would do."""
    latest = hi
    for _, day, work in record_dates(Worker.model_construct(**records)):
        latest = min(latest, add_years(day, -MIN_WORKING_AGE) if work else day)
    if latest < MIN_DATE:
        return st.none()
    return dates(lo if lo <= latest else max(MIN_DATE, add_years(latest, -60)), latest)


def _json_like(value: object) -> JSONValue:
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _json_like(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_like(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"expected JSON-like data, got {type(value).__name__} {value!r}")


_SPELLINGS: dict[str, tuple[str | int, ...]] = {
    g.id: (g.id, g.label_zh, *((g.level_zh, g.certificate_level) if g.level_zh else ())) for g in GRADES
}


@st.composite
def worker_dicts(
    draw: st.DrawFn,
    *,
    occupation_code: str | None = None,
    edition: Literal["t2018", "t2023", "legacy"] | None = None,
    complete: bool | None = None,
    min_date: _dt.date = DEFAULT_MIN_DATE,
    max_date: _dt.date = DEFAULT_MAX_DATE,
    until: _dt.date | None = None,
    grade_spellings: bool = True,
) -> dict[str, JSONValue]:
    """JSON-like worker dicts (dates as ISO text) that validate as :class:`~skilleco.models.Worker`.

    Fields that are unknown are sometimes left out and sometimes given as ``null``.

    Args:
        occupation_code: see :func:`workers`.
        edition: see :func:`workers`.
        complete: see :func:`workers`.
        min_date: see :func:`workers`.
        max_date: see :func:`workers`.
        until: see :func:`workers`.
        grade_spellings: whether to spell grades in the other accepted ways too (``三级``,
            ``高级工``, the certificate level ``3``), not only by id.
    """
    worker = draw(
        workers(
            occupation_code=occupation_code,
            edition=edition,
            complete=complete,
            min_date=min_date,
            max_date=max_date,
            until=until,
        )
    )
    data = worker.model_dump(exclude_none=draw(st.booleans()))
    if grade_spellings:
        for key, field in (("certificates", "level"), ("direct_recognitions", "grade")):
            for row in data.get(key) or ():
                row[field] = draw(st.sampled_from(_SPELLINGS[row[field]]))
    out = _json_like(data)
    assert isinstance(out, dict)  # a model dumps to a mapping
    return out

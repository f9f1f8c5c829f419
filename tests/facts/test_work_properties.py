"""Properties of work after a date (``shared/policy/time.md``, "Work after a date"; issue 12).

- work after a date never exceeds the calendar time since it, nor the cumulative work;
- a gap in work never makes anyone eligible sooner, nor earlier (status and earliest date);
- the months a range may hold (``…_max``) are never fewer than those that surely count.

The earliest date turning the answer on its day and not the day before is a property of
``tests/rules/test_properties.py``; scalar and columnar agreement on generated populations (with gaps,
other occupations and undated records) is ``tests/columnar/test_columnar.py``.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import skilleco
from skilleco.facts import WORKER_FACTS, worker_facts
from skilleco.facts.time import add_months, merge_periods, months_in, whole_months
from skilleco.models import Worker, WorkPeriod
from skilleco.testing import dates, work_periods, workers

ON = dt.date(2026, 11, 21)
SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)
RANK = {"ineligible": 0, "undetermined": 1, "eligible": 2}
TARGETS = ("intermediate", "senior", "technician", "senior_technician")


@given(periods=st.lists(work_periods(), max_size=6), since=dates(), on=dates())
def test_work_after_a_date_never_exceeds_calendar_time_since_it(
    periods: list[WorkPeriod], since: dt.date, on: dt.date
) -> None:
    """time.md: the clipped, merged, whole-month count is at most the whole months since the date,
    and at most the cumulative work."""
    merged = merge_periods(((p.start, p.end) for p in periods), on)
    after = months_in(merged, since)
    assert after <= months_in(merged)
    assert after <= (whole_months(since, on) if since <= on else 0)


@SLOW
@given(w=workers(complete=True), on=dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)))
def test_a_range_never_holds_less_than_what_surely_counts(w: Worker, on: dt.date) -> None:
    """FactSpec.most: the most favourable end of every range is at least what surely holds (for
    dates: no later), and the two agree when the range is settled."""
    f = worker_facts(w, on)
    for name, spec in WORKER_FACTS.items():
        if spec.most is None:
            continue
        sure, most = f[name], f[spec.most]
        settled = all(f[s] is True for s in spec.settled_by)
        if isinstance(sure, dt.date):
            assert most is None or most <= sure
        elif isinstance(sure, int) and isinstance(most, int):
            assert most >= sure
        if settled and sure is not None:
            assert most == sure, name


def _with_gap(w: Worker, start: dt.date, end: dt.date) -> Worker:
    """``w`` with no work from ``start`` to ``end`` (each period cut around the gap)."""
    assert w.work_periods is not None
    cut: list[WorkPeriod] = []
    for p in w.work_periods:
        if p.start < start:
            cut.append(
                p.model_copy(
                    update={"end": start - dt.timedelta(days=1) if p.end is None or p.end >= start else p.end}
                )
            )
        if p.end is None or p.end > end:
            cut.append(p.model_copy(update={"start": max(p.start, end + dt.timedelta(days=1))}))
    return w.model_copy(update={"work_periods": cut})


@st.composite
def careers(draw: st.DrawFn) -> Worker:
    """A welder with certificates in the occupation and a few periods of work, some open: the
    workers for whom work after a certificate decides the answer."""
    cert_on = draw(dates(dt.date(2008, 1, 1), ON))
    starts = draw(st.lists(dates(dt.date(2004, 1, 1), ON), min_size=1, max_size=3))
    periods = []
    for start in starts:
        end = draw(st.one_of(st.none(), dates(start, ON)))
        periods.append({"start": start.isoformat(), "end": None if end is None else end.isoformat()})
    level = draw(st.sampled_from(["intermediate", "senior", "technician"]))
    return Worker.model_validate(
        {
            "id": "w",
            "birth_date": "1980-01-01",
            "records_complete": True,
            "occupation": {
                "code": "6-18-02-04",
                "standard_edition": draw(st.sampled_from(["t2018", "t2023"])),
                "has_senior_technician": True,
            },
            "certificates": [
                {"level": level, "occupation_code": "6-18-02-04", "issued_on": cert_on.isoformat()}
            ],
            "work_periods": periods,
        }
    )


@SLOW
@given(
    w=st.one_of(careers(), workers(complete=True, until=ON, min_date=dt.date(1990, 1, 1))),
    data=st.data(),
    target=st.sampled_from(TARGETS),
)
def test_a_gap_never_makes_anyone_eligible_sooner(w: Worker, data: st.DataObject, target: str) -> None:
    """Issue 12: taking work away (a career break, before the date asked, inside a period of work)
    never raises the answer (eligible > undetermined > ineligible) and never brings the earliest
    date forward."""
    periods = [p for p in w.work_periods or () if p.start < ON - dt.timedelta(days=1)]
    if not periods:
        return
    p = data.draw(st.sampled_from(periods))
    last = min(p.end or ON, ON) - dt.timedelta(days=1)
    start = data.draw(dates(p.start, max(p.start, last)))
    end = data.draw(dates(start, max(start, last)))
    before = skilleco.assess_grade(w, target, policy="cn-2025", on=ON)
    after = skilleco.assess_grade(_with_gap(w, start, end), target, policy="cn-2025", on=ON)
    assert RANK[after.status] <= RANK[before.status]
    if before.status == after.status == "ineligible" and after.earliest_date is not None:
        assert before.earliest_date is not None and before.earliest_date <= after.earliest_date


@given(day=dates(), months=st.integers(-600, 600))
def test_add_months_is_relativedelta(day: dt.date, months: int) -> None:
    """time.md counts months as ``relativedelta`` does; the fast ``add_months`` agrees with it."""
    try:
        expected = day + relativedelta(months=months)
    except (ValueError, OverflowError):
        return
    assert add_months(day, months) == expected


@given(start=dates(), end=dates())
def test_whole_months_is_relativedelta(start: dt.date, end: dt.date) -> None:
    """Whole months from start to end: ``relativedelta`` years × 12 + months, leftover days dropped."""
    delta = relativedelta(end, start)
    assert whole_months(start, end) == (max(0, delta.years * 12 + delta.months) if end > start else 0)

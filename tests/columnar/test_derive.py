"""The worker facts derived in columns from record tables agree with the one-worker derivation, row
for row and fact for fact (issue 14, item 2: "agreeing row for row with the scalar derivation (a
hypothesis property over generated record tables with gaps, overlaps, unknowns, other occupations
and standards)"; ``time.md``, "Cumulative work", "Work after a date", "Continuous work")."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any, Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skilleco import load_policy, testing
from skilleco.exceptions import UnknownFactError
from skilleco.models import Worker
from skilleco.policy.policy import SCHEMAS
from skilleco.policy.standards import read_standard, shipped_standards, with_standards

pl = pytest.importorskip("polars")
from polars.testing import assert_frame_equal  # noqa: E402 - after the skip

from skilleco.columnar import required_facts  # noqa: E402
from skilleco.columnar.derive import worker_facts  # noqa: E402
from skilleco.facts.spec import worker_facts as scalar_worker_facts  # noqa: E402
from skilleco.policy import Policy  # noqa: E402
from skilleco.population import synthetic  # noqa: E402
from skilleco.population.records import RecordTables, from_workers  # noqa: E402
from skilleco.questions.grades import by_standard, standard_kinship  # noqa: E402

# Each example evaluates a whole frame both ways: 150 under the ``ci`` profile keeps CI under its
# 30 minutes (the fuzz suite and the other properties take the rest).
SLOW = settings(
    max_examples=min(settings().max_examples, 150),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Two standards of our own, beside the shipped ones, so that a record in another occupation also
# surely counts: one admits any related occupation (lists none), one lists 9-99-99-99 and has no 一级.
_OPEN = """
[standard]
id = "std-test-open"
occupation_code = "6-99-00-01"
occupation_name = "open"
edition = "t2023"
levels = ["junior", "intermediate", "senior", "technician", "senior_technician"]
related_count = true
provenance = "modelled"
majors = ["机电一体化"]
"""
_LISTED = """
[standard]
id = "std-test-listed"
occupation_code = "6-99-00-02"
occupation_name = "listed"
edition = "legacy"
levels = ["junior", "intermediate", "senior", "technician"]
related_count = true
related_occupations = [{ name = "other", code = "9-99-99-99" }]
provenance = "modelled"
"""
CN = load_policy("cn-2025")
STANDARDS = with_standards(
    CN,
    [
        *shipped_standards().values(),
        read_standard("open.toml", _OPEN.encode()),
        read_standard("listed.toml", _LISTED.encode()),
    ],
)
CODES = (*testing.OCCUPATION_CODES, *shipped_standards(), "6-99-00-01", "6-99-00-02", "9-99-99-99")
"""Occupations with a standard on file and without, and one no standard names."""
FACTS = tuple(n for n in SCHEMAS["worker"] if n not in ("target_rank", "current_rank"))


@st.composite
def people(draw: st.DrawFn, *, lo: dt.date = testing.DEFAULT_MIN_DATE, hi: dt.date = testing.DEFAULT_MAX_DATE) -> Worker:
    """A worker in one of :data:`CODES`, whose records are in it or in others of them."""
    editions: tuple[Literal["legacy"] | None, ...] = (None, None, "legacy")  # t2018/t2023, or legacy
    edition = draw(st.sampled_from(editions))
    worker = draw(
        testing.workers(occupation_code=draw(st.sampled_from(CODES)), edition=edition, min_date=lo, max_date=hi)
    )
    data = worker.model_dump()
    # The strategy's "other occupation" is 9-99-99-99: make it any of the codes now and then.
    for key in ("work_periods", "certificates", "prep_technician_certificates", "formal_trainings"):
        for rec in data.get(key) or ():
            if rec.get("occupation_code") == "9-99-99-99":
                rec["occupation_code"] = draw(st.sampled_from(CODES))
    _touch(draw, data.get("work_periods") or [])
    app = data.get("apprenticeship")
    if app is not None and app["occupation_code"] == "9-99-99-99":
        app["occupation_code"] = draw(st.sampled_from(CODES))
    return Worker.model_validate(data)


_DTYPES = {"bool": pl.Boolean, "int": pl.Int32, "float": pl.Float64, "str": pl.String, "date": pl.Date}


def scalar_frame(tables: RecordTables, on: dt.date, policy: Policy) -> Any:
    """The reference: each worker's facts by the one-worker derivation, judged by the occupation's
    standard as ``assess_grade`` judges it, assembled as the facts frame of the scalar path was."""
    rows = []
    for worker in tables.to_workers():
        seen, pol = by_standard(worker, policy)
        rows.append(scalar_worker_facts(seen, on, kinship=standard_kinship(pol, seen)))
    workers = tables.workers
    columns = [workers["id"].alias("subject_id"), workers["occupation_code"]]
    columns += [pl.Series(name, [r[name] for r in rows], dtype=_DTYPES[SCHEMAS["worker"][name].type]) for name in FACTS]
    return pl.DataFrame([*columns, workers["weight"], *(workers[g] for g in tables.group_names)])


def _month_end(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def _touch(draw: st.DrawFn, periods: list[dict[str, Any]]) -> None:
    """Now and then start or end a period on its month's last day (the day-of-month rule of whole
    months), and start the next the day after it ends (a change of employer without a break:
    ``merge_periods`` makes them one stretch) or on that day (an overlap)."""
    for period in periods:
        if draw(st.booleans()):  # from the 28th-31st: the longer month's days run past the shorter's
            period["start"] = _month_end(period["start"])
        if period["end"] is not None and draw(st.booleans()):
            period["end"] = _month_end(period["end"])
        if period["end"] is not None and period["end"] < period["start"]:
            period["end"] = period["start"]
    periods.sort(key=lambda p: p["start"])
    for before, period in itertools.pairwise(periods):
        gap = draw(st.sampled_from((None, 0, 1, 1)))
        if gap is None:
            continue
        if before["end"] is None:  # a job that ended, so that the next one can follow it
            before["end"] = before["start"] + dt.timedelta(days=draw(st.integers(0, 200)))
        period["start"] = before["end"] + dt.timedelta(days=gap)
        if period["end"] is not None and period["end"] < period["start"]:
            period["end"] = period["start"] + dt.timedelta(days=draw(st.integers(0, 400)))


def _anchors(worker: Worker) -> list[list[dt.date]]:
    """A worker's dates by kind: work, certificates and titles, everything else on record."""
    work = [d for p in worker.work_periods or () for d in (p.start, p.end) if d is not None]
    held = [
        d
        for d in (
            *(c.issued_on for c in worker.certificates or ()),
            *(c.issued_on for c in worker.prep_technician_certificates or ()),
            *(t.obtained_on for t in worker.titles or ()),
        )
        if d is not None
    ]
    data = worker.model_dump(include={"education", "competitions", "posts", "direct_recognitions", "contributions", "apprenticeship", "formal_trainings"})
    other = [d for d in _dates(data) if isinstance(d, dt.date)]
    return [work, held, other]


def _dates(value: object) -> list[object]:
    if isinstance(value, dict):
        return [d for v in value.values() for d in _dates(v)]
    if isinstance(value, list):
        return [d for v in value for d in _dates(v)]
    return [value]


def _day(data: st.DataObject, workers: list[Worker], on: dt.date) -> dt.date:
    """The day asked: as drawn, its month's end (an open period then ends on its month's last day),
    or the day before, of or after one of the workers' dates (work, holdings, other records)."""
    groups = [g for w in workers for g in _anchors(w) if g]
    how = data.draw(st.sampled_from(("drawn", "month end", "next to a record") if groups else ("drawn", "month end")))
    if how == "drawn":
        return on
    if how == "month end":
        return _month_end(on)
    day = data.draw(st.sampled_from(groups[data.draw(st.integers(0, len(groups) - 1))]))
    day += dt.timedelta(days=data.draw(st.sampled_from((-1, 0, 1))))
    return min(max(day, dt.date(1900, 1, 1)), dt.date(2100, 12, 31))


def _one_birth_per_id(workers: list[Worker]) -> list[Worker]:
    """Workers given under one id share its records, so they share one birth date: the earliest
    among them, or none if one of them has none. Otherwise one's work may fall before another's
    16th birthday, an impossible record (``models/plausible.py``) that ``RecordTables.to_workers``
    rightly refuses."""
    births: dict[str, dt.date | None] = {}
    for w in workers:
        known = births.get(w.id, w.birth_date)
        births[w.id] = None if known is None or w.birth_date is None else min(known, w.birth_date)
    return [w.model_copy(update={"birth_date": births[w.id]}) for w in workers]


def _check(workers: list[Worker], on: dt.date, standards: bool, data: st.DataObject) -> None:
    policy = STANDARDS if standards else CN
    workers = _one_birth_per_id(workers)
    on = _day(data, workers, on)
    weights = data.draw(st.lists(st.floats(0, 1e6), min_size=len(workers), max_size=len(workers)))
    groups = data.draw(
        st.lists(
            st.fixed_dictionaries({}, optional={"region": st.sampled_from(("深圳", "广州"))}),
            min_size=len(workers),
            max_size=len(workers),
        )
    )
    tables = from_workers(workers, weights=weights, groups=groups)
    expected = scalar_frame(tables, on, policy)
    got = worker_facts(tables, on, policy=policy)
    assert_frame_equal(got, expected)
    names = data.draw(st.sets(st.sampled_from(FACTS), max_size=12))
    keys = ["subject_id", "occupation_code"]
    subset = [n for n in FACTS if n in names]
    assert_frame_equal(
        worker_facts(tables, on, policy=policy, names=names),
        expected.select(*keys, *subset, "weight", *tables.group_names),
    )


@SLOW
@given(
    workers=st.lists(people(), min_size=1, max_size=8),
    on=testing.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)),
    standards=st.booleans(),
    data=st.data(),
)
def test_property_every_fact_agrees_with_the_scalar_derivation(
    workers: list[Worker], on: dt.date, standards: bool, data: st.DataObject
) -> None:
    """Under cn-2025 and with the standards on file: periods in other occupations, undated and
    unsettled certificates, unstated lists, complete records, ids given twice (each worker of an
    id has its records, as ``RecordTables.to_workers`` gives them), a subset of the facts asked."""
    _check(workers, on, standards, data)


_LO, _HI = dt.date(2019, 11, 1), dt.date(2020, 4, 30)


@SLOW
@given(
    workers=st.lists(people(lo=_LO, hi=_HI), min_size=1, max_size=6, unique_by=lambda w: w.id),
    on=testing.dates(_LO, dt.date(2020, 5, 31)),
    standards=st.booleans(),
    data=st.data(),
)
def test_property_crowded_dates_agree(
    workers: list[Worker], on: dt.date, standards: bool, data: st.DataObject
) -> None:
    """Every date within a few months (29 February 2020 among them), so that periods touch and
    overlap, records fall on the day asked or the day after, and months come up a few days short."""
    _check(workers, on, standards, data)


def test_required_facts_of_next_grade_agree() -> None:
    """The next-grade question's facts alone (what the 1M-worker benchmark derives) equal those
    columns of the full frame, on synthetic workers."""
    on = dt.date(2026, 11, 21)
    pop = synthetic.workers(300, seed=3, on=on)
    tables = from_workers(pop.subjects, weights=pop.weights, groups=pop.groups)
    names = required_facts("next_grade", policy="cn-2025")
    expected = scalar_frame(tables, on, CN)
    got = worker_facts(tables, on, policy="cn-2025", names=names)
    assert_frame_equal(got, expected.select("subject_id", "occupation_code", *names, "weight", "region"))


def test_no_workers_give_an_empty_frame_of_the_same_schema() -> None:
    """Zero workers: zero rows, every column typed as the scalar path types it."""
    tables = from_workers([])
    assert_frame_equal(worker_facts(tables, dt.date(2025, 1, 1), policy=CN), scalar_frame(tables, dt.date(2025, 1, 1), CN))


def test_an_unknown_fact_name_is_refused_with_a_suggestion() -> None:
    """A name that is no derived worker fact raises UnknownFactError (code unknown_fact)."""
    tables = from_workers([])
    with pytest.raises(UnknownFactError) as info:
        worker_facts(tables, dt.date(2025, 1, 1), policy=CN, names=["work_month"])
    assert info.value.code == "unknown_fact" and info.value.suggestion == "work_months"



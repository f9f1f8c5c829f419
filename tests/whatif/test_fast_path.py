"""Every population on the fastest path (issue 14, item 4): ``compare`` and ``sweep`` take columnar
facts whenever Polars is there — record tables chunk by chunk, populations of models derived in
columns — and the results are identical to the row-by-row path, to the last digit of every weight."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import skilleco
from skilleco import testing
from skilleco.population import scan_records, synthetic
from skilleco.population.records import from_workers
from skilleco.population.synthetic_tables import worker_tables

ON = dt.date(2026, 11, 21)
GD = skilleco.load_policy("gd-2025")
PARAM = "t2023.technician.after_senior_years"
REFORM = GD.with_changes({PARAM: 4}, label="wait 4 years")
POP = synthetic.workers(1500, seed=5, on=ON)  # weighted: weights with fractions test exact sums


@pytest.mark.parametrize("question", ["next_grade", "grade:technician"])
def test_compare_is_the_same_either_way(question: str) -> None:
    """compare(engine="columnar") == compare(engine="scalar"): counts, flips (ids, rows, rules),
    attribution, cost, to the last digit of the weighted sums."""
    a = skilleco.compare(POP, question, baseline=GD, reform=REFORM, on=ON, cost=True, engine="scalar")
    b = skilleco.compare(POP, question, baseline=GD, reform=REFORM, on=ON, cost=True, engine="columnar")
    assert a.to_dict() == b.to_dict()
    assert a.flips  # the reform moves someone: the comparison is not vacuous


@pytest.mark.parametrize("question", ["lead", "exits", "dualcert"])
def test_other_subjects_too(question: str) -> None:
    """Organisations, chains and candidates: facts derived one by one, answered in columns."""
    pops = {
        "lead": synthetic.lead_candidates(300, seed=2, on=ON),
        "exits": synthetic.chains(60, seed=2, on=ON),
        "dualcert": synthetic.dual_certificate_candidates(300, seed=2, on=ON, scheme="bj-2025"),
    }
    policy = "bj-2025" if question == "dualcert" else "gd-2025"
    base = skilleco.load_policy(policy)
    a = skilleco.compare(pops[question], question, baseline=base, reform=base, on=ON, engine="scalar")
    b = skilleco.compare(pops[question], question, baseline=base, reform=base, on=ON, engine="columnar")
    assert a.to_dict() == b.to_dict()


def test_sweep_is_the_same_either_way() -> None:
    kw = {"parameter": PARAM, "values": [3, 4, 5], "policy": GD, "on": ON, "cost": True}
    a = skilleco.sweep(POP, "next_grade", engine="scalar", **kw)  # type: ignore[arg-type]
    b = skilleco.sweep(POP, "next_grade", engine="columnar", **kw)  # type: ignore[arg-type]
    assert a.to_dict() == b.to_dict()


def test_record_tables_chunk_by_chunk(tmp_path: Path) -> None:
    """Record tables in memory, in a folder read chunk by chunk, and as models: one answer. Flip rows
    are workers-table rows."""
    tables = worker_tables(900, seed=9, on=ON)
    folder = tmp_path / "tables"
    folder.mkdir()
    tables.workers.write_parquet(folder / "workers.parquet")
    for name, t in tables.tables.items():
        t.write_csv(folder / f"{name}.csv")
    whole = skilleco.compare(tables, "next_grade", baseline=GD, reform=REFORM, on=ON, cost=True)
    chunks = skilleco.compare(
        scan_records(folder, chunk_size=100), "next_grade", baseline=GD, reform=REFORM, on=ON, cost=True
    )
    models = skilleco.compare(
        tables.to_population(), "next_grade", baseline=GD, reform=REFORM, on=ON, cost=True, engine="scalar"
    )
    assert whole.flips and whole.counts == chunks.counts == models.counts
    assert whole.flips == chunks.flips == models.flips
    assert whole.cost == chunks.cost == models.cost
    assert [f.row for f in whole.flips] == [tables.ids.index(f.subject_id) + 1 for f in whole.flips]


def test_weights_length_is_checked_on_the_fast_path() -> None:
    with pytest.raises(skilleco.InputError) as exc:
        skilleco.compare(
            POP, "next_grade", baseline=GD, reform=REFORM, on=ON, weights=[1.0], engine="columnar"
        )
    assert exc.value.errors[0]["type"] == "bad_weights"


@settings(max_examples=40, deadline=None)
@given(
    people=st.lists(testing.workers(), min_size=1, max_size=8, unique_by=lambda w: w.id),
    on=testing.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31)),
    years=st.integers(0, 8),
)
def test_property_generated_workers(people: list[skilleco.Worker], on: dt.date, years: int) -> None:
    """Any workers, any date, any wait: both paths give the same comparison."""
    people = [p for p in people if p.birth_date is None or p.birth_date <= on]
    reform = GD.with_changes({PARAM: years}, label=f"{years}")
    a = skilleco.compare(people, "next_grade", baseline=GD, reform=reform, on=on, engine="scalar")
    b = skilleco.compare(from_workers(people), "next_grade", baseline=GD, reform=reform, on=on)
    assert a.counts == b.counts and a.flips == b.flips and a.attribution == b.attribution


@pytest.mark.parametrize("engine", ["scalar", "columnar"])
def test_weights_given_to_compare_are_bounded_like_the_population_s(engine: str) -> None:
    """Issue 15, M2: ``compare(weights=)`` takes what a population file takes — finite numbers from 0
    to MAX_WEIGHT (10¹²), one per row — on both paths; one past it, a bool or NaN is ``bad_weights``."""
    from skilleco.exceptions import InputError
    from skilleco.population.population import MAX_WEIGHT

    pop = synthetic.workers(3, seed=1, on=ON)
    ok = skilleco.compare(
        pop, "next_grade", baseline=GD, reform=REFORM, on=ON, weights=[MAX_WEIGHT, 0, 1], engine=engine
    )
    assert ok.total_weight == MAX_WEIGHT + 1
    for bad in ([MAX_WEIGHT * 1.01, 0, 1], [True, 1, 1], [float("nan"), 1, 1], [1, 1]):
        with pytest.raises(InputError) as info:
            skilleco.compare(pop, "next_grade", baseline=GD, reform=REFORM, on=ON, weights=bad, engine=engine)
        assert info.value.errors[0]["type"] == "bad_weights" and info.value.fields == ("weights",)

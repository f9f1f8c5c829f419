"""The worker rows ``read_records`` finds while checking the tables are kept
(``RecordTables.found``) and reused by the columnar derivation instead of looking every record's
id up again (issue 14: 1M workers from record tables). Reused or looked up afresh, the facts must
be the same — with workers left out by ``on_error="skip"`` (the rows after them renumbered), in a
shuffled workers table, and never for tables derived from the read ones."""

from __future__ import annotations

import datetime as dt

import attrs
import polars as pl
import pytest

from skilleco import columnar
from skilleco.population import read_records, synthetic
from skilleco.population.records import RecordTables, from_workers

ON = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def tables() -> RecordTables:
    return from_workers(synthetic.workers(240, seed=17, on=ON).subjects)


def _fresh(t: RecordTables) -> RecordTables:
    """The same tables, with nothing found: the derivation looks the ids up itself."""
    return attrs.evolve(t, found={})


def _facts(t: RecordTables) -> pl.DataFrame:
    return columnar.facts_frame(t, "next_grade", on=ON, policy="gd-2025")


def _frames(t: RecordTables) -> dict[str, pl.DataFrame]:
    return {"workers": t.workers, **t.tables}


@pytest.mark.parametrize("shuffle", [False, True])
def test_found_rows_give_the_facts_of_a_fresh_lookup(tables: RecordTables, shuffle: bool) -> None:
    frames = _frames(tables)
    if shuffle:  # unsorted ids: the reader joins instead of searching
        frames["workers"] = frames["workers"].sample(fraction=1.0, shuffle=True, seed=5)
    read = read_records(frames)
    assert read.worker_rows("certificates") is not None and read.worker_rows("work_periods") is not None
    assert _facts(read).equals(_facts(_fresh(read)))


def test_rows_after_skipped_workers_are_renumbered(tables: RecordTables) -> None:
    """Workers 3 and 100 have a bad certificate: left out whole, every later worker's records must
    still find their own worker (a stale row would give them a neighbour's facts)."""
    frames = _frames(tables)
    certs = frames["certificates"]
    bad = set(tables.workers["id"].gather([3, 100]).to_list())
    first = (
        certs.with_row_index("_i")
        .filter(pl.col("worker_id").is_in(list(bad)))
        .group_by("worker_id")
        .agg(pl.col("_i").first())["_i"]
    )
    assert first.len() == 2, "both workers hold a certificate"
    frames["certificates"] = certs.with_columns(
        pl.when(pl.int_range(pl.len()).is_in(first.implode()))
        .then(pl.lit("九级"))
        .otherwise(pl.col("level"))
        .alias("level")
    )
    kept = read_records(frames, on_error="skip")
    assert len(kept) == len(tables) - 2 and not set(kept.workers["id"].to_list()) & bad
    rows = kept.worker_rows("certificates")
    assert rows is not None
    assert kept.workers["id"].gather(rows).equals(kept.tables["certificates"]["worker_id"], check_names=False)
    assert _facts(kept).equals(_facts(_fresh(kept)))


def test_tables_derived_from_read_ones_look_their_ids_up_again(tables: RecordTables) -> None:
    read = read_records(_frames(tables))
    reversed_workers = attrs.evolve(read, workers=read.workers.reverse())
    assert reversed_workers.worker_rows("certificates") is None
    fewer = attrs.evolve(read, tables={**read.tables, "certificates": read.tables["certificates"].head(5)})
    assert fewer.worker_rows("certificates") is None and fewer.worker_rows("work_periods") is not None
    assert _facts(reversed_workers).equals(_facts(_fresh(read)).reverse())
    chunk = next(read.chunks(100))
    assert chunk.worker_rows("certificates") is None

"""Record tables (issue 14, item 1 and "Bad input"): a workers table and long tables keyed by worker
id, read from folders, zips and frames, checked up front with every problem named by table, row and
column; with ``on_error="skip"`` every skipped row listed, never dropped silently."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import attrs
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from skilleco.exceptions import InputError, PopulationError
from skilleco.population import read_records, scan_records, synthetic
from skilleco.population.record_schema import LONG_TABLES, TABLES
from skilleco.population.records import RecordTables, from_workers

ON = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def tables() -> RecordTables:
    return from_workers(synthetic.workers(300, seed=7, on=ON).subjects)


def _write(t: RecordTables, folder: Path, fmt: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    frames = {"workers": t.workers, **t.tables}
    for name, frame in frames.items():
        if fmt == "csv":
            frame.write_csv(folder / f"{name}.csv")
        else:
            frame.write_parquet(folder / f"{name}.parquet")
    return folder


def _errors(exc: pytest.ExceptionInfo[PopulationError]) -> set[tuple[str, int, str, str]]:
    return {(e.table, e.row, e.field, e.code) for e in exc.value.rows}


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_folder_round_trip(tables: RecordTables, tmp_path: Path, fmt: str) -> None:
    """A folder of CSV or Parquet files reads back to the same workers, model for model."""
    back = read_records(_write(tables, tmp_path / fmt, fmt))
    assert back.to_workers() == tables.to_workers()
    assert back.workers.schema == tables.workers.schema


def test_zip_and_frames(tables: RecordTables, tmp_path: Path) -> None:
    """A zip of CSV files, pandas frames and Arrow tables read the same as Polars frames."""
    folder = _write(tables, tmp_path / "z", "csv")
    archive = tmp_path / "tables.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in folder.iterdir():
            z.write(f, f"export/{f.name}")
    expected = tables.to_workers()
    assert read_records(archive).to_workers() == expected
    as_pandas = {"workers": tables.workers.to_pandas(), **{k: v.to_pandas() for k, v in tables.tables.items()}}
    assert read_records(as_pandas).to_workers() == expected
    as_arrow = {"workers": tables.workers.to_arrow(), **{k: v.to_arrow() for k, v in tables.tables.items()}}
    assert isinstance(as_arrow["workers"], pa.Table)
    assert read_records(as_arrow).to_workers() == expected


def test_schema_is_the_models() -> None:
    """Every long table is a list of the Worker model, keyed by worker_id; required columns are the
    model's required fields."""
    assert set(LONG_TABLES) == {n for n in TABLES if n != "workers"}
    certs = TABLES["certificates"]
    assert certs.column_names[0] == "worker_id"
    assert {c.name for c in certs.columns if c.required} == {"worker_id", "level", "occupation_code"}
    assert TABLES["work_periods"].column("kind").allowed == ("work", "trainee")


def _minimal() -> dict[str, pl.DataFrame]:
    return {
        "workers": pl.DataFrame(
            {"id": ["w1", "w2", "w3"], "occupation_code": ["6-31-01-03"] * 3, "birth_date": ["1990-01-01"] * 3}
        ),
        "certificates": pl.DataFrame(
            {
                "worker_id": ["w1", "w2", "w3"],
                "level": ["四级", "三级", "中级工"],
                "occupation_code": ["6-31-01-03"] * 3,
                "issued_on": ["2015-06-30", "2018-07-01", "2016-01-01"],
            }
        ),
    }


def test_read_and_stated() -> None:
    """Grades read as grade ids; a given table states its records for every worker (none: none), a
    table left out states nothing (unknown), unless records_complete."""
    frames = _minimal()
    frames["workers"] = frames["workers"].with_columns(pl.Series("records_complete", ["", "", "true"]))
    t = read_records(frames)
    assert t.tables["certificates"]["level"].to_list() == ["intermediate", "senior", "intermediate"]
    w = t.to_workers()
    assert w[0].certificates is not None and w[0].titles is None
    assert w[2].titles == []  # records_complete: stated, none


@pytest.mark.parametrize(
    ("table", "column", "value", "code"),
    [
        ("certificates", "issued_on", "2015-13-01", "invalid_value"),  # unparseable date
        ("certificates", "level", "九级", "invalid_value"),
        ("certificates", "worker_id", "w9", "unknown_worker"),  # a record of no worker
        ("workers", "id", "w1", "duplicate_id"),
        ("workers", "birth_date", "2019-01-01", "impossible_date"),  # certificate before birth
        ("certificates", "issued_on", "2015-01-01T00:00:00", "invalid_value"),
        ("certificates", "issued_on", "２０１５-０１-０１", "invalid_value"),
    ],
)
def test_bad_cells_name_table_row_and_column(table: str, column: str, value: str, code: str) -> None:
    """Issue 14, "Bad input": each problem names table, row and column; skip lists every skipped row."""
    frames = _minimal()
    frames[table] = frames[table].with_columns(
        pl.when(pl.int_range(pl.len()) == 1).then(pl.lit(value)).otherwise(pl.col(column)).alias(column)
    )
    with pytest.raises(PopulationError) as exc:
        read_records(frames)
    where = (table, 2, column, code)
    if code == "impossible_date":
        where = ("certificates", 2, "issued_on", code)
    assert where in _errors(exc)
    kept = read_records(frames, on_error="skip")
    assert kept.skipped and {(e.table, e.row, e.field, e.code) for e in kept.skipped} == _errors(exc)
    if code == "unknown_worker":  # the record is left out; every worker is kept
        assert kept.tables["certificates"]["worker_id"].to_list() == ["w1", "w3"]
        return
    left_out = "w2" if code != "duplicate_id" else "w1"
    assert left_out not in kept.workers["id"].to_list()
    assert left_out not in kept.tables["certificates"]["worker_id"].to_list()


@pytest.mark.parametrize("start", ["2015-01-01T00:00:00", "1899-12-31", "2015-1-1x"])
def test_a_required_date_is_read_by_its_field_s_reader(start: str) -> None:
    """A required date (``work_periods.start``) goes through the field's own reader, as an optional
    one does: a date-time or a date before 1900 is a row error of the table, never a raw pydantic
    error from ``to_population`` later (issue 15, hostile input; limits.md, "Dates")."""
    frames = {
        "workers": pl.DataFrame({"id": ["a", "b"], "occupation_code": ["6-18-02-04"] * 2}),
        "work_periods": pl.DataFrame({"worker_id": ["a", "b"], "start": ["2015-01-01", start]}),
    }
    with pytest.raises(PopulationError) as exc:
        read_records(frames)
    assert _errors(exc) == {("work_periods", 2, "start", "invalid_value")}
    kept = read_records(frames, on_error="skip")
    assert [w.id for w in kept.to_population().subjects] == ["a"]


def test_missing_column_and_wrong_dtype() -> None:
    """A missing required column or an unknown column is a problem with the table (row 0); a column
    of the wrong type names each row."""
    frames = _minimal()
    frames["certificates"] = frames["certificates"].drop("level")
    with pytest.raises(PopulationError) as exc:
        read_records(frames)
    assert ("certificates", 0, "level", "missing_column") in _errors(exc)
    frames = _minimal()
    frames["workers"] = frames["workers"].with_columns(pl.lit(1).alias("shoe_size"))
    with pytest.raises(PopulationError) as exc:
        read_records(frames)
    assert ("workers", 0, "shoe_size", "unknown_column") in _errors(exc)
    frames = _minimal()
    frames["workers"] = frames["workers"].with_columns(pl.lit([1]).alias("frontline"))
    with pytest.raises(PopulationError) as exc:
        read_records(frames)
    assert ("workers", 1, "frontline", "wrong_dtype") in _errors(exc)


def test_not_stated_with_rows() -> None:
    """Records of a worker whose records are said not to be stated contradict each other."""
    frames = _minimal()
    frames["workers"] = frames["workers"].with_columns(pl.Series("certificates_stated", [True, False, None]))
    with pytest.raises(PopulationError) as exc:
        read_records(frames)
    assert _errors(exc) == {("certificates", 2, "worker_id", "not_stated")}


def test_pandas_midnight_timestamps() -> None:
    """Dates from pandas (timestamps at midnight) are dates; a time of day is refused."""
    frames = _minimal()
    workers = frames["workers"].to_pandas()
    workers["birth_date"] = pd.to_datetime(workers["birth_date"])
    t = read_records({**frames, "workers": workers})
    assert t.workers["birth_date"].to_list() == [dt.date(1990, 1, 1)] * 3
    workers.loc[0, "birth_date"] = pd.Timestamp("1990-01-01 08:00")
    with pytest.raises(PopulationError) as exc:
        read_records({**frames, "workers": workers})
    assert ("workers", 1, "birth_date", "invalid_value") in _errors(exc)


def test_scan_in_chunks_reads_every_worker(tables: RecordTables, tmp_path: Path) -> None:
    """Issue 14, item 3: a folder read chunk by chunk gives the same workers as read whole; a record
    of no worker is found before any chunk is read."""
    folder = _write(tables, tmp_path / "scan", "parquet")
    chunks = list(scan_records(folder, chunk_size=70))
    assert [len(c) for c in chunks] == [70, 70, 70, 70, 20]
    assert [w for c in chunks for w in c.to_workers()] == tables.to_workers()
    pl.DataFrame(
        {"worker_id": ["nobody"], "kind": ["major_process_problem"], "on": [dt.date(2020, 1, 1)]}
    ).write_parquet(folder / "contributions.parquet")
    with pytest.raises(PopulationError) as exc:
        scan_records(folder, chunk_size=70)
    assert _errors(exc) == {("contributions", 1, "worker_id", "unknown_worker")}
    scan = scan_records(folder, chunk_size=70, on_error="skip")
    assert len(scan.problems) == 1 and sum(len(c) for c in scan) == 300


def test_unsorted_ids_read_the_same(tables: RecordTables) -> None:
    """Records find their worker whether the workers table is sorted by id (a binary search) or not
    (a join); a record of no worker is found either way."""
    shuffled = tables.workers.sample(fraction=1.0, shuffle=True, seed=3)
    assert not shuffled["id"].is_sorted()
    orphan = pl.DataFrame({"worker_id": ["zzz"], "kind": ["major_process_problem"], "on": [dt.date(2020, 1, 1)]})
    for workers in (tables.workers, shuffled):
        frames = {"workers": workers, **tables.tables}
        by_id = {w.id: w for w in read_records(frames).to_workers()}
        assert by_id == {w.id: w for w in tables.to_workers()}
        with pytest.raises(PopulationError) as exc:
            read_records({**frames, "contributions": orphan})
        assert _errors(exc) == {("contributions", 1, "worker_id", "unknown_worker")}


def test_write_parquet_reads_back_the_same_tables(tables: RecordTables, tmp_path: Path) -> None:
    """``RecordTables.write_parquet`` writes what ``read_records`` reads back: the same workers,
    model for model, and the same stated columns (a table given empty still states its records)."""
    given = attrs.evolve(tables, tables={**tables.tables, "titles": tables.table("titles").head(0)})
    folder = given.write_parquet(tmp_path / "export")
    assert sorted(f.name for f in folder.iterdir()) == sorted(
        ["workers.parquet", *(f"{name}.parquet" for name in given.tables)]
    )
    back = read_records(folder)
    assert back.to_workers() == given.to_workers()
    assert back.workers.equals(given.workers)
    assert back.workers["titles_stated"].all()


def test_write_parquet_refuses_a_folder_in_use(tables: RecordTables, tmp_path: Path) -> None:
    """Another export's files in the folder would be read with these: refused, naming the folder."""
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "titles.csv").write_text("worker_id,level\n")
    with pytest.raises(InputError) as exc:
        tables.write_parquet(tmp_path / "old")
    assert exc.value.errors[0]["type"] == "not_empty" and exc.value.errors[0]["loc"] == ("folder",)
    (tmp_path / "file").write_text("")
    with pytest.raises(InputError) as exc:
        tables.write_parquet(tmp_path / "file")
    assert exc.value.errors[0]["type"] == "not_folder"

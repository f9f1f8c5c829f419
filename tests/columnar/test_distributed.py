"""Beyond one machine: per-partition evaluation on Dask and in Spark's Arrow shape equals the whole frame."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")

from skilleco import columnar, load_policy  # noqa: E402
from skilleco.columnar import distributed  # noqa: E402
from skilleco.exceptions import InputError, MissingDependencyError, PopulationError  # noqa: E402
from skilleco.policy import Policy  # noqa: E402
from skilleco.population import synthetic  # noqa: E402 - after the skips

ON = dt.date(2026, 11, 21)
REFORM_PARAM = "t2023.technician.after_senior_years"


def _policy(name: str) -> Policy:
    base = load_policy("gd-2025")
    return base if name == "gd-2025" else base.with_changes({REFORM_PARAM: 4}, label="w4")


@pytest.fixture(scope="module")
def frame() -> Any:
    """3,000 synthetic workers' facts for the next-grade question."""
    return columnar.facts_frame(synthetic.workers(3000, seed=11, on=ON), "next_grade", on=ON)


@pytest.fixture(scope="module")
def dataset(frame: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The facts frame as a Parquet dataset of five files."""
    root = tmp_path_factory.mktemp("facts")
    files = distributed.write_facts_parquet(frame, root, rows_per_file=700)
    assert len(files) == 5
    return root


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A real two-process Dask cluster, closed when the module's tests are done."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as c,
    ):
        yield c


def _polars(out: Any) -> Any:
    """A pandas result (ArrowDtype columns) as a Polars frame, through Arrow."""
    return pl.from_arrow(pa.Table.from_pandas(out, preserve_index=False))


def _assert_same_rows(got: Any, want: Any) -> None:
    """Row for row equal on every column of ``want``; columns only in ``got`` are all null."""
    got, want = got.sort("subject_id"), want.sort("subject_id")
    assert got.height == want.height
    assert set(want.columns) <= set(got.columns)
    for name in want.columns:
        assert got[name].to_list() == want[name].to_list(), name
    for name in set(got.columns) - set(want.columns):
        assert got[name].null_count() == got.height, name


@pytest.mark.parametrize("policy_name", ["gd-2025", "w4"])
def test_dask_cluster_equals_single_machine(policy_name: str, frame: Any, dataset: Path, client: Any) -> None:
    """evaluate_dask over a multi-file Parquet dataset on a two-worker cluster equals columnar.evaluate on the whole frame."""
    policy = _policy(policy_name)
    ddf = dd.read_parquet(dataset, dtype_backend="pyarrow")
    assert ddf.npartitions >= 4
    lazy = distributed.evaluate_dask(ddf, "next_grade", policy=policy, on=ON)
    assert list(lazy.columns) == distributed.result_schema("next_grade", policy=policy).names
    got = client.compute(lazy).result()
    assert len(client.scheduler_info()["workers"]) == 2
    assert isinstance(got["deciding"].dtype, pd.ArrowDtype)
    assert isinstance(got["rule:grade.t2023.technician.after_senior"].dtype, pd.ArrowDtype)
    _assert_same_rows(_polars(got), columnar.evaluate(frame, "next_grade", policy=policy, on=ON))


def test_reform_reaches_the_workers(frame: Any, dataset: Path, client: Any) -> None:
    """The reform travels to the worker processes: its answers differ from the baseline's where the wait matters."""
    ddf = dd.read_parquet(dataset, dtype_backend="pyarrow")
    rule = "rule:grade.t2023.technician.after_senior"
    base, reform = (
        client.compute(distributed.evaluate_dask(ddf, "next_grade", policy=_policy(n), on=ON)[rule]).result()
        for n in ("gd-2025", "w4")
    )
    assert (base.fillna(False) != reform.fillna(False)).any()


def test_arrow_batches_in_spark_shape_equal_whole_frame(frame: Any) -> None:
    """evaluate_arrow on record batches with Spark's plain Arrow types gives one answer batch per input batch, schema fixed."""
    policy = _policy("w4")
    spark_types = {pa.large_string(): pa.string(), pa.string_view(): pa.string()}
    table = frame.to_arrow()
    table = table.cast(pa.schema([f.with_type(spark_types.get(f.type, f.type)) for f in table.schema]))
    batches = table.to_batches(max_chunksize=800)
    assert len(batches) == 4
    schema = distributed.result_schema("next_grade", policy=policy)
    out = list(distributed.evaluate_arrow(iter(batches), "next_grade", policy=policy, on=ON))
    assert [b.num_rows for b in out] == [b.num_rows for b in batches]
    assert all(b.schema == schema for b in out)
    assert schema.field("deciding").type == pa.list_(pa.string())
    got = pl.from_arrow(pa.Table.from_batches(out))
    _assert_same_rows(got, columnar.evaluate(frame, "next_grade", policy=policy, on=ON))


def test_schema_is_the_same_whatever_rule_sets_a_partition_reaches(frame: Any) -> None:
    """Two partitions reaching different rule sets, and an empty one, give the same columns and types."""
    targets = columnar.evaluate(frame, "next_grade", policy="gd-2025", on=ON)["target"]
    first = frame.filter(targets == "intermediate").to_arrow().to_batches()[0]
    second = frame.filter(targets == "technician").to_arrow().to_batches()[0]
    empty = pa.RecordBatch.from_pylist([], schema=first.schema)
    one, two, none = distributed.evaluate_arrow([first, second, empty], "next_grade", policy="gd-2025", on=ON)
    assert (
        one.schema == two.schema == none.schema == distributed.result_schema("next_grade", policy="gd-2025")
    )
    assert none.num_rows == 0
    technician_rule = one.column(one.schema.get_field_index("rule:grade.t2023.technician.after_senior"))
    assert technician_rule.null_count == one.num_rows  # no intermediate row reads a technician route


def test_exits_rows_keep_chain_and_lead_columns() -> None:
    """For exits, each unit row keeps chain_id and is_lead; batches equal the whole frame."""
    facts = columnar.facts_frame(synthetic.chains(12, seed=3, on=ON), "exits", on=ON)
    out = list(
        distributed.evaluate_arrow(
            facts.to_arrow().to_batches(max_chunksize=10), "exits", policy="gd-2025", on=ON
        )
    )
    schema = distributed.result_schema("exits", policy="gd-2025")
    assert schema.names[:3] == ["subject_id", "chain_id", "is_lead"]
    got = pl.from_arrow(pa.Table.from_batches(out, schema=schema))
    want = columnar.evaluate(facts, "exits", policy="gd-2025", on=ON)
    assert got.select(want.columns).to_dicts() == want.to_dicts()


def test_columns_keep_only_the_named_output() -> None:
    """columns= keeps the named columns in order; a name that is not an output column is refused."""
    schema = distributed.result_schema("next_grade", policy="gd-2025", columns=["status", "subject_id"])
    assert schema.names == ["status", "subject_id"]
    with pytest.raises(InputError) as info:
        distributed.result_schema("next_grade", policy="gd-2025", columns=["status", "nope"])
    assert info.value.errors[0]["type"] == "unknown_column"


def test_pandas_partition_keeps_index_dates_and_nullable_booleans(frame: Any) -> None:
    """evaluate_pandas takes an ArrowDtype partition (dates, nullable booleans) and returns its index."""
    part = frame.slice(100, 50).to_pandas(types_mapper=pd.ArrowDtype)
    part.index = pd.RangeIndex(100, 150)
    out = distributed.evaluate_pandas(
        part, "next_grade", policy="gd-2025", on=ON, columns=["subject_id", "status"]
    )
    assert list(out.index) == list(range(100, 150))
    assert out["subject_id"].tolist() == part["subject_id"].tolist()
    empty = distributed.evaluate_pandas(part.iloc[:0], "next_grade", policy="gd-2025", on=ON)
    assert list(empty.columns) == distributed.result_schema("next_grade", policy="gd-2025").names


def test_wrong_dtype_partition_is_refused(frame: Any) -> None:
    """A partition whose dates became timestamps (pandas' numpy types) is refused by the up-front check, not coerced."""
    part = frame.head(20).to_pandas()
    part["birth_date"] = pd.to_datetime(part["birth_date"])
    with pytest.raises(PopulationError) as info:
        distributed.evaluate_pandas(part, "next_grade", policy="gd-2025", on=ON)
    assert {(r.field, r.code) for r in info.value.rows} >= {("birth_date", "wrong_dtype")}


def test_evaluate_dask_checks_known_columns_up_front(frame: Any) -> None:
    """A Dask frame missing a fact column is refused when the graph is built, before any computing."""
    ddf = dd.from_pandas(
        frame.drop("birth_date").head(10).to_pandas(types_mapper=pd.ArrowDtype), npartitions=2
    )
    with pytest.raises(PopulationError) as info:
        distributed.evaluate_dask(ddf, "next_grade", policy="gd-2025", on=ON)
    assert [(r.field, r.code) for r in info.value.rows] == [("birth_date", "missing_column")]


def test_without_dask_the_extra_is_named(frame: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Dask installed, evaluate_dask raises MissingDependencyError naming the dask extra."""
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)  # makes `import dask.dataframe` fail
    with pytest.raises(MissingDependencyError, match=r"skilleco\[dask\]"):
        distributed.evaluate_dask(object(), "next_grade", policy="gd-2025", on=ON)


def test_write_facts_parquet_refuses_a_used_directory_and_bad_sizes(frame: Any, tmp_path: Path) -> None:
    """Writing splits rows across files in order; a directory with Parquet files or a bad size is refused."""
    files = distributed.write_facts_parquet(frame.head(5), tmp_path, rows_per_file=2)
    assert [f.name for f in files] == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    assert pl.read_parquet(files).equals(frame.head(5))
    with pytest.raises(FileExistsError):
        distributed.write_facts_parquet(frame.head(5), tmp_path, rows_per_file=2)
    with pytest.raises(InputError):
        distributed.write_facts_parquet(frame.head(5), tmp_path / "other", rows_per_file=0)


def test_module_example_holds() -> None:
    """The example in skilleco.distributed's docstring holds."""
    import doctest

    assert doctest.testmod(distributed, optionflags=doctest.ELLIPSIS).failed == 0


def test_dask_from_record_tables_partitioned_by_worker(client: Any, tmp_path: Path) -> None:
    """Issue 14 (Dask): the per-partition function starts from record tables partitioned by worker
    id; on the two-worker LocalCluster the answers equal the single-machine result row for row."""
    from skilleco.columnar import distributed_records as dr
    from skilleco.population.synthetic_tables import worker_tables

    tables = worker_tables(2_000, seed=12, on=ON)
    folders = dr.write_record_partitions(tables, tmp_path / "parts", partitions=4)
    assert len(folders) == 4
    policy = _policy("w4")
    lazy = dr.evaluate_records_dask(tmp_path / "parts", "next_grade", policy=policy, on=ON)
    assert lazy.npartitions == 4
    got = _polars(client.compute(lazy).result())
    single = columnar.evaluate(
        columnar.facts_frame(tables, "next_grade", on=ON, policy=policy), "next_grade", policy=policy, on=ON
    )
    want = single.with_columns(single["deciding"].cast(pl.List(pl.String)))
    got = got.with_columns(got["deciding"].cast(pl.List(pl.String)))
    _assert_same_rows(got.select(want.columns), want)

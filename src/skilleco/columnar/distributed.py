"""Beyond one machine: the columnar evaluator applied per partition, for Dask and Spark.

No scheduler of our own. Every row's answer depends on that row alone, so a population split into
partitions is answered partition by partition with :func:`skilleco.columnar.evaluate`, and a
framework that already schedules partitions does the rest:

- :func:`evaluate_arrow` is the per-partition function in Arrow form: record batches in, record
  batches out — exactly what Spark's ``DataFrame.mapInArrow(func, schema)`` expects.
- :func:`evaluate_pandas` is the same function on a pandas partition (via Arrow, so dates stay
  dates and booleans stay nullable), and :func:`evaluate_dask` applies it with
  ``map_partitions`` (the ``dask`` extra).
- :func:`result_schema` is the fixed output schema (the same columns and types for every partition),
  which Spark needs as its schema and Dask as its ``meta``.
- :func:`write_facts_parquet` writes a facts frame as a multi-file Parquet dataset.

A :class:`~skilleco.policy.Policy` pickles (a shipped one by id, a reform by content), so reforms
travel to worker processes. Two things hold per partition only: ``subject_id`` uniqueness is
checked within each partition, and the ``exits`` chain roll-up
(:func:`~skilleco.columnar.chain_status`) is a group-by to run after the per-unit rows are back.

Example:
    >>> import datetime
    >>> from skilleco import columnar
    >>> from skilleco.columnar import distributed
    >>> from skilleco.population import synthetic
    >>> on = datetime.date(2026, 11, 21)
    >>> frame = columnar.facts_frame(synthetic.workers(20, seed=1, on=on), "next_grade", on=on)
    >>> batches = frame.to_arrow().to_batches(max_chunksize=8)
    >>> out = list(distributed.evaluate_arrow(batches, "next_grade", policy="gd-2025", on=on))
    >>> [b.num_rows for b in out], out[0].schema == distributed.result_schema("next_grade", policy="gd-2025")
    ([8, 8, 4], True)
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ..exceptions import InputError, MissingDependencyError

try:
    import polars as pl
    import pyarrow as pa
except ImportError as _missing:  # pragma: no cover - exercised only without the frames extra
    raise MissingDependencyError(
        "distributed evaluation needs the frames extra: pip install 'skilleco[frames]'"
    ) from _missing

from ..models.dates import as_date
from ..policy.policy import Policy
from ..policy.registry import load_policy
from ..questions.registry import Question, parse_question
from . import frames as columnar
from .evaluation import evaluate

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd

__all__ = ["evaluate_arrow", "evaluate_dask", "evaluate_pandas", "result_schema", "write_facts_parquet"]

_TEXT = pa.string()
_NAMES = pa.list_(pa.string())


def _leading_fields(q: Question) -> list[pa.Field]:
    """The columns before the ``rule:<id>`` ones, as :func:`skilleco.columnar.evaluate` lays them out."""
    keys = [pa.field("subject_id", _TEXT)]
    if q.area == "exits":
        keys += [pa.field("chain_id", _TEXT), pa.field("is_lead", pa.bool_())]
    result = [
        pa.field("status", _TEXT),
        pa.field("deciding", _NAMES),
        pa.field("missing_facts", _NAMES),
        pa.field("ruleset_id", _TEXT),
    ]
    grade = [pa.field("target", _TEXT), pa.field("held", _TEXT)] if q.area == "grade" else []
    return keys + result + grade


def _rule_ids(q: Question, pol: Policy) -> list[str]:
    """Every rule the question can read under ``pol``, occupations' own routes included, in order."""
    sets = columnar._rule_sets(q, pol)  # the evaluator's own choice of rule sets, not a copy of it
    policies = [pol, *(pol.for_occupation(code) for code in pol.occupations)]
    return list(dict.fromkeys(r.id for p in policies for sid in sets for r in p.members(sid)))


def result_schema(
    question: str | Question, *, policy: str | Policy, columns: Sequence[str] | None = None
) -> pa.Schema:
    """The Arrow schema of every partition's answer: the same columns and types whatever the rows.

    ``subject_id``, (for ``exits``: ``chain_id``, ``is_lead``), ``status``, ``deciding`` and
    ``missing_facts`` (``list<string>``: the evaluator's ``List(Enum)`` of rule ids is cast to text, so
    every partition has one type whatever the policy), ``ruleset_id``, (for grade questions: ``target``,
    ``held``), then one boolean ``rule:<id>`` column for every rule the question can read (``null``
    where the row's rule set has no such rule, or the finding is unknown).

    Args:
        question: the question (``next_grade``, ``grade:<grade>``, ``lead``, ``exits``, ``dualcert``).
        policy: a policy id or :class:`~skilleco.policy.Policy` (a reform).
        columns: keep only these columns, in this order (default: all).

    Raises:
        InputError: a name in ``columns`` that is not an output column.
    """
    q, pol = parse_question(question), load_policy(policy)
    fields = _leading_fields(q) + [pa.field(f"rule:{rid}", pa.bool_()) for rid in _rule_ids(q, pol)]
    schema = pa.schema(fields)
    if columns is None:
        return schema
    unknown = [c for c in columns if c not in schema.names]
    if unknown:
        raise InputError(
            "arguments",
            [
                {
                    "loc": ("columns",),
                    "input": c,
                    "msg": "expected an output column",
                    "type": "unknown_column",
                }
                for c in unknown
            ],
        )
    return pa.schema([schema.field(c) for c in columns])


def evaluate_arrow(
    batches: Iterable[pa.RecordBatch],
    question: str | Question,
    *,
    policy: str | Policy,
    on: object,
    columns: Sequence[str] | None = None,
) -> Iterator[pa.RecordBatch]:
    """Answer ``question`` for every row of each record batch (the per-partition function).

    The shape Spark's ``mapInArrow`` expects: an iterator of record batches in, one answer batch per
    input batch out (same rows, same order), each with :func:`result_schema` exactly. The question,
    policy, date and columns are checked when called, before any batch is read.

    Args:
        batches: record batches of a facts frame (see :func:`skilleco.columnar.facts_frame`).
        question: the question.
        policy: a policy id or :class:`~skilleco.policy.Policy`.
        on: the date the facts were derived for.
        columns: keep only these output columns (default: all of :func:`result_schema`).

    Raises:
        PopulationError: a batch fails :func:`skilleco.columnar.check_facts_frame` (raised when that
            batch is reached).
    """
    q, day, pol = parse_question(question), as_date(on), load_policy(policy)
    full, wanted = _schemas(q, pol, columns)
    return (_one_batch(_answer(batch, q, pol, day, full, wanted)) for batch in batches)


def _schemas(q: Question, pol: Policy, columns: Sequence[str] | None) -> tuple[pa.Schema, pa.Schema]:
    """Every output column (to check against) and the ones asked for (to return)."""
    full = result_schema(q, policy=pol)
    return full, full if columns is None else result_schema(q, policy=pol, columns=columns)


def _answer(
    data: pa.Table | pa.RecordBatch,
    q: Question,
    pol: Policy,
    on: _dt.date,
    full: pa.Schema,
    wanted: pa.Schema,
) -> pa.Table:
    frame = _polars(data)
    if frame.height == 0:
        columnar.check_facts_frame(frame, q, policy=pol)  # an empty partition still has to be well-typed
        return wanted.empty_table()
    out = evaluate(frame, q, policy=pol, on=on)
    extra = sorted(set(out.columns) - set(full.names))
    if extra:  # would be a bug: result_schema must cover every column evaluate can produce
        raise RuntimeError(f"columns outside result_schema: {extra}")
    absent = [pl.lit(None, dtype=pl.Boolean).alias(n) for n in wanted.names if n not in out.columns]
    return out.with_columns(absent).select(wanted.names).to_arrow().cast(wanted)


def _one_batch(table: pa.Table) -> pa.RecordBatch:
    if table.num_rows == 0:  # an empty table may hold no batch at all
        return pa.RecordBatch.from_pylist([], schema=table.schema)
    return table.combine_chunks().to_batches()[0]


def evaluate_pandas(
    frame: pd.DataFrame,
    question: str | Question,
    *,
    policy: str | Policy,
    on: object,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Answer ``question`` for every row of a pandas facts frame (one Dask partition), via Arrow.

    The columns come back with ``pd.ArrowDtype`` (``list<string>``, nullable booleans) and the index
    is the input's, so Dask's divisions stay valid. Dates must arrive as dates (``date32[pyarrow]``
    or ``datetime.date`` objects) and integer facts with gaps as nullable integers: read Parquet with
    ``dtype_backend="pyarrow"``. A wrong type is refused by the up-front check, never coerced.

    Raises:
        PopulationError: the partition fails :func:`skilleco.columnar.check_facts_frame`.
    """
    import pandas as pd

    q, day, pol = parse_question(question), as_date(on), load_policy(policy)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    out = _answer(table, q, pol, day, *_schemas(q, pol, columns)).to_pandas(types_mapper=pd.ArrowDtype)
    out.index = frame.index
    return out


def _polars(data: pa.Table | pa.RecordBatch) -> pl.DataFrame:
    return cast(pl.DataFrame, pl.from_arrow(data))  # a table or record batch converts to a frame


def evaluate_dask(
    ddf: dd.DataFrame,
    question: str | Question,
    *,
    policy: str | Policy,
    on: object,
    columns: Sequence[str] | None = None,
) -> dd.DataFrame:
    """Answer ``question`` for every row of a Dask facts frame, partition by partition (lazy).

    ``ddf.map_partitions(evaluate_pandas, ...)`` with :func:`result_schema` as the fixed ``meta``.
    The columns Dask already knows (its ``dtypes``) are checked now; the values, per partition when
    computed. Read Parquet with ``dask.dataframe.read_parquet(path, dtype_backend="pyarrow")``.

    Raises:
        MissingDependencyError: Dask is not installed (the ``dask`` extra).
        PopulationError: a column is missing or of the wrong type.
    """
    _require_dask()
    import pandas as pd

    q, day, pol = parse_question(question), as_date(on), load_policy(policy)
    empty = pd.DataFrame({c: pd.Series(dtype=t) for c, t in ddf.dtypes.items()})
    columnar.check_facts_frame(_polars(pa.Table.from_pandas(empty, preserve_index=False)), q, policy=pol)
    meta = result_schema(q, policy=pol, columns=columns).empty_table().to_pandas(types_mapper=pd.ArrowDtype)
    meta.index = pd.Index([], dtype=ddf.index.dtype, name=ddf.index.name)
    # The question travels by name and the policy pickles (a shipped one by id, a reform by content).
    lazy: Any = ddf  # dask leaves map_partitions unannotated (and may be absent when type-checking)
    out = lazy.map_partitions(evaluate_pandas, q.name, policy=pol, on=day, columns=columns, meta=meta)
    return cast("dd.DataFrame", out)


def _require_dask() -> None:
    try:
        import dask.dataframe  # noqa: F401 - only to tell a missing extra apart from other errors
    except ImportError as exc:
        raise MissingDependencyError(
            "evaluating on Dask needs the dask extra: pip install 'skilleco[dask]'"
        ) from exc


def positive(name: str, value: object, msg: str, kind: str) -> None:
    """Refuse ``value`` unless it is a positive integer (``InputError`` naming ``name``)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError("arguments", [{"loc": (name,), "input": value, "msg": msg, "type": kind}])


def write_facts_parquet(
    frame: pl.DataFrame, directory: str | os.PathLike[str], *, rows_per_file: int
) -> list[Path]:
    """Write a facts frame as a Parquet dataset of several files (``part-00000.parquet``, ...).

    Types are kept as the schema has them (dates as ``date32``, nullable booleans and integers).
    The directory is created if needed; one holding Parquet files already is refused, so an old
    file can never join the dataset.

    Args:
        frame: a facts frame (see :func:`skilleco.columnar.facts_frame`).
        directory: where to write.
        rows_per_file: at most this many rows in each file (an empty frame gives one empty file).

    Returns:
        The files written, in row order.

    Raises:
        InputError: ``rows_per_file`` is not a positive integer.
        FileExistsError: the directory already holds Parquet files.
    """
    positive("rows_per_file", rows_per_file, "expected a positive number of rows", "invalid_rows_per_file")
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    if any(root.glob("*.parquet")):
        raise FileExistsError(f"{root} already holds Parquet files; write to an empty directory")
    starts = range(0, max(frame.height, 1), rows_per_file)
    paths = [root / f"part-{i:05d}.parquet" for i in range(len(starts))]
    for path, start in zip(paths, starts, strict=True):
        frame.slice(start, rows_per_file).write_parquet(path)
    return paths

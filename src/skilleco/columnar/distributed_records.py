"""Beyond one machine from the records themselves: record tables partitioned by worker id, each
partition read, derived and answered where it lands (Dask).

A worker's facts depend on that worker's records alone, so record tables split by worker — every
record in the partition of its worker — are answered partition by partition:

- :func:`write_record_partitions` writes record tables as ``part-00000/``, ``part-00001/``, ...,
  each a folder of Parquet record tables holding some workers and all their records;
- :func:`evaluate_record_partition` is the per-partition function: one such folder read
  (:func:`~skilleco.population.read_records`), its facts derived in columns, the question answered
  (:func:`~skilleco.columnar.evaluate`), returned as a pandas frame of :func:`result_schema` columns;
- :func:`evaluate_records_dask` maps it over the partitions with ``dask.dataframe.from_map``.

Example:
    >>> import datetime, tempfile
    >>> from skilleco.columnar import distributed_records as dr
    >>> from skilleco.population.synthetic_tables import worker_tables
    >>> on = datetime.date(2026, 11, 21)
    >>> parts = dr.write_record_partitions(worker_tables(30, seed=1, on=on), tempfile.mkdtemp(), partitions=3)
    >>> out = dr.evaluate_record_partition(parts[0], "next_grade", policy="gd-2025", on=on)
    >>> len(parts), len(out), list(out.columns[:2])
    (3, 10, ['subject_id', 'status'])
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ..exceptions import InputError
from ..models.dates import as_date
from ..policy.policy import Policy
from ..policy.registry import load_policy
from ..population.record_files import read_records
from ..population.records import RecordTables
from ..questions.registry import Question, parse_question
from .distributed import _answer, _require_dask, _schemas, positive, result_schema
from .frames import facts_frame, required_facts

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd

__all__ = ["evaluate_record_partition", "evaluate_records_dask", "write_record_partitions"]


def write_record_partitions(
    tables: RecordTables, directory: str | os.PathLike[str], *, partitions: int
) -> list[Path]:
    """Write record tables as ``partitions`` folders of Parquet files, split by worker.

    Workers are split into consecutive runs of the workers table (about equal in size); each folder
    holds its workers' rows of every table given. Returns the folders, in order.

    Raises:
        InputError: ``partitions`` is not a positive integer.
        FileExistsError: the directory already holds partitions.
    """
    positive("partitions", partitions, "expected a positive number", "invalid")
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    if any(root.glob("part-*")):
        raise FileExistsError(f"{root} already holds partitions; write to an empty directory")
    size = max(1, -(-len(tables) // partitions))
    out = []
    for i, part in enumerate(tables.chunks(size)):
        folder = root / f"part-{i:05d}"
        folder.mkdir()
        part.workers.write_parquet(folder / "workers.parquet")
        for name, t in part.tables.items():
            t.write_parquet(folder / f"{name}.parquet")
        out.append(folder)
    return out


def evaluate_record_partition(
    folder: str | os.PathLike[str],
    question: str | Question,
    *,
    policy: str | Policy,
    on: object,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Answer ``question`` for the workers of one partition folder, from their record tables.

    The per-partition function of :func:`evaluate_records_dask`: read, derive, answer. Columns as
    :func:`result_schema` (pandas ``ArrowDtype``).

    Raises:
        PopulationError: the partition's tables fail the checks of :func:`read_records`.
    """
    import pandas as pd

    q, day, pol = parse_question(question), as_date(on), load_policy(policy)
    tables = read_records(folder)
    frame = facts_frame(tables, q, on=day, policy=pol, names=required_facts(q, policy=pol))
    out = _answer(frame.to_arrow(), q, pol, day, *_schemas(q, pol, columns))
    return cast("pd.DataFrame", out.to_pandas(types_mapper=pd.ArrowDtype))


def evaluate_records_dask(
    directory: str | os.PathLike[str],
    question: str | Question,
    *,
    policy: str | Policy,
    on: object,
    columns: Sequence[str] | None = None,
) -> dd.DataFrame:
    """Answer ``question`` for every worker of partitioned record tables, one Dask partition per
    folder (lazy): ``dask.dataframe.from_map(evaluate_record_partition, folders, ...)``.

    Raises:
        MissingDependencyError: Dask is not installed (the ``dask`` extra).
        InputError: the directory holds no partition folders.
    """
    _require_dask()
    import dask.dataframe
    import pandas as pd

    q, day, pol = parse_question(question), as_date(on), load_policy(policy)
    folders = sorted(str(p) for p in Path(directory).glob("part-*") if p.is_dir())
    if not folders:
        raise InputError(
            "arguments",
            [{"loc": ("directory",), "input": str(directory), "msg": "no part-* folders", "type": "empty"}],
        )
    meta = result_schema(q, policy=pol, columns=columns).empty_table().to_pandas(types_mapper=pd.ArrowDtype)
    from_map: Any = dask.dataframe.from_map  # untyped in dask
    lazy: Any = from_map(
        evaluate_record_partition, folders, question=q.name, policy=pol, on=day, columns=columns, meta=meta
    )
    return cast("dd.DataFrame", lazy)



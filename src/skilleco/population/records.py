"""Record tables as a population: a workers table and long tables of records keyed by worker id.

:class:`RecordTables` holds them validated and typed, in Polars (the ``frames`` extra): every column of
the schema (:mod:`skilleco.population.record_schema`) present, blanks filled with the model
defaults, grades read as grade ids, and each worker's ``<table>_stated`` settled (true or false).
The columnar derivation (:func:`skilleco.columnar.facts_frame`) reads them without building a model
per worker; :meth:`RecordTables.to_population` builds the models for the scalar path, and
:func:`from_workers` goes the other way. :func:`skilleco.population.read_records` reads them from
files or frames.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from pydantic import BaseModel

from ..exceptions import InputError, MissingDependencyError, RowError
from ..models.worker import Worker
from .record_schema import KEY, LONG_TABLES, TABLES, WORKERS, Column, Table, stated_column

try:
    import polars as pl
except ImportError as _missing:  # pragma: no cover - exercised only without the frames extra
    raise MissingDependencyError(
        "record tables need the frames extra: pip install 'skilleco[frames]'"
    ) from _missing

__all__ = ["RecordTables", "dtype_of", "empty_table", "from_workers"]

_DTYPES: dict[str, Any] = {
    "str": pl.String,
    "enum": pl.String,
    "grade": pl.String,
    "date": pl.Date,
    "bool": pl.Boolean,
    "int": pl.Int64,
    "float": pl.Float64,
}


def dtype_of(column: Column) -> Any:
    """The Polars dtype a column of the schema holds once read."""
    return _DTYPES[column.kind]


def polars_schema(table: Table) -> dict[str, Any]:
    """The Polars schema of a typed table (workers: without group columns)."""
    return {c.name: dtype_of(c) for c in table.columns}


def empty_table(name: str) -> pl.DataFrame:
    """A typed table of the schema with no rows."""
    return pl.DataFrame(schema=polars_schema(TABLES[name]))


@attrs.frozen(eq=False)
class RecordTables:
    """Validated, typed record tables: one row per worker, and long tables keyed by ``worker_id``.

    Attributes:
        workers: the workers table: every column of the schema, typed, ``<table>_stated`` settled
            (never null), ``weight`` filled, then the group columns (strings).
        tables: every long table by name (a table not given is empty, and its records are stated
            only for workers with ``records_complete``), typed, every column present.
        group_names: the group columns of ``workers``.
        skipped: the rows left out by ``on_error="skip"`` (a worker with a bad record is left out
            whole, with all its records).
        source: what was read.
        found: what :func:`~skilleco.population.read_records` found while checking the tables: per
            long table, the worker row of each of its records (with the two frames it was found
            for), so deriving facts need not look the ids up again (:meth:`worker_rows`).
    """

    workers: pl.DataFrame
    tables: Mapping[str, pl.DataFrame]
    group_names: tuple[str, ...] = ()
    skipped: tuple[RowError, ...] = ()
    source: str = "<tables>"
    found: Mapping[str, tuple[pl.DataFrame, pl.DataFrame, pl.Series]] = attrs.field(
        factory=dict, repr=False, kw_only=True
    )

    def worker_rows(self, name: str) -> pl.Series | None:
        """The worker row of each record of table ``name``, as the reader found them; ``None``
        where unknown, or where the workers table or that table is not the one they were found for
        (tables derived from these, with ``attrs.evolve``, look their ids up again)."""
        got = self.found.get(name)
        if got is None or got[0] is not self.workers or got[1] is not self.tables.get(name):
            return None
        return got[2]

    def __len__(self) -> int:
        return self.workers.height

    @property
    def kind(self) -> str:
        return "worker"

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self.workers["id"].to_list())

    @property
    def total_weight(self) -> float:
        return float(self.workers["weight"].sum())

    def table(self, name: str) -> pl.DataFrame:
        """One long table (empty when it was not given)."""
        return self.tables[name] if name in self.tables else empty_table(name)

    def chunks(self, size: int) -> Iterator[RecordTables]:
        """The tables in consecutive chunks of ``size`` workers, each with its workers' records."""
        if size < 1:
            raise ValueError(f"chunk size must be at least 1, got {size}")
        n = self.workers.height
        if n <= size:
            yield self
            return
        for start in range(0, n, size):
            part = self.workers.slice(start, size)
            ids = part.select(pl.col("id").alias(KEY))
            tables = {name: t.join(ids, on=KEY, how="semi") for name, t in self.tables.items()}
            yield attrs.evolve(self, workers=part, tables=tables, skipped=())

    def to_dicts(self) -> list[dict[str, Any]]:
        """One nested dict per worker, in the form :class:`~skilleco.models.worker.Worker` reads."""
        by_worker: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for name in LONG_TABLES:
            t = self.tables.get(name)
            if t is None or t.is_empty():
                continue
            fields = [c.name for c in TABLES[name].columns if c.name != KEY]
            for row in t.iter_rows(named=True):
                rec = {k: row[k] for k in fields if row[k] is not None}
                by_worker.setdefault(row[KEY], {}).setdefault(name, []).append(rec)
        spec = TABLES[WORKERS]
        out = []
        for row in self.workers.iter_rows(named=True):
            data: dict[str, Any] = {}
            for c in spec.columns:
                if not c.field or row[c.name] is None:
                    continue
                if len(c.field) == 1:
                    data[c.field[0]] = row[c.name]
                else:
                    data.setdefault(c.field[0], {})[c.field[1]] = row[c.name]
            if "apprenticeship" in data and not _given(data["apprenticeship"], "apprenticeship"):
                del data["apprenticeship"]
            if "employer" in data and not _given(data["employer"], "employer"):
                del data["employer"]
            records = by_worker.get(row["id"], {})
            for name in LONG_TABLES:
                if row[stated_column(name)]:
                    data[name] = records.get(name, [])
            out.append(data)
        return out

    def write_parquet(self, folder: str | os.PathLike[str]) -> Path:
        """Write the tables as a folder of Parquet files that
        :func:`~skilleco.population.read_records` reads back to the same tables: ``workers.parquet``
        (with every ``<table>_stated`` column and the group columns) and one file per long table
        given, empty ones included.

        Raises:
            InputError: the folder exists and is not empty (``not_empty``: its other files would be
                read with these), or is a file (``not_folder``).
        """
        path = Path(folder)
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            kind = "not_folder" if not path.is_dir() else "not_empty"
            raise InputError(
                "arguments",
                [{"loc": ("folder",), "input": str(path), "type": kind, "msg": "a new or empty folder"}],
            )
        path.mkdir(parents=True, exist_ok=True)
        self.workers.write_parquet(path / f"{WORKERS}.parquet")
        for name, table in self.tables.items():
            table.write_parquet(path / f"{name}.parquet")
        return path

    def to_workers(self) -> list[Worker]:
        """The workers as models (the scalar path's input), in table order."""
        return [Worker.model_validate(d) for d in self.to_dicts()]

    def to_population(self) -> Any:
        """The workers as a :class:`~skilleco.population.Population` (weights and groups kept)."""
        from .population import Population

        groups = (
            [
                {g: v for g in self.group_names if (v := row[g]) is not None}
                for row in self.workers.select(self.group_names).iter_rows(named=True)
            ]
            if self.group_names
            else None
        )
        return attrs.evolve(
            Population.from_models(
                self.to_workers(), weights=self.workers["weight"].to_list(), groups=groups, source=self.source
            ),
            skipped=self.skipped,
        )


def _given(record: Mapping[str, Any], name: str) -> bool:
    """Whether a one-of record holds more than its defaults (a row states one only with a value)."""
    defaults = {
        c.name.removeprefix(f"{name}_"): c.default for c in TABLES[WORKERS].columns if c.field[:1] == (name,)
    }
    return any(v is not None and v != defaults.get(k) for k, v in record.items())


def from_workers(
    workers: Iterable[BaseModel],
    *,
    weights: Sequence[float] | None = None,
    groups: Sequence[Mapping[str, str]] | None = None,
    source: str = "<models>",
    ids: Sequence[str] | None = None,
) -> RecordTables:
    """Record tables of worker models (the inverse of :meth:`RecordTables.to_workers`).

    Args:
        ids: the keys to give the workers in the tables instead of their ids (for workers whose
            ids repeat: the tables key records by worker).
    """
    spec = TABLES[WORKERS]
    rows: dict[str, list[Any]] = {c.name: [] for c in spec.columns}
    longs: dict[str, dict[str, list[Any]]] = {
        name: {c.name: [] for c in TABLES[name].columns} for name in LONG_TABLES
    }
    group_rows: list[Mapping[str, str]] = []
    for i, w in enumerate(workers):
        if not isinstance(w, Worker):
            raise TypeError(f"from_workers reads Worker models, got {type(w).__name__}")
        for c in spec.columns:
            if c.name == "weight":
                rows["weight"].append(1.0 if weights is None else float(weights[i]))
            elif c.name == "id" and ids is not None:
                rows["id"].append(ids[i])
            elif not c.field:
                name = c.name.removesuffix("_stated")
                rows[c.name].append(getattr(w, name) is not None)
            elif len(c.field) == 1:
                rows[c.name].append(getattr(w, c.field[0]))
            else:
                owner = getattr(w, c.field[0])
                rows[c.name].append(None if owner is None else getattr(owner, c.field[1]))
        key = w.id if ids is None else ids[i]
        for name in LONG_TABLES:
            cols = longs[name]
            for rec in getattr(w, name) or ():
                for c in TABLES[name].columns:
                    cols[c.name].append(key if c.name == KEY else getattr(rec, c.name))
        group_rows.append({} if groups is None else groups[i])
    names: dict[str, None] = {}
    for g in group_rows:
        names.update(dict.fromkeys(g))
    frame = pl.DataFrame({k: pl.Series(k, v, dtype=dtype_of(spec.column(k))) for k, v in rows.items()})
    # As read from files: a blank cell takes the model's default.
    frame = frame.with_columns(
        [pl.col(c.name).fill_null(c.default) for c in spec.columns if c.default is not None]
    )
    if names:
        frame = frame.with_columns(
            [pl.Series(g, [r.get(g) for r in group_rows], dtype=pl.String) for g in names]
        )
    tables = {
        name: pl.DataFrame(
            {k: pl.Series(k, v, dtype=dtype_of(TABLES[name].column(k))) for k, v in cols.items()}
        )
        for name, cols in longs.items()
    }
    return RecordTables(frame, tables, tuple(names), (), source)

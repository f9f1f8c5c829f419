"""Record tables larger than memory: read in chunks of workers, each chunk with its workers' records.

:func:`scan_records` reads a folder of table files lazily. A first pass reads only the ids (the
workers table's ``id`` and each long table's ``worker_id``) to find repeated workers and records of
no worker, so nothing is dropped unseen; then each chunk reads a slice of the workers table and,
from each long table, the rows of those workers — files sorted by worker id (as
:func:`skilleco.population.synthetic_tables.write_worker_tables` writes them) let Parquet skip the
row groups of other chunks. Every chunk is checked as :func:`read_records` checks whole tables, with
the rows' numbers in their files.

Peak memory is about one chunk's tables, its facts and the ids (``docs/performance.md``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import polars as pl

from ..exceptions import PopulationError, RowError
from .record_checks import check_tables
from .record_files import _fail, _stem, read_records
from .record_rules import ROW
from .record_schema import KEY, TABLES, WORKERS
from .records import RecordTables

__all__ = ["DEFAULT_CHUNK", "RecordScan", "iter_chunks", "scan_records"]

DEFAULT_CHUNK = 1_000_000
"""Workers per chunk unless told otherwise: about 1.5 GB at the peak for a typical population."""


def _scan(path: Path) -> pl.LazyFrame:
    if path.suffix.lower() == ".csv":
        return pl.scan_csv(path, infer_schema=False)
    return pl.scan_parquet(path)


@attrs.frozen(eq=False)
class RecordScan:
    """A folder of record tables read chunk by chunk (see :func:`scan_records`), or tables drawn
    chunk by chunk (:func:`skilleco.population.synthetic_tables.worker_table_scan`).

    Attributes:
        files: each table's file.
        chunk_size: workers per chunk.
        on_error: ``raise`` or ``skip``.
        groups: the group columns to keep.
        problems: what the first pass found (repeated ids, records of no worker).
        workers: the number of rows of the workers table.
        source: the folder.
    """

    files: Mapping[str, Path]
    chunk_size: int
    on_error: str
    groups: tuple[str, ...]
    problems: tuple[RowError, ...]
    workers: int
    source: str
    _excluded: frozenset[str] = frozenset()
    _draw: Callable[[int, int], RecordTables] | None = attrs.field(default=None, kw_only=True)

    def __len__(self) -> int:
        return self.workers

    def __iter__(self) -> Iterator[RecordTables]:
        if self._draw is not None:
            for start in range(0, self.workers, self.chunk_size):
                yield self._draw(start, min(self.chunk_size, self.workers - start))
            return
        workers = _scan(self.files[WORKERS]).with_row_index(ROW, offset=1)
        excluded = pl.Series(KEY, sorted(self._excluded), dtype=pl.String)
        for start in range(0, self.workers, self.chunk_size):
            part = workers.slice(start, self.chunk_size).collect()
            if not self._excluded:
                keep = part
            else:
                keep = part.filter(~pl.col("id").cast(pl.String).str.strip_chars().is_in(excluded.implode()))
            ids = keep.select(pl.col("id").cast(pl.String).str.strip_chars().alias(KEY)).drop_nulls()
            frames: dict[str, pl.DataFrame] = {WORKERS: keep}
            if ids.height:
                lo, hi = ids[KEY].min(), ids[KEY].max()
                for name, path in self.files.items():
                    if name == WORKERS:
                        continue
                    key = pl.col(KEY).cast(pl.String).str.strip_chars()
                    frames[name] = (
                        _scan(path)
                        .with_row_index(ROW, offset=1)
                        .filter(key.is_between(pl.lit(lo), pl.lit(hi)))
                        .filter(key.is_in(ids[KEY].implode()))
                        .collect()
                    )
            else:
                frames.update(
                    {
                        name: _scan(path).head(0).collect()
                        for name, path in self.files.items()
                        if name != WORKERS
                    }
                )
            yield check_tables(frames, source=self.source, groups=self.groups, on_error=self.on_error)


def scan_records(
    source: str | os.PathLike[str],
    *,
    chunk_size: int = DEFAULT_CHUNK,
    on_error: str = "raise",
    groups: tuple[str, ...] = ("region",),
) -> RecordScan:
    """Record tables in a folder, to be read chunk by chunk (for populations larger than memory).

    Iterate over the result for :class:`RecordTables` of at most ``chunk_size`` workers each;
    :func:`skilleco.compare` and :func:`skilleco.columnar.facts_frame` take it as a population.

    Raises:
        PopulationError: a file cannot be read, a column is missing or unknown, a worker id repeats,
            or a record names no worker (with ``on_error="skip"`` the last two are listed in
            ``problems`` and left out); each chunk's rows are checked as it is read.
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    path, name = Path(source), str(source)
    if not path.is_dir():
        raise _fail(name, "expected a folder of record tables", "not_tables")
    files: dict[str, Path] = {}
    for file in sorted(path.iterdir()):
        found = _stem(file.name)
        if found is None or not file.is_file():
            continue
        if found[0] in files:
            raise _fail(name, f"two files for the {found[0]} table", "duplicate_table", found[0], file.name)
        files[found[0]] = file
    unknown = [t for t in files if t not in TABLES]
    if unknown or WORKERS not in files:
        missing = (
            []
            if WORKERS in files
            else [RowError(0, "", None, "the workers table is missing", "missing_table", WORKERS)]
        )
        raise PopulationError(
            name,
            [*missing, *(RowError(0, "", t, "not a record table", "unknown_table", t) for t in unknown)],
            "worker",
        )
    problems, excluded, n = _first_pass(files)
    if problems and on_error != "skip":
        raise PopulationError(name, problems, "worker")
    return RecordScan(files, chunk_size, on_error, groups, tuple(problems), n, name, frozenset(excluded))


def _first_pass(files: Mapping[str, Path]) -> tuple[list[RowError], set[str], int]:
    """Repeated worker ids and records of no worker, reading only the id columns."""
    for name, path in files.items():
        cols = _scan(path).collect_schema().names()
        key = "id" if name == WORKERS else KEY
        if key not in cols:
            raise PopulationError(
                str(path.parent),
                [RowError(0, key, None, "a required column is missing", "missing_column", name)],
                "worker",
            )
    ids = (
        _scan(files[WORKERS])
        .select(pl.col("id").cast(pl.String).str.strip_chars())
        .with_row_index(ROW, offset=1)
        .collect()
    )
    problems: list[RowError] = []
    dupes = ids.filter(pl.col("id").is_duplicated() & pl.col("id").is_not_null())
    problems.extend(
        RowError(int(r), "id", v, "this worker id appears more than once", "duplicate_id", WORKERS)
        for r, v in dupes.head(10_000).iter_rows()
    )
    excluded = set(dupes["id"].to_list())
    known = ids.select(pl.col("id").alias(KEY))
    for name, path in files.items():
        if name == WORKERS:
            continue
        orphans = (
            _scan(path)
            .select(pl.col(KEY).cast(pl.String).str.strip_chars())
            .with_row_index(ROW, offset=1)
            .join(known.lazy(), on=KEY, how="anti")
            .head(10_000)
            .collect()
        )
        problems.extend(
            RowError(int(r), KEY, v, "no worker with this id in the workers table", "unknown_worker", name)
            for r, v in orphans.iter_rows()
        )
    return problems, excluded, ids.height


def iter_chunks(
    source: Any,
    *,
    chunk_size: int = DEFAULT_CHUNK,
    on_error: str = "raise",
    groups: tuple[str, ...] = ("region",),
) -> Iterator[RecordTables]:
    """Record tables from any source, chunk by chunk: a folder is scanned, anything else read whole
    (by :func:`read_records`) and cut into chunks."""
    if isinstance(source, RecordScan):
        yield from source
        return
    if isinstance(source, str | os.PathLike) and Path(source).is_dir():
        yield from scan_records(source, chunk_size=chunk_size, on_error=on_error, groups=groups)
        return
    yield from read_records(source, on_error=on_error, groups=groups).chunks(chunk_size)

"""Reading record tables: a folder or zip of CSV or Parquet files, or frames (Polars, pandas, Arrow).

A folder holds one file per table, named for it: ``workers.csv``, ``work_periods.parquet``,
``certificates.csv``... (``docs/reference/record-tables.md``). Only the workers table is required;
a table left out states nothing (its records are unknown) unless a worker's ``records_complete`` is
true. CSV cells are read as text and typed by the schema; Parquet and frame columns may be typed
(dates as dates, numbers as numbers) or text.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

from ..exceptions import PopulationError, RowError
from .record_checks import check_tables
from .record_schema import TABLES
from .records import RecordTables

__all__ = ["read_records"]

_SUFFIXES = (".csv", ".parquet")
MAX_FILE_BYTES = 20 * 1024**3
"""The largest table file read (20 GiB); larger populations are read in chunks (``scan``)."""


def _fail(source: str, reason: str, code: str, table: str = "", value: object = None) -> PopulationError:
    return PopulationError(source, [RowError(0, "", value, reason, code, table)], "worker")


def _read_csv(data: Any, source: str, table: str) -> pl.DataFrame:
    try:
        frame = pl.read_csv(data, infer_schema=False, raise_if_empty=False)
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError, UnicodeDecodeError) as exc:
        raise _fail(
            source, f"not a readable UTF-8 CSV file: {str(exc).splitlines()[0]}", "not_csv", table
        ) from None
    return frame


def _read_parquet(data: Any, source: str, table: str) -> pl.DataFrame:
    try:
        return pl.read_parquet(data)
    except (pl.exceptions.ComputeError, OSError) as exc:
        raise _fail(
            source, f"not a readable Parquet file: {str(exc).splitlines()[0]}", "not_parquet", table
        ) from None


def _stem(name: str) -> tuple[str, str] | None:
    base = name.rsplit("/", 1)[-1]
    for suffix in _SUFFIXES:
        if base.lower().endswith(suffix):
            return base[: -len(suffix)], suffix
    return None


def _from_folder(path: Path, source: str) -> dict[str, pl.DataFrame]:
    frames: dict[str, pl.DataFrame] = {}
    for file in sorted(path.iterdir()):
        found = _stem(file.name)
        if found is None or not file.is_file():
            continue
        name, suffix = found
        if name in frames:
            raise _fail(source, f"two files for the {name} table", "duplicate_table", name, file.name)
        if file.stat().st_size > MAX_FILE_BYTES:
            raise _fail(source, "the file is too large to read at once", "too_large", name, file.name)
        frames[name] = (
            _read_csv(file, source, name) if suffix == ".csv" else _read_parquet(file, source, name)
        )
    return frames


def _from_zip(path: Path, source: str) -> dict[str, pl.DataFrame]:
    frames: dict[str, pl.DataFrame] = {}
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _fail(source, f"not a readable zip file: {exc}", "not_zip") from None
    with archive:
        for info in archive.infolist():
            found = _stem(info.filename)
            if found is None or info.is_dir() or "__MACOSX" in info.filename:
                continue
            name, suffix = found
            if name in frames:
                raise _fail(source, f"two files for the {name} table", "duplicate_table", name, info.filename)
            if info.file_size > MAX_FILE_BYTES:
                raise _fail(source, "the file is too large to read at once", "too_large", name, info.filename)
            data = io.BytesIO(archive.read(info))
            frames[name] = (
                _read_csv(data, source, name) if suffix == ".csv" else _read_parquet(data, source, name)
            )
    return frames


def as_polars(frame: Any, source: str, table: str) -> pl.DataFrame:
    """A Polars frame of a Polars, pandas or Arrow table (or a lazy frame, collected)."""
    if isinstance(frame, pl.DataFrame):
        return frame
    if isinstance(frame, pl.LazyFrame):
        return frame.collect()
    module = type(frame).__module__.split(".")[0]
    if module == "pandas":
        if not frame.columns.is_unique:
            dupes = sorted({str(c) for c in frame.columns[frame.columns.duplicated()]})
            raise PopulationError(
                source,
                [RowError(0, c, None, "a column appears twice", "duplicate_column", table) for c in dupes],
                "worker",
            )
        return pl.from_pandas(frame)
    if module == "pyarrow":
        out = pl.from_arrow(frame)
        if isinstance(out, pl.DataFrame):
            return out
    raise _fail(source, "expected a Polars, pandas or Arrow table", "not_frame", table, type(frame).__name__)


def read_records(
    source: RecordTables | str | os.PathLike[str] | Mapping[str, Any],
    *,
    on_error: str = "raise",
    groups: tuple[str, ...] = ("region",),
) -> RecordTables:
    """Read record tables: a workers table and long tables of records keyed by ``worker_id``.

    Args:
        source: a folder or ``.zip`` of ``<table>.csv`` / ``<table>.parquet`` files; a mapping of
            table name to a Polars, pandas or Arrow table; or :class:`RecordTables` (returned as
            they are).
        on_error: ``raise`` (default): any problem raises; ``skip``: each worker with a problem in
            any of their rows is left out, with all their records, and listed in ``skipped``.
        groups: the workers-table columns kept as group labels (default ``region``).

    Returns:
        The tables checked and typed (:class:`RecordTables`).

    Raises:
        PopulationError: naming the table, row and column of every problem (``row == 0``: the
            table or source as a whole: a missing or unknown column, an unreadable file).

    Example:
        >>> import polars as pl
        >>> from skilleco.population import read_records
        >>> t = read_records({
        ...     "workers": pl.DataFrame({"id": ["w1"], "occupation_code": ["6-31-01-03"]}),
        ...     "certificates": pl.DataFrame(
        ...         {"worker_id": ["w1"], "level": ["四级"], "occupation_code": ["6-31-01-03"],
        ...          "issued_on": ["2020-06-30"]}),
        ... })
        >>> t.tables["certificates"]["level"].to_list(), t.workers["certificates_stated"].to_list()
        (['intermediate'], [True])
    """
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', got {on_error!r}")
    if isinstance(source, RecordTables):
        return source
    if isinstance(source, Mapping):
        name = "<frames>"
        frames = {str(k): as_polars(v, name, str(k)) for k, v in source.items()}
        return check_tables(frames, source=name, groups=groups, on_error=on_error)
    if not isinstance(source, str | os.PathLike):
        raise _fail(
            "<source>",
            "expected a folder, a zip file or a mapping of tables",
            "not_tables",
            value=type(source).__name__,
        )
    path = Path(source)
    name = str(source)
    if path.is_dir():
        frames = _from_folder(path, name)
    elif path.is_file() and path.suffix.lower() == ".zip":
        frames = _from_zip(path, name)
    else:
        raise _fail(name, "expected a folder or a .zip of record tables", "not_tables")
    if not frames:
        raise _fail(name, f"no table files ({', '.join(TABLES)}; .csv or .parquet)", "empty")
    return check_tables(frames, source=name, groups=groups, on_error=on_error)

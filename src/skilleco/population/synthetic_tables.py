"""Synthetic workers written as record tables directly: millions in seconds, in bounded memory.

:func:`worker_tables` draws the population of :func:`skilleco.population.synthetic.workers` (the
same calibration, the same distributions, records that validate as models) straight into typed
:class:`~skilleco.population.records.RecordTables`, with no Python loop per worker (issue 14, item 6).
:func:`write_worker_tables` writes it as a folder of Parquet or CSV files, one per table, chunk by
chunk, so ten million workers need no more memory than one chunk.

Worker ids are ``w`` and the worker's number, zero-padded (``w00000001``), so that lexical order is
numeric order: every table is sorted by worker id, within a chunk and across chunks. The numbers
drawn for worker ``i`` depend only on the seed and ``i`` (:mod:`.synthetic_tables_draw`): the first
``m`` workers of a population of ``n`` are the population of ``m``, however it is cut into chunks.
Weights are 1 (each row is a worker; :func:`~skilleco.population.synthetic.workers` weights its
rows up to the provincial total), groups are the ``region``.

Example:
    >>> import datetime
    >>> from skilleco.population.synthetic_tables import worker_tables
    >>> t = worker_tables(3, seed=1, on=datetime.date(2026, 1, 1))
    >>> t.workers["id"].to_list(), len(t.to_workers())
    (['w00000001', 'w00000002', 'w00000003'], 3)
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, cast

import attrs
from pydantic import ValidationError

from ..exceptions import InputError, MissingDependencyError
from ..models.worker import Occupation
from .calibration import load_calibration
from .record_scan import RecordScan
from .record_schema import KEY, LONG_TABLES, TABLES, WORKERS, stated_column
from .records import RecordTables, dtype_of
from .synthetic_tables_draw import Extras, Uniforms, draw
from .synthetic_tables_rows import Cat, Column
from .synthetic_workers import Choice, WorkerPlan, worker_plan

try:
    import numpy as np
    import polars as pl
except ImportError as _missing:  # pragma: no cover - exercised only without the frames extra
    raise MissingDependencyError(
        "synthetic record tables need the frames extra: pip install 'skilleco[frames]'"
    ) from _missing

__all__ = ["GROUPS", "TABLE_NAMES", "worker_table_scan", "worker_tables", "write_worker_tables"]

Format = Literal["parquet", "csv"]
OccupationSpec = str | Mapping[str, object]

GROUPS: tuple[str, ...] = ("region",)
"""The group columns of the workers table (as :func:`~skilleco.population.synthetic.workers`)."""
TABLE_NAMES: tuple[str, ...] = (WORKERS, *LONG_TABLES)
"""The tables written, in order (file stems)."""
_MIN_ID_DIGITS = 8
_PART = 1 << 18
"""Workers drawn at a time (a multiple of the draw's block)."""


def worker_tables(
    n: int,
    *,
    seed: int,
    on: _dt.date,
    occupations: Sequence[OccupationSpec] | None = None,
    calibration: str | os.PathLike[str] = "gd",
    other_work: float = 0.0,
    other_certificates: float = 0.0,
    undated: float = 0.0,
) -> RecordTables:
    """``n`` synthetic skilled workers as record tables, drawn column-wise.

    Args:
        n: the number of workers (0 to :data:`~skilleco.population.synthetic.MAX_SYNTHETIC`).
        seed: an integer from 0 to 2**64 - 1; the same arguments give the same tables everywhere.
        on: the reference date (1970-01-01 to 2100-12-31); every record is dated on or before it.
        occupations: the occupations to draw instead of the calibration's: codes of the
            calibration's occupations (with their calibrated shares) or mappings of
            :class:`~skilleco.models.worker.Occupation` fields with an optional ``share`` (default
            ``1 / len(occupations)``); shares are relative. Workers at 一级 and post holders are
            drawn from those with ``has_senior_technician = true``.
        calibration: a shipped worker calibration id (``gd``) or the path of a TOML file.
        other_work: the share of workers with an earlier period of work in another occupation of the
            mix (0, as the model generator: none).
        other_certificates: the share of workers with a 五级 or 四级 certificate in another
            occupation of the mix.
        undated: the share of certificates in the worker's own occupation with no issue date.

    Raises:
        InputError: a bad argument, named with the value that arrived.
    """
    spec = _spec(n, seed, on, occupations, calibration, Extras(other_work, other_certificates, undated))
    return spec.chunk(0, spec.n)


def worker_table_scan(
    n: int,
    *,
    seed: int,
    on: _dt.date,
    chunk_size: int = _PART,
    occupations: Sequence[OccupationSpec] | None = None,
    calibration: str | os.PathLike[str] = "gd",
    other_work: float = 0.0,
    other_certificates: float = 0.0,
    undated: float = 0.0,
) -> RecordScan:
    """:func:`worker_tables` of the same arguments, drawn chunk by chunk as it is read.

    Iterating gives :class:`~skilleco.population.records.RecordTables` of at most ``chunk_size``
    workers each, drawn when asked for: :func:`skilleco.compare` reads it as it reads a folder
    (:func:`~skilleco.population.scan_records`), in the memory of one chunk, and reports progress
    chunk by chunk. The workers are those of :func:`worker_tables`, however the chunks fall.

    Raises:
        InputError: a bad argument, named with the value that arrived.
    """
    spec = _spec(n, seed, on, occupations, calibration, Extras(other_work, other_certificates, undated))
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise _bad("chunk_size", chunk_size, "expected an integer ≥ 1", "bad_count")
    return RecordScan({}, chunk_size, "raise", GROUPS, (), spec.n, spec.source, draw=spec.chunk)


def write_worker_tables(
    path: str | os.PathLike[str],
    n: int,
    *,
    seed: int,
    on: _dt.date,
    chunk_size: int = 1_000_000,
    format: Format = "parquet",
    occupations: Sequence[OccupationSpec] | None = None,
    calibration: str | os.PathLike[str] = "gd",
    other_work: float = 0.0,
    other_certificates: float = 0.0,
    undated: float = 0.0,
) -> Path:
    """Write :func:`worker_tables` of the same arguments as a folder of files, chunk by chunk.

    The folder (created if missing) holds one file per table, named by the table
    (``workers.parquet``, ``work_periods.parquet``, ``certificates.parquet``, ...; every table of
    the schema, empty ones included), rows sorted by worker id. Parquet row groups
    (``pyarrow.parquet.ParquetWriter``; at most 1,048,576 rows, never across two chunks) carry
    the worker-id range in their statistics, so readers can skip them; CSV files have a header,
    ISO dates, ``true``/``false`` and blanks for nulls. Memory is bounded by one chunk: about 1 GB
    peak for the default million workers. Files are written as ``<name>.<format>.partial`` and
    renamed when complete.

    Args:
        path: the folder to write into (existing files of the same names are replaced).
        n: the number of workers.
        chunk_size: the workers drawn and written at a time.
        format: ``parquet`` or ``csv``.
        seed, on, occupations, calibration, other_work, other_certificates, undated: as for
            :func:`worker_tables`.

    Returns:
        The folder.

    Raises:
        InputError: a bad argument, named with the value that arrived.
    """
    spec = _spec(n, seed, on, occupations, calibration, Extras(other_work, other_certificates, undated))
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise _bad("chunk_size", chunk_size, "expected an integer ≥ 1", "bad_count")
    if format not in ("parquet", "csv"):
        raise _bad("format", format, "expected 'parquet' or 'csv'", "unknown_format")
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    # Each file is written under a .partial name and renamed once every chunk is in: a folder is
    # never left with some tables complete and others cut short.
    partial = {name: folder / f"{name}.{format}.partial" for name in TABLE_NAMES}
    with contextlib.ExitStack() as stack:
        sinks: dict[Path, Any] = {}
        for start in range(0, max(spec.n, 1), chunk_size):
            tables = spec.chunk(start, min(chunk_size, spec.n - start))
            for name in TABLE_NAMES:
                frame = tables.workers if name == WORKERS else tables.tables[name]
                _write(stack, sinks, partial[name], frame, format)
            del tables
    for name, path_ in partial.items():
        path_.replace(folder / f"{name}.{format}")
    return folder


def _write(
    stack: contextlib.ExitStack, sinks: dict[Path, Any], path: Path, frame: pl.DataFrame, fmt: str
) -> None:
    """Append ``frame`` to the file at ``path``, opening it (header, schema) on the first chunk."""
    first = path not in sinks
    if fmt == "csv":
        if first:
            sinks[path] = stack.enter_context(path.open("wb"))
        frame.write_csv(sinks[path], include_header=first)
        return
    import pyarrow.parquet as pq  # the frames extra: polars' own writer cannot append row groups

    # Polars' own string layout (string views) goes to Arrow without a copy; the Parquet types
    # (UTF-8, DATE, BOOLEAN, INT64, DOUBLE) say all a reader needs, so no Arrow schema is stored
    # (older readers do not know string views). zstd: half the size of snappy for the same time.
    table = frame.to_arrow(compat_level=pl.CompatLevel.newest())
    if first:
        writer = pq.ParquetWriter(path, table.schema, compression="zstd", store_schema=False)
        sinks[path] = stack.enter_context(writer)
    sinks[path].write_table(table)


# --- the population's recipe ------------------------------------------------------------------------


@attrs.frozen
class _Spec:
    """Everything a chunk of the population is drawn from."""

    n: int
    seed: int
    on: int  # days since 1970-01-01
    plan: WorkerPlan
    extras: Extras
    width: int
    source: str

    def chunk(self, start: int, count: int) -> RecordTables:
        """Workers ``start`` … ``start + count - 1`` as typed record tables."""
        # Drawn in parts of _PART workers: the draw's temporaries stay small, and the parts'
        # frames are joined without copying (Polars keeps them as chunks).
        parts = [
            self._part(s, min(_PART, start + count - s)) for s in range(start, start + max(count, 1), _PART)
        ]
        tables = {name: pl.concat([p[name] for p in parts], rechunk=False) for name in TABLE_NAMES}
        workers = tables.pop(WORKERS)
        return RecordTables(workers, tables, GROUPS, (), self.source)

    def _part(self, start: int, count: int) -> dict[str, pl.DataFrame]:
        records = draw(self.plan, Uniforms(self.seed, start, count), count, self.on, self.extras)
        # w + the number zero-padded: 10**width + number in digits, its leading 1 made a w.
        base = 10**self.width
        numbers = pl.int_range(base + start + 1, base + start + count + 1).cast(pl.String)
        ids = pl.select(numbers.str.replace("1", "w", literal=True, n=1).alias("id")).to_series()
        _, given = records.pop(WORKERS)
        columns: dict[str, Column] = {
            **given,
            "weight": 1.0,
            **{stated_column(name): True for name in LONG_TABLES},
        }
        workers = _frame(WORKERS, count, columns).with_columns(_series("id", ids, pl.String, count))
        out = {WORKERS: workers.with_columns(_series(g, given[g], pl.String, count) for g in GROUPS)}
        for name in LONG_TABLES:
            who, cols = records.pop(name, (np.zeros(0, np.int64), {}))
            keys = ids.gather(pl.Series(who, dtype=pl.UInt32)) if len(who) else pl.Series(KEY, [], pl.String)
            out[name] = _frame(name, len(who), {**cols, KEY: keys})
        return out


def _frame(name: str, height: int, columns: Mapping[str, Column | pl.Series]) -> pl.DataFrame:
    """A table of the schema: given columns typed, the others their model default (as read_records)."""
    series = []
    for col in TABLES[name].columns:
        default = cast(Column, col.default)
        series.append(_series(col.name, columns.get(col.name, default), dtype_of(col), height))
    return pl.DataFrame(series)


def _series(name: str, value: Column | pl.Series, dtype: Any, height: int) -> pl.Series:
    """One typed column from an array, a :class:`Cat`, a series or a constant."""
    if isinstance(value, pl.Series):
        return value.alias(name).cast(dtype)
    if isinstance(value, Cat):
        index = pl.Series(name, value.index, nan_to_null=value.index.dtype.kind == "f").cast(pl.UInt32)
        options = pl.Series(name, list(value.options), dtype=pl.String)
        return options.gather(index).alias(name) if height else pl.Series(name, [], pl.String)
    if isinstance(value, np.ndarray):
        s = pl.Series(name, value, nan_to_null=value.dtype.kind == "f")
        return s.cast(pl.Int32).cast(pl.Date) if dtype == pl.Date else s.cast(dtype)
    return pl.repeat(value, height, dtype=dtype, eager=True).alias(name)


def _spec(
    n: object,
    seed: object,
    on: object,
    occupations: Sequence[OccupationSpec] | None,
    calibration: str | os.PathLike[str],
    extras: Extras,
) -> _Spec:
    # Imported here: synthetic.py may re-export this module's functions (a cycle at import time).
    from .synthetic import _arguments, _source

    count, seed_, _, day = _arguments(n, seed, on)
    for name in ("other_work", "other_certificates", "undated"):
        share = getattr(extras, name)
        if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 1:
            raise _bad(name, share, "expected a share from 0 to 1", "bad_share")
    cal = load_calibration(calibration, subject="worker")
    plan = _with_occupations(worker_plan(cal), occupations, cal.rows("occupations"))
    return _Spec(
        n=count,
        seed=seed_,
        on=(day - _dt.date(1970, 1, 1)).days,
        plan=plan,
        extras=extras,
        width=max(_MIN_ID_DIGITS, len(str(count))),
        source=_source("worker_tables", count, seed_, day, cal.id),
    )


def _bad(name: str, value: object, msg: str, code: str) -> InputError:
    return InputError("arguments", [{"loc": (name,), "input": value, "msg": msg, "type": code}])


def _with_occupations(
    plan: WorkerPlan,
    occupations: Sequence[OccupationSpec] | None,
    calibrated: Sequence[tuple[Mapping[str, object], float]],
) -> WorkerPlan:
    """The plan drawing ``occupations`` (codes of the calibration, or occupation mappings)."""
    if occupations is None:
        return plan
    if isinstance(occupations, str | Mapping) or not isinstance(occupations, Sequence) or not occupations:
        raise _bad(
            "occupations", occupations, "expected a non-empty list of codes or mappings", "bad_occupations"
        )
    by_code = {
        str(row["code"]): (occ, share)
        for occ, (row, share) in zip(plan.occupations.options, calibrated, strict=True)
    }
    mix = [_occupation(i, item, by_code, 1 / len(occupations)) for i, item in enumerate(occupations)]
    tops = [(o, s) for o, s in mix if o.get("has_senior_technician") is True]
    if not tops:
        raise _bad(
            "occupations", occupations, "at least one needs has_senior_technician = true", "bad_occupations"
        )
    total, top_total = math.fsum(s for _, s in mix), math.fsum(s for _, s in tops)
    return attrs.evolve(
        plan,
        occupations=Choice.of([(o, s / total) for o, s in mix]),
        top_occupations=Choice.of([(o, s / top_total) for o, s in tops]),
    )


def _occupation(
    i: int,
    item: object,
    calibrated: Mapping[str, tuple[Mapping[str, object], float]],
    share: float,
) -> tuple[dict[str, object], float]:
    """One item of ``occupations``: a calibrated code, or occupation fields with a ``share``."""
    if isinstance(item, str):
        if item not in calibrated:
            msg = f"expected a code of the calibration: {sorted(calibrated)}"
            raise _bad(f"occupations[{i}]", item, msg, "unknown_occupation")
        occ, weight = calibrated[item]
        return dict(occ), weight
    data = dict(item) if isinstance(item, Mapping) else item
    given: object = data.pop("share", share) if isinstance(data, dict) else share
    try:
        model = Occupation.model_validate(data)
    except ValidationError as exc:
        raise _bad(
            f"occupations[{i}]", item, exc.errors(include_url=False)[0]["msg"], "bad_occupation"
        ) from None
    if isinstance(given, bool) or not isinstance(given, int | float) or not 0 < given < math.inf:
        raise _bad(f"occupations[{i}].share", given, "expected a number > 0", "bad_share")
    return {k: v for k, v in model.model_dump().items() if v is not None}, float(given)

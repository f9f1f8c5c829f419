"""Per-worker reductions without a hash group-by: records sorted by worker row reduce in one pass.

Every record carries ``_w``, the row of its worker in the workers table. Sorted by it, a worker's
records are one run: a sum is a running sum read at the run's end less the one before, a maximum a
running maximum of ``row × 2**24 + value`` read at the run's end (earlier workers' keys are
smaller, so they never win). Per-worker results then go back to worker rows by :func:`spread`.
Yes/no/unknown values reduce as the maximum of their :func:`kleene_code` (Kleene "any").
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

__all__ = [
    "W",
    "first_per_cell",
    "kleene_code",
    "kleene_value",
    "marks",
    "reduce_runs",
    "series",
    "spread",
    "unstack",
]

W = "_w"
"""The column holding a record's worker row."""
_SPAN = 1 << 24
"""Reduced values stay below this (months, ranks, day numbers, Kleene codes all do)."""
_EMPTY = _SPAN - 1


def spread(frame: pl.DataFrame, n: int) -> pl.DataFrame:
    """The rows of ``frame`` (one per ``_w``) moved to worker rows ``0..n-1``; null where none."""
    rows = pl.repeat(None, n, dtype=pl.UInt32, eager=True)
    if frame.height:
        rows.scatter(frame[W], pl.int_range(0, frame.height, dtype=pl.UInt32, eager=True))
    return frame.drop(W).select(pl.all().gather(rows))


def marks(rows: pl.Series, n: int) -> pl.Series:
    """A yes/no column over worker rows ``0..n-1``: yes at each of ``rows`` (repeats allowed)."""
    out = pl.repeat(False, n, dtype=pl.Boolean, eager=True)
    if rows.len():
        out.scatter(rows, True)
    return out


def reduce_runs(
    frame: pl.DataFrame,
    *,
    sums: Mapping[str, pl.Expr] | None = None,
    maxes: Mapping[str, pl.Expr] | None = None,
    mins: Mapping[str, pl.Expr] | None = None,
) -> pl.DataFrame:
    """One row per worker of ``frame`` (sorted by ``_w``): ``_w`` and each reduction.

    The values are whole numbers in ``[0, 2**24 - 1)``. A null adds nothing to a sum, counts as 0
    in a maximum and is left out of a minimum (a worker with none gets a null minimum).
    """
    sums, maxes, mins = sums or {}, maxes or {}, mins or {}
    w = pl.col(W)
    key = w.cast(pl.Int64) * _SPAN
    running = [e.fill_null(0).cast(pl.Int64).cum_sum().alias(k) for k, e in sums.items()]
    running += [(key + e.fill_null(0).cast(pl.Int64)).cum_max().alias(k) for k, e in maxes.items()]
    running += [
        (key + _EMPTY - e.fill_null(_EMPTY).cast(pl.Int64)).cum_max().alias(k) for k, e in mins.items()
    ]
    last = (w != w.shift(-1)).fill_null(True)
    ends = frame.select(W, *running, _last=last).filter(pl.col("_last"))
    return ends.select(
        W,
        *((pl.col(k) - pl.col(k).shift(1, fill_value=0)).alias(k) for k in sums),
        *((pl.col(k) - key).alias(k) for k in maxes),
        *(pl.when(pl.col(k) - key != 0).then(_EMPTY - (pl.col(k) - key)).alias(k) for k in mins),
    )


def kleene_code(value: pl.Expr) -> pl.Expr:
    """Yes/no/unknown as 2/0/1, so that their maximum is their Kleene "any"."""
    return (value.cast(pl.Int32) * 2).fill_null(1)


def kleene_value(code: pl.Expr) -> pl.Expr:
    """The yes/no/unknown of a :func:`kleene_code` (null stays null)."""
    return pl.when(code != 1).then(code == 2)


def series(expr: pl.Expr) -> pl.Series:
    """The column an expression over literal columns (worker rows) evaluates to."""
    return pl.select(expr.alias("value"))["value"]


def first_per_cell(frame: pl.DataFrame, cell: pl.Expr, value: pl.Expr) -> pl.DataFrame:
    """The smallest ``value`` (non-negative, below ``2**20``; null as 0) of each distinct ``cell``
    (a non-negative integer below ``2**43``): ``cell`` and ``value``, by one sort and no hash."""
    key = cell.cast(pl.Int64) * (1 << 20) + value.fill_null(0).cast(pl.Int64)
    ordered = frame.select(key.alias("key")).sort("key")
    cells = pl.col("key") // (1 << 20)
    firsts = ordered.filter((cells != cells.shift(1)).fill_null(True))
    return firsts.select(cell=cells, value=(pl.col("key") % (1 << 20)).cast(pl.Int32))


def unstack(cells: pl.Series, values: pl.Series, n: int, width: int) -> list[pl.Series]:
    """Values of cells ``row × width + j`` as ``width`` columns over rows ``0..n-1`` (null elsewhere).

    One partition of the cells by ``j``, then one scatter per column present (no ``n × width``
    intermediate: that and its strided gathers took four times as long)."""
    empty = pl.repeat(None, n, dtype=values.dtype, eager=True)
    if not cells.len():
        return [empty] * width
    by = pl.DataFrame({"j": cells % width, "r": (cells // width).cast(pl.UInt32), "v": values})
    parts = by.partition_by("j", as_dict=True, maintain_order=True)
    out = []
    for j in range(width):
        part = parts.get((j,))
        if part is None:
            out.append(empty)
            continue
        column = pl.repeat(None, n, dtype=values.dtype, eager=True)
        column.scatter(part["r"], part["v"])
        out.append(column)
    return out

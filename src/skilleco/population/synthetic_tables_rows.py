"""Records as arrays: a record table of the columnar generator before it becomes a Polars frame.

A table is the worker position of each record (in worker order) and its columns, each an array as
long as the positions (float ``NaN`` for a blank, whole days since 1970-01-01 for a date), a
:class:`Cat` for text, or a constant. :func:`rows` makes one from an ``(n, k)`` mask: up to ``k``
records per worker, in column order within a worker.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeAlias

import attrs
import numpy as np
from numpy.typing import NDArray

__all__ = ["EACH", "Bools", "Cat", "Column", "Floats", "Ints", "Records", "join", "rows"]

Floats: TypeAlias = NDArray[np.float64]
Ints: TypeAlias = NDArray[np.int64]
Bools: TypeAlias = NDArray[np.bool_]

EACH: Ints = np.zeros((0, 0), np.int64)
"""The index of a :class:`Cat` given to :func:`rows` whose option is the mask's column (a level)."""


@attrs.frozen(eq=False)
class Cat:
    """A text column as an index into its options (``NaN`` or a ``None`` option: blank)."""

    options: tuple[str | None, ...]
    index: NDArray[np.integer] | Floats


Column: TypeAlias = Floats | Ints | Bools | Cat | str | float | bool | None
Records: TypeAlias = tuple[Ints, dict[str, Column]]
"""The worker position of each record, and the record's columns."""


def rows(mask: Bools, columns: Mapping[str, Column]) -> Records:
    """Records of an ``(n, k)`` mask, in worker order: columns are ``(n, k)`` or ``(n,)`` arrays."""
    k = mask.shape[1]
    flat = np.flatnonzero(mask.ravel())
    who = flat // k
    col = flat - who * k

    def take(a: Column) -> Column:
        if isinstance(a, Cat):
            index = col if a.index is EACH else a.index[who, col] if a.index.ndim == 2 else a.index[who]
            return Cat(a.options, index)
        if not isinstance(a, np.ndarray):
            return a
        out: Column = a[who, col] if a.ndim == 2 else a[who]
        return out

    return who.astype(np.int64), {name: take(a) for name, a in columns.items()}


def join(a: Records, b: Records) -> Records:
    """The records of both, in worker order (``a``'s before ``b``'s for the same worker)."""
    who = np.concatenate([a[0], b[0]])
    order = np.argsort(who, kind="stable")
    cols: dict[str, Column] = {}
    for name in dict.fromkeys([*a[1], *b[1]]):
        cols[name] = _concat(a[1].get(name), b[1].get(name), len(a[0]), len(b[0]), order)
    return who[order], cols


def _concat(x: Column, y: Column, nx: int, ny: int, order: Ints) -> Column:
    if not isinstance(x, np.ndarray | Cat) and not isinstance(y, np.ndarray | Cat) and x == y:
        return x
    if isinstance(x, Cat) or isinstance(y, Cat):
        opts = tuple(dict.fromkeys([*_options(x), *_options(y)]))
        return Cat(opts, np.concatenate([_recode(x, nx, opts), _recode(y, ny, opts)])[order])
    return np.concatenate([_dense(x, nx), _dense(y, ny)])[order]


def _options(c: Column) -> tuple[str | None, ...]:
    return c.options if isinstance(c, Cat) else (None,) if c is None else (str(c),)


def _recode(c: Column, size: int, opts: tuple[str | None, ...]) -> Floats:
    """``c`` as an index into ``opts``."""
    if isinstance(c, Cat):
        return np.array([opts.index(o) for o in c.options], dtype=np.float64)[np.asarray(c.index, np.int64)]
    return np.full(size, float(opts.index(None if c is None else str(c))))


def _dense(c: Column, size: int) -> Floats:
    if isinstance(c, np.ndarray):
        return c.astype(np.float64)
    return np.full(size, float(c) if isinstance(c, int | float) else np.nan)

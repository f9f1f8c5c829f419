"""Dates as integers, so that whole months are integer arithmetic (``time.md``, "Cumulative work").

A date is read as its *day number* (days since :data:`~skilleco.models.dates.MIN_DATE`) and, through a
table of every day the models admit, as a *packed* integer ``month index × 64 + day × 2 + last day
of its month`` that sorts as the dates do. The whole months from ``a`` to ``b`` are then
:func:`skilleco.facts.time.whole_months` without a date function per row: the month indexes
apart, less one where ``b``'s day of month is below ``a``'s and ``b`` is not its month's last day
(the day-of-month rule, read once per day of the table with ``dt.month_end()``).
"""

from __future__ import annotations

import datetime as _dt

import polars as pl

from ...models.dates import MAX_DATE, MIN_DATE

__all__ = ["day_number", "day_of", "from_day_number", "months_between", "packed_days"]

_EPOCH = _dt.date(1970, 1, 1)
_BASE = (MIN_DATE - _EPOCH).days
"""Polars' day count (since 1970) of day number 0."""


def day_number(expr: pl.Expr) -> pl.Expr:
    """The day number of a date column: days since ``MIN_DATE`` (a table index)."""
    return (expr.to_physical().cast(pl.Int32) - _BASE).cast(pl.Int32)


def from_day_number(expr: pl.Expr) -> pl.Expr:
    """The date of a day number."""
    return (expr.cast(pl.Int32) + _BASE).cast(pl.Date)


def day_of(day: _dt.date) -> int:
    """The day number of one date."""
    return (day - MIN_DATE).days


def packed_days() -> pl.Series:
    """Per day number, the packed date ``month index × 64 + day × 2 + (1 on the month's last day)``."""
    days = pl.date_range(MIN_DATE, MAX_DATE, eager=True)
    month = days.dt.year().cast(pl.Int32) * 12 + days.dt.month().cast(pl.Int32) - 1
    last = (days == days.dt.month_end()).cast(pl.Int32)
    return (month * 64 + days.dt.day().cast(pl.Int32) * 2 + last).alias("packed")


def months_between(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Whole months from packed ``start`` to packed ``end`` (``end >= start``), as
    :func:`~skilleco.facts.time.whole_months` counts them: leftover days dropped."""
    short = ((end // 2) % 32 < (start // 2) % 32) & (end % 2 == 0)
    return end // 64 - start // 64 - short.cast(pl.Int32)

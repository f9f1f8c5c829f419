"""The columnar evaluator: expression trees compiled to Polars expressions over a frame of facts.

The same trees as the scalar path (``_expr``), a different evaluator: each node becomes a Polars
expression, ``null`` is *unknown*, and the logic is Kleene's (Polars' ``&`` and ``|`` on nullable
booleans are Kleene). :mod:`skilleco.columnar.routes` builds rule sets' status, deciding rules
and missing facts from these.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from collections.abc import Mapping, Sequence
from functools import reduce
from typing import Any

import polars as pl

from ..facts.value import Value
from ..ladder import GRADES
from ..rules.expr import COMPARISONS, Expr, Fact, Lit, Op, Param

RANKS = {g.id: g.rank for g in GRADES}


def _lit(value: Value) -> pl.Expr:
    if isinstance(value, tuple):
        return pl.lit(list(value))
    return pl.lit(value)


def _null_if_any(args: Sequence[pl.Expr], result: pl.Expr) -> pl.Expr:
    nulls = reduce(lambda a, b: a | b, [a.is_null() for a in args])
    return pl.when(nulls).then(None).otherwise(result)


def when_chain(cases: Sequence[tuple[pl.Expr, pl.Expr]], otherwise: pl.Expr) -> pl.Expr:
    """``when(c1).then(v1).when(c2).then(v2)…otherwise(otherwise)`` for one or more cases."""
    chain: Any = pl  # pl.when, then Then.when: one chain whatever its length
    for cond, value in cases:
        chain = chain.when(cond).then(value)
    out: pl.Expr = chain.otherwise(otherwise)
    return out


def _full_years(d: pl.Expr, on: _dt.date) -> pl.Expr:
    """Full years from ``d`` to ``on`` (the anniversary of 29 February is 28 February), as ``_time``.

    In integer arithmetic: years between, less one if ``on``'s month-day is before the anniversary's.
    """
    leap_on = on.year % 4 == 0 and (on.year % 100 != 0 or on.year % 400 == 0)
    md = d.dt.month().cast(pl.Int32) * 100 + d.dt.day().cast(pl.Int32)
    if not leap_on:
        md = md - (md == 229).cast(pl.Int32)  # 29 February's anniversary is 28 February
    # Negative for a date after ``on``, as ``_time.full_years``.
    return (on.year - d.dt.year().cast(pl.Int32)) - (md > on.month * 100 + on.day).cast(pl.Int32)


_FLIPPED = {">=": "<=", "<=": ">=", ">": "<", "<": ">"}


def _last_day_reaching(on: _dt.date, years: int) -> _dt.date | None:
    """The last date from which ``on`` is at least ``years`` full years on (``None`` off the calendar).

    Full years reach ``years`` for every date of a year before ``on.year - years``, and in that year
    up to ``on``'s month-day — with 29 February's anniversary on 28 February (``_full_years``).
    """
    y = on.year - years
    if not 1 <= y <= 9999:
        return None
    if (on.month, on.day) == (2, 29) and not calendar.isleap(y):
        return _dt.date(y, 2, 28)
    if (on.month, on.day) == (2, 28) and not calendar.isleap(on.year) and calendar.isleap(y):
        return _dt.date(y, 2, 29)  # its anniversary is 28 February too
    return _dt.date(y, on.month, on.day)


def _years_compared(
    node: Op,
    params: Mapping[str, Value],
    on: _dt.date,
    facts: Mapping[str, pl.Expr],
    memo: dict[int, pl.Expr] | None,
) -> pl.Expr | None:
    """``years_since(d) >= n`` (``>``, ``<``, ``<=``, either way round) with ``n`` a whole number
    known when compiling, as one comparison of ``d`` with a date: the same values as counting the
    years (no calendar fields taken apart per row). ``None`` for any other comparison."""
    a, b, op = node.args[0], node.args[1], node.op
    if isinstance(b, Op) and b.op == "years_since":
        a, b, op = b, a, _FLIPPED.get(op, op)
    if not (isinstance(a, Op) and a.op == "years_since" and op in _FLIPPED):
        return None
    if not isinstance(b, Param | Lit):
        return None
    n = params.get(b.name) if isinstance(b, Param) else b.value
    if n is None:  # unknown whatever the date, as a comparison with null
        return pl.lit(None, dtype=pl.Boolean)
    if not isinstance(n, int) or isinstance(n, bool):
        return None
    least = n + 1 if op in (">", "<=") else n  # years > n: at least n + 1; years <= n: not n + 1
    last = _last_day_reaching(on, least)
    if last is None:
        return None
    d = compile_node(a.args[0], params, on, facts, memo)
    return d <= pl.lit(last) if op in (">=", ">") else d > pl.lit(last)


def compile_node(
    node: Expr,
    params: Mapping[str, Value],
    on: _dt.date,
    facts: Mapping[str, pl.Expr],
    memo: dict[int, pl.Expr] | None = None,
) -> pl.Expr:
    """One node as a Polars expression; ``facts`` maps fact names to column expressions.

    ``memo`` (by node identity) shares sub-expressions between callers compiling the same tree.
    """
    if memo is not None and id(node) in memo:
        return memo[id(node)]
    out = _compile(node, params, on, facts, memo)
    if memo is not None:
        memo[id(node)] = out
    return out


def _compile(
    node: Expr,
    params: Mapping[str, Value],
    on: _dt.date,
    facts: Mapping[str, pl.Expr],
    memo: dict[int, pl.Expr] | None,
) -> pl.Expr:
    if isinstance(node, Fact):
        return facts[node.name]
    if isinstance(node, Param):
        return _lit(params.get(node.name))
    if isinstance(node, Lit):
        return _lit(node.value)
    args = [compile_node(a, params, on, facts, memo) for a in node.args]
    op = node.op
    if op == "all_of":
        return reduce(lambda a, b: a & b, args)
    if op == "any_of":
        return reduce(lambda a, b: a | b, args)
    if op == "not":
        return ~args[0]
    if op in COMPARISONS:
        fast = _years_compared(node, params, on, facts, memo)
        if fast is not None:
            return fast
        a, b = args
        out = {">=": a >= b, ">": a > b, "<=": a <= b, "<": a < b, "==": a == b, "!=": a != b}[op]
        return out  # a comparison with null is null in Polars, as unknown in the scalar path
    if op in ("+", "-", "*"):
        a, b = args
        return {"+": a + b, "-": a - b, "*": a * b}[op]
    if op == "neg":
        return -args[0]
    if op in ("min", "max"):
        res = pl.min_horizontal(args) if op == "min" else pl.max_horizontal(args)
        return _null_if_any(args, res)  # unknown if any part is unknown, as the scalar path
    if op in ("in", "not_in"):
        pool = node.args[1]
        value = (
            params.get(pool.name)
            if isinstance(pool, Param)
            else (pool.value if isinstance(pool, Lit) else None)
        )
        if value is None:
            return pl.lit(None, dtype=pl.Boolean)
        inside = args[0].is_in(list(value) if isinstance(value, tuple) else [value])
        res = inside if op == "in" else ~inside
        return _null_if_any([args[0]], res)
    if op == "years_since":
        return _full_years(args[0], on)
    if op == "is_known":
        return args[0].is_not_null()
    if op == "rank":
        return args[0].replace_strict(RANKS, default=None, return_dtype=pl.Int64)
    raise ValueError(f"unknown operator {op!r}")


def missing_leaves(node: Expr, memo: dict[int, pl.Expr]) -> list[tuple[str, pl.Expr]]:
    """Each fact leaf with the condition that it is reached along unknown nodes only (``missing_facts``)."""
    out: list[tuple[str, pl.Expr]] = []

    def visit(n: Expr, path: pl.Expr | None) -> None:
        here = memo[id(n)].is_null() if path is None else path & memo[id(n)].is_null()
        if isinstance(n, Fact):
            out.append((n.name, here))
        elif isinstance(n, Op):
            for a in n.args:
                visit(a, here)

    visit(node, None)
    return out


def list_of(items: Sequence[tuple[str, pl.Expr]]) -> pl.Expr:
    """A list column of the names whose conditions hold, in order, without repeats."""
    if not items:
        return pl.lit([], dtype=pl.List(pl.String))
    parts = [
        pl.when(cond).then(pl.lit(name)).otherwise(pl.lit(None, dtype=pl.String)) for name, cond in items
    ]
    return pl.concat_list(parts).list.drop_nulls().list.unique(maintain_order=True)


MAX_MASK_RULES = 62
"""The most rules one bit mask of deciding rules holds (one ``Int64``); a rule set may not have more."""

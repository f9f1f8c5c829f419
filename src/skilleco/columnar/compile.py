"""The columnar evaluator: expression trees compiled to Polars expressions over a frame of facts.

The same trees as the scalar path (``_expr``), a different evaluator: each node becomes a Polars
expression, ``null`` is *unknown*, and the logic is Kleene's (Polars' ``&`` and ``|`` on nullable
booleans are Kleene). A rule set compiles to per-row status, deciding rule ids and missing facts,
with the engine's hit policies (``_engine.combine``) written as column expressions.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from functools import reduce
from typing import TYPE_CHECKING

import polars as pl

from ..facts.value import Value
from ..ladder import GRADES
from ..rules.expr import COMPARISONS, Expr, Fact, Lit, Op, Param

if TYPE_CHECKING:
    from ..rules.rule import Rule, RuleSet

RANKS = {g.id: g.rank for g in GRADES}


def _lit(value: Value) -> pl.Expr:
    if isinstance(value, tuple):
        return pl.lit(list(value))
    return pl.lit(value)


def _null_if_any(args: Sequence[pl.Expr], result: pl.Expr) -> pl.Expr:
    nulls = reduce(lambda a, b: a | b, [a.is_null() for a in args])
    return pl.when(nulls).then(None).otherwise(result)


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


def _missing_leaves(node: Expr, memo: dict[int, pl.Expr]) -> list[tuple[str, pl.Expr]]:
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


def _list_of(items: Sequence[tuple[str, pl.Expr]]) -> pl.Expr:
    """A list column of the names whose conditions hold, in order, without repeats."""
    if not items:
        return pl.lit([], dtype=pl.List(pl.String))
    parts = [
        pl.when(cond).then(pl.lit(name)).otherwise(pl.lit(None, dtype=pl.String)) for name, cond in items
    ]
    return pl.concat_list(parts).list.drop_nulls().list.unique(maintain_order=True)


MAX_MASK_RULES = 62
"""Rule sets up to this size carry their rule-id lists as bit masks while evaluating (one Int64)."""


def ruleset_stages(
    ruleset: RuleSet,
    rules: Sequence[Rule],
    params: Mapping[str, Value],
    on: _dt.date,
    facts: Mapping[str, pl.Expr],
    *,
    explain: bool = True,
    findings: bool = True,
) -> tuple[list[dict[str, pl.Expr]], tuple[str, ...]]:
    """Column expressions to apply in order (each stage reads the columns of the ones before), and
    the rule order of the ``__deciding`` bit mask.

    The third stage holds ``status``, with ``findings`` one ``rule:<id>`` column per rule (the
    finding: true, false, or null for unknown) and, with ``explain``, ``__deciding`` — the deciding
    rule ids as a bit mask over the returned order (decode it with :func:`decode_mask`); the fourth,
    only with ``explain``, ``missing_facts``. Columns starting with ``__`` are working columns.
    """
    memo: dict[int, pl.Expr] = {}
    ids = [r.id for r in rules]
    if len(ids) > MAX_MASK_RULES:
        raise ValueError(
            f"rule set {ruleset.id} has {len(ids)} rules; the columnar path takes {MAX_MASK_RULES}"
        )
    own = {r.id: compile_node(r.condition, params, on, facts, memo).cast(pl.Boolean) for r in rules}
    stage1 = {f"__own:{k}": e for k, e in own.items()}
    # A route's value after its guards: Kleene and with each guard's own value (as _engine.route_values).
    stage2 = {}
    for r in rules:
        value = pl.col(f"__own:{r.id}")
        for g in r.guards:
            if g in own:
                value = value & pl.col(f"__own:{g}")
        stage2[f"__v:{r.id}"] = value
    v = {k: pl.col(f"__v:{k}") for k in ids}
    is_true = {k: x.fill_null(False) for k, x in v.items()}
    is_null = {k: x.is_null() for k, x in v.items()}
    is_false = {k: x.not_().fill_null(False) for k, x in v.items()}
    # The engine lists deciding rules in rule order, except all-of: required ones, then in-principle ones.
    if ruleset.hit == "all_of":
        req = [r.id for r in rules if r.strength == "required"]
        soft = [r.id for r in rules if r.strength == "in_principle"]
        order = [*req, *soft, *(k for k in ids if k not in req and k not in soft)]
    else:
        order = list(ids)
    bit = {k: 1 << i for i, k in enumerate(order)}

    def mask(keys: Sequence[str], cond: Mapping[str, pl.Expr]) -> pl.Expr:
        return pl.sum_horizontal([cond[k].cast(pl.Int64) * bit[k] for k in keys]) if keys else pl.lit(0)

    def any_(keys: Sequence[str], cond: Mapping[str, pl.Expr]) -> pl.Expr:
        return reduce(lambda a, b: a | b, [cond[i] for i in keys], pl.lit(False))

    if ruleset.hit == "any_route":
        routes = [r.id for r in rules if r.role == "rule"]
        status = (
            pl.when(any_(routes, is_true))
            .then(pl.lit("eligible"))
            .when(any_(routes, is_null))
            .then(pl.lit("undetermined"))
            .otherwise(pl.lit("ineligible"))
        )
        deciding = (
            pl.when(any_(routes, is_true))
            .then(mask(routes, is_true))
            .when(any_(routes, is_null))
            .then(mask(routes, is_null))
            .otherwise(pl.lit(sum(bit[k] for k in routes)))
        )
        undecided = mask(routes, is_null)
    elif ruleset.hit == "any_triggers":
        status = (
            pl.when(any_(ids, is_true))
            .then(pl.lit("exit"))
            .when(any_(ids, is_null))
            .then(pl.lit("undetermined"))
            .otherwise(pl.lit("retain"))
        )
        deciding = pl.when(any_(ids, is_true)).then(mask(ids, is_true)).otherwise(mask(ids, is_null))
        undecided = mask(ids, is_null)
    else:
        both = req + soft
        status = (
            pl.when(any_(req, is_false))
            .then(pl.lit("ineligible"))
            .when(any_(both, is_null))
            .then(pl.lit("undetermined"))
            .when(any_(soft, is_false))
            .then(pl.lit("review"))
            .otherwise(pl.lit("eligible"))
        )
        deciding = (
            pl.when(any_(req, is_false))
            .then(mask(req, is_false))
            .when(any_(both, is_null))
            .then(mask(both, is_null))
            .when(any_(soft, is_false))
            .then(mask(soft, is_false))
            .otherwise(pl.lit(sum(bit[k] for k in both)))
        )
        undecided = mask(both, is_null)
    stage3: dict[str, pl.Expr] = {"status": status}
    if explain:
        stage3 |= {"__deciding": deciding.cast(pl.Int64), "__undecided": undecided.cast(pl.Int64)}
    for k in ids if findings else ():
        stage3[f"rule:{k}"] = v[k]  # the finding: true yes, false no, null unknown
    if not explain:
        return [stage1, stage2, stage3], tuple(order)
    # Missing facts: for an undetermined row, the unknown facts of its deciding (unknown) rules in rule
    # order; only rules whose own value is unknown list any (as _engine.decide and missing_facts).
    leaves: list[tuple[str, pl.Expr]] = []
    for r in rules:
        gate = pl.col(f"__own:{r.id}").is_null() & ((pl.col("__undecided") & bit[r.id]) != 0)
        leaves += [(name, gate & cond) for name, cond in _missing_leaves(r.condition, memo)]
    empty = pl.lit([], dtype=pl.List(pl.String))
    missing = pl.when(pl.col("status") == "undetermined").then(_list_of(leaves)).otherwise(empty)
    return [stage1, stage2, stage3, {"missing_facts": missing}], tuple(order)


def decode_mask(masks: pl.Series, order: Sequence[str]) -> pl.Series:
    """Bit masks over ``order`` as lists of rule ids, in that order (each distinct mask decoded once)."""
    mapping = {m: [k for i, k in enumerate(order) if (m >> i) & 1] for m in masks.unique().to_list()}
    return masks.replace_strict(mapping, return_dtype=pl.List(pl.String))

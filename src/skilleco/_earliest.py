"""The earliest date on which a "no" turns into a "yes" by the passing of time alone.

A route is reachable by time alone when every part that stands in its way is an anniversary
(``years_since(d) >= n``) or a threshold on a fact that grows with time (cumulative work), and
nothing else changes: records stay as they are on the date asked, open work periods continue,
parameters keep their values. The first such date is found by bisection over days, which is exact
because every blocking part only ever turns from no to yes as time passes.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping, Sequence

from ._expr import Expr, Fact, Facts, Op, Params, Value, evaluate, walk
from .rules import Rule

HORIZON_DAYS = 80 * 366


def _grows(node: Expr, temporal: frozenset[str]) -> bool:
    return any(
        (isinstance(n, Op) and n.op == "years_since") or (isinstance(n, Fact) and n.name in temporal)
        for n in walk(node)
    )


def _temporal_atom(node: Expr, temporal: frozenset[str]) -> bool:
    """``grows >= fixed`` or ``fixed <= grows`` (or the strict forms)."""
    if not isinstance(node, Op) or len(node.args) != 2:
        return False
    left, right = node.args
    if node.op in (">=", ">"):
        return _grows(left, temporal) and not _grows(right, temporal)
    if node.op in ("<=", "<"):
        return _grows(right, temporal) and not _grows(left, temporal)
    return False


def time_only(rule: Rule, facts: Facts, params: Params, on: _dt.date, temporal: frozenset[str]) -> bool:
    """Whether everything standing in the way of ``rule`` is a temporal threshold."""
    trace = evaluate(rule.condition, facts, params, on)
    if trace.value is not False:
        return False

    def blockers_ok(n: Expr) -> bool:
        if isinstance(n, Op) and n.op == "all_of":
            return all(blockers_ok(a) for a in n.args if trace.values[id(a)] is False)
        if isinstance(n, Op) and n.op == "any_of":
            return any(blockers_ok(a) for a in n.args)
        return _temporal_atom(n, temporal)

    return blockers_ok(rule.condition)


def earliest_date(
    routes: Sequence[Rule],
    all_rules: Mapping[str, Rule],
    facts: Facts,
    params: Params,
    on: _dt.date,
    facts_at: Callable[[_dt.date], Facts],
    temporal: frozenset[str],
) -> _dt.date | None:
    """The first date after ``on`` on which any of ``routes`` (with its guards) holds, or ``None``."""
    best: _dt.date | None = None
    for rule in routes:
        if rule.role != "rule" or not time_only(rule, facts, params, on, temporal):
            continue
        guards = [all_rules[g] for g in rule.guards]

        def holds(day: _dt.date, rule: Rule = rule, guards: list[Rule] = guards) -> bool:
            f = facts_at(day)
            return all(r.compiled(f, params, day) is True for r in (rule, *guards))

        hi = on + _dt.timedelta(days=HORIZON_DAYS)
        if best is not None:
            hi = min(hi, best)
        if not holds(hi):
            continue
        lo = on  # holds(lo) is false
        while (hi - lo).days > 1:
            mid = lo + (hi - lo) // 2
            if holds(mid):
                hi = mid
            else:
                lo = mid
        best = hi
    return best


def project(
    base: Facts, derive: Callable[[_dt.date], Mapping[str, Value]], temporal: frozenset[str]
) -> Callable[[_dt.date], Facts]:
    """Facts at a later date: temporal facts re-derived, every other fact held as it was."""

    def at(day: _dt.date) -> Facts:
        later = derive(day)
        return {**base, **{k: later[k] for k in temporal if k in later}}

    return at

"""The earliest date on which a "no" turns into a "yes" by the passing of time alone.

A route is reachable by time alone when every part that stands in its way is an anniversary
(``years_since(d) >= n``) or a threshold on a fact that grows with time (cumulative work), and
nothing else changes: records stay as they are on the date asked, open work periods continue,
parameters keep their values. The first such date is found by bisection over days, which is exact
because every blocking part only ever turns from no to yes as time passes.

A rule set's plan (``skilleco.engine.plan``) carries a :class:`RouteSearch` per route, worked out once:
the time-only check compiled, and whether the route (with its guards) is known to only ever turn
from no to yes. Such a route is first tried on the anniversaries in its condition — the days its
thresholds ``years_since(d) >= n`` turn — which usually finds the first day in two evaluations
instead of some fifteen; the bisection finishes whatever the anniversaries leave open.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping, Sequence

import attrs

from ..facts.time import add_years
from ..facts.value import Value
from ..rules.compile import bind, compile_scalar
from ..rules.expr import Compiled, Expr, Fact, Facts, Op, Params, evaluate, walk
from ..rules.rule import Rule
from .work import Hints, Shortfall, condition_shortfall, work_days, work_thresholds
from .work import grows as _grows

HORIZON_DAYS = 80 * 366

TimeOnly = Callable[[Facts, Params, _dt.date, Value], bool]
"""A rule's :func:`time_only` with its rule and temporal facts bound, built by :func:`time_only_check`;
called with the rule's own value (its condition's, before guards) as the last argument."""


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


def time_only_check(rule: Rule, temporal: frozenset[str]) -> TimeOnly:
    """:func:`time_only` for ``rule``, compiled: the same answer, without a traced evaluation.

    Which atoms are temporal thresholds is settled here, once; a call evaluates only the parts of
    the condition whose value decides which atoms stand in the way.
    """
    return _time_only_of(rule.condition, temporal)


def _time_only_of(condition: Expr, temporal: frozenset[str]) -> TimeOnly:
    """:func:`time_only_check` of a rule with ``condition``."""
    if not any(_temporal_atom(n, temporal) for n in walk(condition)):
        # Whatever stands in the way, it is not time: every blocker would have to be a threshold.
        return lambda facts, params, on, own: False
    blockers = _blockers_check(condition, temporal)
    if isinstance(blockers, bool):
        fixed = blockers
        return lambda facts, params, on, own: own is False and fixed
    check_blockers = blockers

    def check(facts: Facts, params: Params, on: _dt.date, own: Value) -> bool:
        return own is False and check_blockers(facts, params, on)

    return check


Blockers = Callable[[Facts, Params, _dt.date], bool]


def _blockers_check(node: Expr, temporal: frozenset[str]) -> Blockers | bool:
    """``blockers_ok`` of :func:`time_only` for a node known to be no (a bool when it is fixed)."""
    if isinstance(node, Op) and node.op == "all_of":
        parts = tuple((compile_scalar(a), _blockers_check(a, temporal)) for a in node.args)

        def all_of(facts: Facts, params: Params, on: _dt.date) -> bool:
            # Every part that is no must be a blocker time alone removes.
            for value, ok in parts:
                if ok is True or value(facts, params, on) is not False:
                    continue
                if ok is False or not ok(facts, params, on):
                    return False
            return True

        return all_of
    if isinstance(node, Op) and node.op == "any_of":
        checks = [_blockers_check(a, temporal) for a in node.args]
        if True in checks:
            return True
        calls = tuple(c for c in checks if not isinstance(c, bool))
        if not calls:
            return False

        def any_of(facts: Facts, params: Params, on: _dt.date) -> bool:
            return any(ok(facts, params, on) for ok in calls)

        return any_of
    return _temporal_atom(node, temporal)


# --- routes that only ever turn from no to yes ---------------------------------------------------


def _rising(node: Expr, temporal: frozenset[str]) -> bool:
    """Whether the node's value can only rise as time passes (no → unknown → yes, never back).

    Sufficient, not necessary: parts that do not move with time; ``all_of`` and ``any_of`` of
    rising parts (Kleene and/or keep the order); and thresholds ``grows >= fixed`` (or ``>``, or
    the mirror forms) where ``grows`` never decreases. Anything else that moves with time — an age
    limit ``years_since(birth_date) <= 60``, a ``not`` — is not known to rise.
    """
    if not _grows(node, temporal):
        return True
    if isinstance(node, Op) and node.op in ("all_of", "any_of"):
        return all(_rising(a, temporal) for a in node.args)
    if isinstance(node, Op) and node.op in (">=", ">", "<=", "<"):
        low, high = node.args if node.op in (">=", ">") else reversed(node.args)
        return _increasing(low, temporal) and not _grows(high, temporal)
    return False


def _increasing(node: Expr, temporal: frozenset[str]) -> bool:
    """Whether the node's value never decreases as time passes (an unknown stays unknown)."""
    if not _grows(node, temporal) or isinstance(node, Fact):
        # A temporal fact is cumulative work, which only grows (and is unknown for good or never).
        return True
    if isinstance(node, Op) and node.op == "years_since":
        return not _grows(node.args[0], temporal)
    if isinstance(node, Op) and node.op in ("+", "min", "max"):
        return all(_increasing(a, temporal) for a in node.args)
    return False


_Anniversary = tuple[Compiled, Compiled, bool]


def _anniversary_atoms(nodes: Sequence[Expr], temporal: frozenset[str]) -> list[_Anniversary]:
    """The anniversary thresholds ``years_since(d) >= n`` among ``nodes``: ``d`` and ``n``
    compiled, and whether the threshold is strict."""
    atoms = []
    for node in (n for root in nodes for n in walk(root)):
        if not (isinstance(node, Op) and node.op in (">=", ">", "<=", "<")):
            continue
        low, high = node.args if node.op in (">=", ">") else reversed(node.args)
        if isinstance(low, Op) and low.op == "years_since" and not _grows(high, temporal):
            since = low.args[0]
            if not _grows(since, temporal):
                atoms.append((compile_scalar(since), compile_scalar(high), node.op in (">", "<")))
    return atoms


def _anniversaries(atoms: Sequence[_Anniversary]) -> Hints:
    """The dates on which the anniversary thresholds ``atoms`` turn."""

    def hints(facts: Facts, params: Params, on: _dt.date) -> list[_dt.date]:
        out = set()
        for since, years, strict in atoms:
            day, n = since(facts, params, on), years(facts, params, on)
            if isinstance(day, _dt.date) and isinstance(n, int) and not isinstance(n, bool):
                try:
                    out.add(add_years(day, n + 1 if strict else n))
                except (ValueError, OverflowError):  # beyond the calendar: no hint
                    continue
        return sorted(out)

    return hints


def _both(first: Hints, second: Hints) -> Hints:
    def hints(facts: Facts, params: Params, on: _dt.date) -> list[_dt.date]:
        return sorted({*first(facts, params, on), *second(facts, params, on)})

    return hints


def _no_hints(facts: Facts, params: Params, on: _dt.date) -> list[_dt.date]:
    return []


def _hints(nodes: Sequence[Expr], temporal: frozenset[str]) -> Hints:
    """The anniversaries and the days thresholds on months of work turn, among ``nodes``: sorted,
    each once. Where only one kind of threshold is there, its own hints (already sorted and
    distinct) are all there is to call."""
    anniversaries = _anniversary_atoms(nodes, temporal)
    work = work_thresholds(nodes, temporal)
    if not work:
        return _anniversaries(anniversaries) if anniversaries else _no_hints
    work_hints = work_days(nodes, temporal)
    return _both(_anniversaries(anniversaries), work_hints) if anniversaries else work_hints


@attrs.frozen
class RouteSearch:
    """What the search needs to know of one route, worked out once.

    Attributes:
        time_only: :func:`time_only_check` of the route.
        conditions: the route's condition and its guards', compiled.
        rising: whether the route and its guards only ever turn from no to yes (:func:`_rising`).
            Then the first day is unique and anniversaries may be tried before bisecting.
        hints: the anniversaries in the route and its guards: the days a threshold turns.
        shortfall: :func:`work_shortfall` of the route.
        never: whether :attr:`time_only` is false whatever the facts (nothing in the route is a
            temporal threshold): the search passes the route by without a call.
        moving: the temporal facts the route and its guards read: all a day's facts need to move.
    """

    time_only: TimeOnly
    conditions: tuple[Compiled, ...]
    rising: bool
    hints: Hints
    shortfall: Shortfall
    never: bool = False
    moving: frozenset[str] = frozenset()


def route_search(
    rule: Rule, guards: Sequence[Rule], temporal: frozenset[str], params: Params | None = None
) -> RouteSearch:
    """The :class:`RouteSearch` of ``rule`` with its ``guards``.

    Args:
        params: the parameter values every call passes (a plan's, those of its date segment):
            read once, here, instead of at each call (``rules.compile.bind``).
    """
    conditions = [rule.condition, *(g.condition for g in guards)]
    bound = conditions if params is None else [bind(c, params) for c in conditions]
    return RouteSearch(
        time_only=_time_only_of(bound[0], temporal),
        conditions=tuple(compile_scalar(c) for c in bound),
        rising=all(_rising(c, temporal) for c in conditions),
        hints=_hints(bound, temporal),
        shortfall=condition_shortfall(bound[0], temporal),
        never=not any(_temporal_atom(n, temporal) for n in walk(rule.condition)),
        moving=temporal.intersection(n.name for c in conditions for n in walk(c) if isinstance(n, Fact)),
    )


def earliest_date(
    routes: Sequence[Rule],
    all_rules: Mapping[str, Rule],
    facts: Facts,
    params: Params,
    on: _dt.date,
    facts_at: Callable[[_dt.date], Facts] | None,
    temporal: frozenset[str],
    searches: Mapping[str, RouteSearch] | None = None,
    own: Mapping[str, Value] | None = None,
    facts_for: Callable[[Rule], Callable[[_dt.date], Facts]] | None = None,
) -> _dt.date | None:
    """The first date after ``on`` on which any of ``routes`` (with its guards) holds, or ``None``.

    Args:
        searches: :func:`route_search` of some routes by rule id, built with ``temporal``. A route
            that rises is first tried on its anniversaries: a day on which it holds and the day
            before on which it does not is the first day, found in a few evaluations instead of
            some fifteen. Bisection finds the rest, and every route that is not known to rise,
            exactly as without ``searches``.
        own: each route's own value on ``on`` (before guards), when ``searches`` are given.
        facts_at: the facts on a later day (``None``: ``facts_for`` is given).
        facts_for: the facts on a later day for one route, in place of ``facts_at``: they need
            only agree with it on the facts the route and its guards read.
    """
    best: _dt.date | None = None
    for rule in routes:
        if rule.role != "rule":
            continue
        search = None if searches is None or own is None else searches.get(rule.id)
        if search is None or own is None:
            if not time_only(rule, facts, params, on, temporal):
                continue
            conditions = tuple(r.compiled for r in (rule, *(all_rules[g] for g in rule.guards)))
        elif not search.never and search.time_only(facts, params, on, own[rule.id]):
            conditions = search.conditions
        else:
            continue
        at = facts_for(rule) if facts_for is not None else facts_at
        if at is None:
            raise TypeError("earliest_date needs facts_at or facts_for")

        def holds(
            day: _dt.date,
            conditions: tuple[Compiled, ...] = conditions,
            at: Callable[[_dt.date], Facts] = at,
        ) -> bool:
            f = at(day)
            for c in conditions:  # noqa: SIM110  # a loop: no generator per call on the hot path
                if c(f, params, day) is not True:
                    return False
            return True

        hi = on + _HORIZON
        if best is not None:
            hi = min(hi, best)
        lo = on  # holds(lo) is false
        found = False
        if search is not None and search.rising:
            # A route that rises and holds on some day before hi holds on hi too.
            lo, hi, found = _try_hints(holds, search.hints(facts, params, on), lo, hi)
        if not found and not holds(hi):
            continue
        while (hi - lo).days > 1:
            mid = lo + (hi - lo) // 2
            if holds(mid):
                hi = mid
            else:
                lo = mid
        best = hi
    return best


def _try_hints(
    holds: Callable[[_dt.date], bool], hints: list[_dt.date], lo: _dt.date, hi: _dt.date
) -> tuple[_dt.date, _dt.date, bool]:
    """Narrow ``(lo, hi)`` by trying candidate days in order, for a rising route false on ``lo``.

    Returns the new bounds and ``True`` when the route held on a candidate: it holds on the new
    ``hi`` and not on the new ``lo`` (and, rising, on no day before it). ``False`` when no candidate
    held: ``lo`` has moved past those tried, and ``hi`` is untried.
    """
    for day in hints:
        if not lo < day < hi:
            continue
        if not holds(day):
            lo = day
            continue
        hi = day
        before = day - _ONE_DAY
        if lo < before:
            if holds(before):
                hi = before
            else:
                lo = before
        return lo, hi, True
    return lo, hi, False


_ONE_DAY = _dt.timedelta(days=1)
_HORIZON = _dt.timedelta(days=HORIZON_DAYS)


def project(
    base: Facts, derive: Callable[[_dt.date], Mapping[str, Value]], temporal: frozenset[str]
) -> Callable[[_dt.date], Facts]:
    """Facts at a later date: temporal facts re-derived, every other fact held as it was."""

    def at(day: _dt.date) -> Facts:
        later = derive(day)
        facts = dict(base)
        for k in temporal:
            if k in later:
                facts[k] = later[k]
        return facts

    return at

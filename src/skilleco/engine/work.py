"""Thresholds on months of work: the days they turn with work continuing, and the work they lack.

A rule reads months of work as ``fact >= need`` (``time.md``). Cumulative work grows by a month on
each monthly anniversary of the stretch running on the date asked; continuous work, the longest
stretch (``FactSpec.stretch``), turns only when that running stretch itself reaches the threshold.
The earliest-date search tries the days these give before bisecting (:mod:`.earliest`); a decision
with no earliest date says how many months of work a route lacks.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Callable, Sequence

import attrs

from ..facts.spec import WORKER_FACTS, FactSpec
from ..facts.time import add_months, whole_months
from ..facts.value import Value
from ..rules.compile import compile_scalar
from ..rules.expr import Compiled, Expr, Fact, Facts, Lit, Op, Params, walk
from ..rules.rule import Rule

__all__ = [
    "Hints",
    "Shortfall",
    "WorkThreshold",
    "condition_shortfall",
    "grows",
    "work_days",
    "work_shortfall",
    "work_thresholds",
]

Hints = Callable[[Facts, Params, _dt.date], list[_dt.date]]
"""Candidate days on which a route may turn: ``f(facts, params, on)``."""


def grows(node: Expr, temporal: frozenset[str]) -> bool:
    """Whether ``node`` moves with time: it holds an anniversary or a temporal fact."""
    return any(
        (isinstance(n, Op) and n.op == "years_since") or (isinstance(n, Fact) and n.name in temporal)
        for n in walk(node)
    )


@attrs.frozen
class WorkThreshold:
    """A threshold ``fact >= need`` (or ``>``, or the mirror forms) on months of work, and how the
    fact grows (its :class:`~skilleco.facts.FactSpec`: ``since``, ``stretch``, ``open_since``).

    ``target``: the whole months the threshold needs, where ``need`` is a number known in advance
    (a literal, or parameters bound: ``rules.compile.bind``); ``None``: worked out at each call."""

    name: str
    need: Compiled
    strict: bool
    since: str | None
    stretch: bool
    open_since: str
    target: int | None = None

    def short(self, facts: Facts, params: Params, on: _dt.date) -> tuple[int, _dt.date | None, int] | None:
        """The months of work still needed, the start of the stretch running on ``on`` (from
        ``since``, if later; ``None``: none runs) and its months; ``None`` when none are needed.
        Work from ``on`` on adds to a sum (cumulative work) month by month; the longest stretch
        (continuous work) turns only when the running stretch itself reaches the threshold."""
        have, target = facts.get(self.name), self.target
        if target is None:
            need = self.need(facts, params, on)
            if not isinstance(have, int):
                return None
            target = _months_needed(need, self.strict)
            if target is None:
                return None
        elif not isinstance(have, int):
            return None
        start, anchor = facts.get(self.open_since), None if self.since is None else facts.get(self.since)
        begin = start if isinstance(start, _dt.date) else None
        if begin is not None and self.since is not None:
            begin = max(begin, anchor) if isinstance(anchor, _dt.date) else None
        running = 0 if begin is None else whole_months(begin, on)
        gap = target - (running if self.stretch else have)
        return None if target <= have or gap <= 0 else (gap, begin, running)


def _months_needed(need: Value, strict: bool) -> int | None:
    """The whole months a threshold ``>= need`` (``> need``: ``strict``) needs; ``None`` for a need
    that is not a number."""
    if isinstance(need, bool) or not isinstance(need, (int, float)):
        return None
    return math.floor(need) + 1 if strict else math.ceil(need)


def _fixed_target(need: Expr, strict: bool) -> int | None:
    """:func:`_months_needed` of a literal ``need``, worked out once (``None``: not a literal, or
    not a number that has whole months: then each call works it out, or raises, as it would)."""
    if not isinstance(need, Lit):
        return None
    try:
        return _months_needed(need.value, strict)
    except (ValueError, OverflowError):  # nan or infinity
        return None


def work_thresholds(nodes: Sequence[Expr], temporal: frozenset[str]) -> list[WorkThreshold]:
    """The thresholds on temporal facts (months of work) among ``nodes``."""
    atoms = []
    for node in (n for root in nodes for n in walk(root)):
        if not (isinstance(node, Op) and node.op in (">=", ">", "<=", "<")):
            continue
        low, high = node.args if node.op in (">=", ">") else reversed(node.args)
        if isinstance(low, Fact) and low.name in temporal and not grows(high, temporal):
            spec = WORKER_FACTS.get(low.name) or FactSpec(low.name, "int", "")
            strict = node.op in (">", "<")
            need = compile_scalar(high)
            target = _fixed_target(high, strict)
            atoms.append(
                WorkThreshold(low.name, need, strict, spec.since, spec.stretch, spec.open_since, target)
            )
    return atoms


def work_days(nodes: Sequence[Expr], temporal: frozenset[str]) -> Hints:
    """The days on which the thresholds on months of work among ``nodes`` turn, work continuing.

    Months of work grow by one on each monthly anniversary of the start of the stretch of work
    running on the date asked (``FactSpec.open_since``: ``work_open_since``), or of the date counted
    from, if later (``FactSpec.since``): a threshold short of ``gap`` months turns ``gap`` such
    anniversaries on (:meth:`WorkThreshold.short`).
    """
    atoms = work_thresholds(nodes, temporal)

    def hints(facts: Facts, params: Params, on: _dt.date) -> list[_dt.date]:
        out = set()
        for atom in atoms:
            short = atom.short(facts, params, on)
            if short is None:
                continue
            gap, begin, running = short
            if begin is None:  # no stretch running: waiting adds no work
                continue
            try:
                out.add(add_months(begin, running + gap))
            except (ValueError, OverflowError):  # beyond the calendar: no hint
                continue
        return sorted(out)

    return hints


Shortfall = Callable[[Facts, Params, _dt.date], int | None]
"""The most months of work a route still needs: ``f(facts, params, on)`` (``None``: none)."""


def work_shortfall(rule: Rule, temporal: frozenset[str]) -> Shortfall:
    """The most months of work ``rule`` still needs, compiled: ``f(facts, params, on)``.

    Read where every blocker of the route is a temporal threshold (:func:`.earliest.time_only`): the largest
    gap between a threshold on months of work and the months counted on ``on``. Every anchor of a
    "work after" count lies on or before ``on``, so a month worked from now on adds to each of
    them: the largest gap is the work still needed. Continuous work (``FactSpec.stretch``) needs
    the threshold less the stretch running on ``on`` (one ending that day is continued by work from
    the next), the whole threshold when none runs. ``None`` when no threshold on work is short.
    """
    return condition_shortfall(rule.condition, temporal)


def condition_shortfall(condition: Expr, temporal: frozenset[str]) -> Shortfall:
    """:func:`work_shortfall` of a rule with ``condition``."""
    atoms = work_thresholds([condition], temporal)

    def shortfall(facts: Facts, params: Params, on: _dt.date) -> int | None:
        gaps = [short[0] for atom in atoms if (short := atom.short(facts, params, on)) is not None]
        return max(gaps, default=None)

    return shortfall

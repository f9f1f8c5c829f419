"""Thresholds on facts that are ranges, in Kleene logic, by rewriting the tree once.

Some facts are only known to lie in a range (``FactSpec.most``): the months of work since a
certificate when an undated certificate of the same level may be the older one, or when a period of
work lies in an occupation whose relation no standard settles. The fact holds what surely holds; a
companion holds the most favourable value. A threshold that rises with the fact,

    ``work_months_since_cert_senior >= 60``

is then yes when the fact reaches it, no when even the companion does not, and unknown otherwise —
naming the facts that would settle it. Written as the tree every evaluator already knows::

    any_of(fact >= 60, all_of(most >= 60, settled_1, settled_2))

where ``settled_*`` are true when the range is closed (the companion then equals the fact) and
unknown when it is open. Every evaluator (traced, compiled, columnar, the earliest-date search) reads
the rewritten tree; the rule's text (``Rule.when``) shows the tree as written. Only thresholds that
rise with the fact are rewritten: ``fact >= x``, ``fact > x``, ``x <= fact``, ``x < fact``, with
``years_since(date)`` for a date fact (the companion is then the earliest date it may have).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..facts.spec import RANGES, FactSpec
from .expr import Expr, Fact, Op, walk

__all__ = ["is_ranged", "with_ranges", "without_ranges"]

_RISING = {">=": 0, ">": 0, "<=": 1, "<": 1}  # the operand the threshold rises with


def _ranged_side(node: Expr, ranges: Mapping[str, FactSpec]) -> Expr | None:
    """``node`` with a ranged fact replaced by its companion, if it is a fact or an anniversary of one."""
    if isinstance(node, Fact):
        spec = ranges.get(node.name)
        if spec is not None and spec.type != "date" and spec.most is not None:
            return Fact(spec.most)
        return None
    if isinstance(node, Op) and node.op == "years_since" and isinstance(node.args[0], Fact):
        spec = ranges.get(node.args[0].name)
        if spec is not None and spec.type == "date" and spec.most is not None:
            return Op("years_since", (Fact(spec.most),))
    return None


def _mentions(node: Expr, ranges: Mapping[str, FactSpec]) -> bool:
    return any(isinstance(n, Fact) and n.name in ranges for n in walk(node))


def _optimistic(node: Expr, ranges: Mapping[str, FactSpec]) -> tuple[Expr, tuple[str, ...]] | None:
    """The threshold with its ranged side at its most favourable, and the facts that settle it."""
    if not isinstance(node, Op) or node.op not in _RISING or len(node.args) != 2:
        return None
    side = _RISING[node.op]
    other = node.args[1 - side]
    most = _ranged_side(node.args[side], ranges)
    if most is None or _mentions(other, ranges):
        return None
    fact = node.args[side]
    name = fact.name if isinstance(fact, Fact) else fact.args[0].name  # type: ignore[union-attr]
    args = (most, other) if side == 0 else (other, most)
    return Op(node.op, args), ranges[name].settled_by


def _is_ranged(node: Op, ranges: Mapping[str, FactSpec]) -> bool:
    """Whether ``node`` is already the rewritten form of a threshold."""
    if node.op != "any_of" or len(node.args) != 2:
        return False
    second = node.args[1]
    if not isinstance(second, Op) or second.op != "all_of":
        return False
    found = _optimistic(node.args[0], ranges)
    return found is not None and second.args == (found[0], *(Fact(n) for n in found[1]))


def is_ranged(node: Expr, ranges: Mapping[str, FactSpec] = RANGES) -> bool:
    """Whether ``node`` is a threshold on a range, rewritten by :func:`with_ranges`."""
    return isinstance(node, Op) and _is_ranged(node, ranges)


def with_ranges(node: Expr, ranges: Mapping[str, FactSpec] = RANGES) -> Expr:
    """``node`` with every rising threshold on a ranged fact rewritten (idempotent)."""
    if not isinstance(node, Op):
        return node
    if _is_ranged(node, ranges):
        return node
    found = _optimistic(node, ranges)
    if found is not None:
        most, settled = found
        return Op("any_of", (node, Op("all_of", (most, *(Fact(n) for n in settled)))))
    args = tuple(with_ranges(a, ranges) for a in node.args)
    return node if args == node.args else Op(node.op, args)


def without_ranges(node: Expr, ranges: Mapping[str, FactSpec] = RANGES) -> Expr:
    """``node`` as written: every rewritten threshold back to the threshold itself."""
    if not isinstance(node, Op):
        return node
    if _is_ranged(node, ranges):
        return node.args[0]
    args = tuple(without_ranges(a, ranges) for a in node.args)
    return node if args == node.args else Op(node.op, args)

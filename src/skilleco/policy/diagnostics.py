"""Load-time diagnostics of a policy: suspicious, not wrong. Errors stop a pack loading; these don't.

Three kinds, each a :class:`Diagnostic`:

``never_holds``
    A rule (a route, a criterion or a guard) whose condition can never be true, or a route that its
    guards make impossible. The check is cheap and static, not a solver: constants are folded
    (literals, ``rank("...")``, arithmetic on constants, and parameters whose value is the same on
    every date), a comparison of two constants is decided, ``x in []`` is false, and the
    comparisons of one ``and`` are checked together per compared expression (``x >= 5 and x < 3``,
    ``x == "a" and x == "b"``, ``x in ["a"] and x != "a"``, ``a and not a``). Bounds are read over
    the real numbers (``x > 3 and x < 4`` is not reported even for an integer fact). It never
    reports a condition that can hold; it may miss one that cannot.
``duplicate_route``
    Two rules of one rule set with the same condition tree and the same guards (``a and b`` equals
    ``b and a``: the parts of ``and`` / ``or`` are compared as sets).
``unread_parameter``
    A parameter that no condition reads (the policy's rules and its occupations' added rules),
    unless the pack says who reads it with ``read_by = "..."`` (the what-if cost line reads the
    ``subsidy.<grade>`` figures, for instance).
"""

from __future__ import annotations

import datetime as _dt
import operator
from collections.abc import Iterable, Mapping
from typing import Any, Literal, TypeAlias

import attrs

from ..facts.value import Value
from ..ladder import grade
from ..rules.expr import COMPARISONS, Expr, Fact, Lit, Op, Param, param_names
from ..rules.ranges import without_ranges
from ..rules.rule import Rule
from ..rules.syntax import unparse
from .view import PolicyView


def written(rule: Rule) -> Expr:
    """The rule's condition as written (thresholds on ranges not rewritten): what diagnostics read."""
    return without_ranges(rule.condition)

__all__ = ["Diagnostic", "DiagnosticKind", "diagnose"]

DiagnosticKind: TypeAlias = Literal["never_holds", "duplicate_route", "unread_parameter"]


@attrs.frozen
class Diagnostic:
    """One load-time finding about a policy (see :meth:`skilleco.policy.Policy.diagnostics`).

    Attributes:
        kind: ``never_holds``, ``duplicate_route`` or ``unread_parameter``.
        ruleset_id: the rule set concerned, or ``None`` (an unread parameter).
        rule_id: the rule concerned, or ``None`` (an unread parameter).
        message: what was found, in English.
        parameter: the parameter concerned (``unread_parameter``), else ``None``.
        other_rule_id: the earlier rule with the same condition (``duplicate_route``), else ``None``.
    """

    kind: DiagnosticKind
    ruleset_id: str | None
    rule_id: str | None
    message: str
    parameter: str | None = None
    other_rule_id: str | None = None


def diagnose(policy: PolicyView) -> tuple[Diagnostic, ...]:
    """The diagnostics of a policy: never-holding rules, duplicate routes, then unread parameters.

    Occupation overrides are not diagnosed as separate policies; the rules they add count as
    readers of parameters.
    """
    constants = _constant_parameters(policy)
    out: list[Diagnostic] = []
    for sid in policy.rulesets:
        for rule in policy.members(sid):
            why = _never(written(rule), constants)
            guards = [written(policy.rules[g]) for g in rule.guards if g in policy.rules]
            if why is None and guards:
                why = _never(Op("all_of", (written(rule), *guards)), constants)
                why = None if why is None else f"with its guards ({', '.join(rule.guards)}), {why}"
            if why is not None:
                out.append(Diagnostic("never_holds", sid, rule.id, f"{rule.id} can never hold: {why}"))
    for sid in policy.rulesets:
        first: dict[tuple[Expr, frozenset[str]], str] = {}
        for rule in policy.members(sid):
            shape = (_normal(written(rule)), frozenset(rule.guards))
            if shape in first:
                message = f"{rule.id} has the same condition and guards as {first[shape]} in {sid}"
                out.append(Diagnostic("duplicate_route", sid, rule.id, message, other_rule_id=first[shape]))
            else:
                first[shape] = rule.id
    read = {name for rule in _all_rules(policy) for name in rule.params}
    for name in policy.parameters:
        if name not in read and name not in policy.read_by:
            message = f"no rule reads the parameter {name!r} (if something else does, say read_by = ...)"
            out.append(Diagnostic("unread_parameter", None, None, message, parameter=name))
    return tuple(out)


def _all_rules(policy: PolicyView) -> Iterable[Rule]:
    yield from policy.rules.values()
    for occupation in policy.occupations.values():
        yield from occupation.add_rules


def _constant_parameters(policy: PolicyView) -> dict[str, Value]:
    """Parameters with one and the same value on every date they are set."""
    out: dict[str, Value] = {}
    for name, p in policy.parameters.items():
        values = {v for _, v in p.timeline.entries}
        if len(values) == 1 and None not in values:
            out[name] = values.pop()
    return out


def _normal(node: Expr) -> Expr:
    """The tree with the parts of every ``and`` / ``or`` in a fixed order (duplicates compared as sets)."""
    if not isinstance(node, Op):
        return node
    args = tuple(_normal(a) for a in node.args)
    if node.op in ("all_of", "any_of"):
        args = tuple(sorted(set(args), key=unparse))
    return Op(node.op, args)


# --- constant folding -------------------------------------------------------------------------------


class _Unknown:
    """Not a constant."""


UNKNOWN = _Unknown()
Folded: TypeAlias = Value | _Unknown
_FLIP = {">=": "<=", ">": "<", "<=": ">=", "<": ">", "==": "==", "!=": "!="}


def _number(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _const(node: Expr, params: Mapping[str, Value]) -> Folded:
    """The value of ``node`` when it is the same whatever the facts and the date, else UNKNOWN."""
    if isinstance(node, Lit):
        return node.value
    if isinstance(node, Param):
        return params.get(node.name, UNKNOWN)
    if isinstance(node, Fact):
        return UNKNOWN
    args = [_const(a, params) for a in node.args]
    if any(isinstance(a, _Unknown) or a is None for a in args):
        return UNKNOWN
    try:
        return _apply(node.op, args)
    except (TypeError, ValueError, LookupError):  # a clash the type check reports elsewhere
        return UNKNOWN


def _apply(op: str, args: list[Folded]) -> Folded:
    if op == "rank" and isinstance(args[0], str):
        return grade(args[0]).rank
    if op in COMPARISONS or op in ("in", "not_in"):
        return _compare(op, args[0], args[1])
    if op in ("+", "-", "*", "neg", "min", "max") and all(_number(a) for a in args):
        nums = [a for a in args if isinstance(a, int | float)]
        if op == "neg":
            return -nums[0]
        if op in ("min", "max"):
            return min(nums) if op == "min" else max(nums)
        a, b = nums
        return a + b if op == "+" else a - b if op == "-" else a * b
    if op in ("not", "all_of", "any_of") and all(isinstance(a, bool) for a in args):
        return not args[0] if op == "not" else all(args) if op == "all_of" else any(args)
    return UNKNOWN


_ORDER = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}


def _compare(op: str, a: Any, b: Any) -> bool:
    """``a op b`` for two constants; TypeError for values that do not compare (a number and a date)."""
    if op in ("in", "not_in"):
        if not isinstance(b, tuple):
            raise TypeError("membership needs a list")
        return (a in b) == (op == "in")
    if op == "==":
        return bool(a == b)
    if op == "!=":
        return bool(a != b)
    if isinstance(a, bool) or isinstance(b, bool) or not (_kind(a) == _kind(b) != ""):
        raise TypeError("not ordered")
    return bool(_ORDER[op](a, b))


def _kind(v: object) -> str:
    if _number(v):
        return "num"
    return "date" if isinstance(v, _dt.date) else "str" if isinstance(v, str) else ""


# --- can it hold? -------------------------------------------------------------------------------------


def _never(node: Expr, params: Mapping[str, Value]) -> str | None:
    """Why ``node`` can never be true, or ``None`` when it may be (or the check cannot tell)."""
    value = _const(node, params)
    if value is False:
        return f"{unparse(node)} is always false"
    if not isinstance(node, Op):
        return None
    if node.op == "all_of":
        parts = _conjuncts(node)
        for part in parts:
            why = _never(part, params)
            if why is not None:
                return why
        return _conflict(parts, params)
    if node.op == "any_of":
        reasons = [_never(a, params) for a in node.args]
        if all(r is not None for r in reasons):
            return "every alternative is impossible: " + "; ".join(r for r in reasons if r)
        return None
    if node.op == "not":
        return _never_false(node.args[0], params)
    if node.op == "in" and _const(node.args[1], params) == ():
        return f"{unparse(node)}: the list is empty"
    return None


def _never_false(node: Expr, params: Mapping[str, Value]) -> str | None:
    """Why ``node`` can never be false (so ``not node`` can never be true), or ``None``."""
    if _const(node, params) is True:
        return f"{unparse(node)} is always true, so its negation is always false"
    if isinstance(node, Op) and node.op == "not":
        why = _never(node.args[0], params)
        return None if why is None else f"not of not: {why}"
    return None


def _conjuncts(node: Op) -> list[Expr]:
    out: list[Expr] = []
    for a in node.args:
        out.extend(_conjuncts(a) if isinstance(a, Op) and a.op == "all_of" else [a])
    return out


def _conflict(parts: list[Expr], params: Mapping[str, Value]) -> str | None:
    """Comparisons of one expression, or a part and its negation, that cannot all hold together."""
    present = set(parts)
    for part in parts:
        if isinstance(part, Op) and part.op == "not" and part.args[0] in present:
            return f"both {unparse(part.args[0])} and {unparse(part)}"
    bounds: dict[Expr, list[tuple[str, Value]]] = {}
    sources: dict[Expr, list[Expr]] = {}
    for part in parts:
        found = _bound(part, params)
        if found is not None:
            bounds.setdefault(found[0], []).append(found[1:])
            sources.setdefault(found[0], []).append(part)
    for term, constraints in bounds.items():
        if len(constraints) > 1 and not _satisfiable(constraints):
            shown = " and ".join(unparse(p) for p in sources[term])
            used = sorted({n for p in sources[term] for n in param_names(p) if n in params})
            values = ", ".join(f"p.{n} = {unparse(Lit(params[n]))}" for n in used)
            return f"{shown} cannot all hold" + (f" (with {values})" if values else "")
    return None


def _bound(part: Expr, params: Mapping[str, Value]) -> tuple[Expr, str, Value] | None:
    """``part`` as (expression, operator, constant) when it compares an expression with a constant."""
    if not (isinstance(part, Op) and (part.op in COMPARISONS or part.op in ("in", "not_in"))):
        return None
    left, right = part.args
    a, b = _const(left, params), _const(right, params)
    if not isinstance(b, _Unknown) and isinstance(a, _Unknown) and b is not None:
        return left, part.op, b
    if part.op in COMPARISONS and isinstance(b, _Unknown) and not isinstance(a, _Unknown) and a is not None:
        return right, _FLIP[part.op], a
    return None


def _satisfiable(constraints: list[tuple[str, Value]]) -> bool:
    """Whether one value can meet every constraint (read over the reals; unsure means yes)."""
    allowed: set[Value] | None = None
    excluded: set[Value] = set()
    lows: list[tuple[Value, bool]] = []
    highs: list[tuple[Value, bool]] = []
    for op, v in constraints:
        if op in ("==", "in"):
            values = set(v) if op == "in" and isinstance(v, tuple) else {v}
            allowed = values if allowed is None else allowed & values
        elif op in ("!=", "not_in"):
            excluded |= set(v) if op == "not_in" and isinstance(v, tuple) else {v}
        elif op in (">=", ">"):
            lows.append((v, op == ">"))
        else:
            highs.append((v, op == "<"))
    try:
        if allowed is not None:
            return any(
                x not in excluded
                and all(_compare(">" if strict else ">=", x, lo) for lo, strict in lows)
                and all(_compare("<" if strict else "<=", x, hi) for hi, strict in highs)
                for x in allowed
            )
        for lo, lo_strict in lows:
            for hi, hi_strict in highs:
                if _compare(">", lo, hi) or (lo == hi and (lo_strict or hi_strict)):
                    return False
    except TypeError:  # values of different kinds: the type check speaks to that
        return True
    return True

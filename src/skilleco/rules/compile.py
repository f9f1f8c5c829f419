"""Expression trees compiled for the scalar path: one closure per operator, leaves read in place.

The same values as :func:`skilleco.rules.expr.compile_expr` (a property test checks every evaluation
path agrees on random trees), faster: each operator gets its own closure instead of dispatching on
its name through ``apply``, and a comparison reads a fact, a parameter or a literal argument
directly rather than calling a closure for it. Arguments are evaluated exactly when
``compile_expr`` evaluates them, so an error (an unknown grade under ``rank``) is raised in the
same cases.
"""

from __future__ import annotations

import datetime as _dt
import operator
from collections.abc import Callable
from typing import Any

from ..facts.time import full_years
from ..facts.value import Value
from ..ladder import grade
from .expr import Compiled, Expr, Fact, Facts, Lit, Op, Param, Params, compile_expr

# Values are checked against their operators when a policy loads; these only apply them.
_Fn = Callable[[Any, Any], Any]
_ORDER: dict[str, _Fn] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}


def compile_scalar(node: Expr) -> Compiled:
    """Compile ``node`` to a closure ``f(facts, params, on) -> value``."""
    if isinstance(node, Fact):
        name = node.name
        return lambda f, p, on: f.get(name)
    if isinstance(node, Param):
        pname = node.name
        return lambda f, p, on: p.get(pname)
    if isinstance(node, Lit):
        value = node.value
        return lambda f, p, on: value
    op = node.op
    if op in _ORDER:
        return _comparison(_ORDER[op], node.args[0], node.args[1])
    if op == "all_of":
        return _all_of(_parts(node.args))
    if op == "any_of":
        return _any_of(_parts(node.args))
    if op == "years_since":
        return _years_since(node.args[0])
    compiled = _other(op, tuple(compile_scalar(a) for a in node.args))
    # An operator this module does not know: the reference compiler's closure.
    return compile_expr(node) if compiled is None else compiled


def bind(node: Expr, params: Params) -> Expr:
    """``node`` for one set of parameter values: each parameter the literal it is there
    (``None`` where unset), and ``+``, ``-``, ``*`` of two known literals worked out.

    Every evaluator gives the same value for the bound tree, called with ``params``, as for
    ``node``: an arithmetic that would raise is left as it is, to raise when it is reached.
    """
    if isinstance(node, Param):
        return Lit(params.get(node.name))
    if not isinstance(node, Op):
        return node
    args = tuple(bind(a, params) for a in node.args)
    if node.op in _ARITH and len(args) == 2:
        x, y = args
        if isinstance(x, Lit) and isinstance(y, Lit) and x.value is not None and y.value is not None:
            try:
                return Lit(_ARITH[node.op](x.value, y.value))
            except (TypeError, ValueError, OverflowError):
                pass
    return node if all(a is b for a, b in zip(args, node.args, strict=True)) else Op(node.op, args)


_ARITH: dict[str, _Fn] = {"+": operator.add, "-": operator.sub, "*": operator.mul}


def compile_bound(node: Expr, params: Params) -> Compiled:
    """:func:`compile_scalar` of ``node`` for one set of parameter values (:func:`bind`).

    The closure gives what ``compile_scalar(node)`` gives when called with ``params``, whatever
    parameters it is then called with: for a plan, whose parameters are those of its date segment.
    """
    return compile_scalar(bind(node, params))


_Part = tuple[str | None, Compiled]
"""An argument of ``all_of`` or ``any_of``: a fact's name, read in place, or ``None`` and its closure."""


def _parts(args: tuple[Expr, ...]) -> tuple[_Part, ...]:
    return tuple((a.name, _NO_CALL) if isinstance(a, Fact) else (None, compile_scalar(a)) for a in args)


def _no_call(f: Facts, p: Params, on: _dt.date) -> Value:  # pragma: no cover  # never called
    raise AssertionError("a fact is read in place")


_NO_CALL: Compiled = _no_call


def _all_of(parts: tuple[_Part, ...]) -> Compiled:
    def all_of(f: Facts, p: Params, on: _dt.date) -> Value:
        unknown = False
        for name, part in parts:
            v = part(f, p, on) if name is None else f.get(name)
            if v is False:
                return False
            if v is None:
                unknown = True
        return None if unknown else True

    return all_of


def _any_of(parts: tuple[_Part, ...]) -> Compiled:
    def any_of(f: Facts, p: Params, on: _dt.date) -> Value:
        unknown = False
        for name, part in parts:
            v = part(f, p, on) if name is None else f.get(name)
            if v is True:
                return True
            if v is None:
                unknown = True
        return None if unknown else False

    return any_of


def _years_since(arg: Expr) -> Compiled:
    if isinstance(arg, Fact):
        name = arg.name

        def years_since_fact(f: Facts, p: Params, on: _dt.date) -> Value:
            d = f.get(name)
            return None if d is None else full_years(d, on)  # type: ignore[arg-type]  # a date fact

        return years_since_fact
    part = compile_scalar(arg)

    def years_since(f: Facts, p: Params, on: _dt.date) -> Value:
        d = part(f, p, on)
        return None if d is None else full_years(d, on)  # type: ignore[arg-type]  # a date, checked at load

    return years_since


def _comparison(fn: _Fn, left: Expr, right: Expr) -> Compiled:
    """``left <op> right``; the shapes rules use most read their arguments in place."""
    right = _folded(right)
    if isinstance(right, Param | Lit):
        if isinstance(left, Fact):
            return _fact_against(fn, left.name, right)
        if isinstance(left, Op) and left.op == "years_since" and isinstance(left.args[0], Fact):
            return _anniversary_against(fn, left.args[0].name, right)
    if isinstance(left, Fact) and isinstance(right, Fact):
        x_name, y_name = left.name, right.name

        def fact_fact(f: Facts, p: Params, on: _dt.date) -> Value:
            x, y = f.get(x_name), f.get(y_name)
            return None if x is None or y is None else fn(x, y)

        return fact_fact
    a, b = compile_scalar(left), compile_scalar(right)

    def compare(f: Facts, p: Params, on: _dt.date) -> Value:
        x, y = a(f, p, on), b(f, p, on)
        return None if x is None or y is None else fn(x, y)

    return compare


def _folded(node: Expr) -> Expr:
    """``rank("technician")`` as the literal it always is (left as it is if it would raise)."""
    if isinstance(node, Op) and node.op == "rank" and isinstance(node.args[0], Lit):
        value = node.args[0].value
        if value is None:
            return node
        try:
            return Lit(grade(str(value)).rank)
        except LookupError:
            return node
    return node


def _fact_against(fn: _Fn, name: str, right: Param | Lit) -> Compiled:
    if isinstance(right, Lit):
        value = right.value

        def fact_lit(f: Facts, p: Params, on: _dt.date) -> Value:
            x = f.get(name)
            return None if x is None or value is None else fn(x, value)

        return fact_lit
    pname = right.name

    def fact_param(f: Facts, p: Params, on: _dt.date) -> Value:
        x, y = f.get(name), p.get(pname)
        return None if x is None or y is None else fn(x, y)

    return fact_param


def _anniversary_against(fn: _Fn, name: str, right: Param | Lit) -> Compiled:
    if isinstance(right, Lit):
        value = right.value

        def years_lit(f: Facts, p: Params, on: _dt.date) -> Value:
            d = f.get(name)
            if d is None:
                return None
            n = full_years(d, on)  # type: ignore[arg-type]  # a date fact
            return None if value is None else fn(n, value)

        return years_lit
    pname = right.name

    def years_param(f: Facts, p: Params, on: _dt.date) -> Value:
        d = f.get(name)
        if d is None:
            return None
        n, y = full_years(d, on), p.get(pname)  # type: ignore[arg-type]  # a date fact
        return None if y is None else fn(n, y)

    return years_param


def _other(op: str, parts: tuple[Compiled, ...]) -> Compiled | None:
    """The remaining operators: ``not``, arithmetic, membership, ``is_known``, ``rank``."""
    if op in ("+", "-", "*"):
        a, b = parts
        fn: Callable[[float, float], float] = _ARITH[op]

        def arithmetic(f: Facts, p: Params, on: _dt.date) -> Value:
            x, y = a(f, p, on), b(f, p, on)
            return None if x is None or y is None else fn(x, y)  # type: ignore[arg-type]  # numbers

        return arithmetic
    if op in ("min", "max"):
        pick = min if op == "min" else max

        def extreme(f: Facts, p: Params, on: _dt.date) -> Value:
            values = [part(f, p, on) for part in parts]
            return None if None in values else pick(values)  # type: ignore[type-var]  # numbers

        return extreme
    if op in ("in", "not_in"):
        item_of, pool_of = parts
        want = op == "in"

        def member(f: Facts, p: Params, on: _dt.date) -> Value:
            item, pool = item_of(f, p, on), pool_of(f, p, on)
            if item is None or pool is None:
                return None
            return (item in pool) is want  # type: ignore[operator]  # a list, checked at load time

        return member
    if len(parts) != 1:
        return None
    (arg,) = parts
    if op == "neg":
        return lambda f, p, on: None if (x := arg(f, p, on)) is None else -x  # type: ignore[operator]  # a number
    if op == "not":
        return lambda f, p, on: None if (x := arg(f, p, on)) is None else not x
    if op == "is_known":
        return lambda f, p, on: arg(f, p, on) is not None
    if op == "rank":
        return lambda f, p, on: None if (x := arg(f, p, on)) is None else grade(str(x)).rank
    return None

"""Expression trees over facts and parameters, with Kleene three-valued evaluation.

One tree, several evaluators: a traced evaluation (every node's value, the facts and parameters
read), a compiled closure for bulk scalar use, and plain-data serialisation. ``None`` is *unknown*:
a missing fact never counts as false. ``all_of`` is no if any part is no, else unknown if any part
is unknown; ``any_of`` is the dual.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TypeAlias

import attrs

from ..facts.time import full_years
from ..facts.value import Value
from ..ladder import grade

Facts: TypeAlias = Mapping[str, Value]
Params: TypeAlias = Mapping[str, Value]
Compiled: TypeAlias = Callable[[Facts, Params, _dt.date], Value]

LOGICAL = frozenset({"all_of", "any_of", "not"})
COMPARISONS = frozenset({">=", ">", "<=", "<", "==", "!="})
ARITHMETIC = frozenset({"+", "-", "*", "neg", "min", "max"})
MEMBERSHIP = frozenset({"in", "not_in"})
FUNCTIONS = frozenset({"years_since", "is_known", "rank"})
OPERATORS = LOGICAL | COMPARISONS | ARITHMETIC | MEMBERSHIP | FUNCTIONS
ARITY: dict[str, int | None] = {
    **dict.fromkeys(COMPARISONS | MEMBERSHIP | {"+", "-", "*"}, 2),
    **dict.fromkeys({"not", "neg", "years_since", "is_known", "rank"}, 1),
    **dict.fromkeys({"all_of", "any_of", "min", "max"}, None),
}


@attrs.frozen
class Fact:
    """A reference to a fact by name."""

    name: str


@attrs.frozen
class Param:
    """A reference to a policy parameter by name (its value is looked up by date)."""

    name: str


@attrs.frozen
class Lit:
    """A literal value."""

    value: Value


@attrs.frozen
class Op:
    """An operator applied to arguments; the operator is data (``">="``), never a lambda."""

    op: str
    args: tuple[Expr, ...]


Expr: TypeAlias = Fact | Param | Lit | Op


def walk(node: Expr) -> Iterator[Expr]:
    """Every node of the tree, parents before children."""
    yield node
    if isinstance(node, Op):
        for arg in node.args:
            yield from walk(arg)


def fact_names(node: Expr) -> tuple[str, ...]:
    """The facts the tree reads, in first-read order, without repeats."""
    return tuple(dict.fromkeys(n.name for n in walk(node) if isinstance(n, Fact)))


def param_names(node: Expr) -> tuple[str, ...]:
    """The parameters the tree reads, in first-read order, without repeats."""
    return tuple(dict.fromkeys(n.name for n in walk(node) if isinstance(n, Param)))


# --- the operators, on plain values -------------------------------------------------------------


def _all_of(values: Sequence[Value]) -> Value:
    unknown = False
    for v in values:
        if v is False:
            return False
        if v is None:
            unknown = True
    return None if unknown else True


def _any_of(values: Sequence[Value]) -> Value:
    unknown = False
    for v in values:
        if v is True:
            return True
        if v is None:
            unknown = True
    return None if unknown else False


def _compare(op: str, a: Value, b: Value) -> Value:
    if a is None or b is None:
        return None
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    # Operand types are checked when a policy loads; this only orders like with like.
    x: float | str | _dt.date = a  # type: ignore[assignment]  # checked at load time
    y: float | str | _dt.date = b  # type: ignore[assignment]  # checked at load time
    if op == ">=":
        return x >= y  # type: ignore[operator]  # same-kind operands, checked at load time
    if op == ">":
        return x > y  # type: ignore[operator]  # same-kind operands, checked at load time
    if op == "<=":
        return x <= y  # type: ignore[operator]  # same-kind operands, checked at load time
    return x < y  # type: ignore[operator]  # same-kind operands, checked at load time


def _arith(op: str, values: Sequence[Value]) -> Value:
    if any(v is None for v in values):
        return None
    nums: list[float] = list(values)  # type: ignore[arg-type]  # numeric, checked at load time
    if op == "+":
        return nums[0] + nums[1]
    if op == "-":
        return nums[0] - nums[1]
    if op == "*":
        return nums[0] * nums[1]
    if op == "neg":
        return -nums[0]
    return min(nums) if op == "min" else max(nums)


def apply(op: str, values: Sequence[Value], on: _dt.date) -> Value:
    """Apply operator ``op`` to already evaluated argument values, as of ``on``."""
    if op == "all_of":
        return _all_of(values)
    if op == "any_of":
        return _any_of(values)
    if op == "not":
        return None if values[0] is None else not values[0]
    if op in COMPARISONS:
        return _compare(op, values[0], values[1])
    if op in ARITHMETIC:
        return _arith(op, values)
    if op in MEMBERSHIP:
        item, pool = values
        if item is None or pool is None:
            return None
        inside = item in pool  # type: ignore[operator]  # a list, checked at load time
        return inside if op == "in" else not inside
    if op == "years_since":
        d = values[0]
        return None if d is None else full_years(d, on)  # type: ignore[arg-type]  # a date
    if op == "is_known":
        return values[0] is not None
    if op == "rank":
        return None if values[0] is None else grade(str(values[0])).rank
    raise ValueError(f"unknown operator {op!r}")


# --- evaluators ---------------------------------------------------------------------------------


@attrs.frozen
class Trace:
    """A traced evaluation: the value of every node, and what was read.

    Attributes:
        value: the value of the root.
        values: the value of each node, keyed by ``id(node)`` of the evaluated tree.
        facts: every fact read, with its value.
        params: every parameter read, with its value.
    """

    value: Value
    values: Mapping[int, Value]
    facts: Mapping[str, Value]
    params: Mapping[str, Value]


def evaluate(node: Expr, facts: Facts, params: Params, on: _dt.date) -> Trace:
    """Evaluate ``node`` with a full trace (no short-circuit: every leaf is read)."""
    values: dict[int, Value] = {}
    read_facts: dict[str, Value] = {}
    read_params: dict[str, Value] = {}

    def ev(n: Expr) -> Value:
        if isinstance(n, Fact):
            v = facts.get(n.name)
            read_facts[n.name] = v
        elif isinstance(n, Param):
            v = params.get(n.name)
            read_params[n.name] = v
        elif isinstance(n, Lit):
            v = n.value
        else:
            v = apply(n.op, [ev(a) for a in n.args], on)
        values[id(n)] = v
        return v

    root = ev(node)
    return Trace(root, values, read_facts, read_params)


def missing_facts(node: Expr, trace: Trace) -> tuple[str, ...]:
    """Facts whose being known could settle an unknown root (empty when the root is known).

    Only unknown branches are followed: a fact under a part that is already no (in an ``all_of``)
    or yes (in an ``any_of``) cannot change the answer and is not listed.
    """
    out: dict[str, None] = {}

    def visit(n: Expr) -> None:
        if trace.values.get(id(n)) is not None:
            return
        if isinstance(n, Fact):
            out[n.name] = None
        elif isinstance(n, Op):
            for a in n.args:
                visit(a)

    visit(node)
    return tuple(out)


def compile_expr(node: Expr) -> Compiled:
    """Compile ``node`` to a closure ``f(facts, params, on) -> value`` for bulk scalar use."""
    if isinstance(node, Fact):
        name = node.name
        return lambda f, p, on: f.get(name)
    if isinstance(node, Param):
        pname = node.name
        return lambda f, p, on: p.get(pname)
    if isinstance(node, Lit):
        value = node.value
        return lambda f, p, on: value
    parts = tuple(compile_expr(a) for a in node.args)
    op = node.op
    if op == "all_of":

        def all_of(f: Facts, p: Params, on: _dt.date) -> Value:
            unknown = False
            for part in parts:
                v = part(f, p, on)
                if v is False:
                    return False
                if v is None:
                    unknown = True
            return None if unknown else True

        return all_of
    if op == "any_of":

        def any_of(f: Facts, p: Params, on: _dt.date) -> Value:
            unknown = False
            for part in parts:
                v = part(f, p, on)
                if v is True:
                    return True
                if v is None:
                    unknown = True
            return None if unknown else False

        return any_of
    if op in COMPARISONS:
        left, right = parts

        def compare(f: Facts, p: Params, on: _dt.date) -> Value:
            return _compare(op, left(f, p, on), right(f, p, on))

        return compare
    return lambda f, p, on: apply(op, [part(f, p, on) for part in parts], on)


# --- plain data ---------------------------------------------------------------------------------


def to_data(node: Expr) -> object:
    """Serialise a tree to plain JSON-compatible data."""
    if isinstance(node, Fact):
        return {"fact": node.name}
    if isinstance(node, Param):
        return {"param": node.name}
    if isinstance(node, Lit):
        return {"lit": _lit_to_data(node.value)}
    return {"op": node.op, "args": [to_data(a) for a in node.args]}


def _lit_to_data(value: Value) -> object:
    if isinstance(value, _dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, tuple):
        return [_lit_to_data(v) for v in value]
    return value


def from_data(data: object) -> Expr:
    """Read a tree back from :func:`to_data` output.

    Raises:
        ValueError: the data is not a well-formed tree (the message says where).
    """
    if not isinstance(data, dict) or len(data) not in (1, 2):
        raise ValueError(f"expected an expression node, got {data!r}")
    if "fact" in data and len(data) == 1 and isinstance(data["fact"], str):
        return Fact(data["fact"])
    if "param" in data and len(data) == 1 and isinstance(data["param"], str):
        return Param(data["param"])
    if "lit" in data and len(data) == 1:
        return Lit(_lit_from_data(data["lit"]))
    if set(data) == {"op", "args"} and data["op"] in OPERATORS and isinstance(data["args"], list):
        op: str = data["op"]
        args = tuple(from_data(a) for a in data["args"])
        arity = ARITY[op]
        if (arity is not None and len(args) != arity) or (arity is None and not args):
            raise ValueError(f"operator {op!r} takes {arity or 'one or more'} arguments")
        return Op(op, args)
    raise ValueError(f"expected an expression node, got {data!r}")


def _lit_from_data(data: object) -> Value:
    if isinstance(data, dict) and set(data) == {"date"} and isinstance(data["date"], str):
        return _dt.date.fromisoformat(data["date"])
    if isinstance(data, list):
        return tuple(_lit_from_data(v) for v in data)
    if isinstance(data, float) and not math.isfinite(data):
        raise ValueError(f"a literal must be a finite number, got {data!r}")
    if isinstance(data, bool | int | float | str):
        return data
    if data is None:
        raise ValueError("a literal cannot be unknown (null); test for it with is_known()")
    raise ValueError(f"expected a literal, got {data!r}")

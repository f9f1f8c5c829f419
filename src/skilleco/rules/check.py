"""Static checks of a condition against a fact schema and the parameters: names and types.

Run when a policy loads or a reform is built, so evaluation never meets a misspelt fact or a date
compared with a number.
"""

from __future__ import annotations

import datetime as _dt
import difflib
from collections.abc import Mapping
from typing import Literal, TypeAlias

from ..facts.value import Value
from ..models.limits import MAX_NUMBER
from .expr import ARITHMETIC, COMPARISONS, MEMBERSHIP, Expr, Fact, Lit, Op, Param

NUMERIC = {"int", "float", "num"}

ProblemKind: TypeAlias = Literal["unknown_fact", "unknown_parameter", "bad_condition"]
Problem: TypeAlias = tuple[ProblemKind, str]
"""A problem's kind (the :class:`~skilleco.exceptions.PolicyFileError` reason) and its text."""


def value_type(value: Value) -> str:
    """The checker's type name for a value (``any`` for unset)."""
    if value is None:
        return "any"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "num"
    if isinstance(value, _dt.date):
        return "date"
    if isinstance(value, tuple):
        return "list"
    return "str"


def same_type(a: str, b: str) -> bool:
    """Whether values of checker types ``a`` and ``b`` may meet (``any`` meets everything)."""
    return "any" in (a, b) or a == b or (a in NUMERIC and b in NUMERIC)


_same = same_type


def check(node: Expr, facts: Mapping[str, str], params: Mapping[str, str]) -> list[str]:
    """Problems with ``node`` (unknown names, type clashes, a non-boolean root); empty when fine.

    Args:
        node: the condition.
        facts: fact name to type name.
        params: parameter name to type name (``any`` when unset).
    """
    return [text for _, text in problems(node, facts, params)]


def problems(node: Expr, facts: Mapping[str, str], params: Mapping[str, str]) -> list[Problem]:
    """As :func:`check`, each problem with its kind; unknown names come with a did-you-mean."""
    found: list[Problem] = []
    texts: list[str] = []

    def typ(n: Expr) -> str:
        if isinstance(n, Fact):
            if n.name not in facts:
                found.append(("unknown_fact", f"unknown fact {n.name!r}{_hint(n.name, facts)}"))
                return "any"
            return facts[n.name]
        if isinstance(n, Param):
            if n.name not in params:
                found.append(
                    ("unknown_parameter", f"unknown parameter {n.name!r}{_hint(n.name, params, 'p.')}")
                )
                return "any"
            return params[n.name]
        if isinstance(n, Lit):
            return value_type(n.value)
        before = len(texts)
        result = _op_type(n, [typ(a) for a in n.args], texts)
        found.extend(("bad_condition", t) for t in texts[before:])
        return result

    root = typ(node)
    if not _same(root, "bool"):
        found.append(("bad_condition", f"the condition must be true/false, but it is a {root}"))
    return found


def _hint(name: str, known: Mapping[str, str], prefix: str = "") -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean {prefix + close[0]!r}?" if close else ""


def _op_type(n: Op, args: list[str], problems: list[str]) -> str:
    op = n.op
    if op in ("all_of", "any_of", "not", "is_known"):
        if op != "is_known":
            for t in args:
                if not _same(t, "bool"):
                    problems.append(f"{op} needs true/false parts, got a {t}")
        return "bool"
    if op in COMPARISONS:
        if not _same(args[0], args[1]):
            problems.append(f"cannot compare a {args[0]} with a {args[1]} using {op}")
        elif op not in ("==", "!=") and "bool" in args:
            problems.append(f"cannot order true/false values with {op}")
        return "bool"
    if op in ARITHMETIC:
        for t in args:
            if not _same(t, "num"):
                problems.append(f"{op} needs numbers, got a {t}")
        return "num"
    if op in MEMBERSHIP:
        if not _same(args[1], "list"):
            problems.append(f"{op} needs a list on the right, got a {args[1]}")
        return "bool"
    if op == "rank":
        return "int"
    if op == "years_since":
        if not _same(args[0], "date"):
            problems.append(f"years_since needs a date, got a {args[0]}")
        return "int"
    problems.append(f"unknown operator {op!r}")
    return "any"


def number_problem(node: Expr) -> str | None:
    """What is wrong with a number literal of ``node`` past :data:`~skilleco.models.limits.MAX_NUMBER`
    in magnitude (in a list literal too), or ``None``: a policy's numbers stay where sums are exact."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Op):
            stack.extend(n.args)
        elif isinstance(n, Lit):
            for v in n.value if isinstance(n.value, tuple) else (n.value,):
                if isinstance(v, int | float) and not isinstance(v, bool) and abs(v) > MAX_NUMBER:
                    return f"a number of magnitude past {MAX_NUMBER:.0e} (MAX_NUMBER): {v!r}"
    return None

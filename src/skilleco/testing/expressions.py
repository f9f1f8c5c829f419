"""Strategies for well-typed expression trees over a fact schema, and for fact mappings."""

from __future__ import annotations

from collections.abc import Mapping

from hypothesis import strategies as st

from ..facts.value import Value
from ..rules.expr import Expr, Fact, Lit, Op, Param
from .values import _WORDS, _maybe, dates

__all__ = ["exprs", "fact_values"]


_NUMERIC = ("int", "float")
_ORDER_OPS = (">=", ">", "<=", "<", "==", "!=")


class _Schema:
    """Names by type, for drawing well-typed trees."""

    def __init__(
        self, facts: Mapping[str, str], params: Mapping[str, str], *, float_literals: bool = False
    ) -> None:
        self.float_literals = float_literals

        def of(kinds: tuple[str, ...]) -> tuple[Expr, ...]:
            return (
                *(Fact(n) for n, t in facts.items() if t in kinds),
                *(Param(n) for n, t in params.items() if t in kinds),
            )

        self.bools = of(("bool",))
        self.numbers = of(_NUMERIC)
        self.dates = of(("date",))
        self.strs = of(("str",))


@st.composite
def _number_tree(draw: st.DrawFn, schema: _Schema, depth: int, arithmetic: bool) -> Expr:
    kinds = ["lit"]
    if schema.numbers:
        kinds.insert(0, "name")
    if schema.dates:
        kinds.append("years_since")
    if arithmetic and depth > 0:
        kinds += ["binary", "neg", "minmax"]
    kind = draw(st.sampled_from(kinds))
    if kind == "name":
        return draw(st.sampled_from(schema.numbers))
    if kind == "lit":
        if schema.float_literals:
            # Finite floats of any magnitude, as a policy text may spell them (0.00001).
            floats = st.floats(allow_nan=False, allow_infinity=False)
            return Lit(draw(st.one_of(st.integers(-20, 20), floats)))
        return Lit(draw(st.integers(-20, 20)))
    if kind == "years_since":
        return Op("years_since", (draw(st.sampled_from(schema.dates)),))
    sub = _number_tree(schema, depth - 1, arithmetic)
    if kind == "binary":
        return Op(draw(st.sampled_from(("+", "-", "*"))), (draw(sub), draw(sub)))
    if kind == "neg":
        return Op("neg", (draw(sub),))
    args = draw(st.lists(sub, min_size=1, max_size=3))
    return Op(draw(st.sampled_from(("min", "max"))), tuple(args))


@st.composite
def _bool_tree(draw: st.DrawFn, schema: _Schema, depth: int, arithmetic: bool) -> Expr:
    kinds = ["compare", "lit"]
    if schema.bools:
        kinds.insert(0, "name")
    if schema.strs:
        kinds.append("member")
    if depth > 0:
        kinds += ["not", "all_of", "any_of", "equal", "is_known"]
    kind = draw(st.sampled_from(kinds))
    numbers = _number_tree(schema, max(depth - 1, 0), arithmetic)
    sub = _bool_tree(schema, depth - 1, arithmetic)
    if kind == "name":
        return draw(st.sampled_from(schema.bools))
    if kind == "lit":
        return Lit(draw(st.booleans()))
    if kind == "compare":
        return Op(draw(st.sampled_from(_ORDER_OPS)), (draw(numbers), draw(numbers)))
    if kind == "member":
        pool = Lit(tuple(draw(st.lists(st.sampled_from(_WORDS), max_size=3))))
        item = draw(st.sampled_from(schema.strs))
        return Op(draw(st.sampled_from(("in", "not_in"))), (item, pool))
    if kind == "not":
        return Op("not", (draw(sub),))
    if kind in ("all_of", "any_of"):
        return Op(kind, tuple(draw(st.lists(sub, min_size=1, max_size=4))))
    if kind == "equal":
        return Op(draw(st.sampled_from(("==", "!="))), (draw(sub), draw(sub)))
    return Op("is_known", (draw(st.one_of(sub, numbers)),))


def exprs(
    facts: Mapping[str, str],
    *,
    params: Mapping[str, str] | None = None,
    max_depth: int = 4,
    arithmetic: bool = True,
    float_literals: bool = False,
) -> st.SearchStrategy[Expr]:
    """Well-typed boolean expression trees over a fact schema.

    Trees combine ``all_of``, ``any_of`` and ``not`` over boolean facts, literals, ``is_known``,
    comparisons of numbers (numeric facts and parameters, integer literals, ``years_since`` of a
    date fact, and, with ``arithmetic``, ``+ - * neg min max``), and ``in``/``not_in`` of a text
    fact in a list of text literals.

    Args:
        facts: fact name to type (``bool``, ``int``, ``float``, ``str``, ``date``), as in
            :data:`skilleco.facts.WORKER_FACTS`; names of other types are not used.
        params: parameter name to type, read as ``p.<name>``; none when left out.
        max_depth: the deepest nesting of operators.
        arithmetic: whether numbers may be computed, not only read.
        float_literals: whether number literals may also be finite floats (integers from -20 to
            20 otherwise).

    Raises:
        ValueError: a negative ``max_depth``.
    """
    if max_depth < 0:
        raise ValueError(f"expected max_depth >= 0, got {max_depth}")
    schema = _Schema(facts, params or {}, float_literals=float_literals)
    return _bool_tree(schema, max_depth, arithmetic)


def _value_of(kind: str) -> st.SearchStrategy[Value]:
    if kind == "bool":
        return st.booleans()
    if kind == "int":
        return st.integers(-1_000, 1_000)
    if kind == "float":
        return st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
    if kind == "str":
        return st.sampled_from(_WORDS)
    if kind == "date":
        return dates()
    raise ValueError(f"expected a fact type (bool, int, float, str, date), got {kind!r}")


def fact_values(facts: Mapping[str, str], *, unknown: bool = True) -> st.SearchStrategy[dict[str, Value]]:
    """Fact mappings for a schema: each fact a value of its type, or ``None`` (unknown).

    Args:
        facts: fact name to type (``bool``, ``int``, ``float``, ``str``, ``date``).
        unknown: whether facts may be unknown (``None``).

    Raises:
        ValueError: an unknown type.
    """
    return st.fixed_dictionaries(
        {name: (_maybe(_value_of(t)) if unknown else _value_of(t)) for name, t in facts.items()}
    )

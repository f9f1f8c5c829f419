"""The condition language and Kleene evaluation."""

from __future__ import annotations

import datetime as dt

import pytest

from skilleco.exceptions import ExpressionError
from skilleco.rules.expr import (
    Fact,
    Lit,
    Op,
    Param,
    apply,
    compile_expr,
    evaluate,
    from_data,
    missing_facts,
    to_data,
)
from skilleco.rules.syntax import parse, unparse

ON = dt.date(2026, 1, 1)


@pytest.mark.parametrize(
    "text",
    [
        "a and b or not c",
        "years_since(d) >= p.x.y",
        "work_months >= 12 * p.years",
        'x in [1, 2, 3] and y not in ["a"]',
        "not (a or b) and c",
        'target_rank == rank("technician")',
        "-x + 3 > -2",
        "is_known(p.unset) or a",
        'd >= date("2025-01-01")',
        "a - (b - c) == 1",
    ],
)
def test_text_round_trips_through_the_tree(text: str) -> None:
    """parse(unparse(parse(t))) equals parse(t)."""
    tree = parse(text)
    assert parse(unparse(tree)) == tree
    assert from_data(to_data(tree)) == tree


def test_precedence() -> None:
    """`and` binds tighter than `or`; comparison tighter than `and`; `*` tighter than `+`."""
    assert parse("a or b and c") == Op("any_of", (Fact("a"), Op("all_of", (Fact("b"), Fact("c")))))
    assert parse("x + 2 * y >= 3") == Op(">=", (Op("+", (Fact("x"), Op("*", (Lit(2), Fact("y"))))), Lit(3)))
    assert parse("p.a.b") == Param("a.b")


@pytest.mark.parametrize(
    ("text", "position"),
    [("a and", 5), ("a >= (b", 7), ("foo(1)", 0), ("a $ b", 2), ('rank("king")', 5), ("[a]", 1)],
)
def test_syntax_errors_name_the_position(text: str, position: int) -> None:
    """A malformed condition raises ExpressionError with the offset of the problem."""
    with pytest.raises(ExpressionError) as info:
        parse(text)
    assert info.value.position == position
    assert info.value.code == "expression"


def test_nothing_is_executed() -> None:
    """Python syntax is not a condition: attribute access and calls of unknown names are rejected."""
    for text in ("__import__('os')", "a.__class__", 'exec("1")', "lambda: 1"):
        with pytest.raises(ExpressionError):
            parse(text)


@pytest.mark.parametrize(
    ("values", "all_of", "any_of"),
    [
        ((True, True), True, True),
        ((True, None), None, True),
        ((False, None), False, None),
        ((None, None), None, None),
        ((False, True), False, True),
    ],
)
def test_kleene_truth_tables(
    values: tuple[bool | None, ...], all_of: bool | None, any_of: bool | None
) -> None:
    """all_of is no if any part is no, else unknown if any part is unknown; any_of is the dual."""
    assert apply("all_of", values, ON) is all_of
    assert apply("any_of", values, ON) is any_of


def test_unknown_comparison_and_not() -> None:
    """A comparison with an unknown side is unknown; not unknown is unknown."""
    assert apply(">=", (None, 3), ON) is None
    assert apply("not", (None,), ON) is None
    assert apply("is_known", (None,), ON) is False


def test_missing_facts_follow_only_unknown_branches() -> None:
    """A fact under an already-false part of an all_of cannot settle it and is not listed."""
    tree = parse("(a and b) or (c and d)")
    facts = {"a": False, "b": None, "c": None, "d": True}
    trace = evaluate(tree, facts, {}, ON)
    assert trace.value is None
    assert missing_facts(tree, trace) == ("c",)


def test_traced_and_compiled_agree_on_an_example() -> None:
    """The traced and compiled evaluators return the same value and the trace records reads."""
    tree = parse("years_since(d) >= p.n and x in [1, 2]")
    facts = {"d": dt.date(2020, 1, 1), "x": 2}
    trace = evaluate(tree, facts, {"n": 6}, ON)
    assert trace.value is True
    assert compile_expr(tree)(facts, {"n": 6}, ON) is True
    assert trace.facts == {"d": dt.date(2020, 1, 1), "x": 2}
    assert trace.params == {"n": 6}

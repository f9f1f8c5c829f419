"""The row weights of a what-if: given, or the population's own, checked the same way on every path
(the row-by-row path, the fast path and facts frames): finite numbers from 0 to
:data:`~skilleco.population.population.MAX_WEIGHT`, one per row, never true/false."""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..exceptions import InputError
from ..population.population import MAX_WEIGHT, Population

__all__ = ["population_weights", "read_weights", "weight_values", "weights_error"]


def read_weights(weights: object, n: int | None = None) -> tuple[float, ...]:
    """``weights`` as floats, checked: one per row when ``n`` is given.

    Raises:
        InputError: not a list of finite numbers from 0 to ``MAX_WEIGHT`` (``bad_weights``).
    """
    try:
        items = list(weights)  # type: ignore[call-overload]
        w: tuple[float, ...] | None = tuple(float(x) for x in items)
        if any(isinstance(x, bool) for x in items):
            w = None
    except (TypeError, ValueError, OverflowError):  # not a list of numbers
        w = None
    if w is None or (n is not None and len(w) != n) or not all(_fits(x) for x in w):
        weights_error(weights if w is None else w, n)
    assert w is not None  # weights_error raised otherwise
    return w


def _fits(weight: float) -> bool:
    return math.isfinite(weight) and 0 <= weight <= MAX_WEIGHT


def population_weights(population: Population, weights: Sequence[float] | None) -> tuple[float, ...]:
    """The weights of ``population``'s rows: ``weights`` when given (checked), else its own.

    Raises:
        InputError: not one weight per row, each a finite number from 0 to ``MAX_WEIGHT``
            (``bad_weights``).
    """
    if weights is None:
        return population.weights
    return read_weights(weights, len(population))


def weight_values(weights: object) -> tuple[float, ...] | None:
    """Weights given to the fast path, read as the row-by-row path reads them (their number is
    checked once the rows are counted)."""
    return None if weights is None else read_weights(weights)


def weights_error(weights: object, n: int | None) -> None:
    """Raise the error of ``weights`` given for a population of ``n`` rows (``bad_weights``)."""
    count = f"{n} " if n is not None else ""
    given = f"{len(weights)} values" if isinstance(weights, tuple | list) else weights
    raise InputError(
        "arguments",
        [
            {
                "loc": ("weights",),
                "input": given,
                "type": "bad_weights",
                "msg": f"expected {count}finite weights from 0 to {MAX_WEIGHT:.0e}, one per row",
            }
        ],
    )

"""The row weights of a what-if: given, or the population's own, checked the same way on both paths."""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..exceptions import InputError
from ..population.population import Population

__all__ = ["population_weights", "weight_values", "weights_error"]


def population_weights(population: Population, weights: Sequence[float] | None) -> tuple[float, ...]:
    """The weights of ``population``'s rows: ``weights`` when given (checked), else its own.

    Raises:
        InputError: not one finite weight ≥ 0 per row (``bad_weights``).
    """
    if weights is None:
        return population.weights
    try:
        w: tuple[float, ...] | None = tuple(float(x) for x in weights)
    except (TypeError, ValueError, OverflowError):  # not a list of numbers
        w = None
    if w is None or len(w) != len(population) or any(not math.isfinite(x) or x < 0 for x in w):
        raise InputError(
            "arguments",
            [
                {
                    "loc": ("weights",),
                    "input": weights if w is None else f"{len(w)} values",
                    "type": "bad_weights",
                    "msg": f"expected {len(population)} finite weights ≥ 0, one per row",
                }
            ],
        )
    return w


def weight_values(weights: object) -> tuple[float, ...] | None:
    """Weights given to the fast path, read as the row-by-row path reads them (their number is
    checked once the rows are counted)."""
    if weights is None:
        return None
    try:
        w: tuple[float, ...] | None = tuple(float(x) for x in weights)  # type: ignore[attr-defined]
    except (TypeError, ValueError, OverflowError):  # not a list of numbers
        w = None
    if w is None or any(not math.isfinite(x) or x < 0 for x in w):
        raise InputError(
            "arguments",
            [
                {
                    "loc": ("weights",),
                    "input": weights if w is None else f"{len(w)} values",
                    "type": "bad_weights",
                    "msg": "expected finite weights ≥ 0, one per row",
                }
            ],
        )
    return w


def weights_error(weights: Sequence[float], n: int) -> None:
    """Raise the error of ``weights`` given for a population of ``n`` rows (``bad_weights``)."""
    raise InputError(
        "arguments",
        [
            {
                "loc": ("weights",),
                "input": f"{len(weights)} values",
                "type": "bad_weights",
                "msg": f"expected {n} finite weights ≥ 0, one per row",
            }
        ],
    )

"""Weights summed by key over the chunks of a pipeline, the same way on both paths."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..questions.pipeline import Reach
from .parts import Sum

__all__ = ["Tally", "moved_key"]


class Tally:
    """Weights summed by key over chunks: candidates by grade, reaches by (grade, month), and by
    (grade, month, route)."""

    def __init__(self) -> None:
        self.rows: dict[tuple[Any, ...], int] = {}
        self.sums: dict[tuple[Any, ...], Sum] = {}

    def add(self, key: tuple[Any, ...], weights: Sequence[float]) -> None:
        self.rows[key] = self.rows.get(key, 0) + len(weights)
        self.sums.setdefault(key, Sum()).add(weights)

    def weight(self, key: tuple[Any, ...]) -> float:
        s = self.sums.get(key)
        return 0.0 if s is None else s.value

    def add_reaches(
        self, reaches: Sequence[Reach], weight: float, into: dict[tuple[Any, ...], list[float]]
    ) -> None:
        for r in reaches:
            into.setdefault(("cand", r.grade), []).append(weight)
            if r.month is not None:
                into.setdefault(("hit", r.grade, r.month), []).append(weight)
                for route in r.routes:
                    into.setdefault(("route", r.grade, r.month, route), []).append(weight)


def moved_key(a: int | None, b: int | None) -> str | None:
    """``earlier`` when the reform's first look comes sooner (or only it reaches), ``later`` when
    the baseline's does, else ``None``."""
    if b is not None and (a is None or b < a):
        return "earlier"
    if a is not None and (b is None or a < b):
        return "later"
    return None

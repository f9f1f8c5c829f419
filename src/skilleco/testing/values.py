"""The scalar values every strategy draws: dates within bounds, Kleene truth values, short text.

Also the date bounds the strategies draw between unless told otherwise, and the type of the
JSON-like values :func:`~skilleco.testing.worker_dicts` and the hostile strategies produce.
"""

from __future__ import annotations

import datetime as _dt
import typing
from typing import TypeAlias

from hypothesis import strategies as st

from ..models.dates import MAX_DATE, MIN_DATE

__all__ = ["DEFAULT_MAX_DATE", "DEFAULT_MIN_DATE", "JSONValue", "dates", "kleene_values"]


JSONValue: TypeAlias = bool | int | float | str | list["JSONValue"] | dict[str, "JSONValue"] | None
"""A JSON-compatible value, as :func:`~skilleco.testing.worker_dicts` produces."""

DEFAULT_MIN_DATE = _dt.date(1960, 1, 1)
"""The earliest date the strategies draw unless told otherwise."""

DEFAULT_MAX_DATE = _dt.date(2040, 12, 31)
"""The latest date the strategies draw unless told otherwise."""

# Text fields are stripped and non-empty; no whitespace in the alphabet keeps drawn text valid.
_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.焊工车钳电技师企业"
_WORDS = ("a", "b", "ab", "技师")


def _text() -> st.SearchStrategy[str]:
    return st.text(alphabet=_ALPHABET, min_size=1, max_size=16)


def _maybe(strategy: st.SearchStrategy[typing.Any]) -> st.SearchStrategy[typing.Any]:
    return st.one_of(st.none(), strategy)


def _bounds(min_date: _dt.date, max_date: _dt.date) -> tuple[_dt.date, _dt.date]:
    if not MIN_DATE <= min_date <= max_date <= MAX_DATE:
        raise ValueError(
            f"expected {MIN_DATE.isoformat()} <= min_date <= max_date <= {MAX_DATE.isoformat()}, "
            f"got min_date={min_date.isoformat()}, max_date={max_date.isoformat()}"
        )
    return min_date, max_date


def dates(
    min_value: _dt.date = DEFAULT_MIN_DATE, max_value: _dt.date = DEFAULT_MAX_DATE
) -> st.SearchStrategy[_dt.date]:
    """Dates the models accept, between ``min_value`` and ``max_value`` inclusive.

    Args:
        min_value: the earliest date (not before 1900-01-01).
        max_value: the latest date (not after 2100-12-31).

    Raises:
        ValueError: the bounds are out of order or outside what the models accept.
    """
    lo, hi = _bounds(min_value, max_value)
    return st.dates(min_value=lo, max_value=hi)


def kleene_values() -> st.SearchStrategy[bool | None]:
    """The three truth values of Kleene logic: ``True``, ``False`` and ``None`` (unknown)."""
    return st.sampled_from((True, False, None))

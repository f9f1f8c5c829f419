"""Time-versioned values: a sorted tuple of ``(effective_from, value)`` searched with ``bisect``."""

from __future__ import annotations

import bisect
import datetime as _dt
import itertools
from collections.abc import Iterable
from typing import Any, Generic, TypeVar

import attrs

T = TypeVar("T")


def _pairs(entries: Iterable[tuple[_dt.date, Any]]) -> tuple[tuple[_dt.date, Any], ...]:
    """``entries`` as a tuple of pairs: a timeline holds no list anyone could change."""
    return tuple((day, value) for day, value in entries)


@attrs.frozen
class Timeline(Generic[T]):
    """Values that change on dates. Before the first entry the value is unset (``None``).

    Attributes:
        entries: ``(effective_from, value)`` pairs, sorted by date, dates unique.
    """

    entries: tuple[tuple[_dt.date, T], ...] = attrs.field(converter=_pairs)
    _dates: tuple[_dt.date, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        dates = tuple(d for d, _ in self.entries)
        if any(b <= a for a, b in itertools.pairwise(dates)):
            raise ValueError(
                f"timeline dates must be strictly increasing, got {[d.isoformat() for d in dates]}"
            )
        object.__setattr__(self, "_dates", dates)

    @classmethod
    def of(cls, pairs: Iterable[tuple[_dt.date, T]]) -> Timeline[T]:
        """Build a timeline from pairs in any order (duplicate dates are an error)."""
        return cls(tuple(sorted(pairs, key=lambda p: p[0])))

    def entry_at(self, on: _dt.date) -> tuple[_dt.date, T] | None:
        """The entry in force on ``on``, or ``None`` before the first entry."""
        i = bisect.bisect_right(self._dates, on)
        return self.entries[i - 1] if i else None

    def at(self, on: _dt.date) -> T | None:
        """The value in force on ``on``, or ``None`` before the first entry."""
        entry = self.entry_at(on)
        return None if entry is None else entry[1]

    def with_entry(self, effective_from: _dt.date, value: T) -> Timeline[T]:
        """A new timeline with ``value`` from ``effective_from`` (replacing an entry on that date)."""
        kept = [(d, v) for d, v in self.entries if d != effective_from]
        return Timeline.of([*kept, (effective_from, value)])

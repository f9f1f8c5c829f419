"""Counting time exactly as ``shared/policy/time.md`` says.

Anniversaries use ``relativedelta`` (29 February plus a year is 28 February); cumulative work merges
overlapping periods and sums whole months per merged period, dropping leftover days (counted by
plain arithmetic that agrees with ``relativedelta``, a property test checks it, at a fraction of
the cost).
"""

from __future__ import annotations

import calendar
import datetime as _dt
from collections.abc import Iterable

from dateutil.relativedelta import relativedelta

Period = tuple[_dt.date, _dt.date | None]
_ONE_DAY = _dt.timedelta(days=1)


def add_years(day: _dt.date, years: int) -> _dt.date:
    """``day`` plus ``years`` calendar years (29 February lands on 28 February).

    The same as ``day + relativedelta(years=years)`` (a property test checks it), without its cost
    on the hot path.
    """
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return _dt.date(year, 2, 28)
    return day.replace(year=year)


def add_months(day: _dt.date, months: int) -> _dt.date:
    """``day`` plus ``months`` calendar months, the day clipped to the month's length.

    The same as ``day + relativedelta(months=months)`` (a property test checks it), at a fraction
    of its cost.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return _dt.date(year, month, min(day.day, _month_days(year, month)))


def full_years(since: _dt.date, on: _dt.date) -> int:
    """The largest ``n`` with ``since + n years <= on`` (negative when ``since`` is after ``on``).

    So ``full_years(d, on) >= N`` holds exactly when ``on >= d + relativedelta(years=N)``.
    """
    n = on.year - since.year
    # Not yet n years when the anniversary in on's year comes after on; the anniversary of a
    # 29 February in a common year is 28 February (add_years), which on cannot come before.
    if (on.month, on.day) < (since.month, since.day) and not (
        (since.month, since.day, on.month, on.day) == (2, 29, 2, 28) and not calendar.isleap(on.year)
    ):
        n -= 1
    return n


def within_last_years(event: _dt.date, on: _dt.date, years: int) -> bool:
    """``on - years < event <= on``: the event happened within the last ``years`` years."""
    return on - relativedelta(years=years) < event <= on


def whole_months(start: _dt.date, end: _dt.date) -> int:
    """Whole months from ``start`` to ``end`` (years × 12 + months; leftover days dropped)."""
    if end <= start:
        return 0
    # As dateutil's relativedelta counts them: ``start`` plus ``months`` months, the day clipped
    # to the month's length, must not pass ``end``.
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day and end.day < _month_days(end.year, end.month):
        months -= 1
    return months


_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_days(year: int, month: int) -> int:
    """The days in ``month`` of ``year`` (``calendar.monthrange(year, month)[1]``, without its weekday)."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS[month]


def merge_periods(periods: Iterable[Period], on: _dt.date) -> list[tuple[_dt.date, _dt.date]]:
    """Clip periods to ``on`` (open periods run to ``on``), drop future ones, merge overlaps.

    Periods that touch (one starts the day after another ends: a change of employer without a
    break) merge too, as one stretch of work: counted apart, each would drop its leftover days and
    the change would cost a month. time.md says overlapping periods merge; that touching ones do is
    our reading (``modelled``), the one continuous work (连续从事) needs as well.
    """
    clipped = sorted(
        [(start, on if end is None or end > on else end) for start, end in periods if start <= on]
    )
    merged: list[tuple[_dt.date, _dt.date]] = []
    for start, end in clipped:
        if end < start:
            continue
        if merged and start <= merged[-1][1] + _ONE_DAY:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def cumulative_months(periods: Iterable[Period], on: _dt.date, *, since: _dt.date | None = None) -> int:
    """Cumulative whole months of work as of ``on``, counting only from ``since`` when given."""
    return months_in(merge_periods(periods, on), since)


def months_in(merged: Iterable[tuple[_dt.date, _dt.date]], since: _dt.date | None = None) -> int:
    """Cumulative whole months in periods already merged by :func:`merge_periods`, from ``since``.

    Merge once, count from several dates: what :func:`cumulative_months` does for one.
    """
    total = 0
    for start, end in merged:
        if since is not None:
            if end <= since:
                continue
            start = max(start, since)
        total += whole_months(start, end)
    return total


def longest_months(merged: Iterable[tuple[_dt.date, _dt.date]], since: _dt.date | None = None) -> int:
    """The whole months of the longest single stretch in periods merged by :func:`merge_periods`,
    counting only from ``since`` when given (``time.md``, "Continuous work": 连续从事…N年).

    A stretch is a merged period: overlapping and touching periods (a change of employer without a
    break) are one stretch; a day without work between two periods parts them.
    """
    best = 0
    for start, end in merged:
        if since is not None:
            if end <= since:
                continue
            start = max(start, since)
        months = whole_months(start, end)
        if months > best:
            best = months
    return best

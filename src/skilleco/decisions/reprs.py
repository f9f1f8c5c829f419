"""Short ``repr()``\\ s for the values: a shape line and a head, as pandas and Polars show a frame.

A value's full story is its ``text()``, ``markdown()`` or HTML; ``repr()`` is what a REPL, a
debugger or a log line shows, so it stays under about a thousand characters whatever the value holds:
ids and labels are cut to :data:`WIDTH` characters, lists to their first few items, tables to their
first rows. Control characters in ids (a line break, an escape) are shown escaped, never obeyed.

Example:
    >>> short("a" * 50)
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…'
    >>> listing(["r1", "r2", "r3", "r4", "r5"])
    'r1, r2, r3 (+2 more)'
    >>> count(1234.4), count(2.0), count(2.5), count(float("inf"))
    ('1,234', '2', '2.5', 'inf')
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

__all__ = ["WIDTH", "align", "count", "listing", "short"]

WIDTH = 40
"""The most characters an id or label takes in a ``repr``."""


def short(text: object, width: int = WIDTH) -> str:
    """``text`` on one line, control characters escaped, cut to ``width`` characters with ``…``."""
    s = str(text)
    if not s.isprintable():
        s = "".join(c if c.isprintable() else repr(c)[1:-1] for c in s)
    return s if len(s) <= width else s[: width - 1] + "…"


def listing(items: Iterable[object], first: int = 3, width: int = WIDTH) -> str:
    """The first items, shortened and joined by commas, then ``(+n more)``; ``—`` for none."""
    found = list(items)
    if not found:
        return "—"
    shown = ", ".join(short(x, width) for x in found[:first])
    return shown + (f" (+{len(found) - first} more)" if len(found) > first else "")


def count(value: float) -> str:
    """A (weighted) count: whole from 100 up (``1,235``), else to one decimal (``2.5``); ``inf``/``nan``."""
    if not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if float(value).is_integer() or abs(value) >= 100:
        return f"{round(value):,}"
    return f"{value:,.1f}"


def align(header: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    """A small table as lines: the first column left-aligned, the others right-aligned."""
    cells = [list(header), *(list(r) for r in rows)]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    out = []
    for r in cells:
        parts = [r[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True))]
        out.append((indent + "  ".join(parts)).rstrip())
    return out

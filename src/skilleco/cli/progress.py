"""Progress bars on stderr for the long subcommands: drawing, reading and answering rows (tqdm).

A bar shows the rows done of the rows in all, the rate and the time left. Bars are drawn only when
stderr is a terminal: never in pipes, files or captured output, and never on stdout, which holds the
result alone (one JSON document with ``--format json``).

Each stage counts the population's rows, whatever the callback it feeds reports: the row-by-row
what-if answers every row twice (baseline, then reform) and a sweep once per value, so their
``(done, total)`` is scaled to the rows.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any

from .io import is_terminal

__all__ = ["Progress", "Stage"]

_BIG = 1_000
"""From this many rows on, counts and rates are shown as 1.2M, 35.0k."""


class Stage:
    """One bar: called as ``stage(done, total)`` (the ``progress`` callback of the library's
    :func:`~skilleco.compare`, :func:`~skilleco.sweep`, :func:`~skilleco.read_population` and the
    synthetic generators)."""

    def __init__(self, bar: Any, rows: int | None) -> None:
        self._bar = bar
        self._rows = rows

    def __call__(self, done: int, total: int | None) -> None:
        bar = self._bar
        if self._rows is not None and total:
            done = done * self._rows // total  # answers (2N, N × values) to rows
        elif total is not None and total != bar.total:
            bar.total = total
            bar.unit_scale = total >= _BIG
            bar.refresh()
        if done > bar.n:
            bar.update(done - bar.n)

    def finish(self) -> None:
        """Fill the bar: the stage is done (some paths report only at the end, or not at all)."""
        bar = self._bar
        if bar.total is None:
            bar.total = bar.n
        elif bar.n < bar.total:
            bar.update(bar.total - bar.n)


class Progress:
    """The bars of one command run (none unless stderr is a terminal)."""

    def __init__(self) -> None:
        self.active = is_terminal(sys.stderr)

    @contextlib.contextmanager
    def stage(self, label: str, rows: int | None = None, *, unit: str = "rows") -> Iterator[Stage | None]:
        """A bar for one stage of ``rows`` rows (``None``: as the callback reports), filled and
        closed when the stage ends; yields ``None`` when no bar is drawn, so nothing is called."""
        if not self.active:
            yield None
            return
        from tqdm import tqdm

        bar = tqdm(
            total=rows,
            desc=label,
            unit=unit,
            unit_scale=rows is not None and rows >= _BIG,
            file=sys.stderr,
            dynamic_ncols=True,
            mininterval=0.2,
            leave=True,
        )
        stage = Stage(bar, rows)
        try:
            yield stage
            stage.finish()
        finally:
            bar.close()

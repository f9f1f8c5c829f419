"""The population of ``whatif`` and ``sweep``: a file (``--population``) or synthetic rows
(``--synthetic N --seed S``) of the kind the question reads, drawn or read under a progress bar.

Synthetic workers are drawn as record tables chunk by chunk while they are answered (the
``frames`` extra), so one bar covers drawing and answering; other synthetic subjects are drawn
under a bar of their own, a file is read under one, and a folder of record tables is read chunk by
chunk as it is answered.
"""

from __future__ import annotations

import datetime as _dt
import sys
from collections.abc import Sequence
from pathlib import Path

from ..policy.policy import Policy
from ..population.population import OnError, read_population
from ..questions.registry import Question
from .progress import Progress

__all__ = ["FAST_CHUNK", "SCAN_CHUNK", "fast_note", "population", "synthetic_workers"]

FAST_CHUNK = 1 << 17
"""Synthetic workers drawn and answered at a time (131,072): the bar moves every second or so, and
memory stays at one chunk's (about 450 MB for a million workers, against 1.2 GB drawn whole)."""
SCAN_CHUNK = 200_000
"""Workers read at a time from a folder of record tables."""


def fast_note() -> None:
    """One line on stderr when the columnar path is not there (no Polars)."""
    try:
        import polars  # noqa: F401
    except ImportError:
        print(
            "skilleco: the frames extra is not installed: rows are answered one by one "
            "(about 250 µs a row; pip install 'skilleco[frames]' for the columnar path)",
            file=sys.stderr,
        )


def population(
    path: str | None,
    count: int | None,
    seed: int,
    skip_invalid: bool,
    q: Question,
    policy: Policy,
    on: _dt.date,
    progress: Progress,
) -> object:
    """The population of ``--population PATH`` or ``--synthetic N``, of the kind the question reads:
    record tables (a folder is read chunk by chunk; synthetic workers are drawn as tables) or a
    :class:`~skilleco.population.Population`."""
    kind = q.kind(policy)
    fast_note()
    on_error: OnError = "skip" if skip_invalid else "raise"
    if path is not None and kind == "worker" and _is_tables(path):
        return _tables(path, on_error)
    if path is not None:
        with progress.stage("reading") as stage:
            pop = read_population(path, kind, on_error=on_error, progress=stage)
        if pop.skipped:
            rows = sorted({e.row for e in pop.skipped})
            print(f"skilleco: skipped {len(rows)} invalid row(s) of {pop.source}:", file=sys.stderr)
            for e in pop.skipped[:5]:
                print(f"  {e}", file=sys.stderr)
        return pop
    from ..population import synthetic

    n = count if count is not None else 1
    if kind == "worker":
        return synthetic_workers(n, seed, on, progress)
    with progress.stage("drawing", n) as stage:
        if kind == "organisation":
            return synthetic.lead_candidates(n, seed=seed, on=on, progress=stage)
        if kind == "chain":
            return synthetic.chains(n, seed=seed, on=on, progress=stage)
        scheme = "gba" if kind == "gba_candidate" else "bj-2025"
        return synthetic.dual_certificate_candidates(n, seed=seed, on=on, scheme=scheme, progress=stage)


def _is_tables(path: str) -> bool:
    p = Path(path)
    try:
        return p.is_dir() or p.suffix.lower() == ".zip"
    except (OSError, ValueError):  # no file system takes the name: read_population says why
        return False


def _tables(path: str, on_error: OnError) -> object:
    """Record tables: a folder scanned chunk by chunk, a zip read whole."""
    from ..population import read_records, scan_records

    if Path(path).is_dir():
        scan = scan_records(path, on_error=on_error, chunk_size=SCAN_CHUNK)
        _report_skipped(scan.problems, scan.source)
        return scan
    tables = read_records(path, on_error=on_error)
    _report_skipped(tables.skipped, tables.source)
    return tables


def _report_skipped(problems: Sequence[object], source: str) -> None:
    if problems:
        print(f"skilleco: left out {len(problems)} invalid row(s) of {source}:", file=sys.stderr)
        for e in problems[:5]:
            print(f"  {e}", file=sys.stderr)


def synthetic_workers(n: int | None, seed: int, on: _dt.date, progress: Progress) -> object:
    """Synthetic workers: record tables drawn chunk by chunk as they are answered (the frames
    extra; ``None``: 1,000,000), else a weighted sample of models (``None``: 2,000 rows standing
    for Guangdong's skilled workers), drawn under a bar."""
    try:
        from ..population.synthetic_tables import worker_table_scan
    except ImportError:
        from ..population import synthetic

        count = 2_000 if n is None else n
        with progress.stage("drawing", count) as stage:
            return synthetic.workers(count, seed=seed, on=on, progress=stage)
    return worker_table_scan(1_000_000 if n is None else n, seed=seed, on=on, chunk_size=FAST_CHUNK)

"""Populations: many subjects read once, validated row by row, for what-if comparisons.

A population is read from an iterable of models, dicts or JSON texts; a CSV, Parquet, JSON or
JSON Lines file; or a pandas or Polars frame (the ``frames`` extra). Flat tables name nested fields
with dotted columns — ``occupation.code``, ``certificates.0.level``, ``certificates.0.issued_on`` —
and a cell may hold JSON (``[]`` says "stated, and there are none"). An empty cell is "not stated".

Two columns are not part of the model: ``weight`` (how many real subjects the row stands for,
default 1) and the group columns (default ``region``), kept as labels to break results down by.

Rows that fail validation are never dropped silently: with ``on_error="raise"`` (the default) a
:class:`PopulationError` lists every bad row (row number, field, value, reason); with
``on_error="skip"`` the good rows are kept and :attr:`Population.skipped` lists the others. Problems
with the file itself (empty, not CSV, a required column missing, an unknown column) always raise.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .population import KINDS, MissingDependencyError, Population, PopulationError, RowError, read_population

if TYPE_CHECKING:
    from .record_scan import RecordScan
    from .records import RecordTables

__all__ = [
    "KINDS",
    "MissingDependencyError",
    "Population",
    "PopulationError",
    "RowError",
    "read_population",
    "read_records",
    "scan_records",
]


def read_records(
    source: RecordTables | str | os.PathLike[str] | Mapping[str, Any],
    *,
    on_error: str = "raise",
    groups: tuple[str, ...] = ("region",),
) -> RecordTables:
    """Read record tables (the ``frames`` extra).

    See :func:`skilleco.population.record_files.read_records`.
    """
    from .record_files import read_records as read

    return read(source, on_error=on_error, groups=groups)


def scan_records(
    source: str | os.PathLike[str],
    *,
    chunk_size: int = 1_000_000,
    on_error: str = "raise",
    groups: tuple[str, ...] = ("region",),
) -> RecordScan:
    """Record tables in a folder, read chunk by chunk (the ``frames`` extra): see
    :func:`skilleco.population.record_scan.scan_records`."""
    from .record_scan import scan_records as scan

    return scan(source, chunk_size=chunk_size, on_error=on_error, groups=groups)

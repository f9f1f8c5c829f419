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

from .population import KINDS, MissingDependencyError, Population, PopulationError, RowError, read_population

__all__ = [
    "KINDS",
    "MissingDependencyError",
    "Population",
    "PopulationError",
    "RowError",
    "read_population",
]

"""Files, frames and iterables as numbered rows (the reading side of populations).

Each source gives ``(row, line, record)`` triples and, for tables, its column names. Dotted column
names and cells are read by :mod:`.columns`, CSV text is split by :mod:`.csv_rows`. A table with a
column name twice is refused whatever it came from (CSV, pandas, Polars, Arrow, Parquet).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sized
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..exceptions import MissingDependencyError, PopulationError, RowError
from ..models.jsontext import load_json
from .columns import CellError
from .csv_rows import split_records, unescape

MAX_WEIGHT = 1e12
"""The largest row weight (10**12, over a hundred times the world's population): weights are finite
numbers from 0 to it, so that no sum of weights (or ``repr`` of one) can overflow a float."""

Rows = Iterable[tuple[int, int | None, object]]
"""(row number, line number or ``None``, record) triples: a record is a mapping, a model, JSON text
or a :class:`CellError` standing for a row that could not be read."""

Read = tuple[str, Rows, tuple[str, ...] | None, int | None]
"""(source name, rows, the table's columns if it has a header, the rows expected or ``None``): the
count is exact for frames, Parquet and JSON arrays, and the lines after the header of a CSV or JSON
Lines file (more than the rows when a cell holds a line break or a line is blank)."""


def cell(value: object) -> object:
    """A value as a flat cell: lists and objects as JSON, booleans as ``true``/``false``."""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


# --- reading --------------------------------------------------------------------------------------


def records(source: Any, model: type[BaseModel]) -> Read:
    """(source name, rows, the table's columns if it has a header, the rows expected)."""
    if isinstance(source, str | os.PathLike):
        return _file_records(Path(source), model)
    module = type(source).__module__.split(".")[0]
    if module == "polars" and hasattr(source, "to_dicts"):
        columns = tuple(source.columns)
        _unique("<polars frame>", columns, model)
        return "<polars frame>", _numbered(source.to_dicts()), columns, len(source)
    if module == "pandas" and hasattr(source, "to_dict"):
        columns = tuple(map(str, source.columns))
        _unique("<pandas frame>", columns, model)  # before to_dict, which keeps one of two
        rows = ({str(k): v for k, v in r.items()} for r in source.to_dict("records"))
        return "<pandas frame>", _numbered(rows), columns, len(source)
    if module == "pyarrow" and hasattr(source, "to_pylist") and hasattr(source, "column_names"):
        columns = tuple(map(str, source.column_names))
        _unique("<arrow table>", columns, model)
        return "<arrow table>", _numbered(source.to_pylist()), columns, len(source)
    if isinstance(source, Mapping | bytes):
        raise _source_error(
            "<argument>",
            type(source).__name__,
            "expected many rows (an iterable, a file or a frame), got one mapping",
            "not_rows",
            model,
        )
    if isinstance(source, Iterable):
        return "<iterable>", _numbered(source), None, len(source) if isinstance(source, Sized) else None
    raise _source_error(
        "<argument>",
        type(source).__name__,
        "expected a path, a frame or an iterable of rows",
        "not_rows",
        model,
    )


def _numbered(rows: Iterable[object]) -> Rows:
    return ((i, None, rec) for i, rec in enumerate(rows, 1))


def _source_error(
    name: str, value: object, reason: str, code: str, model: type[BaseModel] | str
) -> PopulationError:
    kind = model if isinstance(model, str) else model.__name__
    return PopulationError(name, [RowError(0, "", value, reason, code)], kind)


def _unique(name: str, columns: tuple[str, ...], model: type[BaseModel] | str) -> None:
    """Refuse a table with a column name twice (issue 15, L8): a frame would keep one silently."""
    seen: set[str] = set()
    twice: set[str] = set()
    for c in columns:
        (twice if c in seen else seen).add(c)
    if twice:
        dupes = sorted(twice)
        kind = model if isinstance(model, str) else model.__name__
        raise PopulationError(
            name, [RowError(0, d, None, "the column appears twice", "duplicate_column") for d in dupes], kind
        )


def _file_records(path: Path, model: type[BaseModel]) -> Read:
    name = str(path)

    def fail(reason: str, code: str, value: object = None) -> PopulationError:
        return _source_error(name, value, reason, code, model)

    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        rows, columns, count = _parquet_records(path)
        return name, rows, columns, count
    try:
        data = path.read_bytes()
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise fail(f"cannot read the file: {getattr(exc, 'strerror', None) or exc}", "unreadable") from None
    if not data.strip():
        raise fail("the file is empty", "empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "expected a CSV, JSON or JSON Lines file",
            "not_csv",
        ) from None
    if suffix in (".jsonl", ".ndjson", ".json") and "\x00" in text:
        raise fail("binary data (NUL bytes); expected a JSON or JSON Lines file", "not_csv")
    if suffix in (".jsonl", ".ndjson"):
        return name, _json_lines(text), None, text.count("\n") + (not text.endswith("\n"))
    if suffix == ".json":
        try:
            rows = load_json(text)
        except ValueError as exc:
            raise fail(f"not JSON: {exc}", "not_json") from None
        if not isinstance(rows, list):
            raise fail("expected a JSON array of rows", "not_json", type(rows).__name__)
        return name, _numbered(rows), None, len(rows)
    csv_rows, header = _csv_records(text, name, model)
    lines = text.count("\n") + (not text.endswith("\n"))
    return name, csv_rows, header, max(lines - 1, 0)


def _json_lines(text: str) -> Rows:
    """One row per line; lines end with ``\n`` (or ``\r\n``) only (issue 15, M5): U+2028, U+2029
    and U+0085 are characters inside a JSON string, not line ends. Blank lines are skipped."""
    for i, line in enumerate(text.split("\n"), 1):
        if line.strip(" \t\r"):
            yield i, i, line.removesuffix("\r")


def _csv_records(text: str, name: str, model: type[BaseModel]) -> tuple[Rows, tuple[str, ...]]:
    records = split_records(text)
    first = next(records, None)
    if first is None or first.problem is not None or any("\x00" in c for c in first.cells):
        why = (
            "binary data (NUL bytes)"
            if first is not None and any("\x00" in c for c in first.cells)
            else (first.problem[0] if first is not None and first.problem else "no header")
        )
        raise _source_error(name, None, f"no CSV header: {why}; expected a CSV file", "not_csv", model)
    header = [unescape(h).strip() for h in first.cells]
    top = set(model.model_fields)
    if not any(h.split(".")[0] in top for h in header):
        expected = ", ".join(sorted(top)[:8])
        raise _source_error(
            name,
            ",".join(header)[:80],
            f"the header names no {model.__name__} field "
            f"(expected columns such as {expected}); is this a CSV file?",
            "not_csv",
            model,
        )
    _unique(name, tuple(header), model)
    width = len(header)

    def rows() -> Rows:
        for rec in records:
            row, line = rec.number, rec.line
            if rec.problem is not None:
                reason, code = rec.problem
                value = max(map(len, rec.cells)) if code == "cell_too_long" else None
                yield row, line, CellError("", value, reason, code)
            elif not any(c.strip() for c in rec.cells):
                continue
            elif len(rec.cells) != width:
                n = len(rec.cells)
                yield row, line, CellError("", n, f"the row has {n} cells, the header {width}", "bad_row")
            else:
                yield row, line, dict(zip(header, map(unescape, rec.cells), strict=True))

    return rows(), tuple(header)


def _parquet_records(path: Path) -> tuple[Rows, tuple[str, ...], int]:
    name = str(path)

    def fail(exc: Exception) -> PopulationError:
        return _source_error(name, None, f"not a Parquet file: {exc}", "not_parquet", "population")

    try:
        import pyarrow.parquet as pq
    except ImportError:
        pq = None
    if pq is not None:  # the schema first: a column twice is refused by name, not as a broken file
        try:
            names = tuple(map(str, pq.read_schema(path).names))
        except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
            raise fail(exc) from None
        _unique(name, names, "population")
    try:
        import polars as pl
    except ImportError:
        if pq is None:
            raise MissingDependencyError(
                "reading Parquet needs polars or pyarrow: pip install 'skilleco[frames]'"
            ) from None
        try:
            table = pq.read_table(path)
        except (OSError, ValueError) as exc:
            raise fail(exc) from None
        return _numbered(table.to_pylist()), tuple(map(str, table.column_names)), table.num_rows
    try:
        frame = pl.read_parquet(path)
    except Exception as exc:  # polars raises its own ComputeError/OSError family
        raise fail(exc) from None
    columns = tuple(frame.columns)
    _unique(name, columns, "population")
    return _numbered(frame.to_dicts()), columns, frame.height

"""Flat tables and files as rows of nested data (the reading side of populations).

Dotted column names (``certificates.0.level``) build nested objects and lists; a cell starting with
``[`` or ``{`` holds JSON; a blank cell (or ``None``/NaN in a frame) is "not stated" and left out.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..exceptions import MissingDependencyError, PopulationError, RowError
from ..models.jsontext import load_json

Records = tuple[str, Iterable[tuple[int, object]], tuple[str, ...] | None]


def cell(value: object) -> object:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


# --- flat records <-> nested data ----------------------------------------------------------------


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested data as dotted columns; lists of objects are indexed, other lists stay whole."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            out.update(flatten(value, f"{name}."))
        elif isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            for i, item in enumerate(value):
                out.update(flatten(item, f"{name}.{i}."))
        else:
            out[name] = value
    return out


class CellError(Exception):
    def __init__(self, column: str, value: object, reason: str, code: str) -> None:
        self.column, self.value, self.reason, self.code = column, value, reason, code


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and not value.strip():
        return True
    # pandas.NA / NaT and numpy NaN: "not equal to themselves" or a pandas missing marker.
    return type(value).__name__ in ("NAType", "NaTType")


def _read_cell(column: str, value: object) -> object:
    if isinstance(value, str):
        text = value.strip()
        if text[:1] in ("[", "{"):
            try:
                return load_json(text)
            except ValueError as exc:
                raise CellError(
                    column, value, f"a cell starting with {text[0]} must be JSON: {exc}", "not_json"
                ) from None
        return text
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item) and type(value).__module__ == "numpy":
        return item()
    if hasattr(value, "tolist") and type(value).__module__ == "numpy":
        return value.tolist()
    return value


def unflatten(record: Mapping[str, object]) -> dict[str, Any]:
    """Dotted columns back into nested data; integer segments index lists; blank cells are left out."""
    root: dict[str, Any] = {}
    for column, raw in record.items():
        if is_blank(raw):
            continue
        value = _read_cell(column, raw)
        parts = column.split(".")
        node: Any = root
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            nxt_is_index = not last and parts[i + 1].isdigit()
            if isinstance(node, list):
                idx = int(part)
                while len(node) <= idx:
                    node.append(None)
                if last:
                    node[idx] = value
                else:
                    if node[idx] is None:
                        node[idx] = [] if nxt_is_index else {}
                    node = node[idx]
            else:
                if last:
                    node[part] = value
                else:
                    child = node.get(part)
                    if child is None:
                        child = [] if nxt_is_index else {}
                        node[part] = child
                    elif not isinstance(child, list | dict):
                        raise CellError(
                            column, raw, f"column {part!r} holds a value and a nested field", "bad_row"
                        )
                    node = child
    compact: dict[str, Any] = _compact(root)
    return compact


def _compact(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _compact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_compact(v) for v in value if v is not None]
    return value


# --- reading --------------------------------------------------------------------------------------


def records(
    source: Any, model: type[BaseModel]
) -> tuple[str, Iterable[tuple[int, object]], tuple[str, ...] | None]:
    """(source name, (row number, record) pairs, the table's columns if it has a header)."""
    if isinstance(source, str | os.PathLike):
        return _file_records(Path(source), model)
    module = type(source).__module__.split(".")[0]
    if module == "polars" and hasattr(source, "to_dicts"):
        return "<polars frame>", enumerate(source.to_dicts(), 1), tuple(source.columns)
    if module == "pandas" and hasattr(source, "to_dict"):
        return "<pandas frame>", enumerate(source.to_dict("records"), 1), tuple(map(str, source.columns))
    if isinstance(source, Mapping | bytes):
        raise PopulationError(
            "<argument>",
            [
                RowError(
                    0,
                    "",
                    type(source).__name__,
                    "expected many rows (an iterable, a file or a frame), got one mapping",
                    "not_rows",
                )
            ],
            model.__name__,
        )
    if isinstance(source, Iterable):
        return "<iterable>", enumerate(source, 1), None
    raise PopulationError(
        "<argument>",
        [
            RowError(
                0, "", type(source).__name__, "expected a path, a frame or an iterable of rows", "not_rows"
            )
        ],
        model.__name__,
    )


def _file_records(
    path: Path, model: type[BaseModel]
) -> tuple[str, Iterable[tuple[int, object]], tuple[str, ...] | None]:
    name = str(path)

    def fail(reason: str, code: str, value: object = None) -> PopulationError:
        return PopulationError(name, [RowError(0, "", value, reason, code)], model.__name__)

    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        return name, *_parquet_records(path)
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
    if "\x00" in text:
        raise fail("binary data (NUL bytes); expected a CSV, JSON or JSON Lines file", "not_csv")
    if suffix in (".jsonl", ".ndjson"):
        lines = [(i, line) for i, line in enumerate(text.splitlines(), 1) if line.strip()]
        return name, lines, None
    if suffix == ".json":
        try:
            rows = load_json(text)
        except ValueError as exc:
            raise fail(f"not JSON: {exc}", "not_json") from None
        if not isinstance(rows, list):
            raise fail("expected a JSON array of rows", "not_json", type(rows).__name__)
        return name, enumerate(rows, 1), None
    return name, *_csv_records(text, name, model)


def _csv_records(
    text: str, name: str, model: type[BaseModel]
) -> tuple[Iterable[tuple[int, object]], tuple[str, ...]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise PopulationError(
            name, [RowError(0, "", None, f"no CSV header: {exc}", "not_csv")], model.__name__
        ) from None
    top = set(model.model_fields)
    if not any(h.split(".")[0] in top for h in header):
        expected = ", ".join(sorted(top)[:8])
        raise PopulationError(
            name,
            [
                RowError(
                    0,
                    "",
                    ",".join(header)[:80],
                    f"the header names no {model.__name__} field "
                    f"(expected columns such as {expected}); is this a CSV file?",
                    "not_csv",
                )
            ],
            model.__name__,
        )
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise PopulationError(
            name,
            [RowError(0, d, None, "the column appears twice", "duplicate_column") for d in dupes],
            model.__name__,
        )

    def rows() -> Iterator[tuple[int, object]]:
        try:
            for i, cells in enumerate(reader, 1):
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) != len(header):
                    yield (
                        i,
                        CellError(
                            "",
                            len(cells),
                            f"the row has {len(cells)} cells, the header {len(header)}",
                            "bad_row",
                        ),
                    )
                    continue
                yield i, dict(zip(header, cells, strict=True))
        except csv.Error as exc:
            yield reader.line_num, CellError("", None, f"not valid CSV: {exc}", "not_csv")

    return rows(), tuple(header)


def _parquet_records(path: Path) -> tuple[Iterable[tuple[int, object]], tuple[str, ...]]:
    try:
        import polars as pl
    except ImportError:
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise MissingDependencyError(
                "reading Parquet needs polars or pyarrow: pip install 'skilleco[frames]'"
            ) from None
        try:
            table = pq.read_table(path)
        except (OSError, ValueError) as exc:
            raise PopulationError(
                str(path), [RowError(0, "", None, f"not a Parquet file: {exc}", "not_parquet")], "population"
            ) from None
        return enumerate(table.to_pylist(), 1), tuple(table.column_names)
    try:
        frame = pl.read_parquet(path)
    except Exception as exc:  # polars raises its own ComputeError/OSError family
        raise PopulationError(
            str(path), [RowError(0, "", None, f"not a Parquet file: {exc}", "not_parquet")], "population"
        ) from None
    return enumerate(frame.to_dicts(), 1), tuple(frame.columns)

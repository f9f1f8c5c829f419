"""Dotted column names: checked once, then turned into nested data (and back).

``certificates.0.level`` names the ``level`` of the first certificate: each dotted part is a field
name, or — when it is made of ASCII digits — a list position. The names of a table are checked
before any row is built (issue 15, H1 and M1), so reading a row costs no more than its cells:

- a list position is ``0`` … ``MAX_ITEMS - 1`` (499) with no leading zero (``bad_index``);
- a name has at most :data:`MAX_PARTS` parts and no empty part (``bad_column``).

Then, row by row, the filled cells must not clash (``bad_column``): no cell holds a value that
another reaches into (``name`` and ``name.x``), and the parts under one name are all list positions
or all field names. A list is built from the positions given, in order (``certificates.0`` and
``certificates.5`` make a list of two): memory grows with the cells, never with a position.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterable, Mapping
from typing import Any

from ..exceptions import _short
from ..models.fields import MAX_ITEMS
from ..models.jsontext import load_json

__all__ = [
    "MAX_PARTS",
    "CellError",
    "Verbatim",
    "column_problems",
    "flatten",
    "is_blank",
    "is_index",
    "read_cell",
    "timestamp_date",
    "unflatten",
]

MAX_PARTS = 16
"""The most dotted parts a column name may have (the models nest five deep at most)."""

_INDEX_DIGITS = len(str(MAX_ITEMS - 1))

SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
"""Unicode's White_Space characters: what the models strip from text (Python's ``str.strip()``
also takes U+001C…U+001F, which the models keep, so a cell is stripped of these only)."""


class CellError(Exception):
    """A problem with one cell or column of one row (turned into a :class:`RowError`)."""

    def __init__(self, column: str, value: object, reason: str, code: str) -> None:
        super().__init__(reason)
        self.column, self.value, self.reason, self.code = column, value, reason, code


class Verbatim(str):
    """A cell that is text as it stands: never read as JSON (a CSV cell that ``to_csv`` escaped)."""

    __slots__ = ()


def is_index(part: str) -> bool:
    """Whether a dotted part is a list position (ASCII digits only: not ``²``, ``٣`` or ``-1``)."""
    return part.isascii() and part.isdigit()


def column_problems(columns: Iterable[object]) -> list[tuple[str, str, str]]:
    """The problems of column names, as ``(column, reason, code)``, in column order.

    Linear in the length of the names. Whether two columns clash (``name`` and ``name.x``) depends
    on which cells a row fills: :func:`unflatten` finds that, row by row.
    """
    problems: list[tuple[str, str, str]] = []
    for column in columns:
        if not isinstance(column, str):
            problems.append((_short(column), "a column name is text", "bad_column"))
        elif "." in column:
            found = _name_problem(column)
            if found is not None:
                problems.append((column, *found))
    return problems


def _name_problem(column: str) -> tuple[str, str] | None:
    if column.count(".") >= MAX_PARTS:
        return f"a dotted name has at most {MAX_PARTS} parts", "bad_column"
    parts = column.split(".")
    if "" in parts:
        return "a dotted name has no empty part (two dots, or a dot at an end)", "bad_column"
    for part in parts[1:]:
        if is_index(part) and (
            len(part) > _INDEX_DIGITS or int(part) >= MAX_ITEMS or (len(part) > 1 and part[0] == "0")
        ):
            limit = f"a list position is 0 to {MAX_ITEMS - 1}, with no leading zero"
            return f"{limit}; got {_short(part, 20)}", "bad_index"
    return None


# --- cells ------------------------------------------------------------------------------------------


def is_blank(value: object) -> bool:
    """Whether a cell is "not stated": ``None``, NaN, blank text, or a pandas missing marker."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and not value.strip(SPACE):
        return True
    # pandas.NA / NaT and numpy NaN: "not equal to themselves" or a pandas missing marker.
    return type(value).__name__ in ("NAType", "NaTType")


def read_cell(column: str, value: object) -> object:
    """A cell's value: text stripped (JSON if it starts with ``[`` or ``{``), numpy scalars as Python,
    a timestamp at midnight as its date (:func:`timestamp_date`)."""
    if isinstance(value, _dt.datetime):  # pandas' Timestamp is one
        return timestamp_date(column, value)
    if isinstance(value, Verbatim):
        return str(value).strip(SPACE)
    if isinstance(value, str):
        text = value.strip(SPACE)
        if text[:1] in ("[", "{"):
            try:
                return load_json(text)
            except ValueError as exc:
                raise CellError(
                    column, value, f"a cell starting with {text[0]} must be JSON: {exc}", "not_json"
                ) from None
        return text
    if type(value).__module__ == "numpy":
        if type(value).__name__ == "datetime64":  # .item() of nanoseconds is an integer: take microseconds
            return read_cell(column, value.astype("datetime64[us]").item())  # type: ignore[attr-defined]
        if getattr(value, "ndim", 0) and hasattr(value, "tolist"):  # an array: a list cell from Parquet
            return value.tolist()
        item = getattr(value, "item", None)  # numpy scalars
        if callable(item):
            return item()
        if hasattr(value, "tolist"):
            return value.tolist()
    return value


def timestamp_date(column: str, value: _dt.datetime) -> _dt.date:
    """The date of a timestamp from a frame or an Arrow table (pandas ``parse_dates``, ``datetime64``
    columns, Polars ``Datetime``, Parquet timestamps), which store dates as midnight.

    Raises:
        CellError: ``date_with_time``: a time of day, or a time zone (a moment, not a calendar date).
    """
    nanos = getattr(value, "nanosecond", 0)  # pandas keeps nanoseconds beyond the microseconds
    if value.tzinfo is not None:
        reason = "expected a date, got a timestamp with a time zone (a moment, not a calendar day)"
        raise CellError(column, value, f"{reason}: {_short(value)}", "date_with_time")
    if value.time() != _dt.time(0) or nanos:
        raise CellError(
            column, value, f"expected a date without a time of day, got {_short(value)}", "date_with_time"
        )
    return value.date()


# --- flat records <-> nested data ----------------------------------------------------------------


class _Items(dict[int, Any]):
    """A list being built: position → value (only the positions given take memory)."""

    __slots__ = ()


class _Node(dict[str, Any]):
    """An object being built (a value that is a dict, such as a JSON cell's, is a leaf instead)."""

    __slots__ = ()


def unflatten(record: Mapping[str, object]) -> dict[str, Any]:
    """Dotted columns back into nested data; blank cells are left out.

    The column names must have passed :func:`column_problems`. A cell's value is kept whole (a JSON
    cell is one value, however deep). Linear in the cells and the length of their names.

    Raises:
        CellError: a cell that starts with ``[`` or ``{`` and is not JSON (``not_json``), or two
            filled cells that clash (``bad_column``): one holds a value and the other names a field
            inside it (``name`` and ``name.x``), or one uses a list position where the other uses a
            field name (``certificates.0.level`` and ``certificates.x``).
    """
    root = _Node()
    for column, raw in record.items():
        if is_blank(raw):
            continue
        value = read_cell(column, raw)
        parts = column.split(".")
        node: _Node | _Items = root
        for i in range(len(parts) - 1):
            key = _key(node, parts[i], parts, i, column, raw)
            child = node.get(key)
            if child is None:
                child = _Items() if is_index(parts[i + 1]) else _Node()
                node[key] = child
            elif not isinstance(child, _Items | _Node):
                inside = ".".join(parts[: i + 1])
                raise CellError(
                    column,
                    raw,
                    f"the column names a field inside column {inside!r}, which holds a value",
                    "bad_column",
                )
            node = child
        key = _key(node, parts[-1], parts, len(parts) - 1, column, raw)
        if key in node:
            raise CellError(
                column, raw, "the column holds a value, and other columns fill fields inside it", "bad_column"
            )
        node[key] = value
    compact: dict[str, Any] = _compact(root)
    return compact


def _key(node: _Node | _Items, part: str, parts: list[str], i: int, column: str, raw: object) -> Any:
    """The key of ``part`` in ``node``: a position in a list, a name in an object."""
    if isinstance(node, _Items) == is_index(part) or i == 0:
        return int(part) if isinstance(node, _Items) else part
    where = ".".join(parts[:i])
    raise CellError(column, raw, f"{where!r} is a list in one column and an object in another", "bad_column")


def _compact(node: dict[Any, Any]) -> Any:
    """The built tree as dicts and lists (at most :data:`MAX_PARTS` deep; leaves are kept as they are)."""
    if isinstance(node, _Items):
        return [_compact(v) if isinstance(v, _Items | _Node) else v for _, v in sorted(node.items())]
    return {k: _compact(v) if isinstance(v, _Items | _Node) else v for k, v in node.items()}


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

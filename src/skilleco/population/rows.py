"""Rows checked one by one into subjects, weights and group labels (the validating side of populations).

Every row ends up read or listed: a bad row is a :class:`~skilleco.exceptions.RowError` (row, line,
field, value, reason, code), never an exception of another kind — whatever the row holds (odd dotted
names, JSON nested 1,000 deep, 5,000-digit numbers, objects whose ``str`` fails).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeAlias

import attrs
from pydantic import BaseModel, ValidationError

from ..exceptions import InputError, PopulationError, RowError
from ..models.jsontext import load_json
from .columns import CellError, column_problems, is_blank, unflatten
from .tables import MAX_WEIGHT, Rows

__all__ = ["read_rows"]

OnError: TypeAlias = Literal["raise", "skip"]
ReadProgress: TypeAlias = Callable[[int, "int | None"], None]
"""Called as ``progress(rows_read, rows_expected)`` while rows are read (``None``: not known)."""
_EVERY = 256
"""Rows between two progress calls."""

Read: TypeAlias = tuple[
    tuple[BaseModel, ...],
    tuple[int, ...],
    tuple[float, ...],
    tuple[Mapping[str, str], ...],
    tuple[RowError, ...],
]


def read_rows(
    name: str,
    records: Rows,
    columns: tuple[str, ...] | None,
    model: type[BaseModel],
    on_error: OnError,
    weight: str | None,
    groups: tuple[str, ...],
    progress: ReadProgress | None = None,
    expected: int | None = None,
) -> Read:
    """(subjects, their row numbers, weights, group labels, the problems of the rows left out).

    ``progress`` is called every few hundred rows with the rows read so far and ``expected``, and
    once at the end with the rows read twice.

    Raises:
        PopulationError: a column problem (always), or a bad row with ``on_error="raise"``.
    """
    top = set(model.model_fields)
    reserved = {*groups, *([weight] if weight else [])}
    if columns is not None:
        fields = [c for c in columns if c not in reserved]
        bad = [_unknown_column(c, top | reserved) for c in fields if c.split(".")[0] not in top]
        bad += [RowError(0, c, None, reason, code) for c, reason, code in column_problems(fields)]
        if bad:
            raise PopulationError(name, bad, model.__name__)
    subjects: list[BaseModel] = []
    rows: list[int] = []
    weights: list[float] = []
    labels: list[Mapping[str, str]] = []
    problems: list[RowError] = []
    missing_columns: dict[str, RowError] = {}
    seen = 0
    for i, line, rec in records:
        seen += 1
        if progress is not None and seen % _EVERY == 0:
            progress(seen, max(expected, seen) if expected is not None else None)
        found = _one_row(i, rec, model, weight, groups, columns)
        if isinstance(found, list):
            for p in found:
                if columns is not None and p.code == "missing" and not _has_column(columns, p.field):
                    missing_columns.setdefault(
                        p.field, RowError(0, p.field, None, "a required column is missing", "missing_column")
                    )
                else:
                    problems.append(p if line is None else attrs.evolve(p, line=line))
            continue
        subject, w, g = found
        subjects.append(subject)
        rows.append(i)
        weights.append(w)
        labels.append(g)
    if progress is not None:
        progress(seen, seen)
    if missing_columns:
        raise PopulationError(name, list(missing_columns.values()), model.__name__)
    if not seen:
        raise PopulationError(name, [RowError(0, "", None, "no rows", "empty")], model.__name__)
    if problems and on_error == "raise":
        raise PopulationError(name, problems, model.__name__)
    return tuple(subjects), tuple(rows), tuple(weights), tuple(labels), tuple(problems)


def _unknown_column(column: str, known: set[str]) -> RowError:
    import difflib

    close = difflib.get_close_matches(column.split(".")[0], sorted(known), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return RowError(
        0, column, None, f"not a field of the model nor a weight or group column{hint}", "unknown_column"
    )


def _has_column(columns: tuple[str, ...], field: str) -> bool:
    return any(c == field or c.startswith(field + ".") or field.startswith(c + ".") for c in columns)


def _one_row(
    i: int,
    rec: object,
    model: type[BaseModel],
    weight: str | None,
    groups: tuple[str, ...],
    columns: tuple[str, ...] | None,
) -> tuple[BaseModel, float, Mapping[str, str]] | list[RowError]:
    if isinstance(rec, CellError):
        return [RowError(i, rec.column, rec.value, rec.reason, rec.code)]
    if isinstance(rec, model):
        return rec, 1.0, {}
    if isinstance(rec, BaseModel):
        return [RowError(i, "", type(rec).__name__, f"expected a {model.__name__}", "wrong_kind")]
    if isinstance(rec, str | bytes):
        try:
            rec = load_json(rec)
        except ValueError as exc:
            return [RowError(i, "", rec, f"not JSON: {exc}", "not_json")]
    if not isinstance(rec, Mapping):
        return [RowError(i, "", rec, "expected a mapping of fields", "not_mapping")]
    data = dict(rec)
    problems: list[RowError] = []
    w = _row_weight(i, data.pop(weight, None) if weight is not None else None, weight or "", problems)
    labels = _row_labels(i, data, groups, problems)
    try:
        nested = _nested(data, columns)
    except CellError as exc:
        return [*problems, RowError(i, exc.column, exc.value, exc.reason, exc.code)]
    if isinstance(nested, list):
        return [*problems, *(RowError(i, c, None, reason, code) for c, reason, code in nested)]
    try:
        subject = model.model_validate(nested)
    except ValidationError as exc:
        for e in exc.errors(include_url=False):
            field = ".".join(str(p) for p in e["loc"])
            value = e.get("input") if e["type"] != "missing" else None
            problems.append(RowError(i, field, value, str(e["msg"]), str(e["type"])))
        return problems
    except (InputError, ValueError, RecursionError, OverflowError) as exc:
        return [*problems, RowError(i, "", None, str(exc), "invalid")]
    if problems:
        return problems
    return subject, w, labels


def _row_weight(i: int, raw: object, column: str, problems: list[RowError]) -> float:
    """A row's weight: blank is 1; else a finite number from 0 to :data:`MAX_WEIGHT`."""
    if is_blank(raw):
        return 1.0
    try:
        w = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):  # not a number, or an integer past float range
        w = math.nan
    if isinstance(raw, bool) or not 0 <= w <= MAX_WEIGHT:
        problems.append(
            RowError(i, column, raw, f"a weight is a finite number from 0 to {MAX_WEIGHT:,.0f}", "bad_weight")
        )
        return 1.0
    return w


def _row_labels(
    i: int, data: dict[Any, Any], groups: tuple[str, ...], problems: list[RowError]
) -> dict[str, str]:
    """A row's group labels (taken out of ``data``): text, or numbers written as text."""
    labels: dict[str, str] = {}
    for g in groups:
        raw = data.pop(g, None)
        if is_blank(raw):
            continue
        try:
            labels[g] = raw if type(raw) is str else str(raw)  # a Verbatim cell as plain text
        except (TypeError, ValueError, RecursionError):  # a 5,000-digit integer, an odd object
            problems.append(RowError(i, g, raw, "a group label is text", "bad_group"))
    return labels


def _nested(
    data: dict[Any, Any], columns: tuple[str, ...] | None
) -> dict[str, Any] | list[tuple[str, str, str]]:
    """A row's data as nested fields, or the problems of its column names (rows without a header)."""
    if columns is not None:
        return unflatten(data)
    if all(isinstance(k, str) and "." not in k for k in data):
        return data
    found = column_problems(data)
    return found or unflatten(data)

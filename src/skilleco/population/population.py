"""Populations: many subjects read once, validated row by row, for what-if comparisons."""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, TypeAlias

import attrs
from pydantic import BaseModel

from ..exceptions import InputError, MissingDependencyError, PopulationError, RowError
from ..models.candidates import DualCertificateCandidate, GbaCandidate
from ..models.chains import Chain
from ..models.organisations import Organisation
from ..models.worker import Worker
from .columns import flatten
from .csv_rows import csv_line, escape
from .rows import OnError as OnError
from .rows import ReadProgress, read_rows
from .tables import MAX_WEIGHT, cell, records

__all__ = [
    "KINDS",
    "MAX_WEIGHT",
    "MissingDependencyError",
    "Population",
    "PopulationError",
    "RowError",
    "read_population",
]

Kind: TypeAlias = Literal["worker", "organisation", "chain", "dual_certificate_candidate", "gba_candidate"]
KINDS: dict[str, type[BaseModel]] = {
    "worker": Worker,
    "organisation": Organisation,
    "chain": Chain,
    "dual_certificate_candidate": DualCertificateCandidate,
    "gba_candidate": GbaCandidate,
}
"""The subject models a population can hold, by kind name."""

Source: TypeAlias = "Population | str | os.PathLike[str] | Iterable[Any] | Any"


@attrs.frozen(eq=False)
class Population:
    """Validated subjects with their source rows, weights and group labels.

    Attributes:
        kind: ``worker``, ``organisation``, ``chain``, ``dual_certificate_candidate`` or
            ``gba_candidate``.
        subjects: the validated models, in source order.
        rows: the source row of each subject (1-based).
        weights: how many real subjects each row stands for: finite numbers from 0 to
            :data:`MAX_WEIGHT` (others are refused with ``InputError``, ``bad_weights``).
        groups: the group labels of each row (``{"region": "广州"}``).
        skipped: the problems of rows left out with ``on_error="skip"``.
        source: what was read.
    """

    kind: str
    subjects: tuple[BaseModel, ...]
    rows: tuple[int, ...]
    weights: tuple[float, ...]
    groups: tuple[Mapping[str, str], ...]
    skipped: tuple[RowError, ...] = ()
    source: str = "<iterable>"

    def __attrs_post_init__(self) -> None:
        n = len(self.subjects)
        if not (len(self.rows) == len(self.weights) == len(self.groups) == n):
            raise ValueError("subjects, rows, weights and groups must have one entry per subject")
        check_weights(self.weights)

    @classmethod
    def from_models(
        cls,
        subjects: Iterable[BaseModel],
        *,
        weights: Iterable[float] | None = None,
        groups: Iterable[Mapping[str, str]] | None = None,
        source: str = "<models>",
        kind: str | None = None,
    ) -> Population:
        """A population of already-validated models, all of one kind.

        Args:
            kind: the kind; needed only when ``subjects`` is empty (otherwise read from the models).
        """
        items = tuple(subjects)
        kinds = {_kind_of(type(s)) for s in items} | ({kind} if kind is not None else set())
        if len(kinds) > 1 or (kind is not None and kind not in KINDS):
            raise ValueError(
                f"a population holds one kind of subject from {sorted(KINDS)}, got {sorted(kinds)}"
            )
        name = kinds.pop() if kinds else "worker"
        w = _float_weights(weights, len(items)) if weights is not None else (1.0,) * len(items)
        g = _group_labels(groups, len(items)) if groups is not None else ({},) * len(items)
        return cls(name, items, tuple(range(1, len(items) + 1)), w, g, (), source)

    def __len__(self) -> int:
        return len(self.subjects)

    def __iter__(self) -> Iterator[BaseModel]:
        return iter(self.subjects)

    @property
    def ids(self) -> tuple[str, ...]:
        """The subject ids (``id``, or ``person_id`` for candidates)."""
        return tuple(subject_id(s) for s in self.subjects)

    @property
    def total_weight(self) -> float:
        """The number of real subjects the population stands for."""
        return math.fsum(self.weights)

    @property
    def group_names(self) -> tuple[str, ...]:
        """The group label names present, in first-seen order."""
        seen: dict[str, None] = {}
        for g in self.groups:
            seen.update(dict.fromkeys(g))
        return tuple(seen)

    def head(self, n: int = 5) -> Population:
        """The first ``n`` rows."""
        return attrs.evolve(
            self,
            subjects=self.subjects[:n],
            rows=self.rows[:n],
            weights=self.weights[:n],
            groups=self.groups[:n],
        )

    def to_records(self) -> list[dict[str, Any]]:
        """Flat records: dotted columns, JSON cells for scalar and empty lists, weight and groups."""
        out = []
        for s, w, g in zip(self.subjects, self.weights, self.groups, strict=True):
            rec = flatten(s.model_dump(mode="json", exclude_none=True))
            rec["weight"] = w
            rec.update(g)
            out.append(rec)
        return out

    def to_csv(self, path: str | os.PathLike[str] | None = None) -> str:
        """Write the population as a flat CSV (readable by :func:`read_population`); returns the text.

        Cells are quoted when they hold a comma, a quote, a line break or a NUL; text that a
        spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
        carriage return), or that would read back as JSON or lose a quote (``[``, ``{``, ``'``),
        is written with a ``'`` in front, which :func:`read_population` takes off again.
        """
        records = self.to_records()
        header: dict[str, None] = {}
        for rec in records:
            header.update(dict.fromkeys(rec))
        lines = [csv_line(escape(h) for h in header)]
        for rec in records:
            lines.append(csv_line(_csv_cell(rec.get(k)) for k in header))
        text = "\n".join(lines) + "\n"
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def __repr__(self) -> str:
        return f"<Population {self.kind} × {len(self)} from {self.source} (weight {self.total_weight:,.0f})>"

    def _repr_html_(self) -> str:
        from html import escape

        cells = "".join(
            f"<tr><td>{r}</td><td>{escape(i)}</td><td>{w:,.2f}</td><td>{escape(_labels(g))}</td></tr>"
            for r, i, w, g in zip(
                self.rows[:10], self.ids[:10], self.weights[:10], self.groups[:10], strict=True
            )
        )
        more = f"<p>… {len(self) - 10:,} more rows</p>" if len(self) > 10 else ""
        skipped = f"<p>{len(self.skipped)} problem(s) in skipped rows</p>" if self.skipped else ""
        return (
            f"<div><strong>Population</strong> — {len(self):,} {escape(self.kind)} rows from "
            f"{escape(self.source)}, standing for {self.total_weight:,.0f}"
            f"<table><thead><tr><th>row</th><th>id</th><th>weight</th><th>groups</th></tr></thead>"
            f"<tbody>{cells}</tbody></table>{more}{skipped}</div>"
        )


def _csv_cell(value: object) -> str | None:
    """A value as written by :meth:`Population.to_csv` (text escaped, lists and objects as JSON)."""
    if value is None:
        return None
    if isinstance(value, str):
        return escape(value)
    return str(cell(value))


def _weights_error(where: tuple[object, ...], value: object, msg: str) -> InputError:
    return InputError(
        "arguments", [{"loc": ("weights", *where), "input": value, "msg": msg, "type": "bad_weights"}]
    )


def _is_weight(w: object) -> bool:
    return isinstance(w, float | int) and not isinstance(w, bool) and 0 <= w <= MAX_WEIGHT


def check_weights(weights: Sequence[object]) -> None:
    """Refuse a weight that is not a finite number from 0 to :data:`MAX_WEIGHT` (issue 15, M2).

    Raises:
        InputError: ``bad_weights``, at ``("weights", position)`` with the value that arrived.
    """
    for i, w in enumerate(weights):
        if not _is_weight(w):
            raise _weights_error((i,), w, f"expected a finite number from 0 to {MAX_WEIGHT:,.0f}")


def _float_weights(weights: Iterable[object], n: int) -> tuple[float, ...]:
    """``weights=`` as floats, one per subject, each checked by :func:`check_weights`."""
    try:
        found = tuple(weights)
    except TypeError:
        raise _weights_error((), _short_type(weights), "expected an iterable of numbers") from None
    if len(found) != n:
        raise _weights_error((), f"{len(found)} values", f"expected {n} weights, one per subject")
    out: list[float] = []
    for i, w in enumerate(found):
        try:
            x = float(w)  # type: ignore[arg-type]
        except (TypeError, ValueError, OverflowError):  # not a number, or an integer past float range
            x = math.nan
        if isinstance(w, bool) or not _is_weight(x):
            raise _weights_error((i,), w, f"expected a finite number from 0 to {MAX_WEIGHT:,.0f}")
        out.append(x)
    return tuple(out)


def _group_labels(groups: Iterable[Mapping[str, str]], n: int) -> tuple[Mapping[str, str], ...]:
    def bad(value: object, msg: str) -> InputError:
        return InputError(
            "arguments", [{"loc": ("groups",), "input": value, "msg": msg, "type": "bad_groups"}]
        )

    try:
        found = tuple(dict(x) for x in groups)
    except (TypeError, ValueError):
        raise bad(_short_type(groups), "expected one mapping of group labels per subject") from None
    if len(found) != n:
        raise bad(f"{len(found)} values", f"expected {n} mappings of group labels, one per subject")
    return found


def _short_type(value: object) -> str:
    return type(value).__name__


def subject_id(subject: BaseModel) -> str:
    """The id of a subject model."""
    value = getattr(subject, "id", None) or getattr(subject, "person_id", None)
    return str(value)


def _kind_of(model: type[BaseModel]) -> str:
    for name, m in KINDS.items():
        if m is model:
            return name
    raise ValueError(f"not a subject model: {model.__name__}; expected one of {sorted(KINDS)}")


def _labels(groups: Mapping[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in groups.items())


def read_population(
    source: Source,
    kind: str | type[BaseModel] = "worker",
    *,
    on_error: OnError = "raise",
    weight: str | None = "weight",
    groups: Sequence[str] = ("region",),
    progress: ReadProgress | None = None,
) -> Population:
    """Read and validate a population.

    Args:
        source: a :class:`Population` (returned as is), a path to a ``.csv``, ``.parquet``,
            ``.json`` (an array) or ``.jsonl`` file, a pandas or Polars DataFrame, or an iterable of
            models, dicts (nested or with dotted keys) or JSON texts.
        kind: the subject model, by name (see :data:`KINDS`) or class.
        on_error: ``"raise"`` (every bad row is listed in the error) or ``"skip"`` (bad rows are
            left out and listed in :attr:`Population.skipped`).
        weight: the column holding row weights (optional in the data; ``None``: no weight column).
        groups: columns kept as group labels, not passed to the model (optional in the data).
        progress: called as ``progress(rows_read, rows_expected)`` while rows are validated (every
            few hundred rows, and once at the end with both equal); ``rows_expected`` is exact for
            frames, Parquet and JSON arrays, the lines after the header for CSV and JSON Lines
            files, ``None`` for an iterable without a length.

    Dates in frames and Arrow tables may be timestamps (pandas ``parse_dates``, ``datetime64``,
    Polars ``Datetime``, Parquet timestamps) at midnight and without a time zone: they are read as
    their dates. A time of day or a time zone is a row error naming the column (``date_with_time``).

    Raises:
        PopulationError: the source cannot be read, or (with ``on_error="raise"``) a row is invalid.
        MissingDependencyError: Parquet or a frame needs the ``frames`` extra.
    """
    model = _model_of(kind)
    kind_name = _kind_of(model)
    names = _options(on_error, weight, groups)
    if isinstance(source, Population):
        if source.kind != kind_name:
            raise PopulationError(
                source.source,
                [RowError(0, "", source.kind, f"expected a population of {kind_name}", "wrong_kind")],
                model.__name__,
            )
        return source
    name, rows, columns, expected = records(source, model)
    subjects, numbers, weights, labels, skipped = read_rows(
        name, rows, columns, model, on_error, weight, names, progress, expected
    )
    return Population(kind_name, subjects, numbers, weights, labels, skipped, name)


def _bad_argument(name: str, value: object, msg: str, code: str) -> InputError:
    return InputError("arguments", [{"loc": (name,), "input": value, "msg": msg, "type": code}])


def _model_of(kind: object) -> type[BaseModel]:
    """The subject model of ``kind`` (a name from :data:`KINDS` or one of its classes)."""
    if isinstance(kind, str) and kind in KINDS:
        return KINDS[kind]
    if isinstance(kind, type) and kind in KINDS.values():
        return kind
    raise _bad_argument("kind", kind, f"expected one of {sorted(KINDS)}", "unknown_kind")


def _options(on_error: object, weight: object, groups: object) -> tuple[str, ...]:
    """Check the reading options; returns the group column names."""
    if on_error not in ("raise", "skip"):
        raise _bad_argument("on_error", on_error, "expected 'raise' or 'skip'", "bad_option")
    if weight is not None and not isinstance(weight, str):
        raise _bad_argument("weight", weight, "expected a column name or None", "bad_option")
    found = () if isinstance(groups, str | bytes) or not isinstance(groups, Iterable) else tuple(groups)
    if isinstance(groups, str | bytes | Mapping) or not all(isinstance(g, str) for g in found):
        raise _bad_argument("groups", groups, "expected a list of column names", "bad_option")
    return found

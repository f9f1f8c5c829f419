"""Populations: many subjects read once, validated row by row, for what-if comparisons."""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, TypeAlias

import attrs
from pydantic import BaseModel, ValidationError

from ..exceptions import InputError, MissingDependencyError, PopulationError, RowError
from ..models.candidates import DualCertificateCandidate, GbaCandidate
from ..models.chains import Chain
from ..models.jsontext import load_json
from ..models.organisations import Organisation
from ..models.worker import Worker
from .tables import CellError, cell, flatten, is_blank, records, unflatten

__all__ = [
    "KINDS",
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

OnError: TypeAlias = Literal["raise", "skip"]
Source: TypeAlias = "Population | str | os.PathLike[str] | Iterable[Any] | Any"


@attrs.frozen(eq=False)
class Population:
    """Validated subjects with their source rows, weights and group labels.

    Attributes:
        kind: ``worker``, ``organisation``, ``chain``, ``dual_certificate_candidate`` or
            ``gba_candidate``.
        subjects: the validated models, in source order.
        rows: the source row of each subject (1-based).
        weights: how many real subjects each row stands for.
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
        w = tuple(float(x) for x in weights) if weights is not None else (1.0,) * len(items)
        g = tuple(dict(x) for x in groups) if groups is not None else ({},) * len(items)
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
        """Write the population as a flat CSV (readable by :func:`read_population`); returns the text."""
        records = self.to_records()
        header: dict[str, None] = {}
        for rec in records:
            header.update(dict.fromkeys(rec))
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(header), lineterminator="\n")
        writer.writeheader()
        for rec in records:
            writer.writerow({k: cell(v) for k, v in rec.items()})
        text = buf.getvalue()
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
    name, rows, columns = records(source, model)
    return _validate(name, rows, columns, model, kind_name, on_error, weight, names)


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


def _validate(
    name: str,
    records: Iterable[tuple[int, object]],
    columns: tuple[str, ...] | None,
    model: type[BaseModel],
    kind: str,
    on_error: OnError,
    weight: str | None,
    groups: tuple[str, ...],
) -> Population:
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', got {on_error!r}")
    top = set(model.model_fields)
    reserved = {*groups, *([weight] if weight else [])}
    if columns is not None:
        unknown = [c for c in columns if c not in reserved and c.split(".")[0] not in top]
        if unknown:
            raise PopulationError(name, [_unknown_column(c, top | reserved) for c in unknown], model.__name__)
    subjects: list[BaseModel] = []
    rows: list[int] = []
    weights: list[float] = []
    labels: list[Mapping[str, str]] = []
    problems: list[RowError] = []
    missing_columns: dict[str, RowError] = {}
    any_row = False
    for i, rec in records:
        any_row = True
        found = _one_row(i, rec, model, weight, groups, columns)
        if isinstance(found, list):
            for p in found:
                if columns is not None and p.code == "missing" and not _has_column(columns, p.field):
                    missing_columns.setdefault(
                        p.field, RowError(0, p.field, None, "a required column is missing", "missing_column")
                    )
                else:
                    problems.append(p)
            continue
        subject, w, g = found
        subjects.append(subject)
        rows.append(i)
        weights.append(w)
        labels.append(g)
    if missing_columns:
        raise PopulationError(name, list(missing_columns.values()), model.__name__)
    if not any_row:
        raise PopulationError(name, [RowError(0, "", None, "no rows", "empty")], model.__name__)
    if problems and on_error == "raise":
        raise PopulationError(name, problems, model.__name__)
    return Population(
        kind, tuple(subjects), tuple(rows), tuple(weights), tuple(labels), tuple(problems), name
    )


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
    w = 1.0
    problems: list[RowError] = []
    if weight is not None and weight in data:
        raw = data.pop(weight)
        if not is_blank(raw):
            try:
                w = float(raw)
                if not math.isfinite(w) or w < 0:
                    raise ValueError
            except (TypeError, ValueError):
                problems.append(RowError(i, weight, raw, "a weight is a finite number ≥ 0", "bad_weight"))
    labels = {g: str(data.pop(g)) for g in groups if g in data and not is_blank(data[g])}
    for g in groups:
        data.pop(g, None)
    try:
        nested = unflatten(data) if any("." in k for k in data) or columns is not None else data
    except CellError as exc:
        return [*problems, RowError(i, exc.column, exc.value, exc.reason, exc.code)]
    try:
        subject = model.model_validate(nested)
    except ValidationError as exc:
        for e in exc.errors(include_url=False):
            field = ".".join(str(p) for p in e["loc"])
            value = e.get("input") if e["type"] != "missing" else None
            problems.append(RowError(i, field, value, str(e["msg"]), str(e["type"])))
        return problems
    except (InputError, ValueError) as exc:
        return [*problems, RowError(i, "", None, str(exc), "invalid")]
    if problems:
        return problems
    return subject, w, labels

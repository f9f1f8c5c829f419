"""The schema of record tables: a workers table and one long table per kind of record.

An HR system exports a worker's records the way a database holds them: one row per worker, and one
row per work period, certificate, school record... keyed by the worker's id. The schema here is
generated from the worker models (:mod:`skilleco.models.worker`), so a table column and a model
field can never disagree:

- ``workers``: ``id``, the worker's own fields, the fields of their one-of records with the record's
  name as prefix (``occupation_code``, ``apprenticeship_start``, ``employer_name``), ``weight`` and
  group columns, and per long table an optional ``<table>_stated`` (see below).
- one long table per list of the model (``work_periods``, ``certificates``, ...): ``worker_id`` and
  the record's fields.

"Not stated" and "stated: none" stay apart, as in the models: a long table that is given states its
records for every worker (no rows: none), unless the worker's ``<table>_stated`` is false; a table
that is not given states nothing (unknown), unless the worker's ``records_complete`` is true.

``docs/reference/record-tables.md`` is generated from :data:`TABLES`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal

import attrs
from pydantic import BaseModel

from ..models.schooling import Education, FormalTraining
from ..models.worker import (
    Apprenticeship,
    Certificate,
    CompetitionResult,
    Contribution,
    DirectRecognition,
    Employer,
    Occupation,
    Post,
    PrepTechnicianCertificate,
    Title,
    Worker,
    WorkPeriod,
)

__all__ = ["KEY", "LONG_TABLES", "TABLES", "WORKERS", "Column", "ColumnKind", "Table", "stated_column"]

ColumnKind = Literal["str", "date", "bool", "int", "float", "enum", "grade"]

WORKERS = "workers"
"""The name of the workers table."""
KEY = "worker_id"
"""The key column of every long table: the ``id`` of a row of the workers table."""


@attrs.frozen
class Column:
    """One column of a record table.

    Attributes:
        name: the column name.
        field: the model field it fills, as a path (``("apprenticeship", "start")``).
        kind: ``str``, ``date`` (ISO ``YYYY-MM-DD``), ``bool``, ``int``, ``float``, ``enum``
            (one of ``allowed``) or ``grade`` (a grade id, Chinese label, 五级…一级 or 5…1; read as
            the grade id).
        required: a row must give it (within a one-of record: when the record is given at all).
        allowed: the values an ``enum`` column takes.
        minimum: the smallest number allowed.
        maximum: the largest number allowed.
        max_length: the longest text allowed.
        default: the value a blank cell takes (``None``: not stated).
        description: what it holds.
    """

    name: str
    field: tuple[str, ...]
    kind: ColumnKind
    required: bool = False
    allowed: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    default: object = None
    description: str = ""


@attrs.frozen
class Table:
    """One record table: its name, the model field its rows fill, and its columns.

    Attributes:
        name: the table name (the file stem: ``certificates.csv``, ``certificates.parquet``).
        field: the list field of :class:`~skilleco.models.worker.Worker` its rows fill (``None``
            for the workers table).
        model: the model of one row's record.
        columns: its columns, the key first.
    """

    name: str
    field: str | None
    model: type[BaseModel]
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


_GRADE_DESCRIPTION = "grade id, Chinese label, or 五级…一级"


def _kind(prop: Mapping[str, Any]) -> tuple[ColumnKind, dict[str, Any]]:
    """The column kind and bounds of one JSON-schema property (``anyOf`` with null unwrapped)."""
    options = [p for p in prop.get("anyOf", [prop]) if p.get("type") != "null"]
    (p,) = options
    extra: dict[str, Any] = {}
    if "enum" in p:
        extra["allowed"] = tuple(p["enum"])
        return "enum", extra
    if p.get("description") == _GRADE_DESCRIPTION:
        return "grade", extra
    t = p.get("type")
    if "minimum" in p:
        extra["minimum"] = p["minimum"]
    if "maximum" in p:
        extra["maximum"] = p["maximum"]
    if t == "string" and p.get("format") == "date":
        return "date", extra
    if t == "string":
        if "maxLength" in p:
            extra["max_length"] = p["maxLength"]
        return "str", extra
    kinds: dict[str, ColumnKind] = {"boolean": "bool", "integer": "int", "number": "float"}
    return kinds[t], extra


def _attribute_docs(model: type[BaseModel]) -> dict[str, str]:
    """The ``Attributes:`` section of a model's docstring (Google style), by field name."""
    out: dict[str, str] = {}
    lines = (model.__doc__ or "").splitlines()
    current = None
    inside = False
    for line in lines:
        text = line.strip()
        if text == "Attributes:":
            inside = True
            continue
        if not inside:
            continue
        if not text:
            current = None
            continue
        name, sep, rest = text.partition(": ")
        if sep and name.isidentifier() and line.startswith(" " * 8) and not line.startswith(" " * 12):
            current = name
            out[name] = rest.strip()
        elif current is not None:
            out[current] += " " + text
    return out


def _columns(
    model: type[BaseModel], prefix: str, path: tuple[str, ...], *, skip: frozenset[str] = frozenset()
) -> list[Column]:
    schema = model.model_json_schema()
    docs = _attribute_docs(model)
    required = set(schema.get("required", ()))
    out = []
    for name, prop in schema["properties"].items():
        if name in skip:
            continue
        kind, extra = _kind(prop)
        info = model.model_fields[name]
        default = None if info.is_required() else info.default
        doc = (info.description or docs.get(name) or prop.get("title") or name).strip()
        out.append(
            Column(
                f"{prefix}{name}",
                (*path, name),
                kind,
                name in required,
                default=default,
                description=doc,
                **extra,
            )
        )
    return out


_ONE_OF: tuple[tuple[str, type[BaseModel]], ...] = (
    ("occupation", Occupation),
    ("apprenticeship", Apprenticeship),
    ("employer", Employer),
)
_LIST_OF: tuple[tuple[str, type[BaseModel]], ...] = (
    ("work_periods", WorkPeriod),
    ("certificates", Certificate),
    ("prep_technician_certificates", PrepTechnicianCertificate),
    ("education", Education),
    ("formal_trainings", FormalTraining),
    ("titles", Title),
    ("competitions", CompetitionResult),
    ("contributions", Contribution),
    ("direct_recognitions", DirectRecognition),
    ("posts", Post),
)


def stated_column(table: str) -> str:
    """The workers-table column saying whether a worker's records of ``table`` are stated."""
    return f"{table}_stated"


def _workers_table() -> Table:
    plain = frozenset(name for name, _ in _ONE_OF) | frozenset(name for name, _ in _LIST_OF)
    cols = _columns(Worker, "", (), skip=plain)
    for name, model in _ONE_OF:
        cols.extend(_columns(model, f"{name}_", (name,)))
    cols.append(
        Column(
            "weight",
            (),
            "float",
            minimum=0,
            maximum=1e12,
            default=1.0,
            description="how many real workers the row stands for",
        )
    )
    for name, _ in _LIST_OF:
        cols.append(
            Column(
                stated_column(name),
                (),
                "bool",
                description=f"whether the worker's {name} are stated (default: if the {name} table is given)",
            )
        )
    return Table(WORKERS, None, Worker, tuple(cols))


def _long_table(name: str, model: type[BaseModel]) -> Table:
    key = Column(
        KEY, (), "str", True, max_length=200, description="the id of the worker in the workers table"
    )
    return Table(name, name, model, (key, *_columns(model, "", ())))


TABLES: Mapping[str, Table] = MappingProxyType(
    {WORKERS: _workers_table(), **{name: _long_table(name, model) for name, model in _LIST_OF}}
)
"""Every record table by name: the workers table first, then the long tables."""
LONG_TABLES: tuple[str, ...] = tuple(name for name, _ in _LIST_OF)
"""The long tables, in model order."""

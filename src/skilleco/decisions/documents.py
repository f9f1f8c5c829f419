"""Exported documents: the envelope every document starts with, and the plain data a value is
written as and read back from.

A document read back must be one the library could have written (issue 15, L5): its dates are
exactly ``YYYY-MM-DD`` in 1900–2100 (:func:`document_date`; not the week dates ``2026-W01-1`` or
basic dates ``20260101`` that ``date.fromisoformat`` also reads), a decision's status and deciding
rules are what the hit policy gives for its findings (:func:`check_status`, by
:func:`~skilleco.decisions.status.combine`, the definition the engine decides by too), and an
earliest date is on or after the date asked, on an ``ineligible`` decision only.

Every document is written as valid JSON (:func:`json_text`, ``allow_nan=False``; issue 15, M2). A
decision holds no number that is not finite (its reader refuses one), so :func:`unstructure`
refuses to write one too, with a :class:`~skilleco.exceptions.DecisionFormatError`: ``null`` would
read back as an unknown fact.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
from collections.abc import Mapping
from typing import Any

import attrs

from .._version import __version__
from ..exceptions import DecisionFormatError
from ..models.dates import read_iso_date
from ..models.jsontext import load_json
from .status import HIT_POLICIES, combine

__all__ = [
    "ENVELOPE_KEYS",
    "FORMAT_VERSION",
    "as_tuples",
    "check_dates",
    "check_status",
    "check_version",
    "document_date",
    "envelope",
    "json_object",
    "json_text",
    "unstructure",
]

FORMAT_VERSION = 1
"""The format of exported documents (their ``format_version``): a reader rejects any other."""


def envelope() -> dict[str, Any]:
    """The keys every exported document starts with: the format version and the library version."""
    return {"format_version": FORMAT_VERSION, "skilleco_version": __version__}


ENVELOPE_KEYS = ("format_version", "skilleco_version")
"""The keys :func:`envelope` writes."""


def check_version(data: Mapping[str, Any]) -> None:
    """Check that ``data`` is a document of this format version, naming the version that wrote it as text.

    Raises:
        ValueError: another format version, or a version that is not text.
    """
    if data.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"expected format_version {FORMAT_VERSION}, got {data.get('format_version')!r}")
    written_by = data.get("skilleco_version", "")
    if not isinstance(written_by, str):
        raise ValueError(f"skilleco_version must be text, got {written_by!r}")


def json_object(text: str | bytes) -> Mapping[str, Any]:
    """The JSON object in ``text``.

    Raises:
        DecisionFormatError: ``text`` is not JSON, or not a JSON object.
    """
    try:
        data = load_json(text)
    except ValueError as exc:  # not JSON, nested too deeply, a number too long
        raise DecisionFormatError(f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise DecisionFormatError("expected a JSON object")
    return data


_SCALARS = frozenset({str, int, float, bool, type(None)})


def unstructure(value: Any) -> Any:
    """``value`` as plain JSON-compatible data: attrs classes as dicts, tuples as lists, dates as ISO text.

    Raises:
        DecisionFormatError: a number that is not finite (NaN, infinity): JSON has none.
    """
    if type(value) in _SCALARS:  # most of a decision: ids, statuses, titles, messages
        if type(value) is float and not math.isfinite(value):
            raise DecisionFormatError(f"a document holds only finite numbers, got {value!r}")
        return value
    if attrs.has(type(value)):
        return {f.name: unstructure(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if isinstance(value, tuple | list):
        return [unstructure(v) for v in value]
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def json_text(data: Any, indent: int | None = None) -> str:
    """``data`` as JSON text, keys sorted and UTF-8 kept, and never ``NaN`` or ``Infinity``.

    Raises:
        DecisionFormatError: ``data`` holds a number that is not finite, or a value JSON has no
            form for (the callers pass JSON-compatible data: this is a bug caught, not bad input).
    """
    try:
        return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=indent, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise DecisionFormatError(f"cannot be written as JSON: {exc}") from None


def as_tuples(value: Any) -> Any:
    """``value`` with its lists, nested ones too, turned back into tuples."""
    return tuple(as_tuples(v) for v in value) if isinstance(value, list) else value


def document_date(value: object, field: str) -> _dt.date:
    """A date of a document: text exactly ``YYYY-MM-DD`` (ASCII digits) in 1900–2100.

    Raises:
        ValueError: naming ``field``, the value and what was expected.
    """
    try:
        return read_iso_date(value)
    except ValueError as exc:
        raise ValueError(f"{field}: {exc}") from None


@attrs.frozen
class _Rule:
    """What :func:`~skilleco.decisions.status.combine` reads of a rule, as a finding records it."""

    id: str
    role: str
    strength: str


_VALUES = {"yes": True, "no": False, "unknown": None}


def check_status(status: str, deciding: tuple[str, ...], findings: tuple[Any, ...]) -> None:
    """Check that ``status`` and ``deciding`` are what the findings give under some hit policy.

    A document does not record its rule set's hit policy, so each is tried: a finding's status is
    the rule's value after its guards, exactly what the engine combined
    (:func:`skilleco.decisions.status.combine`, the one definition of the statuses).

    Raises:
        ValueError: no hit policy gives this status and these deciding rules.
    """
    rules = [_Rule(f.rule_id, f.role, f.strength) for f in findings]
    values = {f.rule_id: _VALUES[f.status] for f in findings}
    outcomes = [combine(hit, rules, values) for hit in HIT_POLICIES]
    if (status, tuple(deciding)) in outcomes:
        return
    found = " or ".join(sorted({s for s, _ in outcomes}))
    raise ValueError(
        f"status {status!r} with deciding rules {list(deciding)} is not what the findings give "
        f"(under the three hit policies they give {found}, each with its own deciding rules)"
    )


def check_dates(on: _dt.date, earliest: _dt.date | None, status: str) -> None:
    """Check that an earliest date falls on or after ``on``, on an ``ineligible`` decision only.

    Raises:
        ValueError: naming ``earliest_date``.
    """
    if earliest is None:
        return
    if earliest < on:
        raise ValueError(f"earliest_date: {earliest.isoformat()} is before the date asked {on.isoformat()}")
    if status != "ineligible":
        raise ValueError(f"earliest_date: given on a decision that is {status!r}, not 'ineligible'")

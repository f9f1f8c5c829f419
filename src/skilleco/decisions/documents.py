"""Exported documents: the envelope every document starts with, and the plain data a value is
written as and read back from."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

import attrs

from .._version import __version__
from ..exceptions import DecisionFormatError
from ..models.jsontext import load_json

__all__ = [
    "ENVELOPE_KEYS",
    "FORMAT_VERSION",
    "as_tuples",
    "check_version",
    "envelope",
    "json_object",
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
    """``value`` as plain JSON-compatible data: attrs classes as dicts, tuples as lists, dates as ISO text."""
    if type(value) in _SCALARS:  # most of a decision: ids, statuses, titles, messages
        return value
    if attrs.has(type(value)):
        return {f.name: unstructure(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if isinstance(value, tuple | list):
        return [unstructure(v) for v in value]
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def as_tuples(value: Any) -> Any:
    """``value`` with its lists, nested ones too, turned back into tuples."""
    return tuple(as_tuples(v) for v in value) if isinstance(value, list) else value

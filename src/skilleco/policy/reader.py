"""The checked reader of a policy pack's tables and values: every key, type, id and limit of one file.

:class:`Reader` reads a parsed TOML table key by key for :mod:`skilleco.policy.loader`; every refusal is a
:class:`~skilleco.exceptions.PolicyFileError` naming the file, the key path (see :func:`key_of`) and a
stable reason. :func:`read_value` turns one TOML value into a rule value (reforms use it too).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import math
import re
from collections.abc import Mapping
from typing import Any

from ..exceptions import PolicyFileError, PolicyFileReason
from ..facts.value import Value
from ..models.dates import MAX_DATE, MIN_DATE
from ..models.limits import LIMITS, MAX_LIST_ITEMS, MAX_NUMBER
from ..rules.check import value_type

ID = re.compile(r"[a-z0-9][a-z0-9_\-]*(\.[a-z0-9_\-]+)*")
"""A policy, rule, rule set or parameter id: lowercase, dotted."""
_BARE_KEY = re.compile(r"[A-Za-z0-9_\-]+")

__all__ = ["ID", "VALUE_TYPES", "BadValue", "Reader", "key_of", "read_value", "short_repr"]


def key_of(base: str, *names: str) -> str:
    """A key path: ``base`` (a path already, or ``""``) then ``names``, quoted when not bare TOML keys.

    >>> key_of("parameters", "subsidy.senior", "values")
    'parameters."subsidy.senior".values'
    """
    out = base
    for name in names:
        part = name if _BARE_KEY.fullmatch(name) else '"' + name.replace('"', '\\"') + '"'
        out = f"{out}.{part}" if out else part
    return out


_KIND_NAMES = {
    str: "text",
    int: "an integer",
    float: "a number",
    bool: "true/false",
    _dt.date: "a date",
    list: "a list",
    dict: "a table",
}


def _kind(value: object) -> str:
    for t in (bool, _dt.datetime, _dt.date, _dt.time, int, float, str, list, dict):
        if isinstance(value, t):
            return {_dt.datetime: "a date-time", _dt.time: "a time"}.get(t) or _KIND_NAMES[t]
    return type(value).__name__


def short_repr(value: object, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters, or a note when the value is too large to show."""
    try:
        text = repr(value)
    except (ValueError, RecursionError):  # an int too long to print, a value nested too deep
        return f"<{type(value).__name__} too large or too deeply nested to show>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Reader:
    """Reads the tables of one file, failing with the file's name and the key path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(
        self, key: str, problem: str, reason: PolicyFileReason, suggestion: str | None = None
    ) -> PolicyFileError:
        return PolicyFileError(self.source, key, problem, reason=reason, suggestion=suggestion)

    def table(
        self,
        data: object,
        key: str,
        allowed: Mapping[str, tuple[type, ...]],
        required: set[str],
        limits: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """``data`` as a table whose keys are all allowed, of the allowed types, required ones present.

        A list is at most :data:`MAX_LIST_ITEMS` long, or the limit ``limits`` names for its key
        (``{"rules": "MAX_RULES"}``); a date lies within 1900–2100.
        """
        if not isinstance(data, dict):
            raise self.fail(key, f"expected a table, got {_kind(data)} {short_repr(data)}", "bad_type")
        for name, value in data.items():
            where = key_of(key, name)
            if name not in allowed:
                close = difflib.get_close_matches(name, list(allowed), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise self.fail(
                    where,
                    f"unknown key{hint} (allowed: {', '.join(sorted(allowed))})",
                    "unknown_key",
                    close[0] if close else None,
                )
            kinds = allowed[name]
            if isinstance(value, _dt.datetime | _dt.time) and _dt.date in kinds:
                raise self.fail(where, f"expected a date without a time, got {value!r}", "bad_date")
            if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
                expected = " or ".join(_KIND_NAMES.get(t, t.__name__) for t in kinds)
                got = f"{_kind(value)} {short_repr(value)}"
                raise self.fail(where, f"expected {expected}, got {got}", "bad_type")
            if isinstance(value, list):
                self.count(value, where, (limits or {}).get(name, "MAX_LIST_ITEMS"))
            if isinstance(value, _dt.date):
                self.date(value, where)
        for name in sorted(required - set(data)):
            raise self.fail(key_of(key, name), "missing required key", "missing_key")
        return data

    def ident(self, value: str, key: str) -> str:
        if not ID.fullmatch(value):
            raise self.fail(
                key, f"expected a lowercase dotted id (a-z, 0-9, _, -, dots), got {value!r}", "bad_id"
            )
        return value

    def choice(self, value: str, options: tuple[str, ...], key: str) -> Any:
        if value not in options:
            close = difflib.get_close_matches(value, options, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise self.fail(
                key,
                f"expected one of {', '.join(options)}, got {value!r}{hint}",
                "bad_value",
                close[0] if close else None,
            )
        return value

    def strings(self, value: list[Any], key: str) -> tuple[str, ...]:
        for i, v in enumerate(value):
            if not isinstance(v, str):
                raise self.fail(f"{key}[{i}]", f"expected text, got {_kind(v)} {short_repr(v)}", "bad_type")
        return tuple(value)

    def idents(self, value: list[Any], key: str) -> tuple[str, ...]:
        return tuple(self.ident(v, f"{key}[{i}]") for i, v in enumerate(self.strings(value, key)))

    def count(self, items: Mapping[str, Any] | list[Any], key: str, limit: str) -> None:
        """At most as many ``items`` as the limit named ``limit`` (``MAX_RULES``) allows."""
        most = LIMITS[limit]
        if len(items) > most:
            raise self.fail(key, f"more than {most} entries ({len(items)}; {limit})", "too_large")

    def date(self, value: _dt.date, key: str) -> _dt.date:
        """``value`` when it lies within 1900–2100 (as every date skilleco reads)."""
        if not MIN_DATE <= value <= MAX_DATE:
            raise self.fail(key, _out_of_range(value), "bad_date")
        return value

    def value(self, value: object, key: str) -> Value:
        try:
            return read_value(value)
        except BadValue as exc:
            raise self.fail(key, str(exc), exc.reason) from None


class BadValue(ValueError):
    """A TOML value that is not a rule value; ``reason`` is the policy-file reason."""

    def __init__(self, message: str, reason: PolicyFileReason) -> None:
        super().__init__(message)
        self.reason: PolicyFileReason = reason


VALUE_TYPES = (bool, int, float, str, _dt.date, list)
"""The TOML types a parameter value may have."""


def read_value(value: object) -> Value:
    """A TOML value as a rule value (lists of plain values become tuples; datetimes are refused).

    A list holds values of one type (integers and decimals together are numbers); a number's
    magnitude is at most :data:`MAX_NUMBER`; a date lies within 1900–2100.

    Raises:
        BadValue: (a ``ValueError``) a date-time, a date out of range, a nested list or table, a list
            too long or mixing types, NaN, infinity or a number past :data:`MAX_NUMBER`.
    """
    if isinstance(value, _dt.datetime | _dt.time):
        raise BadValue(f"expected a date without a time, got {short_repr(value)}", "bad_date")
    if isinstance(value, list | tuple):  # a tuple: a value read before (an override's), or given so
        if len(value) > MAX_LIST_ITEMS:
            raise BadValue(f"more than {MAX_LIST_ITEMS} items ({len(value)}; MAX_LIST_ITEMS)", "too_large")
        if any(isinstance(v, list | tuple | dict) for v in value):
            raise BadValue("expected a list of plain values (no lists or tables inside)", "bad_type")
        items = tuple(read_value(v) for v in value)
        kinds = {value_type(v) for v in items}
        if len(kinds) > 1:
            raise BadValue(f"expected a list of values of one type, got a mix of {sorted(kinds)}", "bad_type")
        return items
    if isinstance(value, bool | str):
        return value
    if isinstance(value, _dt.date):
        if not MIN_DATE <= value <= MAX_DATE:
            raise BadValue(_out_of_range(value), "bad_date")
        return value
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise BadValue(f"expected a finite number, got {value}", "bad_value")
        if not -MAX_NUMBER <= value <= MAX_NUMBER:
            problem = f"expected a number of magnitude at most {MAX_NUMBER:.0e} (MAX_NUMBER)"
            raise BadValue(f"{problem}, got {short_repr(value)}", "bad_value")
        return value
    raise BadValue(f"expected a number, text, date, true/false or a list, got {_kind(value)}", "bad_type")


def _out_of_range(day: _dt.date) -> str:
    return f"expected a date between {MIN_DATE.isoformat()} and {MAX_DATE.isoformat()}, got {day.isoformat()}"
